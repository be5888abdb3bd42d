"""Reading and preparing a large neighbourhood: the Voorbeeldwijk tiled ``--copies`` times.

Usage: ``.venv/bin/python benchmarks/bench_load_large.py [--copies 1000] [--runs 3]
[--baseline OTHER/src] [--warm] [--glibc-defaults] [--gpkg] [--json]``.

Writes the tiled neighbourhood once (GeoParquet folder, and a GeoPackage with ``--gpkg``) to
``--cache``, then times ``read_neighbourhood`` + ``prepare_inputs`` in ``--runs`` fresh processes,
as the ``wijkaanpak`` command runs them (glibc malloc keeping freed memory): wall and CPU seconds (median and
best), peak memory, page faults. 1,000 copies = 918,000 dwellings (issue #18 §4; target < 5 s).

* ``--baseline OTHER/src``: the ``src`` folder of another checkout (e.g. ``git worktree add
  /tmp/old <commit>``); its runs alternate with this checkout's, and the ratio of the medians is
  printed — on a shared VM whose speed drifts by ± 30 % within the hour, only such back-to-back
  ratios say whether a change helped.
* ``--glibc-defaults``: also with glibc malloc's defaults, as the screening workers run (the
  ``wijkaanpak`` command and the web app keep freed memory, ``wijkaanpak.malloc``).
* ``--warm``: each process reads and prepares a second time, in memory it has touched before (as a
  screening worker's second buurt or the web app's second request does).
* ``first_touch_s_per_gb``: a fresh process writing 1 GB of new memory; on the 2-core Firecracker
  VM this costs 2.6–3.1 s (the host backs guest memory on first touch), against 0.1–0.2 s for
  memory the process touches again — why the peak memory shows in the wall time here.

Not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
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


def _child(
    folder: Path,
    gpkg: Path | None,
    kept: bool = True,
    src: Path | None = None,
    warm: bool = False,
) -> dict[str, Any]:
    """Time the reads in a fresh process: keeping freed memory (``kept``: as the ``wijkaanpak``
    command and the web app's WSGI workers run, :mod:`wijkaanpak.malloc`) or with glibc's
    defaults (as the screening workers run); with the code of ``src`` when given."""
    command = [sys.executable, __file__, "--measure", str(folder)]
    command += [*(["--measure-gpkg", str(gpkg)] if gpkg else []), *(["--kept"] if kept else [])]
    command += ["--warm"] if warm else []
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        )
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    figures: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return figures


def _first_touch() -> float:
    """Seconds for a fresh process to write 1 GB of new memory."""
    code = (
        "import time, numpy; t = time.perf_counter(); a = numpy.ones(125_000_000); "
        "print(time.perf_counter() - t)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return round(float(done.stdout), 2)


def _summary(runs: list[dict[str, Any]], prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key in ("parquet_read_and_prepare_s", "parquet_read_and_prepare_cpu_s", "parquet_read_s"):
        values = [r[key] for r in runs]
        out[f"{prefix}{key}_median"] = round(statistics.median(values), 2)
        out[f"{prefix}{key}_best"] = min(values)
    if "warm_read_and_prepare_s" in runs[0]:
        warm = [r["warm_read_and_prepare_s"] for r in runs]
        out[f"{prefix}warm_read_and_prepare_s_median"] = round(statistics.median(warm), 2)
        out[f"{prefix}warm_read_and_prepare_s_best"] = min(warm)
    out[f"{prefix}peak_rss_gb"] = max(r["peak_rss_gb"] for r in runs)
    out[f"{prefix}page_faults_median"] = int(statistics.median(r["page_faults"] for r in runs))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--gpkg", action="store_true", help="also time the GeoPackage")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "wijkaanpak-bench"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per variant")
    parser.add_argument("--baseline", type=Path, help="src folder of another checkout")
    parser.add_argument(
        "--glibc-defaults", action="store_true", help="also with glibc malloc's defaults"
    )
    parser.add_argument(
        "--warm", action="store_true", help="also a second read in the same process"
    )
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--measure-gpkg", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--kept", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        if args.kept:
            keep_freed_memory()
        figures: dict[str, object] = {f"parquet_{k}": v for k, v in _time(args.measure).items()}
        if args.warm:  # once more in the same process: memory it has touched before
            gc.collect()
            again = _time(args.measure)
            figures["warm_read_and_prepare_s"] = again["read_and_prepare_s"]
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
    use_gpkg = gpkg if args.gpkg else None
    out: dict[str, object] = {"load_before": round(os.getloadavg()[0], 2)}
    out["first_touch_s_per_gb"] = _first_touch()
    runs: list[dict[str, Any]] = []
    base: list[dict[str, Any]] = []
    plain: list[dict[str, Any]] = []
    for _ in range(args.runs):  # alternating, so that drift of the machine hits both alike
        if args.baseline is not None:
            base.append(_child(folder, use_gpkg, src=args.baseline))
        runs.append(_child(folder, use_gpkg, warm=args.warm))
        if args.glibc_defaults:
            plain.append(_child(folder, use_gpkg, kept=False, warm=args.warm))
    out["dwellings"] = runs[0]["parquet_dwellings"]
    out.update(_summary(runs))
    if base:
        out.update(_summary(base, "baseline_"))
        key = "parquet_read_and_prepare_s"
        this = statistics.median(r[key] for r in runs)
        out["ratio_baseline_to_this"] = round(statistics.median(r[key] for r in base) / this, 2)
    if plain:
        out.update(_summary(plain, "glibc_defaults_"))
    if args.gpkg:
        out["gpkg_read_and_prepare_s_median"] = round(
            statistics.median(r["gpkg_read_and_prepare_s"] for r in runs), 2
        )
    out["load_after"] = round(os.getloadavg()[0], 2)
    print_figures(out, args.json)


if __name__ == "__main__":
    main()
