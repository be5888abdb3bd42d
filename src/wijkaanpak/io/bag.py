"""Import a neighbourhood from a BAG-style export joined with foundation data.

Inputs (CSV, GeoJSON or GeoPackage; see docs/import.md and ``examples/bag``)
---------------------------------------------------------------------------
pand             BAG buildings: ``identificatie``, ``oorspronkelijk_bouwjaar``, ``status``, geometry
verblijfsobject  BAG dwelling units: ``identificatie``, ``gebruiksdoelen``, ``oppervlakte``,
                 ``maakt_deel_uit_van`` (pand id), address (``openbare_ruimte_naam``,
                 ``huisnummer``, ``huisletter``, ``huisnummertoevoeging``, ``postcode``)
foundation       FunderMaps-style, one row per pand: ``building_id`` (BAG pand id, also
                 ``NL.IMBAG.Pand.<id>``), ``foundation_type``, ``velocity`` [mm/yr, InSAR, negative =
                 sinking], optional ``enforcement_term`` (``term5``…``term40`` or years),
                 ``damage_class``, ``ground_floor_level``
dwelling data    per verblijfsobject (``dwelling_id``): ``woz_value``, ``woz_reference_date``,
                 ``energy_label``, ``tenure`` and optionally ``dwelling_type``, ``plot_area``

Blocks are derived: buildings whose outlines touch form one block (attached homes share structure).
Only units with ``woonfunctie`` are dwellings; demolished or withdrawn buildings are left out.
Units with another use (shops, workshops; not ``overige gebruiksfunctie`` alone: garages, sheds)
count per block as ``non_residential_units`` with their floor area, and their WOZ value when the
dwelling data gives one for each; buildings with only such units join the block they touch, and
those touching no homes are left out.
The assembled tables go through the same validation as any neighbourhood.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from wijkaanpak.io.schema import load_schemas
from wijkaanpak.io.tables import read_table
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.neighbourhood import Neighbourhood, build_neighbourhood
from wijkaanpak.model.validate import RawTable

#: Accepted column names per field (BAG exports differ between suppliers).
ALIASES = {
    "pand": {
        "identificatie": ("identificatie", "pand_identificatie", "id"),
        "bouwjaar": ("oorspronkelijk_bouwjaar", "bouwjaar"),
        "status": ("status", "pandstatus"),
    },
    "vbo": {
        "identificatie": ("identificatie", "verblijfsobject_identificatie", "id"),
        "gebruiksdoelen": ("gebruiksdoelen", "gebruiksdoel"),
        "oppervlakte": ("oppervlakte",),
        "pand": ("maakt_deel_uit_van", "pand_identificatie", "pandidentificatie"),
        "straat": ("openbare_ruimte_naam", "openbare_ruimte", "straatnaam", "straat"),
        "huisnummer": ("huisnummer",),
        "huisletter": ("huisletter",),
        "toevoeging": ("huisnummertoevoeging", "toevoeging"),
        "postcode": ("postcode",),
    },
    "foundation": {
        "building_id": ("building_id", "external_building_id", "pand_id", "identificatie"),
        "foundation_type": ("foundation_type",),
        "velocity": ("velocity",),
        "enforcement_term": ("enforcement_term",),
        "damage_class": ("damage_class",),
        "ground_floor_level": ("ground_floor_level",),
    },
}
REQUIRED = {
    "pand": ("identificatie", "bouwjaar"),
    "vbo": ("identificatie", "gebruiksdoelen", "oppervlakte", "pand", "straat", "huisnummer"),
    "foundation": ("building_id", "velocity"),
}
DWELLING_DATA = ("woz_value", "woz_reference_date", "energy_label", "tenure")
GONE = ("gesloopt", "ingetrokken", "niet gerealiseerd", "sloopvergunning verleend")
TOUCH = 0.05  # [m] outlines closer than this count as attached


@dataclass(frozen=True)
class BagSources:
    pand: Path
    verblijfsobject: Path
    foundation: Path
    dwelling_data: Path | None = None


def _columns(raw: RawTable, kind: str) -> pd.DataFrame:
    """Rename supplier columns to canonical names; report missing required ones."""
    frame = raw.frame
    lower = {str(c).lower(): c for c in frame.columns}
    out = pd.DataFrame(index=frame.index)
    issues = []
    for name, aliases in ALIASES[kind].items():
        found = next((lower[a] for a in aliases if a in lower), None)
        if found is not None:
            out[name] = frame[found]
        elif name in REQUIRED[kind]:
            issues.append(
                Issue(
                    raw.source,
                    "",
                    aliases[0],
                    f"required column is missing (also accepted: {', '.join(aliases[1:]) or '-'})",
                )
            )
    if "geometry" in frame:
        out["geometry"] = frame["geometry"]
    if issues:
        raise InputError(issues)
    return out


def _ids(series: pd.Series) -> pd.Series:
    text = (
        series.astype("string")
        .str.strip()
        .str.replace(r"^NL\.IMBAG\.(Pand|Verblijfsobject)\.", "", regex=True)
    )
    numeric = series.dtype.kind in "iuf"
    return text.str.zfill(16) if numeric else text


def _blocks(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Label connected groups of touching outlines (union-find over an STRtree); also return
    each outline's number of touching neighbours."""
    tree = shapely.STRtree(geoms)
    left, right = tree.query(shapely.buffer(geoms, TOUCH), predicate="intersects")
    parent = np.arange(len(geoms))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = int(parent[i])
        return i

    for a, b in zip(left, right, strict=True):
        ra, rb = find(int(a)), find(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([find(i) for i in range(len(geoms))])
    _, labels = np.unique(roots, return_inverse=True)
    degree = np.bincount(left[left != right], minlength=len(geoms))
    return labels, degree


def _term(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip().str.removeprefix("term")


def _dwelling_type(vbo: pd.DataFrame, neighbours: pd.Series, block_size: pd.Series) -> pd.Series:
    """Heuristic when not given: units per building and attached neighbours (docs/import.md)."""
    units = vbo.groupby("pand")["identificatie"].transform("count")
    first = (
        vbo.sort_values(["huisnummer", "huisletter"], na_position="first")
        .groupby("pand")
        .cumcount()
        == 0
    )
    touching = vbo["pand"].map(neighbours).fillna(0)
    single = np.select(
        [touching >= 2, touching == 1], ["terraced_middle", "terraced_end"], "detached"
    )
    many = np.where(first.reindex(vbo.index), "apartment_ground", "apartment_upper")
    return pd.Series(np.where(units > 1, many, single), index=vbo.index)


def import_bag(src: BagSources, name: str = "") -> Neighbourhood:
    """Assemble and validate a neighbourhood from BAG, foundation and dwelling data."""
    pand_raw, vbo_raw, fnd_raw = (
        read_table(src.pand),
        read_table(src.verblijfsobject),
        read_table(src.foundation),
    )
    pand, vbo, fnd = (
        _columns(pand_raw, "pand"),
        _columns(vbo_raw, "vbo"),
        _columns(fnd_raw, "foundation"),
    )
    if "geometry" not in pand:
        raise InputError(
            [
                Issue(
                    pand_raw.source,
                    "",
                    "geometry",
                    "building outlines are required to derive blocks",
                )
            ]
        )
    pand["identificatie"] = _ids(pand["identificatie"])
    status = (
        pand["status"].astype("string").str.lower()
        if "status" in pand
        else pd.Series("", index=pand.index)
    )
    pand = pand[~status.str.contains("|".join(GONE), na=False)].set_index("identificatie")
    vbo["identificatie"], vbo["pand"] = _ids(vbo["identificatie"]), _ids(vbo["pand"])
    vbo = vbo[vbo["pand"].isin(pand.index)]
    use = vbo["gebruiksdoelen"].astype("string").str.lower().fillna("")
    others = vbo[_non_residential(use)].reset_index(drop=True)
    vbo = vbo[use.str.contains("woonfunctie")].reset_index(drop=True)
    fnd["building_id"] = _ids(fnd["building_id"])
    fnd = fnd.drop_duplicates("building_id").set_index("building_id")
    if vbo.empty:
        raise InputError(
            [
                Issue(
                    vbo_raw.source,
                    "",
                    "gebruiksdoelen",
                    "no dwellings (woonfunctie) in buildings of the pand file",
                )
            ]
        )
    built = pand.loc[pand.index.isin(vbo["pand"]) | pand.index.isin(others["pand"])]
    all_geoms = np.asarray(built["geometry"].to_numpy(), dtype=object)
    all_geoms = np.where(
        [isinstance(g, str) for g in all_geoms],
        shapely.from_wkt(all_geoms.astype(str), on_invalid="ignore"),
        all_geoms,
    )
    # blocks from every building with units: a shop attached to homes shares their structure
    all_labels, all_degree = _blocks(all_geoms)
    homes = built.index.isin(vbo["pand"])
    residential = np.isin(all_labels, all_labels[homes])
    _, block_number = np.unique(all_labels[residential], return_inverse=True)
    block_of_all = pd.Series(
        [f"BLK{n + 1:04d}" for n in block_number], index=built.index[residential]
    )
    housing = built.loc[homes]
    geoms, labels = all_geoms[homes], np.unique(all_labels[homes], return_inverse=True)[1]
    block_of = block_of_all.loc[housing.index]
    neighbours = pd.Series(all_degree[homes], index=housing.index)
    units = vbo.groupby("pand")["identificatie"].transform("count")
    area = pd.Series(shapely.area(geoms), index=housing.index)
    dwellings = pd.DataFrame(
        {
            "dwelling_id": vbo["identificatie"],
            "building_id": vbo["pand"],
            "block_id": vbo["pand"].map(block_of),
            "street": vbo["straat"],
            "house_number": vbo["huisnummer"],
            "house_letter": vbo.get("huisletter"),
            "house_number_addition": vbo.get("toevoeging"),
            "postcode": vbo.get("postcode"),
            "build_year": vbo["pand"].map(housing["bouwjaar"]),
            "floor_area": vbo["oppervlakte"],
            "footprint": (vbo["pand"].map(area) / units).round(1),
            "dwelling_type": _dwelling_type(
                vbo, neighbours, pd.Series(np.bincount(labels)[labels], index=housing.index)
            ),
            "foundation_type": vbo["pand"].map(fnd["foundation_type"]).fillna("unknown")
            if "foundation_type" in fnd
            else "unknown",
            "subsidence_rate": -pd.to_numeric(vbo["pand"].map(fnd["velocity"]), errors="coerce"),
            "geometry": vbo["pand"].map(pd.Series(list(geoms), index=housing.index)),
        }
    )
    dwellings["subsidence_rate"] = dwellings["subsidence_rate"].clip(lower=0)
    for col in ("enforcement_term", "damage_class", "ground_floor_level"):
        if col in fnd:
            mapped = vbo["pand"].map(fnd[col])
            dwellings[col] = _term(mapped) if col == "enforcement_term" else mapped
    raws = {
        "dwellings": RawTable(
            f"BAG import ({src.verblijfsobject.name} + {src.foundation.name})",
            dwellings,
            [f"verblijfsobject {i}" for i in dwellings["dwelling_id"]],
        )
    }
    others = others[others["pand"].isin(block_of_all.index)]
    nonres_woz: pd.Series = pd.Series(dtype=float)
    if src.dwelling_data is not None:
        raws["dwellings"], nonres_woz = _with_dwelling_data(
            raws["dwellings"], read_table(src.dwelling_data), others["identificatie"]
        )
    else:
        needed = ", ".join(DWELLING_DATA)
        msg = f"BAG has no {needed}: give them per verblijfsobject in a dwelling-data file (--dwelling-data)"
        raise InputError([Issue(str(src.verblijfsobject), "", "", msg)])
    blocks = dwellings.groupby("block_id").agg(name=("street", "first")).reset_index()
    blocks = blocks.merge(
        _non_residential_blocks(others, block_of_all, nonres_woz), "left", "block_id"
    )
    blocks["non_residential_units"] = blocks["non_residential_units"].fillna(0).astype(int)
    block_geom = (
        pd.Series(list(all_geoms[residential]), index=block_of_all.values)
        .groupby(level=0)
        .agg(lambda g: shapely.union_all(list(g)))
    )
    blocks["geometry"] = blocks["block_id"].map(block_geom)
    raws["blocks"] = RawTable(
        "BAG import (derived blocks)", blocks, [f"block {b}" for b in blocks["block_id"]]
    )
    raws["metadata"] = RawTable(
        "BAG import",
        pd.DataFrame(
            [
                {
                    "name": name or src.pand.stem,
                    "fictional": "false",
                    "source": f"BAG {src.pand.name}, {src.verblijfsobject.name}; foundation {src.foundation.name}",
                }
            ]
        ),
        ["metadata"],
    )
    return build_neighbourhood(load_schemas(), raws)


def _non_residential(use: pd.Series) -> pd.Series:
    """Units with a use other than living: shops, offices, workshops (BAG gebruiksdoelen). Units
    whose only use is ``overige gebruiksfunctie`` (garages, sheds) are not counted."""
    kinds = use.str.replace(r"\s+", " ", regex=True).str.split(r"\s*[,;|]\s*", regex=True)
    other = kinds.map(lambda k: [x for x in k if x and x != "overige gebruiksfunctie"])
    return ~use.str.contains("woonfunctie") & (other.map(len) > 0)


def _non_residential_blocks(
    others: pd.DataFrame, block_of: pd.Series, woz: pd.Series
) -> pd.DataFrame:
    """Per block: non-residential units, their floor area (BAG oppervlakte) and, when the dwelling
    data gives a WOZ value for every one of them, their value together (else blank: the model
    estimates it from the floor area)."""
    frame = pd.DataFrame(
        {
            "block_id": others["pand"].map(block_of),
            "area": pd.to_numeric(others["oppervlakte"], errors="coerce"),
            "woz": others["identificatie"].map(woz).astype(float),
        }
    )
    per = frame.groupby("block_id").agg(
        non_residential_units=("area", "size"),
        non_residential_floor_area=("area", lambda x: x.sum(min_count=len(x))),
        non_residential_value=("woz", lambda x: x.sum(min_count=len(x))),
    )
    return per.reset_index()


def _refuse_first(raw: RawTable, ids: pd.Series, mask: pd.Series, message: str) -> None:
    """Raise for the first row where ``mask`` holds (``{id}`` in the message is its dwelling_id)."""
    hits = np.flatnonzero(mask.to_numpy(dtype=bool))
    if len(hits):
        i = int(hits[0])
        say = message.format(id=ids.iloc[i])
        raise InputError([Issue(raw.source, raw.row_labels[i], "dwelling_id", say)])


def _with_dwelling_data(
    base: RawTable, extra: RawTable, non_residential: pd.Series
) -> tuple[RawTable, pd.Series]:
    """Add or replace dwelling columns from the user's per-dwelling file (keyed by dwelling_id);
    rows of ``non_residential`` units give only their ``woz_value`` (returned by unit id)."""
    frame = extra.frame.rename(columns={"identificatie": "dwelling_id"})
    if "dwelling_id" not in frame:
        raise InputError([Issue(extra.source, "", "dwelling_id", "required column is missing")])
    frame = frame.assign(dwelling_id=_ids(frame["dwelling_id"]))
    ids = frame["dwelling_id"]
    _refuse_first(extra, ids, ids.duplicated(), "duplicate id {id}")
    _refuse_first(
        extra,
        ids,
        ~ids.isin(base.frame["dwelling_id"]) & ~ids.isin(non_residential),
        "{id} is not a dwelling (woonfunctie) or a non-residential unit in a block in the BAG files",
    )
    if extra.decimal_comma:  # Dutch spreadsheet numbers: 1.234,5 -> 1234.5
        schema = load_schemas()["dwellings"]
        for col in frame.columns:
            if col in schema.names() and schema[col].type in ("int", "float"):
                text = frame[col].astype("string")
                frame[col] = text.str.replace(".", "", regex=False).str.replace(
                    ",", ".", regex=False
                )
    shops = ids.isin(non_residential).to_numpy()
    woz = pd.Series(dtype=float)
    if shops.any() and "woz_value" in frame:
        values = pd.to_numeric(frame.loc[shops, "woz_value"], errors="coerce")
        bad = values.isna() & frame.loc[shops, "woz_value"].notna()
        _refuse_first(
            RawTable(
                extra.source,
                frame[shops],
                [extra.row_labels[int(i)] for i in np.flatnonzero(shops)],
            ),
            ids[shops],
            bad,
            "woz_value of non-residential unit {id} is not a number",
        )
        woz = pd.Series(values.to_numpy(), index=ids[shops].to_numpy())
    frame = frame[~shops]
    merged = base.frame.drop(
        columns=[c for c in frame.columns if c != "dwelling_id" and c in base.frame]
    )
    merged = merged.merge(frame, on="dwelling_id", how="left")
    return RawTable(f"{base.source} + {extra.source}", merged, base.row_labels), woz
