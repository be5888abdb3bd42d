"""Block-repair affordability on the mini neighbourhood, by hand (issue #4 §3)."""

from __future__ import annotations

import numpy_financial as npf
import pytest

from tests.test_engine import flat  # noqa: F401  (fixture: mini neighbourhood, no indexation)
from wijkaanpak.analysis.evaluate import evaluate_plan
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.mortgage import annuity_factor


def by_household(flat_inputs: Inputs) -> dict[str, dict[str, float]]:
    result = evaluate_plan("all-repair", flat_inputs)
    rf = result.repair_finance
    ids = flat_inputs.h_id[rf.households]
    return {
        str(h): {
            "share": rf.share[i],
            "savings": rf.from_savings[i],
            "mortgage": rf.from_mortgage[i],
            "fund": rf.from_fund[i],
            "support": rf.support[i],
        }
        for i, h in enumerate(ids)
    }


def test_h1_pays_from_savings_and_extra_mortgage(flat: Inputs) -> None:  # noqa: F811
    h1 = by_household(flat)["H1"]
    # block A share: 52,290 (see test_engine.test_block_repair_costs_by_hand); savings 15,000
    assert h1["share"] == pytest.approx(52_290)
    assert h1["savings"] == 15_000
    # extra mortgage: capped by value − debt = 250,000 − 180,000 = 70,000 ≥ the 37,290 still needed
    assert h1["mortgage"] == pytest.approx(37_290)
    assert h1["fund"] == 0 and h1["support"] == 0


def test_h6_needs_support(flat: Inputs) -> None:  # noqa: F811
    h6 = by_household(flat)["H6"]
    # block B (wooden piles) share: 111,690; savings 8,000 -> 103,690 left
    assert h6["share"] == pytest.approx(111_690)
    assert h6["savings"] == 8_000
    # extra mortgage: the legal maximum for a single with 52,000 at 3.9 % (table 1, row 52,000,
    # ≤ 4.0 %: 22.6 %) + 17,000 (art. 3 lid 8) + 20,000 (art. 4 lid 4, label E) is below the debt
    # of 260,000, so no extra mortgage
    max_loan = 52_000 * 0.226 / 12 * float(annuity_factor(3.9, 30)) + 17_000 + 20_000
    assert max_loan < 260_000
    assert h6["mortgage"] == 0
    # the fund's loan (103,690 + 850 at 3.6 %, 30 years) does not fit either: the norms leave no
    # monthly room next to the current payment on 260,000 (979 < 1,226 a month)
    current = -npf.pmt(0.039, 30, 260_000) / 12
    assert current > 52_000 * 0.226 / 12
    assert h6["fund"] == 0 and h6["support"] == pytest.approx(103_690)


def test_block_feasibility(flat: Inputs) -> None:  # noqa: F811
    summary = evaluate_plan("all-repair", flat).households
    assert summary["repair_blocks"] == 2
    assert summary["repair_blocks_feasible"] == 1  # block A yes, block B no (H6)
    assert summary["repair_owner_households"] == 4  # H1, H2, H5, H6
    parts = (
        "repair_from_savings_eur",
        "repair_from_mortgage_eur",
        "repair_from_fund_eur",
        "repair_support_eur",
    )
    assert sum(summary[p] for p in parts) == pytest.approx(summary["repair_share_eur"])


def test_every_financing_route_is_used_in_the_voorbeeldwijk() -> None:
    s = evaluate_plan("all-repair").households
    assert s["repair_from_savings_eur"] > 0 and s["repair_from_mortgage_eur"] > 0
    assert s["repair_from_fund_eur"] > 0 and s["repair_support_eur"] > 0
    assert 0 < s["repair_blocks_feasible"] < s["repair_blocks"]
