"""Plain language for residents (issue #20): the letters and the resident's page in short
sentences, and every word from the glossary they use explained on the same page. Dutch and
English. The limit and the rule: ``wijkaanpak.model.plain_language``."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.web.conftest import client_for
from wijkaanpak.io.participation import glossary
from wijkaanpak.model.plain_language import MAX_WORDS, long_sentences, terms_used
from wijkaanpak.web.participation.models import Invitation
from wijkaanpak.web.participation.seed import issue_codes
from wijkaanpak.web.projects.models import Project

pytestmark = pytest.mark.django_db

BLOCKS = {"p", "li", "h1", "h2", "h3", "td", "th", "dt", "dd", "label", "option", "button", "a"}


class _Text(HTMLParser):
    """Visible text of ``<main>`` as blocks (one per paragraph, cell, label …), the glossary
    section apart."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.glossary: list[str] = []
        self._depth = {"main": 0, "glossary": 0, "hidden": 0}
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self._depth["main"] += 1
        if tag == "section" and ("class", "glossary") in attrs:
            self._depth["glossary"] += 1
        if tag in ("script", "style"):
            self._depth["hidden"] += 1
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._flush()
        if tag == "section" and self._depth["glossary"]:
            self._flush()
            self._depth["glossary"] -= 1
        if tag in ("script", "style"):
            self._depth["hidden"] -= 1
        if tag == "main":
            self._depth["main"] -= 1

    def handle_data(self, data: str) -> None:
        if self._depth["main"] and not self._depth["hidden"]:
            self._current.append(data)

    def _flush(self) -> None:
        text = " ".join(" ".join(self._current).split())
        self._current = []
        if text:
            (self.glossary if self._depth["glossary"] else self.blocks).append(text)


def visible(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def assert_plain(html: str, lang: str) -> list[str]:
    """No sentence over the limit; every glossary term used is explained on the page. Returns the
    glossary terms the page uses."""
    page = visible(html)
    text = "\n\n".join(page.blocks)
    assert long_sentences(text) == [], f"sentences over {MAX_WORDS} words"
    used = terms_used(text, [term for term, _ in glossary(lang)])
    explained = terms_used("\n".join(page.glossary), used)
    assert explained == used, f"used but not explained: {set(used) - set(explained)}"
    return used


def letter_html(demo: Project, lang: str) -> str:
    team = client_for("team")
    team.cookies["django_language"] = lang
    household = demo.invitations.filter(group="eigenaar_bewoners").first()
    assert household is not None
    response = team.post(
        f"/projecten/{demo.pk}/participatie/brieven/", {"which": f"household:{household.pk}"}
    )
    return response.content.decode()


def resident_html(demo: Project, lang: str) -> str:
    invitation = Invitation.objects.filter(project=demo, group="eigenaar_bewoners").first()
    assert invitation is not None
    [(_inv, code)] = issue_codes([invitation])
    client = Client()
    client.cookies["django_language"] = lang
    assert client.post("/bewoner/", {"code": code}).status_code == 302
    return client.get("/bewoner/mijn-gegevens/").content.decode()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_letters_are_in_plain_language(demo: Project, lang: str) -> None:
    html = letter_html(demo, lang)
    assert re.search(r'class="code">[A-Z0-9]{10}<', html)  # the letter itself was rendered
    assert_plain(html, lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_residents_page_is_in_plain_language_with_a_word_list(demo: Project, lang: str) -> None:
    html = resident_html(demo, lang)
    used = assert_plain(html, lang)
    # the page uses words from the glossary, and explains them in its word list
    assert used and ("gesloten beurzen" in used or "closed purse" in used)


def test_the_check_finds_a_long_sentence_and_an_unexplained_word() -> None:
    long = "<main><p>" + "Dit is een zin met heel veel woorden " * 4 + "en nog meer.</p></main>"
    with pytest.raises(AssertionError, match="over 25 words"):
        assert_plain(long, "nl")
    jargon = "<main><p>De NCW is negatief.</p></main>"
    with pytest.raises(AssertionError, match="NCW"):
        assert_plain(jargon, "nl")
