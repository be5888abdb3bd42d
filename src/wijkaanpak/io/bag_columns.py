"""Column names and ids of BAG and foundation files, as suppliers spell them.

Column names are compared *folded*: without case, underscores, dashes and spaces, so that the
BAG 2.0 extract's camelCase (``oorspronkelijkBouwjaar``, ``pandRef``), the PDOK GeoPackage's and
web services' snake_case (``oorspronkelijk_bouwjaar``, ``pand_identificatie``) and a
spreadsheet's ``Oorspronkelijk bouwjaar`` are the same column.

BAG ids are normalised to their 16 digits: ``NL.IMBAG.Pand.0363100012345678`` in any case, a URI
ending in the id, and a number that lost its leading zero in a spreadsheet all become
``0363100012345678``. List-valued references (a BAG 2.0 unit in two buildings, a GeoPackage
``{a,b}`` array, ``[a, b]`` text) are split into lists.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from wijkaanpak.model.issues import Issue

#: Accepted column names per kind of file and field (the first is the one named in messages).
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "pand": {
        "identificatie": ("identificatie", "pand_identificatie", "pandidentificatie", "id"),
        "bouwjaar": ("oorspronkelijk_bouwjaar", "bouwjaar"),
        "status": ("status", "pandstatus"),
    },
    "vbo": {
        "identificatie": ("identificatie", "verblijfsobject_identificatie", "id"),
        "gebruiksdoelen": ("gebruiksdoelen", "gebruiksdoel"),
        "oppervlakte": ("oppervlakte",),
        "pand": (
            "maakt_deel_uit_van",
            "pand_ref",
            "pand_identificatie",
            "pandidentificatie",
            "pand_id",
        ),
        "straat": ("openbare_ruimte_naam", "openbare_ruimte", "straatnaam", "straat"),
        "huisnummer": ("huisnummer",),
        "huisletter": ("huisletter",),
        "toevoeging": ("huisnummertoevoeging", "toevoeging"),
        "postcode": ("postcode",),
        "hoofdadres": (
            "hoofdadres_nummeraanduiding_ref",
            "heeft_als_hoofdadres",
            "hoofdadres",
            "nummeraanduiding_identificatie",
        ),
        "status": ("status", "verblijfsobjectstatus"),
    },
    "num": {
        "identificatie": ("identificatie", "nummeraanduiding_identificatie", "id"),
        "huisnummer": ("huisnummer",),
        "huisletter": ("huisletter",),
        "toevoeging": ("huisnummertoevoeging", "toevoeging"),
        "postcode": ("postcode",),
        "openbareruimte": (
            "openbareruimte_ref",
            "openbare_ruimte_ref",
            "ligt_aan",
            "openbareruimte_identificatie",
            "openbare_ruimte_identificatie",
        ),
        "status": ("status",),
    },
    "opr": {
        "identificatie": ("identificatie", "openbareruimte_identificatie", "id"),
        "naam": ("naam", "openbare_ruimte_naam", "openbareruimtenaam"),
        "status": ("status",),
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "pand": ("identificatie", "bouwjaar"),
    "vbo": ("identificatie", "gebruiksdoelen", "oppervlakte", "pand"),
    "num": ("identificatie", "huisnummer", "openbareruimte"),
    "opr": ("identificatie", "naam"),
}
#: Address fields a unit file holds itself, or gets through its main address (nummeraanduiding).
ADDRESS = ("straat", "huisnummer")
#: Columns of BAG history (a BAG 2.0 extract, or an export of one with all versions).
HISTORY = {
    "voorkomen": ("voorkomenidentificatie", "voorkomen_identificatie", "volgnummer"),
    "begin": ("begingeldigheid", "begin_geldigheid"),
    "eind": ("eindgeldigheid", "eind_geldigheid"),
    "inactief": ("tijdstipinactief", "tijdstip_inactief"),
    "inactief_lv": ("tijdstipinactieflv", "tijdstip_inactief_lv"),
    "niet_bag": ("tijdstipnietbaglv", "tijdstip_niet_bag_lv"),
}

_BAG_PREFIX = re.compile(r"^(nl\.imbag\.[a-z]+\.|https?://\S*/|urn:\S*:)", flags=re.IGNORECASE)


def fold(name: object) -> str:
    """``Oorspronkelijk_Bouwjaar`` → ``oorspronkelijkbouwjaar``."""
    return re.sub(r"[\s_\-.]+", "", str(name)).lower()


def find_column(columns: Sequence[object], aliases: Sequence[str]) -> object | None:
    """The first column (as spelled in the file) that folds to one of ``aliases``."""
    by_fold: dict[str, object] = {}
    for col in columns:
        by_fold.setdefault(fold(col), col)
    for alias in aliases:
        if fold(alias) in by_fold:
            return by_fold[fold(alias)]
    return None


def canonical(
    frame: pd.DataFrame, kind: str, source: str, required: Sequence[str] | None = None
) -> tuple[pd.DataFrame, list[Issue]]:
    """Rename a supplier's columns to the canonical names of ``kind``; issues for missing
    required ones, each with a did-you-mean from the file's own columns."""
    out = pd.DataFrame(index=frame.index)
    issues = []
    need = REQUIRED[kind] if required is None else required
    for name, aliases in ALIASES[kind].items():
        found = find_column(list(frame.columns), aliases)
        if found is not None:
            out[name] = frame[found]
        elif name in need:
            near = difflib.get_close_matches(
                fold(aliases[0]), [fold(c) for c in frame.columns], n=1, cutoff=0.7
            )
            original = next((c for c in frame.columns if near and fold(c) == near[0]), None)
            hint = f"; did you mean '{original}'?" if original is not None else ""
            also = ", ".join(aliases[1:]) or "-"
            issues.append(
                Issue(
                    source,
                    "",
                    aliases[0],
                    f"required column is missing (also accepted: {also}){hint}",
                )
            )
    if "geometry" in frame:
        out["geometry"] = frame["geometry"]
    return out, issues


def history_columns(frame: pd.DataFrame) -> dict[str, object]:
    """The history columns a frame has (canonical name → column as spelled)."""
    found = {}
    for name, aliases in HISTORY.items():
        col = find_column(list(frame.columns), aliases)
        if col is not None:
            found[name] = col
    return found


def split_list(value: object) -> list[str]:
    """A reference that may be a list: a Python/numpy list, ``{a,b}``, ``[a, b]`` or ``a,b``."""
    if value is None:
        return []
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    if isinstance(value, float) and np.isnan(value):
        return []
    text = str(value).strip().strip("{}[]()")
    return [p.strip().strip("'\"") for p in re.split(r"[,;|]", text) if p.strip().strip("'\"")]


def is_listish(series: pd.Series) -> bool:
    """Whether any cell holds more than one reference (or is a list)."""
    return bool(series.map(lambda v: isinstance(v, list | tuple | np.ndarray)).any()) or bool(
        series.astype("string").str.contains(r"^[\[{(]|[,;|]", regex=True).fillna(False).any()
    )


def bag_ids(series: pd.Series) -> tuple[pd.Series, dict[str, int]]:
    """Normalise BAG ids to 16 digits; also return how many were rewritten and how."""
    raw = series.astype("string").str.strip()
    numeric = series.dtype.kind in "iuf"
    text = raw.str.replace(r"\.0$", "", regex=True) if numeric else raw
    stripped = text.str.replace(_BAG_PREFIX, "", regex=True)
    prefixed = int(((stripped != text) & text.notna()).sum())
    short = stripped.str.fullmatch(r"\d{13,15}").fillna(False).astype(bool)
    out = stripped.where(~short, stripped.str.zfill(16))
    return out, {"prefix removed": prefixed, "leading zeros restored": int(short.sum())}


def pand_id_like(series: pd.Series, code: str = "10") -> pd.Series:
    """Which normalised ids look like BAG ids of object type ``code`` (10 pand, 01 vbo)."""
    ok = series.str.fullmatch(r"\d{16}").fillna(False).astype(bool)
    return ok & (series.str[4:6] == code).fillna(False).astype(bool)


def rename_folded(frame: pd.DataFrame, names: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Rename columns that fold to an alias in ``names`` (canonical → aliases)."""
    mapping = {}
    for canonical_name, aliases in names.items():
        col = find_column(list(frame.columns), aliases)
        if col is not None and col != canonical_name:
            mapping[col] = canonical_name
    return frame.rename(columns=mapping)
