"""Foundation data per building (FunderMaps-style), keyed by BAG pand id in any common spelling.

Ids: ``NL.IMBAG.Pand.0363100012345678`` in any case, the bare 16 digits, a number that lost its
leading zero, or a URI ending in the id. FunderMaps' own ids (``gfm-…``) cannot be joined: its
``external_building_id`` (or ``external_id``) holds the BAG id and is used when present; the id
column is the first of :data:`ID_COLUMNS`, then of the other columns, whose values are BAG pand
ids (a misspelt name is noted with the name it likely means).

Columns (any case style): ``foundation_type``, ``foundation_type_reliability`` (counted),
``velocity`` [mm/yr, InSAR, negative = sinking] or ``subsidence_rate`` [mm/yr, positive =
sinking], ``enforcement_term`` (``term5``…``term40`` or years), ``damage_class``,
``ground_floor_level``. Numbers may have decimal commas (``-4,8``; ``;``-separated files);
``120.500`` in such a file is ambiguous and reported. Placeholders (``n.b.``, ``NULL``, ``nan``)
are read as empty and reported; duplicate rows for one building are dropped when identical and
an error when they differ. A near miss of one of these names is an error with a did-you-mean;
FunderMaps' other columns (:data:`FUNDERMAPS_OTHER`) are noted; any other column is reported as
dropped (an error with ``--strict``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkaanpak.io.bag_columns import bag_ids, find_column, fold, pand_id_like
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.io.schema import load_schema
from wijkaanpak.model.issues import Issue
from wijkaanpak.model.validate import (
    RawTable,
    ambiguous_message,
    near_miss,
    parse_numbers,
    unknown_column,
)

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


#: Columns of FunderMaps' building analysis (its view ``data.model_risk_dynamic_all``) that
#: wijkaanpak does not use: accepted and noted in the import report, never refused.
FUNDERMAPS_OTHER = (
    "address_count",
    "neighborhood_id",
    "construction_year",
    "construction_year_reliability",
    "restoration_costs",
    "drystand",
    "drystand_risk",
    "drystand_risk_reliability",
    "bio_infection_risk",
    "bio_infection_risk_reliability",
    "dewatering_depth",
    "dewatering_depth_risk",
    "dewatering_depth_risk_reliability",
    "unclassified_risk",
    "height",
    "ground_water_level",
    "ground_level",
    "soil",
    "surface_area",
    "owner",
    "inquiry_id",
    "inquiry_type",
    "damage_cause",
    "overall_quality",
    "recovery_type",
    "address_id",
    "external_address_id",
)
#: Columns a GIS file adds (GeoPackage, GeoJSON): passed over without a word.
FORMAT_COLUMNS = ("fid", "geometry", "geom")
#: Every column name this reader takes, the id columns first.
OURS = (*ID_COLUMNS, *(alias for aliases in FIELDS.values() for alias in aliases))
_RATE = (*FIELDS["velocity"], *FIELDS["subsidence_rate"])
_FOLDED_FIELDS = {fold(a) for aliases in FIELDS.values() for a in aliases}
_FOLDED_FM = {fold(n) for n in FUNDERMAPS_OTHER}
_FOLDED_KNOWN = {fold(n) for n in (*OURS, *FUNDERMAPS_OTHER, *FORMAT_COLUMNS)}


def _id_column(
    frame: pd.DataFrame, source: str, report: ImportReport
) -> tuple[object | None, list[Issue]]:
    """The first column whose values are BAG pand ids: those named as in :data:`ID_COLUMNS`
    first, then any other (a misspelt name is noted with the name it likely means)."""
    named = [c for a in ID_COLUMNS if (c := find_column(list(frame.columns), [a])) is not None]
    skip = _FOLDED_FIELDS | {fold(n) for n in FORMAT_COLUMNS}
    others = [c for c in frame.columns if c not in named and fold(c) not in skip]
    for col in dict.fromkeys([*named, *others]):
        ids, _ = bag_ids(frame[col])
        if pand_id_like(ids).any():
            if col not in named:
                near, _ = near_miss(str(col), ID_COLUMNS)
                hint = f"; did you mean '{near}'?" if near else ""
                why = f"pand ids found by their values in column '{col}'{hint}"
                report.add("noted", why, source, field=str(col))
            return col, []
    if not named:
        msg = (
            "no column with the BAG pand id; expected one of "
            + ", ".join(ID_COLUMNS)
            + " (values like NL.IMBAG.Pand.0363100012345678 or 0363100012345678)"
        )
        return None, [Issue(source, "", "building_id", msg)]
    samples = {
        str(c): str(frame[c].dropna().astype(str).head(1).tolist()[:1] or ["(empty)"])
        for c in named
    }
    gfm = any("gfm-" in v.lower() for v in samples.values())
    hint = (
        "; FunderMaps' own ids (gfm-…) do not join to BAG: use its external_building_id column"
        if gfm
        else ""
    )
    shown = ", ".join(f"'{c}' holds {v}" for c, v in samples.items())
    msg = f"no column holds BAG pand ids (16 digits, type code 10): {shown}{hint}"
    return None, [Issue(source, "", str(named[0]), msg)]


def _other_columns(
    frame: pd.DataFrame, source: str, id_col: object | None, report: ImportReport
) -> list[Issue]:
    """Columns this reader does not take: a near miss of one it takes is an error with a
    did-you-mean (as for any table, :func:`~wijkaanpak.model.validate.unknown_column`);
    FunderMaps' other columns are noted; any other column is reported as dropped (an error
    with ``--strict``). A misspelt velocity column is named in the missing-column error."""
    issues = []
    rate_given = find_column(list(frame.columns), _RATE) is not None
    meant_rate = []
    for col in frame.columns:
        if col == id_col or fold(col) in _FOLDED_KNOWN:
            if fold(col) in _FOLDED_FM:
                report.add("noted", "FunderMaps column, not used", source, field=str(col))
            continue
        near, _ = near_miss(str(col), [*OURS, *FUNDERMAPS_OTHER])
        if near in _RATE and not rate_given:
            meant_rate.append(str(col))
        elif near in OURS:
            issues.append(unknown_column(source, str(col), OURS))
        else:
            report.add("dropped", "unknown column, not read", source, field=str(col))
    if not rate_given:
        hint = "".join(f"; did you mean '{c}'?" for c in meant_rate[:1])
        msg = f"required column is missing (velocity [mm/yr, negative = sinking] or subsidence_rate){hint}"
        issues.append(Issue(source, "", "velocity", msg))
    return issues


def read_foundation(raw: RawTable, report: ImportReport) -> tuple[pd.DataFrame, list[Issue]]:
    """The foundation table indexed by 16-digit pand id, with columns ``foundation_type``,
    ``subsidence_rate`` (positive = sinking), ``enforcement_term``, ``damage_class``,
    ``ground_floor_level`` where given; and the issues found."""
    frame, source = raw.frame, raw.source
    id_col, issues = _id_column(frame, source, report)
    issues += _other_columns(frame, source, id_col, report)
    if id_col is None or any(i.field == "velocity" for i in issues):
        return pd.DataFrame(), issues
    ids, how = bag_ids(frame[id_col])
    for what, n in how.items():
        if n:
            report.count(f"ids normalised ({what}): {source}", n)
    out = pd.DataFrame({"building_id": ids}, index=frame.index)
    for name, aliases in FIELDS.items():
        col = find_column(list(frame.columns), aliases)
        if col is not None:
            out[name] = frame[col]
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
            report.count(f"foundation type reliability '{kind}': {source}", int(n))
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
