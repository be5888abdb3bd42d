"""Read one table from CSV, GeoPackage, GeoJSON or (Geo)Parquet into a :class:`RawTable` (no
validation).

Reading problems (not UTF-8, ragged CSV rows, a file GDAL cannot open) become
:class:`~wijkaanpak.model.issues.InputError` with the file named, never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
import pyproj
import shapely

from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.schema import CRS
from wijkaanpak.model.validate import RawTable, RowLabels

GEO_SUFFIXES = (".gpkg", ".geojson", ".json")
PARQUET_SUFFIXES = (".parquet", ".geoparquet")


def read_csv(path: Path) -> RawTable:
    """Read a CSV file as text. ``,`` or ``;`` separated; ``;`` means decimal commas (Dutch Excel)."""
    source = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            [
                Issue(
                    source, "", "", f"not UTF-8 text (byte {err.start}); save the file as CSV UTF-8"
                )
            ]
        ) from None
    except OSError as err:
        raise InputError([Issue(source, "", "", f"cannot be read: {err.strerror}")]) from None
    if not text.strip():
        raise InputError([Issue(source, "", "", "the file is empty; expected a header row")])
    header = text.splitlines()[0]
    sep = ";" if header.count(";") > header.count(",") else ","
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, csv.Error, ValueError) as err:
        raise InputError([Issue(source, "", "", f"not a valid CSV table: {err}".strip())]) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    labels = RowLabels("row", 2, len(frame))  # spreadsheet numbering: header = row 1
    return RawTable(source, frame, labels, decimal_comma=sep == ";")


def read_layer(path: Path, layer: str | None = None) -> RawTable:
    """Read a GeoPackage layer or a GeoJSON file; geometry is reprojected to RD New."""
    source = f"{path}, layer {layer}" if layer else str(path)
    try:
        frame = pyogrio.read_dataframe(path, layer=layer)
    except Exception as err:  # pyogrio raises several GDAL-backed types
        raise InputError(
            [Issue(source, "", "", f"cannot be read as GeoPackage/GeoJSON: {err}")]
        ) from None
    if "geometry" in frame and hasattr(frame, "crs"):
        if frame.crs is None and path.suffix.lower() in (".geojson", ".json"):
            frame = frame.set_crs("EPSG:4326")  # RFC 7946: GeoJSON coordinates are WGS 84
        if frame.crs is not None and frame.crs != CRS:
            frame = frame.to_crs(CRS)
        frame = pd.DataFrame(frame)
        if frame["geometry"].isna().all():
            frame = frame.drop(columns="geometry")
    return RawTable(source, frame, RowLabels("feature", 1, len(frame)))


def read_parquet(path: Path, drop: tuple[str, ...] = ()) -> RawTable:
    """Read a Parquet or GeoParquet file: the fast path for large inputs.

    Columns keep their Arrow types (numbers, text, dates), so validation checks them without a
    round trip through text; GeoParquet geometry (WKB) becomes shapely geometry in RD New, taking
    the CRS from the file's ``geo`` metadata. Rows are labelled ``record N`` (1-based). Columns in
    ``drop`` (a partition key such as ``buurtcode``) are left out.
    """
    source = str(path)
    try:
        schema = pq.read_schema(path)
        columns = [c for c in schema.names if c not in drop]
        table = pq.read_table(path, columns=columns)
        geo = json.loads((schema.metadata or {}).get(b"geo", b"{}"))
        if not geo and "geometry" in columns and pa.types.is_binary(schema.field("geometry").type):
            # plain Parquet with a WKB column (pandas' own writer): taken as RD New
            geo = {"primary_column": "geometry", "columns": {"geometry": {"crs": None}}}
        wkb = {
            name: spec
            for name, spec in geo.get("columns", {}).items()
            if name in columns and spec.get("encoding", "WKB").upper() == "WKB"
        }
        frame = table.drop_columns(list(wkb)).to_pandas(date_as_object=False)
        for name, spec in wkb.items():
            target = "geometry" if name == geo.get("primary_column") else name
            frame[target] = _geometries(table[name], spec)
    except (OSError, ValueError, pa.ArrowException, shapely.errors.ShapelyError) as err:
        raise InputError([Issue(source, "", "", f"cannot be read as Parquet: {err}")]) from None
    if "geometry" in frame and frame["geometry"].isna().all():
        frame = frame.drop(columns="geometry")
    return RawTable(source, frame.reset_index(drop=True), RowLabels("record", 1, len(frame)))


def _geometries(column: pa.ChunkedArray, spec: dict[str, object]) -> np.ndarray:
    """GeoParquet WKB to shapely geometry in RD New. A column without ``crs`` is in OGC:CRS84
    (GeoParquet 1.0 §crs); ``crs: null`` means unknown and is taken as RD New."""
    geoms = shapely.from_wkb(column.to_numpy(zero_copy_only=False))
    crs = spec.get("crs", "OGC:CRS84")
    if crs is None or pyproj.CRS.from_user_input(crs) == pyproj.CRS(CRS):
        return np.asarray(geoms, dtype=object)
    return np.asarray(gpd.GeoSeries(geoms, crs=pyproj.CRS.from_user_input(crs)).to_crs(CRS).values)


def list_layers(path: Path) -> list[str]:
    """Layer names of a GeoPackage."""
    try:
        return [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as err:
        raise InputError(
            [Issue(str(path), "", "", f"cannot be opened as GeoPackage: {err}")]
        ) from None


def read_table(path: Path) -> RawTable:
    """Read a CSV, GeoJSON or single-layer GeoPackage file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path)
    if suffix in GEO_SUFFIXES:
        return read_layer(path)
    if suffix in PARQUET_SUFFIXES:
        return read_parquet(path)
    msg = f"unknown file type '{suffix}'; expected .csv, .gpkg, .geojson or .parquet"
    raise InputError([Issue(str(path), "", "", msg)])
