"""Risk: Monte Carlo over the assumptions, the risk reserve and break-even values (issue #14).

Every draw (:mod:`wijkaanpak.analysis.uncertainty`) sets the uncertain assumptions, prepares the
neighbourhood anew and evaluates the plan with the exact engine: the exploitation result (GREX),
the MKBA balance and the share of owners who want to return (survey "no" left out) that can return
closed-purse. Draws run in chunks over worker processes; the plan is fixed (a decision, not an
uncertainty): ``mix`` is made once from the shipped values.

Outputs per figure: mean and P10/P50/P90/P95; for the exploitation also the probability that the
deficit exceeds a threshold and the **risk reserve** at a confidence level: the deficit at that
quantile minus the expected deficit (default P90 − mean). **Contributions**: each parameter's
squared standardised rank regression coefficient, as a share of their sum.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize, stats

from wijkaanpak.analysis.evaluate import evaluate_plan, prepare_inputs, resolve_plan
from wijkaanpak.analysis.uncertainty import (
    Uncertain,
    sample,
    table_reference,
    uncertain,
    with_values,
)
from wijkaanpak.model.assumptions import Assumptions, Parameter, Table
from wijkaanpak.model.finance import FloatArray
from wijkaanpak.model.inputs import Facts, facts
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.plan import Intervention, Plan
from wijkaanpak.model.swap import summary as swap_summary

FIGURES = ("exploitation", "mkba", "closed_purse_share")
QUANTILES = {"p10": 0.10, "p50": 0.50, "p90": 0.90, "p95": 0.95}


def figures(nbh: Neighbourhood | Facts, a: Assumptions, plan: Plan) -> tuple[float, float, float]:
    """Exploitation NPV [EUR], MKBA balance [EUR] and the closed-purse share of returning owners
    [0–1, nan without any] of one evaluation (``nbh``: the neighbourhood or its facts, made once
    for all draws)."""
    result = evaluate_plan(plan, prepare_inputs(nbh, a))
    # the returners only: not the repair finance that Result.households adds (≈ 5 % of a draw)
    h = swap_summary(result.swap, result.evaluation.inputs)
    candidates = h["returning_candidates"]
    share = h["returning_closed_purse"] / candidates if candidates > 0 else float("nan")
    return result.exploitation_npv, result.evaluation.mkba.balance, share


#: What a worker process evaluates (set once per process by the pool's initializer; the
#: one-process path passes its arguments directly, so concurrent runs in threads do not share it).
_WORKER: dict[str, Any] = {}


def _init(nbh: Facts, a: Assumptions, params: list[Uncertain], plan: Plan) -> None:
    _WORKER.update(nbh=nbh, a=a, params=params, plan=plan)


def _evaluate_rows(
    nbh: Facts, a: Assumptions, params: list[Uncertain], plan: Plan, rows: FloatArray
) -> FloatArray:
    return np.array([figures(nbh, with_values(a, params, row), plan) for row in rows]).reshape(
        len(rows), len(FIGURES)
    )


def _chunk(rows: FloatArray) -> FloatArray:
    w = _WORKER
    return _evaluate_rows(w["nbh"], w["a"], w["params"], w["plan"], rows)


@dataclass(frozen=True)
class RiskResult:
    plan: str
    draws: int
    seed: int
    params: list[Uncertain]
    values: FloatArray  # draws × parameters
    results: FloatArray  # draws × FIGURES
    point: tuple[float, float, float]  # the evaluation at the shipped values
    threshold: float  # deficit threshold [EUR]
    confidence: float
    seconds: float

    def column(self, name: str) -> FloatArray:
        return np.asarray(self.results[:, FIGURES.index(name)], dtype=float)

    def summary(self, name: str) -> dict[str, float | None]:
        x = self.column(name)
        x = x[~np.isnan(x)]
        if len(x) == 0:
            return {"mean": None, **dict.fromkeys(QUANTILES)}
        return {
            "mean": float(x.mean()),
            **{k: float(np.quantile(x, q)) for k, q in QUANTILES.items()},
        }

    @property
    def deficit(self) -> FloatArray:
        return -self.column("exploitation")

    @property
    def p_exceed(self) -> float:
        """Probability that the exploitation deficit exceeds the threshold. [0–1]"""
        return float((self.deficit > self.threshold).mean())

    @property
    def risk_reserve(self) -> float:
        """Deficit at the confidence quantile minus the expected deficit. [EUR]"""
        return float(np.quantile(self.deficit, self.confidence) - self.deficit.mean())

    def contributions(self, name: str = "exploitation") -> list[dict[str, float | str]]:
        """Each parameter's share of the result's variance by standardised rank regression
        coefficients (SRRC², normalised; Saltelli et al., *Sensitivity Analysis in Practice*,
        2004, §1.2): unlike plain rank correlations, a parameter that only moves with another
        (a correlated input the plan does not use) gets no share. ``rank_correlation``: Spearman's
        ρ with the result, for reference. Largest first."""
        y = self.column(name)
        ok = ~np.isnan(y)
        k = len(self.params)
        srrc, rho = np.zeros(k), np.zeros(k)
        varies = np.array([np.ptp(self.values[ok, j]) > 0 for j in range(k)], dtype=bool)
        if ok.sum() > k + 2 and np.ptp(y[ok]) > 0 and varies.any():
            ranks = np.column_stack(
                [stats.rankdata(self.values[ok, j]) for j in np.flatnonzero(varies)]
            )
            x = (ranks - ranks.mean(axis=0)) / ranks.std(axis=0)
            ry = stats.rankdata(y[ok])
            z = (ry - ry.mean()) / ry.std()
            coef = np.linalg.lstsq(x, z, rcond=None)[0]
            srrc[varies] = coef
            rho[varies] = [float(stats.spearmanr(x[:, i], z)[0]) for i in range(x.shape[1])]
        total = float((srrc**2).sum())
        rows: list[dict[str, float | str]] = [
            {
                "parameter": p.key,
                "share": round(float(c**2 / total), 4) if total > 0 else 0.0,
                "srrc": round(float(c), 4),
                "rank_correlation": round(float(r), 4),
            }
            for p, c, r in zip(self.params, srrc, rho, strict=True)
        ]
        return sorted(rows, key=lambda r: -float(r["share"]))

    def rank_r2(self, name: str = "exploitation") -> float | None:
        """How much of the result's rank variance the rank regression explains (R²). [0–1]"""
        y = self.column(name)
        ok = ~np.isnan(y)
        varies = [j for j in range(len(self.params)) if np.ptp(self.values[ok, j]) > 0]
        if ok.sum() <= len(varies) + 2 or np.ptp(y[ok]) == 0 or not varies:
            return None
        x = np.column_stack([stats.rankdata(self.values[ok, j]) for j in varies])
        x = np.column_stack([np.ones(len(x)), x])
        ry = stats.rankdata(y[ok])
        fit = x @ np.linalg.lstsq(x, ry, rcond=None)[0]
        return float(1 - ((ry - fit) ** 2).sum() / ((ry - ry.mean()) ** 2).sum())

    def to_dict(self) -> dict[str, Any]:
        def money(name: str) -> dict[str, float | None]:
            return {
                f"{k}_eur": (None if v is None else round(v, 2))
                for k, v in self.summary(name).items()
            }

        share = {
            k: (None if v is None else round(v, 4))
            for k, v in self.summary("closed_purse_share").items()
        }
        return {
            "plan": self.plan,
            "draws": self.draws,
            "seed": self.seed,
            "exploitation": {
                **money("exploitation"),
                "point_eur": round(self.point[0], 2),
                "threshold_eur": round(self.threshold, 2),
                "p_exceed": round(self.p_exceed, 4),
            },
            "risk_reserve_eur": round(self.risk_reserve, 2),
            "confidence": self.confidence,
            "mkba": {**money("mkba"), "point_eur": round(self.point[1], 2)},
            "closed_purse_share": {**share, "point": _round(self.point[2])},
            "contributions": self.contributions("exploitation"),
            "contributions_mkba": self.contributions("mkba"),
            "contributions_r2": _round(self.rank_r2("exploitation") or float("nan")),
            "contributions_mkba_r2": _round(self.rank_r2("mkba") or float("nan")),
            "parameters": [
                {
                    "key": p.key,
                    "low": p.low,
                    "mode": p.mode,
                    "high": p.high,
                    "distribution": p.distribution,
                    "table_factor": p.table,
                }
                for p in self.params
            ],
            "method": {
                "sampling": "Latin hypercube (scipy.stats.qmc), Iman–Conover rank correlation",
                "distributions": "PERT over [low, value, high] unless a parameter says otherwise",
                "risk_reserve": f"deficit at P{round(self.confidence * 100)} minus expected deficit",
                "contributions": "squared standardised rank regression coefficients (SRRC), normalised to sum to 1; *_r2 says how much of the spread the rank regression explains",
            },
            "seconds": round(self.seconds, 2),
        }


def _round(x: float) -> float | None:
    return None if np.isnan(x) else round(x, 4)


def run(
    nbh: Neighbourhood,
    a: Assumptions,
    plan: str | Plan,
    draws: int = 1000,
    seed: int | None = None,
    threshold: float | None = None,
    confidence: float = 0.9,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RiskResult:
    """Monte Carlo of ``plan`` over the uncertain assumptions. ``threshold``: deficit to test
    [EUR] (default: the deficit at the shipped values). ``workers``: processes (default: CPUs)."""
    start = time.perf_counter()
    known = facts(nbh)  # the neighbourhood's arrays, once for all draws (and each worker)
    chosen = resolve_plan(plan, prepare_inputs(known, a)) if isinstance(plan, str) else plan
    seed = a.risk.seed if seed is None else seed
    params = uncertain(a)
    values = sample(params, a, draws, seed)
    point = figures(known, a, chosen)
    workers = max(1, min(workers or os.cpu_count() or 1, draws))
    # several chunks per worker: the progress moves, and a slow chunk does not hold up the rest
    chunks = np.array_split(values, max(1, min(draws, workers * 8)))
    results: list[FloatArray] = []
    if workers == 1:
        for chunk in chunks:
            results.append(_evaluate_rows(known, a, params, chosen, chunk))
            if progress:
                progress(sum(len(r) for r in results), draws)
    else:
        with ProcessPoolExecutor(
            workers, initializer=_init, initargs=(known, a, params, chosen)
        ) as pool:
            for part in pool.map(_chunk, chunks):
                results.append(part)
                if progress:
                    progress(sum(len(r) for r in results), draws)
    return RiskResult(
        plan=chosen.name,
        draws=draws,
        seed=seed,
        params=params,
        values=values,
        results=np.vstack(results) if results else np.zeros((0, len(FIGURES))),
        point=point,
        threshold=-point[0] if threshold is None else threshold,
        confidence=confidence,
        seconds=time.perf_counter() - start,
    )


# ---------------------------------------------------------------------------------------------
# Break-even


@dataclass(frozen=True)
class BreakEven:
    parameter: str
    target: str
    value: float | None  # the parameter's value at which the result is 0
    unit: str
    low: float
    high: float
    within_range: bool
    result_at_value: float | None  # re-evaluated [EUR]

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "target": self.target,
            "value": None if self.value is None else round(self.value, 6),
            "unit": self.unit,
            "range": [self.low, self.high],
            "within_range": self.within_range,
            "result_at_value_eur": None
            if self.result_at_value is None
            else round(self.result_at_value, 2),
        }


def _setter(
    a: Assumptions, plan: Plan, key: str
) -> tuple[Callable[[float], tuple[Assumptions, Plan]], float, float, float, str]:
    """A function giving (assumptions, plan) with ``key`` at x; its value, range and unit."""
    if key == "densification":

        def dens(x: float) -> tuple[Assumptions, Plan]:
            def at(i: Intervention) -> Intervention:
                return i.model_copy(update={"densification": x}) if i.intervention == "renew" else i

            blocks = {b: at(i) for b, i in plan.blocks.items()}
            return a, plan.model_copy(update={"default": at(plan.default), "blocks": blocks})

        return dens, 1.5, 1.0, 4.0, "-"
    section, name = key.split(".") if key.count(".") == 1 else ("", "")
    leaf = getattr(getattr(a, section, None), name, None) if section else None
    if not isinstance(leaf, Parameter | Table):
        msg = f"unknown parameter {key!r}: give a dotted key from `wijkaanpak assumptions` (a number or table) or 'densification'"
        raise KeyError(msg)
    if isinstance(leaf, Table):
        ref = table_reference(leaf)
        values = leaf.values

        def table(x: float) -> tuple[Assumptions, Plan]:
            new = leaf.model_copy(update={"values": {k: v * x / ref for k, v in values.items()}})
            return a.with_leaves({key: new}), plan

        low, high = leaf.range or (ref * 0.25, ref * 4)
        return table, ref, low, high, leaf.unit + " (mean of the table's non-zero values)"

    def number(x: float) -> tuple[Assumptions, Plan]:
        return a.with_leaves({key: leaf.model_copy(update={"value": x})}), plan

    value = leaf.value
    low, high = leaf.range or (min(0.0, value), max(value * 4, value + 1))
    return number, value, low, high, leaf.unit


def breakeven(
    nbh: Neighbourhood,
    a: Assumptions,
    plan: str | Plan,
    parameter: str,
    target: str = "exploitation",
) -> BreakEven:
    """The value of ``parameter`` (within its range) at which the plan's exploitation result
    (``target="exploitation"``) or MKBA balance (``"mkba"``) is zero, by Brent's method
    (``scipy.optimize.brentq``); ``within_range`` false when the result has one sign over the
    whole range."""
    if target not in ("exploitation", "mkba"):
        msg = f"target must be 'exploitation' or 'mkba', got {target!r}"
        raise ValueError(msg)
    known = facts(nbh)  # once for every evaluation of the root finder
    chosen = resolve_plan(plan, prepare_inputs(known, a)) if isinstance(plan, str) else plan
    at, _, low, high, unit = _setter(a, chosen, parameter)
    which = 0 if target == "exploitation" else 1

    def f(x: float) -> float:
        assumptions, p = at(x)
        return figures(known, assumptions, p)[which]

    f_low, f_high = f(low), f(high)
    if np.sign(f_low) == np.sign(f_high):
        return BreakEven(parameter, target, None, unit, low, high, False, None)
    x = float(
        optimize.brentq(f, low, high, xtol=1e-9 * max(1.0, abs(high)), rtol=1e-10, maxiter=200)
    )
    return BreakEven(parameter, target, x, unit, low, high, True, f(x))
