"""Plausible inputs that once gave a traceback, a hang or a silent change (issue #17): each now
imports (with the change in the import report) or exits 2 naming file, row or object and field."""

from __future__ import annotations

import csv
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLES
from wijkaanpak.cli.main import app
from wijkaanpak.io.bag import BagSources, import_bag
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.model.issues import InputError

BAG = EXAMPLES / "bag"
runner = CliRunner()


@pytest.fixture
def bag(tmp_path: Path) -> Path:
    target = tmp_path / "bag"
    shutil.copytree(BAG, target)
    return target


def sources(folder: Path, **kw: Path) -> BagSources:
    args: dict[str, Path | None] = {
        "pand": folder / "pand.geojson",
        "verblijfsobject": folder / "verblijfsobject.csv",
        "foundation": folder / "funderingen.csv",
        "dwelling_data": folder / "woningen.csv",
    }
    args.update(kw)
    return BagSources(**args)


def rows(path: Path, delimiter: str = ",") -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


def write_rows(path: Path, data: list[list[str]], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator="\n").writerows(data)


def issues_of(src: BagSources, strict: bool = False) -> list[str]:
    with pytest.raises(InputError) as info:
        import_bag(src, strict=strict)
    return [str(i) for i in info.value.issues]


def cli(*args: str) -> tuple[int, str, str]:
    # the readers' own words, in English (the Dutch the command says by default: test_cli.py)
    result = runner.invoke(app, list(args), env={"WIJKAANPAK_LANG": "en"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# -- neighbourhood files (check) ------------------------------------------------------------------


def test_id_column_in_another_case_gets_did_you_mean(mini: Path) -> None:
    data = rows(mini / "dwellings.csv")
    data[0][0] = "Dwelling_ID"
    write_rows(mini / "dwellings.csv", data)
    code, _, err = cli("check", str(mini))
    assert code == 2
    assert "field 'Dwelling_ID': unknown column; did you mean 'dwelling_id'?" in err
    assert "field 'dwelling_id': required column is missing" in err


def test_tab_separated_files_are_read(mini: Path) -> None:
    for f in mini.glob("*.csv"):
        write_rows(f, rows(f), "\t")
    code, out, err = cli("check", str(mini))
    assert code == 0, err
    assert "6 dwellings" in out


def test_households_without_dwelling_id(mini: Path) -> None:
    data = rows(mini / "households.csv")
    write_rows(mini / "households.csv", [r[:1] + r[2:] for r in data])
    code, _, err = cli("check", str(mini))
    assert code == 2
    assert "households.csv, field 'dwelling_id': required column is missing" in err


def test_placeholders_in_optional_cells_are_errors_not_zero(mini: Path) -> None:
    data = rows(mini / "dwellings.csv")
    col = data[0].index("plot_area")
    data[1][col], data[2][col] = "NULL", "n.b."
    write_rows(mini / "dwellings.csv", data)
    code, _, err = cli("check", str(mini))
    assert code == 2
    assert "row 2 (9999010000000001), field 'plot_area': 'NULL' is a placeholder" in err
    assert "an empty cell means 0" in err and "'n.b.' is a placeholder" in err


def test_ambiguous_decimal_in_a_decimal_comma_file(mini: Path) -> None:
    data = rows(mini / "dwellings.csv")
    col = data[0].index("floor_area")
    data[1][col] = "120.500"  # 120500 m² or 120.5 m²?
    write_rows(mini / "dwellings.csv", data, ";")
    code, _, err = cli("check", str(mini))
    assert code == 2
    assert "field 'floor_area': ambiguous number '120.500'" in err


def test_every_file_is_reported_at_once(mini: Path) -> None:
    (mini / "blocks.csv").write_bytes(b"block_id,name\nA,\xe9\n")
    data = rows(mini / "dwellings.csv")
    data[1][data[0].index("build_year")] = "oud"
    write_rows(mini / "dwellings.csv", data)
    code, _, err = cli("check", str(mini))
    assert code == 2
    assert "blocks.csv, line 2: not UTF-8 text (it looks like Windows-1252/ANSI)" in err
    assert "dwellings.csv, row 2 (9999010000000001), field 'build_year'" in err


def test_utf16_excel_unicode_text_is_read(mini: Path) -> None:
    for f in mini.glob("*.csv"):
        text = f.read_text("utf-8").replace(",", "\t")
        if f.name in ("blocks.csv", "metadata.csv"):
            write_rows(f, rows(f), "\t")
            text = f.read_text("utf-8")
        f.write_bytes(text.encode("utf-16"))
    code, _, err = cli("check", str(mini))
    assert code == 0, err


# -- guards -------------------------------------------------------------------------------------


def test_named_pipe_and_device_are_refused_at_once(bag: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "vbo.csv"
    os.mkfifo(fifo)
    start = time.monotonic()
    code, _, err = cli(
        "import-bag",
        *("--pand", str(bag / "pand.geojson"), "--verblijfsobject", str(fifo)),
        *("--foundation", "/dev/zero", "--dwelling-data", str(bag / "woningen.csv")),
        *("--out", str(tmp_path / "o.gpkg")),
    )
    assert code == 2 and time.monotonic() - start < 30
    assert f"{fifo}: is a named pipe (FIFO); only regular files are read" in err
    assert "/dev/zero: is a device; only regular files are read" in err


def test_size_and_field_limits_are_configurable(bag: Path, tmp_path: Path) -> None:
    base = ["import-bag", "--bag", str(bag / "none.zip")]
    common = [
        *(
            "--pand",
            str(bag / "pand.geojson"),
            "--verblijfsobject",
            str(bag / "verblijfsobject.csv"),
        ),
        *(
            "--foundation",
            str(bag / "funderingen.csv"),
            "--dwelling-data",
            str(bag / "woningen.csv"),
        ),
        *("--out", str(tmp_path / "o.gpkg")),
    ]
    del base
    code, _, err = cli("import-bag", *common, "--max-file-mb", "0.001")
    assert code == 2 and "more than the limit of 1.0 kB" in err and "--max-file-mb" in err
    code, _, err = cli("import-bag", *common, "--max-field-chars", "12")
    assert code == 2
    assert "verblijfsobject.csv, row 2, field 'identificatie': the value has 16 characters" in err
    assert not (tmp_path / "o.gpkg").exists()
    code, _, err = cli("import-bag", *common)
    assert code == 0, err


def test_output_never_overwrites_an_input(bag: Path) -> None:
    before = (bag / "verblijfsobject.csv").read_bytes()
    common = [
        *(
            "--pand",
            str(bag / "pand.geojson"),
            "--verblijfsobject",
            str(bag / "verblijfsobject.csv"),
        ),
        *(
            "--foundation",
            str(bag / "funderingen.csv"),
            "--dwelling-data",
            str(bag / "woningen.csv"),
        ),
    ]
    code, _, err = cli("import-bag", *common, "--out", str(bag / "verblijfsobject.csv"))
    assert code == 2 and "is the input file" in err
    code, _, err = cli("import-bag", *common, "--out", str(bag))
    assert code == 2 and "is a folder that holds the input file" in err
    code, _, err = cli(
        "import-bag",
        *common,
        "--out",
        str(bag.parent / "o.gpkg"),
        "--report",
        str(bag / "woningen.csv"),
    )
    assert code == 2 and "--report is the input file" in err
    assert (bag / "verblijfsobject.csv").read_bytes() == before


# -- BAG files as suppliers deliver them --------------------------------------------------------


def test_unit_file_without_huisletter(bag: Path) -> None:
    data = rows(bag / "verblijfsobject.csv")
    col = data[0].index("huisletter")
    write_rows(bag / "verblijfsobject.csv", [r[:col] + r[col + 1 :] for r in data])
    d = import_bag(sources(bag)).dwellings
    assert len(d) == 8 and d["house_letter"].isna().all()


def test_identical_duplicate_building_is_dropped_and_reported(bag: Path) -> None:
    pand = json.loads((bag / "pand.geojson").read_text("utf-8"))
    pand["features"].append(pand["features"][0])
    (bag / "pand.geojson").write_text(json.dumps(pand), "utf-8")
    report = ImportReport()
    assert len(import_bag(sources(bag), report=report).dwellings) == 8
    dropped = [e for e in report.events if e.kind == "dropped" and "duplicate" in e.reason]
    assert [e.record for e in dropped] == ["9999100000000101"]


def test_conflicting_duplicate_building_names_both_features(bag: Path) -> None:
    pand = json.loads((bag / "pand.geojson").read_text("utf-8"))
    twin = json.loads(json.dumps(pand["features"][0]))
    twin["properties"]["oorspronkelijk_bouwjaar"] = 1931
    pand["features"].append(twin)
    (bag / "pand.geojson").write_text(json.dumps(pand), "utf-8")
    found = issues_of(sources(bag))
    assert any(
        "identificatie 9999100000000101 is given 2 times with different values (feature 1, feature"
        in m
        for m in found
    )


def test_self_intersecting_outline_is_repaired_and_reported(bag: Path) -> None:
    pand = json.loads((bag / "pand.geojson").read_text("utf-8"))
    ring = pand["features"][0]["geometry"]["coordinates"][0]
    ring[1], ring[2] = ring[2], ring[1]  # a bow tie
    (bag / "pand.geojson").write_text(json.dumps(pand), "utf-8")
    report = ImportReport()
    nbh = import_bag(sources(bag), report=report)
    assert nbh.dwellings.loc["9999010000000101", "geometry"].is_valid
    repaired = [e for e in report.events if "make_valid" in e.reason]
    assert repaired[0].record == "9999100000000101" and "Self-intersection" in repaired[0].detail
    assert any("make_valid" in m for m in issues_of(sources(bag), strict=True))


def test_empty_outline_of_a_building_with_homes_is_named(bag: Path) -> None:
    pand = json.loads((bag / "pand.geojson").read_text("utf-8"))
    pand["features"][1]["geometry"] = None
    (bag / "pand.geojson").write_text(json.dumps(pand), "utf-8")
    found = issues_of(sources(bag))
    assert any(
        "feature 2 (9999100000000102), field 'geometry': the building has units but no usable outline"
        in m
        for m in found
    )


def test_rd_coordinates_in_a_lonlat_geojson_are_named(bag: Path) -> None:
    pand = json.loads((bag / "pand.geojson").read_text("utf-8"))
    del pand["crs"]
    for f in pand["features"]:
        f["geometry"]["coordinates"] = [
            [[105000 + x, 423000 + y] for x, y in ((0, 0), (5, 0), (5, 9), (0, 9), (0, 0))]
        ]
    (bag / "pand.geojson").write_text(json.dumps(pand), "utf-8")
    assert any("they look like RD New metres" in m for m in issues_of(sources(bag)))


def test_unit_whose_building_is_missing_is_reported(bag: Path) -> None:
    data = rows(bag / "verblijfsobject.csv")
    data.append(
        [
            "9999010000000999",
            "woonfunctie",
            "70",
            "9999100000000999",
            "Bloemstraat",
            "13",
            "",
            "",
            "3312AA",
        ]
    )
    write_rows(bag / "verblijfsobject.csv", data)
    report = ImportReport()
    import_bag(sources(bag), report=report)
    join = next(j for j in report.joins if j.key.startswith("pand"))
    assert "9999010000000999" in join.unmatched_ids  # (9999010000000301: building demolished)
    dropped = [e for e in report.events if e.kind == "dropped" and e.record == "9999010000000999"]
    assert "not in the pand file" in dropped[0].reason
    assert any(
        "9999010000000999" in m and "--strict" in m for m in issues_of(sources(bag), strict=True)
    )


def test_camel_case_and_list_valued_references(bag: Path) -> None:
    pand = json.loads((bag / "pand.geojson").read_text("utf-8"))
    for f in pand["features"]:
        p = f["properties"]
        p["oorspronkelijkBouwjaar"] = p.pop("oorspronkelijk_bouwjaar")
        p["identificatie"] = "NL.IMBAG.Pand." + p["identificatie"]
    (bag / "pand.geojson").write_text(json.dumps(pand), "utf-8")
    data = rows(bag / "verblijfsobject.csv")
    data[0] = [
        "identificatie",
        "gebruiksdoel",
        "oppervlakte",
        "pandRef",
        "openbareRuimteNaam",
        "huisnummer",
        "huisletter",
        "huisnummerToevoeging",
        "postcode",
    ]
    for r in data[1:]:
        r[3] = "{NL.IMBAG.Pand." + r[3] + "}"
        r[1] = "[" + r[1] + "]"
    write_rows(bag / "verblijfsobject.csv", data)
    d = import_bag(sources(bag)).dwellings
    assert len(d) == 8 and d.loc["9999010000000101", "build_year"] == 1928


def test_addresses_joined_from_number_and_street_files(bag: Path) -> None:
    data = rows(bag / "verblijfsobject.csv")
    head = data[0]
    num = [
        [
            "identificatie",
            "huisnummer",
            "huisletter",
            "huisnummertoevoeging",
            "postcode",
            "openbareruimteRef",
        ]
    ]
    opr = [
        ["identificatie", "naam"],
        ["9999300000000001", "Bloemstraat"],
        ["9999300000000002", "Tuinstraat"],
    ]
    vbo = [
        [
            "identificatie",
            "gebruiksdoelen",
            "oppervlakte",
            "maakt_deel_uit_van",
            "hoofdadresNummeraanduidingRef",
        ]
    ]
    for i, r in enumerate(data[1:]):
        cell = dict(zip(head, r, strict=True))
        nid = f"99992000000{i:05d}"
        street = (
            "9999300000000001"
            if cell["openbare_ruimte_naam"] == "Bloemstraat"
            else "9999300000000002"
        )
        num.append(
            [
                nid,
                cell["huisnummer"],
                cell["huisletter"],
                cell["huisnummertoevoeging"],
                cell["postcode"],
                street,
            ]
        )
        vbo.append(
            [
                cell["identificatie"],
                cell["gebruiksdoelen"],
                cell["oppervlakte"],
                cell["maakt_deel_uit_van"],
                "NL.IMBAG.Nummeraanduiding." + nid,
            ]
        )
    write_rows(bag / "verblijfsobject.csv", vbo)
    write_rows(bag / "num.csv", num)
    write_rows(bag / "opr.csv", opr)
    without = issues_of(sources(bag))
    assert any("--nummeraanduiding" in m for m in without)
    report = ImportReport()
    d = import_bag(
        sources(bag, nummeraanduiding=bag / "num.csv", openbare_ruimte=bag / "opr.csv"),
        report=report,
    ).dwellings
    assert d.loc["9999010000000202", "street"] == "Tuinstraat"
    assert d.loc["9999010000000202", "house_letter"] == "A"
    assert [(j.matched, j.unmatched) for j in report.joins[:2]] == [(11, 0), (11, 0)]


def test_pdok_geopackage_layers(bag: Path, tmp_path: Path) -> None:
    import geopandas as gpd
    import pyogrio

    gpkg = tmp_path / "bag-light.gpkg"
    pand = gpd.read_file(bag / "pand.geojson").to_crs("EPSG:28992")
    pand = pand.rename(columns={"oorspronkelijk_bouwjaar": "bouwjaar"})
    pyogrio.write_dataframe(pand, gpkg, layer="pand")
    vbo = rows(bag / "verblijfsobject.csv")
    frame = gpd.GeoDataFrame(
        [dict(zip(vbo[0], r, strict=True)) for r in vbo[1:]],
        geometry=[None] * (len(vbo) - 1),
        crs="EPSG:28992",
    ).rename(
        columns={
            "maakt_deel_uit_van": "pand_identificatie",
            "openbare_ruimte_naam": "openbare_ruimte",
            "gebruiksdoelen": "gebruiksdoel",
        }
    )
    pyogrio.write_dataframe(frame, gpkg, layer="verblijfsobject")
    d = import_bag(sources(bag, pand=gpkg, verblijfsobject=gpkg)).dwellings
    assert len(d) == 8


# -- foundation data ----------------------------------------------------------------------------


def test_foundation_ids_in_every_spelling_and_decimal_commas(bag: Path) -> None:
    data = rows(bag / "funderingen.csv")
    spellings = [
        lambda i: i.upper(),  # NL.IMBAG.PAND.…
        lambda i: i.removeprefix("NL.IMBAG.Pand."),  # bare 16 digits
        lambda i: i.removeprefix("NL.IMBAG.Pand.").lstrip("0"),  # a spreadsheet ate the zero
        lambda i: (
            "https://bag.basisregistraties.overheid.nl/bag/id/pand/"
            + i.removeprefix("NL.IMBAG.Pand.")
        ),
    ]
    for k, r in enumerate(data[1:]):
        r[0] = spellings[k % len(spellings)](r[0])
        r[2] = r[2].replace(".", ",")
    write_rows(bag / "funderingen.csv", data, ";")
    d = import_bag(sources(bag)).dwellings
    assert d.loc["9999010000000102", "subsidence_rate"] == pytest.approx(4.8)
    assert d.loc["9999010000000201", "subsidence_rate"] == pytest.approx(2.0)


def test_fundermaps_columns_and_its_own_ids(bag: Path) -> None:
    data = rows(bag / "funderingen.csv")
    out = [
        [
            "building_id",
            "external_building_id",
            "foundation_type",
            "foundation_type_reliability",
            "velocity",
            "enforcement_term",
            "damage_class",
        ]
    ]
    for k, r in enumerate(data[1:]):
        out.append([f"gfm-{k:032x}", r[0], r[1], "indicative", r[2], r[3], r[4]])
    write_rows(bag / "funderingen.csv", out)
    report = ImportReport()
    d = import_bag(sources(bag), report=report).dwellings
    assert d.loc["9999010000000102", "foundation_type"] == "no_pile_strips"
    assert (
        report.counts[f"foundation type reliability 'indicative': {bag / 'funderingen.csv'}"] == 7
    )
    write_rows(bag / "funderingen.csv", [r[:1] + r[2:] for r in out])
    found = issues_of(sources(bag))
    assert any("FunderMaps' own ids (gfm-…) do not join to BAG" in m for m in found)


def test_missing_foundation_is_blamed_on_the_foundation_file(bag: Path) -> None:
    data = rows(bag / "funderingen.csv")
    write_rows(bag / "funderingen.csv", [r for r in data if "0102" not in r[0]])
    found = issues_of(sources(bag))
    assert found == [
        "funderingen.csv, field 'velocity': building 9999100000000102 (with dwellings) has no row "
        "in the foundation file; the subsidence rate is required"
    ] or any(
        "9999100000000102 (with dwellings) has no row" in m and "funderingen.csv" in m
        for m in found
    )


def test_duplicate_foundation_rows(bag: Path) -> None:
    data = rows(bag / "funderingen.csv")
    data.append(list(data[1]))  # identical: dropped, reported
    write_rows(bag / "funderingen.csv", data)
    report = ImportReport()
    import_bag(sources(bag), report=report)
    assert any(e.kind == "dropped" and e.record == "9999100000000101" for e in report.events)
    changed = list(data[2])
    changed[2] = "-9.9"
    data.append(changed)
    write_rows(bag / "funderingen.csv", data)
    assert any(
        "building 9999100000000102 has 2 rows that differ (row 3, row 10)" in m
        for m in issues_of(sources(bag))
    )


def test_uplift_and_placeholders_are_reported_and_strict_refuses(bag: Path) -> None:
    data = rows(bag / "funderingen.csv")
    data[1][2] = "1.5"  # rising ground
    data[2][4] = "NULL"
    write_rows(bag / "funderingen.csv", data)
    report = ImportReport()
    d = import_bag(sources(bag), report=report).dwellings
    assert d.loc["9999010000000101", "subsidence_rate"] == 0
    kinds = {(e.kind, e.record) for e in report.events}
    assert ("changed", "9999100000000101") in kinds and ("defaulted", "9999100000000102") in kinds
    strict = issues_of(sources(bag), strict=True)
    assert any("uplift" in m for m in strict) and any("placeholder" in m for m in strict)


def test_dwelling_data_reports_every_unknown_id(bag: Path) -> None:
    with (bag / "woningen.csv").open("a", encoding="utf-8") as f:
        f.write("9999010000000998;100.000;2025-01-01;F;owner_occupier;0\n")
        f.write("9999010000000999;100.000;2025-01-01;F;owner_occupier;0\n")
    found = issues_of(sources(bag))
    assert sum("is not a dwelling" in m for m in found) == 2


def test_every_problem_in_every_bag_file_at_once(bag: Path) -> None:
    for name, old, new in (
        ("verblijfsobject.csv", "oppervlakte", "opp"),
        ("funderingen.csv", "velocity", "speed"),
    ):
        path = bag / name
        path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    pand = json.loads((bag / "pand.geojson").read_text("utf-8"))
    for f in pand["features"]:
        f["properties"]["bj"] = f["properties"].pop("oorspronkelijk_bouwjaar")
    (bag / "pand.geojson").write_text(json.dumps(pand), "utf-8")
    found = issues_of(sources(bag))
    assert any("pand.geojson, field 'oorspronkelijk_bouwjaar'" in m for m in found)
    assert any("verblijfsobject.csv, field 'oppervlakte'" in m for m in found)
    assert any("funderingen.csv, field 'velocity'" in m for m in found)


# -- terraced / detached from the geometry ------------------------------------------------------


def test_neighbours_without_units_still_make_a_terrace(bag: Path) -> None:
    data = rows(bag / "verblijfsobject.csv")
    # the end house at Bloemstraat 1 loses its unit (say, it is an office now not in the file)
    write_rows(bag / "verblijfsobject.csv", [r for r in data if r[0] != "9999010000000101"])
    data = rows(bag / "woningen.csv", ";")
    write_rows(bag / "woningen.csv", [r for r in data if r[0] != "9999010000000101"], ";")
    d = import_bag(sources(bag)).dwellings
    # Bloemstraat 3 still shares walls with both neighbours: a middle house, not an end house
    assert d.loc["9999010000000102", "dwelling_type"] == "terraced_middle"
    assert d.loc["9999010000000104", "dwelling_type"] == "terraced_end"


def test_symlink_loop_is_refused(bag: Path, tmp_path: Path) -> None:
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    found = issues_of(sources(bag, foundation=loop))
    assert any(m.startswith(f"{loop}: cannot be opened") for m in found)


def test_trailing_separators_of_a_spreadsheet_are_ignored(mini: Path) -> None:
    path = mini / "public_space.csv"
    path.write_text("\n".join(line + ",," for line in path.read_text("utf-8").splitlines()) + "\n")
    code, _, err = cli("check", str(mini))
    assert code == 0, err


def test_pdok_wfs_geojson_in_rd_new(bag: Path, tmp_path: Path) -> None:
    """Units as PDOK's BAG WFS returns them (srsName=EPSG:28992): property names of the service,
    uses as one comma-separated text, a "crs" member naming RD New."""
    data = rows(bag / "verblijfsobject.csv")
    features = []
    for k, r in enumerate(data[1:]):
        cell = dict(zip(data[0], r, strict=True))
        props = {
            "identificatie": cell["identificatie"],
            "oppervlakte": int(cell["oppervlakte"]),
            "status": "Verblijfsobject in gebruik",
            "gebruiksdoel": cell["gebruiksdoelen"],
            "openbare_ruimte": cell["openbare_ruimte_naam"],
            "huisnummer": int(cell["huisnummer"]),
            "huisletter": cell["huisletter"] or None,
            "toevoeging": cell["huisnummertoevoeging"] or None,
            "postcode": cell["postcode"],
            "woonplaats": "Voorbeeld",
            "pandidentificatie": cell["maakt_deel_uit_van"],
        }
        point = {"type": "Point", "coordinates": [105000.0 + k, 423000.0]}
        features.append({"type": "Feature", "properties": props, "geometry": point})
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
        "features": features,
    }
    wfs = tmp_path / "verblijfsobject.json"
    wfs.write_text(json.dumps(collection), "utf-8")
    d = import_bag(sources(bag, verblijfsobject=wfs)).dwellings
    assert len(d) == 8 and d.loc["9999010000000202", "house_letter"] == "A"


def test_bbox_selects_the_neighbourhood(bag: Path) -> None:
    whole = import_bag(sources(bag)).dwellings
    street = whole[whole["street"] == "Bloemstraat"]
    xmin, ymin, xmax, ymax = street.geometry.total_bounds
    report = ImportReport()
    box = (xmin + 1, ymin + 1, xmax - 1, ymax - 1)
    d = import_bag(sources(bag), report=report, bbox=box).dwellings
    assert sorted(d.index) == sorted(street.index)
    # the end houses still count their walls: nothing outside the box changed that
    assert d.loc["9999010000000101", "dwelling_type"] == "terraced_end"
    assert report.counts["buildings in --bbox"] == 4
    code, _, err = cli("import-bag", "--bbox", "1,2,3", "--out", str(bag.parent / "o.gpkg"))
    assert code == 2 and "--bbox: expected xmin,ymin,xmax,ymax" in err


def test_strict_refuses_every_change_and_writes_nothing(bag: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.gpkg"
    code, _, err = cli(
        "import-bag",
        "--strict",
        *(
            "--pand",
            str(bag / "pand.geojson"),
            "--verblijfsobject",
            str(bag / "verblijfsobject.csv"),
        ),
        *(
            "--foundation",
            str(bag / "funderingen.csv"),
            "--dwelling-data",
            str(bag / "woningen.csv"),
        ),
        *("--out", str(out), "--report", str(tmp_path / "r.txt")),
    )
    # the report file holds every error (also on failure); the neighbourhood is never written
    assert code == 2 and not out.exists()
    assert "--strict refuses every change" in (tmp_path / "r.txt").read_text("utf-8")
    assert "pand.geojson, object 9999100000000301: dropped (status 'Pand gesloopt')" in err
    assert (
        "verblijfsobject.csv, object 9999010000000301, field 'pand': dropped (its building was "
        "dropped (status 'Pand gesloopt'): 9999100000000301)" in err
    )


def test_check_on_a_named_pipe_says_so(tmp_path: Path) -> None:
    fifo = tmp_path / "wijk.gpkg"
    os.mkfifo(fifo)
    code, _, err = cli("check", str(fifo))
    assert code == 2 and "is a named pipe (FIFO); only regular files are read" in err
