"""The report's MKBA chapter: the standard MKBA table and the distribution per actor."""

from __future__ import annotations

from typing import Any

from wijkaanpak.analysis.evaluate import Result
from wijkaanpak.model.ledger import ACTORS
from wijkaanpak.model.mkba import EFFECTS, PM
from wijkaanpak.report.i18n import Words

_ACTOR_KEY = {"housing_association": "housing_association_actor"}


def _row(label: str, key: str, values: list[str], section: bool = False) -> dict[str, Any]:
    return {"label": label, "key": key, "values": values, "section": section}


def _label(nl: str, en: str, w: Words) -> str:
    return en if w.lang == "en" else nl


def effect_rows(results: list[Result], lang: str = "nl") -> list[dict[str, Any]]:
    """Effects (rows, + = gain against the nulalternatief) × plans, PM items, totals, B/C and the
    balance at the sensitivity rates."""
    w = Words(lang)
    mkbas = [r.evaluation.mkba for r in results]
    blank = ["" for _ in results]
    rows = [_row(w("Effecten (+ baat, − kost)"), "", blank, section=True)]
    for key, nl, en in EFFECTS:
        if any(abs(m.effects.get(key, 0.0)) >= 0.5 for m in mkbas):
            rows.append(
                _row(_label(nl, en, w), f"mkba:{key}", [w.euro(m.effects[key]) for m in mkbas])
            )
    rows.append(_row(w("Niet in geld uitgedrukt"), "", blank, section=True))
    for key, nl, en in PM:
        rows.append(_row(_label(nl, en, w), f"mkba:{key}", ["PM" for _ in results]))
    rows.append(_row(w("Saldo"), "", blank, section=True))
    rows.append(_row(w("baten"), "mkba:benefits", [w.euro(m.benefits) for m in mkbas]))
    rows.append(_row(w("kosten"), "mkba:costs", [w.euro(0.0 - m.costs) for m in mkbas]))
    rows.append(_row(w("MKBA-saldo"), "mkba:balance", [w.euro(m.balance) for m in mkbas]))
    ratios = ["–" if m.bc_ratio is None else w.number(m.bc_ratio, 2) for m in mkbas]
    rows.append(_row(w("baten/kosten-verhouding"), "mkba:bc_ratio", ratios))
    for rate in mkbas[0].sensitivity:
        rows.append(
            _row(
                w("saldo bij discontovoet {rate} %", rate=w.number(rate, 2)),
                f"mkba:sensitivity:{rate:g}",
                [w.euro(m.sensitivity[rate]) for m in mkbas],
            )
        )
    return rows


def distribution_rows(results: list[Result], lang: str = "nl") -> list[dict[str, Any]]:
    """Per actor the plan's welfare change incl. transfers; the last row is the balance."""
    w = Words(lang)
    t = w.texts
    rows = [
        _row(
            t(_ACTOR_KEY.get(actor, actor)),
            f"distribution:{actor}",
            [w.euro(r.evaluation.mkba.distribution[actor]) for r in results],
        )
        for actor in ACTORS
    ]
    rows.append(
        _row(
            w("MKBA-saldo"),
            "distribution:total",
            [w.euro(r.evaluation.mkba.balance) for r in results],
        )
    )
    return rows


def mkba_text(results: list[Result], lang: str = "nl") -> list[str]:
    """Per plan one sentence: its balance and the three effects that weigh most (by size)."""
    w = Words(lang)
    label = {key: _label(nl, en, w) for key, nl, en in EFFECTS}
    lines = []
    for r in results:
        m = r.evaluation.mkba
        if all(v == 0.0 for v in m.effects.values()):
            lines.append(
                w("{plan}: gelijk aan het nulalternatief, dus geen effecten.", plan=r.plan.name)
            )
            continue
        top = sorted(m.effects.items(), key=lambda kv: -abs(kv[1]))[:3]
        parts = ", ".join(f"{label.get(k, k).lower()} {w.euro(v)}" for k, v in top)
        lines.append(
            w(
                "{plan}: saldo {balance}; grootste effecten: {parts}.",
                plan=r.plan.name,
                balance=w.euro(m.balance),
                parts=parts,
            )
        )
    return lines
