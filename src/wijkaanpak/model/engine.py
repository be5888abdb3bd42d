"""Evaluate a plan: per dwelling and block, per year, into the ledger; then the three views.

Views (domain brief §4): the exploitation (the municipality/WOM's flows incl. interest on the
cumulative balance), the NPV per actor, and the societal NPV from the real resources only. Actor NPVs
sum to the societal NPV because transfers cancel; ``tests/test_engine.py`` checks it for any plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijkaanpak.model import kept, renewal
from wijkaanpak.model.finance import FloatArray, interest_on_balance, npv
from wijkaanpak.model.inputs import Inputs, pct
from wijkaanpak.model.ledger import ACTORS, CATEGORY_LIST, Ledger
from wijkaanpak.model.plan import LABELS, Intervention, Plan
from wijkaanpak.model.public import kept_public_space

NONE, REPAIR, RENEW = 0, 1, 2
_CODE = {"none": NONE, "repair": REPAIR, "renew": RENEW}


@dataclass(frozen=True)
class Assignment:
    """The plan per block: intervention code, start year index, densification, target label rank."""

    code: np.ndarray
    start: np.ndarray
    densification: FloatArray
    target_rank: np.ndarray
    write_down: np.ndarray


@dataclass(frozen=True)
class Evaluation:
    """Everything a plan evaluation yields (arrays; :mod:`wijkaanpak.analysis.evaluate` makes tables)."""

    plan: Plan
    inputs: Inputs
    assignment: Assignment
    ledger: Ledger
    exploitation_flows: FloatArray  # municipality/WOM [category, year] incl. financing
    exploitation_npv: float
    actor_npv: dict[str, float]
    societal_npv: float
    counts: dict[str, float]


def assign(plan: Plan, inp: Inputs) -> Assignment:
    """Blocks without a start year start in order of urgency (earliest critical dwelling first),
    spread evenly over ``plan.phasing_years`` from the year after the peildatum."""
    n = len(inp.block_ids)
    chosen = [plan.for_block(str(b)) for b in inp.block_ids]
    code = np.array([_CODE[c.intervention] for c in chosen])
    urgency = np.full(n, np.inf)
    np.minimum.at(urgency, inp.d_block, inp.d_crit)
    order = np.argsort(urgency, kind="stable")
    slot = np.empty(n, dtype=int)
    slot[order] = np.arange(n)
    spread = 1 + (slot * plan.phasing_years) // max(n, 1)
    given = np.array([-1 if c.start_year is None else c.start_year - inp.year0 for c in chosen])
    start = np.where(given >= 0, given, spread)
    rank = np.array(
        [LABELS.index(c.target_label) if c.target_label else len(LABELS) for c in chosen]
    )
    return Assignment(
        code=code,
        start=start,
        densification=np.array([c.densification for c in chosen]),
        target_rank=rank,
        write_down=np.array([c.write_down for c in chosen]),
    )


def evaluate(inp: Inputs, plan: Plan, assignment: Assignment | None = None) -> Evaluation:
    """Book every flow of ``plan`` and compute the three views."""
    asg = assignment or assign(plan, inp)
    led = Ledger(inp.horizon, len(inp.block_ids))
    d_code = asg.code[inp.d_block]
    d_start = asg.start[inp.d_block]
    none_, repair_, renew_ = (d_code == NONE), (d_code == REPAIR), (d_code == RENEW)
    repaired_at = np.minimum(
        kept.none(led, inp, none_),
        kept.repair(led, inp, repair_, d_start, asg.target_rank[inp.d_block]),
    )
    kept_ = none_ | repair_
    kept.energy_transition(
        led, inp, kept_, np.where(repair_, asg.target_rank[inp.d_block], len(LABELS))
    )
    kept.residual_value(led, inp, kept_, repaired_at)
    by_year = np.bincount(
        np.clip(asg.start[asg.code == REPAIR], 0, inp.horizon - 1),
        weights=inp.b_share[asg.code == REPAIR],
        minlength=inp.horizon,
    )
    kept_public_space(led, inp, float(inp.b_share[asg.code != RENEW].sum()), by_year, plan.measures)
    counts = {
        "dwellings": float(len(d_code)),
        "kept": float(none_.sum()),
        "repaired": float(repair_.sum()),
    }
    blocks = np.flatnonzero(asg.code == RENEW)
    counts |= renewal.renew(
        led,
        inp,
        renew_,
        d_start,
        asg.write_down[inp.d_block],
        renewal.BlockRenewal(blocks, asg.start[blocks], asg.densification[blocks]),
        plan.measures.parking_hub,
        plan.measures.green,
        plan.intake,
    )
    counts["tenants_to_rehouse"] = float((renew_ & inp.d_tenant).sum())
    return _views(plan, inp, asg, led, counts)


def _views(
    plan: Plan, inp: Inputs, asg: Assignment, led: Ledger, counts: dict[str, float]
) -> Evaluation:
    a = inp.assumptions
    wom = led.actor("municipality").sum(axis=0)
    # Interest runs over the exploitation's term: until the last renewed block is completed
    # (GREX practice: the balance is closed then). Without renewal there is no exploitation.
    renewing = asg.code == RENEW
    end = int(asg.start[renewing].max() + a.renewal.build_years.value) if renewing.any() else -1
    interest = np.zeros(inp.horizon)
    term = min(end + 1, inp.horizon)
    if term > 0:
        interest[:term] = interest_on_balance(wom[:term], pct(a.finance.interest_rate))
    years = np.arange(inp.horizon)
    led.transfer("municipality", "lenders", "financing", years, -interest)
    rate = pct(a.general.discount_rate)
    flows = led.actor("municipality")
    actor_npv = {
        actor: float(npv(rate, led.actors[i].sum(axis=0))) for i, actor in enumerate(ACTORS)
    }
    return Evaluation(
        plan=plan,
        inputs=inp,
        assignment=asg,
        ledger=led,
        exploitation_flows=flows,
        exploitation_npv=float(npv(rate, flows.sum(axis=0))),
        actor_npv=actor_npv,
        societal_npv=float(npv(rate, led.societal.sum(axis=0))),
        counts=counts,
    )


def sweep(inp: Inputs, plan: Plan, factors: FloatArray) -> FloatArray:
    """Exploitation NPV for each densification factor applied to the plan's renew blocks. [EUR]"""
    base = assign(plan, inp)
    out = np.empty(len(factors))
    for i, k in enumerate(factors):
        dens = np.where(base.code == RENEW, k, base.densification)
        asg = Assignment(base.code, base.start, dens, base.target_rank, base.write_down)
        out[i] = evaluate(inp, plan, asg).exploitation_npv
    return out


def suggested_mix(inp: Inputs, renew_within: int = 6) -> Plan:
    """A sensible mixed plan: renew (at the densification cap) the blocks that become critical within
    ``renew_within`` years and are subsided below the jacking threshold; leave blocks on concrete
    piles alone; repair the rest. [report §1: "in practice a mix is most likely"]"""
    a = inp.assumptions
    n = len(inp.block_ids)
    crit = np.full(n, np.inf)
    np.minimum.at(crit, inp.d_block, inp.d_crit)
    level = np.bincount(inp.d_block, weights=inp.d_level, minlength=n) / np.maximum(
        np.bincount(inp.d_block, minlength=n), 1
    )
    cap = a.renewal.densification_cap.value
    blocks: dict[str, Intervention] = {}
    for i, block in enumerate(inp.block_ids):
        if crit[i] <= renew_within and level[i] <= a.foundation.jacking_threshold.value:
            blocks[str(block)] = Intervention(intervention="renew", densification=cap)
        elif np.isinf(crit[i]):
            blocks[str(block)] = Intervention(intervention="none")
    return Plan(name="mix", default=Intervention(intervention="repair"), blocks=blocks)


__all__ = ["ACTORS", "CATEGORY_LIST", "Evaluation", "assign", "evaluate", "sweep"]
