"""A plain-language check for text residents read (letters, resident pages; issue #20).

Two measurable parts of the Dutch government's writing guidance (taalniveau B1): short sentences,
and no unexplained jargon. :func:`long_sentences` finds sentences over a word limit;
:func:`terms_used` finds the glossary terms a text uses, so that a page can be required to explain
each one it uses (the glossary: ``data/participation/glossary.yaml``).

References
----------
1. Rijksoverheid, *Direct duidelijk — schrijfwijzer*: one message per sentence, an average of
   15 words and rarely more than 20–25. The limit of 25 words here is an *assumption* at the top of
   that range: checked sentences over it are rewritten, not excused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Longest sentence allowed. [words] Assumption: top of the 20–25 range in reference 1.
MAX_WORDS = 25

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n{2,}")
_WORD = re.compile(r"[\w€%’'-]+", re.UNICODE)


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences at ``.``, ``!`` or ``?`` followed by white space, and at blank
    lines (a heading, a table cell or a label is a sentence of its own).

    >>> sentences("Dit is kort. Is dit ook kort? Ja!\\n\\nKop")
    ['Dit is kort.', 'Is dit ook kort?', 'Ja!', 'Kop']
    """
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def words(sentence: str) -> int:
    """Number of words in ``sentence``. [words]

    >>> words("U kunt uw gegevens altijd inzien.")
    6
    """
    return len(_WORD.findall(sentence))


def long_sentences(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """The sentences of ``text`` with more than ``max_words`` words.

    >>> long_sentences("Kort. " + "woord " * 30 + "einde.", max_words=25)[0][:10]
    'woord woor'
    """
    return [s for s in sentences(text) if words(s) > max_words]


def terms_used(text: str, terms: Iterable[str]) -> list[str]:
    """The ``terms`` that occur in ``text`` as whole words (case-insensitive).

    >>> terms_used("Het NCW is negatief; de WOZ ook.", ["NCW", "inbrengwaarde", "WOZ"])
    ['NCW', 'WOZ']
    """
    lower = text.lower()
    return [t for t in terms if re.search(rf"(?<!\w){re.escape(t.lower())}(?!\w)", lower)]


__all__ = ["MAX_WORDS", "long_sentences", "sentences", "terms_used", "words"]
