"""Evaluate a plan: per dwelling and block, per year, into the ledger; then the views.

Views (domain brief §4, issue #11 §4), kept apart and reconciling:

* the **exploitation** (GREX): the WOM's flows incl. interest on the cumulative balance, only where
  there is an exploitation (renewal), at the BBV discount rate (``general.discount_rate``);
* **municipal maintenance** of the kept neighbourhood (street raising, sewers, enforcement) as its
  own line, at the same rate; exploitation + maintenance = the municipality's cash flows;
* the **actor view**: cash flows per actor at the same rate;
* the **MKBA** (:mod:`mkba`): effects against the nulalternatief, real, at ``mkba.discount_rate``;
  its distribution per actor sums to its balance because transfers cancel.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace

import numpy as np

from wijkaanpak.model import capacity, contributions, kept, mkba, programme, renewal, space, stock
from wijkaanpak.model.finance import FloatArray, interest_on_balance, npv
from wijkaanpak.model.inputs import Inputs, pct
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.ledger import ACTORS, CATEGORY_LIST, MAINTENANCE, Ledger
from wijkaanpak.model.mkba import Mkba
from wijkaanpak.model.plan import LABELS, Intervention, Plan, builtin_plan
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
    shares: FloatArray  # programme shares of the new homes [block, segment]
    #: start year index the plan asks for (acquisition lag included), before capacity shifts it
    #: (None: = start)
    planned: np.ndarray | None = None
    #: renewed blocks acquired by expropriation (None: none) [block]
    expropriate: np.ndarray | None = None
    #: renewed blocks whose number of new homes the plan fixes (``new_homes``; every vacant site):
    #: the densification curve and space fitting leave them as they are (None: none) [block]
    fixed: np.ndarray | None = None

    @property
    def fixed_homes(self) -> np.ndarray:
        """Per block: the plan fixes its number of new homes. [-]"""
        none = np.zeros(len(self.code), dtype=bool)
        return none if self.fixed is None else self.fixed

    @property
    def planned_start(self) -> np.ndarray:
        """The start year index the plan asks for, before capacity shifts it. [-]"""
        return self.start if self.planned is None else self.planned

    @property
    def expropriated(self) -> np.ndarray:
        """Per block: acquired by expropriation. [-]"""
        none = np.zeros(len(self.code), dtype=bool)
        return none if self.expropriate is None else self.expropriate

    @property
    def shifted(self) -> np.ndarray:
        """Per block: a renewal whose start the capacity moved. [-]"""
        return np.asarray((self.code == RENEW) & (self.start != self.planned_start))


@dataclass(frozen=True)
class Evaluation:
    """Everything a plan evaluation yields (arrays; :mod:`wijkaanpak.analysis.evaluate` makes tables)."""

    plan: Plan
    inputs: Inputs
    assignment: Assignment
    ledger: Ledger
    exploitation_flows: FloatArray  # WOM exploitation [category, year] incl. financing
    exploitation_npv: float  # GREX, BBV discount rate [EUR, nominal flows]
    maintenance_flows: FloatArray  # municipal upkeep of the kept neighbourhood [category, year]
    maintenance_npv: float  # same discount rate as the GREX [EUR]
    actor_npv: dict[str, float]  # cash flows per actor, GREX discount rate [EUR]
    mkba: Mkba  # effects against the nulalternatief, real, MKBA discount rate
    counts: dict[str, float]
    contributions: dict[str, float]  # each party's effect on the GREX [EUR, present value]
    fiscal_flags: list[renewal.FiscalFlag]  # prices below market value (footnote 3)
    fit: space.Fit  # what the renewed blocks allow
    pace: capacity.Pace  # what the renewal uses of the yearly capacity

    @property
    def shifted(self) -> list[tuple[str, int, int]]:
        """Renewed blocks whose start the capacity moved: (block id, planned year, start year)."""
        asg, inp = self.assignment, self.inputs
        planned = asg.planned_start
        moved = np.flatnonzero(asg.shifted)
        return [
            (str(inp.block_ids[b]), inp.year0 + int(planned[b]), inp.year0 + int(asg.start[b]))
            for b in moved
        ]

    @property
    def before_contributions_npv(self) -> float:
        """The GREX without any party's contribution. [EUR]"""
        return self.after_contributions_npv - sum(self.contributions.values())

    @property
    def after_contributions_npv(self) -> float:
        """The GREX with every contribution, the municipality's own included. [EUR]"""
        return self.exploitation_npv

    @property
    def municipal_share_npv(self) -> float:
        """What the municipality bears: its own contribution plus any deficit left after all
        contributions (negative = a cost). [EUR]"""
        return min(self.after_contributions_npv, 0.0) - self.contributions.get("municipality", 0.0)

    @property
    def societal_npv(self) -> float:
        """The MKBA balance (the societal view). [EUR, real, peildatum]"""
        return self.mkba.balance


def assign(plan: Plan, inp: Inputs) -> Assignment:
    """Blocks without a start year start in order of urgency (earliest critical dwelling first),
    spread evenly over ``plan.phasing_years`` from the year after the peildatum."""
    n = len(inp.block_ids)
    chosen = _on_sites(plan, inp, [plan.for_block(str(b)) for b in inp.block_ids])
    code = np.array([_CODE[c.intervention] for c in chosen])
    fixed = np.array([c.new_homes is not None for c in chosen], dtype=bool)
    urgency = np.full(n, np.inf)
    np.minimum.at(urgency, inp.d_block, inp.d_crit)
    order = np.argsort(urgency, kind="stable")
    slot = np.empty(n, dtype=int)
    slot[order] = np.arange(n)
    spread = 1 + (slot * plan.phasing_years) // max(n, 1)
    given = np.array([-1 if c.start_year is None else c.start_year - inp.year0 for c in chosen])
    start = np.where(given >= 0, given, spread)
    expropriate = np.array([c.acquisition == "expropriation" for c in chosen], dtype=bool)
    lag = int(inp.assumptions.acquisition.expropriation_years.value)
    start = np.where(expropriate, start + lag, start)  # acquired when the procedure ends
    _check_start(plan, inp, chosen, start)
    rank = np.array(
        [LABELS.index(c.target_label) if c.target_label else len(LABELS) for c in chosen]
    )
    fallback = programme.shares_vector(plan.programme, programme.default_shares(inp))
    asg = Assignment(
        code=code,
        start=start,
        densification=np.array(
            [c.densification if c.new_homes is None else c.new_homes for c in chosen]
        )
        / np.where(fixed, inp.b_base, 1.0),
        target_rank=rank,
        write_down=np.array([c.write_down for c in chosen]),
        shares=_shares(chosen, fallback),
        expropriate=expropriate,
        fixed=fixed,
    )
    return scheduled(inp, plan, fitted(inp, plan, asg))


def _shares(chosen: list[Intervention], fallback: FloatArray) -> FloatArray:
    """Programme shares per block ``[block, segment]``: the block's own, else ``fallback``."""
    shares = np.repeat(fallback.reshape(1, len(programme.SEGMENTS)), len(chosen), axis=0)
    for i, c in enumerate(chosen):
        if c.programme is not None:
            shares[i] = programme.shares_vector(c.programme, fallback)
    return shares


def _on_sites(plan: Plan, inp: Inputs, chosen: list[Intervention]) -> list[Intervention]:
    """A vacant site is built on only where the plan names it with ``renew`` and ``new_homes``;
    the plan's default leaves it as it is. Anything else named on a site is refused."""
    if not inp.b_site.any():
        return chosen
    none = Intervention(intervention="none")
    out, issues = [], []
    for i, (block, c) in enumerate(zip(inp.block_ids, chosen, strict=True)):
        if not inp.b_site[i]:
            out.append(c)
            continue
        named = str(block) in plan.blocks
        if named and c.intervention == "repair":
            msg = "a vacant site has no homes to repair: renew it with new_homes, or leave it"
            issues.append(Issue(f"plan {plan.name}", f"block {block}", "intervention", msg))
        elif named and c.intervention == "renew" and c.new_homes is None:
            msg = "a vacant site has no homes to densify: give new_homes"
            issues.append(Issue(f"plan {plan.name}", f"block {block}", "new_homes", msg))
        out.append(c if named and c.intervention == "renew" else none)
    if issues:
        raise InputError(issues)
    return out


def scheduled(inp: Inputs, plan: Plan, asg: Assignment) -> Assignment:
    """Renewed blocks' start years shifted later where the yearly demolition and construction
    capacity requires it (:func:`capacity.schedule`), from the plan's own start years."""
    renewing = np.flatnonzero(asg.code == RENEW)
    planned = asg.planned_start
    if len(renewing) == 0:
        return replace(asg, planned=planned)
    demolished = inp.b_dwellings[renewing]
    new = programme.homes(
        inp, renewing, inp.b_base[renewing], asg.densification[renewing], asg.shares[renewing]
    )
    start = planned.copy()
    start[renewing] = capacity.schedule(
        inp, plan.name, renewing, planned[renewing], demolished, new.per_block
    )
    _check_delivery(plan, inp, renewing, planned, start)
    return replace(asg, start=start, planned=planned)


def _check_delivery(
    plan: Plan, inp: Inputs, renewing: np.ndarray, planned: np.ndarray, start: np.ndarray
) -> None:
    """Every renewal, shifted for capacity, is delivered before the horizon's last year."""
    build = int(inp.assumptions.renewal.build_years.value)
    last = inp.year0 + inp.horizon - 1
    issues = [
        Issue(
            f"plan {plan.name}",
            f"block {inp.block_ids[b]}",
            "start_year",
            f"the yearly capacity (capacity.demolition, capacity.construction) moves its start "
            f"from {inp.year0 + planned[b]} to {inp.year0 + start[b]}, so it is delivered in "
            f"{inp.year0 + start[b] + build}, not before {last}: raise the capacity, renew fewer "
            f"blocks, or lengthen the horizon",
        )
        for b in renewing
        if start[b] != planned[b] and inp.year0 + start[b] + build >= last
    ]
    if issues:
        raise InputError(issues)


def fitted(inp: Inputs, plan: Plan, asg: Assignment) -> Assignment:
    """With ``plan.fit_to_space``, each renewed block's densification lowered to the largest that
    fits on it (:func:`space.largest_fitting`); else unchanged."""
    renewing = np.flatnonzero((asg.code == RENEW) & ~asg.fixed_homes)
    if not plan.fit_to_space or len(renewing) == 0:
        return asg
    best = space.largest_fitting(
        inp,
        renewing,
        inp.b_base[renewing],
        asg.densification[renewing],
        asg.shares[renewing],
        plan.measures.parking_hub,
    )
    dens = asg.densification.copy()
    dens[renewing] = best
    return replace(asg, densification=dens)


def _check_start(plan: Plan, inp: Inputs, chosen: list[Intervention], start: np.ndarray) -> None:
    """Every start year lies in the analysis period, and a renewal is delivered before its last
    year (its homes must be lived in and valued). Raises :class:`InputError` naming each block."""
    build = int(inp.assumptions.renewal.build_years.value)
    last = inp.year0 + inp.horizon - 1
    kind = np.array([_CODE[c.intervention] for c in chosen])
    early = np.array([c.start_year is not None and c.start_year < inp.year0 for c in chosen])
    ready = inp.year0 + np.asarray(start) + np.where(kind == RENEW, build, 0)
    if not ((kind != NONE) & (early | (ready >= last))).any():
        return  # the usual case, without a loop over the blocks; the messages come from the loop
    issues = []
    for block, c, s in zip(inp.block_ids, chosen, start, strict=True):
        if c.intervention == "none":
            continue
        if c.start_year is not None and c.start_year < inp.year0:
            msg = f"start year {c.start_year} lies before the peildatum ({inp.year0})"
            issues.append(Issue(f"plan {plan.name}", f"block {block}", "start_year", msg))
            continue
        done = inp.year0 + int(s) + (build if c.intervention == "renew" else 0)
        if done >= last:
            what = "renewal is delivered" if c.intervention == "renew" else "repair starts"
            msg = (
                f"the {what} in {done}, not before {last}, the last year of the horizon "
                f"(general.horizon {inp.horizon} yr from {inp.year0}): start earlier, shorten "
                f"phasing_years, or lengthen the horizon"
            )
            issues.append(Issue(f"plan {plan.name}", f"block {block}", "start_year", msg))
    if issues:
        raise InputError(issues)


@dataclass(frozen=True)
class _Booked:
    ledger: Ledger
    counts: dict[str, float]
    renewed: renewal.Renewed
    own_contribution: FloatArray  # the municipality's own contribution per year [EUR, nominal]
    by_party: dict[str, FloatArray]
    fit: space.Fit
    term: int  # the exploitation's last year index + 1 (interest is charged until then)


def _book(inp: Inputs, plan: Plan, asg: Assignment) -> _Booked:
    """Book every flow and welfare effect of a plan into a ledger, with counts."""
    led = Ledger(inp.horizon, len(inp.block_ids))
    d_code = asg.code[inp.d_block]
    d_start = asg.start[inp.d_block]
    none_, repair_, renew_ = (d_code == NONE), (d_code == REPAIR), (d_code == RENEW)
    d_target = np.where(repair_, asg.target_rank[inp.d_block], len(LABELS))
    repairs = kept.combine(
        kept.none(led, inp, none_), kept.repair(led, inp, repair_, d_start, d_target)
    )
    kept_ = none_ | repair_
    kept.energy_transition(led, inp, kept_, d_target)
    kept.residual_value(led, inp, kept_, repairs)
    demolished_at = np.where(renew_, d_start, np.inf).astype(float)
    stock.book_existing(led, inp, stock.use(inp, repairs, demolished_at, d_target))
    b_start = np.where(asg.code == REPAIR, asg.start, np.inf).astype(float)
    kept_public_space(led, inp, asg.code != RENEW, b_start, plan.measures)
    counts = {
        "dwellings": float(len(d_code)),
        "kept": float(none_.sum()),
        "repaired": float(repair_.sum()),
        "forced_repairs": float((none_ & np.isfinite(repairs.repaired_at)).sum()),
        "homes_left_empty": float(np.isfinite(repairs.vacant_from).sum()),
        "repairs_after_horizon": float(np.isfinite(repairs.pending_due).sum()),
    }
    blocks = np.flatnonzero(asg.code == RENEW)
    renewed = renewal.renew(
        led,
        inp,
        renew_,
        d_start,
        asg.write_down[inp.d_block],
        renewal.BlockRenewal(
            blocks, asg.start[blocks], asg.densification[blocks], asg.shares[blocks]
        ),
        asg.expropriated[inp.d_block],
        plan.measures.parking_hub,
        plan.measures.green,
        plan.intake,
        plan.doorschuiven,
    )
    counts |= renewed.counts
    counts["tenants_to_rehouse"] = float((renew_ & inp.d_tenant).sum())
    counts["start_years_shifted"] = float(asg.shifted.sum())
    by_party = contributions.yearly(inp, plan)
    own = contributions.book(led, by_party)
    term = _term(inp, asg)
    _interest(led, inp, own, term)
    fit = space.fit(inp, blocks, renewed.homes, plan.measures.parking_hub)
    return _Booked(led, counts, renewed, own, by_party, fit, term)


def _term(inp: Inputs, asg: Assignment) -> int:
    """The exploitation runs until the last renewed block is completed (GREX practice: the balance
    is closed then); 0 without renewal."""
    renewing = asg.code == RENEW
    if not renewing.any():
        return 0
    end = int(asg.start[renewing].max() + inp.assumptions.renewal.build_years.value)
    return min(end + 1, inp.horizon)


def _interest(led: Ledger, inp: Inputs, own: FloatArray, term: int) -> None:
    """Interest on the exploitation's cumulative balance (incl. the municipality's own
    contribution) over its term. No renewal, no exploitation."""
    if term == 0:
        return
    wom = _exploitation(led, own).sum(axis=0)
    interest = np.zeros(inp.horizon)
    interest[:term] = interest_on_balance(wom[:term], pct(inp.assumptions.finance.interest_rate))
    led.transfer("municipality", "lenders", "financing", np.arange(inp.horizon), -interest)


def _exploitation(led: Ledger, own: FloatArray | None = None) -> FloatArray:
    """The WOM's flows: the municipality's without its maintenance of the kept neighbourhood, plus
    the municipality's own contribution to the exploitation (from its own budget)."""
    flows = led.actor("municipality").copy()
    flows[[CATEGORY_LIST.index(c) for c in MAINTENANCE]] = 0.0
    if own is not None:
        flows[CATEGORY_LIST.index("contributions")] += own
    return flows


def evaluate(inp: Inputs, plan: Plan, assignment: Assignment | None = None) -> Evaluation:
    """Book every flow of ``plan`` and compute the three views."""
    asg = assignment or assign(plan, inp)
    booked = _book(inp, plan, asg)
    renewing = np.flatnonzero(asg.code == RENEW)
    space.refuse(inp, plan.name, renewing, booked.fit, asg.fixed_homes[renewing])
    led = booked.ledger
    a = inp.assumptions
    rate = pct(a.general.discount_rate)
    flows = _exploitation(led, booked.own_contribution)
    # the municipality's own budget: maintenance of the kept neighbourhood and its contribution
    maintenance = led.actor("municipality") - flows
    return Evaluation(
        plan=plan,
        inputs=inp,
        assignment=asg,
        ledger=led,
        exploitation_flows=flows,
        exploitation_npv=float(npv(rate, flows.sum(axis=0))),
        maintenance_flows=maintenance,
        maintenance_npv=float(npv(rate, maintenance.sum(axis=0))),
        actor_npv=dict(
            zip(
                ACTORS,
                npv(rate, led.extended(led.actors, led.later).sum(axis=1)).tolist(),
                strict=True,
            )
        ),
        mkba=mkba.compare(mkba.accounts(led, a), baseline(inp), a),
        counts=booked.counts,
        contributions=contributions.effects(
            booked.by_party, rate, pct(a.finance.interest_rate), booked.term
        ),
        fiscal_flags=booked.renewed.fiscal_flags,
        fit=booked.fit,
        pace=booked.renewed.pace,
    )


_BASELINES: dict[int, tuple[weakref.ref[Inputs], mkba.Accounts]] = {}


def baseline(inp: Inputs) -> mkba.Accounts:
    """The nulalternatief's accounts (plan ``all-none``), computed once per :class:`Inputs`."""
    hit = _BASELINES.get(id(inp))
    if hit is not None and hit[0]() is inp:
        return hit[1]
    plan = builtin_plan("all-none")
    result = mkba.accounts(_book(inp, plan, assign(plan, inp)).ledger, inp.assumptions)
    key = id(inp)
    _BASELINES[key] = (weakref.ref(inp, lambda _: _BASELINES.pop(key, None)), result)
    return result


def sweep(
    inp: Inputs, plan: Plan, factors: FloatArray
) -> tuple[FloatArray, np.ndarray, np.ndarray]:
    """Exploitation NPV for each densification factor applied to the plan's renew blocks, and
    whether every renewed block's new homes fit (:mod:`space`) at that factor. With
    ``plan.fit_to_space`` a full block stays at its largest fitting densification (the curve
    flattens where blocks are full) and the point does not fit. Also the number of renewed blocks
    that are full (lowered, or past their capacity) at each factor. [EUR], [-], [-]"""
    base = assign(plan, inp)
    out = np.empty(len(factors))
    fits = np.empty(len(factors), dtype=bool)
    full = np.zeros(len(factors), dtype=int)
    for i, k in enumerate(factors):
        dens = np.where((base.code == RENEW) & ~base.fixed_homes, k, base.densification)
        asg = scheduled(inp, plan, fitted(inp, plan, replace(base, densification=dens)))
        booked = _book(inp, plan, asg)
        out[i] = _grex(inp, booked)
        renewing = asg.code == RENEW
        lowered = asg.densification[renewing] < dens[renewing] - 1e-9
        full[i] = int((lowered | ~booked.fit.fits).sum())
        fits[i] = full[i] == 0
    return out, fits, full


def exploitation_npv(inp: Inputs, plan: Plan, assignment: Assignment | None = None) -> float:
    """The GREX alone (no MKBA, no nulalternatief, no space check): for the densification curve
    and the tornado, which vary the plan or the assumptions many times and show only this. [EUR]"""
    return _grex(inp, _book(inp, plan, assignment or assign(plan, inp)))


def _grex(inp: Inputs, booked: _Booked) -> float:
    flows = _exploitation(booked.ledger, booked.own_contribution)
    return float(npv(pct(inp.assumptions.general.discount_rate), flows.sum(axis=0)))


def suggested_mix(inp: Inputs, renew_within: int = 6) -> Plan:
    """A sensible mixed plan: renew (at the densification cap) the blocks that become critical within
    ``renew_within`` years and are subsided below the jacking threshold; leave blocks on concrete
    piles alone; repair the rest. [report §1: "in practice a mix is most likely"]"""
    a = inp.assumptions
    n = len(inp.block_ids)
    crit = np.full(n, np.inf)
    np.minimum.at(crit, inp.d_block, inp.d_crit)
    level = np.bincount(inp.d_block, weights=inp.d_level, minlength=n) / np.maximum(
        inp.b_dwellings, 1
    )
    cap = a.renewal.densification_cap.value
    blocks: dict[str, Intervention] = {}
    for i, block in enumerate(inp.block_ids):
        if crit[i] <= renew_within and level[i] <= a.foundation.jacking_threshold.value:
            blocks[str(block)] = Intervention(intervention="renew", densification=cap)
        elif np.isinf(crit[i]):
            blocks[str(block)] = Intervention(intervention="none")
    return Plan(
        name="mix", default=Intervention(intervention="repair"), blocks=blocks, fit_to_space=True
    )


__all__ = [
    "ACTORS",
    "CATEGORY_LIST",
    "Evaluation",
    "assign",
    "evaluate",
    "exploitation_npv",
    "sweep",
]
