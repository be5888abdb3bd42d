"""The legal details of issue #13 §1 that the nieuw-voor-oud verdict applies, each with a worked case
on household H1 of examples/mini (dwelling 1: WOZ 250,000; owes 180,000 at 3.9 % for 22 more years;
incomes 48,000 + 22,000), renewed at densification 1.5 with no indexation (``FLAT``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy_financial as npf
import pandas as pd
import pytest

from tests.conftest import EXAMPLES
from tests.test_engine import FLAT
from tests.test_swap import RENEW
from wijkaanpak.analysis.evaluate import evaluate_plan
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.inputs import Inputs, prepare
from wijkaanpak.model.mortgage import annuity_factor


def _inputs(tmp_path: Path, extra: str = "", **h1: float) -> Inputs:
    path = tmp_path / "a.yaml"
    flat = FLAT.replace("  income_growth: {value: 0, source: test}\n", "") if extra else FLAT
    path.write_text(flat.replace("households:\n", "households:\n" + extra), "utf-8")
    nbh = read_neighbourhood(EXAMPLES / "mini")
    hh = nbh.households.copy()
    for field, value in h1.items():
        hh.loc["H1", field] = value
    return prepare(replace(nbh, households=hh), load_assumptions(path))


def _swap_h1(inp: Inputs) -> dict[str, object]:
    result = evaluate_plan(RENEW, inp)
    s = result.swap
    k = list(inp.h_id[s.households]).index("H1")
    return {
        f: getattr(s, f)[k] for f in ("required_loan", "max_loan", "binding", "nhg", "rate")
    } | {
        "after": s.monthly_after[k],
        "before": s.monthly_before[k],
        "kept": s.interest_only[k],
    }


def test_above_the_nhg_cost_limit_no_fee_and_no_discount(tmp_path: Path) -> None:
    # a ground-bound home at 4,300 €/m² × 110 m² = 473,000: with 4,000 buying costs above the
    # NHG cost limit of 470,000 (NHG V&N 2026): the plain offered rate 3.9 %, no 0.4 % fee
    extra = "  income_growth: {value: 0, source: test}\n"
    path = tmp_path / "a.yaml"
    path.write_text(
        FLAT.replace(
            "renewal:\n",
            "renewal:\n  sale_price: {values: {ground_bound: 4300, apartment: 4700}, source: test}\n",
        ).replace(
            "households:\n  income_growth: {value: 0, source: test}\n", "households:\n" + extra
        ),
        "utf-8",
    )
    inp = prepare(read_neighbourhood(EXAMPLES / "mini"), load_assumptions(path))
    h1 = _swap_h1(inp)
    assert h1["nhg"] is False or not h1["nhg"]
    assert h1["rate"] == pytest.approx(3.9)
    assert h1["required_loan"] == pytest.approx(473_000 + 4_000 - 70_000)  # 407,000, no fee


def test_within_the_nhg_cost_limit_fee_and_lower_rate(tmp_path: Path) -> None:
    h1 = _swap_h1(_inputs(tmp_path))
    # 462,000 + 4,000 = 466,000 ≤ 470,000: fee 0.4 % of the loan, rate 3.9 − 0.5 = 3.4 %
    assert h1["nhg"] and h1["rate"] == pytest.approx(3.4)
    assert h1["required_loan"] == pytest.approx(396_000 * 1.004)


def test_loan_to_value_limits_a_high_income(tmp_path: Path) -> None:
    # with 250,000 + 22,000 the norms allow far more than the home is worth; Trhk art. 5 lid 2
    # caps the loan at 100 % of the new home's value: its price of 462,000
    h1 = _swap_h1(_inputs(tmp_path, income_1=250_000))
    assert h1["max_loan"] == pytest.approx(462_000)
    assert h1["binding"] == "ltv"


def test_a_remaining_debt_may_come_on_top_of_the_value(tmp_path: Path) -> None:
    # owes 300,000 on a home taken in at 250,000: equity −50,000. Trhk art. 5 lid 3 lets the
    # remaining debt come on top: limit 462,000 + 50,000 = 512,000
    h1 = _swap_h1(_inputs(tmp_path, income_1=250_000, mortgage_outstanding=300_000))
    assert h1["max_loan"] == pytest.approx(512_000)
    assert h1["binding"] == "ltv"


def test_income_below_the_ltv_limit_binds_on_income(tmp_path: Path) -> None:
    h1 = _swap_h1(_inputs(tmp_path))
    assert h1["binding"] == "income"
    assert h1["max_loan"] == pytest.approx(
        70_000 * 0.227 / 12 * float(annuity_factor(3.4, 30)) + 25_000, abs=1
    )


def test_interest_only_part_is_kept_on_the_new_home(tmp_path: Path) -> None:
    # 100,000 of the 180,000 is interest-only (from before 2013)
    h1 = _swap_h1(_inputs(tmp_path, mortgage_interest_only=100_000))
    # before: annuity on the repaying 80,000 over 22 years + interest on 100,000 + energy F
    before = -npf.pmt(0.039, 22, 80_000) / 12 + 100_000 * 0.039 / 12 + 25 * 90 / 12
    assert h1["before"] == pytest.approx(before, abs=0.01)
    # after: kept 100,000 (≤ 50 % of 462,000) costs interest only at the NHG rate 3.4 %; the rest
    # of the 397,584 a 30-year annuity; + energy A+++ 9 €/m² × 110 m²
    required = 396_000 * 1.004
    assert h1["kept"] == pytest.approx(100_000)
    after = -npf.pmt(0.034, 30, required - 100_000) / 12 + 100_000 * 0.034 / 12 + 9 * 110 / 12
    assert h1["after"] == pytest.approx(after, abs=0.01)
    # the norms test the whole loan as an annuity (Trhk art. 3): the maximum does not change
    plain = _swap_h1(_inputs(tmp_path))
    assert h1["max_loan"] == pytest.approx(plain["max_loan"])


def test_interest_only_kept_at_most_half_the_value(tmp_path: Path) -> None:
    # 260,000 interest-only on a 260,000 debt: at most 50 % of 462,000 = 231,000 may stay
    h1 = _swap_h1(_inputs(tmp_path, mortgage_outstanding=260_000, mortgage_interest_only=260_000))
    assert h1["kept"] == pytest.approx(231_000)


def test_incomes_grow_to_the_loan_year(tmp_path: Path) -> None:
    # 3 % a year: phasing starts block A in year 1 and it delivers in year 4 (build_years 3)
    grown = _swap_h1(_inputs(tmp_path, "  income_growth: {value: 3, source: test}\n"))
    # 70,000 × 1.03⁴ = 78,786; the table's income bounds are taken to grow alike, so the row is
    # still 70,000 (≤ 3.5 %: 22.7 %) and the monthly room grows with the income
    income = 70_000 * 1.03**4
    assert grown["max_loan"] == pytest.approx(
        income * 0.227 / 12 * float(annuity_factor(3.4, 30)) + 25_000, abs=1
    )


def test_an_interest_only_part_above_the_debt_is_refused(tmp_path: Path) -> None:
    import shutil

    from wijkaanpak.model.issues import InputError

    copy = tmp_path / "mini"
    shutil.copytree(EXAMPLES / "mini", copy)
    hh = pd.read_csv(copy / "households.csv")
    hh.loc[hh["household_id"] == "H1", "mortgage_interest_only"] = 200_000  # owes 180,000
    hh.to_csv(copy / "households.csv", index=False)
    with pytest.raises(InputError, match="mortgage_interest_only"):
        read_neighbourhood(copy)
