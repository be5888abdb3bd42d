"""A column's distinct values, so that a check or conversion that depends on the value alone runs
once per distinct value instead of once per row (issue #18 §4).

A million dwellings hold a handful of tenures, foundation types and damage classes: checking the
text of each cell costs seconds, checking each distinct text costs nothing. The result is spread
back over the rows with the codes (:func:`spread`), so the rows get exactly what the per-row
check would have given them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Distinct:
    """The distinct values of a column and, per row, which one it holds.

    ``values`` keeps the column's dtype and holds, for each distinct value, the cell of the first
    row that has it (missing cells last, as one value, when there are any); ``codes`` gives each
    row's position in ``values``. [-]
    """

    codes: np.ndarray
    values: pd.Series

    def key(self) -> tuple[object, ...]:
        """The distinct values as a hashable tuple (missing as None), for caching checks. [-]"""
        return (str(self.values.dtype), *(None if pd.isna(v) else v for v in self.values))


def _same_text(column: pd.Series) -> bool:
    """Values that compare equal also print the same: text, whole numbers and booleans. Floats
    (``-0.0 == 0.0``) and mixed objects (``1 == 1.0 == True``) do not qualify."""
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype) or dtype.kind in "iub":
        return True
    return dtype.kind == "O" and pd.api.types.infer_dtype(column, skipna=True) in (
        "string",
        "empty",
    )


def distinct(column: pd.Series) -> Distinct | None:
    """The distinct values of ``column`` (see :class:`Distinct`); None when values that compare
    equal could print differently, so a per-value check would not be a per-cell check.

    >>> d = distinct(pd.Series(["b", None, "a", "b"], dtype="string"))
    >>> d.codes.tolist(), d.values.tolist()
    ([0, 2, 1, 0], ['b', 'a', <NA>])
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return _categorical(column)
    if not _same_text(column):
        return None
    codes, _ = pd.factorize(column, use_na_sentinel=True)
    return _first_seen(
        np.asarray(codes, dtype=np.intp), lambda rows: pd.Series(column.array.take(rows))
    )


def _categorical(column: pd.Series) -> Distinct | None:
    """A column read as a dictionary (Parquet's dictionary pages, :mod:`wijkaanpak.io.tables`):
    its codes are there already, so no text is hashed; the distinct values come as text
    (pandas' ``str``), as they come from a text column. None when the categories are not text.

    >>> d = distinct(pd.Series(["b", None, "a", "b"], dtype="category"))
    >>> d.codes.tolist(), d.values.tolist()
    ([0, 2, 1, 0], ['b', 'a', nan])
    """
    categories = pd.Series(column.cat.categories)
    if not _same_text(categories):
        return None
    text = pd.array(categories.to_numpy(dtype=object), dtype="str")
    cat = np.asarray(column.cat.codes, dtype=np.intp)  # -1: missing
    codes, _ = pd.factorize(pd.Series(pd.arrays.IntegerArray(cat, cat < 0)), use_na_sentinel=True)
    return _first_seen(
        np.asarray(codes, dtype=np.intp),
        lambda rows: pd.Series(text.take(cat[rows], allow_fill=True)),
    )


def _first_seen(codes: np.ndarray, values_at: Callable[[np.ndarray], pd.Series]) -> Distinct:
    """:class:`Distinct` from factorize's codes (-1 missing, in order of first appearance) and
    the column's values at given rows."""
    if len(codes) == 0:
        return Distinct(codes, values_at(np.zeros(0, dtype=np.intp)))
    # factorize numbers values in order of first appearance: a row is a first occurrence where
    # its code exceeds every code before it
    before = np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
    first = np.flatnonzero(codes > before)
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        first = np.append(first, missing[0])
        codes = np.where(codes < 0, len(first) - 1, codes)
    return Distinct(codes, values_at(first))


def spread(values: pd.Series, d: Distinct, index: pd.Index) -> pd.Series:
    """Per-distinct-value ``values`` back onto the rows (dtype kept)."""
    return pd.Series(values.array.take(d.codes), index=index, copy=False)
