"""Foundation data per building (FunderMaps-style), keyed by BAG pand id in any common spelling.

Ids: ``NL.IMBAG.Pand.0363100012345678`` in any case, the bare 16 digits, a number that lost its
leading zero, or a URI ending in the id. FunderMaps' own ids (``gfm-…``) cannot be joined: its
``external_building_id`` (or ``external_id``) holds the BAG id and is used when present; the id
column is the first of :data:`ID_COLUMNS` whose values are BAG pand ids.

Columns (any case style): ``foundation_type``, ``foundation_type_reliability`` (reported),
``velocity`` [mm/yr, InSAR, negative = sinking] or ``subsidence_rate`` [mm/yr, positive =
sinking], ``enforcement_term`` (``term5``…``term40`` or years), ``damage_class``,
``ground_floor_level``. Numbers may have decimal commas (``-4,8``; ``;``-separated files);
``120.500`` in such a file is ambiguous and reported. Placeholders (``n.b.``, ``NULL``, ``nan``)
are read as empty and reported; duplicate rows for one building are dropped when identical and
an error when they differ.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkaanpak.io.bag_columns import bag_ids, find_column, pand_id_like
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.io.schema import load_schema
from wijkaanpak.model.issues import Issue
from wijkaanpak.model.validate import RawTable, ambiguous_message, parse_numbers

ID_COLUMNS = (
    "external_building_id",
    "external_id",
    "bag_id",
    "bag_pand_id",
    "pand_id",
    "pand_identificatie",
    "building_id",
    "identificatie",
    "id",
)
FIELDS = {
    "foundation_type": ("foundation_type", "funderingstype", "fundering"),
    "reliability": ("foundation_type_reliability", "foundation_reliability", "betrouwbaarheid"),
    "velocity": ("velocity", "subsidence_velocity", "bodemdalingssnelheid"),
    "subsidence_rate": ("subsidence_rate", "bodemdaling"),
    "enforcement_term": ("enforcement_term", "handhavingstermijn"),
    "damage_class": ("damage_class", "schadeklasse"),
    "ground_floor_level": ("ground_floor_level",),
}
NUMERIC = ("velocity", "subsidence_rate", "ground_floor_level")
#: The dwelling attribute each numeric field is checked against (range for ambiguous numbers).
_ATTRIBUTE = {
    "velocity": "subsidence_rate",
    "subsidence_rate": "subsidence_rate",
    "ground_floor_level": "ground_floor_level",
}


def _id_column(frame: pd.DataFrame, source: str) -> tuple[object | None, list[Issue]]:
    tried = []
    for alias in ID_COLUMNS:
        col = find_column(list(frame.columns), [alias])
        if col is None or col in tried:
            continue
        tried.append(col)
        ids, _ = bag_ids(frame[col])
        if pand_id_like(ids).any():
            return col, []
    if not tried:
        msg = (
            "no column with the BAG pand id; expected one of "
            + ", ".join(ID_COLUMNS)
            + " (values like NL.IMBAG.Pand.0363100012345678 or 0363100012345678)"
        )
        return None, [Issue(source, "", "building_id", msg)]
    samples = {
        str(c): str(frame[c].dropna().astype(str).head(1).tolist()[:1] or ["(empty)"])
        for c in tried
    }
    gfm = any("gfm-" in v.lower() for v in samples.values())
    hint = (
        "; FunderMaps' own ids (gfm-…) do not join to BAG: use its external_building_id column"
        if gfm
        else ""
    )
    shown = ", ".join(f"'{c}' holds {v}" for c, v in samples.items())
    msg = f"no column holds BAG pand ids (16 digits, type code 10): {shown}{hint}"
    return None, [Issue(source, "", str(tried[0]), msg)]


def read_foundation(raw: RawTable, report: ImportReport) -> tuple[pd.DataFrame, list[Issue]]:
    """The foundation table indexed by 16-digit pand id, with columns ``foundation_type``,
    ``subsidence_rate`` (positive = sinking), ``enforcement_term``, ``damage_class``,
    ``ground_floor_level`` where given; and the issues found."""
    frame, source = raw.frame, raw.source
    id_col, issues = _id_column(frame, source)
    if id_col is None:
        return pd.DataFrame(), issues
    ids, how = bag_ids(frame[id_col])
    for what, n in how.items():
        if n:
            report.add("noted", f"pand id spelling normalised: {what}", source, detail=f"{n} ids")
    out = pd.DataFrame({"building_id": ids}, index=frame.index)
    for name, aliases in FIELDS.items():
        col = find_column(list(frame.columns), aliases)
        if col is not None:
            out[name] = frame[col]
    if "velocity" not in out and "subsidence_rate" not in out:
        msg = "required column is missing (velocity [mm/yr, negative = sinking] or subsidence_rate)"
        issues.append(Issue(source, "", "velocity", msg))
        return pd.DataFrame(), issues
    bad_id = ~pand_id_like(ids) & ids.notna()
    for i in np.flatnonzero(bad_id.to_numpy()).tolist():
        issues.append(
            Issue(
                source,
                raw.row_labels[i],
                str(id_col),
                f"not a BAG pand id: {frame[id_col].iloc[i]!r}",
            )
        )
    schema = load_schema("dwellings")
    for name in out.columns.drop("building_id"):
        column = out[name]
        held = report.placeholders(column, source, ids, name)
        text = column.astype("string").str.strip().mask(held, pd.NA)
        text = text.mask(text == "", pd.NA)
        if name in NUMERIC:
            values, ambiguous = parse_numbers(text, schema[_ATTRIBUTE[name]], raw.decimal_comma)
            wrong = text.notna() & values.isna() & ~ambiguous
            for i in np.flatnonzero(ambiguous.to_numpy()).tolist():
                issues.append(
                    Issue(
                        source,
                        raw.row_labels[i],
                        name,
                        ambiguous_message(text.iloc[i]),
                        str(ids.iloc[i]),
                    )
                )
            for i in np.flatnonzero(wrong.to_numpy()).tolist():
                msg = f"expected a number, got {str(text.iloc[i])[:40]!r}"
                issues.append(Issue(source, raw.row_labels[i], name, msg, str(ids.iloc[i])))
            out[name] = values.astype("float64")
        else:
            out[name] = text
    if "velocity" in out:
        rate = -out["velocity"]
        if "subsidence_rate" in out:
            rate = out["subsidence_rate"].fillna(rate)
        out["subsidence_rate"] = rate
        out = out.drop(columns="velocity")
    rising = (out["subsidence_rate"] < 0).fillna(False)
    for i in np.flatnonzero(rising.to_numpy()).tolist():
        report.add(
            "changed",
            "ground rising (uplift) read as no subsidence (0 mm/yr)",
            source,
            str(ids.iloc[i]),
            "subsidence_rate",
            f"velocity +{-out['subsidence_rate'].iloc[i]:g} mm/yr",
        )
    out.loc[rising, "subsidence_rate"] = 0.0
    if "enforcement_term" in out:
        out["enforcement_term"] = (
            out["enforcement_term"].astype("string").str.lower().str.removeprefix("term")
        )
    if "reliability" in out:
        kinds = out["reliability"].astype("string").str.lower().value_counts()
        for kind, n in kinds.items():
            report.add(
                "noted", f"foundation type reliability '{kind}'", source, detail=f"{n} buildings"
            )
        out = out.drop(columns="reliability")
    out, dup_issues = _duplicates(out, raw, report)
    issues += dup_issues
    return out.set_index("building_id"), issues


def _duplicates(
    out: pd.DataFrame, raw: RawTable, report: ImportReport
) -> tuple[pd.DataFrame, list[Issue]]:
    ids = out["building_id"]
    repeated = ids.duplicated(keep=False) & ids.notna()
    if not repeated.any():
        return out, []
    issues = []
    same = out.astype("string").fillna("").duplicated(keep="first")
    for i in np.flatnonzero((same & repeated).to_numpy()).tolist():
        report.add(
            "dropped",
            "duplicate row (identical to an earlier one)",
            raw.source,
            str(ids.iloc[i]),
            detail=raw.row_labels[i],
        )
    out = out[~(same & repeated)]
    ids = out["building_id"]
    left = ids.duplicated(keep=False) & ids.notna()
    for bid, group in out[left].groupby("building_id"):
        rows = [raw.row_labels[p] for p in raw.frame.index.get_indexer(group.index).tolist()]
        msg = f"building {bid} has {len(rows)} rows that differ ({', '.join(rows)}); keep one"
        issues.append(Issue(raw.source, rows[0], "building_id", msg, str(bid)))
    return out, issues
