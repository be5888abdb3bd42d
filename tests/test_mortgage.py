"""Maximum mortgage under the Trhk 2026 (issue #4 §1): values by hand from the legal tables."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.norms import load_norms
from wijkaanpak.model.mortgage import Norms, annuity_factor, max_mortgage

NORMS = load_norms(load_assumptions(), 2026)
A30_5 = 186.28161  # (1 − 1.0041667^−360) / 0.0041667: 30-year annuity factor at 5.0 %


def loan(**kw: object) -> float:
    args = {
        "income_1": 60_000,
        "income_2": 0,
        "offered_rate": 5.0,
        "fixed_years": 10,
        "aow": False,
    } | kw
    return float(max_mortgage(NORMS, **args).max_loan[0])  # type: ignore[arg-type]


def test_the_brief_example() -> None:
    # Domain brief §6: 60,000 at 5.0 % -> table 1 row 60,000, band ≤ 5.0 % -> 24.6 % -> EUR 229,126
    m = max_mortgage(NORMS, 60_000, 0, 5.0, 10, False)
    assert m.percentage[0] == 24.6
    assert m.monthly_room[0] == pytest.approx(60_000 * 0.246 / 12)  # 1,230.00
    assert m.annuity_loan[0] == pytest.approx(229_126, abs=1)
    assert float(annuity_factor(5.0, 30)) == pytest.approx(A30_5, abs=1e-4)


def test_single_person_amount_of_art_3_lid_8() -> None:
    # 2026: single, test income above 30,000 (below AOW age) -> + 17,000 (Stcrt. 2025, 36471, art. I A)
    assert loan() == pytest.approx(229_126 + 17_000, abs=1)
    # two earners: no single amount; 45,000 + 15,000 = 60,000 -> same 24.6 % -> 229,126
    assert loan(income_1=45_000, income_2=15_000) == pytest.approx(229_126, abs=1)
    # single at exactly 30,000 is not *above* 30,000: table 1 row 30,000 at 5.0 % = 21.6 %
    assert loan(income_1=30_000) == pytest.approx(30_000 * 0.216 / 12 * A30_5, abs=1)
    # at AOW age the threshold is 29,000: 30,000 qualifies; table 2 row 30,000 at 5.0 % = 22.1 %
    assert loan(income_1=30_000, aow=True) == pytest.approx(
        30_000 * 0.221 / 12 * A30_5 + 17_000, abs=1
    )


def test_test_rate_rule() -> None:
    # fixed for 5 years at 3.9 % -> tested at 5.0 %; fixed for 10 years -> tested at 3.9 %
    short = max_mortgage(NORMS, 60_000, 1, 3.9, 5, False)
    long = max_mortgage(NORMS, 60_000, 1, 3.9, 10, False)
    assert short.test_rate[0] == 5.0 and long.test_rate[0] == 3.9
    # table 1, row 60,000 (income 60,001): band ≤ 4.0 % = 22.6 %
    assert long.percentage[0] == 22.6
    assert long.annuity_loan[0] == pytest.approx(
        60_001 * 0.226 / 12 * float(annuity_factor(3.9, 30)), abs=1
    )


def test_band_and_row_boundaries() -> None:
    # rate exactly 5.0 % is in band "≤ 5.0 %"; 5.001 % in "5.001–5.5 %" (25.5 % at row 60,000)
    assert max_mortgage(NORMS, 60_000, 1, 5.0, 10, False).percentage[0] == 24.6
    assert max_mortgage(NORMS, 60_000, 1, 5.001, 10, False).percentage[0] == 25.5
    # row: the last row whose lower bound ≤ test income (partner's 1 euro included):
    # 64,998 + 1 = 64,999 -> row 64,000 (≤ 5.0 %: 24.6); 64,999 + 1 = 65,000 -> row 65,000 (24.7)
    assert max_mortgage(NORMS, 64_998, 1, 5.0, 10, False).percentage[0] == 24.6
    assert max_mortgage(NORMS, 64_999, 1, 5.0, 10, False).percentage[0] == 24.7


def test_aow_table() -> None:
    # table 2 (AOW age reached), row 30,000, band ≤ 1.5 % = 19.2 %
    assert max_mortgage(NORMS, 30_000, 1, 1.5, 10, True).percentage[0] == 19.2


def test_label_amounts_per_year() -> None:
    assert loan(income_2=1, label="A++++_guarantee") - loan(income_2=1) == pytest.approx(40_000)
    assert loan(income_2=1, label="A+++") - loan(income_2=1) == pytest.approx(25_000)
    norms_2025_labels = load_assumptions().mortgage.energy_label_amounts[2025].values
    assert norms_2025_labels["A++++_guarantee"] == 50_000  # the report's (2025) table
    with pytest.raises(ValueError, match="unknown energy label"):
        loan(label="H")


def test_canon_counts_fully() -> None:
    # canon 3,000/yr = 250/month less room: 250 × 186.2816 = 46,570 less loan
    assert loan(income_2=1) - loan(income_2=1, canon=3_000) == pytest.approx(250 * A30_5, abs=1)


incomes = st.floats(0, 200_000)
rates = st.floats(0.5, 9.0)


@settings(max_examples=150, deadline=None)
@given(
    income=incomes,
    extra=st.floats(0, 50_000),
    rate=rates,
    aow=st.booleans(),
    partner=st.floats(0, 80_000),
)
def test_max_loan_never_falls_when_income_rises(
    income: float, extra: float, rate: float, aow: bool, partner: float
) -> None:
    base = max_mortgage(NORMS, income, partner, rate, 10, aow).max_loan[0]
    assert max_mortgage(NORMS, income + extra, partner, rate, 10, aow).max_loan[0] >= base - 1e-6


@settings(max_examples=150, deadline=None)
@given(
    income=incomes, rate=rates, more=st.floats(0, 3), canon=st.floats(0, 10_000), aow=st.booleans()
)
def test_max_loan_never_rises_with_test_rate_within_a_band_or_with_canon(
    income: float, rate: float, more: float, canon: float, aow: bool
) -> None:
    base = max_mortgage(NORMS, income, 1, rate, 10, aow)
    higher = max_mortgage(NORMS, income, 1, rate + more, 10, aow)
    if higher.percentage[0] == base.percentage[0]:  # same interest band of bijlage 1
        assert higher.max_loan[0] <= base.max_loan[0] + 1e-6
    assert (
        max_mortgage(NORMS, income, 1, rate, 10, aow, canon=canon).max_loan[0]
        <= base.max_loan[0] + 1e-6
    )


def test_crossing_a_band_edge_can_raise_the_max_loan() -> None:
    # Not a bug: bijlage 1 raises the percentage by a whole point per band (at 60,000: 18.7 % for
    # ≤ 2.0 %, 19.7 % for 2.001–2.5 %), more than the annuity factor falls. By hand:
    # 2.00 %: 60,001 × 0.187 / 12 × 270.55 ≈ 252,967; 2.25 %: 60,001 × 0.197 / 12 × 261.61 ≈ 257,692
    # (the annuity factors are months: 360 payments)
    low = max_mortgage(NORMS, 60_000, 1, 2.0, 10, False).max_loan[0]
    high = max_mortgage(NORMS, 60_000, 1, 2.25, 10, False).max_loan[0]
    assert high > low
    assert low == pytest.approx(60_001 * 0.187 / 12 * float(annuity_factor(2.0, 30)), abs=1)


def test_vectorised_over_households() -> None:
    m = max_mortgage(NORMS, [60_000, 30_000], [0, 20_000], [5.0, 4.0], [10, 10], [False, False])
    assert m.max_loan.shape == (2,)
    assert m.max_loan[0] == pytest.approx(loan())
    assert isinstance(NORMS, Norms)


# --- issue #13 §1: the legal details, worked examples by hand from the 2026 tables -------------
# (the research note for #13; percentages from data/norms/financieringslastpercentages-2026.csv)
A30_39 = 212.01344  # 30-year annuity factor at 3.9 %


def test_a_one_earner_couple_is_not_single() -> None:
    # Trhk art. 3 lid 8: "een consument die alleenstaand is" — a household of one adult. A couple
    # with one income was treated as single (no second income): 40,000 at 5.0 % -> table 1
    # 24.6 % -> 820.00 a month -> 152,750.93; single: + 17,000
    assert loan(income_1=40_000, single=False) == pytest.approx(152_750.93, abs=0.5)
    assert loan(income_1=40_000, single=True) == pytest.approx(169_750.93, abs=0.5)


def test_the_art_4_lid_4_amount_only_up_to_the_measures_cost() -> None:
    # "het deel van het hypothecair krediet dat daarvoor is aangewend", up to the amount for the
    # home's label (G: 20,000 in 2026). 60,000, not single, 5.0 %: 229,126.39 without measures
    base = 229_126.39
    g = {"sustainability_label": "G", "single": False}
    assert loan(**g) == pytest.approx(base, abs=0.5)  # a foundation repair alone: nothing
    assert loan(**g, energy_measures_cost=8_000) == pytest.approx(base + 8_000, abs=0.5)
    assert loan(**g, energy_measures_cost=30_000) == pytest.approx(base + 20_000, abs=0.5)
    # label C: at most 15,000
    c = {"sustainability_label": "C", "single": False}
    assert loan(**c, energy_measures_cost=30_000) == pytest.approx(base + 15_000, abs=0.5)


def test_the_aow_rule_takes_the_lower_test() -> None:
    # Trhk art. 2 lid 4 (NHG V&N 6.7): a couple of 60 in 2026 reaches AOW (67 y 3 m) in 2033,
    # within ten years: 40,000 + 20,000 at 3.9 % -> table 1 22.6 % -> 1,130.00 -> 239,575.19;
    # after AOW 28,757.28 AOW + 18,000 pension = 46,757.28 -> table 2 row 46,500 at 3.9 %: 27.9 %
    # -> 1,087.11 a month -> 230,481.25, the lower: it binds
    args = {"income_1": 40_000, "income_2": 20_000, "offered_rate": 3.9, "single": False}
    today = max_mortgage(NORMS, **args, fixed_years=10, aow=False)  # type: ignore[arg-type]
    assert float(today.max_loan[0]) == pytest.approx(239_575.19, abs=0.5)
    m = max_mortgage(NORMS, **args, fixed_years=10, aow=False, income_after_aow=46_757.28)  # type: ignore[arg-type]
    assert float(m.max_loan[0]) == pytest.approx(46_757.28 * 0.279 / 12 * A30_39, abs=0.5)
    assert float(m.max_loan[0]) == pytest.approx(230_481.25, abs=0.5)
    assert m.binding[0] == "income_after_aow" and today.binding[0] == "income"
    # a higher income after AOW does not raise the maximum: the lower test counts
    more = max_mortgage(NORMS, **args, fixed_years=10, aow=False, income_after_aow=90_000)  # type: ignore[arg-type]
    assert float(more.max_loan[0]) == pytest.approx(239_575.19, abs=0.5)
    assert more.binding[0] == "income"


def test_households_reaching_aow_within_ten_years(tmp_path: object) -> None:
    # examples/mini: H5 (58 and 57, 61,000 + 30,000) starts a loan in year 1, aged 59: AOW age
    # (67.25 from 2028) comes within ten years. Without a pension_income: the couple's AOW
    # 28,757.28 + households.pension_share 0.4 × 91,000 = 65,157.28 a year after AOW.
    # H1 (42) is far from AOW: today's income alone.
    import numpy as np

    from tests.conftest import EXAMPLES
    from wijkaanpak.io.neighbourhood import read_neighbourhood
    from wijkaanpak.model.inputs import prepare
    from wijkaanpak.model.swap import household_max_mortgage, income_after_aow

    inp = prepare(read_neighbourhood(EXAMPLES / "mini"), load_assumptions())
    ids = list(inp.h_id)
    h1, h5 = ids.index("H1"), ids.index("H5")
    sel = np.array([h1, h5])
    assert income_after_aow(inp, sel)[1] == pytest.approx(28_757.28 + 0.4 * 91_000)
    m = household_max_mortgage(inp, NORMS, sel, 1)
    h = inp.assumptions.households
    g = 1.03  # incomes (and the AOW and pension) grow households.income_growth 3 % to year 1
    plain = max_mortgage(
        NORMS,
        [48_000 * g, 61_000 * g],
        [22_000 * g, 30_000 * g],
        h.offered_rate.value,
        h.fixed_years.value,
        False,
        single=[False, False],
        table_index=g,
    )
    later = max_mortgage(
        NORMS,
        65_157.28 * g,
        0,
        h.offered_rate.value,
        h.fixed_years.value,
        True,
        single=False,
        table_index=g,
    )
    assert m.max_loan[0] == pytest.approx(plain.max_loan[0])
    assert m.max_loan[1] == pytest.approx(min(plain.max_loan[1], later.max_loan[0]))
    assert m.binding.tolist() == ["income", "income_after_aow"]


def test_cli_mortgage_names_the_binding_limit() -> None:
    import json

    from typer.testing import CliRunner

    from wijkaanpak.cli.main import app

    run = CliRunner()
    base = ["mortgage", "--income", "40000", "--partner-income", "20000", "--test-rate", "3.9"]
    # the couple of 60 from the worked example: the test after AOW binds (230,481.25)
    aow = run.invoke(
        app,
        [
            *base,
            "--adults",
            "2",
            "--age",
            "60",
            "--start-year",
            "2026",
            "--pension-income",
            "46757.28",
            "--json",
        ],
    )
    assert aow.exit_code == 0, aow.output
    got = json.loads(aow.stdout)
    assert got["binding"] == "income_after_aow"
    assert got["max_loan_eur"] == pytest.approx(230_481.25, abs=0.01)
    # aged 50: AOW is more than ten years away, today's income binds (239,575.19)
    young = json.loads(run.invoke(app, [*base, "--adults", "2", "--age", "50", "--json"]).stdout)
    assert young["binding"] == "income"
    assert young["max_loan_eur"] == pytest.approx(239_575.19, abs=0.01)
    # Trhk art. 5: at most the market value
    ltv = json.loads(run.invoke(app, [*base, "--market-value", "200000", "--json"]).stdout)
    assert (ltv["binding"], ltv["max_loan_eur"]) == ("ltv", 200_000)
    # one adult with one income: single (+ 17,000 above 30,000); two adults: not
    one = json.loads(
        run.invoke(app, ["mortgage", "--income", "40000", "--adults", "1", "--json"]).stdout
    )
    two = json.loads(
        run.invoke(app, ["mortgage", "--income", "40000", "--adults", "2", "--json"]).stdout
    )
    assert one["single_amount_eur"] == 17_000 and two["single_amount_eur"] == 0
