"""Defaults for the dwelling data the BAG does not hold: WOZ value, its reference date, energy
label and tenure (``data/import_defaults.yaml``; docs/data.md).

``import-bag`` needs no dwelling-data file: a dwelling without a value gets the default, and
each default is listed per dwelling in the import report (``defaulted``, refused by
``--strict``). Every default says where it comes from, as in ``assumptions.yaml``: a unit, a
price level for money, and a ``source`` or an ``assumption`` with a ``range``. A user's file
(``--dwelling-defaults``) replaces whole entries and is held to the same rules.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal, Self

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from wijkaanpak.io.assumptions import parse_mapping
from wijkaanpak.io.guards import check_input_file
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.io.schema import load_schemas
from wijkaanpak.model.assumptions import Choice, Parameter
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.validate import RawTable

FIELDS = ("woz_value", "woz_reference_date", "energy_label", "tenure")
SHIPPED = "import_defaults.yaml"
MAPPING = "a mapping (woz_value_per_m2:, tenure:, …)"


class LabelByBuildYear(BaseModel):
    """An energy label per build period: ``{1905: D, 1959: F, …}`` = up to and including 1905 D,
    1906–1959 F, …"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    values: dict[int, str]
    unit: Literal["-"]
    source: str | None = None
    assumption: str | None = None
    range: tuple[str, str] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _checked(self) -> Self:
        if (self.source is None) == (self.assumption is None):
            msg = "give exactly one of 'source' or 'assumption'"
            raise ValueError(msg)
        if self.assumption is not None and self.range is None:
            raise ValueError("an assumption needs a plausible 'range' [worst, best label]")
        allowed = load_schemas()["dwellings"]["energy_label"].categories
        for label in [*self.values.values(), *(self.range or ())]:
            if label not in allowed:
                raise ValueError(f"{label!r} is not an energy label ({', '.join(allowed)})")
        return self

    def label(self, build_year: pd.Series) -> pd.Series:
        """The label for each build year (empty where the year is unknown or past the table)."""
        years = sorted(self.values)
        at = np.searchsorted(np.asarray(years), build_year.to_numpy(dtype=float), side="left")
        known = build_year.notna().to_numpy() & (at < len(years))
        labels = np.array([*(self.values[y] for y in years), None], dtype=object)
        return pd.Series(labels[np.where(known, at, len(years))], index=build_year.index)

    @property
    def provenance(self) -> str:
        if self.source is not None:
            return self.source
        low, high = self.range or ("", "")
        return f"assumption: {self.assumption} (range {low}–{high})"


class DwellingDefaults(BaseModel):
    """The four defaults, as in ``data/import_defaults.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = ""
    woz_value_per_m2: Parameter
    woz_reference_date: Choice
    tenure: Choice
    energy_label: LabelByBuildYear

    @model_validator(mode="after")
    def _checked(self) -> Self:
        if self.woz_value_per_m2.unit != "EUR/m2":
            raise ValueError(
                f"woz_value_per_m2: unit must be EUR/m2, got {self.woz_value_per_m2.unit!r}"
            )
        date.fromisoformat(self.woz_reference_date.value)
        allowed = load_schemas()["dwellings"]["tenure"].categories
        if self.tenure.value not in allowed:
            raise ValueError(f"tenure: {self.tenure.value!r} is not one of {', '.join(allowed)}")
        return self


@dataclass(frozen=True)
class Defaults:
    """The defaults and the file each comes from (named in the import report)."""

    values: DwellingDefaults
    origins: dict[str, str]

    def origin(self, field: str) -> str:
        entry = "woz_value_per_m2" if field == "woz_value" else field
        return self.origins.get(entry, SHIPPED)


def load_dwelling_defaults(path: Path | None = None) -> Defaults:
    """The shipped defaults, with the entries of the user's YAML file in their place."""
    shipped = resources.files("wijkaanpak.data").joinpath(SHIPPED).read_text("utf-8")
    data = parse_mapping(shipped, SHIPPED, MAPPING)
    origins: dict[str, str] = {}
    if path is not None:
        check_input_file(path, "dwelling-defaults file")
        source = str(path)
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError as err:
            msg = f"not UTF-8 text (byte {err.start}): save the YAML file as UTF-8"
            raise InputError([Issue(source, "", "", msg)]) from None
        mine = parse_mapping(text, source, MAPPING)
        issues = [
            Issue(source, "", str(k), f"unknown entry{_near(str(k), list(data))}")
            for k in mine
            if k not in data
        ]
        if ("woz_value_per_m2" in mine) != ("woz_reference_date" in mine):
            msg = "give woz_value_per_m2 and woz_reference_date together: the date is that of the WOZ figure"
            issues.append(Issue(source, "", "woz_reference_date", msg))
        if issues:
            raise InputError(issues)
        data.update(mine)
        origins = {str(k): source for k in mine}
    source = str(path) if path is not None else SHIPPED
    try:
        return Defaults(DwellingDefaults.model_validate(data), origins)
    except ValidationError as err:
        issues = [
            Issue(source, "", ".".join(str(p) for p in e["loc"]), _plain(e["msg"]))
            for e in err.errors()
        ]
        raise InputError(issues) from None


def _plain(msg: str) -> str:
    return msg.removeprefix("Value error, ")


def _near(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, [k for k in known if k != "version"], n=1)
    return (
        f"; did you mean '{close[0]}'?"
        if close
        else "; known: " + ", ".join(k for k in known if k != "version")
    )


def _empty(column: pd.Series) -> pd.Series:
    return column.isna() | (column.astype("string").str.strip() == "")


def with_defaults(dwellings: RawTable, defaults: Defaults, report: ImportReport) -> RawTable:
    """Fill the dwelling data not given with the defaults; report each dwelling and field.

    A WOZ value from the dwelling-data file without its reference date is an error: the default
    date belongs to the default WOZ figure only."""
    d = defaults.values
    frame = dwellings.frame.copy()
    for col in FIELDS:
        frame[col] = frame[col].astype(object) if col in frame else None
    ids = frame["dwelling_id"].astype(str)
    woz = _empty(frame["woz_value"])
    dated = ~_empty(frame["woz_reference_date"])
    issues = [
        Issue(
            dwellings.source,
            dwellings.row_labels[i],
            "woz_reference_date",
            "a WOZ value needs its reference date (waardepeildatum); the default date belongs to the default WOZ figure only",
            ids.iloc[i],
        )
        for i in np.flatnonzero((~woz & ~dated).to_numpy()).tolist()
    ]
    if issues:
        raise InputError(issues)
    area = pd.to_numeric(frame["floor_area"], errors="coerce")
    per_m2 = d.woz_value_per_m2
    fill = {
        "woz_value": (woz & area.notna(), (area * per_m2.value).round(0).map(_whole)),
        "woz_reference_date": (woz & area.notna(), d.woz_reference_date.value),
        "energy_label": (
            _empty(frame["energy_label"]),
            d.energy_label.label(pd.to_numeric(frame["build_year"], errors="coerce")),
        ),
        "tenure": (_empty(frame["tenure"]), d.tenure.value),
    }
    periods = ", ".join(f"≤{y} {v}" for y, v in sorted(d.energy_label.values.items()))
    rules = {
        "woz_value": f"floor area × EUR {per_m2.value:,.0f}/m² (price level {per_m2.price_level}; {_cite(per_m2.provenance)})",
        "woz_reference_date": f"{d.woz_reference_date.value}, the date of the default WOZ value ({_cite(d.woz_reference_date.provenance)})",
        "energy_label": f"by build year: {periods} ({_cite(d.energy_label.provenance)})",
        "tenure": f"{d.tenure.value} ({_cite(d.tenure.provenance)})",
    }
    for col, (mask, value) in fill.items():
        values = value if isinstance(value, pd.Series) else pd.Series(value, index=frame.index)
        mask = mask & values.notna()
        if col == "woz_reference_date":
            replaced = mask & dated
            for i in np.flatnonzero(replaced.to_numpy()).tolist():
                why = "WOZ reference date replaced: the WOZ value was defaulted, at the default's date"
                report.add(
                    "changed", why, defaults.origin(col), ids.iloc[i], col, str(frame[col].iloc[i])
                )
        frame.loc[mask, col] = values[mask]
        for i in np.flatnonzero(mask.to_numpy()).tolist():
            report.add(
                "defaulted",
                f"no {col}: {rules[col]}",
                defaults.origin(col),
                ids.iloc[i],
                col,
                str(values.iloc[i]),
            )
        report.count(
            f"dwellings with a default {col} ({Path(defaults.origin(col)).name})", int(mask.sum())
        )
    return RawTable(dwellings.source, frame, dwellings.row_labels, dwellings.decimal_comma)


def _cite(provenance: str) -> str:
    """The citation that opens a provenance text (``"CBS StatLine 82900NED: …"``)."""
    head, _, rest = provenance.partition(": ")
    if head == "assumption":
        return "assumption: " + rest.partition(": ")[0]
    return head


def _whole(x: float) -> str | None:
    return None if pd.isna(x) else str(int(x))


def defaulted_note(report: ImportReport) -> str:
    """``"defaulted: woz_value 18, tenure 18"`` for the neighbourhood's metadata."""
    counts: dict[str, int] = {}
    for e in report.events:
        if e.kind == "defaulted" and e.field in FIELDS:
            counts[e.field] = counts.get(e.field, 0) + 1
    if not counts:
        return ""
    return "dwelling data defaulted (import report): " + ", ".join(
        f"{k} {n}" for k, n in counts.items()
    )
