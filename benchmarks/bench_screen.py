"""Screening throughput on Dask: dwellings per second with 1 and 2 worker processes.

Usage: ``.venv/bin/python benchmarks/bench_screen.py [--buurten 1900] [--limit N] [--json]``.
Generates the fictional national set once (``--buurten`` buurten, ≈ 1.1 M dwellings for 1,900;
kept in ``--cache``), then screens it (or its first ``--limit`` buurten) on a LocalCluster with 1
and with 2 worker processes, from scratch each time. Prints dwellings/s, the peak memory of each
worker (resident set size), the workers' CPU seconds and the load average (the machine may be
shared), the time 8 M dwellings would take at that rate and the core-hours they need at the
measured dwellings per CPU second (what idle cores would do). Not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from timing import print_figures

from wijkaanpak.io.partitions import PARTITIONED, list_partitions
from wijkaanpak.reference.national import write_national
from wijkaanpak.screening.run import local_cluster, screen

NATIONAL = 8_000_000  # dwellings in the Netherlands, roughly (CBS 2024: 8.1 M)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def _cpu_seconds() -> float:
    """CPU time of this process (user + system). [s]"""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _subset(source: Path, limit: int, target: Path) -> Path:
    """The first ``limit`` buurten of ``source`` as symlinks (nothing copied)."""
    for p in list_partitions(source)[:limit]:
        for table in PARTITIONED:
            part = source / table / f"buurtcode={p.code}"
            if part.exists():
                (target / table).mkdir(parents=True, exist_ok=True)
                (target / table / part.name).symlink_to(part)
    (target / "buurten.parquet").symlink_to(source / "buurten.parquet")
    return target


def run(source: Path, workers: int) -> dict[str, float]:
    out = Path(tempfile.mkdtemp(prefix="bench-screen-"))
    try:
        with local_cluster(workers) as cluster:
            from distributed import Client

            with Client(cluster) as client:
                cpu_before = sum(client.run(_cpu_seconds).values())
            load_before = os.getloadavg()[0]
            start = time.perf_counter()
            summary = screen(source, out, scheduler=cluster.scheduler_address)
            seconds = time.perf_counter() - start
            load_after = os.getloadavg()[0]
            with Client(cluster) as client:
                peaks = client.run(_peak_rss_mb)
                cpu = sum(client.run(_cpu_seconds).values()) - cpu_before
    finally:
        shutil.rmtree(out, ignore_errors=True)
    rate = summary.dwellings / seconds
    per_cpu = summary.dwellings / cpu  # what one idle core would do
    return {
        f"w{workers}_dwellings": summary.dwellings,
        f"w{workers}_seconds": round(seconds, 1),
        f"w{workers}_dwellings_per_s": round(rate, 1),
        f"w{workers}_worker_cpu_s": round(cpu, 1),
        f"w{workers}_dwellings_per_worker_cpu_s": round(per_cpu, 1),
        f"w{workers}_load_1min_before_after": f"{load_before:.1f} / {load_after:.1f}",
        f"w{workers}_peak_mb_per_worker": round(max(peaks.values()), 0),
        f"w{workers}_8M_hours": round(NATIONAL / rate / 3600, 2),
        f"w{workers}_8M_core_hours_idle": round(NATIONAL / per_cpu / 3600, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--buurten", type=int, default=1900)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--limit", type=int, default=0, help="screen only the first N buurten")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "wijkaanpak-bench"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    source = args.cache / f"national-{args.buurten}-seed{args.seed}"
    figures: dict[str, object] = {}
    if not (source / "buurten.parquet").exists():
        start = time.perf_counter()
        counts = write_national(source, args.buurten, args.seed, workers=2)
        figures["generate_seconds"] = round(time.perf_counter() - start, 1)
        figures["generated_dwellings"] = counts["dwellings"]
    with tempfile.TemporaryDirectory() as tmp:
        chosen = _subset(source, args.limit, Path(tmp)) if args.limit else source
        for workers in (2, 1):
            figures.update(run(chosen, workers))
    figures["speed_up_2_over_1"] = round(
        float(figures["w2_dwellings_per_s"]) / float(figures["w1_dwellings_per_s"]),
        2,  # type: ignore[arg-type]
    )
    print_figures(figures, args.json)


if __name__ == "__main__":
    main()
