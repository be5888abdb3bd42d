"""Validation names file, row, field and expectation; never yields a half-loaded neighbourhood."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, replace_cell
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.issues import InputError


def errors(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_neighbourhood(path)
    return [str(i) for i in info.value.issues]


def test_mini_example_loads_with_typed_values() -> None:
    nbh = read_neighbourhood(EXAMPLES / "mini")
    assert len(nbh.dwellings) == 6
    assert len(nbh.blocks) == 2
    assert nbh.dwellings.loc["9999010000000002", "enforcement_term"] == 10
    assert nbh.dwellings.loc["9999010000000001", "enforcement_term"] is not None
    assert str(nbh.dwellings["woz_value"].dtype) == "Float64"
    # optional column absent in the file -> schema default (households.csv has no 'children'? it has)
    assert nbh.dwellings["house_letter"].isna().all()
    assert nbh.blocks.crs == "EPSG:28992"
    # block A: 24 m x 9 m rectangle (examples/mini/blocks.csv)
    assert nbh.blocks.loc["A", "geometry"].area == pytest.approx(216.0)


def test_text_in_a_number_field_names_file_row_and_field(mini: Path) -> None:
    replace_cell(mini / "dwellings.csv", 3, "build_year", "negentienhonderd")
    (msg,) = errors(mini)
    assert "dwellings.csv, row 3 (9999010000000002), field 'build_year'" in msg
    assert "expected a whole number between 1200 and 2030" in msg
    assert "'negentienhonderd'" in msg


def test_value_out_of_range_is_rejected(mini: Path) -> None:
    replace_cell(mini / "dwellings.csv", 2, "subsidence_rate", "75")
    (msg,) = errors(mini)
    assert "row 2" in msg and "'subsidence_rate'" in msg and "between 0 and 50 [mm/yr]" in msg


def test_unknown_category_lists_the_allowed_values(mini: Path) -> None:
    replace_cell(mini / "dwellings.csv", 4, "tenure", "koop")
    (msg,) = errors(mini)
    assert "row 4" in msg and "one of owner_occupier, private_rental, housing_association" in msg


def test_category_case_is_normalised(mini: Path) -> None:
    replace_cell(mini / "dwellings.csv", 2, "energy_label", "f")
    assert read_neighbourhood(mini).dwellings["energy_label"].iloc[0] == "F"


def test_bag_id_needs_16_digits_and_the_right_object_type(mini: Path) -> None:
    replace_cell(
        mini / "dwellings.csv", 2, "building_id", "9999010000000001"
    )  # a VBO code, not a pand
    replace_cell(mini / "dwellings.csv", 3, "dwelling_id", "999901000000002")  # 15 digits
    msgs = errors(mini)
    assert any("row 2" in m and "'building_id'" in m and "object type code 10" in m for m in msgs)
    assert any("row 3" in m and "'dwelling_id'" in m and "16-digit" in m for m in msgs)


def test_duplicate_ids_are_rejected(mini: Path) -> None:
    replace_cell(mini / "dwellings.csv", 3, "dwelling_id", "9999010000000001")
    msgs = errors(mini)
    assert any("row 3" in m and "duplicate id" in m for m in msgs)


def test_missing_required_value(mini: Path) -> None:
    replace_cell(mini / "dwellings.csv", 5, "woz_value", "")
    (msg,) = errors(mini)
    assert "row 5" in msg and "'woz_value'" in msg and "a value is required" in msg


def test_misspelt_column_gets_a_suggestion(mini: Path) -> None:
    path = mini / "dwellings.csv"
    path.write_text(path.read_text("utf-8").replace("build_year", "bouw_year", 1), "utf-8")
    msgs = errors(mini)
    assert any("field 'bouw_year': unknown column; did you mean 'build_year'?" in m for m in msgs)
    assert any("field 'build_year': required column is missing" in m for m in msgs)


def test_reference_to_an_unknown_block(mini: Path) -> None:
    replace_cell(mini / "dwellings.csv", 7, "block_id", "C")
    (msg,) = errors(mini)
    assert "row 7" in msg and "block 'C' is not in the blocks table" in msg


def test_household_of_a_tenant_cannot_carry_a_mortgage(mini: Path) -> None:
    replace_cell(mini / "households.csv", 4, "mortgage_outstanding", "100000")
    replace_cell(mini / "households.csv", 4, "mortgage_remaining_term", "20")
    (msg,) = errors(mini)
    assert "households.csv, row 4 (H3)" in msg and "not owner-occupied" in msg


def test_second_adult_needs_an_age(mini: Path) -> None:
    replace_cell(mini / "households.csv", 2, "age_2", "")
    (msg,) = errors(mini)
    assert "row 2 (H1)" in msg and "'age_2'" in msg


def test_dutch_spreadsheet_csv_with_semicolons_and_decimal_commas(mini: Path) -> None:
    path = mini / "dwellings.csv"
    lines = path.read_text("utf-8").splitlines()
    dutch = [line.replace(",", ";") for line in lines]
    dutch[1] = dutch[1].replace(";4.0;", ";4,0;").replace(";250000;", ";250.000;")
    path.write_text("\n".join(dutch) + "\n", "utf-8")
    d = read_neighbourhood(mini).dwellings
    assert d["woz_value"].iloc[0] == 250_000
    assert d["subsidence_rate"].iloc[0] == pytest.approx(4.0)
    assert d["ground_floor_level"].iloc[1] == pytest.approx(-0.20)


def test_committed_broken_examples_fail_with_named_rows() -> None:
    broken = EXAMPLES / "broken"
    expected = {
        "text_in_build_year": "dwellings.csv, row 4 (9999010000000003), field 'build_year'",
        "unknown_block": "dwellings.csv, row 3 (9999010000000002), field 'block_id'",
        "lonlat_geometry": "blocks.csv, row 2 (A), field 'geometry': coordinates lie outside the RD New grid",
        "ragged_row": "dwellings.csv: not a valid CSV table",
    }
    for folder, fragment in expected.items():
        msgs = errors(broken / folder)
        assert any(fragment in m for m in msgs), (folder, msgs)


def test_not_utf8_is_a_clear_error(mini: Path) -> None:
    (mini / "dwellings.csv").write_bytes("straat,é\n".encode("latin-1"))
    (msg,) = errors(mini)
    assert "not UTF-8" in msg


def test_missing_folder_and_unknown_file_type(tmp_path: Path) -> None:
    assert "no such file or folder" in errors(tmp_path / "nope")[0]
    (tmp_path / "wijk.xlsx").write_bytes(b"PK")
    assert "expected a GeoPackage" in errors(tmp_path / "wijk.xlsx")[0]


def test_every_column_of_the_schema_is_described_in_dutch_too() -> None:
    """The web app's Dutch messages name a missing column by its Dutch description
    (data/schema/*.csv, ``description_nl``); a new column without one would show English."""
    from wijkaanpak.io.schema import load_schemas

    bare = [
        f"{table}.{a.name}"
        for table, schema in load_schemas().items()
        for a in schema.attributes
        if not a.description_nl.strip() or a.description_nl == a.description
    ]
    assert bare == []
