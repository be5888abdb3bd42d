"""Building outlines of a BAG import: parsed, repaired, and which buildings share a wall.

* An outline that is not valid (a self-intersecting ring, a bow tie) is repaired with
  ``make_valid`` and the repair is reported; one that is empty or has no area left is an error
  for a building with units and a reported drop for any other.
* Two buildings **share a wall** when their outlines run together (within :data:`TOUCH`) over at
  least :data:`MIN_WALL`; touching at a corner is not a shared wall.
* Blocks are the groups of buildings with units that share walls; a dwelling's neighbours are
  counted among **all** buildings of the pand file, with or without units: a house against a
  shop, a workshop or a building whose units are not in the unit file is still attached.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.model.issues import Issue

TOUCH = 0.05  # [m] outlines closer than this count as touching
MIN_WALL = 0.5  # [m] shared boundary from which two buildings share a wall


def outlines(
    values: pd.Series, ids: pd.Series, source: str, report: ImportReport
) -> tuple[np.ndarray, np.ndarray]:
    """Polygons from geometries or WKT text, repaired where invalid; also a mask of the usable
    ones (a polygon with area after repair)."""
    raw = values.to_numpy(dtype=object)
    texts = np.array([v if isinstance(v, str) else None for v in raw], dtype=object)
    parsed = shapely.from_wkt(texts, on_invalid="ignore")
    geoms = np.array(
        [
            p if isinstance(v, str) else v if isinstance(v, shapely.Geometry) else None
            for v, p in zip(raw, parsed, strict=True)
        ],
        dtype=object,
    )
    present = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    invalid = present & ~shapely.is_valid(geoms)
    for i in np.flatnonzero(invalid):
        reason = shapely.is_valid_reason(geoms[i])
        fixed = shapely.make_valid(geoms[i])
        if fixed.geom_type == "GeometryCollection":
            polys = [
                g for g in shapely.get_parts(fixed) if g.geom_type in ("Polygon", "MultiPolygon")
            ]
            fixed = shapely.union_all(polys) if polys else shapely.Polygon()
        geoms[i] = fixed
        report.add(
            "changed",
            "invalid outline repaired (make_valid)",
            source,
            str(ids.iloc[i]),
            "geometry",
            str(reason),
        )
    polygonal = np.isin(shapely.get_type_id(geoms), [3, 6]) & present
    usable = polygonal & (shapely.area(geoms) > 0)
    return geoms, usable


def shared_walls(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j), i ≠ j, of outlines that share a wall of at least :data:`MIN_WALL`."""
    if len(geoms) == 0:
        return np.array([], dtype=int), np.array([], dtype=int)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(shapely.buffer(geoms, TOUCH), predicate="intersects")
    pair = left < right
    left, right = left[pair], right[pair]
    if len(left) == 0:
        return left, right
    common = shapely.intersection(
        shapely.boundary(geoms[left]), shapely.buffer(geoms[right], TOUCH)
    )
    wall = shapely.length(common) >= MIN_WALL
    left, right = left[wall], right[wall]
    return np.concatenate([left, right]), np.concatenate([right, left])


def components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Labels 0… of connected groups (union-find over the pairs)."""
    parent = np.arange(n)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = int(parent[i])
        return i

    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([find(i) for i in range(n)], dtype=int)
    return np.unique(roots, return_inverse=True)[1] if n else roots


def neighbours(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Number of buildings each shares a wall with."""
    return np.bincount(left, minlength=n) if n else np.array([], dtype=int)


def union_outline(geoms: list[object], block: str, source: str) -> tuple[object, list[Issue]]:
    """The union of a block's outlines; an issue instead of a GEOS exception."""
    try:
        return shapely.union_all(geoms), []
    except shapely.errors.GEOSException as err:
        try:
            return shapely.union_all([shapely.make_valid(g) for g in geoms]), []
        except shapely.errors.GEOSException:
            msg = f"the outlines of block {block} cannot be joined: {err}"
            return None, [Issue(source, "", "geometry", msg, block)]
