"""Read one table from CSV, GeoPackage or GeoJSON into a :class:`RawTable` (no validation).

Reading problems (not UTF-8, ragged CSV rows, a file GDAL cannot open) become
:class:`~wijkaanpak.model.issues.InputError` with the file named, never a traceback.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pyogrio

from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.schema import CRS
from wijkaanpak.model.validate import RawTable

GEO_SUFFIXES = (".gpkg", ".geojson", ".json")


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
    labels = [f"row {i + 2}" for i in range(len(frame))]  # spreadsheet numbering: header = row 1
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
    labels = [f"feature {i + 1}" for i in range(len(frame))]
    return RawTable(source, frame, labels)


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
    raise InputError(
        [
            Issue(
                str(path), "", "", f"unknown file type '{suffix}'; expected .csv, .gpkg or .geojson"
            )
        ]
    )
