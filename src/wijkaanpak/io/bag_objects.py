"""BAG objects of one kind (pand, verblijfsobject, nummeraanduiding, openbare ruimte) made ready
for the import: the version valid today, canonical columns, ids of 16 digits, live objects only,
duplicates resolved, list-valued references flattened, addresses joined. Every change is reported
in the :class:`~wijkaanpak.io.import_report.ImportReport`; problems are collected, not raised."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import shapely

from wijkaanpak.io.bag_columns import (
    ALIASES,
    bag_ids,
    canonical,
    find_column,
    is_listish,
    split_list,
)
from wijkaanpak.io.bag_xml import current_versions
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.model.issues import Issue
from wijkaanpak.model.validate import RawTable

#: Statuses of objects that do not (or no longer, or never) exist: dropped and reported.
GONE = {
    "pand": (
        "gesloopt",
        "ingetrokken",
        "niet gerealiseerd",
        "sloopvergunning verleend",
        "ten onrechte opgevoerd",
    ),
    "vbo": ("ingetrokken", "niet gerealiseerd", "ten onrechte opgevoerd"),
    "num": ("ingetrokken", "ten onrechte opgevoerd"),
    "opr": ("ingetrokken", "ten onrechte opgevoerd"),
}


def prepared_objects(
    raw: RawTable, kind: str, report: ImportReport, issues: list[Issue], today: date | None
) -> tuple[pd.DataFrame, RawTable] | None:
    """Current versions, canonical columns, normalised ids, live objects only."""
    id_col = find_column(list(raw.frame.columns), ALIASES[kind]["identificatie"])
    if id_col is not None:
        ids, how = bag_ids(raw.frame[id_col])
        raw = RawTable(
            raw.source, raw.frame.assign(**{str(id_col): ids}), raw.row_labels, raw.decimal_comma
        )
        for what, n in how.items():
            if n:
                report.count(f"ids normalised ({what}): {raw.source}", n)
        raw = current_versions(raw, id_col, report, today)
    required = None
    if kind == "vbo":
        has_address = all(
            find_column(list(raw.frame.columns), aliases) is not None
            for aliases in (
                ("openbare_ruimte_naam", "openbare_ruimte", "straatnaam", "straat"),
                ("huisnummer",),
            )
        )
        if not has_address:
            required = ("identificatie", "gebruiksdoelen", "oppervlakte", "pand", "hoofdadres")
    frame, found = canonical(raw.frame, kind, raw.source, required)
    if found:
        issues.extend(found)
        return None
    frame["_row"] = list(raw.row_labels)
    if "status" in frame:
        status = frame["status"].astype("string").str.lower().fillna("")
        gone = status.str.contains("|".join(GONE[kind]), regex=True)
        for i in np.flatnonzero(gone.to_numpy()).tolist():
            report.add(
                "dropped",
                f"status '{frame['status'].iloc[i]}'",
                raw.source,
                str(frame["identificatie"].iloc[i]),
            )
        frame = frame[~gone.to_numpy()]
    frame = _deduplicated(frame, raw.source, report, issues)
    return frame.reset_index(drop=True), raw


def _deduplicated(
    frame: pd.DataFrame, source: str, report: ImportReport, issues: list[Issue]
) -> pd.DataFrame:
    ids = frame["identificatie"]
    repeated = ids.duplicated(keep=False) & ids.notna()
    if not repeated.any():
        return frame
    body = frame.drop(columns="_row").copy()
    if "geometry" in body:
        body["geometry"] = [
            g.wkt if isinstance(g, shapely.Geometry) else g for g in body["geometry"]
        ]
    same = body.map(
        lambda v: str(list(v)) if isinstance(v, list | np.ndarray) else str(v)
    ).duplicated(keep="first")
    for i in np.flatnonzero((same & repeated).to_numpy()).tolist():
        report.add(
            "dropped",
            "duplicate row (identical to an earlier one)",
            source,
            str(ids.iloc[i]),
            detail=frame["_row"].iloc[i],
        )
    frame = frame[~(same & repeated).to_numpy()]
    left = frame["identificatie"].duplicated(keep=False)
    for obj, group in frame[left.to_numpy()].groupby("identificatie"):
        rows = ", ".join(group["_row"])
        msg = f"identificatie {obj} is given {len(group)} times with different values ({rows}); keep one (or give the history columns eindGeldigheid/voorkomenidentificatie)"
        issues.append(Issue(source, str(group["_row"].iloc[0]), "identificatie", msg, str(obj)))
    return frame


def flatten_units(
    vbo: pd.DataFrame, pand_geoms: pd.Series, source: str, report: ImportReport
) -> pd.DataFrame:
    """One pand per unit: a unit in several panden goes to the one holding its point (else the
    first), reported; use lists joined as text."""
    if is_listish(vbo["gebruiksdoelen"]):
        vbo["gebruiksdoelen"] = vbo["gebruiksdoelen"].map(lambda v: ", ".join(split_list(v)))
    if not is_listish(vbo["pand"]):
        vbo["pand"] = bag_ids(vbo["pand"])[0]
        return vbo
    chosen = []
    points = vbo["geometry"] if "geometry" in vbo else pd.Series(None, index=vbo.index)
    for i, (refs, point) in enumerate(zip(vbo["pand"], points, strict=True)):
        ids = list(bag_ids(pd.Series(split_list(refs), dtype="string"))[0].dropna())
        pick = ids[0] if ids else None
        if len(ids) > 1:
            inside = [
                p
                for p in ids
                if isinstance(point, shapely.Geometry)
                and isinstance(pand_geoms.get(p), shapely.Geometry)
                and pand_geoms[p].covers(point)
            ]
            pick = inside[0] if inside else ids[0]
            report.add(
                "changed",
                "unit in several buildings: assigned to the one holding its point (else the first)",
                source,
                str(vbo["identificatie"].iloc[i]),
                "pand",
                f"{pick} (also {', '.join(p for p in ids if p != pick)})",
            )
        chosen.append(pick)
    vbo["pand"] = pd.Series(chosen, index=vbo.index, dtype="string")
    return vbo


def _first(value: object) -> str | None:
    """The first of a list-valued reference (a unit has one main address)."""
    refs = split_list(value)
    return refs[0] if refs else None


def join_addresses(
    vbo: pd.DataFrame,
    num: pd.DataFrame | None,
    opr: pd.DataFrame | None,
    names: dict[str, str],
    report: ImportReport,
) -> pd.DataFrame:
    """Street, number, letter, addition and postcode from the main address (nummeraanduiding)
    and its street (openbare ruimte), where the unit file does not give them."""
    if "straat" in vbo and "huisnummer" in vbo:
        return vbo
    assert num is not None and opr is not None
    ref = bag_ids(vbo["hoofdadres"].map(_first))[0]
    num = num.set_index("identificatie")
    known = ref.isin(num.index)
    report.join(
        names["vbo"],
        names["num"],
        "main address (hoofdadres)",
        int(known.sum()),
        sorted(vbo.loc[~known, "identificatie"].astype(str)),
    )
    for col in ("huisnummer", "huisletter", "toevoeging", "postcode"):
        if col in num:
            vbo[col] = ref.map(num[col]).to_numpy()
    street_ref = bag_ids(num["openbareruimte"])[0]
    opr_names = opr.set_index("identificatie")["naam"]
    has_street = street_ref.isin(opr_names.index)
    report.join(
        names["num"],
        names["opr"],
        "street (openbare ruimte)",
        int(has_street.sum()),
        sorted(num.index[~has_street.to_numpy()].astype(str)),
    )
    vbo["straat"] = ref.map(
        pd.Series(street_ref.map(opr_names).to_numpy(), index=num.index)
    ).to_numpy()
    return vbo
