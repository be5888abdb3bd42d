"""Kept homes: scenario 1 (none: owners repair alone when forced) and scenario 2 (repair per block).

Both share the later energy transition and the value at the horizon; they differ in when and at
what cost the foundation is repaired (report §4: individual repair costs more than block-wise
repair; while postponed the damage grows, and until repair the home carries the price effect of a
known bad foundation). The nulalternatief of the MKBA is scenario 1 for every block (issue #11 §1):
when an owner-occupier cannot finance the forced repair, the home stands empty for
``foundation.vacancy_years``, is then sold for its repaired value minus the repair, and the buyer
repairs it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijkaanpak.model.inputs import TENURE_ACTOR, Inputs, pct
from wijkaanpak.model.ledger import Ledger

SOLD = len(TENURE_ACTOR)  # owner code of a home sold in distress to a new resident


@dataclass(frozen=True)
class Repairs:
    """When each dwelling's foundation is repaired and who owns it over time."""

    repaired_at: np.ndarray  # year index of the repair (inf: not within the horizon) [-]
    vacant_from: np.ndarray  # year index from which it stands empty (inf: never) [-]
    sold_at: np.ndarray  # year index of a distressed sale (inf: none) [-]
    pending_due: np.ndarray  # year index of a repair still to come after the horizon (inf: none)


def book_pending(led: Ledger, inp: Inputs, due: np.ndarray, surcharge: float) -> np.ndarray:
    """Repairs due after the horizon (year index ``due``, inf: never) as real costs after it, on
    the owner, at most the home's value then (no owner repairs a home for more than it is worth).
    Returns ``due`` where such a repair is booked, inf elsewhere."""
    later = np.isfinite(due) & (due >= inp.horizon)
    t = np.where(later, due, inp.horizon).astype(int)
    premium = 1.0 + pct(inp.assumptions.foundation.repaired_premium)
    cost = np.minimum(inp.repair_cost(t, surcharge), inp.house_value(t) * premium)
    for code, actor in enumerate(TENURE_ACTOR):
        mine = later & (inp.d_tenure == code)
        led.resource_later(actor, "foundation_repair", t[mine], -cost[mine])
    return np.where(later, due, np.inf).astype(float)


def _by_owner(
    led: Ledger, inp: Inputs, category: str, mask: np.ndarray, t: np.ndarray, amounts: np.ndarray
) -> None:
    """Book a resource cost on whoever owns each dwelling (owner-occupier, landlord, association)."""
    for code, actor in enumerate(TENURE_ACTOR):
        sel = mask & (inp.d_tenure == code)
        led.resource(actor, category, t[sel], amounts[sel], block=inp.d_block[sel])


def none(led: Ledger, inp: Inputs, mask: np.ndarray) -> Repairs:
    """Individual repair when critical, at a surcharge, enforced by the municipality; owners who
    cannot pay leave the home empty, then sell it for its repaired value minus the repair, and the
    buyer repairs."""
    f = inp.assumptions.foundation
    t = np.where(mask, inp.d_crit, np.inf)
    due = mask & (t < inp.horizon)
    cannot = due & (inp.d_cannot_pay if inp.d_cannot_pay is not None else False)
    t_int = np.where(due, t, 0).astype(int)
    led.resource(
        "municipality",
        "enforcement",
        t_int[due],
        -inp.cost(f.enforcement_cost, t_int[due]),
        inp.d_block[due],
    )
    delay = round(f.vacancy_years.value)
    t_fix = np.where(cannot, t_int + delay, t_int)
    cost = inp.repair_cost(t_fix, pct(f.individual_surcharge))
    _by_owner(led, inp, "foundation_repair", due & ~cannot, t_fix, -cost)
    sold = cannot & (t_fix < inp.horizon)
    led.resource("new_residents", "foundation_repair", t_fix[sold], -cost[sold], inp.d_block[sold])
    # a buyer pays the repaired value minus the repair that comes with the home
    price = np.maximum(inp.house_value(t_fix) * (1.0 + pct(f.repaired_premium)) - cost, 0.0)
    led.transfer(
        "new_residents",
        "owner_occupiers",
        "distressed_sale",
        t_fix[sold],
        price[sold],
        inp.d_block[sold],
    )
    # the buyer will live in the home: transfer tax at the own-occupation rate (Wbr art. 14 lid 3)
    tax = pct(inp.assumptions.taxes.transfer_tax_own_occupation)
    led.transfer(
        "new_residents",
        "government",
        "transfer_tax",
        t_fix[sold],
        tax * price[sold],
        inp.d_block[sold],
    )
    later = np.where(mask & ~(due & (t_fix < inp.horizon)), inp.d_crit, np.inf)
    later = np.where(cannot, later + delay, later)
    return Repairs(
        repaired_at=np.where(due & (t_fix < inp.horizon), t_fix, np.inf).astype(float),
        vacant_from=np.where(cannot, t_int, np.inf).astype(float),
        sold_at=np.where(sold, t_fix, np.inf).astype(float),
        pending_due=book_pending(led, inp, later, pct(f.individual_surcharge)),
    )


def repair(
    led: Ledger, inp: Inputs, mask: np.ndarray, start: np.ndarray, target_rank: np.ndarray
) -> Repairs:
    """Block repair in the block's start year, with an optional package to a target label."""
    s = inp.assumptions.sustainability
    t = np.where(mask, start, 0).astype(int)
    _by_owner(led, inp, "foundation_repair", mask, t, -inp.repair_cost(t))
    steps = np.clip(inp.d_label_rank - target_rank, 0, None)
    package = steps * inp.cost(s.package_cost_per_label_step, t)
    _by_owner(led, inp, "sustainability", mask & (steps > 0), t, -package)
    never = np.full(len(mask), np.inf)
    return Repairs(np.where(mask, start, np.inf).astype(float), never, never, never)


def combine(a: Repairs, b: Repairs) -> Repairs:
    """Per dwelling the earlier of two (disjoint) repair schedules."""
    return Repairs(
        np.minimum(a.repaired_at, b.repaired_at),
        np.minimum(a.vacant_from, b.vacant_from),
        np.minimum(a.sold_at, b.sold_at),
        np.minimum(a.pending_due, b.pending_due),
    )


def energy_transition(led: Ledger, inp: Inputs, kept: np.ndarray, target_rank: np.ndarray) -> None:
    """Old homes still make the energy transition later (unless already brought to label A or better)."""
    s = inp.assumptions.sustainability
    t = int(s.energy_transition_year.value) - inp.year0
    needed = kept & (target_rank > 4) & (inp.d_label_rank > 4)  # rank 4 = label A
    years = np.full(len(kept), t)
    _by_owner(
        led, inp, "energy_transition", needed, years, -inp.cost(s.energy_transition_cost, years)
    )


def residual_value(led: Ledger, inp: Inputs, kept: np.ndarray, repairs: Repairs) -> None:
    """Value of kept homes at the horizon, all on one footing: WOZ indexed with the house-price
    index, with the repaired-foundation premium once repaired or when its repair is booked after
    the horizon (:func:`book_pending`: the cost is counted then, so a repair postponed past the
    horizon does not vanish from the account). Homes on sound piles keep their plain value."""
    f = inp.assumptions.foundation
    end = inp.horizon - 1
    value = inp.house_value(end)
    sound = (repairs.repaired_at <= end) | np.isfinite(repairs.pending_due)
    value = value * np.where(sound, 1.0 + pct(f.repaired_premium), 1.0)
    years = np.full(len(kept), end)
    sold = kept & (repairs.sold_at <= end)
    _by_owner(led, inp, "residual_value", kept & ~sold, years, value)
    led.resource("new_residents", "residual_value", years[sold], value[sold], inp.d_block[sold])
