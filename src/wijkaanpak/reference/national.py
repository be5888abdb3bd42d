"""A synthetic national data set — **fictional** — for screening tests and benchmarks.

``wijkaanpak generate-national --buurten N [--seed S] --out DIR`` writes N buurten (CBS-style
codes ``BU9xxxwwbb`` of fictional municipalities 9000–9998; real codes stay below 2000) as
GeoParquet partitioned by buurt code, one buurt at a time, so memory stays bounded from ten buurten
to ≈ 14,000 (≈ 8 M dwellings):

``DIR/buurten.parquet``                              one row per buurt (name, municipality, region,
                                                      counts, outline; ``fictional`` = true)
``DIR/<table>/buurtcode=<code>/part-0.parquet``     ``dwellings``, ``blocks``, ``households``,
                                                      ``public_space`` in the project's schema

Each buurt is a window onto the Voorbeeldwijk's street layout (whole superblocks, repeated when the
buurt is larger), moved to a place in its region; every attribute — building year, foundation,
subsidence, damage, enforcement term, level, label, tenure, WOZ value, households — is drawn anew
from the region's distributions (:mod:`wijkaanpak.reference.regions`, all labelled assumptions).
Households are written for a share of the buurten only (personal data is rarely at hand when a
province screens); ``--without-blocks`` leaves the blocks (and the dwellings' block ids) out, as in a BAG extract.
Same ``--buurten`` and ``--seed``, same files.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from wijkaanpak.model.schema import CRS
from wijkaanpak.reference import dwellings as dw
from wijkaanpak.reference import regions as rg
from wijkaanpak.reference.layout import ORIGIN
from wijkaanpak.reference.voorbeeldwijk import SEED, _households, generate_tables

TABLES = ("dwellings", "blocks", "households", "public_space")
PER_MUNICIPALITY = 40  # buurten per municipality (the Netherlands: ≈ 14,000 in 342)
MEDIAN_DWELLINGS = 420  # a buurt's dwellings: lognormal, median 420, σ 0.75 → mean ≈ 560
SIGMA_DWELLINGS = 0.75
TILE_WIDTH = 640.0  # [m] a repeated layout's offset east
WOZ_DATE = dt.date(2025, 1, 1)
FICTIONAL_NOTE = "FICTIEVE gegevens / FICTIONAL data (wijkaanpak generate-national)"
_STEMS = (
    "Aal",
    "Berk",
    "Dors",
    "Eem",
    "Gaas",
    "Hoef",
    "Ker",
    "Lin",
    "Mar",
    "Ooster",
    "Ril",
    "Zwan",
)
_ENDS = ("veen", "dam", "dijk", "wijk", "broek", "horst", "loo", "hoven", "zand", "kerk", "mond")
_PARTS = ("Centrum", "Noord", "Oost", "Zuid", "West", "Haven", "Park", "Dorp", "Kade", "Polder")


@dataclass(frozen=True)
class Template:
    """The Voorbeeldwijk's layout, by superblock (the unit a buurt window takes)."""

    dwellings: pd.DataFrame  # layout columns + ``superblock`` and ``is_flat``
    blocks: pd.DataFrame  # block_id, geometry, superblock
    public_space: pd.DataFrame
    superblocks: tuple[str, ...]
    dwelling_rows: dict[str, np.ndarray]  # superblock → row positions
    block_rows: dict[str, np.ndarray]


@cache
def template() -> Template:
    """The layout of the Voorbeeldwijk (seed 20260101), made once per process."""
    t = generate_tables(SEED)
    layout = [
        "dwelling_id", "building_id", "block_id", "street", "house_number", "house_letter",
        "dwelling_type", "floor_area", "footprint", "plot_area", "geometry",
    ]  # fmt: skip
    d = t["dwellings"][layout].copy()
    d["superblock"] = d["block_id"].str[1:3]
    d["serial"] = d["dwelling_id"].str[6:].astype(int)
    d["building_serial"] = d["building_id"].str[6:].astype(int)
    units = d.groupby("building_id")["dwelling_id"].transform("size")
    d["is_flat"] = units > 2
    blocks = t["blocks"][["block_id", "geometry"]].copy()
    blocks["superblock"] = blocks["block_id"].str[1:3]
    return Template(
        d,
        blocks,
        t["public_space"],
        tuple(sorted(d["superblock"].unique())),
        {str(k): np.asarray(v) for k, v in d.groupby("superblock").indices.items()},
        {str(k): np.asarray(v) for k, v in blocks.groupby("superblock").indices.items()},
    )


@dataclass(frozen=True)
class Buurt:
    """One buurt of the national set, before its data are drawn."""

    index: int
    code: str
    name: str
    municipality_code: int
    municipality: str
    region: rg.Region
    target: int  # dwellings aimed at (whole superblocks give a few more) [-]
    period: int  # index into regions.PERIODS of its dominant building period
    households: bool
    origin: tuple[float, float]  # RD New [m]


def _municipality_name(m: int) -> str:
    return f"{_STEMS[m % len(_STEMS)]}{_ENDS[(m // len(_STEMS)) % len(_ENDS)]}" + (
        f" {m // (len(_STEMS) * len(_ENDS)) + 1}" if m >= len(_STEMS) * len(_ENDS) else ""
    )


def _period(region: rg.Region, rng: np.random.Generator) -> int:
    weight = np.array(rg.PERIOD_SHARE) * np.where(
        np.array([lo < 1945 for lo, _ in rg.PERIODS]), region.older, 1.0
    )
    return int(rng.choice(len(rg.PERIODS), p=weight / weight.sum()))


def buurten(
    n: int, seed: int, households_share: float = 0.25, median: int = MEDIAN_DWELLINGS
) -> Iterator[Buurt]:
    """The buurten of a national set of ``n``, in order (deterministic)."""
    if n < 1:
        msg = f"the number of buurten must be at least 1, got {n}"
        raise ValueError(msg)
    municipalities = max(min(n, 4), round(n / PER_MUNICIPALITY))
    shares = np.array([r.share for r in rg.REGIONS])
    for i in range(n):
        m, j = i % municipalities, i // municipalities
        mrng = np.random.default_rng([seed, 1_000_000 + m])
        region = rg.REGIONS[m] if m < len(rg.REGIONS) else rg.REGIONS[mrng.choice(4, p=shares)]
        x0, y0, x1, y1 = region.box
        centre = (float(mrng.uniform(x0, x1)), float(mrng.uniform(y0, y1)))
        rng = np.random.default_rng([seed, i])
        target = int(np.clip(rng.lognormal(np.log(median), SIGMA_DWELLINGS), 20, 4000))
        code = 9000 + m
        name = _municipality_name(m)
        yield Buurt(
            index=i,
            code=f"BU{code:04d}{j // 10:02d}{j % 10:02d}",
            name=f"{name}-{_PARTS[j % len(_PARTS)]} {j // len(_PARTS) + 1}",
            municipality_code=code,
            municipality=f"{name} (fictief)",
            region=region,
            target=target,
            period=_period(region, rng),
            households=bool(rng.random() < households_share),
            origin=(centre[0] + (j % 5) * 3500.0, centre[1] + (j // 5) * 700.0),
        )


def _window(b: Buurt, rng: np.random.Generator) -> list[tuple[int, str]]:
    """(copy, superblock) pairs: consecutive superblocks from a random start until the target."""
    t = template()
    sizes = t.dwellings.groupby("superblock").size()
    start, taken = int(rng.integers(len(t.superblocks))), 0
    out: list[tuple[int, str]] = []
    while taken < b.target:
        k = start + len(out)
        sb = t.superblocks[k % len(t.superblocks)]
        out.append((k // len(t.superblocks), sb))
        taken += int(sizes[sb])
    return out


def _moved(geoms: np.ndarray, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    shift = np.repeat(np.column_stack([dx, dy]), shapely.get_num_coordinates(geoms), axis=0)
    return np.asarray(shapely.transform(geoms, lambda xy: xy + shift), dtype=object)


def _layout(b: Buurt, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The buurt's dwellings (layout columns) and blocks, moved into place with their ids."""
    t = template()
    window = _window(b, rng)
    frames = []
    for table, rows in ((t.dwellings, t.dwelling_rows), (t.blocks, t.block_rows)):
        picks = [rows[sb] for _, sb in window]
        frame = table.iloc[np.concatenate(picks)].reset_index(drop=True)
        frame["copy"] = np.repeat([c for c, _ in window], [len(p) for p in picks])
        frames.append(frame)
    d, blocks = frames
    for frame in (d, blocks):
        suffix = np.where(frame["copy"] > 0, "." + frame["copy"].astype(str), "")
        frame["block_id"] = frame["block_id"].astype(str) + suffix
        dx = b.origin[0] - ORIGIN[0] + frame["copy"].to_numpy() * TILE_WIDTH
        dy = np.full(len(frame), b.origin[1] - ORIGIN[1])
        frame["geometry"] = _moved(frame["geometry"].to_numpy(dtype=object), dx, dy)
    streets = np.where(d["copy"] > 0, " " + (d["copy"] + 1).astype(str), "")
    d["street"] = d["street"].astype(str) + streets
    return d, blocks


def _choice(table: dict[str, float], n: int, rng: np.random.Generator) -> np.ndarray:
    p = np.array(list(table.values()))
    return np.asarray(rng.choice(list(table), size=n, p=p / p.sum()), dtype=object)


def _block_attributes(
    b: Buurt, blocks: pd.DataFrame, d: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Per block: build year, foundation, subsidence, damage score, enforcement term, tenure."""
    n = len(blocks)
    flat = blocks["block_id"].map(d.groupby("block_id")["is_flat"].any()).to_numpy(dtype=bool)
    shift = rng.choice([-1, 0, 0, 0, 0, 1], size=n)
    period = np.clip(b.period + shift, 0, len(rg.PERIODS) - 1)
    lo = np.array([rg.PERIODS[p][0] for p in period])
    hi = np.array([rg.PERIODS[p][1] for p in period])
    year = rng.integers(lo, hi + 1)
    year = np.where(flat & (year < 1950), rng.integers(1950, 1976, n), year)
    fnd = np.empty(n, dtype=object)
    eras = np.array([rg.foundation_era(int(y)) for y in year])
    for e, table in enumerate(b.region.foundations):
        pick = eras == e
        fnd[pick] = _choice(table, int(pick.sum()), rng)
    piled = ~np.char.startswith(fnd.astype(str), "no_pile")
    mean = rng.uniform(*b.region.subsidence)
    rate = mean * rng.lognormal(0.0, 0.3, n)
    rate = np.round(np.clip(np.where(piled, 0.35 * rate, rate), 0.0, 15.0), 1)
    score = dw.damage_score(rate, 2026 - year, fnd, rng)
    inquiry = rng.random(n) < np.where(score >= 3.5, 0.6, np.where(score >= 2.5, 0.25, 0.0))
    term = np.where(score >= 4.5, 5, np.where(score >= 3.5, 10, 15))
    association = rng.random(n) < np.where(
        flat, 0.6, rg.ASSOCIATION_BY_ERA[rg.era(rg.PERIODS[b.period][0])]
    )
    return pd.DataFrame(
        {
            "build_year": year,
            "foundation_type": fnd,
            "block_rate": rate,
            "score": score,
            "piled": piled,
            "enforcement_term": np.where(inquiry, term, -1),
            "association": association,
        },
        index=blocks["block_id"].to_numpy(),
    )


def _dwellings(
    b: Buurt, d: pd.DataFrame, blocks: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    bv = _block_attributes(b, blocks, d, rng)
    d = d.join(bv, on="block_id")
    n = len(d)
    rate = np.round(
        np.clip(d["block_rate"] + rng.normal(0, 0.3, n) * (d["block_rate"] > 0), 0, 15), 1
    )
    age = 2026 - d["build_year"].to_numpy()
    labels = np.empty(n, dtype=object)
    eras = np.array([rg.era(int(y)) for y in d["build_year"]])
    for e, table in enumerate(rg.LABELS_BY_ERA):
        pick = eras == e
        labels[pick] = _choice(table, int(pick.sum()), rng)
    damage = dw.damage_class(d["score"].to_numpy(), rng)
    upper = d["dwelling_type"].to_numpy() == "apartment_upper"
    private = rng.random(n) < np.where(upper, rg.PRIVATE_RENTAL[1], rg.PRIVATE_RENTAL[0])
    tenure = np.where(
        d["association"],
        "housing_association",
        np.where(private, "private_rental", "owner_occupier"),
    )
    per_m2 = (
        np.where(d["is_flat"], 2550.0, d["dwelling_type"].map(dw.WOZ_PER_M2).to_numpy(dtype=float))
        / 3050.0
        * b.region.woz_per_m2
    )
    label_value = pd.Series(labels).map(dw.LABEL_VALUE).fillna(1.10).to_numpy(dtype=float)
    damage_value = pd.Series(damage).map(dict(zip(dw.DAMAGE, dw.DAMAGE_VALUE, strict=True)))
    era_value = np.array([1.0, 0.95, 1.0, 1.1])[eras]
    woz = d["floor_area"].to_numpy() * per_m2 * label_value * damage_value.to_numpy() * era_value
    j = int(b.code[6:10])
    gm = f"{b.municipality_code:04d}"
    dwelling_serial = j * 1_000_000 + d["serial"].to_numpy() + d["copy"].to_numpy() * 1000
    building_serial = j * 1_000_000 + d["building_serial"].to_numpy() + d["copy"].to_numpy() * 1000
    return pd.DataFrame(
        {
            "dwelling_id": [f"{gm}01{s:010d}" for s in dwelling_serial],
            "building_id": [f"{gm}10{s:010d}" for s in building_serial],
            "block_id": d["block_id"].to_numpy(),
            "street": d["street"].to_numpy(),
            "house_number": d["house_number"].to_numpy(),
            "house_letter": d["house_letter"].replace("", None).to_numpy(),
            "build_year": d["build_year"].to_numpy(),
            "floor_area": d["floor_area"].to_numpy(dtype=float),
            "footprint": d["footprint"].to_numpy(dtype=float),
            "plot_area": d["plot_area"].to_numpy(dtype=float),
            "dwelling_type": d["dwelling_type"].to_numpy(),
            "tenure": tenure,
            "woz_value": np.maximum(np.round(woz * rng.lognormal(0.0, 0.08, n), -3), 1000.0),
            "woz_reference_date": [WOZ_DATE] * n,
            "energy_label": labels,
            "foundation_type": d["foundation_type"].to_numpy(),
            "damage_class": damage,
            "enforcement_term": np.where(d["enforcement_term"] >= 0, d["enforcement_term"], np.nan),
            "subsidence_rate": rate,
            "ground_floor_level": np.clip(
                dw.ground_floor_level(rate, age, d["piled"].to_numpy(), rng), -3.0, 3.0
            ),
            "geometry": d["geometry"].to_numpy(),
        }
    )


def _blocks(blocks: pd.DataFrame, d: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Blocks with a name and, on one pre-war block in eight, 1–2 shops or workshops of 50–150 m²
    worth 1,600–2,400 EUR/m² (as in the Voorbeeldwijk; fictional)."""
    n = len(blocks)
    first = d.groupby("block_id").agg(street=("street", "first"), year=("build_year", "min"))
    first = first.reindex(blocks["block_id"])
    pick = (first["year"].to_numpy() < 1940) & (rng.random(n) < 1 / 8)
    units = np.where(pick, rng.integers(1, 3, n), 0)
    area = np.where(pick, np.round(units * rng.uniform(50, 150, n), 0), np.nan)
    return pd.DataFrame(
        {
            "block_id": blocks["block_id"].to_numpy(),
            "name": [
                f"{s}, blok {b}" for s, b in zip(first["street"], blocks["block_id"], strict=True)
            ],
            "non_residential_units": units,
            "non_residential_floor_area": area,
            "non_residential_value": np.round(area * rng.uniform(1_600, 2_400, n), -3),
            "geometry": blocks["geometry"].to_numpy(),
        }
    )


def _public_space(b: Buurt, dwellings: int, rng: np.random.Generator) -> pd.DataFrame:
    """The Voorbeeldwijk's streets and park scaled to the buurt's number of dwellings (areas,
    sewer length, parking; no outlines), sewers laid after the buurt's period began."""
    ps = template().public_space.drop(columns="geometry").copy()
    f = dwellings / len(template().dwellings)
    for col in ("street_area", "green_area", "water_area", "sewer_length"):
        ps[col] = np.round(ps[col].astype(float) * f, 0)
    ps["parking_spaces"] = np.round(ps["parking_spaces"].astype(float) * f).astype(int)
    first = max(1950, rg.PERIODS[b.period][0])
    years = rng.integers(first, max(first + 1, 2021), len(ps))
    ps["sewer_build_year"] = np.where(ps["sewer_length"] > 0, years, np.nan)
    return ps


def generate_buurt(b: Buurt, seed: int) -> dict[str, pd.DataFrame]:
    """The buurt's tables in the project's schema (``households`` only when it has them)."""
    rng = np.random.default_rng([seed, b.index, 1])
    layout, blocks = _layout(b, rng)
    d = _dwellings(b, layout, blocks, rng)
    out = {"dwellings": d, "blocks": _blocks(blocks, d, rng)}
    if b.households:
        hh = _households(d, rng)
        hh["household_id"] = b.code + "-" + hh["household_id"].astype(str)
        out["households"] = hh
    out["public_space"] = _public_space(b, len(d), rng)
    return out


def _write(frame: pd.DataFrame, path: Path) -> None:
    """One Parquet file, whole or not at all (written beside it, then moved into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(path.name + ".tmp")
    if "geometry" in frame:
        gpd.GeoDataFrame(frame, geometry="geometry", crs=CRS).to_parquet(staged, index=False)
    else:
        frame.to_parquet(staged, index=False)
    os.replace(staged, path)


def _write_buurt(b: Buurt, out: Path, seed: int, with_blocks: bool) -> dict[str, Any]:
    """Generate and write one buurt; return its row of ``buurten.parquet``."""
    tables = generate_buurt(b, seed)
    for name, frame in tables.items():
        if not with_blocks and name == "blocks":
            continue
        if not with_blocks and name == "dwellings":  # as in a BAG extract: no block ids either
            frame = frame.drop(columns="block_id")
        _write(frame, out / name / f"buurtcode={b.code}" / "part-0.parquet")
    d = tables["dwellings"]
    return {
        "buurtcode": b.code,
        "name": b.name,
        "municipality": b.municipality,
        "municipality_code": f"GM{b.municipality_code:04d}",
        "region": b.region.key,
        "region_name": b.region.name,
        "dwellings": len(d),
        "households": len(tables.get("households", ())),
        "households_known": b.households,
        "fictional": True,
        "source": f"{FICTIONAL_NOTE}, seed {seed}",
        "geometry": shapely.envelope(shapely.union_all(d["geometry"].to_numpy())),
    }


def write_national(
    out: Path,
    n: int,
    seed: int = SEED,
    households_share: float = 0.25,
    with_blocks: bool = True,
    workers: int = 1,
    median: int = MEDIAN_DWELLINGS,
) -> dict[str, int]:
    """Write the national set to ``out``, one buurt at a time (``workers`` processes); return the
    counts. Each buurt draws from its own random stream, so the files do not depend on
    ``workers``."""
    out.mkdir(parents=True, exist_ok=True)
    todo = list(buurten(n, seed, households_share, median))
    write = partial(_write_buurt, out=out, seed=seed, with_blocks=with_blocks)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            rows = list(pool.map(write, todo, chunksize=8))
    else:
        rows = [write(b) for b in todo]
    table = pd.DataFrame(rows)
    _write(table, out / "buurten.parquet")
    dwellings, households = int(table["dwellings"].sum()), int(table["households"].sum())
    (out / "LEESMIJ-FICTIEF.txt").write_text(
        f"{FICTIONAL_NOTE}\n{n} buurten, {dwellings} woningen, seed {seed}.\n"
        "Gemeentecodes 9000-9998 en BAG-id's met die codes bestaan niet.\n",
        "utf-8",
    )
    return {"buurten": n, "dwellings": dwellings, "households": households}
