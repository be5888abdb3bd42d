"""The Python API for notebooks: evaluate a neighbourhood + plan + assumptions into pandas tables.

>>> from wijkaanpak.analysis.evaluate import evaluate_plan          # doctest: +SKIP
>>> result = evaluate_plan("all-renew")                               # doctest: +SKIP
>>> result.actors                  # NPV per actor [EUR]               # doctest: +SKIP
>>> result.exploitation            # GREX: categories × years [EUR]   # doctest: +SKIP
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.io.norms import load_norms
from wijkaanpak.io.plans import load_plan
from wijkaanpak.model import capacity
from wijkaanpak.model.assumptions import Assumptions
from wijkaanpak.model.engine import Evaluation, evaluate, suggested_mix, sweep
from wijkaanpak.model.finance import FloatArray, npv
from wijkaanpak.model.inputs import Facts, Inputs, pct, prepare
from wijkaanpak.model.ledger import ACTORS, CATEGORY_LIST
from wijkaanpak.model.mkba import LABEL, PM, Mkba, kind
from wijkaanpak.model.mortgage import Norms
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.plan import SEGMENTS, Plan
from wijkaanpak.model.repair_finance import RepairFinance, cannot_pay_forced_repair, repair_finance
from wijkaanpak.model.repair_finance import summary as repair_summary
from wijkaanpak.model.swap import Swap, swap
from wijkaanpak.model.swap import summary as swap_summary

#: The plan's housing counts, in the order reports and tables show them.
HOUSING_COUNTS = (
    "kept",
    "repaired",
    "demolished",
    "new_homes",
    "new_ground_bound",
    "new_apartments",
)
#: Counts of the new homes' programme and who returns (issue #12), after the housing counts.
PROGRAMME_COUNTS = (
    "new_social_rent",
    "new_mid_rent",
    "new_affordable_purchase",
    "new_free_purchase",
    "returning_owners",
    "returning_tenants",
    "temporary_housing_households",
    "start_years_shifted",
    "expropriated",
    "non_residential_units",
    "vacant_sites_built",
    "unsold_at_horizon",
)


@dataclass(frozen=True)
class Result:
    """A plan's evaluation as tables. Money in nominal EUR per year; NPVs at the peildatum."""

    evaluation: Evaluation

    @property
    def plan(self) -> Plan:
        return self.evaluation.plan

    @cached_property
    def years(self) -> pd.Index:
        inp = self.evaluation.inputs
        return pd.Index(range(inp.year0, inp.year0 + inp.horizon), name="year")

    @cached_property
    def exploitation(self) -> pd.DataFrame:
        """Municipality/WOM cash flow by category (rows) and year (columns), incl. financing."""
        flows = pd.DataFrame(
            self.evaluation.exploitation_flows,
            index=pd.Index(CATEGORY_LIST, name="category"),
            columns=self.years,
        )
        return flows.loc[flows.abs().sum(axis=1) > 0]

    @cached_property
    def cashflow(self) -> pd.DataFrame:
        """Long table: year, actor, category, amount (non-zero flows only)."""
        led = self.evaluation.ledger
        a, c, t = np.nonzero(led.actors)
        return pd.DataFrame(
            {
                "year": self.years[t],
                "actor": np.array(ACTORS)[a],
                "category": np.array(CATEGORY_LIST)[c],
                "amount_eur": led.actors[a, c, t],
            }
        )

    @cached_property
    def actors(self) -> pd.Series:
        """NPV per actor at the peildatum. [EUR]"""
        return pd.Series(self.evaluation.actor_npv, name="npv_eur")

    @cached_property
    def blocks(self) -> pd.DataFrame:
        """Per block: the intervention and the NPV of what can be attributed to it, per view.

        The last row, ``(wijk)``, holds what belongs to the neighbourhood as a whole (periodic street
        raising, sewers, interest on the exploitation). ``exploitation_npv_eur`` is the
        municipality's cash (exploitation + maintenance); the MKBA is not split by block.
        """
        e = self.evaluation
        inp, asg, led = e.inputs, e.assignment, e.ledger
        rate = pct(inp.assumptions.general.discount_rate)
        owners = [
            ACTORS.index(a) for a in ("owner_occupiers", "private_landlords", "housing_association")
        ]
        names = ("none", "repair", "renew")
        index = pd.Index([*map(str, inp.block_ids), "(wijk)"], name="block_id")
        return pd.DataFrame(
            {
                "intervention": [names[c] for c in asg.code] + [""],
                "start_year": pd.array(
                    [*(inp.year0 + int(s) for s in asg.start), None], dtype="Int64"
                ),
                "densification": [
                    float(k) if c == 2 else None
                    for c, k in zip(asg.code, asg.densification, strict=True)
                ]
                + [None],
                "dwellings": [*np.bincount(inp.d_block, minlength=len(inp.block_ids)).tolist(), 0],
                "exploitation_npv_eur": npv(rate, led.by_block[ACTORS.index("municipality")]),
                "owners_npv_eur": npv(rate, led.by_block[owners].sum(axis=0)),
            },
            index=index,
        )

    @cached_property
    def swap(self) -> Swap:
        """Nieuw voor oud for the owner-occupiers in renewed blocks (see :mod:`wijkaanpak.model.swap`)."""
        e = self.evaluation
        inp, asg = e.inputs, e.assignment
        d_code, d_start = asg.code[inp.d_block], asg.start[inp.d_block]
        return swap(
            inp,
            norms_for(inp),
            d_code,
            d_start,
            asg.write_down[inp.d_block],
            asg.densification,
            self.plan.intake,
            asg.shares,
            asg.expropriated[inp.d_block],
        )

    @cached_property
    def repair_finance(self) -> RepairFinance:
        """How owner-occupiers in repaired blocks pay their share (model.repair_finance)."""
        e = self.evaluation
        inp, asg = e.inputs, e.assignment
        d_code, d_start = asg.code[inp.d_block], asg.start[inp.d_block]
        targets = asg.target_rank[inp.d_block]
        return repair_finance(inp, norms_for(inp), d_code, d_start, targets, inp.h_savings)

    @cached_property
    def households(self) -> dict[str, float]:
        """Aggregates of :attr:`swap` and :attr:`repair_finance`, plus tenants to rehouse."""
        inp = self.evaluation.inputs
        return {
            **swap_summary(self.swap, inp),
            "tenants_to_rehouse": self.evaluation.counts["tenants_to_rehouse"],
            **repair_summary(self.repair_finance, inp),
        }

    def household_table(self) -> pd.DataFrame:
        """One row per owner-occupier household in a renewed block. Personal data: handle with care."""
        s, inp = self.swap, self.evaluation.inputs
        return pd.DataFrame(
            {
                "household_id": inp.h_id[s.households],
                "block_id": inp.block_ids[inp.d_block[inp.h_dwelling[s.households]]],
                "wish_to_return": inp.h_wish[s.households],
                "equity_eur": s.equity.round(0),
                "new_home": np.where(s.ground_bound, "ground_bound", "apartment"),
                "price_eur": s.price.round(0),
                "required_loan_eur": s.required_loan.round(0),
                "max_loan_eur": s.max_loan.round(0),
                "can_finance": s.can_finance,
                "monthly_before_eur": s.monthly_before.round(0),
                "monthly_after_eur": s.monthly_after.round(0),
                "closed_purse": s.closed_purse,
                "gap_eur": s.gap.round(0),
            }
        ).set_index("household_id")

    @cached_property
    def programme(self) -> dict[str, dict[str, float]]:
        """New homes per segment and type over all renewed blocks (issue #12 §1)."""
        e = self.evaluation
        return {
            seg: {
                "ground_bound": e.counts.get(f"new_{seg}_ground_bound", 0.0),
                "apartment": e.counts.get(f"new_{seg}", 0.0)
                - e.counts.get(f"new_{seg}_ground_bound", 0.0),
            }
            for seg in SEGMENTS
        }

    @property
    def societal_npv(self) -> float:
        return self.evaluation.societal_npv

    @property
    def exploitation_npv(self) -> float:
        return self.evaluation.exploitation_npv

    def to_dict(self, blocks: bool = True) -> dict[str, Any]:
        """JSON-ready: plan, the three NPVs, counts, per-block NPVs (unless ``blocks`` is false: the
        web app's aggregates leave them out and need not compute them) and the yearly exploitation
        cash flow."""
        inp = self.evaluation.inputs
        rate = pct(inp.assumptions.general.discount_rate)
        flows = self.evaluation.exploitation_flows
        yearly = flows.sum(axis=0)
        e = self.evaluation
        data: dict[str, Any] = {
            "plan": self.plan.name,
            "neighbourhood": inp.label,
            "peildatum": f"{inp.year0}-01-01",
            "exploitation": {
                "npv_eur": round(self.exploitation_npv, 2),
                "before_contributions_eur": round(e.before_contributions_npv, 2),
                "after_contributions_eur": round(e.after_contributions_npv, 2),
                "municipal_share_eur": round(e.municipal_share_npv, 2),
                "discount_rate_pct": inp.assumptions.general.discount_rate.value,
                "by_category_npv_eur": {
                    c: round(float(npv(rate, flows[i])), 2)
                    for i, c in enumerate(CATEGORY_LIST)
                    if flows[i].any()
                },
            },
            "maintenance": {
                "npv_eur": round(self.evaluation.maintenance_npv, 2),
                "discount_rate_pct": inp.assumptions.general.discount_rate.value,
            },
            "mkba": mkba_dict(self.evaluation.mkba, inp.year0),
            "societal": {"npv_eur": round(self.societal_npv, 2)},
            "actors": {a: {"npv_eur": round(v, 2)} for a, v in self.evaluation.actor_npv.items()},
            "counts": self.evaluation.counts,
            "contributions": {p: round(v, 2) for p, v in e.contributions.items()},
            "fiscal_flags": e.fiscal_flags,
            "capacity": capacity_dict(e),
            "programme": self.programme,
            "households": {k: round(v, 2) for k, v in self.households.items()},
            "cashflow": [
                {
                    "year": int(y),
                    "exploitation_eur": round(float(v), 2),
                    "cumulative_eur": round(float(c), 2),
                }
                for y, v, c in zip(self.years, yearly, np.cumsum(yearly), strict=True)
            ],
        }
        if blocks:
            records = self.blocks.reset_index().round(2).to_json(orient="records")
            data = {**data, "blocks": json.loads(records)}
            data["cashflow"] = data.pop("cashflow")  # the keys in their former order
        return data


def capacity_dict(e: Evaluation) -> dict[str, Any]:
    """What the renewal uses of the yearly capacity, year by year from the peildatum, and the
    blocks whose start it moved (issue #12 §3)."""
    inp, pace = e.inputs, e.pace
    dem, con, sales = capacity.limits(inp)

    def use(limit: float, per_year: FloatArray) -> dict[str, Any]:
        return {"limit_per_year": limit, "per_year": [round(float(v), 2) for v in per_year]}

    return {
        "first_year": inp.year0,
        "demolition": use(dem, pace.demolition),
        "construction": use(con, pace.construction),
        "sales": {s: use(float(sales[i]), pace.sales[i]) for i, s in enumerate(SEGMENTS)},
        "shifted_starts": [
            {"block_id": b, "planned_year": p, "start_year": y} for b, p, y in e.shifted
        ],
        "unsold_at_horizon": round(pace.unsold_at_horizon, 2),
    }


def mkba_dict(m: Mkba, year0: int) -> dict[str, Any]:
    """The MKBA as JSON (issue #11 §6): balance, benefits, costs, B/C, effects incl. PM, the
    distribution per actor, the sensitivity to the discount rate and the yearly balance."""
    effects = [
        {"key": k, "label": LABEL[k][0], "kind": kind(v), "eur": round(v, 2)}
        for k, v in m.effects.items()
        if k in LABEL and abs(v) >= 0.005
    ]
    effects += [{"key": k, "label": nl, "kind": "pm", "eur": None} for k, nl, _ in PM]
    return {
        "balance_eur": round(m.balance, 2),
        "benefits_eur": round(m.benefits, 2),
        "costs_eur": round(m.costs, 2),
        "bc_ratio": None if m.bc_ratio is None else round(m.bc_ratio, 4),
        "discount_rate_pct": m.discount_rate_pct,
        "prices": f"real, price level {year0}; present value at {year0}-01-01",
        "effects": effects,
        "distribution": {a: round(v, 2) for a, v in m.distribution.items()},
        "sensitivity": [
            {"discount_rate_pct": r, "balance_eur": round(v, 2)} for r, v in m.sensitivity.items()
        ],
        "yearly": [
            {"year": year0 + i, "balance_eur": round(float(v), 2)} for i, v in enumerate(m.yearly)
        ],
        "after_horizon_eur": round(m.after_horizon, 2),
    }


def norms_for(inp: Inputs) -> Norms:
    """Mortgage norms of the peildatum's year, or of the latest year with legal tables before it."""
    return norms_for_assumptions(inp.assumptions)


def norms_for_assumptions(a: Assumptions) -> Norms:
    """Mortgage norms of the peildatum's year, or of the latest year with legal tables before it."""
    years = sorted(a.mortgage.financing_cost_tables)
    year0 = int(a.general.reference_year.value)
    usable = [y for y in years if y <= year0] or years[:1]
    return load_norms(a, usable[-1])


def prepare_inputs(nbh: Neighbourhood | Facts, a: Assumptions) -> Inputs:
    """:func:`prepare` plus the nulalternatief's households who cannot pay a forced repair (judged
    with the mortgage norms of the peildatum's year). ``nbh``: the neighbourhood or its
    :class:`~wijkaanpak.model.inputs.Facts`, made once when many sets of assumptions follow."""
    inp = prepare(nbh, a)
    return replace(inp, d_cannot_pay=cannot_pay_forced_repair(inp, norms_for_assumptions(a)))


def context(
    neighbourhood: Path | str | None = None, assumptions: Path | str | None = None
) -> Inputs:
    """Read and prepare a neighbourhood with assumptions (defaults: the Voorbeeldwijk, shipped)."""
    return prepare_inputs(read_neighbourhood(neighbourhood), load_assumptions(assumptions))


def resolve_plan(plan: str | Plan, inp: Inputs) -> Plan:
    """A :class:`Plan` from a built-in name (incl. ``mix``, made for this neighbourhood) or a file."""
    if isinstance(plan, Plan):
        return plan
    if plan == "mix":
        return suggested_mix(inp)
    return load_plan(plan, [str(b) for b in inp.block_ids])


def evaluate_plan(plan: str | Plan, inputs: Inputs | None = None) -> Result:
    """Evaluate a plan (built-in name, ``mix``, file path or :class:`Plan`)."""
    inp = inputs or context()
    return Result(evaluate(inp, resolve_plan(plan, inp)))


def densification_sweep(
    plan: str | Plan,
    inputs: Inputs | None = None,
    start: float = 1.0,
    stop: float = 2.5,
    step: float = 0.05,
) -> pd.DataFrame:
    """Exploitation NPV per densification factor for the plan's renew blocks; marks whether every
    renewed block's new homes fit on it (``fits``), the cap and the best factor that fits under it."""
    inp = inputs or context()
    chosen = resolve_plan(plan, inp)
    factors = np.round(np.arange(start, stop + step / 2, step), 4)
    values, fits, full = sweep(inp, chosen, factors)
    result = pd.DataFrame(
        {
            "densification": factors,
            "exploitation_npv_eur": values,
            "fits": fits,
            "blocks_full": full,
        }
    )
    cap = inp.assumptions.renewal.densification_cap.value
    result["within_cap"] = result["densification"] <= cap + 1e-9
    # a plan that fits itself to the space is feasible at every point (full blocks stay put)
    feasible = result["fits"] | chosen.fit_to_space
    allowed = result[result["within_cap"] & feasible]
    result["best_under_cap"] = False
    if len(allowed):
        result.loc[allowed["exploitation_npv_eur"].idxmax(), "best_under_cap"] = True
    return result
