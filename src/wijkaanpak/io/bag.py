"""Import a neighbourhood from BAG data joined with foundation data (docs/data.md).

Inputs
------
BAG             either a BAG 2.0 extract as the land registry delivers it (``--bag``: zip, folder
                or XML; :mod:`wijkaanpak.io.bag_xml`), or separate files (CSV, GeoJSON from the
                PDOK web services, PDOK's BAG GeoPackage layers):
                pand             ``identificatie``, ``oorspronkelijk_bouwjaar``, ``status``, outline
                verblijfsobject  ``identificatie``, ``gebruiksdoel(en)``, ``oppervlakte``, pand
                                 reference, and the address itself or its main address
                                 (``hoofdadres``) to join from the nummeraanduiding file, whose
                                 street comes from the openbare-ruimte file
foundation      per pand, FunderMaps-style (:mod:`wijkaanpak.io.foundation`)
dwelling data   optional, per verblijfsobject (``dwelling_id``): ``woz_value``,
                ``woz_reference_date``, ``energy_label``, ``tenure`` and optionally any other
                dwelling column; what it does not give is defaulted
                (:mod:`wijkaanpak.io.dwelling_defaults`) and reported per dwelling

Column names in either case style (:mod:`wijkaanpak.io.bag_columns`); histories reduced to the
version valid today, withdrawn, demolished and wrongly registered objects dropped, addresses
joined (:mod:`wijkaanpak.io.bag_objects`); outlines and shared walls
(:mod:`wijkaanpak.io.bag_geometry`); the dwelling data (:mod:`wijkaanpak.io.dwelling_data`). Every drop,
change and default goes into the :class:`~wijkaanpak.io.import_report.ImportReport`, every join
reports its matched and unmatched counts, and every problem in every file is raised at once.
The assembled tables go through the same validation as any neighbourhood.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ParamSpec, TypeVar

import numpy as np
import pandas as pd
import shapely

from wijkaanpak.io import bag_geometry as geo
from wijkaanpak.io.bag_objects import flatten_units, join_addresses, prepared_objects
from wijkaanpak.io.bag_xml import read_extract
from wijkaanpak.io.dwelling_data import with_dwelling_data
from wijkaanpak.io.dwelling_defaults import (
    Defaults,
    defaulted_note,
    load_dwelling_defaults,
    with_defaults,
)
from wijkaanpak.io.foundation import read_foundation
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.io.schema import load_schemas
from wijkaanpak.io.tables import read_table
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.neighbourhood import Neighbourhood, build_neighbourhood
from wijkaanpak.model.validate import RawTable

P = ParamSpec("P")
T = TypeVar("T")
TOUCH = geo.TOUCH
LAYER = {
    "pand": "pand",
    "vbo": "verblijfsobject",
    "num": "nummeraanduiding",
    "opr": "openbareruimte",
}


@dataclass(frozen=True)
class BagSources:
    """The files of one import. Give ``extract`` (a BAG 2.0 extract) or ``pand`` and
    ``verblijfsobject``; ``nummeraanduiding`` and ``openbare_ruimte`` when the units carry only
    their main address's id; ``dwelling_defaults`` to replace shipped defaults."""

    pand: Path | None = None
    verblijfsobject: Path | None = None
    foundation: Path | None = None
    dwelling_data: Path | None = None
    extract: Path | None = None
    nummeraanduiding: Path | None = None
    openbare_ruimte: Path | None = None
    dwelling_defaults: Path | None = None

    def inputs(self) -> list[Path]:
        return [
            p
            for p in (
                self.pand,
                self.verblijfsobject,
                self.foundation,
                self.dwelling_data,
                self.extract,
                self.nummeraanduiding,
                self.openbare_ruimte,
                self.dwelling_defaults,
            )
            if p is not None
        ]

    def label(self) -> str:
        return self.extract.stem if self.extract else (self.pand.stem if self.pand else "BAG")


class _Issues(list[Issue]):
    """Issues of several files: each file is read even when an earlier one failed."""

    def attempt(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        try:
            return fn(*args, **kwargs)
        except InputError as err:
            self.extend(err.issues)
            return None


def _read_all(
    src: BagSources, report: ImportReport
) -> tuple[dict[str, RawTable], Defaults | None, _Issues]:
    issues = _Issues()
    defaults = issues.attempt(load_dwelling_defaults, src.dwelling_defaults)
    raws: dict[str, RawTable] = {}
    if src.extract is not None:
        raws.update(issues.attempt(read_extract, src.extract, report) or {})
    files = {
        "pand": src.pand,
        "vbo": src.verblijfsobject,
        "num": src.nummeraanduiding,
        "opr": src.openbare_ruimte,
        "foundation": src.foundation,
        "dwelling_data": src.dwelling_data,
    }
    for kind, path in files.items():
        if path is not None:
            raw = issues.attempt(read_table, path, LAYER.get(kind))
            if raw is not None:
                raws[kind] = raw
    if src.foundation is None:
        issues.append(Issue("import-bag", "", "", "a foundation file is required (--foundation)"))
    for kind, option in (("pand", "--pand"), ("vbo", "--verblijfsobject")):
        given = src.pand if kind == "pand" else src.verblijfsobject
        if kind in raws or given is not None:
            continue
        if src.extract is None:
            msg = f"no {LAYER[kind]} file: give {option}, or the whole BAG extract with --bag"
            issues.append(Issue("import-bag", "", "", msg))
        elif not any(i.source.startswith(str(src.extract)) for i in issues):
            msg = f"the extract holds no {LAYER[kind]} objects; give them with {option}"
            issues.append(Issue(str(src.extract), "", "", msg))
    return raws, defaults, issues


def import_bag(
    src: BagSources,
    name: str = "",
    report: ImportReport | None = None,
    strict: bool = False,
    today: date | None = None,
    bbox: tuple[float, float, float, float] | None = None,
) -> Neighbourhood:
    """Assemble and validate a neighbourhood from BAG, foundation and dwelling data; with
    ``bbox`` (xmin, ymin, xmax, ymax in RD New) only the buildings whose outline lies in or
    crosses the box, with their units.

    Raises :class:`InputError` with every problem in every file; with ``strict``, also with
    every drop, change and default in ``report``.
    """
    report = ImportReport() if report is None else report
    raws, defaults, issues = _read_all(src, report)
    prepared: dict[str, pd.DataFrame] = {}
    sources: dict[str, str] = {}
    for kind in ("pand", "vbo", "num", "opr"):
        if kind in raws:
            got = prepared_objects(raws[kind], kind, report, issues, today)
            if got is not None:
                prepared[kind], raw = got
                sources[kind] = raw.source
    if (
        "vbo" in prepared
        and not {"straat", "huisnummer"} <= set(prepared["vbo"].columns)
        and ("num" not in raws or "opr" not in raws)
    ):
        msg = "the units carry no street and house number: give the nummeraanduiding and openbare-ruimte files (--nummeraanduiding, --openbare-ruimte) or the whole extract (--bag)"
        issues.append(Issue(sources["vbo"], "", "openbare_ruimte_naam", msg))
    if "pand" in prepared and "geometry" not in prepared["pand"]:
        issues.append(
            Issue(
                sources["pand"], "", "geometry", "building outlines are required to derive blocks"
            )
        )
    fnd = pd.DataFrame()
    if "foundation" in raws:
        fnd, found = read_foundation(raws["foundation"], report)
        issues.extend(found)
    if issues or defaults is None:
        raise InputError(issues)
    nbh = _assemble(src, prepared, sources, fnd, raws, report, name, defaults, bbox)
    if strict and report.changes():
        raise InputError(report.strict_issues())
    return nbh


def _assemble(
    src: BagSources,
    prepared: dict[str, pd.DataFrame],
    sources: dict[str, str],
    fnd: pd.DataFrame,
    raws: dict[str, RawTable],
    report: ImportReport,
    name: str,
    defaults: Defaults,
    bbox: tuple[float, float, float, float] | None = None,
) -> Neighbourhood:
    issues = _Issues()
    pand, vbo = prepared["pand"], prepared["vbo"]
    all_geoms, usable = geo.outlines(
        pand["geometry"], pand["identificatie"], sources["pand"], report
    )
    pand = pand.assign(geometry=list(all_geoms))
    pand_geoms = pd.Series(list(all_geoms), index=pand["identificatie"].to_numpy())
    vbo = flatten_units(vbo, pand_geoms, sources["vbo"], report)
    every_unit = vbo["identificatie"]
    if bbox is not None:
        pand, usable, vbo = _in_box(pand, usable, vbo, bbox, report)
    outside = every_unit[~every_unit.isin(vbo["identificatie"])]
    vbo = join_addresses(vbo, prepared.get("num"), prepared.get("opr"), sources, report)
    in_pand = vbo["pand"].isin(pand["identificatie"])
    report.join(
        sources["vbo"],
        sources["pand"],
        "pand (maakt deel uit van)",
        int(in_pand.sum()),
        sorted(vbo.loc[~in_pand, "identificatie"].astype(str)),
    )
    gone = {
        e.record: e.reason
        for e in report.events
        if e.kind == "dropped" and e.source == sources["pand"] and e.reason.startswith("status")
    }
    for i in np.flatnonzero(~in_pand.to_numpy()).tolist():
        building = str(vbo["pand"].iloc[i])
        report.add(
            "dropped",
            f"its building was dropped ({gone[building]})"
            if building in gone
            else "its building is not in the pand file",
            sources["vbo"],
            str(vbo["identificatie"].iloc[i]),
            "pand",
            building,
        )
    vbo = vbo[in_pand.to_numpy()]
    use = vbo["gebruiksdoelen"].astype("string").str.lower().fillna("")
    homes_mask = use.str.contains("woonfunctie")
    others_mask = _non_residential(use)
    for i in np.flatnonzero((~homes_mask & ~others_mask).to_numpy()).tolist():
        report.add(
            "noted",
            "not counted: only 'overige gebruiksfunctie' (garage, shed) or no use",
            sources["vbo"],
            str(vbo["identificatie"].iloc[i]),
        )
    others = vbo[others_mask.to_numpy()].reset_index(drop=True)
    vbo = vbo[homes_mask.to_numpy()].reset_index(drop=True)
    if vbo.empty:
        raise InputError(
            [
                Issue(
                    sources["vbo"],
                    "",
                    "gebruiksdoelen",
                    "no dwellings (woonfunctie) in buildings of the pand file"
                    + (" inside --bbox" if bbox is not None else ""),
                )
            ]
        )
    # outlines: every pand for neighbours, the ones with units for blocks
    ok = pd.Series(usable, index=pand.index)
    with_units = pand["identificatie"].isin(vbo["pand"]) | pand["identificatie"].isin(
        others["pand"]
    )
    for i in np.flatnonzero((~ok & with_units).to_numpy()).tolist():
        issues.append(
            Issue(
                sources["pand"],
                str(pand["_row"].iloc[i]),
                "geometry",
                "the building has units but no usable outline (empty, or no area after repair)",
                str(pand["identificatie"].iloc[i]),
            )
        )
    for i in np.flatnonzero((~ok & ~with_units).to_numpy()).tolist():
        report.add(
            "dropped",
            "no usable outline (empty, or no area after repair)",
            sources["pand"],
            str(pand["identificatie"].iloc[i]),
            "geometry",
        )
    if issues:
        raise InputError(issues)
    pand = pand[ok.to_numpy()].reset_index(drop=True)
    geoms = np.asarray(pand["geometry"].to_numpy(), dtype=object)
    left, right = geo.shared_walls(geoms)
    degree = pd.Series(
        geo.neighbours(len(geoms), left, right), index=pand["identificatie"].to_numpy()
    )
    pairs = pd.DataFrame(
        {"a": pand["identificatie"].to_numpy()[left], "b": pand["identificatie"].to_numpy()[right]}
    )
    built_mask = (
        pand["identificatie"].isin(vbo["pand"]) | pand["identificatie"].isin(others["pand"])
    ).to_numpy()
    idx_built = np.flatnonzero(built_mask)
    position = {int(j): k for k, j in enumerate(idx_built)}
    keep = np.isin(left, idx_built) & np.isin(right, idx_built)
    labels = geo.components(
        len(idx_built),
        np.array([position[int(a)] for a in left[keep]], dtype=int),
        np.array([position[int(b)] for b in right[keep]], dtype=int),
    )
    built = pand.iloc[idx_built].set_index("identificatie")
    homes = built.index.isin(vbo["pand"])
    residential = np.isin(labels, labels[homes])
    _, block_number = np.unique(labels[residential], return_inverse=True)
    block_of_all = pd.Series(
        [f"BLK{n + 1:04d}" for n in block_number], index=built.index[residential]
    )
    for pid in built.index[~residential]:
        report.add(
            "noted",
            "building with only non-residential units not attached to homes: left out",
            sources["pand"],
            str(pid),
        )
    housing = built.loc[homes]
    block_of = block_of_all.loc[housing.index]
    units = vbo.groupby("pand")["identificatie"].transform("count")
    area = pd.Series(
        shapely.area(np.asarray(housing["geometry"].to_numpy(), dtype=object)), index=housing.index
    )
    dwellings = pd.DataFrame(
        {
            "dwelling_id": vbo["identificatie"],
            "building_id": vbo["pand"],
            "block_id": vbo["pand"].map(block_of),
            "street": vbo["straat"],
            "house_number": vbo["huisnummer"],
            "house_letter": vbo.get("huisletter", None),
            "house_number_addition": vbo.get("toevoeging", None),
            "postcode": vbo.get("postcode", None),
            "build_year": vbo["pand"].map(housing["bouwjaar"]),
            "floor_area": vbo["oppervlakte"],
            "footprint": (vbo["pand"].map(area) / units).round(1),
            "dwelling_type": _dwelling_type(vbo, degree, pairs),
            "geometry": vbo["pand"].map(housing["geometry"]),
        }
    )
    dwellings = _with_foundation(dwellings, fnd, sources, src, raws, report)
    raws_out = {
        "dwellings": RawTable(
            f"BAG import ({Path(sources['vbo']).name} + {src.foundation.name if src.foundation else ''})",
            dwellings,
            [f"verblijfsobject {i}" for i in dwellings["dwelling_id"]],
        )
    }
    others = others[others["pand"].isin(block_of_all.index)]
    nonres_woz: pd.Series = pd.Series(dtype=float)
    if "dwelling_data" in raws:
        raws_out["dwellings"], nonres_woz = with_dwelling_data(
            raws_out["dwellings"],
            raws["dwelling_data"],
            others["identificatie"],
            report,
            outside if bbox is not None else None,
        )
    raws_out["dwellings"] = with_defaults(raws_out["dwellings"], defaults, report)
    blocks = dwellings.groupby("block_id").agg(name=("street", "first")).reset_index()
    blocks = blocks.merge(
        _non_residential_blocks(others, block_of_all, nonres_woz), "left", "block_id"
    )
    blocks["non_residential_units"] = blocks["non_residential_units"].fillna(0).astype(int)
    block_geoms: dict[str, object] = {}
    members = pd.Series(
        list(built.loc[block_of_all.index, "geometry"]), index=block_of_all.to_numpy()
    )
    for block, group in members.groupby(level=0):
        block_geoms[str(block)], found = geo.union_outline(
            list(group), str(block), "BAG import (derived blocks)"
        )
        issues.extend(found)
    if issues:
        raise InputError(issues)
    blocks["geometry"] = blocks["block_id"].map(block_geoms)
    raws_out["blocks"] = RawTable(
        "BAG import (derived blocks)", blocks, [f"block {b}" for b in blocks["block_id"]]
    )
    names = [p.name for p in src.inputs()]
    raws_out["metadata"] = RawTable(
        "BAG import",
        pd.DataFrame(
            [
                {
                    "name": name or src.label(),
                    "fictional": "false",
                    "source": "; ".join(
                        x for x in ("BAG import: " + ", ".join(names), defaulted_note(report)) if x
                    ),
                }
            ]
        ),
        ["metadata"],
    )
    report.count("dwellings", len(dwellings))
    report.count("blocks", len(blocks))
    return build_neighbourhood(load_schemas(), raws_out)


def _with_foundation(
    dwellings: pd.DataFrame,
    fnd: pd.DataFrame,
    sources: dict[str, str],
    src: BagSources,
    raws: dict[str, RawTable],
    report: ImportReport,
) -> pd.DataFrame:
    source = raws["foundation"].source
    buildings = pd.Series(dwellings["building_id"].unique())
    known = buildings.isin(fnd.index)
    report.join(
        "buildings with dwellings",
        source,
        "BAG pand id",
        int(known.sum()),
        sorted(buildings[~known].astype(str)),
    )
    unused = sorted(set(fnd.index.astype(str)) - set(buildings.astype(str)))
    report.count(
        f"foundation rows for buildings without dwellings ({Path(source).name})", len(unused)
    )
    issues = []
    rate = (
        dwellings["building_id"].map(fnd["subsidence_rate"])
        if "subsidence_rate" in fnd
        else pd.Series(np.nan, index=dwellings.index)
    )
    for bid in sorted(set(dwellings.loc[rate.isna(), "building_id"].astype(str))):
        why = "has no row" if bid not in fnd.index else "has no velocity (subsidence rate)"
        issues.append(
            Issue(
                source,
                "",
                "velocity",
                f"building {bid} (with dwellings) {why} in the foundation file; the subsidence rate is required",
                bid,
            )
        )
    if issues:
        raise InputError(issues)
    dwellings["subsidence_rate"] = rate.astype(float)
    ftype = (
        dwellings["building_id"].map(fnd["foundation_type"])
        if "foundation_type" in fnd
        else pd.Series(pd.NA, index=dwellings.index)
    )
    for bid in sorted(set(dwellings.loc[ftype.isna(), "building_id"].astype(str))):
        report.add("defaulted", "no foundation type: 'unknown'", source, bid, "foundation_type")
    dwellings["foundation_type"] = ftype.fillna("unknown")
    for col in ("enforcement_term", "damage_class", "ground_floor_level"):
        if col in fnd:
            dwellings[col] = dwellings["building_id"].map(fnd[col])
    return dwellings


#: [m] around --bbox, buildings are kept to count the walls the buildings at its edge share
BOX_MARGIN = 25.0


def _in_box(
    pand: pd.DataFrame,
    usable: np.ndarray,
    vbo: pd.DataFrame,
    bbox: tuple[float, float, float, float],
    report: ImportReport,
) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame]:
    """The neighbourhood inside ``bbox``; buildings just outside stay for their shared walls."""
    box = shapely.box(*bbox)
    geoms = np.asarray(pand["geometry"].to_numpy(), dtype=object)
    inside = shapely.intersects(geoms, box) & usable
    near = shapely.intersects(geoms, box.buffer(BOX_MARGIN)) | inside
    if not inside.any():
        raise InputError([Issue("--bbox", "", "", _empty_box(bbox, geoms[usable]))])
    ids = set(pand.loc[inside, "identificatie"])
    kept = vbo["pand"].isin(ids)
    report.count("buildings in --bbox", len(ids))
    report.count("buildings outside --bbox (left out)", int((~inside).sum()))
    report.count("units outside --bbox or without a building (left out)", int((~kept).sum()))
    return pand[near].reset_index(drop=True), usable[near], vbo[kept.to_numpy()]


def _empty_box(bbox: tuple[float, float, float, float], geoms: np.ndarray) -> str:
    """Why --bbox holds no building: lon/lat given for RD New metres, or an empty area."""
    xmin, ymin, xmax, ymax = bbox
    msg = f"no buildings inside --bbox {xmin:g},{ymin:g},{xmax:g},{ymax:g}"
    if max(abs(xmin), abs(xmax)) <= 180 and max(abs(ymin), abs(ymax)) <= 90:
        msg += ": this looks like longitude/latitude; --bbox takes RD New (EPSG:28992) metres"
    if len(geoms):
        x0, y0, x1, y1 = shapely.total_bounds(geoms)
        msg += f" (the buildings of the pand file lie within {x0:.0f},{y0:.0f},{x1:.0f},{y1:.0f})"
    return msg


def _dwelling_type(vbo: pd.DataFrame, degree: pd.Series, pairs: pd.DataFrame) -> pd.Series:
    """Heuristic when not given (docs/data.md): units per building, and the buildings it shares
    a wall with (any building of the pand file)."""
    units = vbo.groupby("pand")["identificatie"].transform("count")
    order = vbo.assign(
        _n=pd.to_numeric(vbo["huisnummer"], errors="coerce"),
        _l=vbo["huisletter"].astype("string").fillna("") if "huisletter" in vbo else "",
    )
    first = order.sort_values(["_n", "_l"], na_position="first").groupby("pand").cumcount() == 0
    touching = vbo["pand"].map(degree).fillna(0).to_numpy()
    partner = pairs.drop_duplicates("a").set_index("a")["b"]
    partner_degree = vbo["pand"].map(partner).map(degree).fillna(0).to_numpy()
    single = np.select(
        [touching >= 2, (touching == 1) & (partner_degree == 1), touching == 1],
        ["terraced_middle", "semi_detached", "terraced_end"],
        "detached",
    )
    many = np.where(first.reindex(vbo.index), "apartment_ground", "apartment_upper")
    return pd.Series(np.where(units > 1, many, single), index=vbo.index)


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
