"""Property tests: junk thrown at the readers yields a neighbourhood or a clear InputError, never
another exception (issue #2 §5)."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.issues import InputError
from wijkaanpak.model.neighbourhood import Neighbourhood

MINI = EXAMPLES / "mini"
DWELLING_COLUMNS = next(csv.reader(io.StringIO((MINI / "dwellings.csv").read_text("utf-8"))))
junk_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.load_profile("ci")


def _read_copy(edit: dict[str, bytes]) -> Neighbourhood | InputError:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "wijk"
        shutil.copytree(MINI, folder)
        for name, content in edit.items():
            (folder / name).write_bytes(content)
        try:
            return read_neighbourhood(folder)
        except InputError as err:
            return err


def _with_cell(row: int, column: int, value: str) -> bytes:
    rows = list(csv.reader(io.StringIO((MINI / "dwellings.csv").read_text("utf-8"))))
    rows[row][column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@given(row=st.integers(1, 6), column=st.integers(0, len(DWELLING_COLUMNS) - 1), value=junk_text)
def test_any_cell_value_is_accepted_or_named(row: int, column: int, value: str) -> None:
    result = _read_copy({"dwellings.csv": _with_cell(row, column, value)})
    if isinstance(result, InputError):
        assert result.issues, "an InputError always carries issues"
        for issue in result.issues:
            assert (
                "dwellings.csv" in issue.source
                or "blocks.csv" in issue.source
                or "households.csv" in issue.source
            )
            assert issue.message
    else:
        assert len(result.dwellings) == 6  # never half-loaded


@given(content=st.binary(max_size=300))
def test_any_bytes_as_a_table_give_a_clear_error_or_a_neighbourhood(content: bytes) -> None:
    result = _read_copy({"blocks.csv": content})
    assert isinstance(result, InputError | Neighbourhood)
    if isinstance(result, InputError):
        assert all(str(i) for i in result.issues)


@given(text=st.text(max_size=200))
def test_any_text_as_assumptions_gives_a_clear_error_or_valid_assumptions(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.yaml"
        path.write_text(text, "utf-8")
        try:
            load_assumptions(path)
        except InputError as err:
            assert err.issues and all(i.source == str(path) for i in err.issues)


@given(value=st.one_of(st.floats(allow_nan=True), st.text(max_size=10), st.integers(), st.none()))
def test_any_override_value_is_validated(value: object) -> None:
    import yaml

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.yaml"
        path.write_text(
            yaml.safe_dump({"finance": {"cost_index": {"value": value, "source": "test"}}}), "utf-8"
        )
        try:
            a = load_assumptions(path)
        except InputError as err:
            assert any("finance.cost_index" in i.field for i in err.issues)
        else:
            assert a.finance.cost_index.value == float(value)  # type: ignore[arg-type]
