"""The new homes' programme: segments, types, prices and land prices (issue #12 §1).

Per renewed block the new homes (``densification × demolished``, rounded) are split over four
segments by the plan's shares (largest remainder, so the counts add up), and each segment's homes
over ground-bound homes and apartments by the densification table
(``renewal.ground_bound_share``). Arrays are ``[block, segment, type]``.

* **Market value** of a home (what it is worth, for the MKBA's housing services and the value at the
  horizon): floor area × the free-sector sale price per m² of its type (``renewal.sale_price``).
* **Price** paid for it: free-sector purchase the market value; affordable purchase the market
  value up to the NHG cost limit of the completion year (``mortgage.nhg_cost_limit``, indexed with
  the revenue index beyond its last table year); rental segments their landlord's investment value,
  ``programme.rental_value_factor`` × the yearly rent (``programme.rent``). The difference between
  market value and rental price is the tenants' (below-market rent), booked as a transfer.
* **Builder**: purchase homes are built and sold by developers; social rent is built by the housing
  association and mid-rent by investors (private landlords), who pay the building cost and its VAT.
* **Land price** per the municipal land-price policy: a fixed price per home
  (``programme.land_price_fixed``), a land quote of the price excluding VAT
  (``programme.land_quote``), or else the residual land value — for sale, price excluding VAT minus
  building cost with profit and risk; for rent, the landlord's investment value minus building cost
  and its VAT. A residual value may be negative: the segment then needs money from the exploitation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from wijkaanpak.model.finance import FloatArray
from wijkaanpak.model.inputs import Inputs, pct
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.plan import SEGMENTS

TYPES = ("ground_bound", "apartment")
SOCIAL, MID, AFFORDABLE, FREE = range(4)
RENTAL = (SOCIAL, MID)
PURCHASE = (AFFORDABLE, FREE)
#: Who builds and holds each segment's homes (purchase homes: their buyers, via developers).
LANDLORD = {SOCIAL: "housing_association", MID: "private_landlords"}


@dataclass(frozen=True)
class Homes:
    """New homes of the renewed blocks: counts ``[block, segment, type]``."""

    count: FloatArray

    @property
    def per_block(self) -> FloatArray:
        return np.asarray(self.count.sum(axis=(1, 2)), dtype=float)

    @property
    def ground(self) -> FloatArray:
        """Ground-bound homes per block. [-]"""
        return np.asarray(self.count[:, :, 0].sum(axis=1), dtype=float)

    @property
    def flats(self) -> FloatArray:
        """Apartments per block. [-]"""
        return np.asarray(self.count[:, :, 1].sum(axis=1), dtype=float)

    def segment(self, s: int | tuple[int, ...]) -> FloatArray:
        """Homes of segment(s) ``s`` per block. [-]"""
        seg = (s,) if isinstance(s, int) else s
        return np.asarray(self.count[:, list(seg), :].sum(axis=(1, 2)), dtype=float)


def default_shares(inp: Inputs) -> FloatArray:
    """The assumptions' programme shares per segment (``programme.default_shares``). [-]"""
    table = inp.assumptions.programme.default_shares.values
    return np.array([table.get(s, 0.0) for s in SEGMENTS], dtype=float)


def shares_vector(shares: Mapping[Any, float] | None, fallback: FloatArray) -> FloatArray:
    """A plan's ``{segment: share}`` as a vector in :data:`SEGMENTS` order (``fallback`` if None)."""
    if shares is None:
        return fallback
    return np.array([shares.get(s, 0.0) for s in SEGMENTS], dtype=float)


def split(total: FloatArray, shares: FloatArray) -> FloatArray:
    """Split whole numbers ``total[block]`` by ``shares[block, segment]`` with the largest-remainder
    method: every count is whole and the counts add up to the total. [-]"""
    exact = total[:, None] * shares
    base = np.floor(exact + 1e-9)
    left = (total - base.sum(axis=1)).astype(int)
    # rank the remainders within each block; the ``left`` largest get one more home
    order = np.argsort(-(exact - base), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(shares.shape[1])[None, :], axis=1)
    return np.asarray(base + (rank < left[:, None]), dtype=float)


def ground_bound_share(inp: Inputs, blk: np.ndarray, k: FloatArray) -> FloatArray:
    """Share of ground-bound homes in blocks ``blk`` at densification ``k``: the assumptions'
    table (interpolated), but no more than the block has today (a block of flats is rebuilt as
    flats). On a vacant site, whose densification is its number of homes, the table's share at
    ``renewal.densification_cap``. [-]"""
    r = inp.assumptions.renewal
    table = r.ground_bound_share.values
    xs = np.array(sorted(float(x) for x in table))
    ys = np.array([table[key] for key in sorted(table, key=float)])
    k = np.where(inp.b_site[blk], r.densification_cap.value, k)
    return np.asarray(np.minimum(np.interp(k, xs, ys), inp.b_ground_share[blk]), dtype=float)


def homes(
    inp: Inputs, blk: np.ndarray, demolished: FloatArray, k: FloatArray, shares: FloatArray
) -> Homes:
    """New homes of blocks ``blk`` per segment and type for densification ``k`` and programme
    ``shares``."""
    per_segment = split(np.round(k * demolished), shares)
    ground = np.round(per_segment * ground_bound_share(inp, blk, k)[:, None])
    return Homes(np.stack([ground, per_segment - ground], axis=2))


def floor_area(inp: Inputs) -> FloatArray:
    """Usable floor area per home ``[segment, type]``. [m2]"""
    table = inp.assumptions.programme.floor_area.values
    free = inp.assumptions.renewal.new_home_floor_area.values
    out = np.empty((len(SEGMENTS), len(TYPES)))
    missing = []
    for i, seg in enumerate(SEGMENTS):
        for j, typ in enumerate(TYPES):
            key = f"{seg}/{typ}"
            if seg == "free_purchase":
                out[i, j] = free[typ]
            elif key in table:
                out[i, j] = table[key]
            else:
                missing.append(key)
    if missing:
        msg = f"no floor area for {', '.join(missing)}"
        raise InputError([Issue("assumptions", "programme", "floor_area", msg)])
    return out


def market_value(inp: Inputs, done: np.ndarray) -> FloatArray:
    """Market value of one home per block, segment and type at completion. [EUR, nominal]"""
    price = inp.assumptions.renewal.sale_price
    per_m2 = np.array([price.values[t] for t in TYPES])
    factor = inp.revenue_factor(price.price_level or inp.year0, done)
    return np.asarray(floor_area(inp)[None] * per_m2[None, None, :] * factor[:, None, None])


def nhg_cost_limit(inp: Inputs, year_index: np.ndarray) -> FloatArray:
    """NHG cost limit in each year: the table's value of that year, or the last earlier (or the
    first) table year's indexed with the revenue index. [EUR, nominal]"""
    table = inp.assumptions.mortgage.nhg_cost_limit
    years = np.array(sorted(table))
    when = inp.year0 + np.asarray(year_index)
    # the last table year at or before each year (the first table year before the table starts)
    known = years[np.maximum(np.searchsorted(years, when, side="right") - 1, 0)]
    limit = np.array([table[int(y)].value for y in years])[np.searchsorted(years, known)]
    return np.asarray(limit * inp.revenue_factor(known, when - inp.year0), dtype=float)


def price(inp: Inputs, done: np.ndarray, market: FloatArray) -> FloatArray:
    """Price paid per home (buyer or landlord) per block, segment and type. [EUR, nominal, incl. VAT]"""
    p = inp.assumptions.programme
    out = market.copy()
    cap = nhg_cost_limit(inp, done)
    out[:, AFFORDABLE, :] = np.minimum(market[:, AFFORDABLE, :], cap[:, None])
    factor = inp.revenue_factor(p.rent.price_level or inp.year0, done)
    for s in RENTAL:
        seg = SEGMENTS[s]
        value = 12.0 * p.rent.values[seg] * p.rental_value_factor.values[seg]
        out[:, s, :] = (value * factor)[:, None]
    return out


def returner_terms(
    inp: Inputs, paid: FloatArray, count: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """What a returning owner pays for a new home of each type, and its floor area, per row of
    ``count`` (new homes ``[row, segment, type]`` of the row's block; ``paid`` the price per home
    ``[row, segment, type]`` at delivery, :func:`price`): the average over the block's homes for sale (affordable and free purchase) of that
    type, weighted by their number; the free-sector home where the block has none of that type for
    sale. One rule for the exploitation (:mod:`renewal`) and the household view (:mod:`swap`),
    before the return discount and leasehold. [EUR, nominal, incl. VAT], [m2] — each ``[row, type]``"""
    paid = paid[:, list(PURCHASE)]
    n = count[:, list(PURCHASE)]
    total = n.sum(axis=1)
    area = floor_area(inp)[list(PURCHASE)]
    has = total > 0
    safe = np.where(has, total, 1.0)
    free = list(PURCHASE).index(FREE)
    mean_price = np.where(has, (paid * n).sum(axis=1) / safe, paid[:, free])
    mean_area = np.where(has, (area[None] * n).sum(axis=1) / safe, area[free][None, :])
    return np.asarray(mean_price, dtype=float), np.asarray(mean_area, dtype=float)


def construction_cost(inp: Inputs, start: np.ndarray, year: int) -> FloatArray:
    """Building cost per m² of each type in build year ``start + year``, without land and VAT.
    [EUR/m2, nominal, ``[block, type]``]"""
    r, p = inp.assumptions.renewal, inp.assumptions.programme
    # the Aedes figure includes land and the VAT of its year: a change of today's VAT rate is a
    # transfer and must not change the building cost
    building_share = (1 - pct(r.construction_land_share)) / (1 + pct(r.construction_vat))
    per_m2 = inp.cost(r.construction, start + year) * building_share
    factor = np.array([p.construction_type_factor.values[t] for t in TYPES])
    return np.asarray(per_m2[:, None] * factor[None, :], dtype=float)


def land_price(
    inp: Inputs,
    issue_year: np.ndarray,
    paid: FloatArray,
    construction: FloatArray,
    receipts: FloatArray | None = None,
) -> FloatArray:
    """Land price per home per block, segment and type (``paid``: price at delivery;
    ``construction``: building cost per home, ex VAT; ``receipts``: what the home brings its builder
    discounted to delivery, lower than ``paid`` when the market takes it up later — the residual
    land value rests on it; default ``paid``). [EUR, nominal]"""
    a, p = inp.assumptions, inp.assumptions.programme
    vat, profit = pct(a.taxes.vat), pct(a.renewal.profit_and_risk)
    got = paid if receipts is None else receipts
    out = got / (1 + vat) - construction * (1 + profit)  # residual land value, for sale
    for s in RENTAL:  # for rent: the landlord's investment value minus building cost incl. VAT
        out[:, s, :] = got[:, s, :] - construction[:, s, :] * (1 + vat)
    fixed, quote = p.land_price_fixed, p.land_quote
    factor = inp.revenue_factor(fixed.price_level or inp.year0, issue_year)
    for s, seg in enumerate(SEGMENTS):
        if seg in fixed.values and seg in quote.values:
            msg = f"segment {seg} has both a fixed land price and a land quote: choose one"
            raise InputError([Issue("assumptions", "programme", "land_price_fixed", msg)])
        if seg in fixed.values:
            out[:, s, :] = (fixed.values[seg] * factor)[:, None]
        elif seg in quote.values:
            out[:, s, :] = paid[:, s, :] / (1 + vat) * quote.values[seg] / 100.0
    return out


def social_rent(inp: Inputs, year_index: np.ndarray) -> FloatArray:
    """Starting rent of a new social-rent home in each year (``programme.rent``, indexed with the
    revenue index). [EUR/month, nominal]"""
    rent = inp.assumptions.programme.rent
    factor = inp.revenue_factor(rent.price_level or inp.year0, year_index)
    return np.asarray(rent.values["social_rent"] * factor, dtype=float)


def leasehold(inp: Inputs, price: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Ground lease (erfpacht) on a returning owner's new home of ``price`` (after any discount):
    the land's part of the price, which the owner does not pay and the municipality keeps, and the
    yearly canon on it (``households.ground_lease_land_share``, ``households.canon_rate``). Zero
    without ground lease. One rule for the household's verdict (:mod:`swap`) and the exploitation
    (:mod:`renewal`). [EUR], [EUR/yr]"""
    h = inp.assumptions.households
    share = h.ground_lease_land_share.value if h.ground_lease.value else 0.0
    land = np.asarray(price, dtype=float) * share
    return land, land * pct(h.canon_rate)


__all__ = ["SEGMENTS", "TYPES", "Homes", "homes", "split"]
