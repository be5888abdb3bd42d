"""The same schema from CSV, GeoPackage and GeoJSON; safe writing."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest

from tests.conftest import EXAMPLES
from wijkaanpak.io.neighbourhood import read_neighbourhood, write_neighbourhood
from wijkaanpak.model.issues import InputError


def test_blocks_as_wgs84_geojson_are_reprojected(mini: Path) -> None:
    blocks = read_neighbourhood(mini).blocks.reset_index()
    (mini / "blocks.csv").unlink()
    blocks.to_crs("EPSG:4326").to_file(mini / "blocks.geojson", driver="GeoJSON")
    back = read_neighbourhood(mini).blocks
    assert back.crs == "EPSG:28992"
    # block A is 24 m x 9 m = 216 m² (examples/mini/blocks.csv); survives the round trip via WGS 84
    assert back.loc["A", "geometry"].area == pytest.approx(216.0, abs=0.5)


def test_geopackage_errors_name_the_layer_and_feature(tmp_path: Path) -> None:
    nbh = read_neighbourhood(EXAMPLES / "mini")
    target = tmp_path / "mini.gpkg"
    write_neighbourhood(nbh, target)
    dwellings = pyogrio.read_dataframe(target, layer="dwellings")
    dwellings["energy_label"] = dwellings["energy_label"].astype(object)
    dwellings.loc[2, "energy_label"] = "H"
    pyogrio.write_dataframe(dwellings, target, layer="dwellings")  # mini has no dwelling outlines
    with pytest.raises(InputError) as info:
        read_neighbourhood(target)
    msg = str(info.value.issues[0])
    assert "mini.gpkg, layer dwellings, feature 3 (9999010000000003), field 'energy_label'" in msg


def test_unknown_layer_is_rejected(tmp_path: Path) -> None:
    target = tmp_path / "x.gpkg"
    write_neighbourhood(read_neighbourhood(EXAMPLES / "mini"), target)
    pyogrio.write_dataframe(
        gpd.GeoDataFrame({"a": [1]}, geometry=[None], crs=28992), target, layer="wegen"
    )
    with pytest.raises(InputError, match="unknown layer"):
        read_neighbourhood(target)


def test_writing_never_replaces_a_folder_with_other_files(tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_text("keep me", "utf-8")
    with pytest.raises(InputError, match="will not overwrite"):
        write_neighbourhood(read_neighbourhood(EXAMPLES / "mini"), precious)
    assert (precious / "thesis.docx").read_text("utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents"]  # no half-written leftovers
