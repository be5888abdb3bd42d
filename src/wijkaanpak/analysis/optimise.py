"""The optimiser (issue #15): the best mix of none, repair and renewal, block by block, under the
project's constraints.

Steps (``docs/optimise.md``):

1. :func:`~wijkaanpak.analysis.linear.linearise` measures each block option's contribution with
   the exact engine (one block changed at a time from ``all-none``);
2. :func:`~wijkaanpak.analysis.milp.solve` picks one option per block (HiGHS via scipy);
3. the proposed plan is **re-evaluated with the exact engine**: both objective values are shown
   and their difference, the gap (exact − linear), as are the constraints in both models;
4. where the exact engine breaks a limit the linear model met (the deficit: interest on the
   running balance is not additive), the limit is tightened in the linear model by the gap seen
   and the MILP solved again (:func:`corrected`, at most ``corrections`` times);
5. optionally a **local search** on the exact engine (single-block changes, best linear promise
   first, within a time budget) improves the exact objective while every constraint holds exactly.

Objectives [EUR]: ``mkba`` (MKBA balance, real, 2.25 %), ``exploitation`` (GREX NPV, 2.0 %,
BBV) or ``weighted`` (w × MKBA + (1 − w) × GREX). The municipal deficit is what the municipality
bears of the exploitation (``exploitation.municipal_share_eur``; the optimiser's plans carry no
contributions, so it is max(−GREX, 0)); its maintenance of the kept neighbourhood is its own line.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.optimize import LinearConstraint

from wijkaanpak.analysis.adjacency import DEFAULT_WITHIN_M
from wijkaanpak.analysis.evaluate import Result
from wijkaanpak.analysis.linear import (
    DEFAULT_LEVELS,
    Linear,
    Option,
    block_options,
    exact,
    linearise,
    make_plan,
    quantities,
)
from wijkaanpak.analysis.milp import GROUPS, Infeasible, Limits, Solution, solve
from wijkaanpak.model.finance import FloatArray
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.plan import Optimised, Plan

OBJECTIVES = ("mkba", "exploitation", "weighted")
_TOL = {"eur": 1.0, "count": 1e-6}  # slack when judging an exact value against a limit
#: Extra tightening per correction, beyond the gap seen [unit of the limit]; *assumption*:
#: small against the limits users set, large enough to step past rounding.
_MARGIN = {"max_deficit": 10_000.0, "min_return_share": 1e-3}


@dataclass(frozen=True)
class Settings:
    """What to optimise and under which constraints."""

    objective: str = "mkba"  # one of OBJECTIVES
    mkba_weight: float = 0.5  # weighted: share of the MKBA [fraction 0–1]
    limits: Limits = field(default_factory=Limits)
    levels: tuple[float, ...] = DEFAULT_LEVELS  # densification levels for renewal [-]
    #: start years to choose from for each repair and renewal (empty: the planned phasing) [yr]
    start_years: tuple[int, ...] = ()
    polish_s: float = 0.0  # time budget of the local search on the exact engine [s]
    corrections: int = 5  # re-solves when the exact engine breaks a limit [-]
    time_limit_s: float = 60.0  # per MILP solve [s]
    name: str = ""  # the plan's name (default optimised-<objective>)
    adjacency_m: float = DEFAULT_WITHIN_M  # the neighbours' distance, recorded with a plan [m]

    def __post_init__(self) -> None:
        if self.objective not in OBJECTIVES:
            msg = f"objective must be one of {', '.join(OBJECTIVES)}, got {self.objective!r}"
            raise InputError([Issue("optimiser", "", "objective", msg)])
        if not 0.0 <= self.mkba_weight <= 1.0:
            msg = f"mkba_weight must lie in 0–1, got {self.mkba_weight}"
            raise InputError([Issue("optimiser", "", "mkba_weight", msg)])


@dataclass(frozen=True)
class Check:
    """One constraint in the linear model and on the exact engine."""

    name: str
    limit: float
    linear: float
    exact: float
    ok: bool  # holds on the exact engine


@dataclass(frozen=True)
class Proposal:
    """A plan with its exact evaluation and the linear model's view of it."""

    plan: Plan
    result: Result
    linear: dict[str, float]  # the linear model's quantities [EUR or count]
    exact: dict[str, float]  # the exact engine's quantities
    linear_objective: float  # [EUR]
    exact_objective: float  # [EUR]
    checks: list[Check]
    solve_s: float = 0.0  # HiGHS's time for this plan [s]

    @property
    def gap_eur(self) -> float:
        """Exact minus linear objective. [EUR]"""
        return self.exact_objective - self.linear_objective

    @property
    def feasible(self) -> bool:
        """Every constraint holds on the exact engine."""
        return all(c.ok for c in self.checks)


@dataclass(frozen=True)
class Outcome:
    """The optimiser's answer: the proposal, what the MILP alone proposed, and the times."""

    proposal: Proposal
    milp: Proposal  # before the local search
    linear: Linear
    linearise_s: float  # [s]
    milp_s: float  # HiGHS [s]
    polish_s: float  # local search [s]
    total_s: float  # the whole optimisation [s]
    polish_moves: list[tuple[str, str, str]] = field(default_factory=list)  # (block, from, to)
    corrections: int = 0  # re-solves with limits tightened by the exact gap [-]


def objective_vector(lin: Linear, s: Settings) -> FloatArray:
    """Each variable's contribution to the objective. [EUR]"""
    return _weigh(lin.delta["mkba"], lin.delta["exploitation"], s)


def objective_of(q: Mapping[str, float], s: Settings) -> float:
    """The objective of a plan's quantities. [EUR]"""
    return float(_weigh(np.asarray(q["mkba"]), np.asarray(q["exploitation"]), s))


def _weigh(mkba: FloatArray, grex: FloatArray, s: Settings) -> FloatArray:
    w = {"mkba": 1.0, "exploitation": 0.0, "weighted": s.mkba_weight}[s.objective]
    return np.asarray(w * mkba + (1.0 - w) * grex, dtype=float)


def parse_fixed(
    inp: Inputs, options: dict[int, list[Option]], specs: list[str]
) -> dict[int, tuple[str, ...]]:
    """``["B1A01=repair", "B2A03=renew", "B2A04=renew@1.50", …]`` → block index → the option labels
    allowed (``renew`` allows every renewal level). Bad specs raise :class:`InputError`."""
    position = {str(b): i for i, b in enumerate(inp.block_ids)}
    issues: list[Issue] = []
    out: dict[int, tuple[str, ...]] = {}
    for spec in specs:
        block, _, want = spec.partition("=")
        b = position.get(block.strip())
        if b is None:
            issues.append(
                Issue("--fix", spec, "block", f"block {block!r} is not in the neighbourhood")
            )
            continue
        labels = _matching(options[b], want.strip())
        if not labels:
            have = ", ".join(o.label for o in options[b])
            msg = f"{want!r} is not an option for block {block}; options: {have}"
            issues.append(Issue("--fix", spec, "intervention", msg))
            continue
        out[b] = labels
    if issues:
        raise InputError(issues)
    return out


def _matching(opts: list[Option], want: str) -> tuple[str, ...]:
    """The labels ``want`` allows: ``none``, ``repair``, ``renew`` (every level and start),
    ``renew@1.50`` (every start), each optionally with ``/2030`` (that start only)."""
    choice, _, year = want.partition("/")
    if year and not re.fullmatch(r"[0-9]{4}", year.strip()):  # not str.isdigit: "²" is a digit
        return ()

    def timed(o: Option) -> bool:
        return not year or o.intervention.start_year == int(year)

    if choice in ("none", "repair", "renew"):
        return tuple(o.label for o in opts if o.kind == choice and timed(o))
    if choice.startswith("renew@"):
        try:
            k = float(choice.removeprefix("renew@"))
        except ValueError:
            return ()
        level = f"renew@{k:.2f}"
        return tuple(o.label for o in opts if o.label.split("/")[0] == level and timed(o))
    return ()


def check(
    lin_q: Mapping[str, float], exact_q: Mapping[str, float], result: Result, limits: Limits
) -> list[Check]:
    """Every active constraint, in the linear model and on the exact engine."""
    out: list[Check] = []
    if limits.max_deficit is not None:
        lin_def = max(-lin_q["exploitation"], 0.0)
        ex_def = max(-result.evaluation.municipal_share_npv, 0.0)
        ok = ex_def <= limits.max_deficit + _TOL["eur"]
        out.append(Check("max_deficit", limits.max_deficit, lin_def, ex_def, ok))
    if limits.min_return_share is not None:
        lin_s, ex_s = _share(lin_q), _share(exact_q)
        ok = ex_s >= limits.min_return_share - _TOL["count"]
        out.append(Check("min_return_share", limits.min_return_share, lin_s, ex_s, ok))
    if limits.max_displaced_tenants is not None:
        lim, lq, eq = (
            limits.max_displaced_tenants,
            lin_q["tenants_displaced"],
            exact_q["tenants_displaced"],
        )
        out.append(Check("max_displaced_tenants", lim, lq, eq, eq <= lim + _TOL["count"]))
    if limits.min_net_new_homes is not None:
        lim, lq, eq = limits.min_net_new_homes, lin_q["net_new_homes"], exact_q["net_new_homes"]
        out.append(Check("min_net_new_homes", lim, lq, eq, eq >= lim - _TOL["count"]))
    if limits.capacity:
        moved = result.evaluation.counts.get("start_years_shifted", 0.0)
        out.append(Check("capacity", 0.0, 0.0, moved, moved == 0))
    return out


def _contiguity_check(
    lin: Linear, chosen: np.ndarray, s: Settings, neighbours: list[np.ndarray] | None
) -> list[Check]:
    """Renewed blocks without a renewed neighbour (a property of the plan: the same in both
    models). [-]"""
    if not s.limits.contiguity or neighbours is None:
        return []
    n = float(len(_isolated(lin, chosen, neighbours)))
    return [Check("contiguity", 0.0, n, n, n == 0)]


def _isolated(lin: Linear, chosen: np.ndarray, neighbours: list[np.ndarray]) -> list[int]:
    """Renewed blocks with no renewed neighbour. [block indices]"""
    renewed = np.zeros(len(lin.inputs.block_ids), dtype=bool)
    renewed[lin.var_block[(chosen > 0.5) & lin.is_renew()]] = True
    return [int(b) for b in np.flatnonzero(renewed) if not renewed[neighbours[b]].any()]


def _share(q: Mapping[str, float]) -> float:
    """Share of the owners who may return that can return closed-purse (1 when none may). [-]"""
    cand = q["returning_candidates"]
    return float(q["returning_closed_purse"] / cand) if cand > 1e-9 else 1.0


def propose(
    lin: Linear,
    chosen: np.ndarray,
    s: Settings,
    name: str,
    solve_s: float = 0.0,
    neighbours: list[np.ndarray] | None = None,
) -> Proposal:
    """The plan of the 0/1 vector ``chosen``, evaluated exactly and in the linear model."""
    inp = lin.inputs
    choice = {lin.options[v].block: lin.options[v] for v in np.flatnonzero(chosen > 0.5)}
    plan = make_plan(inp, name, choice)
    result = exact(inp, plan)
    ex = quantities(result)
    lq = {k: lin.value(k, chosen) for k in lin.delta}
    return Proposal(
        plan=plan,
        result=result,
        linear=lq,
        exact=ex,
        linear_objective=objective_of(lq, s),
        exact_objective=objective_of(ex, s),
        checks=check(lq, ex, result, s.limits) + _contiguity_check(lin, chosen, s, neighbours),
        solve_s=solve_s,
    )


def optimise(
    inp: Inputs,
    settings: Settings,
    fixed: list[str] | None = None,
    neighbours: list[np.ndarray] | None = None,
    progress: Callable[[int, int], None] | None = None,
    linear: Linear | None = None,
) -> Outcome:
    """Propose a plan (see the module docstring). ``fixed``: ``BLOCK=OPTION`` specs;
    ``neighbours``: per block its neighbours (:mod:`adjacency`), needed for contiguity;
    ``linear``: a linear model made before (for several runs on the same neighbourhood).
    Raises :class:`InputError` when no plan meets the constraints, naming those that conflict."""
    begin = time.perf_counter()
    if settings.limits.contiguity and neighbours is None:
        msg = "contiguity needs the blocks' neighbours (block geometry)"
        raise InputError([Issue("optimiser", "", "contiguity", msg)])
    options = block_options(inp, settings.levels, settings.start_years)
    limits = replace(settings.limits, fixed=parse_fixed(inp, options, fixed or []))
    s = replace(settings, limits=limits)
    lin = linear if linear is not None else linearise(inp, options, progress=progress)
    lin_s = time.perf_counter() - begin
    check_fixed_kept(lin, limits)
    name = s.name or f"optimised-{s.objective}"
    tries = corrected(lin, s, neighbours, name)
    first = tries[0][0]
    best, chosen = min(tries, key=lambda t: _rank(t[0]))
    t0 = time.perf_counter()
    best, moves = polish(lin, chosen, best, s, neighbours, name)
    return Outcome(
        proposal=labelled(best, s, fixed or []),
        milp=first,
        linear=lin,
        linearise_s=lin_s,
        milp_s=sum(p.solve_s for p, _ in tries),
        polish_s=time.perf_counter() - t0,
        total_s=time.perf_counter() - begin,
        polish_moves=moves,
        corrections=len(tries) - 1,
    )


def labelled(
    p: Proposal, s: Settings, fixed: list[str], pareto: tuple[str, int] | None = None
) -> Proposal:
    """``p`` with its plan saying that the optimiser proposed it, for what and under which limits
    (:class:`~wijkaanpak.model.plan.Optimised`; a plan file or saved plan keeps it)."""
    lim = s.limits
    numeric = {
        "max_deficit": lim.max_deficit,
        "min_return_share": lim.min_return_share,
        "max_displaced_tenants": lim.max_displaced_tenants,
        "min_net_new_homes": lim.min_net_new_homes,
        "contiguity": s.adjacency_m if lim.contiguity else None,
        "capacity": 0.0 if lim.capacity else None,
    }
    origin = Optimised(
        objective=s.objective,
        mkba_weight=s.mkba_weight if s.objective == "weighted" else None,
        constraints={k: float(v) for k, v in numeric.items() if v is not None},
        fixed=list(fixed),
        linear_objective_eur=round(p.linear_objective, 2),
        exact_objective_eur=round(p.exact_objective, 2),
        polish_s=s.polish_s,
        pareto_second=pareto[0] if pareto else None,
        pareto_point=pareto[1] if pareto else None,
    )
    return replace(p, plan=p.plan.model_copy(update={"optimiser": origin}))


def corrected(
    lin: Linear, s: Settings, neighbours: list[np.ndarray] | None, name: str
) -> list[tuple[Proposal, np.ndarray]]:
    """Solve, evaluate exactly, and while the exact engine breaks a limit that the linear model
    met, tighten that limit in the linear model by the gap just seen and solve again (at most
    ``s.corrections`` times; stops when no plan meets the tightened limits). Every proposal, in
    order; the first is the MILP's own."""
    c = objective_vector(lin, s)
    sol = solve_or_explain(lin, c, s, neighbours)
    tries = [(propose(lin, sol.chosen, s, name, sol.solve_s, neighbours), sol.chosen)]
    inner = s.limits
    for _ in range(s.corrections):
        last = tries[-1][0]
        if last.feasible:
            break
        inner = tighten(inner, last.checks)
        try:
            sol = solve(lin, c, inner, neighbours, s.time_limit_s)
        except Infeasible:
            break
        tries.append((propose(lin, sol.chosen, s, name, sol.solve_s, neighbours), sol.chosen))
    return tries


def tighten(limits: Limits, checks: list[Check]) -> Limits:
    """``limits`` moved by each broken constraint's gap (exact − linear) plus a margin, so that
    the linear model asks what the exact engine needs. [units of each limit]"""
    broken = {c.name: c for c in checks if not c.ok}

    def moved(name: str, value: float | None) -> float | None:
        c = broken.get(name)
        if value is None or c is None:
            return value
        margin = _MARGIN.get(name, 0.0)
        if name.startswith("max_"):
            return value - max(c.exact - c.linear, 0.0) - margin
        return value + max(c.linear - c.exact, 0.0) + margin

    return replace(
        limits,
        max_deficit=moved("max_deficit", limits.max_deficit),
        min_return_share=moved("min_return_share", limits.min_return_share),
        max_displaced_tenants=moved("max_displaced_tenants", limits.max_displaced_tenants),
        min_net_new_homes=moved("min_net_new_homes", limits.min_net_new_homes),
    )


def _rank(p: Proposal) -> tuple[float, float]:
    """Order proposals: exactly feasible first, then by the exact objective (best first)."""
    return (_violation(p), -p.exact_objective)


def solve_or_explain(
    lin: Linear,
    objective: FloatArray,
    s: Settings,
    neighbours: list[np.ndarray] | None,
    extra: list[LinearConstraint] | None = None,
) -> Solution:
    """:func:`milp.solve`, with an infeasible model turned into an :class:`InputError` that names
    the constraints that cannot hold together and what each can reach on its own."""
    try:
        return solve(lin, objective, s.limits, neighbours, s.time_limit_s, extra=extra)
    except Infeasible as exc:
        raise InputError(_explain(lin, s, exc.groups)) from None


def _explain(lin: Linear, s: Settings, groups: list[str]) -> list[Issue]:
    reach = reachable(lin, s)
    issues = []
    for g in groups or list(GROUPS):
        others = [x for x in groups if x != g]
        msg = (
            f"cannot hold together with {', '.join(others)}"
            if others
            else "no plan of the offered options meets it"
        )
        if g in reach:
            msg += f"; {reach[g]}"
        issues.append(Issue("optimiser", "no plan meets the constraints", g, msg))
    return issues


def reachable(lin: Linear, s: Settings) -> dict[str, str]:
    """For the numeric constraints: the best value any plan reaches in the linear model, with only
    the fixed blocks, contiguity and capacity in force (a hint for loosening a limit)."""
    structural = Limits(
        contiguity=s.limits.contiguity, capacity=s.limits.capacity, fixed=s.limits.fixed
    )
    out: dict[str, str] = {}
    probes = {
        "max_deficit": ("exploitation", 1.0, "the smallest deficit reachable is € {v:,.0f}", -1.0),
        "max_displaced_tenants": (
            "tenants_displaced",
            -1.0,
            "at least {v:,.0f} tenant households must move",
            1.0,
        ),
        "min_net_new_homes": ("net_new_homes", 1.0, "at most {v:,.0f} net new homes", 1.0),
    }
    for group, (q, sign, text, show) in probes.items():
        try:
            sol = solve(lin, sign * lin.delta[q], structural, None, s.time_limit_s)
        except Infeasible:
            continue
        value = lin.base[q] + lin.delta[q] @ sol.chosen
        out[group] = text.format(v=max(show * value, 0.0) if group == "max_deficit" else value)
    return out


def check_fixed_kept(lin: Linear, limits: Limits) -> None:
    """A block fixed to an option the engine refused on its own cannot be honoured."""
    kept = {(o.block, o.label) for o in lin.options}
    issues = []
    for b, labels in limits.fixed.items():
        if not any((b, lab) in kept for lab in labels):
            block = str(lin.inputs.block_ids[b])
            why = "; ".join(r for blk, lab, r in lin.dropped if blk == block and lab in labels)
            msg = f"fixed to {', '.join(labels)}, which the engine refuses for this block: {why}"
            issues.append(Issue("--fix", f"block {block}", "intervention", msg))
    if issues:
        raise InputError(issues)


def polish(
    lin: Linear,
    chosen: np.ndarray,
    start: Proposal,
    s: Settings,
    neighbours: list[np.ndarray] | None,
    name: str,
) -> tuple[Proposal, list[tuple[str, str, str]]]:
    """Local search on the exact engine within ``s.polish_s`` seconds: try changing one block to
    another option, most promising first (by the linear model), and keep a change that raises the
    exact objective with every constraint holding exactly (or that lowers the violation of a
    proposal that breaks one). Stops when a full pass finds nothing or the time is up."""
    if s.polish_s <= 0:
        return start, []
    deadline = time.perf_counter() + s.polish_s
    best, current = start, chosen.copy()
    moves: list[tuple[str, str, str]] = []
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for v in _candidates(lin, current, s):
            if time.perf_counter() >= deadline:
                break
            trial = _switch(lin, current, v)
            if not _structural_ok(lin, trial, s.limits, neighbours):
                continue
            try:
                p = propose(lin, trial, s, name, neighbours=neighbours)
            except InputError:
                continue
            if _better(p, best):
                block = lin.options[v].block
                old = next(
                    lin.options[u].label
                    for u in np.flatnonzero(current > 0.5)
                    if lin.options[u].block == block
                )
                moves.append((str(lin.inputs.block_ids[block]), old, lin.options[v].label))
                best, current, improved = p, trial, True
                break
    return best, moves


def _candidates(lin: Linear, current: np.ndarray, s: Settings) -> list[int]:
    """Variables not chosen, on blocks not fixed, by the linear change of the objective, best
    first."""
    c = objective_vector(lin, s)
    blocks = lin.var_block
    now = np.zeros(len(lin.inputs.block_ids))
    now[blocks[current > 0.5]] = c[current > 0.5]
    gain = c - now[blocks]
    free = np.array(
        [o.block not in s.limits.fixed or o.label in s.limits.fixed[o.block] for o in lin.options]
    )
    pool = np.flatnonzero((current < 0.5) & free)
    return [int(v) for v in pool[np.argsort(-gain[pool], kind="stable")]]


def _switch(lin: Linear, current: np.ndarray, v: int) -> np.ndarray:
    trial = current.copy()
    trial[lin.var_block == lin.var_block[v]] = 0.0
    trial[v] = 1.0
    return trial


def _structural_ok(
    lin: Linear, chosen: np.ndarray, limits: Limits, neighbours: list[np.ndarray] | None
) -> bool:
    """Contiguity holds (capacity and the rest are judged on the exact engine)."""
    if not limits.contiguity or neighbours is None:
        return True
    return not _isolated(lin, chosen, neighbours)


def _better(new: Proposal, old: Proposal) -> bool:
    if not old.feasible:
        return _violation(new) < _violation(old) - 1e-9
    return new.feasible and new.exact_objective > old.exact_objective + _TOL["eur"]


def _violation(p: Proposal) -> float:
    """How far a proposal breaks its constraints, each scaled to its limit. [-]"""
    total = 0.0
    for c in p.checks:
        if c.ok:
            continue
        scale = max(abs(c.limit), 1.0)
        total += abs(c.exact - c.limit) / scale
    return total
