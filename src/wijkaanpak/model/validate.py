"""Validate and type one input table against its schema, vectorised over rows.

The input is a raw table as read from a file (text from CSV, possibly typed values from a
GeoPackage or GeoJSON). The output is a typed table plus the list of :class:`Issue` found.
Nothing here reads files: see :mod:`wijkaanpak.io.tables`.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import overload

import numpy as np
import pandas as pd
import shapely

from wijkaanpak.model.clean import MISSING_TEXT, clean_text
from wijkaanpak.model.distinct import distinct, spread
from wijkaanpak.model.issues import Issue
from wijkaanpak.model.lookup import duplicated
from wijkaanpak.model.schema import BAG_OBJECT_TYPE, Attribute, TableSchema
from wijkaanpak.model.threads import in_background

#: Bounds of the RD New grid (EPSG:28992 area of use, the Netherlands incl. territorial sea). [m]
RD_BOUNDS = (-7000.0, 289000.0, 300000.0, 629000.0)

_TRUE = {"true", "1", "yes", "ja", "waar", "y", "j"}
_FALSE = {"false", "0", "no", "nee", "onwaar", "n"}
_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")


class RowLabels(Sequence[str]):
    """``"<prefix> N"`` for rows ``first`` … ``first + n - 1``, made when asked for (a list of a
    million labels costs more than reading the table).

    >>> labels = RowLabels("row", 2, 3)
    >>> list(labels), labels[-1], len(labels)
    (['row 2', 'row 3', 'row 4'], 'row 4', 3)
    """

    def __init__(self, prefix: str, first: int, n: int) -> None:
        self.prefix, self.first, self.n = prefix, first, n

    def __len__(self) -> int:
        return self.n

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.n))]
        k = i + self.n if i < 0 else i
        if not 0 <= k < self.n:
            raise IndexError(i)
        return f"{self.prefix} {self.first + k}"

    def position(self, label: str) -> int:
        """The row index of ``label`` (-1 when it is not one of these labels)."""
        head, _, number = label.rpartition(" ")
        if head != self.prefix or not number.isdigit():
            return -1
        k = int(number) - self.first
        return k if 0 <= k < self.n else -1


@dataclass(frozen=True)
class RawTable:
    """A table as read from a source, before validation.

    ``row_labels`` says, per row, where it is in the source (``"row 7"``, ``"feature 3"``).
    ``decimal_comma`` is true for Dutch spreadsheet exports (``;``-separated, ``,`` decimals).
    """

    source: str
    frame: pd.DataFrame
    row_labels: Sequence[str]
    decimal_comma: bool = False


def _text(column: pd.Series) -> pd.Series:
    """Values as stripped text; missing values (NaN, None, '') become ``pd.NA``."""
    if column.dtype.kind in "iu":
        return column.astype("string")
    if column.dtype.kind == "f":
        whole = column.notna() & np.isclose(column.fillna(0) % 1, 0)
        out = column.astype("string")
        out[whole] = column[whole].astype("int64").astype("string")
        return out
    text = column.astype("string").str.strip()
    return text.mask(text.isin(MISSING_TEXT))


def _shown(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


class _Checker:
    """Collects issues for one table while each attribute is coerced."""

    def __init__(self, schema: TableSchema, raw: RawTable) -> None:
        self.schema = schema
        self.raw = raw
        self.issues: list[Issue] = []
        self._records: pd.Series | None = None

    def record(self, i: int) -> str:
        """The id of row ``i`` as text ('' when the table has no id column); made on the first
        issue, so that a valid table never pays for it."""
        idc = self.schema.id_column
        if idc not in self.raw.frame.columns or self.schema.name == "metadata":
            return ""
        if self._records is None:
            self._records = _text(self.raw.frame[idc]).fillna("")
        return str(self._records.iloc[i])

    def flag(
        self, mask: pd.Series | np.ndarray, attr: Attribute, say: Callable[[object], str]
    ) -> None:
        hits = np.flatnonzero(
            mask if isinstance(mask, np.ndarray) else mask.fillna(False).to_numpy(dtype=bool)
        )
        if len(hits) == 0:
            return
        values = (
            self.raw.frame[attr.name]
            if attr.name in self.raw.frame.columns
            else pd.Series([None] * len(self.raw.frame), dtype=object)
        )
        for i in hits.tolist():
            self.issues.append(
                Issue(
                    self.raw.source,
                    self.raw.row_labels[i],
                    attr.name,
                    say(values.iloc[i]),
                    self.record(i),
                )
            )

    def bad(self, mask: pd.Series | np.ndarray, attr: Attribute) -> None:
        self.flag(mask, attr, lambda v: f"expected {attr.expectation()}, got {_shown(v)}")


_THOUSANDS = r"^[+-]?\d{1,3}(\.\d{3})+(,\d*)?$"


def from_decimal_comma(text: pd.Series) -> pd.Series:
    """Dutch spreadsheet numbers to plain ones: ``1.234,5`` → ``1234.5``; ``4,5`` → ``4.5``.

    A dot is a thousands separator only in groups of three digits (``250.000``); otherwise a
    lone dot is read as a decimal point (``-0.10``).

    >>> from_decimal_comma(pd.Series(["250.000", "4,5", "-0.10", "1.234,5"], dtype="string")).tolist()
    ['250000', '4.5', '-0.10', '1234.5']
    """
    grouped = text.str.match(_THOUSANDS).fillna(False).astype(bool)
    plain = text.where(~grouped, text.str.replace(".", "", regex=False))
    return plain.str.replace(",", ".", regex=False)


def _numbers(text: pd.Series, decimal_comma: bool) -> pd.Series:
    if decimal_comma:
        text = from_decimal_comma(text)
    return pd.to_numeric(text, errors="coerce").astype("Float64")


def _in_range(values: pd.Series, attr: Attribute) -> pd.Series:
    ok = pd.Series(True, index=values.index)
    if attr.minimum is not None:
        ok &= values >= attr.minimum
    if attr.maximum is not None:
        ok &= values <= attr.maximum
    return ok.fillna(False).astype(bool)


_GROUPS_ONLY = r"^[+-]?\d{1,3}(\.\d{3})+$"


def _ambiguous(text: pd.Series, values: pd.Series, attr: Attribute) -> pd.Series:
    """In a decimal-comma file, ``120.500`` may be 120500 (thousands separator) or 120.5 (a
    decimal point typed by hand). For a decimal attribute it is read as thousands only when that
    reading lies in the allowed range and the other does not; otherwise it is ambiguous."""
    grouped = text.str.match(_GROUPS_ONLY).fillna(False).astype(bool)
    if attr.type != "float" or not grouped.any():
        return pd.Series(False, index=text.index)
    as_point = pd.to_numeric(text.where(grouped), errors="coerce").astype("Float64")
    clear = _in_range(values, attr) & ~_in_range(as_point, attr)
    return grouped & ~clear


def parse_numbers(
    text: pd.Series, attr: Attribute, decimal_comma: bool
) -> tuple[pd.Series, pd.Series]:
    """Numbers from text (``Float64``, missing where not a number) and the mask of ambiguous
    ones (``120.500`` in a decimal-comma file; see :func:`_ambiguous`)."""
    values = _numbers(text, decimal_comma)
    ambiguous = (
        _ambiguous(text, values, attr) if decimal_comma else pd.Series(False, index=text.index)
    )
    return values, ambiguous


def ambiguous_message(value: object) -> str:
    return (
        f"ambiguous number {_shown(value)} in a file with decimal commas: is the dot a thousands "
        "separator or a decimal point? Write it without the dot or with a decimal comma"
    )


def _coerce_number(text: pd.Series, attr: Attribute, chk: _Checker) -> pd.Series:
    given = text.notna()
    values, ambiguous = parse_numbers(text, attr, chk.raw.decimal_comma)
    chk.flag(ambiguous, attr, lambda v: ambiguous_message(v))
    bad = given & values.isna() & ~ambiguous
    if attr.type == "int":
        bad |= given & values.notna() & ((values % 1) != 0).fillna(False)
    bad |= given & ~bad & ~ambiguous & ~_in_range(values, attr)
    chk.bad(bad, attr)
    if attr.type == "int":
        return values.round().astype("Int64")
    return values


def _coerce_bag(text: pd.Series, attr: Attribute, chk: _Checker) -> pd.Series:
    column = chk.raw.frame.get(attr.name, pd.Series(dtype=object))
    if column.dtype.kind in "iuf":  # a numeric column lost the leading zeros: restore them
        text = text.str.zfill(16)
    code = BAG_OBJECT_TYPE[attr.type]
    ok = text.str.fullmatch(r"[0-9]{16}").fillna(False).astype(bool) & (text.str[4:6] == code)
    chk.bad(text.notna() & ~ok.fillna(False).astype(bool), attr)
    return text


def _coerce_category(text: pd.Series, attr: Attribute, chk: _Checker) -> pd.Series:
    canonical = {c.lower(): c for c in attr.categories}
    codes, uniques = pd.factorize(text.str.lower())  # one look-up per distinct value, not per row
    names = np.array([canonical.get(str(u)) for u in uniques] + [None], dtype=object)
    values = pd.Series(pd.array(names[codes], dtype="string"), index=text.index, copy=False)
    chk.bad(text.notna().to_numpy(dtype=bool) & (names[codes] == None), attr)  # noqa: E711
    return values


def _coerce_bool(text: pd.Series, attr: Attribute, chk: _Checker) -> pd.Series:
    low = text.str.lower()
    values = pd.Series(pd.NA, index=text.index, dtype="boolean")
    values[low.isin(_TRUE).fillna(False).astype(bool)] = True
    values[low.isin(_FALSE).fillna(False).astype(bool)] = False
    chk.bad(text.notna() & values.isna(), attr)
    return values


def _coerce_date(text: pd.Series, attr: Attribute, chk: _Checker) -> pd.Series:
    values = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    chk.bad(text.notna() & values.isna(), attr)
    return values


def _typed_date(column: pd.Series, attr: Attribute, chk: _Checker) -> pd.Series:
    """A column already typed as dates (Parquet, Arrow): only whole days are dates, as in text."""
    values = pd.Series(pd.to_datetime(column), index=column.index)
    if attr.required:
        chk.flag(values.isna(), attr, _required_message(attr))
    if attr.default:
        values = values.fillna(pd.Timestamp(attr.default))
    whole = values.notna() & (values == values.dt.normalize())
    chk.bad(values.notna() & ~whole, attr)
    return values.where(whole).astype("datetime64[us]")


def _typed_number(column: pd.Series, attr: Attribute, chk: _Checker) -> pd.Series:
    """A column already typed as numbers (Parquet, GeoPackage): checked as they are, in numpy,
    without the round trip through text — the same values, the same issues as
    :func:`_coerce_number`."""
    values = column.to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(values)
    if attr.required:
        chk.flag(missing, attr, _required_message(attr))
    if attr.default:
        values = np.where(missing, float(attr.default), values)
        missing = np.isnan(values)
    given = ~missing
    with np.errstate(invalid="ignore"):
        bad = given & (values % 1 != 0) if attr.type == "int" else np.zeros(len(values), bool)
        inside = np.ones(len(values), dtype=bool)
        if attr.minimum is not None:
            inside &= values >= attr.minimum
        if attr.maximum is not None:
            inside &= values <= attr.maximum
    bad |= given & ~bad & ~inside
    chk.bad(bad, attr)
    index = column.index
    if attr.type == "int":
        whole = np.where(given & np.isfinite(values), np.round(values), 0).astype(np.int64)
        return pd.Series(pd.arrays.IntegerArray(whole, missing), index=index, copy=False)
    values = np.where(missing, 0.0, values)
    return pd.Series(pd.arrays.FloatingArray(values, missing), index=index, copy=False)


def _coerce_postcode(text: pd.Series, attr: Attribute, chk: _Checker) -> pd.Series:
    text = text.astype("string")
    ok = text.str.fullmatch(_POSTCODE.pattern).fillna(False).astype(bool)
    values = text.str.replace(" ", "", regex=False).str.upper().where(ok).astype("string")
    chk.bad(text.notna() & values.isna(), attr)
    return values


def _geometry_text(raw: np.ndarray, is_geom: np.ndarray) -> np.ndarray:
    """WKT text of the values that are not geometries yet (None where there is none)."""
    text = np.full(len(raw), None, dtype=object)
    rest = np.flatnonzero(~is_geom)
    if len(rest):
        text[rest] = [None if v is None else str(v).strip() or None for v in raw[rest]]
    return text


def _coerce_geometry(column: pd.Series, attr: Attribute, chk: _Checker) -> Callable[[], pd.Series]:
    """Start checking a geometry column; the returned function finishes it (flags the issues,
    returns the column). In between, the validity check of a large column (GEOS, which releases
    the GIL: 0.65 s for 742,000 outlines) runs in a thread of its own while the caller checks
    the other columns."""
    raw = column.to_numpy(dtype=object)
    is_geom = np.asarray(shapely.is_geometry(raw), dtype=bool)
    text = _geometry_text(raw, is_geom)
    has_text = ~pd.isna(text)  # text holds str or None: one C pass, not a Python loop
    geoms = raw.copy()
    geoms[~is_geom] = None
    if has_text.any():
        geoms[has_text] = shapely.from_wkt(text[has_text], on_invalid="ignore")
    first, run = _runs(geoms)  # rows sharing one geometry object are checked once
    validity = in_background(shapely.is_valid, geoms[first])

    def finish() -> pd.Series:
        given = is_geom | has_text
        present = ~shapely.is_missing(geoms)
        polygon = present & np.isin(shapely.get_type_id(geoms), [3, 6])  # (Multi)Polygon
        valid = polygon & validity()[run]
        bounds = shapely.bounds(geoms[first])[run]
        inside = valid & (bounds[:, 0] >= RD_BOUNDS[0]) & (bounds[:, 1] >= RD_BOUNDS[1])
        inside &= (bounds[:, 2] <= RD_BOUNDS[2]) & (bounds[:, 3] <= RD_BOUNDS[3])
        outside = (
            "coordinates lie outside the RD New grid (EPSG:28992); "
            "longitude/latitude must be converted to RD New first"
        )
        checks: list[tuple[np.ndarray, Callable[[object], str]]] = [
            (given & ~present, lambda v: f"expected WKT text of a polygon, got {_shown(v)}"),
            (present & ~polygon, lambda v: f"expected a polygon, got a {_type_name(v)}"),
            (polygon & ~valid, lambda v: f"the polygon is not valid ({_reason(v)})"),
            (valid & ~inside, lambda _v: outside),
        ]
        for mask, say in checks:
            chk.flag(mask, attr, say)
        kept = np.where(inside, geoms, np.array(None, dtype=object))
        return pd.Series(kept, index=column.index, dtype="object", copy=False)

    return finish


def _runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Runs of consecutive rows holding the very same object (the dwellings of one building
    share its outline, :func:`wijkaanpak.io.tables._decode_wkb`): the first row of each run and,
    per row, its run number. [-]"""
    ids = np.fromiter(map(id, values), dtype=np.int64, count=len(values))
    starts = np.ones(len(values), dtype=bool)
    starts[1:] = ids[1:] != ids[:-1]
    return np.flatnonzero(starts), np.cumsum(starts) - 1


def _type_name(value: object) -> str:
    geom = (
        value
        if isinstance(value, shapely.Geometry)
        else shapely.from_wkt(str(value), on_invalid="ignore")
    )
    return "missing geometry" if geom is None else str(geom.geom_type)


def _reason(value: object) -> str:
    geom = value if isinstance(value, shapely.Geometry) else shapely.from_wkt(str(value))
    return str(shapely.is_valid_reason(geom))


_COERCE = {
    "int": _coerce_number,
    "float": _coerce_number,
    "bag_vbo": _coerce_bag,
    "bag_pand": _coerce_bag,
    "category": _coerce_category,
    "bool": _coerce_bool,
    "date": _coerce_date,
    "postcode": _coerce_postcode,
}


def near_miss(col: str, names: Sequence[str]) -> tuple[str | None, bool]:
    """The name of ``names`` that ``col`` most likely misspells (or ``None``), and whether it
    differs only in case, spaces, dashes or underscores."""
    same = {_fold(n): n for n in names}.get(_fold(col))
    if same:
        return same, True
    near = difflib.get_close_matches(col.lower(), names, n=1)
    return (near[0] if near else None), False


def unknown_column(source: str, col: str, names: Sequence[str]) -> Issue:
    """``unknown column; did you mean '…'?`` (or the expected columns when nothing is near)."""
    near, same = near_miss(col, names)
    hint = (
        f"; did you mean '{near}'?"
        + (" (column names are lower case, words joined by '_')" if same else "")
        if near
        else f"; expected columns: {', '.join(names)}"
    )
    return Issue(source, "", col, "unknown column" + hint)


def _check_columns(schema: TableSchema, raw: RawTable) -> list[Issue]:
    names = schema.names()
    issues = [
        unknown_column(raw.source, str(c), names) for c in raw.frame.columns if c not in names
    ]
    for attr in schema.attributes:
        if attr.required and attr.name not in raw.frame.columns:
            issues.append(
                Issue(raw.source, "", attr.name, f"required column is missing ({attr.description})")
            )
    return issues


def _fold(name: str) -> str:
    """A column name without case, spaces, dashes and underscores: ``Dwelling ID`` → ``dwellingid``."""
    return re.sub(r"[\s_\-.]+", "", name).lower()


#: Cell texts that stand for "no value" in exports (spreadsheets, databases, pandas). They are not
#: read as empty silently: an empty cell takes the default, a placeholder is reported.
PLACEHOLDERS = frozenset(
    ["nan", "none", "null", "n.b.", "n.b", "nb", "n/a", "na", "#n/a", "nvt", "n.v.t.", "?", "-"]
)
_TYPED = ("int", "float", "bag_vbo", "bag_pand", "category", "bool", "date", "postcode")


def placeholder_mask(column: pd.Series) -> pd.Series:
    """Cells of a text column holding a placeholder such as ``n.b.``, ``NULL`` or ``nan``."""
    if column.dtype != object and not pd.api.types.is_string_dtype(column.dtype):
        return pd.Series(False, index=column.index)
    text = column.astype("string").str.strip().str.lower()
    return text.isin(PLACEHOLDERS).fillna(False).astype(bool)


def _placeholder_message(attr: Attribute) -> Callable[[object], str]:
    then = (
        "a value is required"
        if attr.required
        else f"an empty cell means {attr.default}"
        if attr.default
        else "an empty cell means no value"
    )
    return lambda v: f"{_shown(v)} is a placeholder, not a value: {then} ({attr.expectation()})"


def _required_message(attr: Attribute) -> Callable[[object], str]:
    message = f"a value is required ({attr.expectation()})"
    return lambda _value: message


def _coerce_text(column: pd.Series, attr: Attribute, chk: _Checker) -> pd.Series:
    text = _text(column)
    missing = text.isna()
    if attr.type in _TYPED:
        held = placeholder_mask(column)
        if held.any():  # "n.b.", "NULL": reported, not read as empty
            chk.flag(held, attr, _placeholder_message(attr))
            text = text.mask(held, pd.NA)
    if attr.required:
        chk.flag(missing, attr, _required_message(attr))
    if attr.default:
        text = text.fillna(attr.default)
    coerce = _COERCE.get(attr.type)
    return coerce(text, attr, chk) if coerce else text


class _Recorder(_Checker):
    """A checker for a column's distinct values: keeps each check's mask and message instead of
    making issues, so that they can be spread over the rows holding each value."""

    def __init__(self, schema: TableSchema, raw: RawTable) -> None:
        super().__init__(schema, raw)
        self.checks: list[tuple[np.ndarray, Callable[[object], str]]] = []

    def flag(
        self, mask: pd.Series | np.ndarray, attr: Attribute, say: Callable[[object], str]
    ) -> None:
        hits = np.asarray(
            mask if isinstance(mask, np.ndarray) else mask.fillna(False).to_numpy(dtype=bool),
            dtype=bool,
        )
        if hits.any():
            self.checks.append((hits, say))


_Checks = tuple[pd.Series, list[tuple[np.ndarray, Callable[[object], str]]]]
_MEMO: dict[tuple[object, ...], _Checks] = {}
_MEMO_VALUES = 64  # columns with at most this many distinct values have their checks remembered
_MEMO_SIZE = 4096  # remembered columns (forgotten all at once beyond that)


def _per_value(values: pd.Series, attr: Attribute, chk: _Checker) -> _Checks:
    """:func:`_coerce_text` of the distinct values: their typed values and the checks that hit."""
    frame = pd.DataFrame({attr.name: values})
    raw = RawTable(chk.raw.source, frame, RowLabels("value", 1, len(values)), chk.raw.decimal_comma)
    rec = _Recorder(chk.schema, raw)
    return _coerce_text(values, attr, rec), rec.checks


def _coerce_cells(column: pd.Series, attr: Attribute, chk: _Checker) -> pd.Series:
    """:func:`_coerce_text` run once per distinct value and spread over the rows: the same values
    and the same issues, row by row. Every check of a text cell depends on that cell alone, so a
    column of a million cells with a handful of distinct values costs a handful of checks; a
    column with few distinct values (a tenure, a damage class) is checked once per process. A
    column of ids that all pass as they stand is recognised at once (:func:`clean_text`)."""
    if clean_text(column, attr.type):
        return column.astype("string")
    d = distinct(column)
    few = d is not None and len(d.values) <= _MEMO_VALUES
    if d is None or (not few and len(d.values) == len(column)):
        if isinstance(column.dtype, pd.CategoricalDtype):  # read as a dictionary: as text
            column = column.astype("str")
        return _coerce_text(column, attr, chk)
    key = (attr, chk.raw.decimal_comma, *d.key()) if few else None
    found = _MEMO.get(key) if key is not None else None
    if found is None:
        found = _per_value(d.values, attr, chk)
        if key is not None:
            if len(_MEMO) >= _MEMO_SIZE:
                _MEMO.clear()
            _MEMO[key] = found
    values, checks = found
    for mask, say in checks:
        chk.flag(mask[d.codes], attr, say)
    return spread(values, d, column.index)


def _absent(attr: Attribute, n: int) -> pd.Series:
    """A column the table does not have: its default (or missing) in all ``n`` rows, typed as if
    every cell were empty — one cell coerced and repeated. (A missing required column is an issue
    of its own, see :func:`_check_columns`.)"""
    if attr.type == "geometry":
        return pd.Series([None] * n, dtype=object)
    return pd.Series(_empty_cell(attr).array.take(np.zeros(n, dtype=np.intp)))


@functools.cache
def _empty_cell(attr: Attribute) -> pd.Series:
    one = pd.Series([None], dtype=object)
    cell = RawTable("default", pd.DataFrame({attr.name: one}), ["default"])
    chk = _Checker(TableSchema("default", (attr,)), cell)
    return _coerce_text(one, replace(attr, required=False), chk)


def coerce_table(schema: TableSchema, raw: RawTable) -> tuple[pd.DataFrame, list[Issue]]:
    """Type every column of ``raw`` per ``schema``; return the typed table and the issues.

    Missing optional values take the schema default (or stay missing when it has none);
    missing required values, values of the wrong type or outside the allowed range, unknown
    columns and duplicate ids are issues. The typed table is only meaningful when the list of
    issues is empty.
    """
    chk = _Checker(schema, raw)
    chk.issues.extend(_check_columns(schema, raw))
    n = len(raw.frame)
    columns: dict[str, pd.Series] = {}
    # geometry first: its validity check runs in a thread while the other columns are checked;
    # its issues are flagged in schema order, when the loop reaches it
    started = {
        attr.name: _coerce_geometry(raw.frame[attr.name].reset_index(drop=True), attr, chk)
        for attr in schema.attributes
        if attr.type == "geometry" and attr.name in raw.frame.columns
    }
    for attr in schema.attributes:
        if attr.name not in raw.frame.columns:
            columns[attr.name] = _absent(attr, n)
            continue
        column = raw.frame[attr.name].reset_index(drop=True)
        if attr.type == "geometry":
            columns[attr.name] = started[attr.name]()
        elif attr.type in ("int", "float") and column.dtype.kind in "iuf":
            columns[attr.name] = _typed_number(column, attr, chk)
        elif attr.type == "date" and column.dtype.kind == "M":
            columns[attr.name] = _typed_date(column, attr, chk)
        else:
            columns[attr.name] = _coerce_cells(column, attr, chk)
    # one frame from all columns at once (inserting them one by one rebuilt the column index)
    out = pd.DataFrame(columns, index=pd.RangeIndex(n), copy=False)
    if schema.name != "metadata":
        dup = duplicated(out[schema.id_column])  # BAG ids hashed as numbers (model.lookup)
        chk.flag(
            dup, schema.attributes[0], lambda v: f"duplicate id {_shown(v)}; ids must be unique"
        )
    chk.issues.sort(key=_row_order(raw))  # stable: column issues first
    return out, chk.issues


def _row_order(raw: RawTable) -> Callable[[Issue], int]:
    """Sort key: an issue's row position in the source (-1 for a whole column or file)."""
    labels = raw.row_labels
    if isinstance(labels, RowLabels):
        return lambda issue: labels.position(issue.row)
    position = {label: i for i, label in enumerate(labels)}
    return lambda issue: position.get(issue.row, -1)
