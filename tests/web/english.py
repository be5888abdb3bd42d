"""Shared by the English-mode tests: the interface's own Dutch words, and the text a page shows.

The Dutch vocabulary is taken from the catalogue itself, not from a hand-made list: every word
(four letters or more) of a Dutch ``msgid`` that occurs in no English ``msgstr``. A page in English
that still shows such a word shows an interface text that was not translated (data from the
neighbourhood file or typed in by the team — street names, project descriptions — is Dutch
whatever the language and is left out by the callers)."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import wijkaanpak.web

PO = Path(wijkaanpak.web.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
WORD = re.compile(r"[a-zà-ÿ]{4,}", re.IGNORECASE)
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


def _joined(block: str, key: str) -> str:
    match = re.search(rf'^{key} ((?:".*"\n?)+)', block, re.M)
    return "".join(re.findall(r'"(.*)"', match.group(1))) if match else ""


@cache
def dutch_words() -> frozenset[str]:
    """Words of the Dutch interface texts that no English translation uses."""
    live = PO.read_text("utf-8").split("\n#~", 1)[0]  # obsolete entries left out
    blocks = live.split("\n\n")[1:]  # the header left out
    dutch = set().union(*(_words(_joined(b, "msgid")) for b in blocks))
    english = set().union(*(_words(_joined(b, "msgstr")) for b in blocks))
    return frozenset(dutch - english)


def dutch_in(text: str, data: tuple[str, ...] = ()) -> list[str]:
    """The interface's Dutch words in ``text``, after removing the ``data`` strings."""
    for value in data:
        text = text.replace(value, " ")
    return sorted({w for w in WORD.findall(text) if w.casefold() in dutch_words()})


class _Text(HTMLParser):
    """Text nodes outside scripts, styles and code examples, and the attributes a screen reader
    reads."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style", "code")
        named = ("aria-label", "title", "placeholder", "alt")
        self.parts += [v for k, v in attrs if k in named and v]
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style", "code")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)
