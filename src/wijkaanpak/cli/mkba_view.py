"""The MKBA tables for the terminal: effects × plans (with PM rows) and the distribution per actor."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from wijkaanpak.analysis.evaluate import Result
from wijkaanpak.model.ledger import ACTORS
from wijkaanpak.model.mkba import EFFECTS, PM
from wijkaanpak.texts import Texts, euro, number


def rate_text(value: float, lang: str) -> str:
    """A percentage rate as shown in titles: 2,25 (nl) or 2.25 (en)."""
    return number(value, lang, 2)


def effects_table(results: list[Result], t: Texts) -> Table:
    """Rows: every effect (Dutch or English label), PM items, benefits, costs, balance, B/C and
    the balance at the sensitivity rates; one column per plan."""
    inp = results[0].evaluation.inputs
    m = inp.assumptions.mkba
    english = t.lang == "en"
    table = Table(
        title=t("mkba_title", year=inp.year0, rate=rate_text(m.discount_rate.value, t.lang)),
        title_justify="left",
    )
    table.add_column("")
    for r in results:
        table.add_column(r.plan.name, justify="right")
    shown = [
        (key, en if english else nl)
        for key, nl, en in EFFECTS
        if any(abs(r.evaluation.mkba.effects.get(key, 0.0)) >= 0.5 for r in results)
    ]
    for key, text in shown:
        table.add_row(text, *[euro(r.evaluation.mkba.effects[key], t.lang) for r in results])
    for _, nl, en in PM:
        table.add_row(Text(en if english else nl, style="italic"), *[t("pm")] * len(results))
    mkbas = [r.evaluation.mkba for r in results]
    table.add_row(t("mkba_benefits"), *[euro(x.benefits, t.lang) for x in mkbas])
    table.add_row(t("mkba_costs"), *[euro(0.0 - x.costs, t.lang) for x in mkbas])
    table.add_row(Text(t("mkba_balance"), style="bold"), *[euro(x.balance, t.lang) for x in mkbas])
    table.add_row(
        t("bc_ratio"),
        *["–" if x.bc_ratio is None else number(x.bc_ratio, t.lang, 2) for x in mkbas],
    )
    for rate in mkbas[0].sensitivity:
        table.add_row(
            t("mkba_sensitivity", rate=rate_text(rate, t.lang)),
            *[euro(x.sensitivity[rate], t.lang) for x in mkbas],
        )
    return table


def distribution_table(results: list[Result], t: Texts, label: dict[str, str]) -> Table:
    """The MKBA's distribution per actor (incl. transfers); sums to the balance."""
    m = results[0].evaluation.inputs.assumptions.mkba
    table = Table(
        title=t("distribution_title", rate=rate_text(m.discount_rate.value, t.lang)),
        title_justify="left",
    )
    table.add_column("")
    for r in results:
        table.add_column(r.plan.name, justify="right")
    for actor in ACTORS:
        table.add_row(
            label.get(actor, t(actor)),
            *[euro(r.evaluation.mkba.distribution[actor], t.lang) for r in results],
        )
    table.add_row(
        Text(t("mkba_balance"), style="bold"),
        *[euro(r.evaluation.mkba.balance, t.lang) for r in results],
    )
    return table
