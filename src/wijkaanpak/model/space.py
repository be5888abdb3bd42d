"""What fits on a renewed block (issue #12 §2).

A block's new homes fit when

* their gross floor area (usable floor area × ``space.gross_floor_factor``) stays within the block's
  plan area × min(``space.max_fsi``, ``space.gsi`` × ``space.max_layers``): the floor-space index
  and the height limit of the neighbourhood — or within the gross floor area the block has today,
  when that is more (what stands may be rebuilt); and
* without a parking hub (``measures.parking_hub: false``), the parking demand of the new homes
  (``public_space.parking_norm``) beyond the block's share of the on-street spaces fits on the
  block's unbuilt ground (plan area × (1 − ``space.gsi``), ``space.parking_space_area`` per space).

A plan with a block that does not fit is refused with the block named; the densification curve marks
such points ``fits: false``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijkaanpak.model.finance import FloatArray
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.programme import Homes, floor_area, homes


@dataclass(frozen=True)
class Fit:
    """Per renewed block."""

    gross_floor_area: FloatArray  # of the new homes [m2]
    max_floor_area: FloatArray  # what the block allows [m2]
    parking_area: FloatArray  # ground needed for parking on the block [m2]
    max_parking_area: FloatArray  # unbuilt ground [m2]

    @property
    def fits(self) -> np.ndarray:
        return np.asarray(
            (self.gross_floor_area <= self.max_floor_area + 1e-6)
            & (self.parking_area <= self.max_parking_area + 1e-6),
            dtype=bool,
        )


def fit(inp: Inputs, blk: np.ndarray, homes: Homes, parking_hub: bool) -> Fit:
    """How the new homes of blocks ``blk`` compare with what the blocks allow."""
    s, ps = inp.assumptions.space, inp.assumptions.public_space
    area = inp.b_area[blk]
    gross = (homes.count * floor_area(inp)[None]).sum(axis=(1, 2)) * s.gross_floor_factor.value
    allowed = np.maximum(
        area * min(s.max_fsi.value, s.gsi.value * s.max_layers.value),
        inp.b_floor_area[blk] * s.gross_floor_factor.value,
    )
    if parking_hub:
        parking = np.zeros(len(blk))
    else:
        norm = ps.parking_norm.values
        demand = homes.ground * norm["ground_bound"] + homes.flats * norm["apartment"]
        surplus = np.maximum(demand - inp.b_share[blk] * inp.parking_spaces, 0.0)
        parking = surplus * s.parking_space_area.value
    return Fit(gross, allowed, parking, area * (1.0 - s.gsi.value))


def refuse(
    inp: Inputs, plan_name: str, blk: np.ndarray, f: Fit, fixed: np.ndarray | None = None
) -> None:
    """Raise :class:`InputError` naming every renewed block whose new homes do not fit (``fixed``:
    blocks whose number of homes the plan sets with ``new_homes``, named as that field)."""
    issues = []
    for i in np.flatnonzero(~f.fits):
        block = inp.block_ids[blk[i]]
        over = f.gross_floor_area[i] > f.max_floor_area[i] + 1e-6
        if over and fixed is not None and fixed[i]:
            msg = (
                f"the {f.gross_floor_area[i]:,.0f} m² gross floor area of its new homes exceeds "
                f"the {f.max_floor_area[i]:,.0f} m² the block allows (space.max_fsi, space.gsi × "
                f"space.max_layers): build fewer new_homes"
            )
            issues.append(Issue(f"plan {plan_name}", f"block {block}", "new_homes", msg))
        elif over:
            msg = (
                f"the new homes need {f.gross_floor_area[i]:,.0f} m² gross floor area; the block "
                f"allows {f.max_floor_area[i]:,.0f} m² (space.max_fsi, space.gsi × space.max_layers, "
                f"or what stands today): "
                f"lower the densification or give the block a smaller programme"
            )
            issues.append(Issue(f"plan {plan_name}", f"block {block}", "densification", msg))
        if f.parking_area[i] > f.max_parking_area[i] + 1e-6:
            msg = (
                f"parking for the new homes needs {f.parking_area[i]:,.0f} m² on the block, "
                f"{f.max_parking_area[i]:,.0f} m² is unbuilt: build a parking hub "
                f"(measures.parking_hub) or lower the densification"
            )
            issues.append(Issue(f"plan {plan_name}", f"block {block}", "measures.parking_hub", msg))
    if issues:
        raise InputError(issues)


#: Densification levels tried at once per block in :func:`largest_fitting`. [-]
_LEVELS_AT_ONCE = 16


def largest_fitting(
    inp: Inputs,
    blk: np.ndarray,
    demolished: FloatArray,
    k: FloatArray,
    shares: FloatArray,
    parking_hub: bool,
    step: float = 0.05,
) -> FloatArray:
    """Per block the largest densification ≤ ``k`` (on a grid of ``step``, down to 0.5) at which
    its new homes fit; 0.5 when none does. [-]

    The levels are tried from the top, :data:`_LEVELS_AT_ONCE` at a time for every block still
    open (one call of :func:`fit` on blocks × levels; each block's fit depends on that block
    alone): the same result as trying one level at a time, with fewer calls (all-renew on the
    Voorbeeldwijk: 15 calls became 1)."""
    best = np.full(len(blk), 0.5)
    if len(blk) == 0:
        return best
    levels = np.round(np.arange(k.max(), 0.5 - step / 2, -step), 4)
    open_ = np.arange(len(blk))  # positions in ``blk`` without a fitting level yet
    for lo in range(0, len(levels), _LEVELS_AT_ONCE):
        grid = levels[lo : lo + _LEVELS_AT_ONCE]
        rows = np.repeat(open_, len(grid))  # each open block once per level, levels descending
        trial = np.minimum(k[rows], np.tile(grid, len(open_)))
        f = fit(
            inp,
            blk[rows],
            homes(inp, blk[rows], demolished[rows], trial, shares[rows]),
            parking_hub,
        )
        fits = f.fits.reshape(len(open_), len(grid))
        found = fits.any(axis=1)
        first = fits.argmax(axis=1)  # the highest level that fits
        best[open_[found]] = trial.reshape(len(open_), len(grid))[found, first[found]]
        open_ = open_[~found]
        if len(open_) == 0:
            break
    return best
