"""The report's chapter on plans the optimiser proposed (issue #15 §4).

A plan made by ``wijkaanpak optimise --out`` or saved from "Stel plannen voor" says so
(:class:`~wijkaanpak.model.plan.Optimised`: objective, constraints, its figures then). For each such
plan in the report, a table puts it beside every other plan of the report on its own objective and
constraints, all from the report's exact evaluation; the text gives the optimiser's linear and
exact objective when it proposed the plan and says when the report's figure differs (the
neighbourhood or the assumptions changed since).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from wijkaanpak.analysis.adjacency import neighbours
from wijkaanpak.analysis.evaluate import Result
from wijkaanpak.analysis.linear import quantities
from wijkaanpak.analysis.milp import Limits
from wijkaanpak.analysis.optimise import Check, Settings, check, objective_of
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.plan import Optimised
from wijkaanpak.report.i18n import Words

#: The report's figure of a proposal may differ this much from the optimiser's before it is
#: called a change [EUR] (rounding of the recorded value).
_SAME_EUR = 1.0


def objective_label(o: Optimised, w: Words) -> str:
    if o.objective == "weighted":
        weight = 0.5 if o.mkba_weight is None else o.mkba_weight
        return w(
            "gewogen doel ({a} × MKBA-saldo + {b} × exploitatieresultaat)",
            a=w.number(weight, 2),
            b=w.number(1 - weight, 2),
        )
    return w("MKBA-saldo") if o.objective == "mkba" else w("exploitatieresultaat (GREX)")


def _settings(o: Optimised) -> Settings:
    c = o.constraints
    limits = Limits(
        max_deficit=c.get("max_deficit"),
        min_return_share=c.get("min_return_share"),
        max_displaced_tenants=c.get("max_displaced_tenants"),
        min_net_new_homes=c.get("min_net_new_homes"),
        contiguity="contiguity" in c,
        capacity="capacity" in c,
    )
    weight = 0.5 if o.mkba_weight is None else o.mkba_weight
    return Settings(objective=o.objective, mkba_weight=weight, limits=limits)


def _isolated(r: Result, near: list[np.ndarray]) -> float:
    """Renewed blocks without a renewed neighbour. [-]"""
    renewed = np.asarray(r.evaluation.assignment.code) == 2
    return float(sum(1 for b in np.flatnonzero(renewed) if not renewed[near[b]].any()))


def _checks(r: Result, s: Settings, near: list[np.ndarray] | None) -> list[Check]:
    q = quantities(r)
    found = check(q, q, r, s.limits)
    if near is not None:
        n = _isolated(r, near)
        found.append(Check("contiguity", 0.0, n, n, n == 0))
    return found


def _limit_text(c: Check, o: Optimised, w: Words) -> str:
    if c.name == "max_deficit":
        return w("tekort gemeente ≤ {v}", v=w.euro(c.limit))
    if c.name == "min_return_share":
        return w("terugkeer met gesloten beurs ≥ {v}", v=w.pct(c.limit, 1))
    if c.name == "max_displaced_tenants":
        return w("huurders te herhuisvesten ≤ {v}", v=w.number(c.limit))
    if c.name == "min_net_new_homes":
        return w("woningen erbij ≥ {v}", v=w.number(c.limit))
    if c.name == "contiguity":
        distance = w.number(o.constraints.get("contiguity", 0.0), 1)
        return w("vernieuwde blokken zonder vernieuwde buur (binnen {m} m) = 0", m=distance)
    return w("blokken later gestart door de capaciteit = 0")


def _value(c: Check, w: Words) -> str:
    if c.name == "max_deficit":
        return w.euro(c.exact + 0.0)  # no "€ -0"
    if c.name == "min_return_share":
        return w.pct(c.exact, 1)
    return w.number(c.exact)


def _what(o: Optimised, label: str, w: Words) -> str:
    if o.pareto_point is None:
        return w("het plan met het hoogste {objective} binnen de randvoorwaarden", objective=label)
    second = {
        "deficit": w("het tekort van de gemeente"),
        "returners": w("het aantal huishoudens dat met gesloten beurs terug kan"),
    }[o.pareto_second or "deficit"]
    return w(
        "punt {k} van een Pareto-front van {objective} tegen {second}: geen ander plan is op "
        "beide beter",
        k=o.pareto_point,
        objective=label,
        second=second,
    )


def _text(r: Result, o: Optimised, now: float, w: Words) -> str:
    label = objective_label(o, w)
    text = w(
        "{plan} is voorgesteld door de optimalisatie (wijkaanpak optimise, of „Stel plannen voor” "
        "in de webapp): {what}.",
        plan=r.plan.name,
        what=_what(o, label, w),
    )
    if o.fixed:
        text += " " + w("Vastgezet: {fixed}.", fixed=", ".join(o.fixed))
    text += " " + w(
        "Toen gaf het lineaire model {linear} en de exacte doorrekening {exact} (verschil {gap}).",
        linear=w.euro(o.linear_objective_eur),
        exact=w.euro(o.exact_objective_eur),
        gap=w.euro(o.exact_objective_eur - o.linear_objective_eur),
    )
    if abs(now - o.exact_objective_eur) > _SAME_EUR:
        text += " " + w(
            "In dit rapport is het {now}: de wijk of de aannames zijn sindsdien veranderd, "
            "dus het voorstel is hier mogelijk niet meer het beste.",
            now=w.euro(now),
        )
    else:
        text += " " + w("In dit rapport is het hetzelfde: {now}.", now=w.euro(now))
    return text


def optimiser_section(
    nbh: Neighbourhood, results: list[Result], lang: str = "nl"
) -> list[dict[str, Any]]:
    """Per proposal in ``results``: its text and a table of every plan of the report on the
    proposal's objective and constraints (exact), with whether each plan meets them all."""
    w = Words(lang)
    out = []
    for r in results:
        o = r.plan.optimiser
        if o is None:
            continue
        s = _settings(o)
        near = None
        if s.limits.contiguity:
            order = [str(b) for b in r.evaluation.inputs.block_ids]
            near = neighbours(nbh.blocks.geometry.loc[order], o.constraints["contiguity"])
        rows = []
        for other in results:
            checks = _checks(other, s, near)
            broken = [_limit_text(c, o, w) for c in checks if not c.ok]
            rows.append(
                {
                    "name": other.plan.name,
                    "this": other is r,
                    "proposal": other.plan.optimiser is not None,
                    "cells": [w.euro(objective_of(quantities(other), s))]
                    + [_value(c, w) for c in checks],
                    "holds": w("ja") if not broken else w("nee: {which}", which="; ".join(broken)),
                }
            )
        first = _checks(r, s, near)
        out.append(
            {
                "name": r.plan.name,
                "text": _text(r, o, objective_of(quantities(r), s), w),
                "columns": [objective_label(o, w)] + [_limit_text(c, o, w) for c in first],
                "rows": rows,
            }
        )
    return out


__all__ = ["objective_label", "optimiser_section"]
