"""Vectorised look-ups of ids in other tables (a dwelling's block, a household's dwelling).

``Series.map(dict)`` and ``isin`` against a million Arrow-backed strings run a Python loop per row;
these go through Arrow's hash kernels (or pandas' hash table for other types) instead, so reading
and preparing a neighbourhood of a million dwellings stays within seconds.

Ids that are digits of one length (BAG ids: 16 digits) are hashed as whole numbers: the same
equalities (same length, so no leading zero is lost), at ≈ 1/10 of the cost of hashing text
(918,000 dwelling ids: 0.013 s to convert and 0.002 s to check for duplicates, against
0.18–0.32 s as text; measured on the 2-core VM, issue #18 §4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Longest digit string that fits an int64 whatever its digits. [characters]
_MAX_DIGITS = 18


def _arrow(values: Any) -> pa.Array:
    if isinstance(values, pd.Index | pd.Series):
        values = values.array
    return pa.array(values, from_pandas=True)


def digit_length(values: pa.Array | pa.ChunkedArray) -> int | None:
    """The length shared by all (non-missing) values when they are ASCII digits of one length
    up to 18; None otherwise (or when no value is given)."""
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return None
    if len(values) == values.null_count:
        return None
    lengths = pc.min_max(pc.binary_length(values)).as_py()
    if lengths["min"] != lengths["max"] or not 1 <= lengths["max"] <= _MAX_DIGITS:
        return None
    if not pc.all(pc.ascii_is_decimal(values)).as_py():
        return None
    return int(lengths["max"])


def _whole_numbers(*columns: pa.Array | pa.ChunkedArray) -> list[pa.Array] | None:
    """The columns as int64 (missing kept) when every one holds digits of the same length, so
    that two values are equal as numbers exactly when they are equal as text; else None."""
    lengths = {digit_length(c) for c in columns if len(c) > c.null_count}
    if len(lengths) != 1 or None in lengths:
        return None
    return [pc.cast(c, pa.int64()) for c in columns]


def duplicated(values: Any) -> np.ndarray:
    """Per value: an earlier value equals it (missing values never count). [-]

    >>> duplicated(pd.Series(["0001", "0002", "0001", None, None])).tolist()
    [False, False, True, False, False]
    """
    arrow = _arrow(values)
    numbers = _whole_numbers(arrow)
    if numbers is not None:
        keys = pd.Series(numbers[0].fill_null(-1).to_numpy(zero_copy_only=False), copy=False)
    else:
        keys = values if isinstance(values, pd.Series) else pd.Series(values)
    given = ~np.asarray(arrow.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    return np.asarray(keys.duplicated(keep="first").to_numpy(dtype=bool) & given)


def codes(values: Any) -> np.ndarray:
    """``pd.factorize(values)[0]``: per value a code, the same for equal values, -1 where
    missing (numbered in order of first appearance). [-]

    >>> codes(pd.Series(["0002", None, "0001", "0002"])).tolist()
    [0, -1, 1, 0]
    """
    numbers = _whole_numbers(_arrow(values))
    if numbers is None:
        return np.asarray(pd.factorize(values)[0], dtype=np.intp)
    keys = numbers[0].fill_null(-1).to_numpy(zero_copy_only=False)
    found, _ = pd.factorize(keys)
    missing = keys < 0
    if missing.any():  # -1 (missing) took a code of its own: renumber without it
        found = np.where(missing, -1, found - (found > found[np.argmax(missing)]))
    return np.asarray(found, dtype=np.intp)


def positions(values: Any, universe: Any) -> np.ndarray:
    """Index in ``universe`` of each of ``values``; -1 where absent or missing. ``universe``
    should be unique (the first match counts). [-]

    >>> positions(pd.Series(["b", "x", None, "a"]), pd.Index(["a", "b"])).tolist()
    [1, -1, -1, 0]
    """
    try:
        left, right = _arrow(values), _arrow(universe)
        numbers = _whole_numbers(left, right)
        if numbers is not None:  # both sides digits of one length: hashed as int64
            left, right = numbers
        found = pc.index_in(left, value_set=right, skip_nulls=True)  # missing: -1
        return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    except (pa.ArrowException, TypeError):  # mixed types: pandas' hash table
        index = pd.Index(np.asarray(universe, dtype=object))
        return np.asarray(index.get_indexer(np.asarray(values, dtype=object)), dtype=np.int64)


def member(values: Any, universe: Any) -> np.ndarray:
    """Per value: it occurs in ``universe`` (missing values never do). [-]

    >>> member(["a", "c", None], ["a", "b"]).tolist()
    [True, False, False]
    """
    try:
        distinct = pc.unique(_arrow(universe))
    except (pa.ArrowException, TypeError):  # mixed types
        distinct = pd.unique(np.asarray(universe, dtype=object))
    return positions(values, distinct) >= 0


@dataclass(frozen=True)
class Coded:
    """A column as codes into its distinct values (-1: missing), to look values up per distinct
    value, for any table (:func:`coded`)."""

    codes: np.ndarray
    values: tuple[Any, ...]

    def mapped(self, table: Mapping[Any, Any], default: Any = np.nan) -> np.ndarray:
        """``table[value]`` for each row, ``default`` where the value is not a key (or missing)."""
        lookup = np.array([table.get(v, default) for v in self.values] + [default])
        return np.asarray(lookup[self.codes])  # code -1 (missing) takes the last entry


def coded(values: pd.Series) -> Coded:
    """``values`` as :class:`Coded` (``pd.factorize``)."""
    codes, uniques = pd.factorize(values)
    return Coded(np.asarray(codes), tuple(uniques))


def mapped(values: pd.Series, table: Mapping[str, Any], default: Any = np.nan) -> np.ndarray:
    """``table[value]`` for each value, ``default`` where the value is not a key (or missing);
    one look-up per distinct value.

    >>> mapped(pd.Series(["yes", "no", "unknown", None]), {"yes": 1.0, "no": 0.0}).tolist()
    [1.0, 0.0, nan, nan]
    """
    return coded(values).mapped(table, default)


def shared_labels(values: pd.Series) -> np.ndarray:
    """``values.to_numpy(dtype=object)`` for a column with few distinct values, with one Python
    object per distinct value instead of one per row: a million survey answers take 8 MB of
    pointers to three strings, not ≈ 60 MB of strings (and no time to make them). [-]

    >>> shared_labels(pd.Series(["yes", "no", "yes", None], dtype="str")).tolist()
    ['yes', 'no', 'yes', nan]
    """
    found, uniques = pd.factorize(values, use_na_sentinel=False)
    distinct = pd.Series(uniques, dtype=values.dtype).to_numpy(dtype=object)
    return np.asarray(distinct[found], dtype=object)
