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
    # 2.00 %: 60,001 × 0.187 / 12 × 369.62 ≈ 345,6xx; 2.25 %: 60,001 × 0.197 / 12 × 356.5x ≈ 351,2xx
    low = max_mortgage(NORMS, 60_000, 1, 2.0, 10, False).max_loan[0]
    high = max_mortgage(NORMS, 60_000, 1, 2.25, 10, False).max_loan[0]
    assert high > low
    assert low == pytest.approx(60_001 * 0.187 / 12 * float(annuity_factor(2.0, 30)), abs=1)


def test_vectorised_over_households() -> None:
    m = max_mortgage(NORMS, [60_000, 30_000], [0, 20_000], [5.0, 4.0], [10, 10], [False, False])
    assert m.max_loan.shape == (2,)
    assert m.max_loan[0] == pytest.approx(loan())
    assert isinstance(NORMS, Norms)
