"""The kitchen-table overview: for one household and one plan, what happens to the home and when,
where they live meanwhile, whether they can return with closed purses, the gap, and which
instruments close it (issue #13 §2). Personal data: it shows one household's finances.

Every figure comes from the plan's evaluation (:class:`Result`): the nieuw-voor-oud verdict
(:mod:`wijkaanpak.model.swap`), the repair's financing (:mod:`wijkaanpak.model.repair_finance`) and
the instruments (:mod:`wijkaanpak.model.instruments`). It is an estimate: the household's data in
the neighbourhood file may be estimated, and the household can correct it.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np

from wijkaanpak.analysis.evaluate import Result, norms_for
from wijkaanpak.model.instruments import Option, repair_options, swap_options
from wijkaanpak.model.survey import MODEL_FIELDS

INTERVENTIONS = ("none", "repair", "renew")

#: Household fields a resident can correct (the survey, corrections and consented financial data
#: replace exactly these in the model: :data:`wijkaanpak.model.survey.MODEL_FIELDS`).
CORRECTABLE = MODEL_FIELDS


class Overviews:
    """Overviews of every household under one plan (the instruments are computed once)."""

    def __init__(self, result: Result) -> None:
        self.result = result
        self.inputs = result.evaluation.inputs

    @cached_property
    def _swap_options(self) -> list[Option]:
        return swap_options(self.inputs, norms_for(self.inputs), self.result.swap)

    @cached_property
    def _repair_options(self) -> list[Option]:
        return repair_options(self.inputs, self.result.repair_finance)

    def index(self, household_id: str) -> int:
        """Position of ``household_id`` in the inputs; KeyError when it is not in the model."""
        found = np.flatnonzero(self.inputs.h_id.astype(str) == str(household_id))
        if not len(found):
            raise KeyError(household_id)
        return int(found[0])

    def of(self, household_id: str) -> dict[str, Any]:
        """The overview of one household as plain JSON-ready values (see the module docstring)."""
        inp, res = self.inputs, self.result
        h = self.index(household_id)
        d = int(inp.h_dwelling[h])
        b = int(inp.d_block[d])
        asg = res.evaluation.assignment
        code = int(asg.code[b])
        owner = bool(inp.d_tenure[d] == 0)
        start = int(asg.start[b]) if code else None
        a = inp.assumptions
        out: dict[str, Any] = {
            "plan": res.plan.name,
            "household_id": str(inp.h_id[h]),
            "dwelling_id": str(inp.d_id[d]),
            "block_id": str(inp.block_ids[b]),
            "owner_occupier": owner,
            "intervention": INTERVENTIONS[code],
            "start_year": None if start is None else inp.year0 + start,
            "ready_year": None,
            "meanwhile": None,
            "wish_to_return": str(inp.h_wish[h]),
            "preferred_home_type": str(inp.h_preference[h]),
            "swap": None,
            "repair": None,
            "options": [],
            "estimate": True,
            "correctable": list(CORRECTABLE),
        }
        if code == 2:
            build = int(a.renewal.build_years.value)
            out["ready_year"] = inp.year0 + int(asg.start[b]) + build
            out["meanwhile"] = (
                {
                    "where": "temporary_home",
                    "months": a.renewal.temporary_housing_months.value,
                    "paid_by": "project",
                }
                if owner
                else {"where": "rehoused_by_landlord", "months": None, "paid_by": "landlord"}
            )
        elif code == 1:
            out["ready_year"] = inp.year0 + int(asg.start[b])
            out["meanwhile"] = {
                "where": "elsewhere_during_repair",
                "months": a.foundation.repair_months.value,
                "paid_by": "household" if owner else "landlord",
            }
        else:
            crit = float(inp.d_crit[d])
            out["critical_year"] = inp.year0 + int(crit) if np.isfinite(crit) else None
        out |= self._swap_part(h) | self._repair_part(h)
        return out

    def _swap_part(self, h: int) -> dict[str, Any]:
        s = self.result.swap
        i = np.flatnonzero(s.households == h)
        if not len(i):
            return {}
        k = int(i[0])
        swap = {
            "equity_eur": _eur(s.equity[k]),
            "new_home": "ground_bound" if s.ground_bound[k] else "apartment",
            "price_eur": _eur(s.price[k]),
            "required_loan_eur": _eur(s.required_loan[k]),
            "max_loan_eur": _eur(s.max_loan[k]),
            "binding": str(s.binding[k]),
            "nhg": bool(s.nhg[k]),
            "rate_pct": round(float(s.rate[k]), 2),
            "interest_only_kept_eur": _eur(s.interest_only[k]),
            "canon_eur_per_year": _eur(s.canon[k]),
            "monthly_before_eur": _eur(s.monthly_before[k]),
            "monthly_after_eur": _eur(s.monthly_after[k]),
            "can_finance": bool(s.can_finance[k]),
            "closed_purse": bool(s.closed_purse[k]),
            "gap_eur": _eur(s.gap[k]),
        }
        return {"swap": swap, "options": _options(self._swap_options, k)}

    def _repair_part(self, h: int) -> dict[str, Any]:
        rf = self.result.repair_finance
        i = np.flatnonzero(rf.households == h)
        if not len(i):
            return {}
        k = int(i[0])
        blocked = set(rf.block[rf.support > 0.5].tolist())
        fund = self.inputs.assumptions.repair_fund
        repair = {
            "share_eur": _eur(rf.share[k]),
            "from_savings_eur": _eur(rf.from_savings[k]),
            "from_mortgage_eur": _eur(rf.from_mortgage[k]),
            "from_fund_eur": _eur(rf.from_fund[k]),
            "fund_rate_pct": fund.rate.value,
            "fund_term_years": fund.term.value,
            "support_eur": _eur(rf.support[k]),
            "block_feasible": int(rf.block[k]) not in blocked,
        }
        return {"repair": repair, "options": _options(self._repair_options, k)}


def _options(options: list[Option], k: int) -> list[dict[str, Any]]:
    return [
        {
            "instrument": o.instrument,
            "closes_eur": _eur(o.closes[k]),
            "monthly_eur": _eur(o.monthly[k]),
            "gap_after_eur": _eur(o.gap_after[k]),
            "counted": o.counted,
        }
        for o in options
        if bool(o.applies[k]) and (not o.counted or o.closes[k] >= 1)
    ]


def _eur(value: float | np.floating[Any]) -> float:
    """Whole euros (the overview rounds; the model keeps cents)."""
    return float(round(float(value)))


def overview(result: Result, household_id: str) -> dict[str, Any]:
    """The kitchen-table overview of one household under ``result``'s plan."""
    return Overviews(result).of(household_id)


def instrument_counts(result: Result) -> dict[str, dict[str, float]]:
    """Per instrument over all households of the plan: how many it applies to and how many it
    brings to a closed-purse return (gap left < 1 euro) on its own, and the gap it closes. [-], [EUR]"""
    o = Overviews(result)
    out: dict[str, dict[str, float]] = {}
    for opt in [*o._swap_options, *o._repair_options]:
        a = opt.applies
        out[opt.instrument] = {
            "households": float(a.sum()),
            "gap_closed": float((a & (opt.gap_after < 1)).sum()),
            "closes_eur": float(opt.closes[a].sum()),
        }
    return out


__all__ = ["CORRECTABLE", "Overviews", "instrument_counts", "overview"]
