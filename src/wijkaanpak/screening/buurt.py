"""Screen one buurt: the same model and the same three scenarios as ``wijkaanpak evaluate``.

Per buurt: dwellings at risk, their repair cost, the exploitation result (GREX) and MKBA balance of
``all-none``, ``all-repair`` and ``all-renew``, the share of owner-occupiers who could return
closed-purse (only where households are known) and whether a wijkaanpak is warranted
(:class:`Rule`). Blocks are derived when absent (:mod:`.blocks`), households filled with defaults
(:mod:`.households`); both are said in the result.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from wijkaanpak.analysis.evaluate import evaluate_plan, prepare_inputs
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.partitions import Partition, read_partition
from wijkaanpak.io.schema import load_schemas
from wijkaanpak.malloc import keep_freed_memory
from wijkaanpak.model.assumptions import Assumptions
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.issues import InputError
from wijkaanpak.model.neighbourhood import Neighbourhood, build_neighbourhood
from wijkaanpak.model.validate import RawTable, coerce_table
from wijkaanpak.screening.blocks import derive_blocks
from wijkaanpak.screening.households import default_households

#: The report's three scenarios, as the engine names them.
PLANS = ("all-none", "all-repair", "all-renew")
MAX_MESSAGES = 5  # issues quoted when a buurt's input is invalid


@dataclass(frozen=True)
class Rule:
    """When is a wijkaanpak warranted? *Assumption* (a screening choice, not a norm): all of

    1. enough dwellings at risk to need an approach beyond the single home: at least
       ``min_at_risk`` dwellings (about five blocks of ten; range 20–200), and
    2. concentrated: at least ``min_share`` of the buurt's dwellings (range 10–50 %), since a
       block is repaired as a whole and streets and sewers are shared, and
    3. a joint approach is worth it for society: all-repair or all-renew has an MKBA balance above
       ``min_mkba_eur`` (0: better than doing nothing jointly, the nulalternatief).
    """

    min_at_risk: int = 50
    min_share: float = 0.25
    min_mkba_eur: float = 0.0

    def verdict(
        self, at_risk: int, share: float, best_mkba: float | None, lang: str = "en"
    ) -> tuple[bool, str]:
        """Warranted or not, and why (the first condition that fails, or all three met), in
        English or (``lang="nl"``, the HTML summary) Dutch."""
        said = _WHY[lang]
        nl = lang == "nl"
        values = {
            "at_risk": at_risk,
            "min_at_risk": self.min_at_risk,
            "share": f"{100 * share:.0f} %" if nl else f"{share:.0%}",
            "min_share": f"{100 * self.min_share:.0f} %" if nl else f"{self.min_share:.0%}",
            "min_mkba": f"{self.min_mkba_eur:,.0f}".replace(",", "." if nl else ","),
        }
        if at_risk < self.min_at_risk:
            return False, said["few"].format(**values)
        if share < self.min_share:
            return False, said["spread"].format(**values)
        if best_mkba is None or best_mkba <= self.min_mkba_eur:
            return False, said["not_worth_it"].format(**values)
        return True, said["warranted"].format(**values)


#: :meth:`Rule.verdict`'s reasons per language.
_WHY = {
    "en": {
        "few": "{at_risk} dwellings at risk < {min_at_risk}",
        "spread": "{share} of dwellings at risk < {min_share}",
        "not_worth_it": "no joint scenario beats doing nothing (MKBA ≤ 0)",
        "warranted": "{at_risk} dwellings ({share}) at risk; a joint scenario has MKBA > {min_mkba}",
    },
    "nl": {
        "few": "{at_risk} woningen met risico < {min_at_risk}",
        "spread": "{share} van de woningen met risico < {min_share}",
        "not_worth_it": "geen gezamenlijk scenario doet het beter dan niets doen (MKBA ≤ 0)",
        "warranted": (
            "{at_risk} woningen ({share}) met risico; een gezamenlijk scenario heeft "
            "MKBA > € {min_mkba}"
        ),
    },
}


@cache
def _assumptions(path: str | None) -> Assumptions:
    """Loaded once per worker process."""
    return load_assumptions(path)


def _raw(source: str, frame: pd.DataFrame) -> RawTable:
    return RawTable(source, frame, [f"row {i + 1}" for i in range(len(frame))])


def assemble(raws: dict[str, RawTable], code: str) -> tuple[Neighbourhood, dict[str, str]]:
    """The buurt as a validated neighbourhood, with derived blocks and default households where the
    input has none; raises :class:`InputError` for invalid input (file, row and field named)."""
    raws = dict(raws)
    how = {"blocks": "given", "households": "known"}
    if "blocks" not in raws:
        d = raws["dwellings"]
        block, blocks, how["blocks"] = derive_blocks(d.frame, code)
        raws["dwellings"] = replace(d, frame=d.frame.assign(block_id=block))
        raws["blocks"] = _raw(f"{code}: blocks {how['blocks']}", blocks)
    schemas = load_schemas()
    nbh = build_neighbourhood(schemas, raws)
    if "households" in raws:
        return nbh, how
    # the defaults are checked against the schema like any table (their references hold by
    # construction: one household per dwelling, mortgages only on owner-occupied homes)
    typed, issues = coerce_table(
        schemas["households"],
        _raw(f"{code}: default households", default_households(nbh.dwellings, code)),
    )
    if issues:
        raise InputError(issues)
    how["households"] = "defaults"
    return replace(nbh, households=typed.set_index("household_id")), how


def _outline(nbh: Neighbourhood) -> shapely.Geometry | None:
    geoms = np.asarray(nbh.dwellings.geometry.values, dtype=object)
    geoms = geoms[np.asarray(shapely.is_geometry(geoms), dtype=bool)]
    if len(geoms) == 0:
        geoms = np.asarray(nbh.blocks.geometry.values, dtype=object)
        geoms = geoms[np.asarray(shapely.is_geometry(geoms), dtype=bool)]
    # the hull of the collection is the hull of the union, without computing the union (which cost
    # more than validating and evaluating the buurt)
    return shapely.convex_hull(shapely.geometrycollections(geoms)) if len(geoms) else None


def at_risk(inp: Inputs) -> np.ndarray:
    """Dwellings whose foundation repair becomes unavoidable within the horizon (enforcement term,
    or damage class and subsidence; docs/engine.md 'years until critical'). [-]"""
    return np.asarray(inp.d_crit < inp.horizon)


def screen_neighbourhood(
    nbh: Neighbourhood, a: Assumptions, how: dict[str, str], rule: Rule
) -> dict[str, Any]:
    """The screening result of one validated buurt (a flat, JSON-ready record)."""
    inp = prepare_inputs(nbh, a)
    risk = at_risk(inp)
    n = len(inp.d_block)
    row: dict[str, Any] = {
        "buurtcode": nbh.metadata.buurtcode,
        "name": nbh.metadata.name,
        "municipality": nbh.metadata.municipality,
        "fictional": nbh.metadata.fictional,
        "dwellings": n,
        "blocks": len(inp.block_ids),
        "blocks_source": how["blocks"],
        "households_source": how["households"],
        "dwellings_at_risk": int(risk.sum()),
        "share_at_risk": round(float(risk.mean()), 4) if n else 0.0,
        "repair_cost_eur": round(float(inp.d_repair_cost[risk].sum()), 2),
    }
    notes, mkba = [], {}
    for plan in PLANS:
        key = plan.replace("-", "_")
        try:
            result = evaluate_plan(plan, inp)
        except InputError as err:  # e.g. a block beyond a year's capacity: that plan only
            row[f"exploitation_{key}_eur"] = row[f"mkba_{key}_eur"] = None
            notes.append(f"{plan}: {err.issues[0].message}")
            continue
        row[f"exploitation_{key}_eur"] = round(result.exploitation_npv, 2)
        row[f"mkba_{key}_eur"] = mkba[plan] = round(result.evaluation.mkba.balance, 2)
        if plan == "all-renew":
            h = result.households
            known = how["households"] == "known" and h["owner_households"] > 0
            row["closed_purse_share"] = round(h["closed_purse_share"], 4) if known else None
    joint = [mkba[p] for p in ("all-repair", "all-renew") if p in mkba]
    row["best_plan"] = max(mkba, key=lambda p: mkba[p]) if mkba else None
    best = max(joint) if joint else None
    row["warranted"], row["reason"] = rule.verdict(
        row["dwellings_at_risk"], row["share_at_risk"], best
    )
    row["reason_nl"] = rule.verdict(row["dwellings_at_risk"], row["share_at_risk"], best, "nl")[1]
    row["notes"] = "; ".join(notes)
    outline = _outline(nbh)
    row["outline_wkt"] = None if outline is None else shapely.to_wkt(outline, rounding_precision=1)
    return row


def screen_partition(p: Partition, assumptions: str | None, rule: Rule) -> dict[str, Any]:
    """The Dask task: one buurt in, one record out. Invalid input or a failing model returns
    ``{"buurtcode", "error"}`` instead of raising, so the other buurten go on."""
    start = time.perf_counter()
    keep_freed_memory()  # the worker's arrays reuse freed memory (wijkaanpak.malloc); idempotent
    try:
        nbh, how = assemble(read_partition(p), p.code)
        row = screen_neighbourhood(nbh, _assumptions(assumptions), how, rule)
    except InputError as err:
        shown = "; ".join(str(i) for i in err.issues[:MAX_MESSAGES])
        more = (
            f" (and {len(err.issues) - MAX_MESSAGES} more)"
            if len(err.issues) > MAX_MESSAGES
            else ""
        )
        return {"buurtcode": p.code, "error": f"invalid input: {shown}{more}"}
    except Exception as err:  # a model failure in one buurt must not stop the others
        return {"buurtcode": p.code, "error": f"{type(err).__name__}: {err}"}
    row["buurtcode"] = row["buurtcode"] or p.code
    for key in ("region", "region_name"):
        if key in p.info:
            row[key] = p.info[key]
    row["seconds"] = round(time.perf_counter() - start, 3)
    return row


def result_path(out: Path, code: str) -> Path:
    """Where a buurt's result is kept (the resume marker)."""
    return out / "buurten" / f"{code}.json"
