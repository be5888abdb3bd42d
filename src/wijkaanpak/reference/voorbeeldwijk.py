"""Generate the fictional reference neighbourhood "Voorbeeldwijk" (~900 homes), deterministically.

The report (Dordrecht/NVM) tests its scenarios on a fictional neighbourhood of about 900 mostly old,
shallow-founded homes, some badly subsided. This generator builds one: a street grid near
Dordrecht in RD New, terraced blocks of 4–14 buildings (some split into ground- and upper-floor
homes), a few post-war apartment blocks, a public garden, and per dwelling foundation, subsidence,
damage, level, label, tenure, WOZ value, plus synthetic households. Same seed, same neighbourhood.

BAG ids use municipality code 9999, which does not exist, so they can never be mistaken for real
ones. Everything here is fictional; see docs/voorbeeldwijk.md for every distribution.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from shapely.ops import unary_union

from wijkaanpak.model.issues import InputError
from wijkaanpak.model.neighbourhood import Neighbourhood, build_neighbourhood
from wijkaanpak.model.schema import TableSchema
from wijkaanpak.model.validate import RawTable
from wijkaanpak.reference import dwellings as dw
from wijkaanpak.reference import households as hh
from wijkaanpak.reference.layout import ORIGIN, BlockPlan, Street, plan

SEED = 20260101
WOZ_REFERENCE_DATE = "2025-01-01"  # WOZ values for tax year 2026
MUNICIPALITY_CODE = "9999"  # fictional: no Dutch municipality has this code
VACANCY = 0.02  # share of dwellings without a household (fictional)


def _bag(kind: str, serial: np.ndarray) -> np.ndarray:
    return np.array([f"{MUNICIPALITY_CODE}{kind}{s:010d}" for s in serial], dtype=object)


def _units(building_kind: str, floors: int, footprint: float) -> list[tuple[str, float, str]]:
    """(dwelling type, floor area [m2], house letter) of the dwellings in one building."""
    if building_kind == "house":
        return [
            ("terraced_middle", round(float(np.clip(footprint * floors * 0.78, 60, 150)), 0), "")
        ]
    if building_kind == "split":
        return [
            ("apartment_ground", round(footprint * 0.85, 0), ""),
            ("apartment_upper", round(footprint * (floors - 1 + 0.4) * 0.8, 0), "A"),
        ]
    per_floor = 2 * max(1, round(footprint / 10.0 / 12.0))
    area = round(footprint / per_floor * 0.85, 0)
    letters = [chr(ord("A") + i) for i in range(per_floor * floors)]
    return [
        ("apartment_ground" if i < per_floor else "apartment_upper", area, letters[i])
        for i in range(per_floor * floors)
    ]


def _dwelling_rows(blocks: list[BlockPlan]) -> pd.DataFrame:
    rows = []
    numbers: dict[tuple[str, bool], int] = {}
    buildings = [(b, k, bl) for b in blocks for k, bl in enumerate(b.buildings)]
    buildings.sort(key=lambda t: (t[2].street, t[2].polygon.bounds[0]))
    for serial, (block, k, building) in enumerate(buildings, start=1):
        north_side = building.polygon.centroid.y > _street_y(block, building)
        key = (building.street, north_side)
        numbers[key] = numbers.get(key, 0 if north_side else -1) + 2
        units = _units(building.kind, building.floors, building.polygon.area)
        for dtype, area, letter in units:
            end = building.kind == "house" and k in (0, len(block.buildings) - 1)
            rows.append(
                {
                    "building_serial": serial,
                    "block_id": block.block_id,
                    "street": building.street,
                    "house_number": numbers[key],
                    "house_letter": letter,
                    "dwelling_type": "terraced_end" if end else dtype,
                    "floor_area": area,
                    "footprint": round(building.polygon.area / len(units), 1),
                    "plot_area": round(
                        building.polygon.area
                        * (2.1 if building.kind != "flat" else 2.0)
                        / len(units),
                        1,
                    ),
                    "geometry": building.polygon,
                    "is_flat": building.kind == "flat",
                    "column": block.column,
                    "x": building.polygon.centroid.x,
                    "y": building.polygon.centroid.y,
                }
            )
    return pd.DataFrame(rows)


def _street_y(block: BlockPlan, building: object) -> float:
    # A building faces the street at its front edge: "south"-facing rows lie north of it.
    poly = building.polygon  # type: ignore[attr-defined]
    side = building.side  # type: ignore[attr-defined]
    return float(
        poly.bounds[1] - 1.0
        if side == "south"
        else poly.bounds[3] + 1.0
        if side == "north"
        else poly.bounds[1]
    )


def _block_values(d: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Build year, foundation, subsidence and damage score per block (shared structure)."""
    first = d.groupby("block_id", sort=True).agg(
        column=("column", "first"), x=("x", "mean"), y=("y", "mean"), is_flat=("is_flat", "first")
    )
    lo_hi = np.array([dw.PERIODS[c] for c in first["column"]])
    year = rng.integers(lo_hi[:, 0], lo_hi[:, 1] + 1)
    year = np.where(first["is_flat"], rng.integers(1952, 1966, len(first)), year)
    keys = dw.period_key(year, first["is_flat"].to_numpy())
    fnd = dw.foundation(keys, rng)
    piled = ~np.char.startswith(fnd.astype(str), "no_pile")
    corner = (float(d["x"].min()), float(d["y"].min()))  # the old south-west corner
    rate = dw.subsidence(first["x"].to_numpy(), first["y"].to_numpy(), corner, piled, rng)
    score = dw.damage_score(rate, hh.YEAR - year, fnd, rng)
    inquiry_p = np.where(score >= 3.5, 0.6, np.where(score >= 2.5, 0.25, 0.0))
    inquiry = rng.random(len(first)) < inquiry_p
    term = np.where(score >= 4.5, 5, np.where(score >= 3.5, 10, 15))
    return pd.DataFrame(
        {
            "build_year": year,
            "foundation_type": fnd,
            "block_rate": rate,
            "score": score,
            "piled": piled,
            "period": keys,
            "enforcement_term": np.where(inquiry, term, -1),
        },
        index=first.index,
    )


def _dwellings(blocks: list[BlockPlan], rng: np.random.Generator) -> pd.DataFrame:
    d = _dwelling_rows(blocks)
    bv = _block_values(d, rng)
    d = d.join(bv, on="block_id")
    n = len(d)
    d["subsidence_rate"] = np.round(np.clip(d["block_rate"] + rng.normal(0, 0.3, n), 1.0, 10.0), 1)
    age = (hh.YEAR - d["build_year"]).to_numpy()
    d["damage_class"] = dw.damage_class(d["score"].to_numpy(), rng)
    d["ground_floor_level"] = dw.ground_floor_level(
        d["subsidence_rate"].to_numpy(), age, d["piled"].to_numpy(), rng
    )
    d["energy_label"] = dw.labels(d["period"].to_numpy(), rng)
    association_blocks = dw.tenure_by_block(
        len(bv), bv.index.isin(d.loc[d["is_flat"], "block_id"]), rng
    )
    association = (
        d["block_id"].map(pd.Series(association_blocks, index=bv.index)).to_numpy(dtype=bool)
    )
    d["tenure"] = dw.tenure(association, d["dwelling_type"].to_numpy(), rng)
    d["woz_value"] = dw.woz(
        d["floor_area"].to_numpy(),
        d["dwelling_type"].to_numpy(),
        d["is_flat"].to_numpy(),
        d["energy_label"].to_numpy(),
        d["damage_class"].to_numpy(),
        rng,
    )
    d["woz_reference_date"] = WOZ_REFERENCE_DATE
    d["dwelling_id"] = _bag("01", np.arange(1, n + 1))
    d["building_id"] = _bag("10", d["building_serial"].to_numpy())
    d["enforcement_term"] = d["enforcement_term"].where(d["enforcement_term"] >= 0, None)
    return d


def _households(d: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    occupied = d[rng.random(len(d)) >= VACANCY]
    own = occupied["tenure"] == "owner_occupier"
    # Owners bought at the value before the foundation damage showed (so some are now under water).
    undamaged = occupied["woz_value"] / occupied["damage_class"].map(
        dict(zip(dw.DAMAGE, dw.DAMAGE_VALUE, strict=True))
    )
    parts = [
        hh.owners(undamaged[own].to_numpy(dtype=float), rng).set_index(occupied.index[own]),
        hh.tenants(occupied.loc[~own, "tenure"].to_numpy(), rng).set_index(occupied.index[~own]),
    ]
    out = pd.concat(parts).sort_index()
    out.insert(0, "dwelling_id", occupied.loc[out.index, "dwelling_id"])
    out.insert(0, "household_id", [f"H{i:04d}" for i in range(1, len(out) + 1)])
    out["age_2"] = out["age_2"].where(out["adults"] >= 2, None)
    out["income_2"] = out["income_2"].where(out["adults"] >= 2, 0.0)
    return out.reset_index(drop=True)


def _public_space(
    streets: list[Street], parks: list[shapely.Polygon], rng: np.random.Generator
) -> pd.DataFrame:
    rows = []
    ew = unary_union([s.polygon for s in streets if s.has_homes])
    for i, s in enumerate(streets, start=1):
        poly = s.polygon if s.has_homes else s.polygon.difference(ew)
        length = (
            (s.polygon.bounds[2] - s.polygon.bounds[0])
            if s.has_homes
            else (s.polygon.bounds[3] - s.polygon.bounds[1])
        )
        verge = 6.0 * length if s.width >= 20 else 0.0
        sides = 2 if s.has_homes else 1
        rows.append(
            {
                "public_space_id": f"S{i:02d}",
                "name": s.name,
                "street_area": round(poly.area - verge, 0),
                "green_area": round(verge, 0),
                "water_area": 0.0,
                "sewer_length": round(length, 0),
                "sewer_build_year": int(rng.integers(1955, 1991)),
                "parking_spaces": int(sides * length / 5.5 * 0.75),
                "geometry": poly,
            }
        )
    for j, park in enumerate(parks, start=1):
        rows.append(
            {
                "public_space_id": f"P{j:02d}",
                "name": "Plantsoen",
                "street_area": round(0.10 * park.area, 0),
                "green_area": round(0.75 * park.area, 0),
                "water_area": round(0.15 * park.area, 0),
                "sewer_length": 0.0,
                "sewer_build_year": None,
                "parking_spaces": 0,
                "geometry": park,
            }
        )
    return pd.DataFrame(rows)


def _shops(block_ids: np.ndarray, d: pd.DataFrame) -> dict[str, np.ndarray]:
    """Shops and workshops ('overig vastgoed') on the ground floor of some pre-war terraced
    blocks: one block in eight, 1–2 units of 50–150 m² worth 1,600–2,400 EUR/m² (WOZ, fictional).
    A separate random stream, so the homes do not change with it."""
    rng = np.random.default_rng(SEED + 1)
    prewar = d.groupby("block_id")["build_year"].min().reindex(block_ids) < 1940
    pick = prewar.to_numpy() & (rng.random(len(block_ids)) < 1 / 8)
    units = np.where(pick, rng.integers(1, 3, len(block_ids)), 0)
    area = np.where(pick, np.round(units * rng.uniform(50, 150, len(block_ids)), 0), np.nan)
    value = np.round(area * rng.uniform(1_600, 2_400, len(block_ids)), -3)
    return {
        "non_residential_units": units,
        "non_residential_floor_area": area,
        "non_residential_value": value,
    }


def generate_tables(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """The Voorbeeldwijk as raw tables in the input schema (before validation)."""
    rng = np.random.default_rng(seed)
    blocks, streets, parks = plan(rng)
    d = _dwellings(blocks, rng)
    households = _households(d, rng)
    block_geom = d.groupby("block_id")["geometry"].agg(lambda g: unary_union(list(g)).buffer(0))
    block_table = pd.DataFrame(
        {
            "block_id": block_geom.index,
            "name": d.groupby("block_id")["street"].first().to_numpy(),
            **_shops(block_geom.index.to_numpy(), d),
            "geometry": block_geom.to_numpy(),
        }
    )
    block_table["name"] = [
        f"{n}, blok {b}" for n, b in zip(block_table["name"], block_table["block_id"], strict=True)
    ]
    columns = [
        "dwelling_id",
        "building_id",
        "block_id",
        "street",
        "house_number",
        "house_letter",
        "build_year",
        "floor_area",
        "footprint",
        "plot_area",
        "dwelling_type",
        "tenure",
        "woz_value",
        "woz_reference_date",
        "energy_label",
        "foundation_type",
        "damage_class",
        "enforcement_term",
        "subsidence_rate",
        "ground_floor_level",
        "geometry",
    ]
    meta = pd.DataFrame(
        [
            {
                "name": "Voorbeeldwijk",
                "buurtcode": "BU99990101",
                "municipality": "fictief (naar Dordrechts voorbeeld)",
                "fictional": True,
                "source": f"wijkaanpak.reference.voorbeeldwijk, seed {seed}: FICTIEVE gegevens",
            }
        ]
    )
    return {
        "metadata": meta,
        "blocks": block_table,
        "dwellings": d[columns],
        "households": households,
        "public_space": _public_space(streets, parks, rng),
    }


def generate(schemas: dict[str, TableSchema], seed: int = SEED) -> Neighbourhood:
    """The Voorbeeldwijk, validated through the same path as a user's import."""
    raws = {
        name: RawTable(
            f"voorbeeldwijk generator ({name})", frame, [f"row {i + 1}" for i in range(len(frame))]
        )
        for name, frame in generate_tables(seed).items()
    }
    try:
        return build_neighbourhood(schemas, raws)
    except InputError as err:  # a generator bug: say exactly where
        raise RuntimeError(f"the Voorbeeldwijk generator produced invalid data: {err}") from err


__all__ = ["ORIGIN", "SEED", "generate", "generate_tables"]
