"""Fuzz the readers (issue #17 §6): mutated copies of examples/bag and examples/mini through
``import-bag`` and ``check``. Whatever the input, the command either succeeds or exits 2 with a
message, never raises anything else, and leaves no partial output behind (on exit 2 the
``--report`` file holds every error, and the screen names it).

Bounded: 100 examples of import-bag and 60 of check, derandomised (the same examples on every run, so CI is stable), no
per-example deadline; about 45 s of CPU time (most in import-bag, ≈ 0.4 s each).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import EXAMPLES
from wijkaanpak.cli.main import app

runner = CliRunner()
#: ``WIJKAANPAK_FUZZ_EXAMPLES=2000`` for a longer, random (not derandomised) run by hand.
LONG = int(os.environ.get("WIJKAANPAK_FUZZ_EXAMPLES", "0"))
BOUNDED = {
    "deadline": None,
    "derandomize": not LONG,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "n.b.",
            "NULL",
            "nan",
            "-",
            "120.500",
            "1.234,5",
            "-0,19",
            "1e308",
            "-1e308",
            "inf",
            "0",
            "-4.8",
            "NL.IMBAG.PAND.9999100000000101",
            "9999100000000101",
            "gfm-00000000000000000000000000000001",
            '"',
            ";",
            "\t",
            ",",
            "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))",
            "POLYGON EMPTY",
            "x" * 300,
        ]
    ),
    st.text(max_size=12),
)


def _mutate(text: bytes, data: st.DataObject) -> bytes:
    op = data.draw(
        st.sampled_from(
            ["cell", "delete", "duplicate", "header", "separator", "truncate", "bytes", "encoding"]
        )
    )
    lines = text.split(b"\n")
    if op == "cell" and len(lines) > 1:
        i = data.draw(st.integers(0, len(lines) - 1))
        parts = lines[i].split(b",") if b"," in lines[i] else lines[i].split(b";")
        j = data.draw(st.integers(0, len(parts) - 1))
        parts[j] = data.draw(CELLS).encode("utf-8", "surrogatepass")
        lines[i] = b",".join(parts)
    elif op == "delete" and len(lines) > 1:
        del lines[data.draw(st.integers(0, len(lines) - 1))]
    elif op == "duplicate":
        i = data.draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i])
    elif op == "header":
        head = lines[0].decode("utf-8", "replace")
        style = data.draw(st.sampled_from(["upper", "title", "typo", "drop"]))
        cols = head.replace(";", ",").split(",")
        k = data.draw(st.integers(0, len(cols) - 1))
        cols[k] = {
            "upper": cols[k].upper(),
            "title": cols[k].title(),
            "typo": cols[k][:-1],
            "drop": "",
        }[style]
        lines[0] = ",".join(cols).encode()
    elif op == "separator":
        new = data.draw(st.sampled_from([b";", b"\t", b","]))
        return text.replace(b",", new)
    elif op == "truncate":
        return text[: data.draw(st.integers(0, len(text)))]
    elif op == "bytes":
        at = data.draw(st.integers(0, len(text)))
        return text[:at] + data.draw(st.binary(min_size=1, max_size=6)) + text[at:]
    elif op == "encoding":
        codec = data.draw(st.sampled_from(["latin-1", "utf-16", "cp1252"]))
        return text.decode("utf-8", "replace").encode(codec, "replace")
    return b"\n".join(lines)


def _assert_clean(result: object, out: Path) -> None:
    exc = getattr(result, "exception", None)
    code = getattr(result, "exit_code", None)
    assert exc is None or isinstance(exc, SystemExit), repr(exc)
    assert code in (0, 2), (code, getattr(result, "output", ""))
    if code == 2:
        assert "✗" in getattr(result, "stderr", "")
        assert not out.exists(), "partial output after an error"


@settings(max_examples=LONG or 100, **BOUNDED)  # type: ignore[arg-type]
@given(data=st.data())
def test_fuzz_import_bag(data: st.DataObject) -> None:
    names = ["pand.geojson", "verblijfsobject.csv", "funderingen.csv", "woningen.csv"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {n: (EXAMPLES / "bag" / n).read_bytes() for n in names}
        for _ in range(data.draw(st.integers(1, 3))):
            name = data.draw(st.sampled_from(names))
            files[name] = _mutate(files[name], data)
        for n, content in files.items():
            (folder / n).write_bytes(content)
        out = folder / "out" / "wijk.gpkg"
        report = folder / "out" / "report.json"
        result = runner.invoke(
            app,
            [
                "import-bag",
                *("--pand", str(folder / names[0]), "--verblijfsobject", str(folder / names[1])),
                *(
                    "--foundation",
                    str(folder / names[2]),
                    "--dwelling-data",
                    str(folder / names[3]),
                ),
                *("--out", str(out), "--report", str(report)),
            ],
        )
        _assert_clean(result, out)
        if result.exit_code == 2:  # every error in the report file, which the screen names
            errors = json.loads(report.read_text("utf-8"))["errors"]
            assert len(errors) >= result.stderr.count("✗") and str(report) in result.stderr


@settings(max_examples=LONG or 60, **BOUNDED)  # type: ignore[arg-type]
@given(data=st.data())
def test_fuzz_check(data: st.DataObject) -> None:
    names = sorted(p.name for p in (EXAMPLES / "mini").glob("*.csv"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "mini"
        folder.mkdir()
        files = {n: (EXAMPLES / "mini" / n).read_bytes() for n in names}
        for _ in range(data.draw(st.integers(1, 3))):
            name = data.draw(st.sampled_from(names))
            files[name] = _mutate(files[name], data)
        for n, content in files.items():
            (folder / n).write_bytes(content)
        result = runner.invoke(app, ["check", str(folder)])
        _assert_clean(result, Path(tmp) / "nothing-written")
