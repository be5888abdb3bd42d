"""Which blocks are neighbours, from the block geometry (issue #15: renewal areas contiguous).

Two blocks are neighbours when their outlines lie within ``within_m`` metres of each other (RD New,
EPSG:28992, so metres). Outlines drawn from buildings rarely touch exactly: blocks in one row are
split by passages, rows by streets and back gardens, hence a distance rather than "touches".
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from shapely import STRtree

#: Distance within which two blocks count as neighbours [m]. *Assumption*: one street width — in
#: the Voorbeeldwijk blocks in a row are 1.5 m apart and rows face each other across 12 m streets
#: (back gardens, 23 m, are not crossed); a plausible range is 2–25 m.
DEFAULT_WITHIN_M = 12.5


def neighbours(geometry: gpd.GeoSeries, within_m: float = DEFAULT_WITHIN_M) -> list[np.ndarray]:
    """Per block (in the order of ``geometry``) the indices of its neighbours; a block without
    geometry has none. [-]"""
    if within_m < 0:
        msg = f"adjacency distance must be ≥ 0 m, got {within_m}"
        raise ValueError(msg)
    geoms = np.asarray(geometry.values, dtype=object)
    present = np.flatnonzero([g is not None and not g.is_empty for g in geoms])
    out: list[list[int]] = [[] for _ in geoms]
    if len(present) == 0:
        return [np.array(o, dtype=int) for o in out]
    tree = STRtree(geoms[present])
    left, right = tree.query(geoms[present], predicate="dwithin", distance=within_m)
    for i, j in zip(present[left], present[right], strict=True):
        if i != j:
            out[int(i)].append(int(j))
    return [np.array(sorted(set(o)), dtype=int) for o in out]
