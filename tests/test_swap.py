"""Nieuw voor oud on the mini neighbourhood, one household by hand (issue #4 §2)."""

from __future__ import annotations

import json

import numpy_financial as npf
import pytest
from typer.testing import CliRunner

from tests.test_engine import flat  # noqa: F401  (fixture: mini neighbourhood, no indexation)
from wijkaanpak.analysis.evaluate import evaluate_plan
from wijkaanpak.cli.main import app
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.mortgage import annuity_factor
from wijkaanpak.model.plan import Intervention, Plan

RENEW = Plan(name="renew", default=Intervention(intervention="renew", densification=1.5))


def test_household_h1_by_hand(flat: Inputs) -> None:  # noqa: F811
    rows = evaluate_plan(RENEW, flat).household_table()
    h1 = rows.loc["H1"]
    # examples/mini: H1 lives in dwelling 1 (terraced end house, WOZ 250,000, 90 m², label F),
    # owes 180,000 at 3.9 % for 22 more years; incomes 48,000 + 22,000.
    assert h1["equity_eur"] == 70_000  # 250,000 intake (no indexation) − 180,000
    # block A gets round(4 × 1.5 × 0.45) = 3 ground-bound homes; H1 wants one and is first in line
    assert h1["new_home"] == "ground_bound"
    assert h1["price_eur"] == 110 * 4_200  # 462,000
    # NHG: price + buying costs 466,000 ≤ the 2026 cost limit 470,000 (NHG V&N 2026), so the fee of
    # 0.4 % comes on the loan and the rate is 3.9 − 0.5 = 3.4 % (households.nhg_rate_discount)
    required = (462_000 + 4_000 - 70_000) * 1.004  # + buying costs − equity, + fee = 397,584
    assert h1["required_loan_eur"] == pytest.approx(required, abs=1)
    # max loan: 70,000 at 3.4 % (10 years fixed) -> table 1 row 70,000, band ≤ 3.5 % = 22.7 %
    # (Trhk bijlage 1, 2026); monthly 70,000 × 0.227 / 12 = 1,324.17 × annuity factor, + 25,000
    # for label A+++ (2026); below the loan-to-value limit of 462,000 (Trhk art. 5)
    expected_max = 70_000 * 0.227 / 12 * float(annuity_factor(3.4, 30)) + 25_000
    assert expected_max < 462_000
    assert h1["max_loan_eur"] == pytest.approx(expected_max, abs=1)
    assert h1["can_finance"] == (expected_max >= required)
    # monthly before: annuity on 180,000 at 3.9 % over 22 years (numpy-financial) + energy F 25 €/m²/yr × 90 m²
    before = -npf.pmt(0.039, 22, 180_000) / 12 + 25 * 90 / 12
    after = (
        -npf.pmt(0.034, 30, required) / 12 + 9 * 110 / 12
    )  # new loan at the NHG rate + energy A+++ 9 €/m²/yr × 110 m²
    assert h1["monthly_before_eur"] == pytest.approx(before, abs=1)
    assert h1["monthly_after_eur"] == pytest.approx(after, abs=1)
    assert bool(h1["closed_purse"]) == (h1["can_finance"] and after <= before)
    assert h1["gap_eur"] > 0  # monthly cost rises: 1,087 -> 1,950 a month


def test_only_owner_occupiers_in_renewed_blocks(flat: Inputs) -> None:  # noqa: F811
    rows = evaluate_plan(RENEW, flat).household_table()
    assert sorted(rows.index) == ["H1", "H2", "H5", "H6"]  # H3, H4 are tenants
    none = evaluate_plan("all-repair", flat)
    assert none.households["owner_households"] == 0


def test_households_command_shows_aggregates_only_unless_asked() -> None:
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["households", "--json"]).stdout)
    assert data["plan"] == "all-renew" and "households" not in data
    summary = data["summary"]
    assert 0 <= summary["closed_purse"] <= summary["can_finance"] <= summary["owner_households"]
    assert summary["tenants_to_rehouse"] > 0
    rows = json.loads(runner.invoke(app, ["households", "--individual", "--json"]).stdout)[
        "households"
    ]
    assert len(rows) == summary["owner_households"]
    assert sum(r["closed_purse"] for r in rows) == summary["closed_purse"]


def test_ground_lease_for_h1_by_hand(tmp_path: object) -> None:
    from pathlib import Path

    from tests.conftest import EXAMPLES
    from tests.test_engine import FLAT
    from wijkaanpak.io.assumptions import load_assumptions
    from wijkaanpak.io.neighbourhood import read_neighbourhood
    from wijkaanpak.model.inputs import prepare

    path = Path(str(tmp_path)) / "lease.yaml"
    path.write_text(
        FLAT.replace(
            "households:\n", "households:\n  ground_lease: {value: true, assumption: test}\n"
        ),
        "utf-8",
    )
    inp = prepare(read_neighbourhood(EXAMPLES / "mini"), load_assumptions(path))
    h1 = evaluate_plan(RENEW, inp).household_table().loc["H1"]
    # land share 0.3 of 462,000 is left out of the price; canon 2.5 % of 138,600 = 3,465 a year
    assert h1["price_eur"] == pytest.approx(462_000 * 0.7, abs=1)
    canon = 462_000 * 0.3 * 0.025
    # within the NHG cost limit: fee 0.4 % on the loan, rate 3.4 % (band ≤ 3.5 %: 22.7 %)
    required = (462_000 * 0.7 + 4_000 - 70_000) * 1.004
    assert h1["required_loan_eur"] == pytest.approx(required, abs=1)
    # the canon counts 100 % as housing cost (NHG V&N C9): it lowers the monthly room of the norms
    room = 70_000 * 0.227 / 12 - canon / 12
    assert h1["max_loan_eur"] == pytest.approx(
        room * float(annuity_factor(3.4, 30)) + 25_000, abs=1
    )
    after = -npf.pmt(0.034, 30, required) / 12 + 9 * 110 / 12 + canon / 12
    assert h1["monthly_after_eur"] == pytest.approx(after, abs=1)
