"""The fast path for large inputs (issue #18 §4): (Geo)Parquet read as typed columns and validated
in numpy — the same neighbourhood and the same row-level errors as the text path."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from tests.conftest import EXAMPLES
from wijkaanpak.analysis.evaluate import context, evaluate_plan
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.io.schema import load_schema
from wijkaanpak.model.issues import InputError
from wijkaanpak.model.validate import RawTable, RowLabels, coerce_table
from wijkaanpak.reference.tiled import tile


def _typed_and_text(frame: pd.DataFrame) -> tuple[RawTable, RawTable]:
    """The same table typed (as Parquet gives it) and as text (as CSV gives it)."""
    text = frame.astype(object).where(frame.notna(), "").astype(str)
    labels = RowLabels("row", 2, len(frame))
    return RawTable("t", frame, labels), RawTable("t", text, labels)


def test_typed_numbers_give_the_same_values_and_issues_as_text() -> None:
    schema = load_schema("dwellings")
    frame = pd.read_csv(
        EXAMPLES / "mini" / "dwellings.csv", dtype={"dwelling_id": str, "building_id": str}
    )
    frame = frame.drop(columns="geometry", errors="ignore")
    frame["build_year"] = frame["build_year"].astype(float)
    # wrong on purpose: a fraction in an int, out of range, infinite, missing where required
    frame.loc[0, "build_year"] = 1925.5
    frame.loc[1, "floor_area"] = 5.0
    frame.loc[2, "subsidence_rate"] = np.inf
    frame.loc[3, "woz_value"] = np.nan
    typed, text = _typed_and_text(frame)
    out_typed, issues_typed = coerce_table(schema, typed)
    out_text, issues_text = coerce_table(schema, text)
    assert [str(i) for i in issues_typed] == [str(i) for i in issues_text]
    assert len(issues_typed) == 4  # one per broken cell, in row order
    for column in ("build_year", "floor_area", "footprint", "woz_value", "enforcement_term"):
        pd.testing.assert_series_equal(out_typed[column], out_text[column])


def test_a_parquet_neighbourhood_equals_its_csv_and_evaluates_the_same(
    mini: Path, tmp_path: Path
) -> None:
    nbh = read_neighbourhood(mini)
    folder = tmp_path / "parquet"
    folder.mkdir()
    for name, frame in (("blocks", nbh.blocks), ("dwellings", nbh.dwellings)):
        gpd.GeoDataFrame(frame.reset_index(), crs=frame.crs).to_parquet(folder / f"{name}.parquet")
    nbh.households.reset_index().to_parquet(folder / "households.parquet")
    for other in mini.glob("*.csv"):  # the small tables as they are: formats mix in a folder
        if not (folder / f"{other.stem}.parquet").exists():
            shutil.copy(other, folder / other.name)
    back = read_neighbourhood(folder)
    pd.testing.assert_frame_equal(
        pd.DataFrame(back.dwellings.drop(columns="geometry")),
        pd.DataFrame(nbh.dwellings.drop(columns="geometry")),
        check_dtype=False,
    )
    expected = evaluate_plan("all-renew", context(mini))
    got = evaluate_plan("all-renew", context(folder))
    assert got.exploitation_npv == pytest.approx(expected.exploitation_npv, abs=0.01)


def _half_year_in_parquet(mini: Path, row: int) -> None:
    """examples/mini's dwellings as GeoParquet (instead of CSV) with build year 1925.5 in ``row``
    (0-based)."""
    nbh = read_neighbourhood(mini)
    dwellings = gpd.GeoDataFrame(nbh.dwellings.reset_index(), crs=nbh.dwellings.crs)
    dwellings["build_year"] = dwellings["build_year"].astype(float)
    dwellings.loc[row, "build_year"] = 1925.5
    dwellings.to_parquet(mini / "dwellings.parquet")
    (mini / "dwellings.csv").unlink()


def test_parquet_errors_name_file_record_and_field(mini: Path, tmp_path: Path) -> None:
    _half_year_in_parquet(mini, 2)
    with pytest.raises(InputError) as info:
        read_neighbourhood(mini)
    assert str(info.value.issues[0]) == (
        f"{mini / 'dwellings.parquet'}, record 3 (9999010000000003), field 'build_year': "
        "expected a whole number between 1200 and 2030 [yr], got '1925.5'"
    )


def test_tiling_keeps_ids_unique_and_geometry_inside_the_grid(voorbeeldwijk: object) -> None:
    from wijkaanpak.reference.voorbeeldwijk import generate_tables

    tables = tile(generate_tables(), 3)
    d = tables["dwellings"]
    assert len(d) == 3 * 918 and d["dwelling_id"].is_unique
    assert d["dwelling_id"].str.fullmatch(r"999901\d{10}").all()
    assert tables["blocks"]["block_id"].is_unique


def test_a_broken_parquet_file_read_ahead_is_named_with_the_problems_of_the_others(
    mini: Path,
) -> None:
    """Parquet tables are read one ahead in a thread (io.neighbourhood): a file that is not
    Parquet still gives an InputError naming it, together with the other tables' problems, not a
    traceback or a hang."""
    _half_year_in_parquet(mini, 0)
    (mini / "households.csv").unlink()
    (mini / "households.parquet").write_bytes(b"PAR1 this is not a Parquet file")
    with pytest.raises(InputError) as info:
        read_neighbourhood(mini)
    messages = [str(i) for i in info.value.issues]
    assert any(
        m.startswith(f"{mini / 'households.parquet'}: cannot be read as Parquet") for m in messages
    ), messages
    assert any("record 1 (9999010000000001), field 'build_year'" in m for m in messages), messages
