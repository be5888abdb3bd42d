"""Who covers the deficit (issue #12 §5; report recommendation 8: share the deficit).

A plan lists contributions by party and instrument, one-off or yearly, in nominal euros of the year
paid. Contributions of other parties are transfers from their actor to the WOM's exploitation
(province and national funds: ``government``; owners: ``owner_occupiers``); a contribution of the
municipality itself comes from its own budget, so it moves money from the municipality's budget
into the exploitation and leaves the municipality as a whole unchanged.

The exploitation is shown before and after contributions. Interest on the running balance is
linear in the flows, so each party's effect on the exploitation's present value is its contribution
plus the interest it saves, and ``before − after = −Σ contributions`` holds exactly.
"""

from __future__ import annotations

import numpy as np

from wijkaanpak.model.finance import FloatArray, interest_on_balance, npv
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.ledger import Ledger
from wijkaanpak.model.plan import PARTIES, Plan

#: The actor each party's money comes from (``None``: the municipality's own budget).
PARTY_ACTOR: dict[str, str | None] = {
    "municipality": None,
    "province": "government",
    "national": "government",
    "housing_association": "housing_association",
    "water_board": "water_board",
    "owners": "owner_occupiers",
}


def yearly(inp: Inputs, plan: Plan) -> dict[str, FloatArray]:
    """Contributions per party and year index. [EUR, nominal] Refuses years outside the horizon."""
    out = {p: np.zeros(inp.horizon) for p in PARTIES}
    last = inp.year0 + inp.horizon - 1
    issues = []
    for n, c in enumerate(plan.contributions, start=1):
        until = c.until if c.until is not None else c.year
        if c.year < inp.year0 or until > last:
            msg = f"{c.year}–{until} lies outside the analysis period {inp.year0}–{last}"
            issues.append(Issue(f"plan {plan.name}", f"contribution {n}", "year", msg))
            continue
        out[c.party][c.year - inp.year0 : until - inp.year0 + 1] += c.eur
    if issues:
        raise InputError(issues)
    return out


def book(led: Ledger, by_party: dict[str, FloatArray]) -> FloatArray:
    """Book other parties' contributions as transfers to the exploitation; return the
    municipality's own contribution per year (moved inside the municipality). [EUR, nominal]"""
    years = np.arange(led.years)
    for party, flows in by_party.items():
        actor = PARTY_ACTOR[party]
        if actor is not None and flows.any():
            led.transfer(actor, "municipality", "contributions", years, flows)
    return by_party["municipality"]


def effects(
    by_party: dict[str, FloatArray], rate: float, interest_rate: float, term: int
) -> dict[str, float]:
    """Each party's effect on the exploitation's present value: its contribution plus the interest
    it saves on the running balance until ``term`` (the exploitation's last year + 1). [EUR]"""
    out = {}
    for party, flows in by_party.items():
        if not flows.any():
            continue
        saved = np.zeros_like(flows)
        saved[:term] = interest_on_balance(flows[:term], interest_rate)
        out[party] = float(npv(rate, flows + saved))
    return out
