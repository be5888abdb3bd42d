"""The shortcuts of validation for large inputs (issue #18 §4) give what checking every cell gives.

Text columns are checked once per distinct value and spread back over the rows
(:mod:`wijkaanpak.model.distinct`), with the checks of columns with few distinct values
remembered across tables; id columns that pass as they stand are recognised with one Arrow kernel
(:mod:`wijkaanpak.model.clean`). Each is compared here with the cell-by-cell path it replaces
(``_coerce_text``), on good and on bad input: the same typed values, the same issues (file, row,
record, field, message) in the same order.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.io.schema import load_schema
from wijkaanpak.model.clean import clean_text
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.validate import (
    RawTable,
    RowLabels,
    _Checker,
    _coerce_cells,
    _coerce_text,
)

DWELLINGS = load_schema("dwellings")
HOUSEHOLDS = load_schema("households")

# cells as people write them: valid values, other case, padding, placeholders, empty, wrong
CELLS = {
    "tenure": ["owner_occupier", "Owner_Occupier", " private_rental ", "n.b.", "NULL", "", "huur"],
    "damage_class": ["none", "slight", "Moderate", " severe", "nan", "-", "erg"],
    "dwelling_id": [
        "0599010000000001",
        "0599010000000002",
        " 0599010000000003",
        "0599100000000004",  # a pand id where a verblijfsobject id belongs
        "59901000000001",
        "n/a",
        "",
    ],
    "street": ["Dorpsstraat", " Kade ", "NULL", "None", "", "Straße"],
    "house_letter": ["a", "B", " ", "nan"],
}
HOUSEHOLD_CELLS = {
    "wish_to_return": ["yes", "no", "Yes", "unknown", "misschien", "", "n.b."],
    "household_id": ["H1", "H2", " H3", "nan", ""],
}


def _both(
    schema_name: str, name: str, cells: list[str | None], source: str = "t.csv"
) -> tuple[tuple[pd.Series, list[str]], tuple[pd.Series, list[str]]]:
    """The column checked per distinct value and cell by cell: (values, issues) of each."""
    schema = DWELLINGS if schema_name == "dwellings" else HOUSEHOLDS
    attr = next(a for a in schema.attributes if a.name == name)
    frame = pd.DataFrame({name: pd.Series(cells, dtype="str")})
    results = []
    for coerce in (_coerce_cells, _coerce_text):
        raw = RawTable(source, frame, RowLabels("row", 2, len(frame)))
        chk = _Checker(schema, raw)
        values = coerce(frame[name], attr, chk)
        results.append((values, [str(i) for i in chk.issues]))
    return results[0], results[1]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_checking_distinct_values_gives_what_checking_every_cell_gives(data: st.DataObject) -> None:
    pools = [("dwellings", k, v) for k, v in CELLS.items()]
    pools += [("households", k, v) for k, v in HOUSEHOLD_CELLS.items()]
    schema_name, name, pool = data.draw(st.sampled_from(pools))
    cells = data.draw(st.lists(st.sampled_from([*pool, None]), min_size=1, max_size=40))
    for source in ("a.csv", "b.parquet"):  # the second table meets the remembered checks
        (fast_values, fast_issues), (cell_values, cell_issues) = _both(
            schema_name, name, cells, source
        )
        pd.testing.assert_series_equal(fast_values, cell_values, check_names=False)
        assert fast_issues == cell_issues


def test_issues_of_distinct_values_name_every_row_that_holds_them() -> None:
    cells = ["huur", "owner_occupier", "huur", "n.b.", "huur"]
    (values, issues), (_, expected) = _both("dwellings", "tenure", cells)
    assert issues == expected
    # the placeholder check comes first; coerce_table sorts the issues by row afterwards
    assert [i.split(",")[1].strip() for i in issues] == ["row 5", "row 2", "row 4", "row 6"]
    assert values.tolist() == [pd.NA, "owner_occupier", pd.NA, pd.NA, pd.NA]


_TEXT = st.text(alphabet="0159AaZz-_ .\u00a0\t\né", max_size=18)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8), st.sampled_from(["str", "bag_vbo", "bag_pand"]))
def test_a_column_taken_as_clean_passes_every_cell_check_unchanged(
    cells: list[str], kind: str
) -> None:
    name = {"str": "street", "bag_vbo": "dwelling_id", "bag_pand": "building_id"}[kind]
    column = pd.Series(cells, dtype="str")
    if not clean_text(column, kind):
        return
    attr = next(a for a in DWELLINGS.attributes if a.name == name)
    raw = RawTable("t", pd.DataFrame({name: column}), RowLabels("row", 2, len(column)))
    chk = _Checker(DWELLINGS, raw)
    pd.testing.assert_series_equal(_coerce_text(column, attr, chk), column.astype("string"))
    assert chk.issues == []


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        (["0599010000000001", " 0599010000000002"], "bag_vbo"),
        (["0599010000000001", "0599100000000002"], "bag_vbo"),
        (["0599010000000001", "059901000000002"], "bag_vbo"),
        (["0599010000000001", None], "bag_vbo"),
        (["Kade", "Kade "], "str"),
        (["Kade", "NULL"], "str"),
        (["Kade", ""], "str"),
        (["Kade", "\u00a0Kade"], "str"),
    ],
)
def test_a_column_with_one_doubtful_cell_is_not_taken_as_clean(
    cells: list[str | None], kind: str
) -> None:
    assert not clean_text(pd.Series(cells, dtype="str"), kind)


def _issues(path: Path) -> list[Issue]:
    with pytest.raises(InputError) as info:
        read_neighbourhood(path)
    return info.value.issues


def test_bad_text_in_parquet_gives_the_issues_of_the_same_csv(mini: Path, tmp_path: Path) -> None:
    """End to end: the same broken dwellings as CSV (cell by cell, text) and as GeoParquet (the
    fast path: typed columns, distinct values, clean ids) give the same issues, row for row."""
    nbh = read_neighbourhood(EXAMPLES / "mini")
    frame = gpd.GeoDataFrame(nbh.dwellings.reset_index(), crs=nbh.dwellings.crs)
    frame["tenure"] = frame["tenure"].astype(object)
    frame.loc[0, "tenure"] = "Huur"
    frame.loc[2, "tenure"] = "n.b."
    frame.loc[3, "damage_class"] = " Severe "
    frame.loc[4, "street"] = "NULL"
    frame["dwelling_id"] = frame["dwelling_id"].astype(object)
    frame.loc[5, "dwelling_id"] = "9999100000000006"  # a pand id
    as_text = frame.drop(columns="geometry").astype(object).where(frame.notna(), "")
    as_text["woz_reference_date"] = frame["woz_reference_date"].dt.strftime("%Y-%m-%d")
    as_text["geometry"] = frame.geometry.to_wkt()
    as_text.to_csv(mini / "dwellings.csv", index=False)
    from_csv = _issues(mini)
    (mini / "dwellings.csv").unlink()
    frame.to_parquet(mini / "dwellings.parquet")
    from_parquet = _issues(mini)
    # tenure 'Huur', the placeholder 'n.b.', the street 'NULL' (read as empty: required), the pand id
    assert [i.field for i in from_csv] == ["tenure", "tenure", "street", "dwelling_id"]
    assert [(i.row.split()[-1], i.record, i.field, i.message) for i in from_parquet] == [
        (str(int(i.row.split()[-1]) - 1), i.record, i.field, i.message) for i in from_csv
    ]


def test_a_building_in_two_blocks_is_named_on_each_of_its_rows(mini: Path) -> None:
    from tests.conftest import replace_cell

    # examples/mini: dwelling 2 is in building ...0002 of block A; put it in building ...0001 of
    # dwelling 1 and in block B, so that building ...0001 spans blocks A and B
    replace_cell(mini / "dwellings.csv", 3, "building_id", "9999100000000001")
    replace_cell(mini / "dwellings.csv", 3, "block_id", "B")
    issues = _issues(mini)
    assert [(i.row, i.field) for i in issues] == [
        ("row 2", "building_id"),
        ("row 3", "building_id"),
    ]
    assert issues[0].message == (
        "building 9999100000000001 has dwellings in more than one block; a building belongs to "
        "one block"
    )


# ids as people write them: digits of one length (BAG ids), of other lengths, with leading zeros,
# text; missing cells
_IDS = st.lists(
    st.one_of(
        st.none(),
        st.sampled_from(["0599010000000001", "0599010000000002", "5990100000000010"]),
        st.sampled_from(["599010000000001", "0001", "1", "A1", "0599O10000000001"]),
    ),
    max_size=12,
)


@settings(max_examples=200)
@given(values=_IDS, universe=_IDS)
def test_ids_hashed_as_numbers_match_them_as_text(
    values: list[str | None], universe: list[str | None]
) -> None:
    """Digit ids of one length are hashed as int64 (model.lookup); the answers are those of
    pandas on the text (expected values: pandas' own duplicated / factorize / index look-up)."""
    from wijkaanpak.model.lookup import codes, duplicated, positions

    column = pd.Series(values, dtype="str")
    expected_dup = (column.duplicated(keep="first") & column.notna()).to_numpy()
    assert duplicated(column).tolist() == expected_dup.tolist()
    assert codes(column).tolist() == pd.factorize(column)[0].tolist()
    first: dict[str, int] = {}
    for i, u in enumerate(universe):
        if u is not None:
            first.setdefault(u, i)
    expected_at = [-1 if v is None else first.get(v, -1) for v in values]
    got = positions(column, pd.Series(universe, dtype="str"))
    assert got.tolist() == expected_at


def test_dwellings_of_one_building_share_its_decoded_outline_and_are_checked_row_by_row(
    mini: Path,
) -> None:
    """Consecutive equal WKB values are decoded once (io.tables._decode_wkb); an invalid
    outline shared by two dwellings is still named on both rows, as the CSV path names it."""
    import numpy as np
    import pyarrow as pa
    import shapely

    from wijkaanpak.io.tables import _decode_wkb

    square = shapely.box(0, 0, 1, 1)
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])  # self-intersecting
    wkb = [shapely.to_wkb(g) for g in (square, square, bowtie, None, square)]
    decoded = _decode_wkb(pa.chunked_array([pa.array(wkb[:2]), pa.array(wkb[2:])]))
    assert decoded[0] is decoded[1] and decoded[4] is not decoded[0]
    assert decoded[3] is None
    assert bool(
        np.all(shapely.equals_exact(decoded[[0, 1, 2, 4]], [square, square, bowtie, square]))
    )

    nbh = read_neighbourhood(EXAMPLES / "mini")
    frame = gpd.GeoDataFrame(nbh.dwellings.reset_index(), crs=nbh.dwellings.crs)
    # mini has no outlines: give every dwelling a square in RD New, rows 2 and 3 (one building)
    # a bow tie
    x, y = 105_000.0, 425_000.0
    broken = shapely.Polygon([(x, y), (x + 5, y + 5), (x + 5, y), (x, y + 5)])
    frame = frame.set_geometry(
        [shapely.box(x + 10 * i, y, x + 10 * i + 8, y + 8) for i in range(len(frame))]
    )
    frame.loc[[1, 2], "geometry"] = [broken, broken]
    frame.to_parquet(mini / "dwellings.parquet")
    (mini / "dwellings.csv").unlink()
    issues = _issues(mini)
    assert [(i.row, i.field) for i in issues] == [
        ("record 2", "geometry"),
        ("record 3", "geometry"),
    ]
    assert all(i.message.startswith("the polygon is not valid (Self-intersection") for i in issues)


def _checked(schema_name: str, name: str, column: pd.Series) -> tuple[pd.Series, list[str]]:
    schema = DWELLINGS if schema_name == "dwellings" else HOUSEHOLDS
    attr = next(a for a in schema.attributes if a.name == name)
    frame = pd.DataFrame({name: column})
    chk = _Checker(schema, RawTable("t.parquet", frame, RowLabels("record", 1, len(frame))))
    return _coerce_cells(frame[name], attr, chk), [str(i) for i in chk.issues]


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_a_category_column_read_as_a_dictionary_is_checked_as_its_text(
    data: st.DataObject,
) -> None:
    """Parquet's category columns come as pandas categoricals (codes, no text per row); they are
    checked exactly as the same cells as text (values, issues, rows), including a column of more
    than 64 distinct values, all different, which takes the cell-by-cell path."""
    pools = {
        ("dwellings", "tenure"): CELLS["tenure"],
        ("dwellings", "damage_class"): CELLS["damage_class"],
        ("households", "wish_to_return"): HOUSEHOLD_CELLS["wish_to_return"],
    }
    (schema_name, name), pool = data.draw(st.sampled_from(list(pools.items())))
    many = [f"soort {i}" for i in range(70)]
    cells = data.draw(
        st.one_of(
            st.lists(st.sampled_from([*pool, None]), min_size=0, max_size=40),
            st.permutations(many),
        )
    )
    text = pd.Series(cells, dtype="str")
    as_text = _checked(schema_name, name, text)
    as_dictionary = _checked(schema_name, name, text.astype("category"))
    pd.testing.assert_series_equal(as_dictionary[0], as_text[0], check_names=False)
    assert as_dictionary[1] == as_text[1]


def test_category_columns_of_a_parquet_file_are_read_as_a_dictionary(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from wijkaanpak.io.tables import read_parquet, read_parquet_table

    path = tmp_path / "t.parquet"
    pq.write_table(
        pa.table({"tenure": ["owner_occupier", None, "private_rental"], "n": [1, 2, 3]}), path
    )
    table = read_parquet_table(path, dictionary=("tenure", "n", "absent"))
    assert pa.types.is_dictionary(table.schema.field("tenure").type)
    assert pa.types.is_integer(table.schema.field("n").type)  # only text columns
    frame = read_parquet(path, table=table).frame
    assert isinstance(frame["tenure"].dtype, pd.CategoricalDtype)
    assert frame["tenure"].tolist()[0::2] == ["owner_occupier", "private_rental"]
