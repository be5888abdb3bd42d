"""Results of many plans as one JSON file, to check that a speed-up changes no result.

``python benchmarks/results_snapshot.py save BEFORE.json`` (e.g. with ``PYTHONPATH=<other
checkout>/src``), then ``python benchmarks/results_snapshot.py compare BEFORE.json``: exits 1 and
names the first differences when any plan's result differs. The plans: the built-in ones, the
example plan files, 40 plans of ``bench_web.py`` and 25 random plans (fixed seed; renewal, none,
repair with target labels and start years, doorschuiven, parking hub, programme); per plan the
full summary with the per-block table, the summary the web API gives, the household table, or the
error message; and two densification sweeps. Floats are compared exactly (JSON keeps every
digit). Not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import numpy as np
from bench_web import plans as bench_plans

from wijkaanpak.analysis.evaluate import context, densification_sweep, evaluate_plan
from wijkaanpak.io.plans import load_plan
from wijkaanpak.model.plan import Plan


def random_plans(blocks: list[str], count: int, seed: int = 7) -> list[Plan]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        chosen: dict[str, dict[str, Any]] = {}
        for b in blocks:
            r = rng.random()
            if r < 0.15:
                k = float(rng.choice([1.0, 1.2, 1.5]))
                chosen[b] = {"intervention": "renew", "densification": k}
            elif r < 0.3:
                chosen[b] = {"intervention": "none"}
            elif r < 0.4:
                label = str(rng.choice(["A", "B", "C"]))
                start = int(2027 + rng.integers(0, 8))
                chosen[b] = {"intervention": "repair", "target_label": label, "start_year": start}
        plan: dict[str, Any] = {
            "name": f"r{i}",
            "default": {"intervention": str(rng.choice(["repair", "none"]))},
            "blocks": chosen,
            "fit_to_space": bool(rng.random() < 0.5),
            "doorschuiven": bool(rng.random() < 0.3),
            "measures": {"parking_hub": bool(rng.random() < 0.5)},
        }
        if rng.random() < 0.3:
            plan["programme"] = {
                "social_rent": 0.3,
                "mid_rent": 0.2,
                "affordable_purchase": 0.1,
                "free_purchase": 0.4,
            }
        out.append(Plan.model_validate(plan))
    return out


def snapshot() -> dict[str, Any]:
    inp = context()
    blocks = [str(b) for b in inp.block_ids]
    plans: list[str | Plan] = ["all-none", "all-repair", "all-renew", "mix"]
    plans += [load_plan(f"examples/plans/{n}.yaml", blocks) for n in ("mix-voorbeeldwijk",)]
    plans += [load_plan("examples/plans/mix-sociaal-doorschuiven.yaml", blocks)]
    bench = [
        Plan.model_validate({"name": f"b{i}", **p}) for i, p in enumerate(bench_plans(40, blocks))
    ]
    plans += bench + random_plans(blocks, 25)
    out: dict[str, Any] = {}
    for plan in plans:
        name = plan if isinstance(plan, str) else plan.name
        try:
            result = evaluate_plan(plan, inp)
            data = result.to_dict(blocks=True)
            data["_households_table"] = result.household_table().reset_index().to_dict("list")
            data["_summary_without_blocks"] = result.to_dict(blocks=False)
            out[name] = data
        except Exception as err:  # an input error is a result too
            out[name] = {"error": f"{type(err).__name__}: {err}"}
    for name, plan in (("all-renew", "all-renew"), ("b3", bench[3])):
        out[f"sweep-{name}"] = densification_sweep(plan, inp, step=0.25).to_dict("list")
    data: dict[str, Any] = json.loads(json.dumps(out, sort_keys=True, default=str))
    return data


def differences(a: Any, b: Any, path: str) -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(set(a) | set(b))
        return [d for k in keys for d in differences(a.get(k), b.get(k), f"{path}/{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("path")
    args = parser.parse_args()
    now = snapshot()
    if args.action == "save":
        with open(args.path, "w", encoding="utf-8") as f:
            json.dump(now, f)
        print(f"{len(now)} results saved to {args.path}")
        return
    with open(args.path, encoding="utf-8") as f:
        before = json.load(f)
    found = differences(before, now, "")
    print(f"{len(now)} results, {len(found)} differences")
    for line in found[:20]:
        print("  ", line)
    if found:
        sys.exit(1)


if __name__ == "__main__":
    main()
