"""The user's per-dwelling file (WOZ value, energy label, tenure, …) joined to the imported
dwellings by BAG verblijfsobject id: every unknown and duplicate id at once, decimal commas with
ambiguous numbers reported, placeholders read as empty and reported."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from wijkaanpak.io.bag_columns import bag_ids, find_column
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.io.schema import load_schemas
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.validate import (
    RawTable,
    ambiguous_message,
    parse_numbers,
)


def with_dwelling_data(
    base: RawTable,
    extra: RawTable,
    non_residential: pd.Series,
    report: ImportReport,
    outside: pd.Series | None = None,
) -> tuple[RawTable, pd.Series]:
    """Add or replace dwelling columns from the user's per-dwelling file (keyed by dwelling_id);
    rows of ``non_residential`` units give only their ``woz_value`` (returned by unit id).
    Every unknown and duplicate id is reported at once."""
    id_col = find_column(
        list(extra.frame.columns), ["dwelling_id", "identificatie", "verblijfsobject_id", "vbo_id"]
    )
    if id_col is None:
        raise InputError(
            [
                Issue(
                    extra.source,
                    "",
                    "dwelling_id",
                    "required column is missing (also accepted: identificatie)",
                )
            ]
        )
    frame = extra.frame.rename(columns={id_col: "dwelling_id"})
    ids, _ = bag_ids(frame["dwelling_id"])
    frame = frame.assign(dwelling_id=ids)
    if outside is not None:  # rows of units outside --bbox: not part of this neighbourhood
        away = ids.isin(outside).to_numpy()
        name = Path(extra.source).name
        report.count(f"rows for units outside --bbox, ignored ({name})", int(away.sum()))
        labels = [label for label, a in zip(extra.row_labels, away, strict=True) if not a]
        frame = frame[~away].reset_index(drop=True)
        extra = RawTable(extra.source, frame, labels, extra.decimal_comma)
        ids = frame["dwelling_id"]
    issues = []
    for i in np.flatnonzero((ids.duplicated(keep=False) & ids.notna()).to_numpy()).tolist():
        issues.append(
            Issue(
                extra.source,
                extra.row_labels[i],
                "dwelling_id",
                f"duplicate id {ids.iloc[i]}",
                str(ids.iloc[i]),
            )
        )
    unknown = ~ids.isin(base.frame["dwelling_id"]) & ~ids.isin(non_residential)
    for i in np.flatnonzero(unknown.to_numpy()).tolist():
        msg = f"{ids.iloc[i]} is not a dwelling (woonfunctie) or a non-residential unit in a block in the BAG files"
        issues.append(
            Issue(extra.source, extra.row_labels[i], "dwelling_id", msg, str(ids.iloc[i]))
        )
    known = ids.isin(base.frame["dwelling_id"])
    report.join(
        extra.source,
        "dwellings",
        "dwelling_id",
        int(known.sum()),
        sorted(base.frame.loc[~base.frame["dwelling_id"].isin(ids), "dwelling_id"].astype(str)),
    )
    schema = load_schemas()["dwellings"]
    for col in frame.columns:
        if col not in schema.names() or col == "dwelling_id":
            continue
        held = report.placeholders(frame[col], extra.source, ids, str(col))
        frame[col] = frame[col].mask(held, None)
        if extra.decimal_comma and schema[col].type in ("int", "float"):
            text = frame[col].astype("string").str.strip()
            text = text.mask(text == "")
            values, ambiguous = parse_numbers(text, schema[col], True)
            for i in np.flatnonzero(ambiguous.to_numpy()).tolist():
                issues.append(
                    Issue(
                        extra.source,
                        extra.row_labels[i],
                        str(col),
                        ambiguous_message(text.iloc[i]),
                        str(ids.iloc[i]),
                    )
                )
            frame[col] = text.where(values.isna() | ambiguous, values.astype("string"))
    shops = ids.isin(non_residential).to_numpy()
    woz = pd.Series(dtype=float)
    if shops.any() and "woz_value" in frame:
        values = pd.to_numeric(frame.loc[shops, "woz_value"], errors="coerce")
        bad = values.isna() & frame.loc[shops, "woz_value"].notna()
        for i in np.flatnonzero(shops)[bad.to_numpy()].tolist():
            issues.append(
                Issue(
                    extra.source,
                    extra.row_labels[int(i)],
                    "woz_value",
                    f"woz_value of non-residential unit {ids.iloc[int(i)]} is not a number",
                    str(ids.iloc[int(i)]),
                )
            )
        woz = pd.Series(values.to_numpy(), index=ids[shops].to_numpy())
    if issues:
        raise InputError(issues)
    frame = frame[~shops]
    merged = base.frame.drop(
        columns=[c for c in frame.columns if c != "dwelling_id" and c in base.frame]
    )
    merged = merged.merge(frame, on="dwelling_id", how="left")
    return RawTable(f"{base.source} + {extra.source}", merged, base.row_labels), woz
