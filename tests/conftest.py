"""Shared fixtures: the schemas, the shipped Voorbeeldwijk, example folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.io.schema import load_schemas
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.schema import TableSchema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def schemas() -> dict[str, TableSchema]:
    return load_schemas()


@pytest.fixture(scope="session")
def voorbeeldwijk() -> Neighbourhood:
    return read_neighbourhood()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of examples/mini (2 blocks, 6 dwellings)."""
    target = tmp_path / "mini"
    shutil.copytree(EXAMPLES / "mini", target)
    return target


def replace_cell(csv_path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV file (``row`` in spreadsheet numbering: header = 1)."""
    lines = csv_path.read_text("utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[header.index(column)] = value
    lines[row - 1] = ",".join(cells)
    csv_path.write_text("\n".join(lines) + "\n", "utf-8")
