"""Findings of the independent review of issue #17, each on the shipped real extract
(examples/bag-extract-weesp) with a copy of its foundation file that has one thing altered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLES
from wijkaanpak.cli.main import app
from wijkaanpak.io.bag import BagSources, import_bag
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.model.issues import InputError

WEESP = EXAMPLES / "bag-extract-weesp"
ZIP = WEESP / "BAGGEM0457L-15102021-trimmed.zip"
FOUNDATION = WEESP / "funderingen.csv"
runner = CliRunner()


def altered(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the foundation file with ``old`` replaced by ``new`` in its header."""
    header, *body = FOUNDATION.read_text("utf-8").splitlines()
    names = header.split(",")
    assert old in names, old
    path = tmp_path / "funderingen.csv"
    path.write_text("\n".join([",".join(new if n == old else n for n in names), *body]) + "\n")
    return path


def with_column(tmp_path: Path, name: str, value: str) -> Path:
    lines = FOUNDATION.read_text("utf-8").splitlines()
    path = tmp_path / "funderingen.csv"
    path.write_text("\n".join([lines[0] + f",{name}", *(x + f",{value}" for x in lines[1:])]))
    return path


def issues_of(foundation: Path, strict: bool = False) -> list[str]:
    with pytest.raises(InputError) as info:
        import_bag(BagSources(foundation=foundation, extract=ZIP), strict=strict)
    return [str(i) for i in info.value.issues]


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# -- 1. misspelt optional columns ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("enforcement_term", "enforcment_term"),
        ("damage_class", "damage_clas"),
        ("foundation_type", "foundaton_type"),
    ],
)
def test_misspelt_optional_foundation_column_gets_did_you_mean(
    tmp_path: Path, old: str, new: str
) -> None:
    found = issues_of(altered(tmp_path, old, new))
    # the message the dwelling-data file gives (model.validate), for the foundation file
    assert any(
        m.endswith(f"funderingen.csv, field '{new}': unknown column; did you mean '{old}'?")
        for m in found
    )


def test_unknown_foundation_column_is_reported_and_strict_refuses_it(tmp_path: Path) -> None:
    path = with_column(tmp_path, "opmerking", "x")
    report = ImportReport()
    import_bag(BagSources(foundation=path, extract=ZIP), report=report)
    ignored = [e for e in report.events if e.field == "opmerking"]
    assert [e.kind for e in ignored] == ["dropped"]
    assert any("field 'opmerking'" in m for m in issues_of(path, strict=True))


def test_known_fundermaps_columns_are_accepted(tmp_path: Path) -> None:
    # FunderMaps' model_risk_dynamic_all output column (not used by wijkaanpak)
    path = with_column(tmp_path, "drystand_risk", "a")
    report = ImportReport()
    import_bag(BagSources(foundation=path, extract=ZIP), report=report)
    kinds = [e.kind for e in report.events if e.field == "drystand_risk"]
    assert kinds == ["noted"]  # named in the report, never refused (not even with --strict)
    assert not any("drystand_risk" in m for m in issues_of(path, strict=True))


# -- 2. required columns -------------------------------------------------------------------------


def test_misspelt_velocity_gets_did_you_mean(tmp_path: Path) -> None:
    found = issues_of(altered(tmp_path, "velocity", "veloctiy"))
    assert len(found) == 1 and "required column is missing" in found[0]
    assert "did you mean 'veloctiy'?" in found[0]


def test_id_column_is_found_by_its_values_and_its_near_miss_named(tmp_path: Path) -> None:
    report = ImportReport()
    path = altered(tmp_path, "external_building_id", "external_bulding_id")
    nbh = import_bag(BagSources(foundation=path, extract=ZIP), report=report)
    assert len(nbh.dwellings) == 18  # as with the file as shipped (test_bag_weesp)
    noted = [e for e in report.events if e.field == "external_bulding_id"]
    assert noted and "did you mean 'external_building_id'?" in noted[0].reason


def test_both_misspelt_headers_are_reported_at_once(tmp_path: Path) -> None:
    path = altered(tmp_path, "velocity", "veloctiy")
    text = path.read_text("utf-8").replace("NL.IMBAG.Pand.", "gfm-")  # no BAG ids anywhere
    path.write_text(text.replace("external_building_id", "external_bulding_id"))
    found = issues_of(path)
    assert any("no column holds BAG pand ids" in m for m in found)
    assert any("did you mean 'veloctiy'?" in m for m in found)


# -- 3. every error somewhere ---------------------------------------------------------------------


def test_report_file_holds_every_error_when_the_import_fails(tmp_path: Path) -> None:
    out, report = tmp_path / "o.gpkg", tmp_path / "r.json"
    code, _, err = cli(
        "import-bag",
        "--strict",
        *("--bag", str(ZIP), "--foundation", str(FOUNDATION)),
        *("--out", str(out), "--report", str(report)),
    )
    assert code == 2 and not out.exists()
    errors = json.loads(report.read_text("utf-8"))["errors"]
    # docs/data.md: --strict on this extract stops with 75 errors (72 defaults, 2 drops, 1 change)
    assert len(errors) == 75
    assert "en nog 50 fouten" in err and str(report) in err.replace("\n", "")


# -- 4. --bbox ------------------------------------------------------------------------------------


def test_bbox_in_lonlat_is_named_as_such() -> None:
    with pytest.raises(InputError) as info:
        import_bag(BagSources(foundation=FOUNDATION, extract=ZIP), bbox=(4.99, 52.3, 5.0, 52.31))
    text = "\n".join(str(i) for i in info.value.issues)
    assert "no buildings inside --bbox" in text and "longitude/latitude" in text
    assert "gebruiksdoelen" not in text


def test_empty_bbox_blames_the_box() -> None:
    with pytest.raises(InputError) as info:
        import_bag(BagSources(foundation=FOUNDATION, extract=ZIP), bbox=(0, 300000, 10, 300010))
    text = "\n".join(str(i) for i in info.value.issues)
    assert "no buildings inside --bbox" in text and "longitude/latitude" not in text
    assert "gebruiksdoelen" not in text


# -- 5. nits --------------------------------------------------------------------------------------


def test_report_equal_to_out_is_called_the_output(tmp_path: Path) -> None:
    o2 = str(tmp_path / "o2.gpkg")
    code, _, err = cli(
        "import-bag",
        "--bag",
        str(ZIP),
        "--foundation",
        str(FOUNDATION),
        "--out",
        o2,
        "--report",
        o2,
    )
    assert code == 2 and "--report is the output file" in err


def test_out_on_an_existing_file_says_it_is_a_file(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("mine")
    code, _, err = cli(
        "import-bag", "--bag", str(ZIP), "--foundation", str(FOUNDATION), "--out", str(readme)
    )
    assert code == 2 and "is an existing file" in err and "other files too" not in err
    assert readme.read_text() == "mine"


def test_report_group_counts_match_their_objects() -> None:
    report = ImportReport()
    import_bag(BagSources(foundation=FOUNDATION, extract=ZIP), report=report)
    # the trimmed extract's 152 pand records all carry NL.IMBAG.Pand. (test_bag_weesp)
    assert (
        report.counts["ids normalised (prefix removed): BAGGEM0457L-15102021-trimmed.zip (PND)"]
        == 152
    )
    # funderingen.csv: 14 rows 'indicative', 4 'established'
    name = str(FOUNDATION)
    assert report.counts[f"foundation type reliability 'indicative': {name}"] == 14
    assert report.counts[f"foundation type reliability 'established': {name}"] == 4
    for _kind, _reason, _source, events in report.groups():
        assert not any(e.detail.endswith((" ids", " buildings")) for e in events)


def test_summary_says_one_block(tmp_path: Path) -> None:
    args = ["import-bag", "--bag", str(ZIP), "--foundation", str(FOUNDATION)]
    code, out, err = cli(*args, "--out", str(tmp_path / "a.gpkg"))
    assert code == 0, err
    assert " ".join(out.split()).endswith("18 woningen, 1 bouwblok")
    code, out, err = cli(*args, "--out", str(tmp_path / "b.gpkg"), "--lang", "en")
    assert code == 0, err
    assert " ".join(out.split()).endswith("18 dwellings, 1 block")


def test_a_report_that_cannot_be_written_is_an_error_before_anything_is_written(
    tmp_path: Path,
) -> None:
    # the report's folder would lie inside a file: exit 2 naming the report, no traceback, and
    # no neighbourhood written (found before the import, not after its output)
    blocker = tmp_path / "a-file.txt"
    blocker.write_text("x", "utf-8")
    out = tmp_path / "wijk.gpkg"
    report = blocker / "verslag.json"
    code, _, err = cli(
        "import-bag", "--bag", str(ZIP), "--foundation", str(FOUNDATION), "--out", str(out),
        "--report", str(report),
    )  # fmt: skip
    assert code == 2 and "cannot write the report" in err
    assert not out.exists()
