"""The optimiser's mixed-integer linear program (issue #15 §1), solved with HiGHS through
:func:`scipy.optimize.milp` (scipy is already pinned; no new dependency).

Variables x[v] ∈ {0, 1}, one per block and option of the :class:`~wijkaanpak.analysis.linear.Linear`
model. With c the objective's contribution per variable:

    maximise   Σ_v c[v] x[v]
    subject to Σ_{v of block b} x[v] = 1                         every block one option
               x[v] = 1                                           options fixed by the user
               base_expl + Σ expl[v] x[v] ≥ −max_deficit          municipal deficit
               Σ (closed[v] − s · cand[v]) x[v] ≥ −(base_closed − s · base_cand)
                                                                  share returning closed-purse ≥ s
               base_ten + Σ ten[v] x[v] ≤ max_tenants             displaced tenants
               base_net + Σ net[v] x[v] ≥ min_net_new_homes       net new homes
               R_b ≤ Σ_{j ∈ N(b)} R_j                             contiguity, R_b = Σ renew x of b
               Σ_{b starts in t} dem[v] x[v] ≤ capacity.demolition          every year t
               Σ_{b builds in t} new[v] / build_years x[v] ≤ capacity.construction

All constraints are optional (:class:`Limits`). When no plan meets them, :func:`irreducible`
finds a smallest set of constraint groups that cannot hold together (a deletion filter).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from wijkaanpak.analysis.linear import Linear
from wijkaanpak.model import capacity
from wijkaanpak.model.finance import FloatArray

#: HiGHS's relative optimality gap [-]: tight, so that the optimum equals brute force's
MIP_GAP = 1e-9
#: Constraint groups, in the order messages name them.
GROUPS = (
    "fixed",
    "max_deficit",
    "min_return_share",
    "max_displaced_tenants",
    "min_net_new_homes",
    "contiguity",
    "capacity",
)


@dataclass(frozen=True)
class Limits:
    """The user's constraints; ``None`` leaves one out."""

    max_deficit: float | None = None  # municipal deficit, −GREX NPV [EUR]
    min_return_share: float | None = None  # of owners who may return, closed-purse [fraction 0–1]
    max_displaced_tenants: float | None = None  # tenant households to rehouse [-]
    min_net_new_homes: float | None = None  # new homes − demolished [-]
    contiguity: bool = False  # every renewed block has a renewed neighbour
    capacity: bool = True  # yearly demolition and construction capacity, no start moved
    fixed: dict[int, tuple[str, ...]] = field(default_factory=dict)  # block → allowed labels


@dataclass(frozen=True)
class Solution:
    """The MILP's answer."""

    chosen: np.ndarray  # 0/1 per variable
    objective: float  # the linear model's objective value [EUR]
    solve_s: float  # wall time of HiGHS [s]


class Infeasible(Exception):
    """No plan meets the constraints of the linear model; ``groups`` cannot hold together."""

    def __init__(self, groups: list[str]) -> None:
        self.groups = groups
        super().__init__(", ".join(groups))


def solve(
    lin: Linear,
    objective: FloatArray,
    limits: Limits,
    neighbours: list[np.ndarray] | None = None,
    time_limit_s: float = 60.0,
    extra: list[LinearConstraint] | None = None,
) -> Solution:
    """Maximise ``base + objective · x`` over the linear model under ``limits`` (and ``extra``
    rows, e.g. the epsilon constraint of a Pareto front); raises :class:`Infeasible` naming the
    constraint groups that conflict."""
    rows = constraints(lin, limits, neighbours, set(GROUPS)) + list(extra or [])
    start = time.perf_counter()
    res = _run(lin, objective, rows, limits, time_limit_s)
    elapsed = time.perf_counter() - start
    if res is None:
        raise Infeasible(irreducible(lin, limits, neighbours, time_limit_s))
    return Solution(res, float(objective @ res), elapsed)


def _run(
    lin: Linear,
    objective: FloatArray,
    rows: list[LinearConstraint],
    limits: Limits,
    time_limit_s: float,
    groups: set[str] | None = None,
) -> np.ndarray | None:
    n = len(lin.options)
    upper = np.ones(n)
    if groups is None or "fixed" in groups:
        for v, o in enumerate(lin.options):
            allowed = limits.fixed.get(o.block)
            if allowed is not None and o.label not in allowed:
                upper[v] = 0.0
    with _quiet_stdout():
        res = milp(
            c=-np.asarray(objective, dtype=float),
            integrality=np.ones(n, dtype=int),
            bounds=Bounds(np.zeros(n), upper),
            constraints=[_one_each(lin), *rows],
            options={"time_limit": time_limit_s, "disp": False, "mip_rel_gap": MIP_GAP},
        )
    if res.x is None or res.status not in (0, 1):
        return None
    return np.asarray(np.round(res.x), dtype=float)


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS (1.x in scipy 1.17) prints a debug line straight to file descriptor 1 on some
    models, even with ``disp`` off; it would corrupt ``--json`` output. Point fd 1 at /dev/null
    while the solver runs."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # no real stdout (captured, web worker)
        yield
        return
    sys.stdout.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), fd)
            yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


def _one_each(lin: Linear) -> LinearConstraint:
    blocks = lin.var_block
    n_blocks = len(lin.inputs.block_ids)
    a = csr_array(
        (np.ones(len(blocks)), (blocks, np.arange(len(blocks)))), shape=(n_blocks, len(blocks))
    )
    return LinearConstraint(a, 1.0, 1.0)


def constraints(
    lin: Linear, limits: Limits, neighbours: list[np.ndarray] | None, groups: set[str]
) -> list[LinearConstraint]:
    """The constraint rows of the groups in ``groups`` that ``limits`` switches on."""
    d, base = lin.delta, lin.base
    out: list[LinearConstraint] = []
    if limits.max_deficit is not None and "max_deficit" in groups:
        out.append(_row(d["exploitation"], -limits.max_deficit - base["exploitation"], np.inf))
    if limits.min_return_share is not None and "min_return_share" in groups:
        out.append(_share_row(lin, limits.min_return_share))
    if limits.max_displaced_tenants is not None and "max_displaced_tenants" in groups:
        q = "tenants_displaced"
        cap = _whole(lin, q, limits.max_displaced_tenants, np.floor) - base[q]
        out.append(_row(d[q], -np.inf, cap))
    if limits.min_net_new_homes is not None and "min_net_new_homes" in groups:
        q = "net_new_homes"
        floor = _whole(lin, q, limits.min_net_new_homes, np.ceil) - base[q]
        out.append(_row(d[q], floor, np.inf))
    if limits.contiguity and "contiguity" in groups and neighbours is not None:
        out.append(_contiguity(lin, neighbours))
    if limits.capacity and "capacity" in groups:
        out.extend(_capacity(lin))
    return out


def _counts(lin: Linear, quantity: str) -> bool:
    """Whether ``quantity`` is a whole number in every plan (households, homes)."""
    values = np.append(lin.delta[quantity], lin.base[quantity])
    return bool(np.all(values == np.round(values)))


def _whole(lin: Linear, quantity: str, limit: float, rounding: Callable[[float], Any]) -> float:
    """A limit on a count as the whole number it means: "at least 0.4 new homes" is at least 1,
    "at most 4.6 tenants" at most 4. HiGHS meets a row within its feasibility tolerance (1e-6),
    so "at least 1e-6 homes" would otherwise be met by 0, which the exact evaluation refuses."""
    if not _counts(lin, quantity):
        return limit
    return float(rounding(limit))


#: A minimum return share is applied in millionths (0.0001 %), rounded up: [-]
SHARE_RESOLUTION = 1_000_000


def share_millionths(share: float) -> int:
    """The share as whole millionths, rounded up, so that a plan meeting it meets ``share``."""
    return int(np.ceil(round(share * SHARE_RESOLUTION, 6)))


def _share_row(lin: Linear, share: float) -> LinearConstraint:
    """closed-purse returners ≥ share × candidates, as 10⁶ × returners − p × candidates ≥ 0 with
    p the share in millionths. With whole counts every coefficient is a whole number, so HiGHS's
    feasibility tolerance (1e-6) cannot let through a plan that misses the share: in the plain
    form, a share of 6e-8 with 16 candidates and none returning misses by 9.5e-7 households,
    within the tolerance (hypothesis seed 27)."""
    d, base = lin.delta, lin.base
    closed, cand = "returning_closed_purse", "returning_candidates"
    if not (_counts(lin, closed) and _counts(lin, cand)):
        coef = d[closed] - share * d[cand]
        return _row(coef, -(base[closed] - share * base[cand]), np.inf)
    scale, p = float(SHARE_RESOLUTION), float(share_millionths(share))
    coef = scale * d[closed] - p * d[cand]
    return _row(coef, -(scale * base[closed] - p * base[cand]), np.inf)


def _row(coef: FloatArray, lo: float, hi: float) -> LinearConstraint:
    return LinearConstraint(np.asarray(coef, dtype=float)[None, :], lo, hi)


def _contiguity(lin: Linear, neighbours: list[np.ndarray]) -> LinearConstraint:
    """R_b − Σ_{j ∈ N(b)} R_j ≤ 0 for every block: a renewed block has a renewed neighbour."""
    renew = lin.is_renew()
    blocks = lin.var_block
    n_blocks = len(lin.inputs.block_ids)
    a = np.zeros((n_blocks, len(blocks)))
    for v in np.flatnonzero(renew):
        b = blocks[v]
        a[b, v] += 1.0
        for j in neighbours[b]:
            a[j, v] -= 1.0  # block b is a neighbour of each j (symmetric)
    return LinearConstraint(csr_array(a), -np.inf, 0.0)


def _capacity(lin: Linear) -> list[LinearConstraint]:
    """Demolition in each start year and construction in each build year within the yearly
    capacity (:mod:`wijkaanpak.model.capacity`), at the blocks' planned start years."""
    inp = lin.inputs
    dem_cap, con_cap, _ = capacity.limits(inp)
    build = int(inp.assumptions.renewal.build_years.value)
    years = int(lin.start.max(initial=0)) + build + 1
    t = np.arange(years)[:, None]
    s = lin.start[None, :]
    demolish = (t == s) * lin.demolished[None, :]
    construct = ((t > s) & (t <= s + build)) * (lin.new_homes / build)[None, :]
    return [
        LinearConstraint(csr_array(demolish), -np.inf, dem_cap),
        LinearConstraint(csr_array(construct), -np.inf, con_cap),
    ]


def irreducible(
    lin: Linear, limits: Limits, neighbours: list[np.ndarray] | None, time_limit_s: float
) -> list[str]:
    """A smallest set of constraint groups that no plan meets together (deletion filter: drop a
    group for good when the rest is still infeasible)."""
    active = [g for g in GROUPS if _on(g, limits)]
    zero = np.zeros(len(lin.options))
    keep = list(active)
    for g in active:
        trial = set(keep) - {g}
        rows = constraints(lin, limits, neighbours, trial)
        if _run(lin, zero, rows, limits, time_limit_s, trial) is None:
            keep.remove(g)
    return keep


def _on(group: str, limits: Limits) -> bool:
    return {
        "fixed": bool(limits.fixed),
        "max_deficit": limits.max_deficit is not None,
        "min_return_share": limits.min_return_share is not None,
        "max_displaced_tenants": limits.max_displaced_tenants is not None,
        "min_net_new_homes": limits.min_net_new_homes is not None,
        "contiguity": limits.contiguity,
        "capacity": limits.capacity,
    }[group]
