"""The kitchen-table overview (issue #13 §2 and §4): one household under one plan, its instruments,
the CLI's JSON and the one-page PDF. Household H1 of examples/mini (see tests/test_swap.py) renewed
at densification 1.5 with no indexation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from tests.test_engine import flat  # noqa: F401  (fixture: mini neighbourhood, no indexation)
from tests.test_swap import RENEW
from wijkaanpak.analysis.evaluate import evaluate_plan
from wijkaanpak.analysis.household_overview import Overviews, overview
from wijkaanpak.cli.main import app
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.instruments import deferred_payment

runner = CliRunner()


def _options(ov: dict[str, object]) -> dict[str, dict[str, float]]:
    return {o["instrument"]: o for o in ov["options"]}  # type: ignore[attr-defined,index]


def test_h1_renewal_timeline_and_verdict(flat: Inputs) -> None:  # noqa: F811
    result = evaluate_plan(RENEW, flat)
    ov = overview(result, "H1")
    # phasing starts block A in 2027 (year 1); build_years 3 -> ready 2030; 24 months temporary
    assert ov["intervention"] == "renew" and ov["owner_occupier"]
    assert (ov["start_year"], ov["ready_year"]) == (2027, 2030)
    assert ov["meanwhile"] == {"where": "temporary_home", "months": 24.0, "paid_by": "project"}
    row = result.household_table().loc["H1"]
    swap = ov["swap"]
    assert swap["gap_eur"] == round(row["gap_eur"]) and swap["closed_purse"] is False
    assert swap["nhg"] and swap["rate_pct"] == 3.4


def test_h1_instruments_by_hand(flat: Inputs) -> None:  # noqa: F811
    ov = overview(evaluate_plan(RENEW, flat), "H1")
    gap = ov["swap"]["gap_eur"]
    o = _options(ov)
    # social rent (programme.rent, 2026 level, no indexation): 850 + energy of a new A+++
    # apartment 9 €/m² × 75 m² / 12 = 56.25 -> 906; it closes the whole gap
    assert o["social_rent"]["monthly_eur"] == 906
    assert o["social_rent"]["closes_eur"] == gap and o["social_rent"]["gap_after_eur"] == 0
    # a deferred loan is at most 20 % of the price 462,000 = 92,400 (SVn Starterslening)
    assert o["deferred_loan"]["closes_eur"] <= 92_400 + 1
    # an extra discount is at most 20 % of the price (instruments.max_return_discount)
    assert 0 < o["return_discount"]["closes_eur"] <= 92_400 * 1.004 + 1
    # H1 gets a ground-bound home: an apartment is the smaller home
    assert "smaller_home" in o
    # every instrument leaves the gap as it says: gap − closes
    for name, opt in o.items():
        if not opt["counted"]:
            assert opt["gap_after_eur"] == pytest.approx(gap - opt["closes_eur"], abs=1), name


def test_deferred_payment_grows_with_the_free_years() -> None:
    import numpy as np

    # 10,000 at 3.6 %: after 3 free years 10,000 × 1.036³ = 11,119.06, as a 27-year annuity:
    # 11,119.06 × 0.036 / (1 − 1.036^−27) / 12 = 52.80 a month (PyPSA-style annuity by hand)
    full = 10_000 * 1.036**3 * 0.036 / (1 - 1.036**-27) / 12
    got = deferred_payment(np.array([10_000.0]), 3.6, 30, 3, np.array([1e9]))
    assert got[0] == pytest.approx(full)
    # the means test: never more than the room the norms leave
    assert deferred_payment(np.array([10_000.0]), 3.6, 30, 3, np.array([20.0]))[0] == 20.0


def test_tenant_in_renewed_block_is_rehoused(flat: Inputs) -> None:  # noqa: F811
    ov = overview(evaluate_plan(RENEW, flat), "H3")  # H3 rents dwelling 3
    assert ov["owner_occupier"] is False and ov["swap"] is None and ov["options"] == []
    assert ov["meanwhile"]["where"] == "rehoused_by_landlord"


def test_repair_owner_sees_share_and_block(flat: Inputs) -> None:  # noqa: F811
    ov = overview(evaluate_plan("all-repair", flat), "H6")
    # tests/test_repair_finance.py: H6's share 111,690, 8,000 from savings, 103,690 support;
    # block B is not feasible
    r = ov["repair"]
    assert (r["share_eur"], r["from_savings_eur"], r["support_eur"]) == (111_690, 8_000, 103_690)
    assert r["block_feasible"] is False
    names = [o["instrument"] for o in ov["options"]]
    assert names == ["fund_maatwerk", "municipal_support"]


def test_unknown_household_is_a_key_error(flat: Inputs) -> None:  # noqa: F811
    with pytest.raises(KeyError):
        Overviews(evaluate_plan(RENEW, flat)).of("H99")


def test_cli_household_json_names_the_options() -> None:
    out = runner.invoke(
        app, ["households", "--plan", "all-renew", "--household", "H0001", "--json"]
    )
    assert out.exit_code == 0, out.stdout
    data = json.loads(out.stdout)
    assert data["household_id"] == "H0001" and data["plan"] == "all-renew"
    assert data["options"], "H0001 has a gap in all-renew"
    for o in data["options"]:
        assert {"instrument", "closes_eur", "monthly_eur"} <= set(o)


def test_cli_unknown_household_says_which() -> None:
    out = runner.invoke(app, ["households", "--household", "H-nope"])
    assert out.exit_code == 2
    assert "H-nope" in out.output and "Traceback" not in out.output


def test_cli_pdf_sheet_names_the_households_numbers(tmp_path: Path) -> None:
    data = json.loads(
        runner.invoke(
            app, ["households", "--plan", "all-renew", "--household", "H0001", "--json"]
        ).stdout
    )
    out = runner.invoke(
        app, ["households", "--plan", "all-renew", "--household", "H0001", "--pdf", str(tmp_path)]
    )
    assert out.exit_code == 0, out.output
    reader = PdfReader(tmp_path / "H0001.pdf")
    assert len(reader.pages) == 1  # one page for the conversation
    text = reader.pages[0].extract_text()
    gap = round(data["swap"]["gap_eur"], -2)  # the sheet rounds to hundreds
    assert f"{gap:,.0f}".replace(",", ".") in text
    assert "H0001" in text and "Tekort" in text


def test_household_sheet_is_an_accessible_pdf_in_both_languages(flat: Inputs) -> None:  # noqa: F811
    from tests.pdf_checks import assert_accessible
    from wijkaanpak.report.household_sheet import pdf_bytes, sections

    ov = overview(evaluate_plan(RENEW, flat), "H1")
    for lang in ("nl", "en"):
        title = sections(ov, lang)[0]
        found = assert_accessible(pdf_bytes(ov, lang), lang=lang, title=title)
        assert found  # tagged PDF/UA-1, its language and title, table headers with a scope
