"""Risk analyses in the background (issue #14): a request starts a run and returns at once; one
worker thread per process works through the queue, writing progress and the result to the
database, so pages and the API can follow it and other requests are not blocked.

The Monte Carlo runs in the thread with one process (no forking inside a web server). A running
job writes a heartbeat with its progress every second; a job whose heartbeat is older than
``STALE`` (the server stopped, or it waited that long in the queue) is shown as interrupted.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from wijkaanpak.analysis.risk import run
from wijkaanpak.web.projects import services
from wijkaanpak.web.projects.models import Project, RiskRun

log = logging.getLogger(__name__)
MAX_DRAWS = 20_000  # per run from the web app (about 7 minutes on a 2-core machine)
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="risk")
_SAVE_EVERY = 1.0  # seconds between progress writes
STALE = timedelta(minutes=15)


#: The largest seed the database column holds (PositiveIntegerField: 0 … 2^31 − 1 on PostgreSQL).
MAX_SEED = 2_147_483_647


def start(project: Project, plan: str, draws: int, seed: int | None, user: Any) -> RiskRun:
    """Queue a run of ``plan`` (a built-in or saved plan's name); returns at once."""
    if plan not in services.plans(project):
        msg = f"no plan named {plan!r}"
        raise KeyError(msg)
    if not 1 <= draws <= MAX_DRAWS:
        msg = f"draws must lie between 1 and {MAX_DRAWS}, got {draws}"
        raise ValueError(msg)
    if seed is not None and not 0 <= seed <= MAX_SEED:
        msg = f"seed must lie between 0 and {MAX_SEED}, got {seed}"
        raise ValueError(msg)
    assumptions = services.assumptions_for(project.assumptions_yaml)
    job = RiskRun.objects.create(
        project=project,
        plan=plan,
        draws=draws,
        seed=assumptions.risk.seed if seed is None else seed,
        created_by=user,
    )
    if connection.in_atomic_block:  # the job must see the committed row
        transaction.on_commit(lambda: _POOL.submit(_work, job.pk))
    else:
        _POOL.submit(_work, job.pk)
    return job


def _work(pk: int) -> None:
    close_old_connections()
    try:
        job = RiskRun.objects.select_related("project").get(pk=pk)
        RiskRun.objects.filter(pk=pk).update(status="running", heartbeat=timezone.now())
        project = job.project
        last = [0.0]

        def progress(done: int, _total: int) -> None:
            if time.monotonic() - last[0] >= _SAVE_EVERY:
                last[0] = time.monotonic()
                RiskRun.objects.filter(pk=pk).update(done=done, heartbeat=timezone.now())

        result = run(
            services.neighbourhood_with_answers(project),
            services.assumptions_for(project.assumptions_yaml),
            services.plans(project)[job.plan],
            job.draws,
            job.seed,
            workers=1,
            progress=progress,
        )
        RiskRun.objects.filter(pk=pk).update(
            status="done", done=job.draws, result=result.to_dict(), finished_at=timezone.now()
        )
    except Exception as exc:
        log.exception("risk run %s failed", pk)
        RiskRun.objects.filter(pk=pk).update(
            status="failed", error=str(exc)[:2000], finished_at=timezone.now()
        )
    finally:
        connection.close()


def status(job: RiskRun) -> str:
    """queued, running, done, failed — or interrupted when a queued or running job's heartbeat is
    older than ``STALE``."""
    if job.status in ("queued", "running") and timezone.now() - job.heartbeat > STALE:
        return "interrupted"
    return job.status


def as_dict(job: RiskRun) -> dict[str, Any]:
    """What the API and the page show of a run (aggregates only)."""
    return {
        "id": job.pk,
        "plan": job.plan,
        "draws": job.draws,
        "seed": job.seed,
        "status": status(job),
        "done": job.done,
        "progress": round(job.done / job.draws, 4) if job.draws else 0.0,
        "error": job.error or None,
        "result": job.result,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
