"""Many neighbourhoods at once: the input of screening, one partition per CBS buurt.

Two layouts are read:

* **GeoParquet partitioned by buurt code** (Hive style, as ``wijkaanpak generate-national`` writes
  and as DuckDB, Arrow or Dask write): ``DIR/dwellings/buurtcode=<code>/*.parquet``, and where
  given the same for ``blocks``, ``households`` and ``public_space``; ``DIR/buurten.parquet``
  (optional) names each buurt (``buurtcode``, ``name``, ``municipality``, ``fictional``,
  ``region``, geometry). Only ``dwellings`` is required.
* **The project's formats**, one neighbourhood per buurt: a folder holding ``*.gpkg`` files or
  neighbourhood folders (``blocks.csv``, ``dwellings.csv``, … or ``.parquet``); the buurt code is
  the metadata's ``buurtcode``, else the file or folder name.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from wijkaanpak.io.neighbourhood import _raw_tables
from wijkaanpak.io.tables import read_parquet
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.neighbourhood import TABLES
from wijkaanpak.model.validate import RawTable

KEY = "buurtcode"
PARTITIONED = ("dwellings", "blocks", "households", "public_space")


@dataclass(frozen=True)
class Partition:
    """One buurt of a screening input: where its tables are and what is known about it."""

    code: str
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table → Parquet files
    neighbourhood: str = ""  # a GeoPackage or neighbourhood folder (the project's formats)
    info: dict[str, Any] = field(default_factory=dict)  # its row of buurten.parquet

    def fingerprint(self) -> str:
        """Changes when any of its files changes (size, modification time). [-]"""
        paths = [p for files in self.files.values() for p in files]
        if self.neighbourhood:
            root = Path(self.neighbourhood)
            paths += [str(p) for p in sorted(root.rglob("*"))] if root.is_dir() else [str(root)]
        stamp = [(p, os.stat(p).st_size, os.stat(p).st_mtime_ns) for p in sorted(paths)]
        return hashlib.sha256(json.dumps([stamp, self.info], default=str).encode()).hexdigest()


def _info(root: Path) -> dict[str, dict[str, Any]]:
    path = root / "buurten.parquet"
    if not path.exists():
        return {}
    columns = [c for c in pq.read_schema(path).names if c != "geometry"]
    frame = pq.read_table(path, columns=columns).to_pandas()
    if KEY not in frame:
        raise InputError([Issue(str(path), "", KEY, "required column is missing")])
    rows = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    return {str(r[KEY]): r for r in rows}


def list_partitions(root: Path) -> list[Partition]:
    """The buurten under ``root``, sorted by code. Raises :class:`InputError` when there are none."""
    root = Path(root)
    if not root.is_dir():
        raise InputError([Issue(str(root), "", "", "expected a folder (see docs/screening.md)")])
    if (root / "dwellings").is_dir():
        info = _info(root)
        files: dict[str, dict[str, tuple[str, ...]]] = {}
        for table in PARTITIONED:
            for folder in sorted((root / table).glob(f"{KEY}=*")):
                parts = tuple(str(p) for p in sorted(folder.glob("*.parquet")))
                if parts:
                    files.setdefault(folder.name.split("=", 1)[1], {})[table] = parts
        found = [
            Partition(code, tables, info=info.get(code, {}))
            for code, tables in sorted(files.items())
            if "dwellings" in tables
        ]
    else:
        found = [
            Partition(p.stem if p.is_file() else p.name, neighbourhood=str(p))
            for p in sorted(root.iterdir())
            if (p.is_file() and p.suffix.lower() == ".gpkg")
            or (p.is_dir() and any(p.glob("dwellings.*")))
        ]
    if not found:
        msg = f"no buurten found: expected dwellings/{KEY}=<code>/*.parquet or *.gpkg files"
        raise InputError([Issue(str(root), "", "", msg)])
    return found


def _concat(raws: list[RawTable]) -> RawTable:
    if len(raws) == 1:
        return raws[0]
    frames, labels = [], []
    for raw in raws:
        frames.append(raw.frame)
        labels += [f"{raw.source}, {label}" for label in raw.row_labels]
    return RawTable(raws[0].source.rsplit("/", 1)[0], pd.concat(frames, ignore_index=True), labels)


def read_partition(p: Partition) -> dict[str, RawTable]:
    """The raw tables of one buurt (not validated). A ``metadata`` table is made from its row of
    ``buurten.parquet`` when the partition has none."""
    if p.neighbourhood:
        raws = _raw_tables(Path(p.neighbourhood))
    else:
        raws = {
            table: _concat([read_parquet(Path(f), drop=(KEY,)) for f in files])
            for table, files in p.files.items()
            if table in TABLES
        }
    if "metadata" not in raws:
        meta = {
            "name": str(p.info.get("name") or p.code),
            "buurtcode": p.code,
            "municipality": str(p.info.get("municipality") or ""),
            "fictional": bool(p.info.get("fictional") or False),
            "source": str(p.info.get("source") or ""),
        }
        raws["metadata"] = RawTable(f"{p.code} (buurten.parquet)", pd.DataFrame([meta]), ["row 1"])
    return raws
