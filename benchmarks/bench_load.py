"""Time loading, validating and summarising the Voorbeeldwijk (918 dwellings).

Usage: ``.venv/bin/python benchmarks/bench_load.py [--json] [--repeat N]``. Prints medians in
milliseconds. Not a test: figures go into issue notes, not assertions.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from timing import median_ms, print_figures

from wijkaanpak.analysis.summary import summarise
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import default_neighbourhood_path, read_neighbourhood


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    gpkg = default_neighbourhood_path()
    csv_dir = Path(gpkg).parent / "csv"
    nbh = read_neighbourhood(gpkg)
    figures = {
        "read_gpkg_ms": median_ms(lambda: read_neighbourhood(gpkg), args.repeat),
        "read_csv_ms": median_ms(lambda: read_neighbourhood(csv_dir), args.repeat),
        "summary_ms": median_ms(lambda: summarise(nbh), args.repeat),
        "assumptions_ms": median_ms(load_assumptions, args.repeat),
        "dwellings": len(nbh.dwellings),
    }
    print_figures(figures, args.json)


if __name__ == "__main__":
    main()
