"""The production server behind ``wijkaanpak serve --production``: gunicorn with several worker
processes in front of :mod:`wijkaanpak.web.wsgi`, static files by whitenoise (issue #16 §12).

Before the workers start, in the main process: ``check --deploy`` (warnings are shown, errors stop
the start), migrations, ``collectstatic`` into the data directory, and the prepared inputs of the
most recently changed projects (the engine's arrays, :func:`services.inputs_for`, and the map's
blocks), so that every worker starts with them (shared copy-on-write after the fork) instead of
spending seconds on its first recomputation. Access and error logs go to standard output.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

log = logging.getLogger(__name__)

#: A request may take this long before its worker is restarted [s]: the optimiser's first run and
#: a report with its risk chapter take seconds to tens of seconds on two cores.
TIMEOUT = 120
#: The access log: client, time, request line, status, bytes, duration (no user agent or referrer).
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'


def cores() -> int:
    return len(os.sched_getaffinity(0))


def default_workers() -> int:
    """2 × cores + 1, gunicorn's rule of thumb: a worker answers one request at a time, so a slow
    one (the optimiser, a report) leaves the others free."""
    return 2 * cores() + 1


class StdoutLogger(Logger):
    """Gunicorn's logger with its error log on standard output too (its access log is there)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stderr:
                handler.setStream(sys.stdout)


class Server(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        """In the main process (``preload_app``), just before the workers are forked."""
        from wijkaanpak.web.wsgi import application

        # Objects made so far stay out of the workers' garbage collection: their pages stay shared
        # instead of being copied when the collector touches them, and a worker exits in a fraction
        # of the time (Python's documentation of gc.freeze: "before os.fork()").
        gc.freeze()
        return application


def prepare() -> None:
    """What the main process does once before serving (Django is set up)."""
    from django.core.management import call_command

    call_command("check", deploy=True, fail_level="ERROR")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def warm(limit: int = 16) -> int:
    """Prepare the inputs of up to ``limit`` most recently changed projects (the size of the
    per-process cache); a project whose files cannot be read is skipped (its pages say why).
    Database connections are closed afterwards: the workers must not share them."""
    from django.db import connections

    from wijkaanpak.web.projects import services
    from wijkaanpak.web.projects.models import Project

    done = 0
    try:
        for project in Project.objects.order_by("-updated_at")[:limit]:
            try:
                services.inputs_for(project)
                services.blocks_geojson(project)  # the map's blocks
                done += 1
            except Exception:  # the project's page shows the error; the server starts anyway
                log.warning("project %s: inputs not prepared at start", project.pk, exc_info=True)
    finally:
        connections.close_all()
    return done


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def run(host: str, port: int, workers: int) -> None:
    """Serve until SIGTERM or Ctrl+C (gunicorn stops the workers gracefully)."""
    Server(
        {
            "bind": bind_address(host, port),
            "workers": workers,
            "worker_class": "sync",
            "preload_app": True,  # load Django once, then fork: the warmed inputs are shared
            "timeout": TIMEOUT,
            "accesslog": "-",
            "errorlog": "-",
            "access_log_format": ACCESS_LOG_FORMAT,
            "logger_class": StdoutLogger,
            "proc_name": "wijkaanpak",
            "control_socket_disable": True,  # gunicornc not needed; two servers would share one path
        }
    ).run()
