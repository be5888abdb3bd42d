"""Screen every buurt of an input on Dask: one task per buurt, resumable, failures reported.

A :class:`distributed.LocalCluster` of worker *processes* (one thread each, a memory limit each,
listening on 127.0.0.1 only) unless ``scheduler`` names an existing cluster
(``tcp://HOST:PORT``). The client keeps the results: each finished buurt is written to
``OUT/buurten/<code>.json`` at once and atomically, with a fingerprint of its input files, the
assumptions and the rule, so a second run skips it (resume) and redoes it only when one of those
changed. A buurt whose input is invalid or whose evaluation fails is listed in ``failed`` with its
code and message; the others complete. Workers need only read access to the input; the output
stays with the client.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from wijkaanpak import __version__
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.partitions import Partition, list_partitions
from wijkaanpak.screening.buurt import Rule, result_path, screen_partition

#: Memory limit per worker process (Dask pauses a worker at 80 % and restarts it at 95 %).
#: One buurt needs well under 1 GB (docs/screening.md).
MEMORY_LIMIT = "2GiB"


@dataclass
class Summary:
    """What ``wijkaanpak screen --json`` prints."""

    buurten: int
    dwellings: int
    warranted: int
    seconds: float
    failed: list[dict[str, str]] = field(default_factory=list)
    skipped: int = 0  # finished in an earlier run (resume)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "skipped"}


def fingerprint(p: Partition, assumptions: Path | None, rule: Rule) -> str:
    """Changes when the buurt's files, the assumptions, the rule or the program change. [-]"""
    text = hashlib.sha256(assumptions.read_bytes()).hexdigest() if assumptions else "shipped"
    parts = [p.fingerprint(), text, json.dumps(asdict(rule)), __version__]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _done(out: Path, p: Partition, stamp: str) -> bool:
    path = result_path(out, p.code)
    try:
        return bool(json.loads(path.read_text("utf-8")).get("fingerprint") == stamp)
    except (OSError, ValueError):
        return False


def _keep(out: Path, row: dict[str, Any]) -> None:
    """Write one buurt's result whole or not at all."""
    path = result_path(out, row["buurtcode"])
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staged.write_text(json.dumps(row, ensure_ascii=False), "utf-8")
    os.replace(staged, path)


def local_cluster(workers: int, memory_limit: str = MEMORY_LIMIT) -> Any:
    """Worker processes on this machine, one thread each, reachable from 127.0.0.1 only."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        memory_limit=memory_limit,
        host="127.0.0.1",
        # None would still open the HTTP server on 0.0.0.0:8787 (distributed's default port),
        # failing when another cluster has it: loopback and a free port
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    )


def screen(
    source: Path,
    out: Path,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    memory_limit: str = MEMORY_LIMIT,
    assumptions: Path | None = None,
    rule: Rule | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Screen every buurt under ``source`` into ``out`` (see the module docstring)."""
    from distributed import Client, as_completed

    start = time.perf_counter()
    rule = rule or Rule()
    partitions = list_partitions(source)
    stamps = {p.code: fingerprint(p, assumptions, rule) for p in partitions}
    todo = [p for p in partitions if not _done(out, p, stamps[p.code])]
    failed: list[dict[str, str]] = []
    finished = len(partitions) - len(todo)
    if progress:
        progress(finished, len(partitions))
    if todo:
        load_assumptions(assumptions)  # a bad assumptions file fails here, not in every task
        with contextlib.ExitStack() as stack:
            cluster = (
                None if scheduler else stack.enter_context(local_cluster(workers, memory_limit))
            )
            client = stack.enter_context(Client(scheduler or cluster))
            where = str(assumptions.resolve()) if assumptions else None
            futures = [
                client.submit(screen_partition, p, where, rule, key=f"screen-{p.code}", pure=False)
                for p in todo
            ]
            codes = {f.key: p.code for f, p in zip(futures, todo, strict=True)}
            for future in as_completed(futures):
                try:
                    row = future.result()
                except Exception as err:  # a worker died (memory) or the cluster failed
                    row = {"buurtcode": codes[future.key], "error": f"{type(err).__name__}: {err}"}
                future.release()
                if "error" in row:
                    failed.append({"buurtcode": row["buurtcode"], "message": row["error"]})
                else:
                    _keep(out, {**row, "fingerprint": stamps[row["buurtcode"]]})
                finished += 1
                if progress:
                    progress(finished, len(partitions))
    from wijkaanpak.screening.outputs import collect, write_outputs

    rows = collect(out, [p.code for p in partitions], stamps)
    write_outputs(rows, out, rule)
    return Summary(
        buurten=len(rows),
        dwellings=int(sum(r["dwellings"] for r in rows)),
        warranted=int(sum(bool(r["warranted"]) for r in rows)),
        seconds=round(time.perf_counter() - start, 2),
        failed=sorted(failed, key=lambda f: f["buurtcode"]),
        skipped=len(partitions) - len(todo),
    )
