"""Time the exploitation engine on the Voorbeeldwijk (918 dwellings), in-process and warm.

Usage: ``.venv/bin/python benchmarks/bench_engine.py [--json] [--repeat N] [--glibc-defaults]``
(glibc malloc keeps freed memory, as the ``wijkaanpak`` command and the web app's processes run,
:mod:`wijkaanpak.malloc`; with the last flag glibc's defaults instead). Prints medians
in milliseconds: ``evaluate_plan_ms`` (one plan, with the MKBA against the cached nulalternatief),
``sweep_31_ms`` (31 densification points); as a baseline in the same run ``book_only_ms`` (the
ledger alone, no views) and the ratio. Targets on the 2-core machine (issues #3, #11): < 50 ms and
< 1000 ms. Not a test.
"""

from __future__ import annotations

import argparse

import numpy as np
from timing import median_ms, print_figures

from wijkaanpak.analysis.evaluate import context
from wijkaanpak.malloc import keep_freed_memory
from wijkaanpak.model.engine import _book, assign, evaluate, sweep
from wijkaanpak.model.plan import builtin_plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--glibc-defaults", action="store_true")
    args = parser.parse_args()
    kept = False if args.glibc_defaults else keep_freed_memory()
    inp = context()
    factors = np.linspace(1.0, 2.5, 31)
    figures = {
        "prepare_ms": median_ms(context, max(3, args.repeat // 5)),
        "evaluate_plan_ms": median_ms(
            lambda: evaluate(inp, builtin_plan("all-renew")), args.repeat
        ),
        "evaluate_all_none_ms": median_ms(
            lambda: evaluate(inp, builtin_plan("all-none")), args.repeat
        ),
        "sweep_31_ms": median_ms(
            lambda: sweep(inp, builtin_plan("all-renew"), factors), max(3, args.repeat // 3)
        ),
        "book_only_ms": median_ms(
            lambda: _book(inp, builtin_plan("all-renew"), assign(builtin_plan("all-renew"), inp)),
            args.repeat,
        ),
        "dwellings": len(inp.d_block),
        "malloc_keeps_freed_memory": kept,
    }
    figures["evaluate_over_book_ratio"] = round(
        figures["evaluate_plan_ms"] / figures["book_only_ms"], 2
    )
    print_figures(figures, args.json)


if __name__ == "__main__":
    main()
