"""Reading and preparing a large neighbourhood: the Voorbeeldwijk tiled ``--copies`` times.

Usage: ``.venv/bin/python benchmarks/bench_load_large.py [--copies 1000] [--gpkg] [--json]``.
Writes the tiled neighbourhood once (GeoParquet folder, and a GeoPackage with ``--gpkg``) to
``--cache``, then times ``read_neighbourhood`` + ``prepare_inputs`` in two fresh processes, one as the
``wijkaanpak`` command runs (glibc malloc keeping freed memory, ``wijkaanpak.malloc``) and one
with glibc's defaults: wall and CPU seconds, peak memory, page faults, the ratio. 1,000 copies = 918,000 dwellings (issue #18 §4). Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
from timing import print_figures

from wijkaanpak.analysis.evaluate import prepare_inputs
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import default_neighbourhood_path, read_neighbourhood
from wijkaanpak.malloc import keep_freed_memory
from wijkaanpak.model.schema import CRS
from wijkaanpak.reference.tiled import tile


def _write(copies: int, folder: Path, gpkg: Path | None) -> None:
    path = default_neighbourhood_path()
    tables = {
        name: pd.DataFrame(pyogrio.read_dataframe(path, layer=name))
        for name, _ in pyogrio.list_layers(path)
    }
    big = tile(tables, copies)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in big.items():
        if "woz_reference_date" in frame:
            frame["woz_reference_date"] = pd.to_datetime(frame["woz_reference_date"]).dt.date
        if "geometry" in frame:
            geo = gpd.GeoDataFrame(frame, geometry="geometry", crs=CRS)
            geo.to_parquet(folder / f"{name}.parquet", index=False)
            if gpkg is not None:
                pyogrio.write_dataframe(geo, gpkg, layer=name)
        else:
            frame.to_parquet(folder / f"{name}.parquet", index=False)
            if gpkg is not None:
                pyogrio.write_dataframe(frame, gpkg, layer=name)


def _time(path: Path) -> dict[str, float]:
    a = load_assumptions()
    wall, cpu = time.perf_counter(), time.process_time()
    nbh = read_neighbourhood(path)
    read_wall, read_cpu = time.perf_counter() - wall, time.process_time() - cpu
    prepare_inputs(nbh, a)
    return {
        "read_s": round(read_wall, 2),
        "read_cpu_s": round(read_cpu, 2),
        "read_and_prepare_s": round(time.perf_counter() - wall, 2),
        "read_and_prepare_cpu_s": round(time.process_time() - cpu, 2),
        "dwellings": len(nbh.dwellings),
    }


def _child(folder: Path, gpkg: Path | None, kept: bool) -> dict[str, Any]:
    """Time the reads in a fresh process: with glibc malloc keeping freed memory (as the
    ``wijkaanpak`` command and its screening workers run, :mod:`wijkaanpak.malloc`) or with
    glibc's defaults (a library caller's process)."""
    command = [sys.executable, __file__, "--measure", str(folder)]
    command += [*(["--measure-gpkg", str(gpkg)] if gpkg else []), *(["--kept"] if kept else [])]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--gpkg", action="store_true", help="also time the GeoPackage")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "wijkaanpak-bench"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--measure-gpkg", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--kept", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        if args.kept:
            keep_freed_memory()
        figures: dict[str, object] = {f"parquet_{k}": v for k, v in _time(args.measure).items()}
        if args.measure_gpkg:
            figures.update({f"gpkg_{k}": v for k, v in _time(args.measure_gpkg).items()})
        rss = resource.getrusage(resource.RUSAGE_SELF)
        figures["peak_rss_gb"] = round(rss.ru_maxrss / 1e6, 2)
        figures["page_faults"] = rss.ru_minflt
        print(json.dumps(figures))
        return
    folder = args.cache / f"tiled-{args.copies}"
    gpkg = args.cache / f"tiled-{args.copies}.gpkg"
    if not (folder / "dwellings.parquet").exists() or (args.gpkg and not gpkg.exists()):
        _write(args.copies, folder, gpkg if args.gpkg else None)
    load = os.getloadavg()[0]
    kept = _child(folder, gpkg if args.gpkg else None, kept=True)
    default = _child(folder, gpkg if args.gpkg else None, kept=False)
    figures = {"load_before": round(load, 2), **kept}
    figures.update({f"glibc_defaults_{k}": v for k, v in default.items()})
    cpu = "parquet_read_and_prepare_cpu_s"
    figures["ratio_cpu_defaults_to_kept"] = round(default[cpu] / kept[cpu], 2)
    figures["load_after"] = round(os.getloadavg()[0], 2)
    print_figures(figures, args.json)


if __name__ == "__main__":
    main()
