"""Dwelling data the BAG does not hold (WOZ value and date, energy label, tenure): defaulted from
data/import_defaults.yaml when the dwelling-data file does not give them, each default reported
per dwelling and refused by --strict (issue #17; docs/data.md)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from wijkaanpak.io.bag import BagSources, import_bag
from wijkaanpak.io.dwelling_defaults import load_dwelling_defaults
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.model.issues import InputError

BAG = EXAMPLES / "bag"
SHIPPED = Path(__file__).resolve().parent.parent / "src/wijkaanpak/data/import_defaults.yaml"
PER_M2 = yaml.safe_load(SHIPPED.read_text("utf-8"))["woz_value_per_m2"]["value"]


@pytest.fixture
def bag(tmp_path: Path) -> Path:
    shutil.copytree(BAG, tmp_path / "bag")
    return tmp_path / "bag"


def sources(folder: Path, data: str | None = "woningen.csv", **kw: Path) -> BagSources:
    return BagSources(
        folder / "pand.geojson",
        folder / "verblijfsobject.csv",
        folder / "funderingen.csv",
        folder / data if data else None,
        **kw,
    )


def events(report: ImportReport, kind: str, field: str) -> list[str]:
    return [e.record for e in report.events if e.kind == kind and e.field == field]


def test_shipped_defaults_say_where_they_come_from() -> None:
    d = load_dwelling_defaults().values
    assert d.woz_value_per_m2.unit == "EUR/m2" and d.woz_value_per_m2.price_level == 2023
    # 379,000 EUR (CBS 85036NED, 2024) / 120 m² (CBS 82550NED) = 3,158 → 3,160
    assert d.woz_value_per_m2.value == pytest.approx(379_000 / 120, abs=5)
    assert "85036NED" in d.woz_value_per_m2.provenance
    assert d.woz_reference_date.value == "2023-01-01"  # waardepeildatum of the 2024 figure
    assert "82900NED" in d.tenure.provenance
    assert d.energy_label.assumption is not None and d.energy_label.range == ("G", "B")


def test_labels_by_build_year_at_the_period_edges() -> None:
    table = load_dwelling_defaults().values.energy_label
    years = pd.Series([1600, 1905, 1906, 1959, 1960, 2000, 2001, 2030, 2031, None])
    got = [x if isinstance(x, str) else None for x in table.label(years)]
    assert got == ["D", "D", "F", "F", "D", "D", "B", "B", None, None]


def test_without_dwelling_data_every_dwelling_is_defaulted_and_reported(bag: Path) -> None:
    report = ImportReport()
    nbh = import_bag(sources(bag, None), report=report)
    d = nbh.dwellings
    # Bloemstraat 1: 88 m² in verblijfsobject.csv × the shipped EUR/m²
    assert d.loc["9999010000000101", "woz_value"] == 88 * PER_M2
    assert str(d.loc["9999010000000101", "woz_reference_date"])[:10] == "2023-01-01"
    # built 1928 (pand.geojson) → F; Tuinstraat, built 1912 → F
    assert set(d["energy_label"]) == {"F"}
    assert set(d["tenure"]) == {"owner_occupier"}
    for field in ("woz_value", "woz_reference_date", "energy_label", "tenure"):
        assert sorted(events(report, "defaulted", field)) == sorted(d.index), field
        assert report.counts[f"dwellings with a default {field} (import_defaults.yaml)"] == 8
    text = "\n".join(report.lines())
    assert "defaulted: no tenure: owner_occupier (CBS StatLine 82900NED)" in text


def test_a_partial_file_is_defaulted_only_where_it_is_silent(bag: Path) -> None:
    data = (bag / "woningen.csv").read_text("utf-8").splitlines()
    head = data[0].split(";")
    col = head.index("tenure")
    rows = [";".join(c for i, c in enumerate(r.split(";")) if i != col) for r in data]
    kept = [r for r in rows if not r.startswith("9999010000000104")]
    (bag / "woningen.csv").write_text("\n".join(kept) + "\n", "utf-8")
    report = ImportReport()
    d = import_bag(sources(bag), report=report).dwellings
    assert d.loc["9999010000000101", "woz_value"] == 241_000  # from woningen.csv ("241.000")
    assert d.loc["9999010000000104", "woz_value"] == 90 * PER_M2  # row left out: 90 m²
    assert events(report, "defaulted", "woz_value") == ["9999010000000104"]
    assert len(events(report, "defaulted", "tenure")) == 8  # the column is left out


def test_a_woz_value_without_its_date_is_an_error(bag: Path) -> None:
    text = (bag / "woningen.csv").read_text("utf-8")
    (bag / "woningen.csv").write_text(text.replace("228.000;2025-01-01", "228.000;"), "utf-8")
    with pytest.raises(InputError) as info:
        import_bag(sources(bag))
    msg = str(info.value.issues[0])
    assert "9999010000000102" in msg and "woz_reference_date" in msg and "its reference date" in msg


def test_a_date_without_a_woz_value_is_replaced_and_said(bag: Path) -> None:
    text = (bag / "woningen.csv").read_text("utf-8")
    (bag / "woningen.csv").write_text(text.replace("228.000;2025-01-01", ";2025-01-01"), "utf-8")
    report = ImportReport()
    d = import_bag(sources(bag), report=report).dwellings
    assert str(d.loc["9999010000000102", "woz_reference_date"])[:10] == "2023-01-01"
    changed = [e for e in report.events if e.kind == "changed" and e.field == "woz_reference_date"]
    assert [(e.record, e.detail) for e in changed] == [("9999010000000102", "2025-01-01")]


def test_strict_refuses_a_default(bag: Path) -> None:
    text = (bag / "woningen.csv").read_text("utf-8")
    (bag / "woningen.csv").write_text(text.replace(";F;owner_occupier;", ";;owner_occupier;", 1))
    with pytest.raises(InputError) as info:
        import_bag(sources(bag), strict=True)
    # examples/bag has other changes too (a demolished building …); one default among them
    found = [str(i) for i in info.value.issues if "defaulted" in str(i)]
    assert len(found) == 1
    assert "object 9999010000000101, field 'energy_label': defaulted (no energy_label" in found[0]


def test_own_defaults_replace_entries(bag: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "tenure:\n  value: housing_association\n  unit: '-'\n"
        "  source: 'Woningcorporatie X, bezitslijst 2026'\n",
        "utf-8",
    )
    report = ImportReport()
    d = import_bag(sources(bag, None, dwelling_defaults=mine), report=report).dwellings
    assert set(d["tenure"]) == {"housing_association"}
    origins = {e.field: e.source for e in report.events if e.kind == "defaulted"}
    assert origins["tenure"] == str(mine) and origins["woz_value"] == "import_defaults.yaml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("woz_value_per_m:\n  value: 1\n", "unknown entry; did you mean 'woz_value_per_m2'?"),
        ("tenure:\n  value: koop\n  unit: '-'\n", "give exactly one of 'source'"),
        ("tenure:\n  value: koop\n  unit: '-'\n  source: x\n", "'koop' is not one of"),
        (
            "woz_value_per_m2:\n  value: 2500\n  unit: EUR/m2\n  price_level: 2025\n  source: x\n",
            "give woz_value_per_m2 and woz_reference_date together",
        ),
        (
            "woz_value_per_m2:\n  value: 2500\n  unit: EUR/m2\n  source: x\n"
            "woz_reference_date:\n  value: '2025-01-01'\n  unit: '-'\n  source: x\n",
            "needs a 'price_level'",
        ),
        ("energy_label:\n  values: {1950: Z}\n  unit: '-'\n  source: x\n", "'Z' is not an energy"),
        ("tenure: [\n", "not valid YAML"),
    ],
)
def test_own_defaults_are_checked(bag: Path, tmp_path: Path, text: str, expected: str) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(text, "utf-8")
    with pytest.raises(InputError) as info:
        import_bag(sources(bag, None, dwelling_defaults=mine))
    msg = "\n".join(str(i) for i in info.value.issues)
    assert str(mine) in msg and expected in msg


@settings(max_examples=80, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_fuzz_own_defaults_file_is_read_or_refused(data: st.DataObject) -> None:
    """Mutated copies of the shipped file: loaded, or refused with a message; never another
    exception."""
    lines = SHIPPED.read_text("utf-8").splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "cut", "insert", "swap"]))
        if op == "drop":
            del lines[at]
        elif op == "cut":
            lines[at] = lines[at][: data.draw(st.integers(0, len(lines[at])))]
        elif op == "insert":
            lines.insert(at, data.draw(st.text(max_size=20)))
        else:
            lines[at], lines[-1] = lines[-1], lines[at]
    with tempfile.TemporaryDirectory() as tmp:
        mine = Path(tmp) / "mine.yaml"
        mine.write_text("\n".join(lines), "utf-8", errors="replace")
        try:
            load_dwelling_defaults(mine)
        except InputError as err:
            assert err.issues and all(str(mine) in str(i) for i in err.issues)
