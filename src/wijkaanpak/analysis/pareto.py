"""A Pareto front of two objectives over the optimiser's MILP (issue #15 §3): the chosen objective
(MKBA, GREX or their weighted mix) against a second one — the municipal deficit (smaller is
better) or the households who can return closed-purse (more is better).

Method: the **epsilon-constraint** method, lexicographic at each step so that no point is
dominated in the linear model. First the two ends (best second objective, then the best first
objective at it; and the other way round), then for each of ``points − 2`` levels ε evenly between
the ends: maximise the first objective with the second ≥ ε, then the second with the first held at
its optimum. Equal plans are kept once. Every point is re-evaluated with the exact engine; a point
the exact engine finds dominated by another point is flagged (``dominated_exact``), not dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.optimize import LinearConstraint

from wijkaanpak.analysis.linear import Linear, block_options, linearise
from wijkaanpak.analysis.milp import Infeasible, solve
from wijkaanpak.analysis.optimise import (
    Proposal,
    Settings,
    check_fixed_kept,
    labelled,
    objective_vector,
    parse_fixed,
    propose,
    solve_or_explain,
)
from wijkaanpak.model.finance import FloatArray
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.issues import InputError, Issue

#: Second objectives: the quantity maximised in the linear model and how it is shown.
SECONDS = {
    "deficit": "exploitation",  # max GREX = min municipal deficit [EUR]
    "returners": "returning_closed_purse",  # owner households who can return closed-purse [-]
}


@dataclass(frozen=True)
class Point:
    """One plan on the front."""

    proposal: Proposal
    second: str  # ``deficit`` or ``returners``
    dominated_exact: bool = False

    def values(self, exact: bool) -> tuple[float, float]:
        """(first objective [EUR], second: deficit [EUR] or households [-]) in either model."""
        p = self.proposal
        q = p.exact if exact else p.linear
        first = p.exact_objective if exact else p.linear_objective
        if self.second == "deficit":
            grex = p.result.evaluation.municipal_share_npv if exact else q["exploitation"]
            return first, max(-grex, 0.0)
        return first, q["returning_closed_purse"]


def front(
    inp: Inputs,
    settings: Settings,
    second: str = "deficit",
    points: int = 7,
    fixed: list[str] | None = None,
    neighbours: list[np.ndarray] | None = None,
    linear: Linear | None = None,
) -> list[Point]:
    """The Pareto front (see the module docstring), ordered by the second objective, best last."""
    if second not in SECONDS:
        msg = f"second objective must be one of {', '.join(SECONDS)}, got {second!r}"
        raise InputError([Issue("optimiser", "", "pareto", msg)])
    if points < 2:
        msg = f"a front needs at least 2 points, got {points}"
        raise InputError([Issue("optimiser", "", "points", msg)])
    options = block_options(inp, settings.levels, settings.start_years)
    s = replace(
        settings, limits=replace(settings.limits, fixed=parse_fixed(inp, options, fixed or []))
    )
    lin = linear if linear is not None else linearise(inp, options)
    check_fixed_kept(lin, s.limits)
    c1, c2 = objective_vector(lin, s), lin.delta[SECONDS[second]]
    solve_or_explain(lin, c1, s, neighbours)  # an infeasible model is explained here
    ends = [_lexmax(lin, s, neighbours, c2, c1, []), _lexmax(lin, s, neighbours, c1, c2, [])]
    low, high = float(c2 @ ends[1]), float(c2 @ ends[0])
    chosen = [ends[1]]
    for eps in np.linspace(low, high, points)[1:-1]:
        floor = [LinearConstraint(c2[None, :], eps - _tol(eps), np.inf)]
        try:
            chosen.append(_lexmax(lin, s, neighbours, c1, c2, floor))
        except Infeasible:
            continue
    chosen.append(ends[0])
    unique = list({tuple(x.astype(int)): x for x in chosen}.values())
    name = s.name or f"pareto-{s.objective}-{second}"
    found = [
        Point(
            labelled(
                propose(lin, x, s, f"{name}-{i + 1}", neighbours=neighbours),
                s,
                fixed or [],
                (second, i + 1),
            ),
            second,
        )
        for i, x in enumerate(unique)
    ]
    return _flag_dominated(found)


def _lexmax(
    lin: Linear,
    s: Settings,
    neighbours: list[np.ndarray] | None,
    primary: FloatArray,
    secondary: FloatArray,
    extra: list[LinearConstraint],
) -> np.ndarray:
    """Maximise ``primary``, then ``secondary`` with ``primary`` held at its optimum."""
    first = solve(lin, primary, s.limits, neighbours, s.time_limit_s, extra=extra)
    hold = LinearConstraint(primary[None, :], first.objective - _tol(first.objective), np.inf)
    return solve(lin, secondary, s.limits, neighbours, s.time_limit_s, extra=[*extra, hold]).chosen


def _tol(value: float) -> float:
    """Slack when holding a solved objective as a constraint (the solver's tolerances). [unit]"""
    return 1e-6 * max(1.0, abs(value))


def _flag_dominated(points: list[Point]) -> list[Point]:
    """Mark points another point beats on the exact engine in both objectives."""
    better_second = -1.0 if points and points[0].second == "deficit" else 1.0
    vals = [p.values(exact=True) for p in points]
    out = []
    for i, p in enumerate(points):
        a1, a2 = vals[i]
        dominated = any(
            b1 >= a1 and better_second * b2 >= better_second * a2 and (b1, b2) != (a1, a2)
            for j, (b1, b2) in enumerate(vals)
            if j != i
        )
        out.append(replace(p, dominated_exact=dominated))
    return out


def table(points: list[Point]) -> pd.DataFrame:
    """One row per point: both objectives in both models, the plan's counts by intervention."""
    rows = []
    for i, p in enumerate(points):
        f_lin, s_lin = p.values(exact=False)
        f_ex, s_ex = p.values(exact=True)
        kinds = [b.intervention for b in p.proposal.plan.blocks.values()]
        rows.append(
            {
                "point": i + 1,
                "objective_linear_eur": f_lin,
                "objective_exact_eur": f_ex,
                f"{p.second}_linear": s_lin,
                f"{p.second}_exact": s_ex,
                "repair_blocks": kinds.count("repair"),
                "renew_blocks": kinds.count("renew"),
                "dominated_exact": p.dominated_exact,
                "feasible_exact": p.proposal.feasible,
            }
        )
    return pd.DataFrame(rows)
