"""The housing stock year by year: what living in it is worth and what it uses (issue #11 §2).

Per dwelling and year the engine knows whether the home is in use, who owns it,
whether its foundation problems are known and unrepaired, and its energy label. From that, for
the MKBA's welfare account (non-cash; nominal euros like the ledger, deflated in :mod:`mkba`):

* **housing services**: in-use share × market value × ``mkba.rental_yield`` (the yearly value of
  living in the home; lost while it is repaired, empty, or demolished and rebuilt);
* **foundation quality**: the price effect of a known bad foundation (``foundation.value_discount``,
  −) or a repaired one (``foundation.repaired_premium``, +) applied to those services in every year
  it holds (capitalisation: a price effect is a proportional effect on the stream of services),
  times ``mkba.price_effect_share``: the part that is living quality, not the capitalised repair
  and damage costs the MKBA counts already;
* **consequential damage** (cash, on the owner) in every year problems are known and unrepaired;
* **energy**: the bill by label and floor area without taxes (resources) and the taxes (a
  transfer to the state); **CO₂** at its shadow price, borne by society at large.

Every effect of a dwelling is booked on its owner (owner-occupier, landlord, housing association,
or the buyer after a distressed sale): the model has no rents, so a tenant's share (below-market
rent, their energy bill, losing the home to demolition) is not split off; it is listed as PM.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from wijkaanpak.model.finance import FloatArray, index_factor
from wijkaanpak.model.inputs import TENURE_ACTOR, Inputs, pct
from wijkaanpak.model.kept import SOLD, Repairs
from wijkaanpak.model.ledger import Ledger
from wijkaanpak.model.plan import LABELS

LABEL_A = LABELS.index("A")


@dataclass(frozen=True)
class Use:
    """Per dwelling (rows) and year (columns)."""

    in_use: FloatArray  # share of the year the home is lived in [0–1]
    owner: np.ndarray  # 0–2 tenure actor, SOLD: a buyer (new resident)
    known_unrepaired: np.ndarray  # problems known, not yet repaired, home still standing
    repaired: np.ndarray  # foundation repaired by this year
    label_rank: np.ndarray  # energy label rank (0 = A++++ … 10 = G)


def use(inp: Inputs, repairs: Repairs, demolished_at: FloatArray, target_rank: np.ndarray) -> Use:
    """The existing stock's use over the horizon for a plan's repair schedule and demolitions."""
    t = np.arange(inp.horizon)[None, :]
    rep = repairs.repaired_at[:, None]
    standing = t < demolished_at[:, None]
    months = inp.assumptions.foundation.repair_months.value
    in_use = np.where(t == rep, 1.0 - months / 12.0, 1.0)
    vacant = (t >= repairs.vacant_from[:, None]) & (t < rep)
    in_use = np.where(standing & ~vacant, in_use, 0.0)
    owner = np.where(t >= repairs.sold_at[:, None], SOLD, inp.d_tenure[:, None])
    repaired = t >= rep
    known = (t >= inp.d_known[:, None]) & ~repaired & standing
    year = inp.assumptions.sustainability.energy_transition_year.value - inp.year0
    rank = np.where(
        repaired, np.minimum(inp.d_label_rank, target_rank)[:, None], inp.d_label_rank[:, None]
    )
    first = max(int(np.ceil(year)), 0)  # the first year index at or after the transition
    rank[:, first:] = np.minimum(rank[:, first:], LABEL_A)
    return Use(in_use, owner, known, repaired, rank)


#: Who owns a dwelling, by owner code: the three tenures, then a buyer after a distressed sale.
OWNERS = (*TENURE_ACTOR, "new_residents")


def per_owner(u: Use, values: FloatArray, index: np.ndarray | None = None) -> FloatArray:
    """Sum ``values`` [dwelling, year] by owner: [owner code, year]. [same unit]
    ``index``: :func:`owner_year` of ``u``, when already made for another sum."""
    years = u.owner.shape[1]
    flat = np.bincount(
        owner_year(u).ravel() if index is None else index,
        weights=values.ravel(),
        minlength=len(OWNERS) * years,
    )
    return np.asarray(flat, dtype=float).reshape(len(OWNERS), years)


def owner_year(u: Use) -> np.ndarray:
    """Cell of each dwelling-year in an [owner code, year] table (flattened). [-]"""
    years = u.owner.shape[1]
    return np.asarray(u.owner * years + np.arange(years)[None, :])


def per_owner_block(u: Use, values: FloatArray, d_block: np.ndarray, blocks: int) -> FloatArray:
    """Sum ``values`` [dwelling, year] by owner and block: [owner code, block, year]."""
    years = u.owner.shape[1]
    index = (u.owner * blocks + d_block[:, None]) * years + np.arange(years)[None, :]
    flat = np.bincount(
        index.ravel(), weights=values.ravel(), minlength=len(OWNERS) * blocks * years
    )
    return np.asarray(flat, dtype=float).reshape(len(OWNERS), blocks, years)


def book_existing(led: Ledger, inp: Inputs, u: Use) -> None:
    """Housing services, foundation quality, consequential damage and energy of the existing stock."""
    f, m = inp.assumptions.foundation, inp.assumptions.mkba
    years = np.arange(inp.horizon)
    services = u.in_use * inp.value_path * pct(m.rental_yield)
    share = m.price_effect_share.value
    quality = share * np.where(
        u.known_unrepaired,
        -pct(f.value_discount),
        np.where(u.repaired, pct(f.repaired_premium), 0.0),
    )
    damage = np.where(u.known_unrepaired, -inp.cost(f.consequential_damage, years)[None, :], 0.0)
    table = inp.assumptions.sustainability.energy_cost.values
    per_m2 = np.array([table[lab] for lab in LABELS])[u.label_rank]
    bill = u.in_use * per_m2 * inp.d_floor_area[:, None]
    cells = owner_year(u).ravel()
    sums = {
        "services": per_owner(u, services, cells),
        "quality": per_owner(u, services * quality, cells),
        "bill": per_owner(u, bill, cells),
        "on_gas": per_owner(u, bill * (u.label_rank > LABEL_A), cells),
    }
    by_block = per_owner_block(u, damage, inp.d_block, len(inp.block_ids) + 1)
    for code, actor in enumerate(OWNERS):
        led.effect(actor, "housing_services", sums["services"][code])
        led.effect(actor, "foundation_quality", sums["quality"][code])
        led.resource_blocks(actor, "consequential_damage", by_block[code])
        book_energy(led, inp, actor, sums["bill"][code], sums["on_gas"][code])


def book_energy(
    led: Ledger, inp: Inputs, occupant: str, bill: FloatArray, bill_on_gas: FloatArray
) -> None:
    """Energy bills ``[year]`` (EUR of the energy-cost table's price level, incl. taxes), the part of
    them before the transition to label A (``bill_on_gas``), into resources, taxes and CO₂."""
    m, e = inp.assumptions.mkba, inp.assumptions.sustainability.energy_cost
    inflation = pct(m.inflation)  # energy and CO₂ prices stay constant in real terms
    nominal = bill * _indexed(inflation, e.price_level or inp.year0, inp.year0, inp.horizon)
    tax = m.energy_tax_share.value
    led.effect(occupant, "energy", -nominal * (1.0 - tax))
    led.effect_transfer(occupant, "government", "energy_tax", nominal * tax)
    intensity = m.co2_intensity.values
    kg = (
        bill_on_gas * intensity["before_transition"]
        + (bill - bill_on_gas) * intensity["after_transition"]
    )
    level = m.co2_price.price_level or inp.year0
    co2 = m.co2_price.value * _indexed(inflation, level, inp.year0, inp.horizon)
    led.effect("society", "co2", -kg / 1000.0 * co2)


@lru_cache(maxsize=64)
def _indexed(rate: float, level: int, year0: int, horizon: int) -> FloatArray:
    """:func:`index_factor` from the price ``level`` to each year of the horizon, made once per
    set of arguments (every plan books the energy of every owner with it); read-only. [-]"""
    factors = index_factor(rate, level, year0 + np.arange(horizon))
    factors.flags.writeable = False
    return factors


def book_new_homes(
    led: Ledger,
    inp: Inputs,
    done: np.ndarray,
    holders: dict[str, tuple[FloatArray, FloatArray]],
) -> None:
    """Housing services and energy of the new homes of renewed blocks while they are lived in.

    ``done``: completion year index per block; ``holders``: per actor who owns (and, for
    owner-occupiers and new residents, lives in) new homes, the value at completion [EUR, nominal]
    and the floor area [m2] of the homes lived in, per block and year (``[block, year]``; a home is
    lived in from the year after it is delivered and taken up, see :mod:`capacity`). Rental homes'
    services are booked on their landlord, as for the existing stock (the model has no rents; the
    tenants' share is PM).
    """
    m = inp.assumptions.mkba
    years = np.arange(inp.horizon)[None, :]
    grown = inp.revenue_factor(inp.year0 + done[:, None], years)
    label = inp.assumptions.households.new_home_label.value
    per_m2 = inp.assumptions.sustainability.energy_cost.values[label]
    gas = LABELS.index(label) > LABEL_A
    for actor, (value, floor) in holders.items():
        services = value * grown * pct(m.rental_yield)
        bill = (floor * per_m2).sum(axis=0)
        led.effect(actor, "housing_services", services.sum(axis=0))
        book_energy(led, inp, actor, bill, bill * gas)
