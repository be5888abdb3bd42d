"""Guards on input and output files: what may be read and where a result may be written.

Only regular files are read (a named pipe would hang the reader, ``/dev/zero`` would fill the
memory), within a size limit, with no text field longer than a limit; a result never replaces one
of the files it was made from. Each refusal is an :class:`~wijkaanpak.model.issues.Issue` naming
the file, so that the command exits with code 2 and a message instead of hanging or crashing.

The limits are configurable: ``WIJKAANPAK_MAX_FILE_MB`` and ``WIJKAANPAK_MAX_FIELD_CHARS`` in the
environment, or :func:`set_limits` (the ``import-bag`` options ``--max-file-mb`` and
``--max-field-chars``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from wijkaanpak.model.issues import InputError, Issue

DEFAULT_MAX_FILE_MB = 2048.0  # a whole-country BAG pand file is larger: extract per municipality
DEFAULT_MAX_FIELD_CHARS = 100_000  # a polygon's WKT of a few thousand vertices fits


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what one input may be. ``max_file_mb`` in MiB (for a zip: the unpacked
    size of its members), ``max_field_chars`` per cell of a table."""

    max_file_mb: float = DEFAULT_MAX_FILE_MB
    max_field_chars: int = DEFAULT_MAX_FIELD_CHARS

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def _from_env() -> Limits:
    def number(name: str, default: float) -> float:
        text = os.environ.get(name, "").strip()
        try:
            value = float(text) if text else default
        except ValueError:
            value = default
        return value if value > 0 else default

    return Limits(
        number("WIJKAANPAK_MAX_FILE_MB", DEFAULT_MAX_FILE_MB),
        int(number("WIJKAANPAK_MAX_FIELD_CHARS", DEFAULT_MAX_FIELD_CHARS)),
    )


_limits: Limits | None = None


def limits() -> Limits:
    """The limits in force: set by :func:`set_limits`, else from the environment, else defaults."""
    return _limits if _limits is not None else _from_env()


def set_limits(new: Limits | None) -> None:
    """Use ``new`` from now on (``None``: back to the environment and the defaults)."""
    global _limits
    _limits = new


def size_text(bytes_: float) -> str:
    """``12.3 MB``, or ``45.6 kB`` below a megabyte."""
    mb = bytes_ / 1024 / 1024
    return f"{mb:,.1f} MB" if mb >= 1 else f"{bytes_ / 1024:,.1f} kB"


def input_file_issues(path: Path, what: str = "file") -> list[Issue]:
    """Why ``path`` cannot be read as an input file (empty list: it can)."""
    source = str(path)
    try:
        info = path.stat()  # follows symlinks; a loop raises OSError (ELOOP)
    except FileNotFoundError:
        return [Issue(source, "", "", f"no such {what}")]
    except OSError as err:
        return [Issue(source, "", "", f"cannot be opened: {err.strerror or err}")]
    if stat.S_ISDIR(info.st_mode):
        return [Issue(source, "", "", f"is a folder; expected a {what}")]
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "not a regular file"
        )
        return [Issue(source, "", "", f"is {kind}; only regular files are read")]
    limit = limits()
    if info.st_size > limit.max_file_bytes:
        return [
            Issue(
                source,
                "",
                "",
                f"is {size_text(info.st_size)}, more than the limit of {size_text(limit.max_file_bytes)} "
                "(raise it with --max-file-mb or WIJKAANPAK_MAX_FILE_MB, or split the file)",
            )
        ]
    if not os.access(path, os.R_OK):
        return [Issue(source, "", "", "cannot be read: permission denied")]
    return []


def check_input_file(path: Path, what: str = "file") -> None:
    """Raise :class:`InputError` unless ``path`` is a readable regular file within the limits."""
    issues = input_file_issues(path, what)
    if issues:
        raise InputError(issues)


def input_folder_issues(path: Path) -> list[Issue]:
    """Why ``path`` cannot be read as an input folder."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return [Issue(str(path), "", "", "no such file or folder")]
    except OSError as err:
        return [Issue(str(path), "", "", f"cannot be opened: {err.strerror or err}")]
    if not stat.S_ISDIR(info.st_mode):
        return input_file_issues(path)
    return []


def long_field_issues(frame: pd.DataFrame, source: str, row_labels: Sequence[str]) -> list[Issue]:
    """A cell longer than the limit, per column (the first such row is named)."""
    limit = limits().max_field_chars
    issues = []
    for col in frame.columns:
        if frame[col].dtype != object and not pd.api.types.is_string_dtype(frame[col].dtype):
            continue
        lengths = frame[col].astype("string").str.len().fillna(0).to_numpy(dtype=np.int64)
        hits = np.flatnonzero(lengths > limit)
        if len(hits):
            i = int(hits[0])
            more = f" ({len(hits) - 1} more rows in this column)" if len(hits) > 1 else ""
            issues.append(
                Issue(
                    source,
                    row_labels[i],
                    str(col),
                    f"the value has {lengths[i]:,} characters, more than the limit of {limit:,} "
                    f"(raise it with --max-field-chars or WIJKAANPAK_MAX_FIELD_CHARS){more}",
                )
            )
    return issues


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _inside(child: Path, folder: Path) -> bool:
    try:
        return folder.resolve() in child.resolve().parents
    except OSError:
        return False


def output_issues(
    out: Path, inputs: Iterable[Path | None], what: str = "--out", output: Path | None = None
) -> list[Issue]:
    """An output that would replace an input: the same file, or a folder output holding it; or
    a second output (``what``) on the same file as the first (``output``, --out)."""
    issues = []
    if output is not None and _same(out, output):
        msg = f"{what} is the output file (--out {output}): choose another name"
        issues.append(Issue(str(out), "", "", msg))
    for given in inputs:
        if given is None:
            continue
        if _same(out, given):
            msg = f"{what} is the input file {given}: choose another name, the input is never overwritten"
            issues.append(Issue(str(out), "", "", msg))
        elif out.suffix.lower() != ".gpkg" and _inside(given, out):
            msg = f"{what} is a folder that holds the input file {given}; the output replaces the folder: choose another one"
            issues.append(Issue(str(out), "", "", msg))
    return issues


def existing_file_issues(out: Path, what: str = "--out") -> list[Issue]:
    """A folder output (not ``.gpkg``) on an existing file: never replaced by a folder."""
    if out.suffix.lower() == ".gpkg" or not out.is_file():
        return []
    msg = (
        f"{what} is an existing file, not a folder: the CSV tables go into a folder; "
        "give a new folder or a .gpkg name"
    )
    return [Issue(str(out), "", "", msg)]
