"""Legal norm tables shipped as data (``data/norms``), e.g. the financing-cost percentages of the
Tijdelijke regeling hypothecair krediet (Trhk)."""

from __future__ import annotations

import io
from functools import lru_cache
from importlib import resources

import pandas as pd

from wijkaanpak.model.assumptions import Assumptions
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.mortgage import TABLE_COLUMNS, Norms, PercentageTable

TABLES = (
    "1_below_aow",
    "2_aow_reached",
    "3_non_deductible_below_aow",
    "4_non_deductible_aow_reached",
)


def _entry(assumptions: Assumptions, year: int) -> str:
    """The shipped file with the financing-cost tables of ``year``; a clear error if there is none."""
    entry = assumptions.mortgage.financing_cost_tables.get(year)
    if entry is None:
        years = ", ".join(str(y) for y in sorted(assumptions.mortgage.financing_cost_tables))
        msg = f"no financing-cost table for {year}; available: {years}"
        raise InputError([Issue("assumptions", "", "mortgage.financing_cost_tables", msg)])
    return entry.file


@lru_cache(maxsize=8)
def _read(file: str) -> pd.DataFrame:
    text = resources.files("wijkaanpak.data").joinpath(file).read_text("utf-8")
    frame = pd.read_csv(io.StringIO(text))
    missing = set(TABLES) - set(frame["table"])
    if missing:
        raise InputError(
            [Issue(file, "", "table", f"tables missing: {', '.join(sorted(missing))}")]
        )
    return frame


def load_financing_cost_table(assumptions: Assumptions, year: int) -> pd.DataFrame:
    """Financing-cost percentages for ``year`` [percentage points], tidy.

    Columns: ``table`` (one of :data:`TABLES`), ``income_from_eur`` [EUR/yr], and one column per
    interest band ``rate_upto_<r>`` [%/yr upper bound]. Rows per table ascend by income.
    """
    return _read(_entry(assumptions, year)).copy()


def _table(frame: pd.DataFrame, name: str) -> PercentageTable:
    part = frame[frame["table"] == name].sort_values("income_from_eur")
    return PercentageTable(
        part["income_from_eur"].to_numpy(dtype=float),
        part[list(TABLE_COLUMNS)].to_numpy(dtype=float),
    )


@lru_cache(maxsize=8)
def _percentage_tables(file: str) -> tuple[PercentageTable, ...]:
    """The four tables of one shipped file, read once per process (the web app's hot path)."""
    frame = _read(file)
    return tuple(_table(frame, name) for name in TABLES)


def load_norms(assumptions: Assumptions, year: int) -> Norms:
    """The mortgage norm set of ``year``: legal tables plus the amounts in the assumptions."""
    m = assumptions.mortgage
    file = _entry(assumptions, year)
    missing = [
        key
        for key, table in (
            ("energy_label_amounts", m.energy_label_amounts),
            ("sustainability_amounts", m.sustainability_amounts),
            ("single_person_amount", m.single_person_amount),
            ("single_person_threshold", m.single_person_threshold),
        )
        if year not in table
    ]
    if missing:
        raise InputError(
            [Issue("assumptions", "", f"mortgage.{key}", f"no value for {year}") for key in missing]
        )
    tables = _percentage_tables(file)
    return Norms(
        year=year,
        below_aow=tables[0],
        aow=tables[1],
        below_aow_non_deductible=tables[2],
        aow_non_deductible=tables[3],
        minimum_test_rate=m.minimum_test_rate.value,
        fixed_period_threshold=m.test_rate_fixed_period.value,
        annuity_years=m.annuity_term.value,
        label_amounts=dict(m.energy_label_amounts[year].values),
        sustainability_amounts=dict(m.sustainability_amounts[year].values),
        single_amount=m.single_person_amount[year].value,
        single_threshold=dict(m.single_person_threshold[year].values),
    )
