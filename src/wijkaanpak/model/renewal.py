"""Scenario 3, renew: buy, demolish, prepare, build more homes, sell, finish the public space.

Per renewed block with start year index ``s`` and build time ``b`` (report §5b; domain brief §4):

* year ``s``: the WOM buys every home at its intake value (WOZ indexed from its peildatum, minus an
  optional write-down for the future repair cost), pays transfer tax unless exempt, side costs,
  relocation allowances to tenants; demolition and site preparation; plan costs; subsidies;
* years ``s+1 … s+b``: the developer builds ``densification × demolished`` homes, a housing mix that
  shifts to apartments as densification rises, and pays the WOM the residual land value;
* year ``s+b``: homes are sold (returning owners first, at a discount when set), VAT goes to the
  state, public space is finished (green, water storage, a parking hub for demand beyond on-street
  capacity); the new homes' value at the horizon is their owners' residual value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijkaanpak.model.finance import FloatArray
from wijkaanpak.model.inputs import TENURE_ACTOR, Inputs, pct
from wijkaanpak.model.ledger import Ledger
from wijkaanpak.model.stock import book_new_homes

COUNTS = ("demolished", "new_homes", "new_ground_bound", "new_apartments", "returning_owners")


@dataclass(frozen=True)
class BlockRenewal:
    """Per renewed block (arrays over the renewed blocks only)."""

    block: np.ndarray  # block index
    start: np.ndarray  # year index s
    densification: FloatArray


def ground_bound_share(inp: Inputs, k: FloatArray) -> FloatArray:
    """Share of ground-bound homes at densification ``k``, interpolated in the assumptions' table. [-]"""
    table = inp.assumptions.renewal.ground_bound_share.values
    xs = np.array(sorted(float(x) for x in table))
    ys = np.array([table[key] for key in sorted(table, key=float)])
    return np.asarray(np.interp(k, xs, ys), dtype=float)


def programme(inp: Inputs, demolished: FloatArray, k: FloatArray) -> tuple[FloatArray, FloatArray]:
    """New ground-bound and apartment homes per block for densification ``k``."""
    new = np.round(k * demolished)
    ground = np.round(new * ground_bound_share(inp, k))
    return ground, new - ground


def _acquire(
    led: Ledger, inp: Inputs, sel: np.ndarray, t: np.ndarray, write_down: np.ndarray, method: str
) -> FloatArray:
    """Buy the homes; returns what the WOM spent per dwelling (for plan costs). [EUR]"""
    a = inp.assumptions
    intake = intake_values(inp, t, write_down, method)
    for code, actor in enumerate(TENURE_ACTOR):
        mine = sel & (inp.d_tenure == code)
        led.transfer("municipality", actor, "acquisition", t[mine], intake[mine], inp.d_block[mine])
    tax = 0.0 if a.taxes.wom_exemption.value else pct(a.taxes.transfer_tax_other_residential)
    led.transfer(
        "municipality", "government", "transfer_tax", t[sel], tax * intake[sel], inp.d_block[sel]
    )
    # notary, valuation and legal work scale with the homes' market value, not with the price the
    # WOM pays (a transfer): a write-down or another intake method does not change them
    side = pct(a.renewal.acquisition_side_costs) * inp.house_value(t)
    led.resource("municipality", "acquisition_side_costs", t[sel], -side[sel], inp.d_block[sel])
    r = a.renewal
    led.transfer(
        "municipality",
        "tenants",
        "relocation",
        t[sel & inp.d_tenant],
        inp.cost(r.relocation_allowance, t[sel & inp.d_tenant]),
        inp.d_block[sel & inp.d_tenant],
    )
    rehouse = inp.cost(r.tenant_rehousing, t)
    led.resource(
        "housing_association",
        "tenant_rehousing",
        t[sel & inp.d_assoc_tenant],
        -rehouse[sel & inp.d_assoc_tenant],
        inp.d_block[sel & inp.d_assoc_tenant],
    )
    private = sel & inp.d_tenant & ~inp.d_assoc_tenant
    led.resource(
        "municipality", "tenant_rehousing", t[private], -rehouse[private], inp.d_block[private]
    )
    demolition = inp.cost(r.demolition, t)
    led.resource("municipality", "demolition", t[sel], -demolition[sel], inp.d_block[sel])
    led.transfer(
        "government",
        "municipality",
        "subsidies",
        t[sel],
        inp.cost(r.subsidy, t[sel]),
        inp.d_block[sel],
    )
    return np.asarray(np.where(sel, side + demolition, 0.0), dtype=float)


def intake_values(
    inp: Inputs, t: np.ndarray, write_down: np.ndarray, method: str = "woz"
) -> FloatArray:
    """Intake value per dwelling in year ``t``, minus the repair cost when written down. [EUR, nominal]

    ``woz``: WOZ value indexed from its peildatum; ``model``: floor area × ``renewal.model_value``
    indexed from its price level; ``appraisal``: the appraised value indexed from the peildatum of the
    assumptions (dwellings without one fall back to the WOZ method). Indexation: the house-price
    index (``finance.revenue_index``, or ``finance.woz_index`` when the user sets one).
    """
    i = inp.house_price_rate
    intake = inp.house_value(t)
    if method == "model":
        level = inp.assumptions.renewal.model_value.price_level or inp.year0
        intake = inp.d_model_value * (1.0 + i) ** (inp.year0 + t - level)
    elif method == "appraisal":
        appraised = inp.d_appraisal * (1.0 + i) ** t
        intake = np.where(np.isnan(appraised), intake, appraised)
    repair = inp.repair_cost(t)
    return np.asarray(np.where(write_down, np.maximum(intake - repair, 0.0), intake), dtype=float)


def renew(
    led: Ledger,
    inp: Inputs,
    sel: np.ndarray,
    d_start: np.ndarray,
    d_write_down: np.ndarray,
    blocks: BlockRenewal,
    parking_hub: bool,
    finish_public: bool,
    intake: str = "woz",
) -> dict[str, float]:
    """Book every flow of renewing the selected dwellings' blocks; return counts."""
    if len(blocks.block) == 0:
        return dict.fromkeys(COUNTS, 0.0)
    a, r = inp.assumptions, inp.assumptions.renewal
    t = np.where(sel, d_start, 0).astype(int)
    spent = _acquire(led, inp, sel, t, d_write_down, intake)
    n_blocks = len(inp.block_ids)
    demolished = np.bincount(inp.d_block[sel], minlength=n_blocks).astype(float)[blocks.block]
    returners = np.bincount(inp.d_block[sel], weights=inp.d_return[sel], minlength=n_blocks)[
        blocks.block
    ]
    ground, flats = programme(inp, demolished, blocks.densification)
    s, b = blocks.start, int(r.build_years.value)
    blk = blocks.block
    done = s + b
    months = r.temporary_housing_months.value
    led.transfer(
        "municipality",
        "housing_association",  # landlord of the wisselwoning (temporary home)
        "temporary_housing",
        s,
        returners * months * inp.cost(r.temporary_housing, s),
        blk,
    )
    area = inp.b_area[blocks.block]
    led.resource(
        "municipality", "site_preparation", s, -area * inp.cost(r.site_preparation, s), blk
    )
    # building: construction spread over the build years, priced per m2 from its price level
    floor = (
        ground * r.new_home_floor_area.values["ground_bound"]
        + flats * r.new_home_floor_area.values["apartment"]
    )
    construction = np.zeros_like(floor)
    vat = pct(a.taxes.vat)
    # the Aedes figure includes land and the VAT of its year: a change of today's VAT rate is a
    # transfer and must not change the building cost
    building_share = (1 - pct(r.construction_land_share)) / (1 + pct(r.construction_vat))
    for year in range(1, b + 1):
        cost = floor / b * inp.cost(r.construction, s + year) * building_share
        construction += cost
        led.resource("developers", "construction", s + year, -cost, blk)
    price = r.sale_price
    level = price.price_level or inp.year0
    sales = (
        ground * r.new_home_floor_area.values["ground_bound"] * price.values["ground_bound"]
        + flats * r.new_home_floor_area.values["apartment"] * price.values["apartment"]
    ) * inp.revenue_factor(level, done)
    land = sales / (1 + vat) - construction * (1 + pct(r.profit_and_risk))
    led.transfer("developers", "municipality", "land_issue", s + 1, land, blk)
    led.transfer("developers", "government", "vat", done, sales * vat / (1 + vat), blk)
    homes = ground + flats
    back = np.minimum(returners, homes)
    per_home = np.divide(sales, homes, out=np.zeros_like(sales), where=homes > 0)
    discount = pct(r.return_discount)
    led.transfer(
        "owner_occupiers", "developers", "sales", done, back * per_home * (1 - discount), blk
    )
    led.transfer(
        "municipality", "developers", "return_discount", done, back * per_home * discount, blk
    )
    led.transfer("new_residents", "developers", "sales", done, (homes - back) * per_home, blk)
    public_cost = _finish_public(led, inp, blk, done, ground, flats, parking_hub, finish_public)
    plan_costs = pct(r.plan_costs) * (
        np.bincount(inp.d_block, weights=spent, minlength=n_blocks)[blocks.block]
        + area * inp.cost(r.site_preparation, s)
        + public_cost
    )
    led.resource("municipality", "plan_costs", s, -plan_costs, blk)
    end = inp.horizon - 1
    value = sales * inp.revenue_factor(inp.year0 + done, end)
    owned = np.divide(back, homes, out=np.zeros_like(back), where=homes > 0)
    book_new_homes(led, inp, done, sales, floor, owned)
    built = done < inp.horizon
    led.resource(
        "owner_occupiers",
        "residual_value",
        np.full(built.sum(), end),
        (value * owned)[built],
        blk[built],
    )
    led.resource(
        "new_residents",
        "residual_value",
        np.full(built.sum(), end),
        (value * (1 - owned))[built],
        blk[built],
    )
    return {
        "demolished": float(demolished.sum()),
        "new_homes": float(homes.sum()),
        "new_ground_bound": float(ground.sum()),
        "new_apartments": float(flats.sum()),
        "returning_owners": float(back.sum()),
    }


def _finish_public(
    led: Ledger,
    inp: Inputs,
    blk: np.ndarray,
    done: np.ndarray,
    ground: FloatArray,
    flats: FloatArray,
    parking_hub: bool,
    finish_public: bool,
) -> FloatArray:
    """Woonrijp maken, green, water storage and the parking hub for the renewed blocks. [EUR]"""
    ps, r = inp.assumptions.public_space, inp.assumptions.renewal
    share = inp.b_share[blk]
    streets = share * inp.street_area
    total = streets * inp.cost(r.public_space_finishing, done)
    led.resource("municipality", "public_space", done, -total, blk)
    if finish_public:
        green = share * inp.green_area * inp.cost(ps.green, done)
        led.resource("municipality", "public_space", done, -green, blk)
        storage = streets * ps.water_storage_need.value * inp.cost(ps.water_storage, done)
        board = ps.water_board_share.value
        led.resource("water_board", "water_storage", done, -storage * board, blk)
        led.resource("municipality", "water_storage", done, -storage * (1 - board), blk)
        total = total + green + storage * (1 - board)
    if parking_hub:
        norm = ps.parking_norm.values
        demand = ground * norm["ground_bound"] + flats * norm["apartment"]
        spaces = np.maximum(demand - share * inp.parking_spaces, 0.0)
        hub = spaces * inp.cost(ps.parking_hub, done)
        led.resource("municipality", "parking_hub", done, -hub, blk)
        total = total + hub
    return np.asarray(total, dtype=float)
