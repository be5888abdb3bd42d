"""The shipped Voorbeeldwijk: deterministic, committed, fictional and plausible (issue #2 §3)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wijkaanpak.io.neighbourhood import read_neighbourhood, write_neighbourhood
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.schema import TableSchema
from wijkaanpak.reference.voorbeeldwijk import generate, generate_tables

DATA = Path(__file__).resolve().parent.parent / "src" / "wijkaanpak" / "data" / "voorbeeldwijk"


def _same(a: Neighbourhood, b: Neighbourhood) -> None:
    for name in ("blocks", "dwellings", "households", "public_space"):
        left, right = getattr(a, name), getattr(b, name)
        assert list(left.index) == list(right.index), name
        plain = [c for c in left.columns if c != "geometry"]
        pd.testing.assert_frame_equal(
            pd.DataFrame(left[plain]), pd.DataFrame(right[plain]), check_dtype=False
        )
        if "geometry" in left:
            # GeoPackage may store a polygon as a one-part multipolygon; CSV rounds to 0.01 m
            diff = left.geometry.symmetric_difference(right.geometry).area
            assert (diff < 0.05 * left.geometry.length + 1e-9).all(), name
    assert a.metadata == b.metadata


def test_generator_is_deterministic() -> None:
    first, second = generate_tables(), generate_tables()
    for name in first:
        pd.testing.assert_frame_equal(
            first[name].drop(columns="geometry", errors="ignore"),
            second[name].drop(columns="geometry", errors="ignore"),
        )


def test_committed_data_equals_a_fresh_generation(
    schemas: dict[str, TableSchema], voorbeeldwijk: Neighbourhood
) -> None:
    # If this fails, the generator changed: run `make voorbeeldwijk` and commit the data.
    _same(generate(schemas), voorbeeldwijk)


def test_committed_csv_equals_the_geopackage(voorbeeldwijk: Neighbourhood) -> None:
    _same(read_neighbourhood(DATA / "csv"), voorbeeldwijk)


def test_round_trip_through_csv_and_geopackage(
    voorbeeldwijk: Neighbourhood, tmp_path: Path
) -> None:
    write_neighbourhood(voorbeeldwijk, tmp_path / "w")
    write_neighbourhood(read_neighbourhood(tmp_path / "w"), tmp_path / "w.gpkg")
    _same(read_neighbourhood(tmp_path / "w.gpkg"), voorbeeldwijk)


def test_it_says_it_is_fictional(voorbeeldwijk: Neighbourhood) -> None:
    assert voorbeeldwijk.metadata.fictional
    assert "fictief" in voorbeeldwijk.label
    # municipality code 9999 does not exist: the BAG ids cannot be mistaken for real ones
    assert voorbeeldwijk.dwellings.index.str.startswith("999901").all()
    assert voorbeeldwijk.dwellings["building_id"].str.startswith("999910").all()


def test_size_and_layout_match_the_report(voorbeeldwijk: Neighbourhood) -> None:
    d = voorbeeldwijk.dwellings
    assert 850 <= len(d) <= 950  # report: "circa 900" homes
    houses = d[d["dwelling_type"].str.startswith("terraced")]
    buildings_per_block = houses.groupby("block_id")["building_id"].nunique()
    assert buildings_per_block.between(4, 14).all()
    flats = d[d["foundation_type"].notna()].groupby("building_id").size()
    assert 1 <= (flats >= 12).sum() <= 10  # a few small apartment blocks
    assert d["build_year"].between(1900, 1965).all()
    # blocks lie in RD New near Dordrecht (RD x ≈ 100–110 km, y ≈ 420–428 km)
    x0, y0, x1, y1 = voorbeeldwijk.blocks.total_bounds
    assert 100_000 < x0 < x1 < 110_000 and 420_000 < y0 < y1 < 428_000


def test_foundations_damage_subsidence_and_labels(voorbeeldwijk: Neighbourhood) -> None:
    d = voorbeeldwijk.dwellings
    shallow = d["foundation_type"].str.startswith("no_pile").mean()
    wood = d["foundation_type"].str.startswith("wood").mean()
    assert shallow > 0.5 and 0.05 < wood < 0.4  # mostly shallow, some wooden piles
    assert d["subsidence_rate"].between(1, 10).all()
    assert d["subsidence_rate"].max() >= 9  # the badly subsided corner
    assert set(d["damage_class"]) >= {"negligible", "moderate", "severe", "very_severe"}
    assert d["energy_label"].isin(["E", "F", "G"]).mean() > 0.6
    assert (d["ground_floor_level"] < 0).sum() > 50  # homes lower than the street
    # a severely damaged block more often has an enforcement term than an undamaged one
    term = d["enforcement_term"].notna()
    assert (
        term[d["damage_class"] == "very_severe"].mean()
        > term[d["damage_class"] == "negligible"].mean()
    )


def test_tenure_and_values(voorbeeldwijk: Neighbourhood) -> None:
    d = voorbeeldwijk.dwellings
    shares = d["tenure"].value_counts(normalize=True)
    assert 0.45 < shares["owner_occupier"] < 0.75
    assert shares["private_rental"] > 0.05 and shares["housing_association"] > 0.1
    assert d["woz_value"].between(60_000, 700_000).all()
    assert 180_000 < d["woz_value"].median() < 320_000


def test_households_are_consistent_with_their_homes(voorbeeldwijk: Neighbourhood) -> None:
    h = voorbeeldwijk.households.join(voorbeeldwijk.dwellings, on="dwelling_id")
    assert 0.95 < len(h) / len(voorbeeldwijk.dwellings) <= 1.0
    owners = h[h["tenure"] == "owner_occupier"]
    renters = h[h["tenure"] != "owner_occupier"]
    assert (renters["mortgage_outstanding"] == 0).all()
    # loans of at most 105 % of the value at purchase (generator: pre-2013 LTV ≤ 1.05) on homes since
    # discounted by at most 25 % for foundation damage: balance ≤ 1.05 / 0.75 = 1.40 × today's WOZ
    assert (owners["mortgage_outstanding"] <= 1.40 * owners["woz_value"]).all()
    assert ((owners["mortgage_outstanding"] > owners["woz_value"]).sum()) >= 1  # some under water
    income = owners["income_1"] + owners["income_2"]
    assert 30_000 < income.median() < 80_000  # owners of modest means
    assert (owners["mortgage_outstanding"] / income).max() < 8
    assert h["wish_to_return"].isin(["yes", "no", "unknown"]).all()


@pytest.mark.parametrize("column", ["floor_area", "footprint", "woz_value"])
def test_no_missing_required_values(voorbeeldwijk: Neighbourhood, column: str) -> None:
    assert voorbeeldwijk.dwellings[column].notna().all()
