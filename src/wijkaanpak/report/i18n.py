"""The council report in Dutch or English (issue #20: ``wijkaanpak report --lang en``).

Gettext style with the Dutch text as the message id: the report's code and template are written in
Dutch and every text goes through :class:`Words`, which looks the English up in
:mod:`wijkaanpak.report.translations` (``EN``). In English a Dutch text without a translation raises
``KeyError`` instead of leaving Dutch in an English report; the tests render the whole report in
English, so a text added without its translation fails there.

Not translated (data, not the report's words): plan names, block ids, the assumptions' sources and
explanations, and the names of the parameters (``general.discount_rate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from wijkaanpak.report.translations import EN
from wijkaanpak.texts import Texts, euro, number

LANGUAGES = ("nl", "en")
#: d3-format locales for Vega (numbers in the charts): € 1.234.567 or € 1,234,567.
VEGA_LOCALE = {
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€ ", ""]},
}
#: vl-convert's name of the same locale (the PNG charts of the PDF).
FormatLocale = Literal["nl-NL", "en-GB"]
FORMAT_LOCALE: dict[str, FormatLocale] = {"nl": "nl-NL", "en": "en-GB"}


@dataclass(frozen=True)
class Words:
    """The report's texts and number formats in one language (``nl`` or ``en``)."""

    lang: str = "nl"

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            msg = f"the report is written in {' or '.join(LANGUAGES)}, got {self.lang!r}"
            raise ValueError(msg)

    def __call__(self, dutch: str, **values: object) -> str:
        """``dutch`` in this language, with ``{name}`` fields filled from ``values``."""
        text = EN[dutch] if self.lang == "en" else dutch
        return text.format(**values) if values else text

    def number(self, value: float, decimals: int = 0) -> str:
        """1.234,5 (nl) or 1,234.5 (en)."""
        return number(value, self.lang, decimals)

    def euro(self, amount: float) -> str:
        """€ 1.234.567 (nl) or € 1,234,567 (en). [EUR → text]"""
        return euro(amount, self.lang)

    def mln(self, amount: float) -> str:
        """Millions of euros with one decimal: € -12,3 mln (nl), € -12.3 mln (en). [EUR → text]"""
        return f"€ {number(amount / 1e6, self.lang, 1)} mln"

    def pct(self, share: float, decimals: int = 0) -> str:
        """A share as a percentage: 12 %. [fraction → text]"""
        return f"{number(100 * share, self.lang, decimals)} %"

    def blocks(self, n: int) -> str:
        """1 blok / 2 blokken (nl), 1 block / 2 blocks (en)."""
        word = self("blok") if n == 1 else self("blokken")
        return f"{n} {word}"

    @property
    def texts(self) -> Texts:
        """The shared interface labels (:mod:`wijkaanpak.texts`) in this language."""
        return Texts(self.lang)

    @property
    def vega_locale(self) -> dict[str, object]:
        return dict(VEGA_LOCALE[self.lang])

    @property
    def format_locale(self) -> FormatLocale:
        return FORMAT_LOCALE[self.lang]


__all__ = ["FORMAT_LOCALE", "LANGUAGES", "VEGA_LOCALE", "Words"]
