"""BAG-style import joined with FunderMaps-style foundation data (issue #2 §5), on examples/bag."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from wijkaanpak.io.bag import BagSources, import_bag
from wijkaanpak.model.issues import InputError

BAG = EXAMPLES / "bag"


def sources(folder: Path = BAG) -> BagSources:
    return BagSources(
        folder / "pand.geojson",
        folder / "verblijfsobject.csv",
        folder / "funderingen.csv",
        folder / "woningen.csv",
    )


def test_import_builds_blocks_and_dwellings() -> None:
    nbh = import_bag(sources(), name="Bloemwijk")
    d = nbh.dwellings
    # examples/bag: 11 verblijfsobjecten; one in a demolished pand and two shops are no dwellings
    # (the shop in a block counts as a non-residential unit: tests/test_non_residential.py)
    assert len(d) == 8
    assert "9999010000000301" not in d.index and "9999010000000401" not in d.index
    # 4 attached houses (Bloemstraat) and 2 attached buildings with 2 homes each (Tuinstraat)
    assert sorted(d.groupby("block_id").size().tolist()) == [4, 4]
    assert d.loc["9999010000000101", "dwelling_type"] == "terraced_end"
    assert d.loc["9999010000000102", "dwelling_type"] == "terraced_middle"
    assert d.loc["9999010000000201", "dwelling_type"] == "apartment_ground"
    assert d.loc["9999010000000202", "dwelling_type"] == "apartment_upper"


def test_values_follow_from_the_sources() -> None:
    d = import_bag(sources()).dwellings
    # pand 0101 is 5.5 m x 9 m = 49.5 m² in RD New (written as WGS 84 GeoJSON, reprojected back)
    assert d.loc["9999010000000101", "footprint"] == pytest.approx(49.5, abs=0.2)
    # pand 0201 is 6 m x 9 m = 54 m², shared by two homes
    assert d.loc["9999010000000201", "footprint"] == pytest.approx(27.0, abs=0.2)
    # FunderMaps velocity -4.8 mm/yr (sinking) -> subsidence rate 4.8 mm/yr; term10 -> 10 years
    assert d.loc["9999010000000102", "subsidence_rate"] == pytest.approx(4.8)
    assert d.loc["9999010000000102", "enforcement_term"] == 10
    assert d.loc["9999010000000203", "damage_class"] == "unknown"  # empty in funderingen.csv
    # woningen.csv is a Dutch spreadsheet export: "226.500" and "-0,19", label "g"
    assert d.loc["9999010000000103", "woz_value"] == 226_500
    assert d.loc["9999010000000103", "ground_floor_level"] == pytest.approx(-0.19)
    assert d.loc["9999010000000103", "energy_label"] == "G"
    assert d.loc["9999010000000101", "build_year"] == 1928


def test_missing_bag_column_is_named(tmp_path: Path) -> None:
    shutil.copytree(BAG, tmp_path / "bag")
    vbo = tmp_path / "bag" / "verblijfsobject.csv"
    vbo.write_text(vbo.read_text("utf-8").replace("oppervlakte", "opp", 1), "utf-8")
    with pytest.raises(InputError) as info:
        import_bag(sources(tmp_path / "bag"))
    assert "verblijfsobject.csv, field 'oppervlakte': required column is missing" in str(
        info.value.issues[0]
    )


def test_dwelling_data_for_an_unknown_dwelling_is_named(tmp_path: Path) -> None:
    shutil.copytree(BAG, tmp_path / "bag")
    data = tmp_path / "bag" / "woningen.csv"
    data.write_text(
        data.read_text("utf-8") + "9999010000000999;100.000;2025-01-01;F;owner_occupier;0\n",
        "utf-8",
    )
    with pytest.raises(InputError) as info:
        import_bag(sources(tmp_path / "bag"))
    msg = str(info.value.issues[0])
    assert "woningen.csv, row 11" in msg and "9999010000000999 is not a dwelling" in msg
