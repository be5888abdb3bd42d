"""The report's MKBA chapter: the standard MKBA table and the distribution per actor (Dutch)."""

from __future__ import annotations

from typing import Any

from wijkaanpak.analysis.evaluate import Result
from wijkaanpak.model.ledger import ACTORS
from wijkaanpak.model.mkba import EFFECTS, PM
from wijkaanpak.texts import Texts, euro, number

_ACTOR_KEY = {"housing_association": "housing_association_actor"}


def _row(label: str, key: str, values: list[str], section: bool = False) -> dict[str, Any]:
    return {"label": label, "key": key, "values": values, "section": section}


def effect_rows(results: list[Result]) -> list[dict[str, Any]]:
    """Effects (rows, + = gain against the nulalternatief) × plans, PM items, totals, B/C and the
    balance at the sensitivity rates."""
    mkbas = [r.evaluation.mkba for r in results]
    blank = ["" for _ in results]
    rows = [_row("Effecten (+ baat, − kost)", "", blank, section=True)]
    for key, label, _ in EFFECTS:
        if any(abs(m.effects.get(key, 0.0)) >= 0.5 for m in mkbas):
            rows.append(_row(label, f"mkba:{key}", [euro(m.effects[key]) for m in mkbas]))
    rows.append(_row("Niet in geld uitgedrukt", "", blank, section=True))
    for key, label, _ in PM:
        rows.append(_row(label, f"mkba:{key}", ["PM" for _ in results]))
    rows.append(_row("Saldo", "", blank, section=True))
    rows.append(_row("baten", "mkba:benefits", [euro(m.benefits) for m in mkbas]))
    rows.append(_row("kosten", "mkba:costs", [euro(0.0 - m.costs) for m in mkbas]))
    rows.append(_row("MKBA-saldo", "mkba:balance", [euro(m.balance) for m in mkbas]))
    ratios = ["–" if m.bc_ratio is None else number(m.bc_ratio, "nl", 2) for m in mkbas]
    rows.append(_row("baten/kosten-verhouding", "mkba:bc_ratio", ratios))
    for rate in mkbas[0].sensitivity:
        rows.append(
            _row(
                f"saldo bij discontovoet {number(rate, 'nl', 2)} %",
                f"mkba:sensitivity:{rate:g}",
                [euro(m.sensitivity[rate]) for m in mkbas],
            )
        )
    return rows


def distribution_rows(results: list[Result]) -> list[dict[str, Any]]:
    """Per actor the plan's welfare change incl. transfers; the last row is the balance."""
    t = Texts("nl")
    rows = [
        _row(
            t(_ACTOR_KEY.get(actor, actor)),
            f"distribution:{actor}",
            [euro(r.evaluation.mkba.distribution[actor]) for r in results],
        )
        for actor in ACTORS
    ]
    rows.append(
        _row("MKBA-saldo", "distribution:total", [euro(r.evaluation.mkba.balance) for r in results])
    )
    return rows


def mkba_text(results: list[Result]) -> list[str]:
    """Per plan one sentence: its balance and the three effects that weigh most (by size)."""
    label = {key: nl for key, nl, _ in EFFECTS}
    lines = []
    for r in results:
        m = r.evaluation.mkba
        if all(v == 0.0 for v in m.effects.values()):
            lines.append(f"{r.plan.name}: gelijk aan het nulalternatief, dus geen effecten.")
            continue
        top = sorted(m.effects.items(), key=lambda kv: -abs(kv[1]))[:3]
        parts = ", ".join(f"{label.get(k, k).lower()} {euro(v)}" for k, v in top)
        lines.append(f"{r.plan.name}: saldo {euro(m.balance)}; grootste effecten: {parts}.")
    return lines
