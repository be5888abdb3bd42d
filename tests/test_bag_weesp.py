"""A real BAG 2.0 extract with a whole urban block (examples/bag-extract-weesp: Weesp, trimmed)
imports with one command plus a foundation file — no dwelling-data file — and ``wijk`` and
``evaluate`` run on the result (issue #17, "done when")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from wijkaanpak.io.bag import BagSources, import_bag
from wijkaanpak.io.bag_xml import extract_parts
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.model.issues import InputError

WEESP = EXAMPLES / "bag-extract-weesp"
ZIP = WEESP / "BAGGEM0457L-15102021-trimmed.zip"
FOUNDATION = WEESP / "funderingen.csv"


def sources() -> BagSources:
    return BagSources(foundation=FOUNDATION, extract=ZIP)


def test_the_2021_layout_with_a_gem_zip_is_read() -> None:
    # outer zip → 0457GEM15102021.zip → 0457PND15102021.zip … → XML, as Kadaster delivers it
    parts = extract_parts(ZIP)
    assert sorted(p.hint for p in parts) == ["NUM", "OPR", "PND", "VBO"]
    assert all("0457GEM15102021.zip" in p.label for p in parts)


def test_the_block_as_the_bag_has_it() -> None:
    report = ImportReport()
    nbh = import_bag(sources(), report=report)
    d = nbh.dwellings
    # examples/bag-extract-weesp/README.md: 18 buildings joined by shared walls, 18 homes
    assert len(d) == 18 and len(nbh.blocks) == 1
    assert d["building_id"].nunique() == 17  # one unit lies in two buildings, see below
    # a closed block: nearly every house has a neighbour on both sides
    assert d["dwelling_type"].value_counts().to_dict() == {
        "terraced_middle": 15,
        "terraced_end": 1,
        "apartment_ground": 1,
        "apartment_upper": 1,
    }
    # Zandstraat 4 and 6: two flats in the building of 1982 (BAG: 42 and 30 m²)
    flats = d[d["street"] == "Zandstraat"].sort_values("house_number")
    assert flats["dwelling_type"].tolist() == ["apartment_ground", "apartment_upper"]
    assert flats["floor_area"].tolist() == [42, 30]
    # Middenstraat 78 lies in two buildings (BAG pandRef 0457100000057954 and …57999)
    flattened = [e for e in report.events if e.kind == "changed" and "several" in e.reason]
    assert [e.record for e in flattened] == ["0457010000004451"]
    # the buildings within 25 m: two demolished ones are dropped and named
    gone = [e.record for e in report.events if e.reason == "status 'Pand gesloopt'"]
    assert len(gone) == 2
    # history: 152 pand versions for 85 buildings, 32 unit versions for 18 units
    counts = report.counts
    assert counts["earlier versions passed over: BAGGEM0457L-15102021-trimmed.zip (PND)"] == 67
    assert counts["earlier versions passed over: BAGGEM0457L-15102021-trimmed.zip (VBO)"] == 14
    assert all(j.unmatched == 0 for j in report.joins)


def test_a_box_in_the_row_keeps_the_neighbours_walls() -> None:
    # Middenstraat 72, 74 and 76 (inside the box) have neighbours on both sides whose units are
    # left out with --bbox: their walls still make all three middle houses, not end houses
    report = ImportReport()
    d = import_bag(sources(), report=report, bbox=(131635, 479835, 131642, 479840)).dwellings
    assert d["house_number"].tolist() == [72, 74, 76]
    assert set(d["dwelling_type"]) == {"terraced_middle"}
    assert report.counts["units outside --bbox or without a building (left out)"] == 15


def test_no_dwelling_data_every_default_is_reported() -> None:
    report = ImportReport()
    nbh = import_bag(sources(), report=report)
    d = nbh.dwellings
    for field in ("woz_value", "woz_reference_date", "energy_label", "tenure"):
        assert len([e for e in report.events if e.field == field]) == 18, field
    # Kapelsteeg 1: BAG floor area 56 m² × EUR 3,160/m² (data/import_defaults.yaml) = 176,960
    assert d.loc["0457010000002945", "woz_value"] == 56 * 3160
    # built 1750 → D, Middenstraat 68a built 1920 → F (the build-year table in that file)
    assert d.loc["0457010000002945", "energy_label"] == "D"
    assert d.loc["0457010000004440", "energy_label"] == "F"
    assert set(d["tenure"]) == {"owner_occupier"}
    assert "dwelling data defaulted" in nbh.metadata.source


def test_strict_refuses_the_defaults() -> None:
    with pytest.raises(InputError) as info:
        import_bag(sources(), strict=True)
    text = "\n".join(str(i) for i in info.value.issues)
    assert "object 0457010000002945, field 'woz_value': defaulted" in text
    assert "field 'tenure'" in text


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed entry point in a subprocess, as a user runs it."""
    env = {**os.environ, "COLUMNS": "200"}
    cmd = [sys.executable, "-m", "wijkaanpak", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.mark.slow
def test_one_command_then_wijk_and_evaluate_as_a_user_runs_them(tmp_path: Path) -> None:
    out, report = tmp_path / "weesp.gpkg", tmp_path / "weesp-import.json"
    imported = _run(
        "import-bag",
        *("--bag", str(ZIP), "--foundation", str(FOUNDATION)),
        *("--name", "Weesp (Middenstraat)", "--out", str(out), "--report", str(report)),
    )
    assert imported.returncode == 0, imported.stderr
    assert "18 woningen, 1 bouwblok;" in imported.stdout
    data = json.loads(report.read_text("utf-8"))
    assert data["summary"]["defaulted"] == 4 * 18 and data["counts"]["dwellings"] == 18
    wijk = _run("wijk", "--json", "-n", str(out))
    assert wijk.returncode == 0, wijk.stderr
    summary = json.loads(wijk.stdout)
    assert summary["dwellings"] == 18 and summary["neighbourhood"] == "Weesp (Middenstraat)"
    # the overview says which values were defaulted and for how many dwellings
    shown = _run("wijk", "-n", str(out))
    assert shown.returncode == 0, shown.stderr
    assert "Herkomst van de gegevens" in shown.stdout
    assert "woz_value 18" in " ".join(shown.stdout.split())
    evaluate = _run("evaluate", "-n", str(out), "--plan", "all-repair", "--json")
    assert evaluate.returncode == 0, evaluate.stderr
    assert json.loads(evaluate.stdout)
