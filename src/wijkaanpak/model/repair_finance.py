"""Can owner-occupiers pay their share of a block repair (scenario 2)? Domain brief §4 and §6.

Per owner-occupier household in a repaired block, in the block's start year:

1. share = block-wise repair cost of their home (+ the label package when the plan sets a target);
2. paid first from savings;
3. then from extra mortgage: the legal maximum with the amount for energy-saving measures on an
   existing home (Trhk art. 4 lid 4: at most what the floor insulation and the label package cost;
   the foundation repair itself is no energy-saving measure) minus the outstanding mortgage, and at
   most the home's market value in that year minus that debt (Trhk art. 5 lid 2: at most 100 % of
   the value; lid 4: the energy-saving measures' cost may go on top, up to 106 %);
4. then from the Fonds Duurzaam Funderingsherstel loan (``repair_fund``: 30-year annuity at its rate,
   minimum amount), if its payment fits the monthly room the norms leave after the current mortgage
   (*assumption*: the fund tests like a lender; its 'maatwerk' variant is not modelled);
5. what is left needs support. A block is feasible only if no owner in it needs support.

Landlords and the housing association are assumed to finance their share themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijkaanpak.model.finance import FloatArray, annuity_payment
from wijkaanpak.model.inputs import Inputs, at_peildatum, pct
from wijkaanpak.model.mortgage import Norms
from wijkaanpak.model.plan import LABELS
from wijkaanpak.model.swap import household_max_mortgage

OWNER, REPAIR = 0, 1


@dataclass(frozen=True)
class RepairFinance:
    """Per owner-occupier household in a repaired block (aligned with ``households``)."""

    households: np.ndarray  # indices into the Inputs' household arrays
    share: FloatArray  # [EUR]
    from_savings: FloatArray  # [EUR]
    from_mortgage: FloatArray  # [EUR]
    from_fund: FloatArray  # [EUR]
    support: FloatArray  # [EUR] what nobody but the municipality (or a custom fund) can carry
    room: FloatArray  # [EUR/month] what the norms leave next to the current mortgage
    block: np.ndarray  # block index


def repair_finance(
    inp: Inputs,
    norms: Norms,
    d_code: np.ndarray,
    d_start: np.ndarray,
    d_target_rank: np.ndarray,
    savings: FloatArray,
    surcharge: float = 0.0,
) -> RepairFinance:
    """Finance each owner-occupier's share of a block repair (or, with the individual
    ``surcharge`` [fraction], of a forced individual repair); see the module docstring."""
    a, h, fund = inp.assumptions, inp.assumptions.households, inp.assumptions.repair_fund
    dw = inp.h_dwelling
    sel = np.flatnonzero((d_code[dw] == REPAIR) & (inp.d_tenure[dw] == OWNER))
    d = dw[sel]
    t = d_start[d]
    steps = np.clip(inp.d_label_rank[d] - d_target_rank[d], 0, None)
    share = inp.repair_cost(t, surcharge, which=d) + steps * inp.cost(
        a.sustainability.package_cost_per_label_step, t
    )
    own = np.minimum(np.nan_to_num(savings[sel]), share)
    left = share - own
    labels = np.array(LABELS, dtype=object)[inp.d_label_rank[d]]
    insulation = inp.cost_at(at_peildatum(a.foundation.floor_insulation, a) * inp.d_footprint[d], t)
    energy = insulation + steps * inp.cost(a.sustainability.package_cost_per_label_step, t)
    m = household_max_mortgage(
        inp, norms, sel, t, sustainability_label=labels, energy_measures_cost=energy
    )
    value = inp.house_value(t, which=d)
    debt = inp.h_mortgage[sel]
    ltv = np.minimum(value + energy, 1.06 * value)  # Trhk art. 5 lid 2 and lid 4
    extra = np.clip(np.minimum(m.max_loan - debt, ltv - debt), 0.0, None)
    from_mortgage = np.minimum(extra, left)
    left = left - from_mortgage
    current = np.where(debt > 0, annuity_payment(debt, h.offered_rate.value / 100, 30.0) / 12, 0.0)
    room = np.maximum(m.test_income * m.percentage / 100 / 12 - current, 0.0)
    loan = np.where(left > 0, np.maximum(left, fund.minimum_loan.value), 0.0)
    payment = annuity_payment(loan + fund.closing_costs.value, pct(fund.rate), fund.term.value) / 12
    fits = (left > 0) & (payment <= room)
    from_fund = np.where(fits, left, 0.0)
    return RepairFinance(
        households=sel,
        share=share,
        from_savings=own,
        from_mortgage=from_mortgage,
        from_fund=from_fund,
        support=left - from_fund,
        room=room,
        block=inp.d_block[d],
    )


def cannot_pay_forced_repair(inp: Inputs, norms: Norms) -> np.ndarray:
    """Per dwelling: its owner-occupier cannot finance the forced individual repair in the year it
    becomes unavoidable (savings, extra mortgage, the national fund; no municipal support) — the
    nulalternatief's households in trouble (issue #11 §1). Dwellings never critical: False."""
    n = len(inp.d_block)
    crit = np.where(np.isfinite(inp.d_crit), inp.d_crit, 0).astype(int)
    rf = repair_finance(
        inp,
        norms,
        np.full(n, REPAIR),
        crit,
        np.full(n, len(LABELS)),
        inp.h_savings,
        pct(inp.assumptions.foundation.individual_surcharge),
    )
    out = np.zeros(n, dtype=bool)
    out[inp.h_dwelling[rf.households]] = rf.support > 0.5
    return out & np.isfinite(inp.d_crit)


def summary(rf: RepairFinance, inp: Inputs) -> dict[str, float]:
    """Aggregates: how the owners' shares are financed and who needs support."""
    needs = rf.support > 0.5
    blocks = np.unique(rf.block)
    blocked = np.unique(rf.block[needs])
    return {
        "repair_owner_households": float(len(rf.households)),
        "repair_share_eur": float(rf.share.sum()),
        "repair_from_savings_eur": float(rf.from_savings.sum()),
        "repair_from_mortgage_eur": float(rf.from_mortgage.sum()),
        "repair_from_fund_eur": float(rf.from_fund.sum()),
        "repair_households_needing_support": float(needs.sum()),
        "repair_support_eur": float(rf.support.sum()),
        "repair_blocks": float(len(blocks)),
        "repair_blocks_feasible": float(len(blocks) - len(blocked)),
    }
