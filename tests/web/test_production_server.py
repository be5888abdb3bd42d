"""Issue #16 §12: `wijkaanpak serve --production` — gunicorn with several workers, static files by
whitenoise under hashed names, production settings required, logs on standard output."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import brotli
import pytest
from typer.testing import CliRunner

from wijkaanpak.cli.main import app

HOST = "127.0.0.1"
SECRET = "test-only-" + "k7Q2x9Lm" * 8
runner = CliRunner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def production_env(data: Path, **extra: str) -> dict[str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WIJKAANPAK_", "DJANGO_", "DATABASE_URL"))
    }
    return {**clean, "WIJKAANPAK_DATA_DIR": str(data), **extra}


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_production_refuses_without_its_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIJKAANPAK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WIJKAANPAK_SECRET_KEY", SECRET)
    monkeypatch.delenv("WIJKAANPAK_ALLOWED_HOSTS", raising=False)
    demo = runner.invoke(app, ["serve", "--production", "--demo"])
    assert demo.exit_code == 2 and "bekend wachtwoord" in demo.output
    local = runner.invoke(app, ["serve", "--production"])  # the tests run in local mode
    assert local.exit_code == 2 and "WIJKAANPAK_LOCAL=true" in local.output
    monkeypatch.delenv("WIJKAANPAK_LOCAL")
    no_hosts = runner.invoke(app, ["serve", "--production"])
    assert no_hosts.exit_code == 2 and "WIJKAANPAK_ALLOWED_HOSTS is vereist" in no_hosts.output
    workers = runner.invoke(app, ["serve", "--workers", "3"])
    assert workers.exit_code == 2 and "alleen met --production" in workers.output
    # no secret key: the settings refuse (in a new process: this one has its settings)
    hosts = {"WIJKAANPAK_ALLOWED_HOSTS": "wijkaanpak.example.nl"}
    no_key = subprocess.run(
        [sys.executable, "-m", "wijkaanpak", "serve", "--production"],
        env=production_env(tmp_path, **hosts),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert no_key.returncode == 2
    assert "WIJKAANPAK_SECRET_KEY (or WIJKAANPAK_SECRET_KEY_FILE) is required" in no_key.stderr
    assert not (tmp_path / "wijkaanpak.sqlite3").exists()  # refused before anything was done


@pytest.mark.slow
def test_production_server_serves_pages_and_hashed_static_files(tmp_path: Path) -> None:
    port = free_port()
    env = production_env(
        tmp_path / "data", WIJKAANPAK_SECRET_KEY=SECRET, WIJKAANPAK_ALLOWED_HOSTS=HOST
    )
    log = tmp_path / "server.log"
    command = [sys.executable, "-m", "wijkaanpak", "serve", "--production"]
    with log.open("w") as out:
        server = subprocess.Popen(
            [*command, "--host", HOST, "--port", str(port), "--workers", "2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    proxy = {"X-Forwarded-Proto": "https"}  # as a TLS-terminating proxy on this machine sends
    try:
        deadline = time.monotonic() + 180  # migrations and collectstatic first
        while True:
            assert server.poll() is None, log.read_text()
            try:
                status, headers, page = get(port, "/inloggen/", **proxy)
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        assert status == 200 and headers["server"] == "gunicorn"
        assert "strict-transport-security" in headers  # production settings
        assert headers["content-security-policy"].startswith("default-src 'self'")
        # plain HTTP is sent to HTTPS; an unknown host name is refused
        assert get(port, "/inloggen/")[0] == 301
        assert get(port, "/inloggen/", Host="elders.example.nl", **proxy)[0] == 400

        match = re.search(r'href="(/static/wijkaanpak/app\.[0-9a-f]{12}\.css)"', page.decode())
        assert match, "the page links the stylesheet under its hashed name"
        status, headers, css = get(port, match.group(1), **proxy, **{"Accept-Encoding": "br"})
        assert status == 200 and headers["content-type"].startswith("text/css")
        assert "max-age=315360000" in headers["cache-control"]
        assert "immutable" in headers["cache-control"]
        assert headers.get("content-encoding") == "br"
        assert b"{" in brotli.decompress(css)  # the stylesheet, compressed once by collectstatic
        assert get(port, "/static/wijkaanpak/app.css", **proxy)[0] == 200  # short cache
        assert get(port, "/static/geen-bestand.css", **proxy)[0] == 404
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=90)
    output = log.read_text()
    assert server.returncode == 0, output
    assert output.count("Booting worker with pid") == 2
    assert '"GET /inloggen/ HTTP/1.1" 200' in output  # the access log on standard output
    assert "Shutting down: Master" in output
    assert (tmp_path / "data" / "static" / "staticfiles.json").exists()  # collectstatic ran
