"""Time the risk analysis (issue #14) on the Voorbeeldwijk: draws per second of ``analysis.risk.run``
with one process and with all CPUs, against a plain loop over ``evaluate_plan`` (prepare + evaluate
per draw, no households) in the same run, the projected time of 10,000 draws against the 2-s target,
and the peak memory of the parent process.

Usage: ``.venv/bin/python benchmarks/bench_risk.py [--draws N] [--plan P] [--json]``. Not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from timing import print_figures

from wijkaanpak.analysis.evaluate import evaluate_plan, prepare_inputs
from wijkaanpak.analysis.risk import run
from wijkaanpak.analysis.uncertainty import sample, uncertain, with_values
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.malloc import keep_freed_memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--plan", default="all-renew")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    keep_freed_memory()  # as the wijkaanpak command runs (wijkaanpak.malloc)
    nbh, a = read_neighbourhood(), load_assumptions()
    params = uncertain(a)
    rows = sample(params, a, args.draws, a.risk.seed)
    start = time.perf_counter()
    for row in rows:
        evaluate_plan(args.plan, prepare_inputs(nbh, with_values(a, params, row)))
    plain = args.draws / (time.perf_counter() - start)
    one = run(nbh, a, args.plan, args.draws, workers=1)
    every = run(nbh, a, args.plan, args.draws)
    per_second = args.draws / every.seconds
    print_figures(
        {
            "draws": args.draws,
            "parameters": len(params),
            "cpus": os.cpu_count(),
            "plain_loop_draws_per_s": round(plain, 1),
            "risk_1_process_draws_per_s": round(args.draws / one.seconds, 1),
            "risk_all_cpus_draws_per_s": round(per_second, 1),
            "ratio_to_plain_loop": round(per_second / plain, 2),
            "projected_10000_draws_s": round(10_000 / per_second, 1),
            "target_10000_draws_s": 2.0,
            "peak_rss_parent_mb": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
            ),
        },
        args.json,
    )


if __name__ == "__main__":
    main()
