"""Scenario 3, renew: buy, demolish, prepare, build more homes, sell, finish the public space.

Per renewed block with start year index ``s`` and build time ``b`` (report §5b; domain brief §4):

* year ``s``: the WOM buys every home at its intake value (WOZ indexed from its peildatum, minus an
  optional write-down for the future repair cost), pays transfer tax unless exempt, side costs,
  relocation allowances to tenants; it buys the block's shops and workshops too
  (:mod:`non_residential`); demolition and site preparation; plan costs; subsidies;
* years ``s+1 … s+b``: ``densification × demolished`` new homes are built, split over the
  programme's segments and over houses and flats (:mod:`programme`): developers build the homes for
  sale, the housing association social rent, investors mid-rent; each pays the WOM the segment's
  land price in year ``s+1``;
* year ``s+b``: returning owners buy their homes (at a discount when set; on ground lease without
  the land, for a yearly canon); the other homes go to the market, which takes up at most
  ``capacity.sales`` of a segment a year (:mod:`capacity`): a home is sold (or let) in the year it
  is taken up, at that year's price, and stands empty until then; VAT goes to the state, public
  space is finished
  (green, water storage, a parking hub for demand beyond on-street capacity); the new homes' value
  at the horizon is their holders' residual value, the tenants' share of rental homes a transfer.
  With doorschuiven, owners move straight into homes an earlier phase delivered (:func:`_waiting`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

import numpy as np

from wijkaanpak.model import capacity, non_residential, programme
from wijkaanpak.model.finance import FloatArray
from wijkaanpak.model.inputs import TENURE_ACTOR, Inputs, pct
from wijkaanpak.model.ledger import Ledger
from wijkaanpak.model.stock import book_new_homes

COUNTS = (
    "demolished",
    "new_homes",
    "new_ground_bound",
    "new_apartments",
    "returning_owners",
    "returning_tenants",
    "temporary_housing_households",
    "temporary_housing_months",
    "unsold_at_horizon",
    "expropriated",
    "non_residential_units",
    "vacant_sites_built",
    *(f"new_{s}" for s in programme.SEGMENTS),
    *(f"new_{s}_ground_bound" for s in programme.SEGMENTS),
)


@dataclass(frozen=True)
class BlockRenewal:
    """Per renewed block (arrays over the renewed blocks only)."""

    block: np.ndarray  # block index
    start: np.ndarray  # year index s
    densification: FloatArray
    shares: FloatArray  # programme shares [block, segment]


class FiscalFlag(TypedDict):
    """A price below market value (report footnote 3). [EUR, nominal]"""

    block_id: str
    kind: str  # intake_below_market | return_price_below_market
    eur: float


@dataclass(frozen=True)
class Renewed:
    """What :func:`renew` returns."""

    counts: dict[str, float]
    homes: programme.Homes  # new homes [renewed block, segment, type]
    fiscal_flags: list[FiscalFlag]
    pace: capacity.Pace  # what the renewal uses of the yearly capacity


def _acquire(
    led: Ledger,
    inp: Inputs,
    sel: np.ndarray,
    t: np.ndarray,
    write_down: np.ndarray,
    method: str,
    expropriated: np.ndarray,
) -> tuple[FloatArray, FloatArray]:
    """Buy the homes; returns per dwelling what the WOM spent besides the intake (for plan costs)
    and how far the intake value lies below the market value (for the fiscal flags). [EUR]

    Expropriated dwellings (Omgevingswet afdeling 11.2; compensation afdeling 15.3) are paid their
    market value (werkelijke waarde: the WOZ value indexed, less the repair cost when written down)
    plus ``acquisition.expropriation_surcharge`` for the owner's other losses (a transfer), and
    cost ``acquisition.expropriation_legal_costs`` each (a real cost: the procedure, the owner's
    legal and expert help)."""
    a, acq = inp.assumptions, inp.assumptions.acquisition
    intake = paid_at_intake(inp, t, write_down, method, expropriated)
    market = inp.house_value(t)
    for code, actor in enumerate(TENURE_ACTOR):
        mine = sel & (inp.d_tenure == code)
        led.transfer("municipality", actor, "acquisition", t[mine], intake[mine], inp.d_block[mine])
    tax = 0.0 if a.taxes.wom_exemption.value else pct(a.taxes.transfer_tax_other_residential)
    led.transfer(
        "municipality", "government", "transfer_tax", t[sel], tax * intake[sel], inp.d_block[sel]
    )
    # notary, valuation and legal work scale with the homes' market value, not with the price the
    # WOM pays (a transfer): a write-down or another intake method does not change them
    side = pct(a.renewal.acquisition_side_costs) * market + np.where(
        expropriated, inp.cost(acq.expropriation_legal_costs, t), 0.0
    )
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
    spent = np.asarray(np.where(sel, side + demolition, 0.0), dtype=float)
    return spent, np.asarray(np.where(sel, np.maximum(market - intake, 0.0), 0.0), dtype=float)


def paid_at_intake(
    inp: Inputs, t: np.ndarray, write_down: np.ndarray, method: str, expropriated: np.ndarray
) -> FloatArray:
    """What each owner receives: the intake value (:func:`intake_values`), or when expropriated
    the market value (werkelijke waarde: the WOZ method) plus ``acquisition.expropriation_surcharge``
    (full compensation, Omgevingswet afdeling 15.3). One rule for the exploitation and the
    household view (:mod:`swap`). [EUR, nominal]"""
    surcharge = 1 + pct(inp.assumptions.acquisition.expropriation_surcharge)
    compensation = intake_values(inp, t, write_down, "woz") * surcharge
    return np.asarray(
        np.where(expropriated, compensation, intake_values(inp, t, write_down, method)),
        dtype=float,
    )


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
    d_expropriated: np.ndarray,
    parking_hub: bool,
    finish_public: bool,
    intake: str = "woz",
    doorschuiven: bool = False,
) -> Renewed:
    """Book every flow of renewing the selected dwellings' blocks; return counts, the new homes
    per block and fiscal flags."""
    if len(blocks.block) == 0:
        empty = programme.Homes(np.zeros((0, len(programme.SEGMENTS), len(programme.TYPES))))
        idle = capacity.pace(
            inp, blocks.start, np.zeros(0), np.zeros(0), np.zeros((0, len(programme.SEGMENTS), 0))
        )
        return Renewed(dict.fromkeys(COUNTS, 0.0), empty, [], idle)
    a, r = inp.assumptions, inp.assumptions.renewal
    t = np.where(sel, d_start, 0).astype(int)
    expropriated = sel & d_expropriated
    spent, below_market = _acquire(led, inp, sel, t, d_write_down, intake, expropriated)
    n_blocks = len(inp.block_ids)
    blk = blocks.block

    def per_block(weights: FloatArray | None = None) -> FloatArray:
        return np.asarray(
            np.bincount(inp.d_block[sel], weights=weights, minlength=n_blocks)[blk], dtype=float
        )

    demolished = per_block()
    nonres_spent = non_residential.acquire(
        led, inp, blk, blocks.start, per_block(expropriated[sel]) > 0
    )
    returners = per_block(inp.d_return[sel])
    tenants_back = per_block(inp.d_tenant_return[sel])
    new = programme.homes(inp, blk, inp.b_base[blk], blocks.densification, blocks.shares)
    s, b = blocks.start, int(r.build_years.value)
    done = s + b
    purchase_homes = new.segment(programme.PURCHASE)
    back = np.minimum(returners, purchase_homes)
    waiting = (
        _waiting(s, done, back, purchase_homes) if doorschuiven else back
    )  # returning owners who need a temporary home
    led.transfer(
        "municipality",
        "housing_association",  # landlord of the wisselwoning (temporary home)
        "temporary_housing",
        s,
        waiting * r.temporary_housing_months.value * inp.cost(r.temporary_housing, s),
        blk,
    )
    area = inp.b_area[blk]
    site = inp.b_site[blk]
    led.resource(  # a vacant site's land: what the WOM pays for it, or its other use given up
        "municipality",
        "vacant_site",
        s[site],
        -inp.b_site_value[blk][site] * (1.0 + inp.house_price_rate) ** s[site],
        blk[site],
    )
    led.resource(
        "municipality", "site_preparation", s, -area * inp.cost(r.site_preparation, s), blk
    )
    vat = pct(a.taxes.vat)
    floor = programme.floor_area(inp)  # [segment, type]
    m2 = new.count * floor[None]  # [block, segment, type]
    construction = np.zeros_like(m2)  # per block, segment, type [EUR, nominal]
    per_segment = []  # per build year: [block, segment]
    for year in range(1, b + 1):
        cost = m2 / b * programme.construction_cost(inp, s, year)[:, None, :]
        construction += cost
        per_segment.append(cost.sum(axis=2))
    # every build year in one booking per builder and per landlord's VAT
    paid_in = np.concatenate([s + year for year in range(1, b + 1)])
    blocks_ = np.tile(blk, b)
    by_year = np.concatenate(per_segment)  # [build year × block, segment]
    for builder in dict.fromkeys(name for _, name in _builders()):
        segs = [seg for seg, name in _builders() if name == builder]
        led.resource(builder, "construction", paid_in, -by_year[:, segs].sum(axis=1), blocks_)
    for seg, landlord in programme.LANDLORD.items():
        led.transfer(landlord, "government", "vat", paid_in, by_year[:, seg] * vat, blocks_)
    market = programme.market_value(inp, done)  # per home
    paid = programme.price(inp, done, market)  # per home, at delivery
    # returning owners take homes for sale at delivery; the rest go to the market (capacity)
    owned = np.divide(back, purchase_homes, out=np.zeros_like(back), where=purchase_homes > 0)
    market_share = np.ones((len(blk), len(programme.SEGMENTS)))
    market_share[:, list(programme.PURCHASE)] = (1.0 - owned)[:, None]
    on_market = new.count.sum(axis=2) * market_share  # [block, segment]
    taken = np.divide(  # share of a block's segment on the market taken up per year
        capacity.absorb(inp, done, on_market),
        on_market[:, :, None],
        out=np.zeros((*on_market.shape, inp.horizon)),
        where=on_market[:, :, None] > 0,
    )
    years = np.arange(inp.horizon)
    price_then = programme.price(inp, years, programme.market_value(inp, years))  # [yr, seg, type]
    receipts = _receipts(inp, done, paid, price_then, taken, market_share)
    per_home_build = np.divide(construction, new.count, out=np.zeros_like(m2), where=new.count > 0)
    land = programme.land_price(inp, s + 1, paid, per_home_build, receipts) * new.count
    for seg, builder in _builders():
        led.transfer(builder, "municipality", "land_issue", s + 1, land[:, seg].sum(axis=1), blk)
    buy = list(programme.PURCHASE)
    by_type, _ = programme.returner_terms(inp, paid, new.count)
    for_sale = new.count[:, buy].sum(axis=1)  # [block, type]
    per_home = np.divide(
        (by_type * for_sale).sum(axis=1),
        purchase_homes,
        out=np.zeros(len(blk)),
        where=purchase_homes > 0,
    )
    returners_pay = back * per_home  # at delivery, before the return discount
    # new residents buy in the year the market takes their home up, at that year's price
    bought = np.einsum(
        "bsy,bst,yst->by",
        taken[:, buy],
        (new.count * market_share[:, :, None])[:, buy],
        price_then[:, buy],
    )
    rows, when = np.nonzero(bought > 0)
    led.transfer("new_residents", "developers", "sales", when, bought[rows, when], blk[rows])
    led.transfer(
        "developers", "government", "vat", when, bought[rows, when] * vat / (1 + vat), blk[rows]
    )
    led.transfer("developers", "government", "vat", done, returners_pay * vat / (1 + vat), blk)
    discount = pct(r.return_discount)
    leased, canon = programme.leasehold(inp, returners_pay * (1 - discount))
    led.transfer(
        "owner_occupiers", "developers", "sales", done, returners_pay * (1 - discount) - leased, blk
    )
    _lease(led, inp, blk, s, done, leased, canon, vat)
    led.transfer(
        "municipality", "developers", "return_discount", done, returners_pay * discount, blk
    )
    public_cost = _finish_public(
        led, inp, blk, done, new.ground, new.flats, parking_hub, finish_public
    )
    plan_costs = pct(r.plan_costs) * (
        np.bincount(inp.d_block, weights=spent, minlength=n_blocks)[blk]
        + nonres_spent
        + area * inp.cost(r.site_preparation, s)
        + public_cost
    )
    led.resource("municipality", "plan_costs", s, -plan_costs, blk)
    _hold(led, inp, blk, done, new, market, paid, owned, leased, taken)
    counts = {
        "demolished": float(demolished.sum()),
        "new_homes": float(new.per_block.sum()),
        "new_ground_bound": float(new.ground.sum()),
        "new_apartments": float(new.flats.sum()),
        "returning_owners": float(back.sum()),
        "expropriated": float(expropriated.sum()),
        "non_residential_units": float(inp.b_nonres_units[blk].sum()),
        "vacant_sites_built": float(site.sum()),
        "returning_tenants": float(np.minimum(tenants_back, new.segment(programme.SOCIAL)).sum()),
        "temporary_housing_households": float(waiting.sum()),
        "temporary_housing_months": float(waiting.sum() * r.temporary_housing_months.value),
    }
    for j, name in enumerate(programme.SEGMENTS):
        counts[f"new_{name}"] = float(new.segment(j).sum())
        counts[f"new_{name}_ground_bound"] = float(new.count[:, j, 0].sum())
    flags = fiscal_flags(inp, blk, per_block(below_market[sel]), returners_pay * discount)
    use = capacity.pace(inp, s, demolished, new.per_block, taken * on_market[:, :, None])
    counts["unsold_at_horizon"] = use.unsold_at_horizon
    return Renewed(counts, new, flags, use)


def _lease(
    led: Ledger,
    inp: Inputs,
    blk: np.ndarray,
    s: np.ndarray,
    done: np.ndarray,
    leased: FloatArray,
    canon: FloatArray,
    vat: float,
) -> None:
    """Ground lease on returning owners' homes: the developer sells them without the land, so it
    pays that much less for the land (ex VAT) and VAT; the owners pay the municipality a yearly
    canon from the year after delivery; the land's value at the horizon is the municipality's."""
    led.transfer("developers", "municipality", "land_issue", s + 1, -leased / (1 + vat), blk)
    led.transfer("developers", "government", "vat", done, -leased * vat / (1 + vat), blk)
    paying = np.arange(inp.horizon)[None, :] > done[:, None]  # [block, year]
    rows, years = np.nonzero(paying & (canon[:, None] > 0))
    led.transfer("owner_occupiers", "municipality", "canon", years, canon[rows], blk[rows])


def _builders() -> list[tuple[int, str]]:
    """Who builds each segment's homes: developers for sale, the landlord for rent."""
    return [(i, programme.LANDLORD.get(i, "developers")) for i in range(len(programme.SEGMENTS))]


def _waiting(
    start: np.ndarray, done: np.ndarray, back: FloatArray, homes: FloatArray
) -> FloatArray:
    """Doorschuiven (report §5b): returning owners stay in their old home until a new home is
    ready. Blocks in order of start year; an owner whose block starts when an earlier block's
    homes are delivered and not yet taken moves straight in; the others wait in a temporary home
    and return to their own block. Returns, per block, the returning owners who wait. [-]"""
    waiting = back.copy()
    spare = np.zeros_like(homes)  # homes of a delivered block not taken by its own waiters
    for j in np.argsort(start, kind="stable"):
        ready = np.flatnonzero((done <= start[j]) & (spare > 0))
        for i in ready[np.argsort(done[ready], kind="stable")]:
            moved = min(waiting[j], spare[i])
            spare[i] -= moved
            waiting[j] -= moved
        spare[j] = homes[j] - waiting[j]
    return waiting


def _receipts(
    inp: Inputs,
    done: np.ndarray,
    paid: FloatArray,
    price_then: FloatArray,
    taken: FloatArray,
    market_share: FloatArray,
) -> FloatArray:
    """What a new home brings its builder, discounted to its delivery at
    ``finance.interest_rate`` (the cost of holding homes the market has not yet taken up): returning
    owners pay at delivery, the market in the years it takes the homes up (``taken``: share per
    block, segment and year), at that year's price. Equals ``paid`` when the market takes every
    home up in its delivery year. [EUR, nominal, ``[block, segment, type]``]"""
    rate = pct(inp.assumptions.finance.interest_rate)
    wait = np.arange(inp.horizon)[None, :] - done[:, None]  # [block, year]
    discount = (1.0 + rate) ** -np.maximum(wait, 0)
    later = np.einsum("bsy,by,yst->bst", taken, discount, price_then)
    share = market_share[:, :, None]
    return np.asarray((1.0 - share) * paid + share * later, dtype=float)


def _hold(
    led: Ledger,
    inp: Inputs,
    blk: np.ndarray,
    done: np.ndarray,
    new: programme.Homes,
    market: FloatArray,
    paid: FloatArray,
    owned: FloatArray,
    leased: FloatArray,
    taken: FloatArray,
) -> None:
    """Who lives in and owns the new homes: services and energy while lived in (MKBA; returning
    owners move in after delivery, the others the year after the market takes their home up), the
    value at the horizon (the land under returning owners' leasehold homes is the municipality's),
    and the tenants' share of rental homes' value (rent below market, a transfer)."""
    value = (market * new.count).sum(axis=2)  # [block, segment]
    floor = (new.count * programme.floor_area(inp)[None]).sum(axis=2)
    buy = list(programme.PURCHASE)
    moved_in = (np.arange(inp.horizon)[None, :] > done[:, None]).astype(float)  # [block, year]
    # lived in during a year: taken up by the end of the year before
    lived = np.cumsum(taken, axis=2) - taken  # [block, segment, year]
    bought = (1.0 - owned)[:, None]

    def in_use(x: FloatArray, segs: list[int], share: FloatArray | None = None) -> FloatArray:
        if share is None:
            return np.asarray(np.einsum("bs,bsy->by", x[:, segs], lived[:, segs]), dtype=float)
        return np.asarray(x[:, segs].sum(axis=1)[:, None] * share, dtype=float)

    holders = {
        "owner_occupiers": (
            in_use(value, buy, owned[:, None] * moved_in),
            in_use(floor, buy, owned[:, None] * moved_in),
        ),
        "new_residents": (in_use(value, buy) * bought, in_use(floor, buy) * bought),
    }
    for seg, landlord in programme.LANDLORD.items():
        holders[landlord] = (in_use(value, [seg]), in_use(floor, [seg]))
    book_new_homes(led, inp, done, holders)
    end = inp.horizon - 1
    built = done < inp.horizon
    grow = inp.revenue_factor(inp.year0 + done, end)[built]
    at_end = np.full(built.sum(), end)
    purchase = value[:, buy].sum(axis=1)
    # every home is taken up by the horizon (capacity); the land under leasehold homes is the
    # municipality's; values grow with the homes' price index
    holders_end = {
        "owner_occupiers": purchase * owned - leased,
        "new_residents": purchase * (1.0 - owned),
        "municipality": leased,
    }
    for seg, landlord in programme.LANDLORD.items():
        holders_end[landlord] = value[:, seg]
    for actor, v in holders_end.items():
        led.resource(actor, "residual_value", at_end, (v[built] * grow), blk[built])
    for seg, landlord in programme.LANDLORD.items():
        below = ((market - paid) * new.count)[:, seg].sum(axis=1)
        led.transfer(
            landlord, "tenants", "below_market_rent", at_end, below[built] * grow, blk[built]
        )


def fiscal_flags(
    inp: Inputs, blk: np.ndarray, intake_below: FloatArray, return_discount: FloatArray
) -> list[FiscalFlag]:
    """Prices below market value (report §5b, footnote 3: a fiscal risk for the seller or buyer):
    intake values below the homes' market value, and new homes sold to returners at a discount,
    both per renewed block. One row per block and kind with the amount below market. [EUR, nominal]"""
    flags: list[FiscalFlag] = []
    for i, b in enumerate(blk):
        for kind, eur in (
            ("intake_below_market", intake_below[i]),
            ("return_price_below_market", return_discount[i]),
        ):
            if eur >= 0.5:
                flags.append(
                    {"block_id": str(inp.block_ids[b]), "kind": kind, "eur": round(float(eur), 2)}
                )
    return flags


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
