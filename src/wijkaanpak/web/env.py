"""Strict helpers to read settings from environment variables (healthchecks-style, stricter)."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """``true``/``false`` (also 1/0, yes/no, on/off); anything else is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    msg = f"{name} must be true or false, got {raw!r}"
    raise ImproperlyConfigured(msg)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        msg = f"{name} must be a whole number, got {raw!r}"
        raise ImproperlyConfigured(msg) from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Comma-separated values."""
    raw = os.environ.get(name)
    return default if raw is None else [v.strip() for v in raw.split(",") if v.strip()]


def env_secret(name: str) -> str | None:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (never both)."""
    value, path = os.environ.get(name), os.environ.get(f"{name}_FILE")
    if value and path:
        msg = f"give {name} or {name}_FILE, not both"
        raise ImproperlyConfigured(msg)
    if path:
        try:
            return Path(path).read_text("utf-8").strip()
        except OSError as err:
            msg = f"{name}_FILE: cannot read {path}: {err.strerror}"
            raise ImproperlyConfigured(msg) from None
    return value or None


def data_dir() -> Path:
    """Where the embedded database, uploads and the local secret live."""
    default = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "wijkaanpak"
    return Path(os.environ.get("WIJKAANPAK_DATA_DIR", default))
