"""Street grid, blocks and buildings of the Voorbeeldwijk (fictional), in RD New metres.

The neighbourhood is a grid of ``ROWS × COLUMNS`` superblocks between streets. Each superblock
holds two rows of terraced buildings back to back (the north row faces the street to its north,
the south row the street to its south), with gardens between them; a few superblocks hold small
post-war apartment blocks (portiekflats) instead, and one is a public garden (plantsoen).

Dimensions (all *assumptions* for a fictional 1900–1965 Dutch inner-city neighbourhood):
street width 12 m for residential streets and 24 m for the avenue with a green verge, 16 m for the
cross streets (typical Dutch profiles: pavements, parking lanes, carriageway); building frontage
5.0–6.4 m; building depth 8.5–10 m; garden depth 9–13 m; blocks of 4–14 buildings separated by
1.5 m back-alley passages (brandgangen).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from shapely.geometry import Polygon, box

#: South-west corner of the neighbourhood, RD New. [m] Fictional, placed near Dordrecht.
ORIGIN = (104_800.0, 423_400.0)
ROWS, COLUMNS = 5, 5
SUPERBLOCK_WIDTH = 98.0  # [m] east-west
EW_STREET_WIDTH = 12.0  # [m]
AVENUE_WIDTH = 24.0  # [m] the middle east-west street (Singel)
NS_STREET_WIDTH = 16.0  # [m]
ALLEY = 1.5  # [m]
PARK = (2, 2)  # (row, column) of the public garden
FLATS = ((1, 4), (3, 4))  # superblocks with apartment blocks (east side, post-war)

EW_STREETS = (
    "Populierstraat",
    "Kastanjestraat",
    "Iepenstraat",
    "Singel",
    "Berkenstraat",
    "Lindestraat",
)
NS_STREETS = (
    "Molendwarsstraat",
    "Kerkdwarsstraat",
    "Schooldwarsstraat",
    "Havendwarsstraat",
    "Dijkdwarsstraat",
    "Veerdwarsstraat",
)


@dataclass
class Building:
    """One building (BAG pand) with the street it faces."""

    polygon: Polygon
    street: str
    side: str  # "north" or "south" side of the street it faces
    kind: str  # "house", "split" (beneden-/bovenwoning) or "flat"
    floors: int = 2


@dataclass
class BlockPlan:
    """A block: attached buildings that share structure."""

    block_id: str
    row: int
    column: int
    buildings: list[Building] = field(default_factory=list)


@dataclass
class Street:
    name: str
    polygon: Polygon
    width: float
    has_homes: bool


def _ew_street_y(rows_heights: list[float]) -> list[tuple[float, float]]:
    """(south y, width) of each east-west street, from south to north."""
    y = ORIGIN[1]
    out = []
    for i in range(ROWS + 1):
        width = AVENUE_WIDTH if i == ROWS // 2 + 1 else EW_STREET_WIDTH
        out.append((y, width))
        if i < ROWS:
            y += width + rows_heights[i]
    return out


def _split(n: int, rng: np.random.Generator) -> list[int]:
    """Split a row of ``n`` buildings into blocks of 4–14 buildings (as equal as chance allows)."""
    sizes: list[int] = []
    left = n
    while left > 14:
        size = int(rng.integers(6, 13))
        size = min(size, left - 4)
        sizes.append(size)
        left -= size
    sizes.append(left)
    return sizes


def _row_of_houses(
    x0: float,
    width: float,
    y_front: float,
    facing: str,
    street: str,
    kind: str,
    rng: np.random.Generator,
) -> list[list[Building]]:
    """Buildings along one street front, grouped into blocks separated by alleys."""
    depth = float(rng.uniform(8.5, 10.0))
    sizes = _split(int(width // rng.uniform(5.0, 6.4)), rng)
    frontage = (width - (len(sizes) - 1) * ALLEY) / sum(sizes)
    y1, y2 = (y_front - depth, y_front) if facing == "north" else (y_front, y_front + depth)
    floors = int(rng.choice([2, 2, 3]))
    blocks: list[list[Building]] = []
    x = x0
    for size in sizes:
        blocks.append(
            [
                Building(
                    box(x + i * frontage, y1, x + (i + 1) * frontage, y2),
                    street,
                    facing,
                    kind,
                    floors,
                )
                for i in range(size)
            ]
        )
        x += size * frontage + ALLEY
    return blocks


def _flats(
    x0: float,
    width: float,
    y0: float,
    height: float,
    street_n: str,
    street_s: str,
    rng: np.random.Generator,
) -> list[list[Building]]:
    """Two or three portiekflats per superblock, each its own block (one building)."""
    out = []
    count = int(rng.integers(2, 4))
    length = (width - (count + 1) * 8.0) / count
    for k in range(count):
        xa = x0 + 8.0 + k * (length + 8.0)
        ya = y0 + height / 2 - 5.0 + (6.0 if k % 2 else -6.0)
        street = street_n if k % 2 else street_s
        out.append(
            [
                Building(
                    box(xa, ya, xa + length, ya + 10.0),
                    street,
                    "flat",
                    "flat",
                    floors=int(rng.integers(3, 5)),
                )
            ]
        )
    return out


def plan(rng: np.random.Generator) -> tuple[list[BlockPlan], list[Street], list[Polygon]]:
    """Blocks with their buildings, the streets, and the park polygon(s)."""
    depths = [float(rng.uniform(8.5, 10.0) + rng.uniform(9.0, 13.0)) for _ in range(ROWS)]
    heights = [2 * d for d in depths]
    ew = _ew_street_y(heights)
    x_cols = [
        ORIGIN[0] + NS_STREET_WIDTH + c * (SUPERBLOCK_WIDTH + NS_STREET_WIDTH)
        for c in range(COLUMNS)
    ]
    total_w = COLUMNS * (SUPERBLOCK_WIDTH + NS_STREET_WIDTH) + NS_STREET_WIDTH
    total_h = ew[-1][0] + ew[-1][1] - ORIGIN[1]
    streets = [
        Street(EW_STREETS[i], box(ORIGIN[0], y, ORIGIN[0] + total_w, y + w), w, True)
        for i, (y, w) in enumerate(ew)
    ]
    streets += [
        Street(
            NS_STREETS[c],
            box(
                ORIGIN[0] + c * (SUPERBLOCK_WIDTH + NS_STREET_WIDTH),
                ORIGIN[1],
                ORIGIN[0] + c * (SUPERBLOCK_WIDTH + NS_STREET_WIDTH) + NS_STREET_WIDTH,
                ORIGIN[1] + total_h,
            ),
            NS_STREET_WIDTH,
            False,
        )
        for c in range(COLUMNS + 1)
    ]
    blocks: list[BlockPlan] = []
    parks: list[Polygon] = []
    for r in range(ROWS):
        y_s = ew[r][0] + ew[r][1]  # north edge of the street south of this superblock
        y_n = ew[r + 1][0]  # south edge of the street north of it
        for c in range(COLUMNS):
            x0 = x_cols[c]
            if (r, c) == PARK:
                parks.append(box(x0, y_s, x0 + SUPERBLOCK_WIDTH, y_n))
                continue
            if (r, c) in FLATS:
                groups = _flats(
                    x0, SUPERBLOCK_WIDTH, y_s, y_n - y_s, EW_STREETS[r + 1], EW_STREETS[r], rng
                )
            else:
                kind = "split" if c <= 1 and rng.random() < 0.3 else "house"
                groups = _row_of_houses(
                    x0, SUPERBLOCK_WIDTH, y_s, "south", EW_STREETS[r], kind, rng
                )
                kind = "split" if c <= 1 and rng.random() < 0.3 else "house"
                groups += _row_of_houses(
                    x0, SUPERBLOCK_WIDTH, y_n, "north", EW_STREETS[r + 1], kind, rng
                )
            for k, g in enumerate(groups):
                blocks.append(BlockPlan(f"B{r + 1}{chr(ord('A') + c)}{k + 1:02d}", r, c, g))
    return blocks, streets, parks
