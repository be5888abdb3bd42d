"""A real BAG 2.0 extract as the land registry delivers it (examples/bag-extract: Doesburg, trimmed)
imports with one command plus a foundation file, and ``wijk`` and ``evaluate`` run on it."""

from __future__ import annotations

import csv
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLES
from wijkaanpak.cli.main import app
from wijkaanpak.io.bag import BagSources, import_bag
from wijkaanpak.io.bag_xml import extract_parts
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.model.issues import InputError

EXTRACT = EXAMPLES / "bag-extract"
ZIP = EXTRACT / "BAGGEM0221L-15092020-trimmed.zip"
DWELLING = "0221010000330226"  # Kosterstraat 4, Doesburg
runner = CliRunner()


def sources(extract: Path = ZIP) -> BagSources:
    return BagSources(
        foundation=EXTRACT / "funderingen.csv",
        dwelling_data=EXTRACT / "woningen.csv",
        extract=extract,
    )


def test_one_command_then_wijk_and_evaluate(tmp_path: Path) -> None:
    out, report = tmp_path / "doesburg.gpkg", tmp_path / "import.json"
    result = runner.invoke(
        app,
        [
            "import-bag",
            *("--bag", str(ZIP), "--foundation", str(EXTRACT / "funderingen.csv")),
            *("--dwelling-data", str(EXTRACT / "woningen.csv")),
            *("--out", str(out), "--report", str(report), "--name", "Doesburg (binnenstad)"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Import report" in result.stdout and "earlier versions passed over" in result.stdout
    data = json.loads(report.read_text("utf-8"))
    groups = {(g["kind"], g["reason"]): g for g in data["groups"]}
    assert groups[("dropped", "status 'Pand gesloopt'")]["objects"][0]["record"] == (
        "0221100000315458"
    )
    assert (
        data["counts"]["earlier versions passed over: BAGGEM0221L-15092020-trimmed.zip (PND)"] == 55
    )
    assert all(j["unmatched"] == 0 for j in data["joins"] if "pand" in j["key"])
    wijk = runner.invoke(app, ["wijk", "--json", "-n", str(out)])
    assert wijk.exit_code == 0, wijk.output
    summary = json.loads(wijk.stdout)
    assert summary["dwellings"] == 1 and summary["neighbourhood"] == "Doesburg (binnenstad)"
    evaluate = runner.invoke(app, ["evaluate", "-n", str(out), "--plan", "all-repair", "--json"])
    assert evaluate.exit_code == 0, evaluate.output


def test_values_come_from_the_current_versions() -> None:
    report = ImportReport()
    d = import_bag(sources(), report=report).dwellings.loc[DWELLING]
    # the unit has four versions (306, 315, 223, 223 m²); the current one says 223 m²
    assert d["floor_area"] == 223
    # address joined from the nummeraanduiding and openbare-ruimte files of the extract
    assert (d["street"], d["house_number"], d["postcode"]) == ("Kosterstraat", 4, "6981CH")
    # the building (1585) has four versions with three outlines; the current one is used
    assert d["build_year"] == 1585
    # shared walls with neighbours that have no units in this trimmed extract
    assert d["dwelling_type"] == "terraced_middle"
    # funderingen.csv is FunderMaps-style: gfm- ids, NL.IMBAG.PAND. in upper case, "-2,4"
    assert d["foundation_type"] == "wood" and d["subsidence_rate"] == pytest.approx(2.4)
    assert d["damage_class"] == "unknown"  # "n.b." in the file: reported as defaulted
    assert any(e.kind == "defaulted" and e.field == "damage_class" for e in report.events)
    # the unit with only 'overige gebruiksfunctie' is not counted, and that is said
    assert any(e.record == "0221010000330999" and e.kind == "noted" for e in report.events)


def test_unpacked_folder_and_single_files_read_the_same(tmp_path: Path) -> None:
    with zipfile.ZipFile(ZIP) as outer:
        outer.extractall(tmp_path / "zips")
    folder = tmp_path / "xml"
    for inner in (tmp_path / "zips").glob("*.zip"):
        with zipfile.ZipFile(inner) as z:
            z.extractall(folder)
    kinds = sorted(p.hint for p in extract_parts(folder))
    assert kinds == ["NUM", "OPR", "PND", "VBO"]
    a = import_bag(sources(ZIP)).dwellings
    b = import_bag(sources(tmp_path / "zips")).dwellings
    c = import_bag(sources(folder)).dwellings
    assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
    assert a.drop(columns="geometry").equals(c.drop(columns="geometry"))


def test_history_before_the_last_change(tmp_path: Path) -> None:
    # on 1 January 2019 the unit was in its first version: 306 m²
    d = import_bag(sources(), today=date(2019, 1, 1)).dwellings.loc[DWELLING]
    assert d["floor_area"] == 306


def test_unpacked_size_limit(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "import-bag",
            *("--bag", str(ZIP), "--foundation", str(EXTRACT / "funderingen.csv")),
            *("--dwelling-data", str(EXTRACT / "woningen.csv"), "--max-file-mb", "0.02"),
            *("--out", str(tmp_path / "o.gpkg")),
        ],
    )
    assert result.exit_code == 2
    assert "unpacks to" in result.stderr and "--max-file-mb" in result.stderr


def test_not_a_zip(tmp_path: Path) -> None:
    bad = tmp_path / "extract.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not a readable zip file"):
        import_bag(sources(bad))


def test_history_columns_in_a_csv_export(tmp_path: Path) -> None:
    """An export with every version (eindGeldigheid) and a withdrawn unit: current versions
    selected, the withdrawn unit dropped and reported."""
    bag = EXAMPLES / "bag"
    with (bag / "verblijfsobject.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head = [*rows[0], "status", "voorkomenidentificatie", "eindGeldigheid"]
    out = [head]
    for r in rows[1:]:
        old = list(r)
        old[2] = "10"  # an old version with another floor area, ended in 2010
        out.append([*old, "Verblijfsobject in gebruik", "1", "2010-01-01"])
        out.append([*r, "Verblijfsobject in gebruik", "2", ""])
    out[-1][-3] = "Verblijfsobject ten onrechte opgevoerd"  # the shop at Bloemstraat 11
    path = tmp_path / "vbo.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(out)
    report = ImportReport()
    nbh = import_bag(
        BagSources(bag / "pand.geojson", path, bag / "funderingen.csv", bag / "woningen.csv"),
        report=report,
    )
    assert nbh.dwellings.loc["9999010000000101", "floor_area"] == 88
    dropped = [e for e in report.events if e.kind == "dropped" and "ten onrechte" in e.reason]
    assert [e.record for e in dropped] == ["9999010000000401"]
