"""The Voorbeeldwijk tiled ``copies`` times: one large fictional neighbourhood for load benchmarks.

Every copy is shifted on a grid of ``spacing`` metres (RD New) and gets its own ids: BAG serials
``copy × 1000 + serial`` (municipality code 9999 stays: it does not exist), block, household and
public-space ids prefixed with the copy number. Nothing else changes, so 1,000 copies are 918,000
dwellings in 92,000 blocks with the same distributions as the Voorbeeldwijk (fictional).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from wijkaanpak.reference.voorbeeldwijk import MUNICIPALITY_CODE

#: Distance between the copies' origins. [m] The Voorbeeldwijk is about 590 × 560 m.
SPACING = 700.0
#: Copies per row of the grid (40 × 700 m = 28 km: inside the RD New grid from the Voorbeeldwijk's
#: origin for up to 1,600 copies).
PER_ROW = 40


def _copy_index(n_rows: int, copies: int) -> np.ndarray:
    return np.repeat(np.arange(copies), n_rows)


def _bag(ids: pd.Series, copies: int) -> np.ndarray:
    """``9999KK`` + 10-digit serial: the serial becomes ``copy × 1000 + serial``."""
    head = ids.str[:6].to_numpy(dtype=object)
    serial = ids.str[6:].astype("int64").to_numpy()
    if serial.max(initial=0) >= 1000:
        msg = f"a serial of {serial.max()} does not fit the tiling's 1000 per copy"
        raise ValueError(msg)
    k = _copy_index(len(ids), copies)
    new = np.tile(serial, copies) + k * 1000
    return np.asarray(
        np.char.add(np.tile(head, copies).astype(str), np.char.zfill(new.astype(str), 10)),
        dtype=object,
    )


def _prefixed(ids: pd.Series, copies: int) -> np.ndarray:
    k = _copy_index(len(ids), copies)
    prefix = np.char.add("T", np.char.zfill(k.astype(str), 4))
    return np.asarray(
        np.char.add(np.char.add(prefix, "-"), np.tile(ids.astype(str).to_numpy(), copies)),
        dtype=object,
    )


def _shifted(geoms: pd.Series, copies: int) -> np.ndarray:
    k = _copy_index(len(geoms), copies)
    dx = (k % PER_ROW) * SPACING
    dy = (k // PER_ROW) * SPACING
    base = np.tile(np.asarray(geoms, dtype=object), copies)
    present = np.array([g is not None for g in base], dtype=bool)
    out = np.array([None] * len(base), dtype=object)
    offsets = np.column_stack([dx[present], dy[present]])
    coords_per = shapely.get_num_coordinates(base[present])
    shift = np.repeat(offsets, coords_per, axis=0)
    out[present] = shapely.transform(base[present], lambda xy: xy + shift)
    return out


def tile(tables: dict[str, pd.DataFrame], copies: int) -> dict[str, pd.DataFrame]:
    """Raw tables of the Voorbeeldwijk (as read or generated) repeated ``copies`` times."""
    if copies < 1:
        msg = f"copies must be at least 1, got {copies}"
        raise ValueError(msg)
    if tables["dwellings"]["dwelling_id"].str[:4].ne(MUNICIPALITY_CODE).any():
        msg = "only the Voorbeeldwijk (municipality code 9999) is tiled"
        raise ValueError(msg)
    out: dict[str, pd.DataFrame] = {}
    ids = {
        "blocks": ("block_id",),
        "dwellings": ("block_id",),
        "households": ("household_id",),
        "public_space": ("public_space_id",),
    }
    bag = {"dwellings": ("dwelling_id", "building_id"), "households": ("dwelling_id",)}
    for name, frame in tables.items():
        if name == "metadata":
            meta = frame.copy()
            meta["name"] = f"Voorbeeldwijk × {copies}"
            out[name] = meta
            continue
        big = pd.DataFrame(
            {c: np.tile(frame[c].to_numpy(), copies) for c in frame.columns if c != "geometry"}
        )
        for c in ids.get(name, ()):
            big[c] = _prefixed(frame[c], copies)
        for c in bag.get(name, ()):
            big[c] = _bag(frame[c], copies)
        if "geometry" in frame:
            big["geometry"] = _shifted(frame["geometry"], copies)
        out[name] = big[list(frame.columns)]
    return out
