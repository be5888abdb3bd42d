"""The exploitation engine on a hand-computed mini neighbourhood, against numpy-financial, and its
invariants (issue #3 §7)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from wijkaanpak.analysis.evaluate import densification_sweep, evaluate_plan
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.engine import evaluate
from wijkaanpak.model.finance import annuity_payment, npv
from wijkaanpak.model.inputs import Inputs, prepare
from wijkaanpak.model.plan import Intervention, Plan, builtin_plan

# Flat world for hand calculation: no indexation, no discounting, no interest, no plan costs.
FLAT = """
general:
  discount_rate: {value: 0, source: test}
finance:
  interest_rate: {value: 0, source: test}
  cost_index: {value: 0, source: test}
  revenue_index: {value: 0, source: test}
  woz_index: {value: 0, source: test}
renewal:
  plan_costs: {value: 0, source: test}
foundation:
  damage_growth: {values: {wood: 0, shallow: 0, piled: 0}, source: test}
households:
  income_growth: {value: 0, source: test}
"""


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    path = tmp_path_factory.mktemp("a") / "flat.yaml"
    path.write_text(FLAT, "utf-8")
    return prepare(read_neighbourhood(EXAMPLES / "mini"), load_assumptions(path))


@pytest.fixture(scope="module")
def mini() -> Inputs:
    return prepare(read_neighbourhood(EXAMPLES / "mini"), load_assumptions())


def category(result: object, actor: str, name: str) -> float:
    from wijkaanpak.model.ledger import CATEGORY_LIST

    led = result.evaluation.ledger  # type: ignore[attr-defined]
    return float(led.actor(actor)[CATEGORY_LIST.index(name)].sum())


def test_block_repair_costs_by_hand(flat: Inputs) -> None:
    r = evaluate_plan("all-repair", flat)
    # examples/mini, shipped assumptions, no indexation:
    # block A (shallow, mean ground-floor level (-0.10-0.20-0.20-0.10)/4 = -0.15 m ≤ -0.10 -> jacked):
    #   54 m² × 350 + 4,500 research + 54 × 500 jacking + 54 × 35 floor insulation = 52,290 per home
    # block B (wooden piles, level +0.125 m, no jacking): 54 × 1,950 + 4,500 + 54 × 35 = 111,690
    # owner-occupied: dwellings 1, 2 (A) and 5, 6 (B) = 2 × 52,290 + 2 × 111,690 = 327,960
    assert category(r, "owner_occupiers", "foundation_repair") == pytest.approx(-327_960)
    assert category(r, "private_landlords", "foundation_repair") == pytest.approx(-52_290)
    assert category(r, "housing_association", "foundation_repair") == pytest.approx(-52_290)
    assert r.evaluation.counts["repaired"] == 6


def test_renewal_by_hand(flat: Inputs) -> None:
    plan = Plan(name="renew", default=Intervention(intervention="renew", densification=1.5))
    r = evaluate_plan(plan, flat)
    c = r.evaluation.counts
    # new homes: block A 1.5 × 4 = 6, ground-bound share at 1.5 = 0.45 -> round(2.7) = 3 (+3 flats);
    # block B 1.5 × 2 = 3, round(1.35) = 1 ground-bound (+2 flats) -> 9 homes, 4 ground-bound, 5 flats
    assert (c["demolished"], c["new_homes"], c["new_ground_bound"], c["new_apartments"]) == (
        6,
        9,
        4,
        5,
    )
    # intake = WOZ (no indexation): 250k+230k+225k+240k+320k+315k = 1,580,000 paid by the WOM
    assert category(r, "municipality", "acquisition") == pytest.approx(-1_580_000)
    assert category(r, "owner_occupiers", "acquisition") == pytest.approx(
        250_000 + 230_000 + 320_000 + 315_000
    )
    assert category(r, "government", "transfer_tax") == 0  # WOM exemption (Wbr art. 15 lid 1 sub o)
    # relocation allowance 7,428 (2024) for the two tenant households H3 and H4
    assert category(r, "tenants", "relocation") == pytest.approx(2 * 7_428)
    assert category(r, "municipality", "demolition") == pytest.approx(-6 * 15_000)
    # construction: floor 4 × 110 m² houses at 0.95 and 5 × 75 m² flats at 1.05 of the cost per m²
    # (programme.construction_type_factor) = 811.75 m² × 2,709 × (1 − 0.15) / 1.21 = 1,544,773.67
    build = (4 * 110 * 0.95 + 5 * 75 * 1.05) * 2709 * 0.85 / 1.21
    assert category(r, "developers", "construction") == pytest.approx(-build)
    # sales: 4 × 110 × 4,200 + 5 × 75 × 4,700 = 3,610,500; land = 3,610,500 / 1.21 − construction × 1.08
    sales = 4 * 110 * 4200 + 5 * 75 * 4700
    land = sales / 1.21 - build * 1.08
    assert category(r, "municipality", "land_issue") == pytest.approx(land)
    assert category(r, "government", "vat") == pytest.approx(sales * 0.21 / 1.21)
    # returning owners: H1 yes, H2 yes, H5 no, H6 yes (H3/H4 are tenants) -> 3
    assert c["returning_owners"] == 3
    assert category(r, "owner_occupiers", "sales") == pytest.approx(-3 * sales / 9)


def test_three_views_reconcile_on_the_voorbeeldwijk() -> None:
    for name in ("all-none", "all-repair", "all-renew"):
        e = evaluate_plan(name).evaluation
        rate = e.inputs.assumptions.general.discount_rate.value / 100
        led = e.ledger  # real resources over the horizon and repairs due after it
        resources = float(npv(rate, led.extended(led.societal, led.later_societal).sum(axis=0)))
        assert sum(e.actor_npv.values()) == pytest.approx(resources, rel=1e-9, abs=1.0)
        both = e.exploitation_npv + e.maintenance_npv
        assert both == pytest.approx(e.actor_npv["municipality"])
        assert sum(e.mkba.distribution.values()) == pytest.approx(e.mkba.balance, abs=1.0)
    # no exploitation without renewal: street raising and sewers are maintenance (issue #11)
    assert evaluate_plan("all-none").exploitation_npv == 0.0


def test_npv_and_annuity_match_numpy_financial() -> None:
    flows = np.array([-100.0, 20.0, 30.0, 80.0])
    # numpy-financial discounts its first value at t = 0; ours fall at the end of each year
    assert float(npv(0.02, flows)) == pytest.approx(npf.npv(0.02, np.r_[0.0, flows]))
    assert float(annuity_payment(250_000, 0.05, 30)) == pytest.approx(-npf.pmt(0.05, 30, 250_000))


def test_zero_discount_rate_is_the_plain_sum(flat: Inputs) -> None:
    e = evaluate_plan("all-renew", flat).evaluation
    assert sum(e.actor_npv.values()) == pytest.approx(e.ledger.societal.sum())
    assert e.exploitation_npv == pytest.approx(e.exploitation_flows.sum())


def test_sweep_marks_the_cap_and_the_best_factor() -> None:
    table = densification_sweep("all-renew", step=0.05)
    assert (
        len(table) == 31
        and table["densification"].iloc[0] == 1.0
        and table["densification"].iloc[-1] == 2.5
    )
    best = table[table["best_under_cap"]]
    assert len(best) == 1 and best["densification"].item() <= 1.5
    assert table.loc[~table["within_cap"], "densification"].min() > 1.5


interventions = st.sampled_from(["none", "repair", "renew"])


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    blocks = {}
    for block in ("A", "B"):
        kind = draw(interventions)
        blocks[block] = Intervention(
            intervention=kind,
            start_year=draw(st.one_of(st.none(), st.integers(2026, 2050))),
            densification=draw(st.floats(1.0, 2.5)) if kind == "renew" else 1.0,
            target_label=draw(st.sampled_from([None, "B", "A"])) if kind == "repair" else None,
            write_down=draw(st.booleans()) if kind == "renew" else False,
        )
    return Plan(name="random", default=Intervention(intervention="none"), blocks=blocks)


@settings(max_examples=40, deadline=None)
@given(plan=plans())
def test_the_views_reconcile_for_any_plan(mini: Inputs, plan: Plan) -> None:
    e = evaluate(mini, plan)
    rate = mini.assumptions.general.discount_rate.value / 100
    led = e.ledger  # real resources over the horizon and repairs due after it
    resources = float(npv(rate, led.extended(led.societal, led.later_societal).sum(axis=0)))
    assert sum(e.actor_npv.values()) == pytest.approx(resources, rel=1e-9, abs=1e-3)
    # the MKBA's distribution (incl. transfers) sums to its balance (transfers cancel)
    assert sum(e.mkba.distribution.values()) == pytest.approx(e.mkba.balance, rel=1e-9, abs=1e-3)


COSTS = [
    "renewal.demolition",
    "renewal.construction",
    "renewal.site_preparation",
    "renewal.public_space_finishing",
    "public_space.parking_hub",
    "public_space.street_raising",
    "public_space.sewer_renewal",
    "renewal.temporary_housing",
]


@settings(max_examples=25, deadline=None)
@given(plan=plans(), key=st.sampled_from(COSTS), factor=st.floats(1.01, 3.0))
def test_raising_a_cost_never_raises_the_exploitation_npv(
    mini: Inputs, plan: Plan, key: str, factor: float, tmp_path_factory: pytest.TempPathFactory
) -> None:
    section, name = key.split(".")
    base = getattr(getattr(mini.assumptions, section), name)
    path = Path(tmp_path_factory.mktemp("c")) / "more.yaml"
    path.write_text(
        f"{section}:\n  {name}: {{value: {base.value * factor}, source: test}}\n", "utf-8"
    )
    dearer = prepare(read_neighbourhood(EXAMPLES / "mini"), load_assumptions(path))
    assert evaluate(dearer, plan).exploitation_npv <= evaluate(mini, plan).exploitation_npv + 1e-6


def test_builtin_plan_names() -> None:
    assert builtin_plan("all-renew").default.densification == 1.5
    with pytest.raises(KeyError, match="built-in plans"):
        builtin_plan("all-magic")


def test_block_attribution_adds_up() -> None:
    plan = Path(EXAMPLES / "plans" / "mix-voorbeeldwijk.yaml")
    result = evaluate_plan(str(plan))
    blocks = result.blocks
    assert len(blocks) == 93  # 92 blocks + the neighbourhood as a whole
    municipality = result.exploitation_npv + result.evaluation.maintenance_npv
    assert blocks["exploitation_npv_eur"].sum() == pytest.approx(municipality, rel=1e-9)
    assert (blocks.loc["B1A01", "intervention"], blocks.loc["B2E01", "intervention"]) == (
        "renew",
        "none",
    )
    assert blocks.loc["B2A01", "start_year"] == 2030  # given in the plan file
    # a renewed block costs the municipality; a repaired one (owners pay) does not, beyond its street
    assert (
        blocks.loc["B1A01", "exploitation_npv_eur"]
        < blocks.loc["B3B01", "exploitation_npv_eur"]
        <= 0
    )


def test_intake_methods_by_hand(flat: Inputs, tmp_path: Path) -> None:
    model = Plan(name="m", default=Intervention(intervention="renew"), intake="model")
    r = evaluate_plan(model, flat)
    # model value (shipped assumptions, no indexation): houses 3,100 €/m²; mini homes are all houses:
    # floor areas 90 + 85 + 85 + 90 + 110 + 110 = 570 m² × 3,100 = 1,767,000
    assert category(r, "municipality", "acquisition") == pytest.approx(-570 * 3_100)
    # appraisal for dwelling 1 only (260,000); the others fall back to their WOZ value
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(EXAMPLES / "mini", folder)
    table = (folder / "dwellings.csv").read_text("utf-8").splitlines()
    table[0] += ",appraisal_value"
    table[1] += ",260000"
    table[2:] = [line + "," for line in table[2:]]
    (folder / "dwellings.csv").write_text("\n".join(table) + "\n", "utf-8")
    inp = prepare(read_neighbourhood(folder), flat.assumptions)
    appraised = Plan(name="a", default=Intervention(intervention="renew"), intake="appraisal")
    acquisition = category(evaluate_plan(appraised, inp), "municipality", "acquisition")
    assert acquisition == pytest.approx(-(1_580_000 - 250_000 + 260_000))


def test_suggested_mix_renews_only_urgent_subsided_blocks() -> None:
    from wijkaanpak.analysis.evaluate import context, resolve_plan

    inp = context()
    plan = resolve_plan("mix", inp)
    renewed = [b for b, i in plan.blocks.items() if i.intervention == "renew"]
    left = [b for b, i in plan.blocks.items() if i.intervention == "none"]
    assert renewed and left and plan.default.intervention == "repair"
    index = {str(b): k for k, b in enumerate(inp.block_ids)}
    for block in renewed:
        homes = inp.d_block == index[block]
        assert inp.d_crit[homes].min() <= 6  # critical within 6 years
        assert inp.d_level[homes].mean() <= inp.assumptions.foundation.jacking_threshold.value
        assert plan.blocks[block].densification == inp.assumptions.renewal.densification_cap.value
    for block in left:  # only blocks that never become critical (concrete piles)
        assert np.isinf(inp.d_crit[inp.d_block == index[block]]).all()
