"""Plan-recompute latency through the JSON API under concurrent clients, on loopback only.

Starts ``wijkaanpak serve`` (local mode, a throw-away data directory) on 127.0.0.1, then 10 clients
each log in once (a browser session, as the web app does) and POST changed plans to
``/api/projects/1/evaluate``. Prints p50/p95 in ms. Bounded: ``--requests`` per client (default 10).
HTTP Basic is also accepted by the API, but it hashes the password on every request (~0.5 s with
Django's PBKDF2 defaults), so scripts that call it in a loop should log in once too. Not a test.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Session:
    """One logged-in client: a cookie jar and the CSRF token."""

    def __init__(self, base: str) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        login = f"{base}/inloggen/"
        self.opener.open(login, timeout=30).read()
        form = {"csrfmiddlewaretoken": self.csrf(), "username": "team", "password": "voorbeeldwijk"}
        data = urllib.parse.urlencode(form).encode()
        self.opener.open(
            urllib.request.Request(login, data=data, headers={"Referer": login}), timeout=30
        ).read()

    def csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")

    def post(self, url: str, body: dict[str, object]) -> float:
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.csrf(), "Referer": url}
        request = urllib.request.Request(
            url, data=json.dumps(body).encode(), method="POST", headers=headers
        )
        start = time.perf_counter()
        with self.opener.open(request, timeout=30) as response:
            response.read()
        return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "WIJKAANPAK_DATA_DIR": tempfile.mkdtemp(prefix="wijkaanpak-bench-")}
    server = subprocess.Popen(
        [sys.executable, "-m", "wijkaanpak", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    site = f"http://127.0.0.1:{port}"
    url = f"{site}/api/projects/1/evaluate"
    try:
        for _ in range(120):  # wait for the server, at most 60 s
            try:
                urllib.request.urlopen(f"{site}/inloggen/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        sessions = [Session(site) for _ in range(args.clients)]
        sessions[0].post(url, {"default": {"intervention": "none"}})  # warms the project's cache
        blocks = ["B1A01", "B1A02", "B2B03", "B4D02", "B5E01"]
        bodies = [
            {
                "default": {"intervention": "repair"},
                "blocks": {
                    blocks[i % len(blocks)]: {
                        "intervention": "renew",
                        "densification": 1.0 + (i % 6) / 4,
                    }
                },
            }
            for i in range(args.clients * args.requests)
        ]
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            times = sorted(
                pool.map(
                    lambda ib: sessions[ib[0] % args.clients].post(url, ib[1]), enumerate(bodies)
                )
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    figures = {
        "clients": args.clients,
        "requests": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "max_ms": round(times[-1], 1),
    }
    print(
        json.dumps(figures) if args.json else "\n".join(f"{k:>9}: {v}" for k, v in figures.items())
    )


if __name__ == "__main__":
    main()
