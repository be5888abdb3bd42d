"""Time in the renewal exploitation (issue #12 §3, §6): yearly capacity for demolition,
construction and sales, start years that shift and say so, and acquisition by expropriation.
Hand calculations on examples/mini in a flat world (tests.test_engine.FLAT)."""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import EXAMPLES
from tests.test_engine import FLAT, category
from tests.test_exploitation import _inputs
from wijkaanpak.analysis.evaluate import context, evaluate_plan
from wijkaanpak.cli.main import app
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model import capacity
from wijkaanpak.model.assumptions import Parameter, Table
from wijkaanpak.model.inputs import Inputs, prepare
from wijkaanpak.model.issues import InputError
from wijkaanpak.model.ledger import CATEGORY_LIST
from wijkaanpak.model.plan import Intervention, Plan

runner = CliRunner()
RANGE = "assumption: test, range: [0, 100000]"


@functools.cache
def _voorbeeldwijk() -> Inputs:
    return context()


def _capacity(demolition: float = 1e5, construction: float = 1e5, sales: float = 1e5) -> str:
    return (
        "capacity:\n"
        f"  demolition: {{value: {demolition}, {RANGE}}}\n"
        f"  construction: {{value: {construction}, {RANGE}}}\n"
        f"  sales: {{values: {{social_rent: {sales}, mid_rent: {sales}, "
        f"affordable_purchase: {sales}, free_purchase: {sales}}}, {RANGE}}}\n"
    )


def _at_ten_percent(tmp: Path, extra: str) -> Inputs:
    """The flat world with ``finance.interest_rate`` 10 %."""
    path = tmp / "ten.yaml"
    ten = "interest_rate: {value: 10, assumption: t, range: [0, 20]}"
    path.write_text(FLAT.replace("interest_rate: {value: 0, source: test}", ten) + extra, "utf-8")
    return prepare(read_neighbourhood(EXAMPLES / "mini"), load_assumptions(path))


def _renew(inp: Inputs, start: int, **blocks: Intervention) -> Plan:
    return Plan(
        name="t",
        default=Intervention(intervention="renew", densification=1.5, start_year=start),
        blocks=blocks,
    )


def test_start_years_shift_for_demolition_and_construction_by_hand(tmp_path: Path) -> None:
    # examples/mini: block A demolishes 4 dwellings and builds 1.5 × 4 = 6 homes, block B 2 and 3,
    # both planned in year 1, build_years 3 (2 homes a year for A, 1 for B).
    # Demolition capacity 5: A (4) goes first (block order), B (2) would make 6 -> year 2.
    inp = _inputs(tmp_path, _capacity(demolition=5))
    plan = _renew(inp, inp.year0 + 1)
    e = evaluate_plan(plan, inp).evaluation
    assert e.shifted == [("B", inp.year0 + 1, inp.year0 + 2)]
    assert e.counts["start_years_shifted"] == 1
    # construction capacity 2.5 as well: A builds in years 2-4 (2 a year); B starting in year 2
    # builds in 3-5 (3 > 2.5), in year 3 builds in 4-6 (3 in year 4), in year 4 in 5-7: fits
    both = _inputs(tmp_path, _capacity(demolition=5, construction=2.5))
    e = evaluate_plan(plan, both).evaluation
    assert e.shifted == [("B", inp.year0 + 1, inp.year0 + 4)]
    assert e.pace.construction.max() <= 2.5 + 1e-9
    # the shifted block's flows move with it: its demolition is booked in year 4
    demolition = e.ledger.actor("municipality")[CATEGORY_LIST.index("demolition")]
    assert np.flatnonzero(demolition).tolist() == [1, 4]


def test_a_block_larger_than_a_years_capacity_is_refused_with_its_id(tmp_path: Path) -> None:
    inp = _inputs(tmp_path, _capacity(demolition=3))
    with pytest.raises(InputError) as err:
        evaluate_plan(_renew(inp, inp.year0 + 1), inp)
    text = str(err.value)
    assert "block A" in text and "capacity.demolition" in text and "block B" not in text


def test_a_shift_past_the_horizon_is_refused_with_the_block(tmp_path: Path) -> None:
    # horizon 8 years: A in year 1 (built 2-4), B pushed by construction to year 4 -> delivered
    # in year 7 = the last year of the horizon: refused, naming B and the capacity
    short = "general:\n  horizon: {value: 8, assumption: t, range: [1, 50]}\n"
    inp = _inputs(tmp_path, _capacity(demolition=5, construction=2.5) + short)
    with pytest.raises(InputError, match=r"block B.*capacity") as err:
        evaluate_plan(_renew(inp, inp.year0 + 1), inp)
    assert "block A" not in str(err.value)


def test_sales_pace_delays_sales_services_and_land_value_by_hand(tmp_path: Path) -> None:
    # block A only, all free-sector: 6 new homes, the 2 returning owners (H1, H2) take 2 at
    # delivery (end of year 1 + 3 = 4), 4 go to the market; at 2 a year, 2 sell in year 4 and
    # 2 in year 5. The developer's holding cost at finance.interest_rate 10 %: the residual land
    # value of a home falls by (price / 1.21) × (1 − 1/1.1) for each home sold a year late.
    slow = _at_ten_percent(tmp_path, _capacity(sales=2))
    fast = _at_ten_percent(tmp_path, _capacity())
    plan = _renew(slow, slow.year0 + 1, B=Intervention(intervention="none"))
    s, f = evaluate_plan(plan, slow), evaluate_plan(plan, fast)
    c = s.evaluation.counts
    assert (c["new_homes"], c["returning_owners"]) == (6, 2)
    sales = s.evaluation.ledger.actor("new_residents")[CATEGORY_LIST.index("sales")]
    assert np.flatnonzero(sales).tolist() == [4, 5]
    assert sales[4] == pytest.approx(sales[5])  # the same homes' price in a flat world
    r = slow.assumptions.renewal
    price = {
        t: r.new_home_floor_area.values[t] * r.sale_price.values[t] for t in r.sale_price.values
    }
    houses, flats = c["new_ground_bound"], c["new_apartments"]
    mean_price = (houses * price["ground_bound"] + flats * price["apartment"]) / 6
    late = 2 * mean_price / 1.21 * (1 - 1 / 1.1)
    lost = category(f, "municipality", "land_issue") - category(s, "municipality", "land_issue")
    assert lost == pytest.approx(late, rel=1e-9)
    # homes standing empty give no housing services: the MKBA is lower by one year of two homes
    assert s.evaluation.mkba.balance < f.evaluation.mkba.balance
    assert s.evaluation.pace.sales[3].tolist()[4:6] == [2.0, 2.0]


def test_capacity_is_respected_in_every_year_on_the_voorbeeldwijk() -> None:
    inp = _voorbeeldwijk()
    dem, con, sales = capacity.limits(inp)
    for plan in ("all-renew", "mix"):
        e = evaluate_plan(plan, inp).evaluation
        assert (e.pace.demolition <= dem + 1e-9).all()
        assert (e.pace.construction <= con + 1e-9).all()
        # the horizon's last year takes what is left; none is left in the Voorbeeldwijk
        assert (e.pace.sales <= sales[:, None] + 1e-9).all()
        assert e.counts["unsold_at_horizon"] == 0
        asg = e.assignment
        assert asg.planned is not None and (asg.start >= asg.planned).all()
        # every new home is sold or let once
        assert e.pace.sales.sum() + e.counts["returning_owners"] == e.counts["new_homes"]


@given(
    dem=st.floats(24, 300),
    con=st.floats(20, 300),
    k=st.floats(1.0, 2.5),
    spread=st.integers(1, 12),
)
@settings(max_examples=60, deadline=None)
def test_schedule_respects_capacity_and_never_starts_early(
    dem: float, con: float, k: float, spread: int
) -> None:
    inp = _voorbeeldwijk()
    blk = np.arange(len(inp.block_ids))
    demolished = np.bincount(inp.d_block).astype(float)
    new = np.round(k * demolished)
    planned = 1 + (blk * spread) // len(blk)
    leaves = {
        "capacity.demolition": Parameter(
            value=dem, unit="dwellings/yr", assumption="t", range=(0, 1000)
        ),
        "capacity.construction": Parameter(
            value=con, unit="homes/yr", assumption="t", range=(0, 1000)
        ),
    }
    limited = replace(inp, assumptions=inp.assumptions.with_leaves(leaves))  # type: ignore[arg-type]
    start = capacity.schedule(limited, "t", blk, planned, demolished, new)
    assert (start >= planned).all()
    build = int(inp.assumptions.renewal.build_years.value)
    years = np.arange(start.max() + build + 1)
    per_year = np.bincount(start, weights=demolished)
    assert (per_year <= dem + 1e-9).all()
    building = (years[None, :] > start[:, None]) & (years[None, :] <= start[:, None] + build)
    assert ((building * (new / build)[:, None]).sum(axis=0) <= con + 1e-9).all()
    # no block could have started a year earlier (given the blocks before it): shifted starts are
    # needed, not arbitrary — checked through the first block, which never waits
    first = np.lexsort((blk, planned))[0]
    assert start[first] == planned[first]


@given(
    homes=st.lists(st.integers(0, 40), min_size=1, max_size=8),
    done=st.lists(st.integers(1, 20), min_size=8, max_size=8),
    cap=st.floats(1, 50),
)
@settings(max_examples=100, deadline=None)
def test_absorb_sells_every_home_once_within_capacity(
    homes: list[int], done: list[int], cap: float
) -> None:
    n = len(homes)
    table = Table(
        values=dict.fromkeys(
            ("social_rent", "mid_rent", "affordable_purchase", "free_purchase"), cap
        ),
        unit="homes/yr",
        assumption="t",
        range=(0, 1000),
    )
    base = _voorbeeldwijk()
    inp = replace(base, assumptions=base.assumptions.with_leaves({"capacity.sales": table}))
    on_market = np.zeros((n, 4))
    on_market[:, 3] = homes
    when = np.array(done[:n])
    sold = capacity.absorb(inp, when, on_market)
    assert sold.sum(axis=2) == pytest.approx(on_market)  # every home once
    assert (sold[:, 3, :-1].sum(axis=0) <= cap + 1e-9).all()  # the last year takes the rest
    for i in range(n):  # nothing is sold before it is delivered
        assert sold[i, :, : when[i]].sum() == 0


def test_expropriation_by_hand(tmp_path: Path) -> None:
    # block A expropriated: the start (year 1) moves by acquisition.expropriation_years (3) to
    # year 4; its owners get WOZ × 1.15 (full compensation above the werkelijke waarde) in a flat
    # world: (250,000 + 230,000 + 225,000 + 240,000) × 1.15 = 1,086,750, and the procedure costs
    # 4 × 10,000 on top of the side costs
    inp = _inputs(tmp_path)
    amicable = _renew(inp, inp.year0 + 1, B=Intervention(intervention="none"))
    forced = amicable.model_copy(
        update={
            "default": Intervention(
                intervention="renew",
                densification=1.5,
                start_year=inp.year0 + 1,
                acquisition="expropriation",
            )
        }
    )
    a, x = evaluate_plan(amicable, inp), evaluate_plan(forced, inp)
    assert x.evaluation.assignment.start[0] == a.evaluation.assignment.start[0] + 3
    assert x.evaluation.counts["expropriated"] == 4
    assert x.evaluation.shifted == []  # the lag is the plan's, not the capacity's
    paid = -category(x, "municipality", "acquisition")
    assert paid == pytest.approx(945_000 * 1.15)
    assert -category(a, "municipality", "acquisition") == pytest.approx(945_000)
    side = category(a, "municipality", "acquisition_side_costs")
    assert category(x, "municipality", "acquisition_side_costs") == pytest.approx(side - 40_000)
    with pytest.raises(ValueError, match="acquisition applies only"):
        Intervention(intervention="repair", acquisition="expropriation")


def test_evaluate_json_shows_capacity_shifts_and_expropriation() -> None:
    plan = Path(__file__).parents[1] / "examples" / "plans" / "mix-sociaal-doorschuiven.yaml"
    out = runner.invoke(app, ["evaluate", "--plan", str(plan), "--json"])
    assert out.exit_code == 0, out.stdout
    data = json.loads(out.stdout)
    # B2A04 has 16 dwellings (data/voorbeeldwijk); start 2030, acquired 2033 after the procedure
    assert data["counts"]["expropriated"] == 16
    cap = data["capacity"]
    assert cap["first_year"] == 2026 and len(cap["demolition"]["per_year"]) == 30
    assert cap["demolition"]["per_year"][2033 - 2026] == 16
    assert set(cap["sales"]) == {"social_rent", "mid_rent", "affordable_purchase", "free_purchase"}
    assert cap["shifted_starts"] == []
    shifted = json.loads(runner.invoke(app, ["evaluate", "--plan", "all-renew", "--json"]).stdout)[
        "capacity"
    ]["shifted_starts"]
    assert shifted and all(s["start_year"] > s["planned_year"] for s in shifted)
