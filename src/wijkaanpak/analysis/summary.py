"""A summary of a neighbourhood: counts and values per block, foundation, damage, tenure, label."""

from __future__ import annotations

from typing import Any

import pandas as pd

from wijkaanpak.model.neighbourhood import Neighbourhood

DAMAGE_ORDER = ["negligible", "very_slight", "slight", "moderate", "severe", "very_severe"]

#: Category orders for display (worst last / best first, as a reader expects).
ORDERS: dict[str, list[str] | None] = {
    "foundation_type": None,
    "damage_class": [*DAMAGE_ORDER, "unknown"],
    "tenure": ["owner_occupier", "private_rental", "housing_association"],
    "energy_label": ["A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G"],
    "dwelling_type": [
        "terraced_middle",
        "terraced_end",
        "semi_detached",
        "detached",
        "apartment_ground",
        "apartment_upper",
    ],
}


def counts(dwellings: pd.DataFrame, column: str) -> dict[str, int]:
    """Dwellings per category, in display order, categories with zero left out."""
    found = dwellings[column].astype("string").fillna("unknown").value_counts()
    order = ORDERS.get(column) or list(found.sort_values(ascending=False).index)
    return {str(k): int(found[k]) for k in order if k in found.index}


def per_block(nbh: Neighbourhood) -> pd.DataFrame:
    """One row per block: dwellings, buildings, main foundation, worst damage, subsidence, WOZ."""
    d = nbh.dwellings
    damage_rank = {c: i for i, c in enumerate(DAMAGE_ORDER)}
    worst = d["damage_class"].map(damage_rank).groupby(d["block_id"]).max()
    inverse = {i: c for c, i in damage_rank.items()}
    g = d.groupby("block_id")
    table = pd.DataFrame(
        {
            "dwellings": g.size(),
            "buildings": g["building_id"].nunique(),
            "build_year": g["build_year"].min(),
            "foundation_type": g["foundation_type"].agg(lambda s: s.mode().iloc[0]),
            "worst_damage": worst.map(inverse).fillna("unknown"),
            "subsidence_mm_per_yr": g["subsidence_rate"].mean().astype(float).round(1),
            "owner_occupied": (d["tenure"] == "owner_occupier").groupby(d["block_id"]).sum(),
            "woz_mean_eur": g["woz_value"].mean().astype(float).round(-3),
        }
    )
    return table.reindex(nbh.blocks.index)


def _stats(values: pd.Series) -> dict[str, float]:
    v = values.astype(float)
    return {
        "total": float(v.sum()),
        "mean": round(float(v.mean()), 0),
        "median": float(v.median()),
        "min": float(v.min()),
        "max": float(v.max()),
    }


def summarise(nbh: Neighbourhood) -> dict[str, Any]:
    """Everything ``wijkaanpak wijk`` shows, as plain data (JSON-ready)."""
    d = nbh.dwellings
    blocks = per_block(nbh)
    ps = nbh.public_space
    below = d["ground_floor_level"].astype(float) < 0
    return {
        "neighbourhood": nbh.metadata.name,
        "fictional": nbh.metadata.fictional,
        "buurtcode": nbh.metadata.buurtcode,
        "source": nbh.metadata.source,
        "dwellings": len(d),
        "blocks": len(nbh.blocks),
        "buildings": int(d["building_id"].nunique()),
        "households": len(nbh.households),
        "dwellings_per_block": {
            "min": int(blocks["dwellings"].min()),
            "median": float(blocks["dwellings"].median()),
            "max": int(blocks["dwellings"].max()),
        },
        "by_block": {str(k): int(v) for k, v in blocks["dwellings"].items()},
        "by_dwelling_type": counts(d, "dwelling_type"),
        "by_foundation_type": counts(d, "foundation_type"),
        "by_damage_class": counts(d, "damage_class"),
        "by_tenure": counts(d, "tenure"),
        "by_energy_label": counts(d, "energy_label"),
        "woz_eur": _stats(d["woz_value"]),
        "woz_reference_dates": sorted(
            d["woz_reference_date"].dt.strftime("%Y-%m-%d").dropna().unique().tolist()
        ),
        "build_year": {
            "min": int(d["build_year"].min()),
            "median": float(d["build_year"].median()),
            "max": int(d["build_year"].max()),
        },
        "subsidence_mm_per_yr": {
            "mean": round(float(d["subsidence_rate"].astype(float).mean()), 2),
            "max": float(d["subsidence_rate"].max()),
        },
        "below_street_level": int(below.sum()),
        "with_enforcement_term": int(d["enforcement_term"].notna().sum()),
        "public_space": {
            "street_area_m2": float(ps["street_area"].sum()) if len(ps) else 0.0,
            "green_area_m2": float(ps["green_area"].sum()) if len(ps) else 0.0,
            "water_area_m2": float(ps["water_area"].sum()) if len(ps) else 0.0,
            "sewer_length_m": float(ps["sewer_length"].sum()) if len(ps) else 0.0,
            "parking_spaces": int(ps["parking_spaces"].sum()) if len(ps) else 0,
        },
    }
