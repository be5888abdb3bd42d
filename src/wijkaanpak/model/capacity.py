"""Yearly capacity of a renewal and the phasing that respects it (issue #12 §3).

Three limits, set in the assumptions' ``capacity`` section:

* **demolition** (dwellings a year): what the WOM can acquire, empty (rehouse the tenants, find
  temporary homes) and demolish in one year; a block is demolished in its start year;
* **construction** (new homes a year): a block's new homes are built evenly over
  ``renewal.build_years``, so a block of ``n`` homes uses ``n / build_years`` of each of those years;
* **sales** per segment (homes a year): how many new homes the market takes up in a year — sold
  (purchase segments) or let for the first time (rental segments). Homes that returning owners
  take are not on the market and do not count.

:func:`schedule` moves a renewed block's start year later, block by block in order of the planned
start, until the demolition in its start year and the construction in each of its build years fit
within what earlier blocks left; it never moves a block earlier. :func:`absorb` sells the delivered
homes of each segment first-delivered, first-sold, at most the yearly capacity; a home not taken up
stands empty until it is. Homes still unsold in the horizon's last year are sold in that year (the
developer's remaining stock valued at its market value) and counted as ``unsold_at_horizon``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijkaanpak.model.finance import FloatArray
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.plan import SEGMENTS

_EPS = 1e-9


@dataclass(frozen=True)
class Pace:
    """What a plan's renewal uses of the yearly capacity, per year index of the horizon."""

    demolition: FloatArray  # dwellings demolished [year]
    construction: FloatArray  # new homes' construction volume [year], in homes
    sales: FloatArray  # homes sold or let on the market [segment, year]
    unsold_at_horizon: float  # homes sold in the last year because the capacity ran out [-]


def limits(inp: Inputs) -> tuple[float, float, FloatArray]:
    """Demolition [dwellings/yr], construction [homes/yr] and sales per segment [homes/yr]."""
    c = inp.assumptions.capacity
    table = c.sales.values
    missing = [s for s in SEGMENTS if s not in table]
    if missing:
        msg = f"no sales capacity for {', '.join(missing)}"
        raise InputError([Issue("assumptions", "capacity", "sales", msg)])
    sales = np.array([table[s] for s in SEGMENTS], dtype=float)
    return c.demolition.value, c.construction.value, sales


def schedule(
    inp: Inputs,
    plan_name: str,
    blk: np.ndarray,
    planned: np.ndarray,
    demolished: FloatArray,
    new_homes: FloatArray,
) -> np.ndarray:
    """Start year index per renewed block (``blk``: block indices) so that demolition and
    construction stay within their yearly capacity in every year: each block, in order of its
    planned start (then block order), starts in the first year from its planned start where it
    fits. A block larger than one year's capacity is refused with its id. [-]"""
    dem_cap, con_cap, _ = limits(inp)
    build = int(inp.assumptions.renewal.build_years.value)
    per_year = new_homes / build
    too_big = [
        Issue(
            f"plan {plan_name}",
            f"block {inp.block_ids[blk[j]]}",
            field,
            f"{what} {amount:g} {unit} in one year, more than capacity.{field} "
            f"({cap:g} {unit}/yr): raise the capacity or split the block",
        )
        for j in range(len(blk))
        for field, what, amount, cap, unit in (
            ("demolition", "demolishes", demolished[j], dem_cap, "dwellings"),
            ("construction", "builds", per_year[j], con_cap, "homes"),
        )
        if amount > cap + _EPS
    ]
    if too_big:
        raise InputError(too_big)
    # each block occupies at most build + 1 years, so this many years always suffice
    years = int(planned.max(initial=0)) + len(blk) * (build + 1) + build + 2
    dem, con = [0.0] * years, [0.0] * years  # plain lists: many small look-ups
    start = np.asarray(planned, dtype=int).copy()
    for j in np.lexsort((blk, planned)):
        s, d, c = int(start[j]), float(demolished[j]), float(per_year[j])
        while dem[s] + d > dem_cap + _EPS or any(
            con[y] + c > con_cap + _EPS for y in range(s + 1, s + build + 1)
        ):
            s += 1
        dem[s] += d
        for y in range(s + 1, s + build + 1):
            con[y] += c
        start[j] = s
    return start


def absorb(inp: Inputs, done: np.ndarray, on_market: FloatArray) -> FloatArray:
    """Homes taken up per block, segment and year: ``on_market[block, segment]`` homes come on the
    market at delivery (end of year ``done``) and are sold first-delivered, first-sold (then block
    order), at most ``capacity.sales`` of a segment a year; the horizon's last year takes up what is
    left. [-, ``[block, segment, year]``]"""
    _, _, cap = limits(inp)
    n_years = inp.horizon
    out = np.zeros((*on_market.shape, n_years))
    order = np.lexsort((np.arange(len(done)), done))
    when = np.clip(done[order], 0, n_years - 1)
    for s in range(on_market.shape[1]):
        homes = on_market[order, s]
        arrived = np.zeros(n_years)
        np.add.at(arrived, when, homes)
        cum_arrived = np.cumsum(arrived)
        sold = np.zeros(n_years)  # cumulative homes taken up by the end of each year
        for y in range(n_years):
            previous = sold[y - 1] if y else 0.0
            sold[y] = min(cum_arrived[y], previous + cap[s])
        sold[-1] = cum_arrived[-1]
        # first delivered, first sold: block i gets what the cumulative sales reach past the
        # homes delivered before it
        before = np.cumsum(homes) - homes
        taken = np.clip(sold[None, :] - before[:, None], 0.0, homes[:, None])
        out[order, s] = np.diff(taken, axis=1, prepend=0.0)
    return out


def pace(
    inp: Inputs,
    start: np.ndarray,
    demolished: FloatArray,
    new_homes: FloatArray,
    sold: FloatArray,
) -> Pace:
    """What the renewed blocks (start year index, dwellings demolished, new homes, homes taken up
    ``[block, segment, year]``) use of the capacity in each year."""
    build = int(inp.assumptions.renewal.build_years.value)
    years = np.arange(inp.horizon)
    dem = np.bincount(start, weights=demolished, minlength=inp.horizon)[: inp.horizon]
    building = (years[None, :] > start[:, None]) & (years[None, :] <= start[:, None] + build)
    con = (building * (new_homes / build)[:, None]).sum(axis=0)
    sales = sold.sum(axis=0) if len(sold) else np.zeros((len(SEGMENTS), inp.horizon))
    _, _, cap = limits(inp)
    late = float(np.maximum(sales[:, -1] - cap, 0.0).sum())
    return Pace(np.asarray(dem, dtype=float), np.asarray(con, dtype=float), sales, late)


__all__ = ["Pace", "absorb", "limits", "pace", "schedule"]
