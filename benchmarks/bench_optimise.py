"""Time the optimiser (issue #15) on the Voorbeeldwijk and compare its plan with the alternatives.

Usage: ``.venv/bin/python benchmarks/bench_optimise.py [--json] [--random N] [--seed S]``.

Prints, for the MKBA objective under the default limits (yearly capacity, no start moved), for
a constrained run (deficit ≤ € 20 M, renewal contiguous) and for the GREX objective with at least
200 net new homes (the linear model reuses the first run's):

* the time of one optimisation (target < 10 s on the 2-core machine) split into linearisation,
  MILP and the rest, with one exact evaluation as the baseline in the same run;
* the linear and exact objective of the proposal and the gap;
* on the exact engine: the built-in plans (all-none, all-repair, all-renew, the rule-based mix;
  marked when they break a limit — contiguity is not judged for them), and the best of N random
  plans (default 2,000; each draws a share p ~ U(0, 1), then renews each block with probability p
  at a random level, else leaves or repairs it at random) that meet the same limits on the exact
  engine. Not a test.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from timing import median_ms, print_figures

from wijkaanpak.analysis.adjacency import neighbours
from wijkaanpak.analysis.evaluate import evaluate_plan, prepare_inputs
from wijkaanpak.analysis.linear import Linear, Option, make_plan, quantities
from wijkaanpak.analysis.milp import Limits
from wijkaanpak.analysis.optimise import Settings, check, objective_of, optimise
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.malloc import keep_freed_memory
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.issues import InputError
from wijkaanpak.model.plan import Plan


def exact_figures(inp: Inputs, plan: str | Plan, s: Settings) -> tuple[float, bool]:
    """The objective on the exact engine and whether the plan meets ``s.limits`` exactly
    (contiguity is not judged here). [EUR], [-]"""
    r = evaluate_plan(plan, inp)
    q = quantities(r)
    return objective_of(q, s), all(c.ok for c in check(q, q, r, s.limits))


def best_random(
    lin: Linear, s: Settings, n: int, seed: int, nb: list[np.ndarray] | None
) -> tuple[float, int]:
    """Best exact objective over ``n`` random plans that meet the limits exactly (contiguity
    included when on), and how many of them did. [EUR], [-]"""
    rng = np.random.default_rng(seed)
    inp = lin.inputs
    by_block = {b: [o for o in lin.options if o.block == b] for b in range(len(inp.block_ids))}
    best, feasible = -np.inf, 0
    for _ in range(n):
        share = rng.random()  # this plan's share of renewed blocks, so that plans vary in size
        choice = {b: _draw(rng, opts, share) for b, opts in by_block.items()}
        if s.limits.contiguity and nb is not None and not _contiguous(choice, nb):
            continue
        try:
            value, ok = exact_figures(inp, make_plan(inp, "random", choice), s)
        except InputError:
            continue
        if ok:
            feasible += 1
            best = max(best, value)
    return float(best), feasible


def _draw(rng: np.random.Generator, opts: list[Option], share: float) -> Option:
    """Renew (a random level) with probability ``share``, else none or repair at random."""
    renew = [o for o in opts if o.kind == "renew"]
    other = [o for o in opts if o.kind != "renew"]
    pool = renew if renew and rng.random() < share else other
    return pool[int(rng.integers(len(pool)))]


def _contiguous(choice: dict[int, object], nb: list[np.ndarray]) -> bool:
    renewed = {b for b, o in choice.items() if o.kind == "renew"}
    return all(any(int(j) in renewed for j in nb[b]) for b in renewed)


def run(
    inp: Inputs, s: Settings, nb: list[np.ndarray] | None, lin: Linear | None
) -> tuple[dict[str, object], Linear]:
    start = time.perf_counter()
    out = optimise(inp, s, neighbours=nb, linear=lin)
    total = time.perf_counter() - start
    p = out.proposal
    return {
        "optimise_s": round(total, 2),
        "linearise_s": round(out.linearise_s, 2),
        "milp_s": round(out.milp_s, 3),
        "corrections": out.corrections,
        "linear_objective_eur": round(p.linear_objective),
        "exact_objective_eur": round(p.exact_objective),
        "gap_eur": round(p.gap_eur),
        "feasible_exact": p.feasible,
        "renew_blocks": sum(b.intervention == "renew" for b in p.plan.blocks.values()),
        "repair_blocks": sum(b.intervention == "repair" for b in p.plan.blocks.values()),
    }, out.linear


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--random", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    keep_freed_memory()  # as the wijkaanpak command runs (wijkaanpak.malloc)
    nbh = read_neighbourhood()
    inp = prepare_inputs(nbh, load_assumptions())
    nb = neighbours(nbh.blocks.geometry)
    figures: dict[str, object] = {
        "blocks": len(inp.block_ids),
        "baseline_one_exact_evaluation_ms": median_ms(
            lambda: evaluate_plan("mix", inp).households, 5
        ),
    }
    cases = {
        "mkba": Settings(objective="mkba"),
        "mkba_deficit20M_contiguous": Settings(
            objective="mkba", limits=Limits(max_deficit=20e6, contiguity=True)
        ),
        "exploitation_200_net_new_homes": Settings(
            objective="exploitation", limits=Limits(min_net_new_homes=200)
        ),
    }
    lin = None
    for name, s in cases.items():
        got, lin = run(inp, s, nb, lin if name != "mkba" else None)
        figures |= {f"{name}.{k}": v for k, v in got.items()}
        for plan in ("all-none", "all-repair", "all-renew", "mix"):
            value, ok = exact_figures(inp, plan, s)
            figures[f"{name}.{plan}_exact_eur"] = f"{value:,.0f}{'' if ok else ' (breaks a limit)'}"
        if args.random > 0:
            value, count = best_random(lin, s, args.random, args.seed, nb)
            shown = round(value) if np.isfinite(value) else "none feasible"
            figures[f"{name}.best_of_{args.random}_random_exact_eur"] = shown
            figures[f"{name}.random_feasible"] = count
    print_figures(figures, args.json)


if __name__ == "__main__":
    main()
