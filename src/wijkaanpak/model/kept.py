"""Kept homes: scenario 1 (none: owners repair alone when forced) and scenario 2 (repair per block).

Both share the later energy transition and the residual value at the horizon; they differ in when
and at what cost the foundation is repaired (report §4: individual repair costs more than
block-wise repair, and until repair the value carries a foundation-risk discount).
"""

from __future__ import annotations

import numpy as np

from wijkaanpak.model.inputs import TENURE_ACTOR, Inputs, pct
from wijkaanpak.model.ledger import Ledger


def _by_owner(
    led: Ledger, inp: Inputs, category: str, mask: np.ndarray, t: np.ndarray, amounts: np.ndarray
) -> None:
    """Book a resource cost on whoever owns each dwelling (owner-occupier, landlord, association)."""
    for code, actor in enumerate(TENURE_ACTOR):
        sel = mask & (inp.d_tenure == code)
        led.resource(actor, category, t[sel], amounts[sel], block=inp.d_block[sel])


def none(led: Ledger, inp: Inputs, mask: np.ndarray) -> np.ndarray:
    """Individual repair when critical, at a surcharge. Returns the year index of repair (inf: none)."""
    f = inp.assumptions.foundation
    t = np.where(mask, inp.d_crit, np.inf)
    due = mask & (t < inp.horizon)
    t_int = np.where(due, t, 0).astype(int)
    cost = inp.cost_at(inp.d_repair_cost * (1.0 + pct(f.individual_surcharge)), t_int)
    _by_owner(led, inp, "foundation_repair", due, t_int, -cost)
    return t


def repair(
    led: Ledger, inp: Inputs, mask: np.ndarray, start: np.ndarray, target_rank: np.ndarray
) -> np.ndarray:
    """Block repair in the block's start year, with an optional package to a target label."""
    s = inp.assumptions.sustainability
    t = np.where(mask, start, 0).astype(int)
    _by_owner(led, inp, "foundation_repair", mask, t, -inp.cost_at(inp.d_repair_cost, t))
    steps = np.clip(inp.d_label_rank - target_rank, 0, None)
    package = steps * inp.cost(s.package_cost_per_label_step, t)
    _by_owner(led, inp, "sustainability", mask & (steps > 0), t, -package)
    return np.where(mask, start, np.inf).astype(float)


def energy_transition(led: Ledger, inp: Inputs, kept: np.ndarray, target_rank: np.ndarray) -> None:
    """Old homes still make the energy transition later (unless already brought to label A or better)."""
    s = inp.assumptions.sustainability
    t = int(s.energy_transition_year.value) - inp.year0
    needed = kept & (target_rank > 4) & (inp.d_label_rank > 4)  # rank 4 = label A
    years = np.full(len(kept), t)
    _by_owner(
        led, inp, "energy_transition", needed, years, -inp.cost(s.energy_transition_cost, years)
    )


def residual_value(led: Ledger, inp: Inputs, kept: np.ndarray, repaired_at: np.ndarray) -> None:
    """Value of kept homes at the horizon: WOZ indexed with the revenue index, with the
    foundation-risk discount on damaged homes not repaired by then."""
    end = inp.horizon - 1
    value = inp.d_woz * inp.revenue_factor(inp.d_woz_year, end)
    unrepaired = inp.d_damaged & ~(repaired_at < inp.horizon)
    value = np.where(
        unrepaired, value * (1.0 - pct(inp.assumptions.foundation.value_discount)), value
    )
    _by_owner(led, inp, "residual_value", kept, np.full(len(kept), end), value)
