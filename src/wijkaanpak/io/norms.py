"""Legal norm tables shipped as data (``data/norms``), e.g. the financing-cost percentages of the
Tijdelijke regeling hypothecair krediet (Trhk)."""

from __future__ import annotations

import io
from importlib import resources

import pandas as pd

from wijkaanpak.model.assumptions import Assumptions
from wijkaanpak.model.issues import InputError, Issue

TABLES = (
    "1_below_aow",
    "2_aow_reached",
    "3_non_deductible_below_aow",
    "4_non_deductible_aow_reached",
)


def load_financing_cost_table(assumptions: Assumptions, year: int) -> pd.DataFrame:
    """Financing-cost percentages for ``year`` [percentage points], tidy.

    Columns: ``table`` (one of :data:`TABLES`), ``income_from_eur`` [EUR/yr], and one column per
    interest band ``rate_upto_<r>`` [%/yr upper bound]. Rows per table ascend by income.
    """
    entry = assumptions.mortgage.financing_cost_tables.get(year)
    if entry is None:
        years = ", ".join(str(y) for y in sorted(assumptions.mortgage.financing_cost_tables))
        raise InputError(
            [
                Issue(
                    "assumptions",
                    "",
                    "mortgage.financing_cost_tables",
                    f"no financing-cost table for {year}; available: {years}",
                )
            ]
        )
    text = resources.files("wijkaanpak.data").joinpath(entry.file).read_text("utf-8")
    frame = pd.read_csv(io.StringIO(text))
    missing = set(TABLES) - set(frame["table"])
    if missing:
        raise InputError(
            [Issue(entry.file, "", "table", f"tables missing: {', '.join(sorted(missing))}")]
        )
    return frame
