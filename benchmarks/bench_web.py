"""Plan-recompute latency through the JSON API under concurrent clients, on loopback only: the
production server (``wijkaanpak serve --production``: gunicorn, several workers) and the development
server (``wijkaanpak serve``: Django's runserver, one process) in the same run.

Each server gets a throw-away data directory (SQLite) with the demo project and accounts; the
production one runs with production settings (a generated secret key, ``ALLOWED_HOSTS=127.0.0.1``)
and is reached as through a TLS-terminating reverse proxy on the same machine
(``X-Forwarded-Proto: https``, which gunicorn trusts from 127.0.0.1; secure cookies). A team
member needs a second factor in production, so each client there signs in as its own team account
of the demo project (``bench-1`` …, made for the run, each with an authenticator app whose codes
the benchmark computes: a TOTP code is accepted once per account); on the development server the
clients sign in as the demo's ``team`` (local mode skips the second factor). Both run at
once; ``--clients`` clients log in once on each (a browser session, as the map does); then, in each
of ``--rounds`` rounds, each server in turn gets ``--clients × --requests`` different plans POSTed
to ``/api/projects/1/evaluate`` by all clients at once (a block renewed at densification 1.0–1.5,
another block left alone, the rest repaired). Taking turns evens out what other jobs on the machine
do to the two. With ``--baseline-src`` a third server, the production server of another
checkout, takes turns too (before/after in one run). Prints mean/p50/p95/max in ms and requests
per second per server, the ratio development/production, the server's CPU time per request (its
processes' user + system time), the benchmark's own CPU time per request (its clients run on the
same cores) and the machine's load average around the
batches. Exits 1 if any request failed.

HTTP Basic is also accepted by the API, but it hashes the password on every request (≈ 0.25 s),
so scripts that call it in a loop should log in once. Not a test.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookies
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

HOST = "127.0.0.1"
PASSWORD = "voorbeeldwijk"
URL = "/api/projects/1/evaluate"
RENEWED = ["B1A01", "B1A02", "B2B03", "B4D02", "B5E01"]  # accept densification 1.0–1.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Account:
    username: str
    totp_key: str = ""  # hex; empty: no second factor


def totp(key_hex: str) -> str:
    """The current code of an authenticator app (RFC 6238: 30 s steps, 6 digits)."""
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6, drift=0).token():06d}"


def accounts_script(accounts: list[Account]) -> str:
    """Python for ``manage.py shell``: the accounts as team members of the demo project, each with a
    confirmed authenticator app (its key in hex)."""
    keys = {a.username: a.totp_key for a in accounts}
    return f"""
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from wijkaanpak.web.projects.models import Membership, Project
project = Project.objects.get(name="Voorbeeldwijk")
for name, key in {keys!r}.items():
    user = User.objects.create_user(name, password={PASSWORD!r})
    Membership.objects.create(user=user, project=project, role="team")
    TOTPDevice.objects.create(user=user, name="bench", key=key, confirmed=True)
"""


class Session:
    """One logged-in client: its cookies (kept by hand: the production cookies are ``Secure``
    and the proxy's TLS is only pretended here) and the CSRF token."""

    def __init__(self, port: int, https: bool, account: Account) -> None:
        self.port = port
        self.origin = f"{'https' if https else 'http'}://{HOST}:{port}"
        self.extra = {"X-Forwarded-Proto": "https"} if https else {}
        self.cookies: dict[str, str] = {}
        self.request("GET", "/inloggen/")
        self.form("/inloggen/", {"username": account.username, "password": PASSWORD})
        if account.totp_key:
            self.form("/inloggen/tweede-stap/", {"token": totp(account.totp_key)})
        status, _ = self.request("GET", "/api/projects")
        if status != 200:
            msg = f"sign-in as {account.username} failed on port {port}: HTTP {status}"
            raise RuntimeError(msg)

    def form(self, path: str, fields: dict[str, str]) -> None:
        """POST a sign-in form; it must redirect (a 200 shows the form again with an error)."""
        form = {"csrfmiddlewaretoken": self.csrf(), **fields}
        status, _ = self.request(
            "POST",
            path,
            urllib.parse.urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302:
            msg = f"{path} on port {self.port}: HTTP {status}"
            raise RuntimeError(msg)

    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(
                method,
                path,
                body=body,
                headers={
                    **self.extra,
                    **(headers or {}),
                    "Cookie": cookie,
                    "Referer": self.origin + path,
                    "X-CSRFToken": self.csrf(),
                },
            )
            response = connection.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = http.cookies.SimpleCookie(header)
                self.cookies.update({k: m.value for k, m in jar.items()})
            return response.status, data
        finally:
            connection.close()

    def post_json(self, path: str, body: dict[str, Any]) -> tuple[int, float]:
        start = time.perf_counter()
        status, _ = self.request(
            "POST", path, json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        return status, (time.perf_counter() - start) * 1000


def plans(count: int, blocks: list[str]) -> list[dict[str, Any]]:
    """``count`` different plans: one block renewed, another left alone, the rest repaired."""
    out = []
    for i in range(count):
        renewed = RENEWED[i % len(RENEWED)]
        alone = next(b for b in blocks[i % len(blocks) :] + blocks if b != renewed)
        out.append(
            {
                "default": {"intervention": "repair"},
                "blocks": {
                    renewed: {"intervention": "renew", "densification": 1.0 + (i // 5 % 6) / 10},
                    alone: {"intervention": "none"},
                },
            }
        )
    return out


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) used so far by a process and its children (Linux ``/proc``)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == root or int(fields[1]) == root:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


@contextmanager
def server(
    production: bool, workers: int | None, accounts: list[Account], src: str | None = None
) -> Iterator[tuple[int, int]]:
    """A server on a free loopback port with the demo project (and in production the bench's
    ``accounts``), running the package from ``src`` when given; stopped afterwards (SIGTERM)."""
    port = free_port()
    data = tempfile.mkdtemp(prefix="wijkaanpak-bench-")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WIJKAANPAK_", "DJANGO_", "DATABASE_URL"))
    }
    env["WIJKAANPAK_DATA_DIR"] = data
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "wijkaanpak", "serve", "--port", str(port)]
    if production:
        env["WIJKAANPAK_SECRET_KEY"] = secrets.token_urlsafe(50)
        env["WIJKAANPAK_ALLOWED_HOSTS"] = HOST
        manage = [sys.executable, "-m", "wijkaanpak.web.manage"]
        for args in (
            ["migrate", "--verbosity", "0"],
            ["demo_setup"],
            ["shell", "--command", accounts_script(accounts)],
        ):
            subprocess.run([*manage, *args], env=env, check=True, stdout=subprocess.DEVNULL)
        command += ["--production", *(["--workers", str(workers)] if workers else [])]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 300  # collectstatic and the first preparation: ≤ 5 minutes
        while True:
            if process.poll() is not None:
                msg = f"server exited with {process.returncode}"
                raise RuntimeError(msg)
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=120)


class Target:
    """One running server with its logged-in clients and the different plans to send."""

    def __init__(self, port: int, pid: int, production: bool, accounts: list[Account]) -> None:
        self.pid, self.clients = pid, len(accounts)
        self.sessions = [Session(port, production, a) for a in accounts]
        _, body = self.sessions[0].request("GET", "/api/projects/1/blocks")
        self.blocks = [f["properties"]["block_id"] for f in json.loads(body)["features"]]
        for s in self.sessions:  # every client once, unmeasured: the processes' first request
            s.post_json(URL, {"default": {"intervention": "none"}})
        self.results: list[tuple[int, float]] = []
        self.cpu = self.wall = self.client_cpu = 0.0
        self.loads: list[float] = []

    def batch(self, requests: int) -> None:
        """``clients × requests`` plans, all clients at once."""
        bodies = plans(self.clients * requests, self.blocks)
        self.loads.append(os.getloadavg()[0])
        cpu, start, client = cpu_seconds(self.pid), time.perf_counter(), time.process_time()
        with ThreadPoolExecutor(max_workers=self.clients) as pool:
            self.results += pool.map(
                lambda ib: self.sessions[ib[0] % self.clients].post_json(URL, ib[1]),
                enumerate(bodies),
            )
        self.cpu += cpu_seconds(self.pid) - cpu
        self.client_cpu += time.process_time() - client
        self.wall += time.perf_counter() - start
        self.loads.append(os.getloadavg()[0])

    def figures(self) -> dict[str, Any]:
        times = sorted(ms for _, ms in self.results)
        return {
            "requests": len(times),
            "errors": sum(status != 200 for status, _ in self.results),
            "mean_ms": round(statistics.fmean(times), 1),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "max_ms": round(times[-1], 1),
            "requests_per_s": round(len(times) / self.wall, 1),
            "server_cpu_ms_per_request": round(1000 * self.cpu / len(times), 1),
            "client_cpu_ms_per_request": round(1000 * self.client_cpu / len(times), 1),
            "load_min": round(min(self.loads), 2),
            "load_max": round(max(self.loads), 2),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=10, help="per client and round")
    parser.add_argument(
        "--rounds", type=int, default=1, help="rounds, each server in turn (evens out the load)"
    )
    parser.add_argument("--workers", type=int, help="production workers (default: 2 × cores + 1)")
    parser.add_argument(
        "--baseline-src",
        help="the src directory of another checkout (e.g. a git worktree of main): its production "
        "server takes turns with the others, for a before/after in one run",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures: dict[str, Any] = {"cores": len(os.sched_getaffinity(0)), "clients": args.clients}
    bench = [Account(f"bench-{i + 1}", secrets.token_hex(20)) for i in range(args.clients)]
    team = [Account("team")] * args.clients
    with ExitStack() as stack:
        prod_port, prod_pid = stack.enter_context(server(True, args.workers, bench))
        dev_port, dev_pid = stack.enter_context(server(False, None, []))
        targets = {
            "production": Target(prod_port, prod_pid, True, bench),
            "development": Target(dev_port, dev_pid, False, team),
        }
        if args.baseline_src:
            base = server(True, args.workers, bench, os.path.abspath(args.baseline_src))
            base_port, base_pid = stack.enter_context(base)
            targets["baseline_production"] = Target(base_port, base_pid, True, bench)
        for _ in range(args.rounds):
            for target in targets.values():
                target.batch(args.requests)
    figures.update({name: target.figures() for name, target in targets.items()})
    prod, dev = figures["production"], figures["development"]
    figures["ratio_p50"] = round(dev["p50_ms"] / prod["p50_ms"], 2)
    figures["ratio_p95"] = round(dev["p95_ms"] / prod["p95_ms"], 2)
    if args.baseline_src:  # baseline over this checkout: > 1 means this one is faster
        base = figures["baseline_production"]
        for key in ("p50_ms", "p95_ms", "server_cpu_ms_per_request"):
            figures[f"baseline_ratio_{key}"] = round(base[key] / prod[key], 2)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>12}: {value}")
    if any(t["errors"] for t in figures.values() if isinstance(t, dict)):
        sys.exit(1)


if __name__ == "__main__":
    main()
