"""The command line as a user meets it (issue #2 §6 and 'done when')."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLES
from wijkaanpak.cli.main import app
from wijkaanpak.texts import euro, number

runner = CliRunner()


def test_wijk_prints_the_summary_and_says_it_is_fictional() -> None:
    result = runner.invoke(app, ["wijk"])
    assert result.exit_code == 0, result.output
    assert "FICTIEVE wijk" in result.output
    assert "Woningen" in result.output and "918" in result.output
    assert "Funderingstype" in result.output and "no_pile_strips" in result.output
    assert "Bodemdaling [mm/jr]" in result.output  # units in brackets survive rich markup
    assert "Verharding [m²] 66.358" in result.output  # Dutch thousands separator


def test_wijk_json_has_counts(voorbeeldwijk: object) -> None:
    result = runner.invoke(app, ["wijk", "--json"])
    data = json.loads(result.stdout)
    assert data["dwellings"] == 918 and data["blocks"] == 92
    assert sum(data["by_block"].values()) == data["dwellings"]
    assert sum(data["by_tenure"].values()) == data["dwellings"]
    assert data["fictional"] is True


def test_wijk_on_the_mini_example_in_english() -> None:
    result = runner.invoke(
        app, ["wijk", "--neighbourhood", str(EXAMPLES / "mini"), "--lang", "en", "--json"]
    )
    data = json.loads(result.stdout)
    # examples/mini/dwellings.csv: WOZ 250,000 + 230,000 + 225,000 + 240,000 + 320,000 + 315,000
    assert data["woz_eur"]["total"] == 1_580_000
    assert data["by_block"] == {"A": 4, "B": 2}


def test_broken_csv_gives_one_line_per_error_and_exit_code_2() -> None:
    result = runner.invoke(
        app, ["wijk", "--neighbourhood", str(EXAMPLES / "broken" / "text_in_build_year")]
    )
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("✗")]
    assert len(lines) == 1
    # Dutch by default (the place and the message), the reader's own words with --lang en
    assert "dwellings.csv, rij 4 (9999010000000003), veld 'build_year': moet " in lines[0]
    english = runner.invoke(
        app, ["wijk", "-n", str(EXAMPLES / "broken" / "text_in_build_year"), "--lang", "en"]
    )
    assert "dwellings.csv, row 4 (9999010000000003), field 'build_year'" in english.stderr
    assert "Traceback" not in result.output


def test_assumptions_show_a_source_for_every_number() -> None:
    result = runner.invoke(app, ["assumptions", "--json"])
    params = json.loads(result.stdout)["parameters"]
    # every number has a source, or an assumption with a range (a named choice needs no range)
    assert all(
        p["source"] or (p["assumption"] and (p["range"] or isinstance(p["value"], str | bool)))
        for p in params
    )
    table = runner.invoke(app, ["assumptions"])
    assert table.exit_code == 0 and "Commissie BBV" in table.output


def test_bad_assumptions_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("general:\n  horizon: {value: 30, unit: months, source: x}\n", "utf-8")
    result = runner.invoke(app, ["assumptions", "--assumptions", str(bad), "--lang", "en"])
    assert result.exit_code == 2
    assert "unit must be 'yr', got 'months'" in result.stderr
    dutch = runner.invoke(app, ["assumptions", "--assumptions", str(bad)])
    assert "horizon: de eenheid moet 'yr' zijn, niet 'months'" in dutch.stderr


def test_import_bag_then_check(tmp_path: Path) -> None:
    out = tmp_path / "bloemwijk.gpkg"
    bag = EXAMPLES / "bag"
    result = runner.invoke(
        app,
        [
            "import-bag",
            "--pand",
            str(bag / "pand.geojson"),
            "--verblijfsobject",
            str(bag / "verblijfsobject.csv"),
            "--foundation",
            str(bag / "funderingen.csv"),
            "--dwelling-data",
            str(bag / "woningen.csv"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    check = runner.invoke(app, ["check", str(out)])
    assert check.exit_code == 0 and "8 woningen, 2 bouwblokken" in check.output


def test_schema_markdown_in_docs_is_up_to_date() -> None:
    result = runner.invoke(app, ["schema", "--markdown"])
    docs = (Path(__file__).resolve().parent.parent / "docs" / "schema.md").read_text("utf-8")
    assert result.stdout == docs, "regenerate: wijkaanpak schema --markdown > docs/schema.md"


def test_schema_describes_the_columns_in_dutch_and_with_lang_en_in_english() -> None:
    dutch = runner.invoke(app, ["schema", "metadata"], env={"COLUMNS": "200"})
    english = runner.invoke(app, ["schema", "metadata", "--lang", "en"], env={"COLUMNS": "200"})
    assert "Naam van de wijk." in dutch.stdout and "Name of the" not in dutch.stdout
    assert "Name of the neighbourhood." in english.stdout


def test_dutch_number_formatting() -> None:
    assert euro(1234567) == "€ 1.234.567"  # Dutch notation
    assert euro(1234567, "en") == "€ 1,234,567"
    assert number(3.86, "nl", 1) == "3,9"


def _check_unknown_block(env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``wijkaanpak check`` of examples/broken/unknown_block in a subprocess: the real entry
    point, as a user runs it."""
    broken = EXAMPLES / "broken" / "unknown_block"
    return subprocess.run(
        [sys.executable, "-m", "wijkaanpak", "check", str(broken)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_the_installed_command_exits_2_without_traceback() -> None:
    proc = _check_unknown_block()
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    # Dutch by default, also in a process without the web app's settings (wijkaanpak.messages)
    assert "rij 3 (9999010000000002), veld 'block_id': blok 'Z' staat niet in de tabel blocks" in (
        proc.stderr
    )


def test_wijk_blocks_table_lists_every_block() -> None:
    result = runner.invoke(app, ["wijk", "-n", str(EXAMPLES / "mini"), "--blocks", "--json"])
    rows = json.loads(result.stdout)["block_table"]
    # examples/mini: block A has 4 dwellings with WOZ 250k, 230k, 225k, 240k -> mean 236,250 -> 236,000
    assert rows[0] == {
        "block_id": "A",
        "dwellings": 4,
        "buildings": 4,
        "build_year": 1925,
        "foundation_type": "no_pile_strips",
        "worst_damage": "severe",
        "subsidence_mm_per_yr": 4.2,
        "owner_occupied": 2,
        "woz_mean_eur": 236000.0,
    }
    table = runner.invoke(app, ["wijk", "--blokken"])
    assert table.exit_code == 0 and "B5E04" in table.output


def test_evaluate_json_has_the_documented_keys() -> None:
    result = runner.invoke(app, ["evaluate", "--plan", "all-renew", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["plan"] == "all-renew"
    assert {"npv_eur"} <= set(data["exploitation"]) and "npv_eur" in data["societal"]
    assert set(data["actors"]) >= {"municipality", "owner_occupiers", "developers", "government"}
    mkba = data["mkba"]
    # the views reconcile: the MKBA's distribution per actor sums to its balance, and the
    # municipality's cash is the exploitation plus its maintenance of the kept neighbourhood
    assert sum(mkba["distribution"].values()) == pytest.approx(mkba["balance_eur"], abs=10)
    assert data["societal"]["npv_eur"] == mkba["balance_eur"]
    municipality = data["actors"]["municipality"]["npv_eur"]
    both = data["exploitation"]["npv_eur"] + data["maintenance"]["npv_eur"]
    assert municipality == pytest.approx(both, abs=10)
    assert len(data["cashflow"]) == 30 and data["cashflow"][0]["year"] == 2026


def test_evaluate_a_mixed_plan_file() -> None:
    plan = EXAMPLES / "plans" / "mix-voorbeeldwijk.yaml"
    data = json.loads(runner.invoke(app, ["evaluate", "--plan", str(plan), "--json"]).stdout)
    assert data["plan"] == "mix-zuidwesthoek-vernieuwen"
    # 12 renewed blocks in the south-west corner; flats B2E01/B2E02/B4E01/B4E02 (84 homes) left alone
    assert data["counts"]["kept"] == 84
    assert 0 < data["counts"]["demolished"] < data["counts"]["dwellings"]


def test_broken_plan_file_is_reported() -> None:
    plan = str(EXAMPLES / "plans" / "broken-plan.yaml")
    result = runner.invoke(app, ["evaluate", "--plan", plan, "--lang", "en"])
    assert result.exit_code == 2
    assert (
        "broken-plan.yaml, field 'blocks.B1A01': densification applies only to intervention 'renew'"
        in result.stderr
    )
    dutch = runner.invoke(app, ["evaluate", "--plan", plan])
    assert "veld 'blocks.B1A01': densification geldt alleen bij ingreep 'renew'" in dutch.stderr


def test_sweep_json_lists_31_points() -> None:
    data = json.loads(runner.invoke(app, ["sweep", "--json"]).stdout)
    assert len(data) == 31
    assert {"densification", "exploitation_npv_eur"} <= set(data[0])
    assert sum(point["best_under_cap"] for point in data) == 1


def test_compare_shows_the_three_scenarios() -> None:
    result = runner.invoke(app, ["compare"])
    assert result.exit_code == 0
    for name in (
        "all-none",
        "all-repair",
        "all-renew",
        "Exploitatieresultaat GREX",
        "MKBA-saldo t.o.v. nulalternatief",
        "Beheer bestaande wijk",
    ):
        assert name in result.output


def test_mortgage_command_json_and_steps() -> None:
    data = json.loads(
        runner.invoke(
            app, ["mortgage", "--income", "60000", "--partner-income", "1", "--json"]
        ).stdout
    )
    # 60,001 at 5.0 % -> 24.6 % (table 1 row 60,000) -> 1,230.02 × 186.2816 = 229,130
    assert data["financing_cost_pct"] == 24.6
    assert data["max_loan_eur"] == pytest.approx(229_130, abs=1)
    human = runner.invoke(app, ["mortgage", "--income", "60000"])
    assert "art. 3 lid 8" in human.output and "bijlage 1, tabel 1" in human.output


def test_mortgage_for_a_year_without_tables_is_a_clear_error() -> None:
    result = runner.invoke(app, ["mortgage", "--income", "60000", "--year", "2025"])
    assert result.exit_code == 2 and "no financing-cost table for 2025" in result.stderr


def test_mortgage_with_a_new_home_gives_the_closed_purse_verdict() -> None:
    args = [
        "mortgage",
        "--income",
        "48000",
        "--partner-income",
        "22000",
        "--test-rate",
        "3.9",
        "--label",
        "A+++",
        "--price",
        "462000",
        "--equity",
        "70000",
        "--current-monthly",
        "1087",
        "--energy-after",
        "82.5",
        "--json",
    ]
    data = json.loads(runner.invoke(app, args).stdout)
    # the same household as H1 in tests/test_swap.py: required 462,000 + 4,000 − 70,000 = 396,000
    assert data["required_loan_eur"] == 396_000
    assert data["can_finance"] is False and data["closed_purse"] is False
    assert data["gap_eur"] > 0


def test_values_from_files_print_as_they_are_not_as_markup(mini: Path, tmp_path: Path) -> None:
    """A block id or plan name with rich markup ("[/]" would raise a MarkupError) prints literally,
    in the summary, the per-block columns, the plan tables and the capacity table."""
    hostile = "[/]B[red]x"
    for name in ("dwellings.csv", "blocks.csv"):
        path = mini / name
        rows = path.read_text("utf-8").splitlines()
        rows = [rows[0]] + [
            r.replace(",B,", f",{hostile},") if name == "dwellings.csv" else r for r in rows[1:]
        ]
        if name == "blocks.csv":
            rows = [rows[0]] + [hostile + r[1:] if r.startswith("B,") else r for r in rows[1:]]
        path.write_text("\n".join(rows) + "\n", "utf-8")
    plan = tmp_path / "p.yaml"
    plan.write_text("name: '[bold]plan[/]'\ndefault: {intervention: renew}\n", "utf-8")
    summary = runner.invoke(app, ["wijk", "-n", str(mini)])
    assert summary.exit_code == 0, summary.output
    assert hostile in summary.stdout
    shown = runner.invoke(app, ["evaluate", "-n", str(mini), "--plan", str(plan)])
    assert shown.exit_code == 0, shown.output
    assert "[bold]plan[/]" in shown.stdout


def test_a_plan_files_type_errors_are_said_in_dutch(tmp_path: Path) -> None:
    # pydantic writes "Input should be …"; the command says it as the web app does
    plan = tmp_path / "kapot.yaml"
    plan.write_text(
        "default: {intervention: rebuild}\nblocks:\n  B1A01: {intervention: renew, "
        "densification: 9}\n",
        "utf-8",
    )
    dutch = runner.invoke(app, ["evaluate", "--plan", str(plan)])
    assert dutch.exit_code == 2
    assert "veld 'default.intervention': moet een van deze zijn: 'none', 'repair' of 'renew' " in (
        dutch.stderr
    )
    assert "veld 'blocks.B1A01.densification': moet hoogstens 4 zijn (gegeven: 9)" in dutch.stderr
    english = runner.invoke(app, ["evaluate", "--plan", str(plan), "--lang", "en"])
    assert "field 'blocks.B1A01.densification': Input should be less than or equal to 4" in (
        english.stderr
    )


def test_input_errors_without_traceback_where_django_cannot_start() -> None:
    # found in review: a shell whose Django settings module cannot be loaded (here: none by that
    # name); the command then says the reader's own words (Dutch place), with exit code 2
    import os

    proc = _check_unknown_block(
        {**os.environ, "DJANGO_SETTINGS_MODULE": "wijkaanpak.no_such_settings"}
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "rij 3 (9999010000000002), veld 'block_id': block 'Z' is not in" in proc.stderr
