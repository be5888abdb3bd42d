"""Read and write a neighbourhood: a GeoPackage with one layer per table, or a folder of files.

Layout
------
``wijk.gpkg``            layers ``metadata``, ``blocks``, ``dwellings``, ``households``, ``public_space``
``wijk/`` (a folder)     ``<table>.csv`` (geometry as WKT), ``<table>.geojson``, ``<table>.gpkg`` or
                         ``<table>.parquet`` (GeoParquet: the fast path for large neighbourhoods)

``blocks`` and ``dwellings`` are required; the other tables are optional.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from wijkaanpak.io.guards import input_file_issues
from wijkaanpak.io.schema import load_schemas
from wijkaanpak.io.tables import (
    PARQUET_SUFFIXES,
    list_layers,
    read_layer,
    read_parquet,
    read_parquet_table,
    read_table,
)
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.neighbourhood import TABLES, Neighbourhood, build_neighbourhood
from wijkaanpak.model.schema import CRS, TableSchema
from wijkaanpak.model.validate import RawTable, coerce_table

_SUFFIXES = (".csv", ".geojson", ".gpkg", ".parquet")


def default_neighbourhood_path() -> Path:
    """The shipped fictional reference neighbourhood, Voorbeeldwijk (GeoPackage)."""
    return Path(
        str(resources.files("wijkaanpak.data").joinpath("voorbeeldwijk", "voorbeeldwijk.gpkg"))
    )


def _raw_tables(path: Path) -> dict[str, RawTable]:
    if not path.exists():
        raise InputError([Issue(str(path), "", "", "no such file or folder")])
    if path.is_file() and path.suffix.lower() == ".gpkg":
        layers = list_layers(path)
        unknown = [name for name in layers if name not in TABLES]
        if unknown:
            msg = f"unknown layer(s) {', '.join(unknown)}; expected layers: {', '.join(TABLES)}"
            raise InputError([Issue(str(path), "", "", msg)])
        return {name: read_layer(path, name) for name in TABLES if name in layers}
    if path.is_dir():
        raws: dict[str, RawTable] = {}
        issues: list[Issue] = []  # every file is read, so that all problems are reported at once
        files: dict[str, Path] = {}
        for name in TABLES:
            found = [path / f"{name}{s}" for s in _SUFFIXES if (path / f"{name}{s}").exists()]
            if len(found) > 1:
                msg = (
                    f"table '{name}' is given twice ({', '.join(f.name for f in found)}); keep one"
                )
                issues.append(Issue(str(path), "", "", msg))
            elif found:
                files[name] = found[0]
        # Parquet files are read one table ahead, in a thread of their own: reading releases the
        # GIL, so the next file is read while this one is converted (its WKB decoded). 918,000
        # dwellings: ≈ 1 s less (issue #18 §4, docs/screening.md)
        schemas = load_schemas()
        with ThreadPoolExecutor(1) as pool:
            ahead = {
                name: pool.submit(read_parquet_table, file, (), _categories(schemas[name]))
                for name, file in files.items()
                if file.suffix.lower() in PARQUET_SUFFIXES
            }
            for name, file in files.items():
                try:
                    if name in ahead:
                        raws[name] = read_parquet(file, table=ahead[name].result())
                    else:
                        raws[name] = read_table(file)
                except InputError as err:
                    issues.extend(err.issues)
        if issues:  # the tables that could be read are checked too, so all is reported at once
            for name, raw in raws.items():
                issues.extend(coerce_table(schemas[name], raw)[1])
            raise InputError(issues)
        return raws
    special = input_file_issues(path)  # a pipe, a device, a loop: say so
    if special and not path.is_file():
        raise InputError(special)
    msg = "expected a GeoPackage (.gpkg) or a folder with blocks.csv, dwellings.csv, … (see docs/data.md)"
    raise InputError([Issue(str(path), "", "", msg)])


def _categories(schema: TableSchema) -> tuple[str, ...]:
    """Columns with a handful of allowed values (tenure, damage class, …)."""
    return tuple(a.name for a in schema.attributes if a.type == "category")


def read_neighbourhood(path: Path | str | None = None) -> Neighbourhood:
    """Read and validate a neighbourhood; the shipped Voorbeeldwijk when ``path`` is None.

    Raises :class:`~wijkaanpak.model.issues.InputError` naming file, row and field of every
    problem. Nothing is returned unless everything is valid.
    """
    path = default_neighbourhood_path() if path is None else Path(path)
    return build_neighbourhood(load_schemas(), _raw_tables(path))


def _tables(nbh: Neighbourhood) -> dict[str, pd.DataFrame]:
    meta = pd.DataFrame([vars(nbh.metadata)])
    return {
        "metadata": meta,
        "blocks": nbh.blocks.reset_index(),
        "dwellings": nbh.dwellings.reset_index(),
        "households": nbh.households.reset_index(),
        "public_space": nbh.public_space.reset_index(),
    }


def _for_file(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(frame).copy()
    for col in out.columns:
        if out[col].dtype.kind == "M":
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out


def _write_csv_folder(nbh: Neighbourhood, folder: Path) -> None:
    for name, frame in _tables(nbh).items():
        out = _for_file(frame)
        if "geometry" in out:
            geoms = np.asarray(out["geometry"], dtype=object)
            wkt = shapely.to_wkt(geoms, rounding_precision=2, trim=True)
            out["geometry"] = np.where(pd.isna(geoms), "", wkt)
        out.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")


def _write_gpkg(nbh: Neighbourhood, path: Path) -> None:
    for name, frame in _tables(nbh).items():
        out = _for_file(frame)
        if "geometry" in out and out["geometry"].notna().any():
            pyogrio.write_dataframe(
                gpd.GeoDataFrame(out, geometry="geometry", crs=CRS), path, layer=name
            )
        else:
            pyogrio.write_dataframe(out.drop(columns="geometry", errors="ignore"), path, layer=name)


def _check_replaceable(folder: Path) -> None:
    """Only a folder that holds nothing but neighbourhood tables may be replaced."""
    allowed = {f"{name}.csv" for name in TABLES}
    others = [p.name for p in folder.iterdir()] if folder.is_dir() else [folder.name]
    strangers = [name for name in others if name not in allowed]
    if strangers:
        msg = f"will not overwrite: it holds other files too ({', '.join(sorted(strangers)[:3])})"
        raise InputError([Issue(str(folder), "", "", msg)])


def write_neighbourhood(nbh: Neighbourhood, path: Path) -> None:
    """Write to ``path``: a ``.gpkg`` file, or else a folder of CSV files (geometry as WKT).

    The result appears whole or not at all: it is written beside the target and moved into place.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        if path.suffix.lower() == ".gpkg":
            staged = Path(tmp) / path.name
            _write_gpkg(nbh, staged)
            os.replace(staged, path)
        else:
            staged = Path(tmp) / "tables"
            staged.mkdir()
            _write_csv_folder(nbh, staged)
            if path.exists():
                _check_replaceable(path)
                shutil.rmtree(path)
            os.replace(staged, path)
