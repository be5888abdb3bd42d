"""Read the schema tables shipped in ``wijkaanpak/data/schema``."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from wijkaanpak.model.schema import TableSchema, table_schema

SCHEMA_TABLES = ("metadata", "blocks", "dwellings", "households", "public_space")


@cache
def load_schema(name: str) -> TableSchema:
    """The schema of input table ``name`` (``blocks``, ``dwellings``, …)."""
    if name not in SCHEMA_TABLES:
        msg = f"unknown table {name!r}; expected one of {', '.join(SCHEMA_TABLES)}"
        raise KeyError(msg)
    text = resources.files("wijkaanpak.data").joinpath("schema", f"{name}.csv").read_text("utf-8")
    return table_schema(name, csv.DictReader(text.splitlines()))


def load_schemas() -> dict[str, TableSchema]:
    """All schemas, keyed by table name."""
    return {name: load_schema(name) for name in SCHEMA_TABLES}
