"""Blocks where the input has none: attached buildings form a block (they share structure).

Two buildings are attached when their outlines lie within :data:`TOUCH` of each other (RD New,
metres) — the rule of the BAG import (docs/data.md). A block is a connected group of attached
buildings; a building without an outline is a block of its own (repair then goes building by
building). Blocks are numbered ``<buurtcode>-A0001`` … in the order of their lowest building id, so
the same buildings always give the same ids. Where the dwellings already carry a ``block_id`` but
the blocks table is missing, the blocks are made from those ids instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

#: Outlines closer than this count as attached. [m] Same as the BAG import.
TOUCH = 0.05


def attached_groups(outlines: np.ndarray) -> np.ndarray:
    """Label of the connected group of attached outlines each outline belongs to; an outline that
    is missing stands alone. [-]

    >>> boxes = np.array([shapely.box(0, 0, 5, 9), shapely.box(5, 0, 10, 9), shapely.box(20, 0, 25, 9), None])
    >>> attached_groups(boxes).tolist()
    [0, 0, 1, 2]
    """
    n = len(outlines)
    geoms = np.array(outlines, dtype=object)
    geoms[~np.asarray(shapely.is_geometry(geoms), dtype=bool)] = None
    left, right = shapely.STRtree(geoms).query(geoms, predicate="dwithin", distance=TOUCH)
    graph = coo_array((np.ones(len(left)), (left, right)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels)


def _outlines(frame: pd.DataFrame) -> np.ndarray:
    """Union of the outlines of each group's rows (None where a group has none)."""
    out = np.full(len(frame.index.unique()), None, dtype=object)
    geoms = frame["geometry"].to_numpy(dtype=object)
    keys = pd.factorize(frame.index)[0]
    for k in np.unique(keys):
        parts = geoms[keys == k]
        parts = parts[np.asarray(shapely.is_geometry(parts), dtype=bool)]
        if len(parts):
            out[k] = shapely.union_all(parts)
    return out


def derive_blocks(dwellings: pd.DataFrame, code: str) -> tuple[pd.Series, pd.DataFrame, str]:
    """Per dwelling its block id, the blocks table and how it was made (``"from block ids"`` or
    ``"derived from building adjacency"``). ``dwellings`` is a raw table (not yet validated)."""
    geometry = (
        dwellings["geometry"] if "geometry" in dwellings else pd.Series(None, dwellings.index)
    )
    given = dwellings.get("block_id")
    if given is not None and given.notna().all() and (given.astype(str).str.strip() != "").all():
        block = given.astype(str).str.strip()
        how = "from block ids"
    else:
        building = dwellings["building_id"].astype(str)
        first = pd.Series(geometry.to_numpy(dtype=object), index=building).groupby(level=0).first()
        labels = attached_groups(first.to_numpy(dtype=object))
        order = pd.Series(first.index, index=labels).groupby(level=0).min().sort_values()
        number = pd.Series(np.arange(1, len(order) + 1), index=order.index)
        names = pd.Series(labels, index=first.index).map(number).map(lambda k: f"{code}-A{k:04d}")
        block = building.map(names)
        how = "derived from building adjacency"
    frame = pd.DataFrame({"geometry": geometry.to_numpy(dtype=object)}, index=block.to_numpy())
    ids = frame.index.unique()
    street = (
        dwellings["street"].astype(str).groupby(block.to_numpy()).agg(lambda s: s.mode().iloc[0])
        if "street" in dwellings
        else pd.Series("", index=ids)
    )
    blocks = pd.DataFrame(
        {
            "block_id": ids,
            "name": [f"{street.get(b, '')}, blok {b}" for b in ids],
            "geometry": _outlines(frame),
        }
    )
    return pd.Series(block.to_numpy(), index=dwellings.index), blocks, how
