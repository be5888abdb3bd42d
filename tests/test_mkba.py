"""The MKBA against the nulalternatief (issue #11): the worked example of docs/mkba.md by hand, and
the invariants of the method (CPB/PBL leidraad 2013): a plan equal to the nulalternatief has no
effects, transfers move no welfare, the distribution sums to the balance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import EXAMPLES
from wijkaanpak.analysis.evaluate import context, evaluate_plan
from wijkaanpak.cli.main import app
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.engine import evaluate
from wijkaanpak.model.inputs import Inputs, prepare
from wijkaanpak.model.plan import Intervention, Measures, Plan, builtin_plan

WORKED = EXAMPLES / "mkba"


@pytest.fixture(scope="module")
def mini() -> Inputs:
    return context(EXAMPLES / "mini")


@pytest.fixture(scope="module")
def voorbeeldwijk() -> Inputs:
    return context()


def with_file(tmp: Path, text: str) -> Path:
    path = tmp / "a.yaml"
    path.write_text(text, "utf-8")
    return path


def test_worked_example_by_hand() -> None:
    # docs/mkba.md §"Worked example": examples/mini, block A (4 homes) repaired in 2027 (year
    # index 1), block B does nothing; no price changes, no discounting (examples/mkba/flat.yaml);
    # prepared without mortgage norms, so no owner is judged unable to pay.
    inp = prepare(read_neighbourhood(EXAMPLES / "mini"), load_assumptions(WORKED / "flat.yaml"))
    m = evaluate_plan(str(WORKED / "repair-block-a.yaml"), inp).evaluation.mkba
    cost = 54 * 350 + 4_500 + 54 * 500 + 54 * 35  # 52,290 per home (tests/test_engine.py)
    # damage growth: shallow 2 %/yr × subsidence / 3 mm/yr: homes 1, 4 at 4.0 mm/yr, 2, 3 at 4.5
    growth = [0.02 * 4.0 / 3, 0.02 * 4.5 / 3, 0.02 * 4.5 / 3, 0.02 * 4.0 / 3]
    # critical: moderate 12 yr × 3/4.0 = 9 (homes 1, 4); enforcement term 10 yr (homes 2, 3)
    crit = [9, 10, 10, 9]
    plan = sum(cost * (1 + g) ** 1 for g in growth)
    alone = sum(cost * 1.25 * (1 + g) ** c for g, c in zip(growth, crit, strict=True))
    assert m.effects["foundation_repair"] == pytest.approx(alone - plan, abs=0.01)  # 126,259.61
    # all four are damaged (moderate/severe) → known from 2026; unrepaired in year 0 (plan) vs
    # years 0 … crit − 1 (nulalternatief): 800 €/yr × (8 + 9 + 9 + 8)
    assert m.effects["consequential_damage"] == pytest.approx(800 * 34)
    assert m.effects["enforcement"] == pytest.approx(4 * 2_500)  # four forced repairs avoided
    # services 3.0 % × WOZ; half (mkba.price_effect_share) of −12 % while known and unrepaired
    # and of +2 % once repaired; the repair year counts 9 of 12 months in both. Per home:
    # WOZ × 0.030 × 0.5 × (0.12 + 0.02) × (crit − 1)
    woz = [250_000, 230_000, 225_000, 240_000]
    quality = sum(v * 0.030 * 0.5 * 0.14 * (c - 1) for v, c in zip(woz, crit, strict=True))
    assert m.effects["foundation_quality"] == pytest.approx(quality)  # 16,831.50
    # the same months out of the home, the same number of street raisings (2027 and 2042 against
    # 2033 and 2048), both repaired by the horizon: no effect on services, streets or values
    for key in ("housing_services", "street_raising", "residual_value", "energy", "co2"):
        assert m.effects[key] == pytest.approx(0.0, abs=1e-6)
    assert m.balance == pytest.approx(alone - plan + 800 * 34 + 10_000 + quality, abs=0.01)
    assert m.distribution["municipality"] == pytest.approx(10_000)  # no enforcement to pay
    assert sum(m.distribution.values()) == pytest.approx(m.balance)


@settings(max_examples=20, deadline=None)
@given(
    starts=st.lists(st.one_of(st.none(), st.integers(2026, 2060)), min_size=2, max_size=2),
    phasing=st.integers(1, 40),
)
def test_a_plan_equal_to_the_nulalternatief_has_no_effects(
    mini: Inputs, starts: list[int | None], phasing: int
) -> None:
    blocks = {
        b: Intervention(intervention="none", start_year=s)
        for b, s in zip(("A", "B"), starts, strict=True)
    }
    plan = Plan(name="ook niets", default=Intervention(intervention="none"), blocks=blocks)
    plan = plan.model_copy(update={"phasing_years": phasing})
    m = evaluate(mini, plan).mkba
    assert m.balance == 0.0 and all(v == 0.0 for v in m.effects.values())
    assert all(v == 0.0 for v in m.distribution.values())


def test_all_none_against_itself_is_zero_on_the_voorbeeldwijk(voorbeeldwijk: Inputs) -> None:
    m = evaluate_plan("all-none", voorbeeldwijk).evaluation.mkba
    assert m.balance == 0.0 and m.bc_ratio is None
    assert evaluate_plan("all-none", voorbeeldwijk).evaluation.counts["homes_left_empty"] > 0


#: Parameters that only move money between actors; (section, name, new value).
TRANSFERS = [
    ("taxes", "vat", 9.0),
    ("taxes", "transfer_tax_other_residential", 10.4),
    ("taxes", "wom_exemption", False),
    ("renewal", "relocation_allowance", 12_000),
    ("renewal", "temporary_housing", 1_700),
    ("renewal", "return_discount", 15),
    ("renewal", "subsidy", 25_000),
    ("finance", "interest_rate", 4.0),
]


@settings(max_examples=12, deadline=None)
@given(
    change=st.sampled_from(TRANSFERS),
    intake=st.sampled_from(["woz", "model", "appraisal"]),
    write_down=st.booleans(),
    block=st.sampled_from(["renew", "repair", "none"]),
)
def test_a_transfer_moves_no_welfare(
    mini: Inputs,
    tmp_path_factory: pytest.TempPathFactory,
    change: tuple[str, str, object],
    intake: str,
    write_down: bool,
    block: str,
) -> None:
    section, name, value = change
    shown = str(value).lower() if isinstance(value, bool) else value
    path = with_file(
        tmp_path_factory.mktemp("t"), f"{section}:\n  {name}: {{value: {shown}, source: test}}\n"
    )
    other = context(EXAMPLES / "mini", path)
    plan = Plan(
        name="p",
        default=Intervention(intervention="renew", densification=1.5, write_down=write_down),
        blocks={"B": Intervention(intervention=block)},
    )
    base = evaluate(mini, plan).mkba
    changed = evaluate(other, plan.model_copy(update={"intake": intake})).mkba
    assert changed.balance == pytest.approx(base.balance, rel=1e-9, abs=1e-3)
    assert sum(changed.distribution.values()) == pytest.approx(changed.balance, abs=1e-3)


def test_a_transfer_does_change_the_distribution(mini: Inputs, tmp_path: Path) -> None:
    path = with_file(tmp_path, "taxes:\n  wom_exemption: {value: false, source: test}\n")
    plan = builtin_plan("all-renew")
    base, taxed = evaluate(mini, plan).mkba, evaluate(context(EXAMPLES / "mini", path), plan).mkba
    assert taxed.balance == pytest.approx(base.balance, abs=1e-3)
    # 8 % transfer tax on the intake: the WOM pays it, the state receives it
    assert taxed.distribution["government"] > base.distribution["government"] + 1_000
    assert taxed.distribution["municipality"] < base.distribution["municipality"] - 1_000


def balance(plan: str, tmp: Path, yaml: str) -> float:
    inp = context(assumptions=with_file(tmp, yaml)) if yaml else context()
    return evaluate_plan(plan, inp).evaluation.mkba.balance


def test_a_larger_price_effect_of_unrepaired_foundations_raises_the_value_of_repair(
    tmp_path: Path,
) -> None:
    base = balance("all-repair", tmp_path, "")
    more = balance(
        "all-repair", tmp_path, "foundation:\n  value_discount: {value: 20, source: test}\n"
    )
    assert more > base


def test_faster_damage_growth_raises_the_value_of_acting_early(tmp_path: Path) -> None:
    base = balance("all-repair", tmp_path, "")
    faster = balance(
        "all-repair",
        tmp_path,
        "foundation:\n  damage_growth: {values: {wood: 6, shallow: 5, piled: 0}, source: test}\n",
    )
    assert faster > base


def test_a_sensitivity_row_is_the_balance_of_a_full_run_at_that_rate(tmp_path: Path) -> None:
    yaml = "mkba:\n  sensitivity_rates: {values: {same: 2.25, high: 4.0}, source: test}\n"
    m = evaluate_plan("all-repair", context(assumptions=with_file(tmp_path, yaml))).evaluation.mkba
    assert m.sensitivity[2.25] == pytest.approx(m.balance)
    # every flow, also a repair due after the horizon, is discounted at the row's rate
    rate = "mkba:\n  discount_rate: {value: 4.0, source: test}\n"
    full = evaluate_plan("all-repair", context(assumptions=with_file(tmp_path, rate)))
    assert m.sensitivity[4.0] == pytest.approx(full.evaluation.mkba.balance, rel=1e-9)


def test_a_repair_put_off_past_the_horizon_is_still_counted(mini: Inputs) -> None:
    # home 5 (block B, wood, slight damage, 2 mm/yr) becomes critical in year 30: after the
    # horizon. Repairing block B now must not look dearer than the nulalternatief by the whole
    # repair: the nulalternatief carries that repair after the horizon (at most the home's value)
    plan = Plan(
        name="b",
        default=Intervention(intervention="none"),
        blocks={"B": Intervention(intervention="repair", start_year=2027)},
    )
    e = evaluate(mini, plan)
    later = e.ledger.later_societal.sum()
    base = evaluate(mini, builtin_plan("all-none")).ledger.later_societal.sum()
    assert base < 0 and later == 0.0  # only the nulalternatief has a repair after 2055
    assert e.mkba.effects["foundation_repair"] > -2 * 118_238  # not both repairs as a loss


def test_start_years_outside_the_horizon_are_refused(mini: Inputs) -> None:
    from wijkaanpak.model.issues import InputError

    late = Plan(
        name="laat",
        default=Intervention(intervention="none"),
        blocks={"A": Intervention(intervention="renew", start_year=2054)},
    )
    with pytest.raises(InputError, match="block A") as err:
        evaluate(mini, late)
    assert "start_year" in str(err.value) and "2057" in str(err.value)
    early = Plan(
        name="vroeg",
        default=Intervention(intervention="none"),
        blocks={"B": Intervention(intervention="repair", start_year=2020)},
    )
    with pytest.raises(InputError, match="before the peildatum"):
        evaluate(mini, early)


def test_measures_differing_from_the_nulalternatief_are_effects(mini: Inputs) -> None:
    plan = Plan(
        name="no streets",
        default=Intervention(intervention="none"),
        measures=Measures(street_raising=False),
    )
    m = evaluate(mini, plan).mkba
    assert m.effects["street_raising"] > 0 and m.balance == pytest.approx(
        m.effects["street_raising"]
    )


runner = CliRunner()


def test_evaluate_and_compare_json_carry_the_mkba_contract(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", "--plan", "all-repair", "--json"])
    assert result.exit_code == 0, result.output
    mkba = json.loads(result.stdout)["mkba"]
    assert {"balance_eur", "benefits_eur", "costs_eur", "bc_ratio", "discount_rate_pct"} <= set(
        mkba
    )
    assert {"effects", "distribution"} <= set(mkba) and mkba["discount_rate_pct"] == 2.25
    for effect in mkba["effects"]:
        assert set(effect) == {"key", "label", "kind", "eur"}
        assert effect["kind"] in {"cost", "benefit", "pm"}
        assert (effect["eur"] is None) == (effect["kind"] == "pm")
    assert mkba["benefits_eur"] - mkba["costs_eur"] == pytest.approx(mkba["balance_eur"], abs=0.05)
    # --assumptions overrides the new parameters too
    path = with_file(tmp_path, "mkba:\n  discount_rate: {value: 3.5, source: test}\n")
    both = runner.invoke(
        app, ["compare", "all-none", "all-repair", "--assumptions", str(path), "--json"]
    )
    assert both.exit_code == 0, both.output
    plans = json.loads(both.stdout)
    assert [p["mkba"]["discount_rate_pct"] for p in plans] == [3.5, 3.5]
    assert plans[0]["mkba"]["balance_eur"] == 0.0
    assert plans[1]["mkba"]["balance_eur"] != pytest.approx(mkba["balance_eur"])


def test_compare_prints_the_mkba_tables_in_both_languages() -> None:
    nl = runner.invoke(app, ["compare", "all-none", "all-repair"])
    assert nl.exit_code == 0 and "MKBA-saldo" in nl.output and "PM" in nl.output
    en = runner.invoke(app, ["compare", "all-none", "all-repair", "--lang", "en"])
    assert en.exit_code == 0 and "Housing services" in en.output and "distribution" in en.output
