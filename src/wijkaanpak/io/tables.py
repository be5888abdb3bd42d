"""Read one table from CSV, GeoPackage, GeoJSON or (Geo)Parquet into a :class:`RawTable` (no
validation).

Reading problems (an encoding that is not UTF-8, ragged CSV rows, a file GDAL cannot open, a
pipe or device instead of a file, a file or field over the limits of :mod:`wijkaanpak.io.guards`)
become :class:`~wijkaanpak.model.issues.InputError` with the file and, where known, the line
named, never a traceback.

CSV dialects: ``,`` ``;`` or tab separated, detected from the header. ``;`` means decimal commas
(Dutch Excel); a tab-separated file has decimal commas when its numbers are written so
(``4,5``). UTF-8 (with or without BOM) and UTF-16 with a BOM (Excel's "Unicode text") are read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pyogrio
import pyproj
import shapely

from wijkaanpak.io.guards import check_input_file, long_field_issues
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.schema import CRS
from wijkaanpak.model.validate import RawTable, RowLabels

GEO_SUFFIXES = (".gpkg", ".geojson", ".json")
_DECIMAL_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$")


def _decode(data: bytes, source: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                [Issue(source, "", "", "starts as UTF-16 text but is not valid UTF-16")]
            ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        hint = ""
        try:
            data.decode("cp1252")
            hint = " (it looks like Windows-1252/ANSI)"
        except UnicodeDecodeError:
            pass
        msg = (
            f"not UTF-8 text{hint}: byte {data[err.start]:#04x} at line {line}, column {column}; "
            "save the file as CSV UTF-8"
        )
        raise InputError([Issue(source, f"line {line}", "", msg)]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(
            [Issue(source, f"line {line}", "", "holds NUL bytes: not a text (CSV) file")]
        )
    return text


def _separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda s: (counts[s], s == ","))
    return best if counts[best] else ","


PARQUET_SUFFIXES = (".parquet", ".geoparquet")


def read_csv(path: Path) -> RawTable:
    """Read a CSV file as text. ``,``, ``;`` or tab separated; ``;`` means decimal commas
    (Dutch Excel), and so does a tab-separated file whose numbers have them."""
    source = str(path)
    check_input_file(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError([Issue(source, "", "", f"cannot be read: {err.strerror}")]) from None
    text = _decode(data, source)
    if not text.strip():
        raise InputError([Issue(source, "", "", "the file is empty; expected a header row")])
    header = text.lstrip("\r\n").splitlines()[0]
    sep = _separator(header)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            quoting=csv.QUOTE_MINIMAL,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, csv.Error, ValueError, OverflowError) as err:
        msg = " ".join(str(err).split())
        raise InputError([Issue(source, "", "", f"not a valid CSV table: {msg}".strip())]) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    labels = RowLabels("row", 2, len(frame))  # spreadsheet numbering: header = row 1
    issues = long_field_issues(frame, source, labels)
    unnamed = [c for c in frame.columns if not c or c.startswith("Unnamed: ")]
    empty = [c for c in unnamed if not frame[c].astype(str).str.strip().any()]
    frame = frame.drop(columns=empty)  # trailing separators (a;b;c;;) as spreadsheets write them
    if len(unnamed) > len(empty):
        n = len(unnamed) - len(empty)
        msg = f"{n} column(s) with values but no name in the header row; give every column a name"
        issues.append(Issue(source, "row 1", "", msg))
    dupes = sorted({c for c in frame.columns if re.fullmatch(r".+\.\d+", c)} & set(frame.columns))
    for col in dupes:
        base = col.rsplit(".", 1)[0]
        if base in frame.columns:
            issues.append(Issue(source, "row 1", base, "the column is given twice"))
    if issues:
        raise InputError(issues)
    decimal_comma = sep == ";"
    if sep == "\t":
        cells = frame.stack()
        decimal_comma = bool(cells.astype(str).str.strip().str.match(_DECIMAL_COMMA).any())
    return RawTable(source, frame, labels, decimal_comma=decimal_comma)


def _lonlat_outside(frame: pd.DataFrame) -> bool:
    geoms = np.asarray(frame["geometry"], dtype=object)
    present = [g for g in geoms if g is not None and not shapely.is_empty(g)]
    if not present:
        return False
    xmin, ymin, xmax, ymax = shapely.total_bounds(np.asarray(present, dtype=object))
    return bool(xmin < -180 or xmax > 180 or ymin < -90 or ymax > 90)


def read_layer(path: Path, layer: str | None = None) -> RawTable:
    """Read a GeoPackage layer or a GeoJSON file; geometry is reprojected to RD New."""
    source = f"{path}, layer {layer}" if layer else str(path)
    check_input_file(path)
    try:
        frame = pyogrio.read_dataframe(path, layer=layer)
    except Exception as err:  # pyogrio raises several GDAL-backed types
        msg = " ".join(str(err).split())[:300]
        raise InputError(
            [Issue(source, "", "", f"cannot be read as GeoPackage/GeoJSON: {msg}")]
        ) from None
    if "geometry" in frame and hasattr(frame, "crs"):
        if frame.crs is None and path.suffix.lower() in (".geojson", ".json"):
            frame = frame.set_crs("EPSG:4326")  # RFC 7946: GeoJSON coordinates are WGS 84
        if frame.crs is not None and frame.crs.is_geographic and _lonlat_outside(frame):
            msg = (
                "coordinates are not longitude/latitude although the file says so (GeoJSON is "
                "WGS 84 unless it names another CRS); they look like RD New metres: add "
                '"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}} '
                "or export as WGS 84"
            )
            raise InputError([Issue(source, "", "geometry", msg)])
        if frame.crs is not None and frame.crs != CRS:
            try:
                frame = frame.to_crs(CRS)
            except Exception as err:
                msg = f"cannot be reprojected to RD New (EPSG:28992): {err}"
                raise InputError([Issue(source, "", "geometry", msg)]) from None
        frame = pd.DataFrame(frame)
        if frame["geometry"].isna().all():
            frame = frame.drop(columns="geometry")
    labels = RowLabels("feature", 1, len(frame))
    issues = long_field_issues(frame.drop(columns="geometry", errors="ignore"), source, labels)
    if issues:
        raise InputError(issues)
    return RawTable(source, frame, labels)


def _parquet_error(path: Path, err: Exception) -> InputError:
    return InputError([Issue(str(path), "", "", f"cannot be read as Parquet: {err}")])


def read_parquet_table(
    path: Path, drop: tuple[str, ...] = (), dictionary: tuple[str, ...] = ()
) -> pa.Table:
    """The Arrow table of a Parquet file, columns in ``drop`` left out: the file-reading half
    of :func:`read_parquet`, which releases the GIL, so that it can run in a thread of its own
    while another table is converted (:func:`wijkaanpak.io.neighbourhood.read_neighbourhood`).
    Text columns named in ``dictionary`` (categories: a handful of values) are read as Parquet
    stores them, as a dictionary and codes, so that no text is made or hashed for them (pandas:
    ``category``). Raises :class:`InputError` naming the file."""
    check_input_file(path)
    try:
        with pq.ParquetFile(path) as handle:  # one opening for schema and data
            schema = handle.schema_arrow
            columns = [c for c in schema.names if c not in drop]
            text = [
                c
                for c in dictionary
                if c in columns
                and (
                    pa.types.is_string(schema.field(c).type)
                    or pa.types.is_large_string(schema.field(c).type)
                )
            ]
        with pq.ParquetFile(path, read_dictionary=text or None) as handle:
            return handle.read(columns=columns)
    except (OSError, ValueError, pa.ArrowException) as err:
        raise _parquet_error(path, err) from None


def read_parquet(path: Path, drop: tuple[str, ...] = (), table: pa.Table | None = None) -> RawTable:
    """Read a Parquet or GeoParquet file: the fast path for large inputs.

    Columns keep their Arrow types (numbers, text, dates), so validation checks them without a
    round trip through text; GeoParquet geometry (WKB) becomes shapely geometry in RD New, taking
    the CRS from the file's ``geo`` metadata. Rows are labelled ``record N`` (1-based). Columns in
    ``drop`` (a partition key such as ``buurtcode``) are left out. ``table``: the file already
    read by :func:`read_parquet_table`.
    """
    source = str(path)
    if table is None:
        table = read_parquet_table(path, drop)
    try:
        schema, columns = table.schema, table.column_names
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
        raise _parquet_error(path, err) from None
    if "geometry" in frame and frame["geometry"].isna().all():
        frame = frame.drop(columns="geometry")
    return RawTable(source, frame.reset_index(drop=True), RowLabels("record", 1, len(frame)))


def _geometries(column: pa.ChunkedArray, spec: dict[str, object]) -> np.ndarray:
    """GeoParquet WKB to shapely geometry in RD New. A column without ``crs`` is in OGC:CRS84
    (GeoParquet 1.0 §crs); ``crs: null`` means unknown and is taken as RD New."""
    geoms = _decode_wkb(column)
    crs = spec.get("crs", "OGC:CRS84")
    if crs is None or pyproj.CRS.from_user_input(crs) == pyproj.CRS(CRS):
        return np.asarray(geoms, dtype=object)
    return np.asarray(gpd.GeoSeries(geoms, crs=pyproj.CRS.from_user_input(crs)).to_crs(CRS).values)


#: WKB values decoded at a time: their Python bytes are made and dropped per slice. [-]
_WKB_SLICE = 65_536


def _decode_wkb(column: pa.ChunkedArray) -> np.ndarray:
    """WKB to shapely geometry, one object per run of equal values: consecutive rows with the
    same WKB (the dwellings of one building, which carry its outline) share one geometry, as
    :meth:`pandas.Series.take` would share it. Decoded slice by slice in one thread: the bytes of
    a million values (≈ 130 MB) are never all made at once, and ``shapely.from_wkb`` holds the
    GIL (a second thread was measured slower: 1.0–1.1 s against 0.9 s for 918,000 outlines)."""
    n = len(column)
    if n == 0:
        return np.empty(0, dtype=object)
    starts = np.ones(n, dtype=bool)
    if n > 1:
        same = pc.equal(column.slice(1), column.slice(0, n - 1)).fill_null(False)
        starts[1:] = ~np.asarray(same.to_numpy(zero_copy_only=False), dtype=bool)
    first = np.flatnonzero(starts)
    decoded = np.empty(len(first), dtype=object)
    runs = len(first) < n
    for lo in range(0, len(first), _WKB_SLICE):
        rows = first[lo : lo + _WKB_SLICE]
        part = column.take(pa.array(rows)) if runs else column.slice(lo, len(rows))
        decoded[lo : lo + len(rows)] = shapely.from_wkb(part.to_numpy(zero_copy_only=False))
    return decoded[np.cumsum(starts) - 1] if runs else decoded


def list_layers(path: Path) -> list[str]:
    """Layer names of a GeoPackage."""
    check_input_file(path)
    try:
        return [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as err:
        raise InputError(
            [Issue(str(path), "", "", f"cannot be opened as GeoPackage: {err}")]
        ) from None


def read_table(path: Path, layer: str | None = None) -> RawTable:
    """Read a CSV, GeoJSON or GeoPackage file. A GeoPackage with several layers is read from the
    layer named ``layer`` (e.g. ``pand`` in a PDOK BAG GeoPackage); one with a single layer from
    that layer."""
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix in (".tsv", ".txt"):
        return read_csv(path)
    if suffix == ".gpkg":
        layers = list_layers(path)
        if len(layers) == 1:
            return read_layer(path, layers[0])
        chosen = next((n for n in layers if layer and n.lower() == layer.lower()), None)
        if chosen is None:
            want = f"a layer named '{layer}'" if layer else "one layer"
            msg = f"expected {want}; the GeoPackage has {', '.join(layers) or 'no layers'}"
            raise InputError([Issue(str(path), "", "", msg)])
        return read_layer(path, chosen)
    if suffix in GEO_SUFFIXES:
        return read_layer(path)
    if suffix in PARQUET_SUFFIXES:
        return read_parquet(path)
    check_input_file(path)
    msg = f"unknown file type '{suffix}'; expected .csv, .gpkg, .geojson or .parquet"
    raise InputError([Issue(str(path), "", "", msg)])
