"""Dwelling attributes of the Voorbeeldwijk (fictional): period, foundation, subsidence, damage,
level, label, tenure and WOZ value. Every distribution here is an *assumption* chosen to be
plausible for a 1900–1965 Dordrecht neighbourhood; docs/voorbeeldwijk.md lists them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Build period per superblock column (west is oldest). [yr]
PERIODS = {0: (1905, 1925), 1: (1910, 1930), 2: (1925, 1940), 3: (1930, 1950), 4: (1950, 1965)}

#: Foundation types per build period (FunderMaps values) with probabilities.
FOUNDATIONS = {
    "pre1930": {
        "no_pile_masonry": 0.30,
        "no_pile_strips": 0.25,
        "no_pile": 0.12,
        "no_pile_slit": 0.05,
        "wood": 0.20,
        "wood_charger": 0.08,
    },
    "1930-1945": {
        "no_pile_strips": 0.45,
        "no_pile_concrete_floor": 0.20,
        "wood": 0.25,
        "concrete": 0.10,
    },
    "post1945": {
        "no_pile_concrete_floor": 0.40,
        "no_pile_strips": 0.25,
        "concrete": 0.30,
        "wood": 0.05,
    },
    "flat": {"concrete": 0.6, "wood": 0.4},
}

#: Energy labels by period: pre-war homes are mostly E–G.
LABELS = ("A", "B", "C", "D", "E", "F", "G")
LABEL_P = {
    "prewar": (0.01, 0.03, 0.07, 0.12, 0.22, 0.25, 0.30),
    "postwar": (0.03, 0.05, 0.12, 0.20, 0.25, 0.20, 0.15),
}
LABEL_VALUE = dict(zip(LABELS, (1.08, 1.06, 1.04, 1.02, 1.0, 0.98, 0.96), strict=True))

#: Burland & Wroth damage classes, 0–5.
DAMAGE = ("negligible", "very_slight", "slight", "moderate", "severe", "very_severe")
#: Value factor by damage class (a foundation-risk discount on the WOZ value). *Assumption.*
DAMAGE_VALUE = (1.0, 1.0, 0.97, 0.92, 0.85, 0.75)

#: WOZ value per m² floor area at peildatum 2025-01-01 by dwelling type. [EUR/m2] *Assumption*
#: for modest pre-1965 homes in Dordrecht (range ±20 %).
WOZ_PER_M2 = {
    "terraced_middle": 3050.0,
    "terraced_end": 3150.0,
    "apartment_ground": 2900.0,
    "apartment_upper": 2700.0,
}
FLAT_WOZ_PER_M2 = 2550.0

#: Worst subsided corner of the neighbourhood (south-west, the oldest part), RD New [m], and the bump's radius [m].
CORNER_RADIUS = 220.0


def period_key(year: np.ndarray, is_flat: np.ndarray) -> np.ndarray:
    key = np.where(year < 1930, "pre1930", np.where(year < 1945, "1930-1945", "post1945"))
    return np.where(is_flat, "flat", key)


def foundation(keys: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = np.empty(len(keys), dtype=object)
    for key, table in FOUNDATIONS.items():
        mask = keys == key
        out[mask] = rng.choice(list(table), size=int(mask.sum()), p=list(table.values()))
    return out


def subsidence(
    x: np.ndarray,
    y: np.ndarray,
    corner: tuple[float, float],
    piled: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Subsidence rate [mm/yr]: 1.5–3.5 background, up to ~10 in the corner; piles sink less."""
    d = np.hypot(x - corner[0], y - corner[1])
    rate = rng.uniform(1.5, 3.5, len(x)) + 7.0 * np.exp(-((d / CORNER_RADIUS) ** 2))
    rate = np.where(piled, 1.0 + 0.35 * (rate - 1.0), rate)
    return np.round(np.clip(rate, 1.0, 10.0), 1)


def damage_score(
    rate: np.ndarray, age: np.ndarray, fnd: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """A block-level damage score; rounded and clipped it is the Burland class."""
    shallow = np.char.startswith(fnd.astype(str), "no_pile")
    wood = np.char.startswith(fnd.astype(str), "wood")
    score = np.where(
        shallow, 0.45 * rate + age / 70.0, np.where(wood, 0.25 * rate + age / 45.0, 0.1 * rate)
    )
    return score - 1.2 + rng.normal(0.0, 0.8, len(rate))


def damage_class(score: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    cls = np.clip(np.round(score + rng.normal(0.0, 0.45, len(score))), 0, 5).astype(int)
    return np.asarray(np.array(DAMAGE, dtype=object)[cls])


def ground_floor_level(
    rate: np.ndarray, age: np.ndarray, piled: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Ground floor relative to the street [m]: shallow homes sink with the soil while the street
    is raised again and again; piled homes stay put."""
    start = rng.normal(0.25, 0.05, len(rate))
    sink = np.where(piled, 0.0, 0.5 * rate * age / 1000.0)
    return np.round(start - sink, 2)


def labels(keys: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    prewar = np.isin(keys, ["pre1930", "1930-1945"])
    out = np.empty(len(keys), dtype=object)
    for name, mask in (("prewar", prewar), ("postwar", ~prewar)):
        out[mask] = rng.choice(LABELS, size=int(mask.sum()), p=LABEL_P[name])
    return out


def woz(
    floor_area: np.ndarray,
    dtype: np.ndarray,
    is_flat: np.ndarray,
    label: np.ndarray,
    damage: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    per_m2 = np.where(
        is_flat, FLAT_WOZ_PER_M2, pd.Series(dtype).map(WOZ_PER_M2).to_numpy(dtype=float)
    )
    dmg = pd.Series(damage).map(dict(zip(DAMAGE, DAMAGE_VALUE, strict=True))).to_numpy(dtype=float)
    lab = pd.Series(label).map(LABEL_VALUE).to_numpy(dtype=float)
    value = floor_area * per_m2 * dmg * lab * rng.lognormal(0.0, 0.06, len(floor_area))
    return np.round(value, -3)


def tenure_by_block(
    n_blocks: int, block_is_flat: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """True where a housing association owns the whole block (all flats, ~15 % of terraced blocks)."""
    return block_is_flat | (rng.random(n_blocks) < 0.15)


def tenure(association: np.ndarray, dtype: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    upper = dtype == "apartment_upper"
    p_rent = np.where(upper, 0.45, 0.22)
    private = rng.random(len(dtype)) < p_rent
    return np.where(
        association, "housing_association", np.where(private, "private_rental", "owner_occupier")
    )
