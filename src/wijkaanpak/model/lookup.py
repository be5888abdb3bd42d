"""Vectorised look-ups of ids in other tables (a dwelling's block, a household's dwelling).

``Series.map(dict)`` and ``isin`` against a million Arrow-backed strings run a Python loop per row;
these go through Arrow's hash kernels (or pandas' hash table for other types) instead, so reading
and preparing a neighbourhood of a million dwellings stays within seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _arrow(values: Any) -> pa.Array:
    if isinstance(values, pd.Index | pd.Series):
        values = values.array
    return pa.array(values, from_pandas=True)


def positions(values: Any, universe: Any) -> np.ndarray:
    """Index in ``universe`` of each of ``values``; -1 where absent or missing. ``universe``
    should be unique (the first match counts). [-]

    >>> positions(pd.Series(["b", "x", None, "a"]), pd.Index(["a", "b"])).tolist()
    [1, -1, -1, 0]
    """
    try:
        found = pc.index_in(_arrow(values), value_set=_arrow(universe))
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


def mapped(values: pd.Series, table: Mapping[str, Any], default: Any = np.nan) -> np.ndarray:
    """``table[value]`` for each value, ``default`` where the value is not a key (or missing);
    one look-up per distinct value.

    >>> mapped(pd.Series(["yes", "no", "unknown", None]), {"yes": 1.0, "no": 0.0}).tolist()
    [1.0, 0.0, nan, nan]
    """
    codes, uniques = pd.factorize(values)
    lookup = np.array([table.get(u, default) for u in uniques] + [default])
    return np.asarray(lookup[codes])  # code -1 (missing) takes the last entry: the default
