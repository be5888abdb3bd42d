"""Regions of the fictional national data set: soil, subsidence, building periods, foundations,
tenure and value. Every number here is an **assumption** for synthetic data — shaped after the
sources named, never calibrated to them — with the range a user might try instead.

Sources for the shapes (not the numbers): Rli, *Goed gefundeerd* (2024): about 425,000 buildings
with (future) foundation damage, concentrated on peat and clay in the west and north and along the
rivers; KCAF (Kennisinstituut voor Funderingsproblematiek), *Funderingsproblematiek in Nederland*:
wooden piles under pre-1970 buildings in the western cities, shallow foundations (op staal) under
many pre-1970 homes on clay and peat elsewhere, concrete piles after about 1970 on soft soil;
shallow foundations on sand are sound. CBS StatLine, *Voorraad woningen; eigendom, type
verhuurder, bouwjaarklasse, regio*: about 57 % owner-occupied, 29 % housing associations, 14 %
private rental (2023), and the stock by building period used below (rounded).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Building periods (first year, last year) and the national share of the stock in each.
#: *Assumption* after CBS bouwjaarklassen (rounded; each share ±3 points).
PERIODS: tuple[tuple[int, int], ...] = (
    (1860, 1905),
    (1906, 1930),
    (1931, 1944),
    (1945, 1959),
    (1960, 1970),
    (1971, 1980),
    (1981, 1990),
    (1991, 2000),
    (2001, 2010),
    (2011, 2024),
)
PERIOD_SHARE = (0.04, 0.08, 0.07, 0.09, 0.14, 0.15, 0.13, 0.11, 0.10, 0.09)

#: Foundation mixes by soil and era (FunderMaps values). *Assumption*, see the module docstring;
#: each probability ±15 points.
SOFT_OLD = {  # peat and clay, built before 1925
    "wood": 0.30,
    "wood_amsterdam": 0.08,
    "wood_rotterdam": 0.06,
    "wood_charger": 0.04,
    "no_pile_masonry": 0.22,
    "no_pile_strips": 0.18,
    "no_pile": 0.08,
    "concrete": 0.04,
}
SOFT_MID = {  # peat and clay, 1925–1970
    "wood": 0.25,
    "no_pile_strips": 0.22,
    "no_pile_concrete_floor": 0.13,
    "concrete": 0.40,
}
SOFT_NEW = {"concrete": 0.88, "no_pile_concrete_floor": 0.07, "steel_pile": 0.05}
CLAY_OLD = {
    "no_pile_masonry": 0.35,
    "no_pile_strips": 0.30,
    "no_pile": 0.10,
    "wood": 0.20,
    "concrete": 0.05,
}
CLAY_MID = {"no_pile_strips": 0.35, "no_pile_concrete_floor": 0.20, "wood": 0.05, "concrete": 0.40}
CLAY_NEW = {"concrete": 0.60, "no_pile_concrete_floor": 0.40}
SAND_OLD = {"no_pile_masonry": 0.45, "no_pile_strips": 0.50, "concrete": 0.05}
SAND_NEW = {"no_pile_concrete_floor": 0.60, "no_pile_strips": 0.25, "concrete": 0.15}


@dataclass(frozen=True)
class Region:
    """A kind of place: where it lies, how fast it sinks, what stands there."""

    key: str
    name: str  # Dutch, as shown in outputs
    share: float  # share of municipalities [-]
    box: tuple[float, float, float, float]  # where its municipalities lie, RD New [m]
    subsidence: tuple[float, float]  # a buurt's mean subsidence rate, uniform [mm/yr]
    older: float  # weight on the periods before 1945 relative to the nation [-]
    foundations: tuple[dict[str, float], dict[str, float], dict[str, float]]  # <1925, –1970, later
    woz_per_m2: float  # WOZ value of a terraced middle home per m², peildatum 2025 [EUR/m2]


#: The four regions. *Assumptions*: subsidence after the InSAR maps' broad picture (peat 2–8 mm/yr,
#: clay 1–3, sand < 1; range ±50 %), WOZ per m² after CBS's regional averages (range ±25 %).
REGIONS: tuple[Region, ...] = (
    Region(
        "west_peat",
        "West: veen en klei (Holland, Utrecht)",
        0.40,
        (75_000.0, 410_000.0, 150_000.0, 510_000.0),
        (1.5, 6.0),
        1.25,
        (SOFT_OLD, SOFT_MID, SOFT_NEW),
        4_000.0,
    ),
    Region(
        "river_clay",
        "Rivierengebied: klei",
        0.12,
        (120_000.0, 415_000.0, 210_000.0, 445_000.0),
        (1.0, 3.0),
        1.0,
        (CLAY_OLD, CLAY_MID, CLAY_NEW),
        3_200.0,
    ),
    Region(
        "north_clay_peat",
        "Noord: klei en veen (Friesland, Groningen)",
        0.13,
        (155_000.0, 545_000.0, 250_000.0, 600_000.0),
        (1.0, 4.0),
        1.15,
        (SOFT_OLD, CLAY_MID, SOFT_NEW),
        2_600.0,
    ),
    Region(
        "sand",
        "Oost en zuid: zand",
        0.35,
        (140_000.0, 330_000.0, 255_000.0, 520_000.0),
        (0.2, 1.0),
        0.85,
        (SAND_OLD, SAND_OLD, SAND_NEW),
        3_100.0,
    ),
)

#: Housing-association share of a buurt by era of its dominant period; private rental share of
#: the other homes (upper flats more). *Assumption* tuned so that the national mix comes out near
#: CBS 2023 (57 / 29 / 14 %); each ±10 points.
ASSOCIATION_BY_ERA = (0.20, 0.42, 0.30, 0.15)  # before 1945, 1945–1970, 1971–1990, after 1990
PRIVATE_RENTAL = (0.16, 0.40)  # other homes, upper flats

#: Energy labels by era (EP-online's picture, rounded). *Assumption*, each ±10 points.
LABELS_BY_ERA: tuple[dict[str, float], ...] = (
    {"A": 0.03, "B": 0.05, "C": 0.12, "D": 0.17, "E": 0.21, "F": 0.20, "G": 0.22},
    {"A": 0.05, "B": 0.08, "C": 0.22, "D": 0.23, "E": 0.20, "F": 0.13, "G": 0.09},
    {"A": 0.10, "B": 0.20, "C": 0.35, "D": 0.18, "E": 0.10, "F": 0.05, "G": 0.02},
    {"A+++": 0.08, "A++": 0.12, "A+": 0.15, "A": 0.40, "B": 0.17, "C": 0.08},
)


def era(year: int) -> int:
    """0 before 1945, 1 to 1970, 2 to 1990, 3 after."""
    return 0 if year < 1945 else 1 if year <= 1970 else 2 if year <= 1990 else 3


def foundation_era(year: int) -> int:
    """0 before 1925, 1 to 1970, 2 after (concrete piles on soft soil)."""
    return 0 if year < 1925 else 1 if year <= 1970 else 2
