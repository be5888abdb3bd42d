"""Settings from the environment: production refuses to start without a secret key, is clean under
`check --deploy`, and migrations match the models."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PRODUCTION = {
    "WIJKAANPAK_SECRET_KEY": "x" * 60 + "-production-key-for-the-check-only",
    "WIJKAANPAK_ALLOWED_HOSTS": "wijkaanpak.example.nl",
    "DJANGO_SETTINGS_MODULE": "wijkaanpak.web.settings",
}


def manage(args: list[str], env: dict[str, str], tmp: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WIJKAANPAK_", "DJANGO_", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-m", "wijkaanpak.web.manage", *args],
        env={**clean, "WIJKAANPAK_DATA_DIR": str(tmp), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "WIJKAANPAK_SECRET_KEY"}
    result = manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert (
        "WIJKAANPAK_SECRET_KEY (or WIJKAANPAK_SECRET_KEY_FILE) is required in production"
        in result.stderr
    )


def test_check_deploy_is_clean_for_production_settings(tmp_path: Path) -> None:
    result = manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bad_boolean_is_refused(tmp_path: Path) -> None:
    result = manage(["check"], {**PRODUCTION, "WIJKAANPAK_DEBUG": "misschien"}, tmp_path)
    assert result.returncode != 0 and "WIJKAANPAK_DEBUG must be true or false" in result.stderr


def test_migrations_match_the_models(tmp_path: Path) -> None:
    result = manage(
        ["makemigrations", "--check", "--dry-run"],
        {**PRODUCTION, "WIJKAANPAK_LOCAL": "true"},
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
