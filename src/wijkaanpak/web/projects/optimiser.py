"""The optimiser on a project (issue #15 §4, web): "Stel plannen voor".

An optimisation runs **in the request** (≈ 3–4 s on the Voorbeeldwijk, most of it the
linearisation, ``docs/optimise.md``). The linear model of a project's prepared inputs is kept in
memory (:func:`linear_for`), so a second proposal with other constraints takes ≈ 0.1–1 s. One
optimisation at a time per server process (:data:`_BUSY`): a second request meanwhile is told to
try again instead of queueing CPU-bound work behind the first.

To stay within a request the page bounds what it asks: the local search on the exact engine to
:data:`MAX_POLISH_S` seconds and a Pareto front to :data:`MAX_POINTS` points (the CLI has no such
bounds). The front's chart is drawn on the server (vl-convert) as an SVG picture with its text
alternative: no script on the page, nothing for the Content-Security-Policy to allow.
"""

from __future__ import annotations

import base64
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from wijkaanpak.analysis.adjacency import neighbours
from wijkaanpak.analysis.linear import (
    DEFAULT_LEVELS,
    Linear,
    block_options,
    check_start_years,
    linearise,
)
from wijkaanpak.analysis.milp import Limits
from wijkaanpak.analysis.optimise import Outcome, Settings, optimise, parse_fixed
from wijkaanpak.analysis.pareto import Point, front, table
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.web.projects import services
from wijkaanpak.web.projects.models import Project

OBJECTIVES = ("mkba", "exploitation", "weighted")  # offered on the page
SECONDS = ("deficit", "returners")  # second objectives of a Pareto front
#: The page's bounds, so that a request stays within tens of seconds on a small server: the local
#: search [s] and the points of a Pareto front [-] (each point one MILP pair and one exact
#: evaluation, ≈ 0.1 s on the Voorbeeldwijk). *Assumption*: 20 s is what a user waits for a page.
MAX_POLISH_S = 20
MAX_POINTS = 9
#: Start years the page offers at most: each adds one exact evaluation per block and option to
#: the linearisation (measured on the Voorbeeldwijk: 3 years 6.2 s against 1.6 s without; 29
#: years took 50 s). *Assumption*, like the bounds above: 4 years keep a request under ≈ 10 s. [-]
MAX_START_YEARS = 4
_BUSY = threading.Lock()
#: Linear models by the identity of the prepared inputs (``services.inputs_for`` keeps those).
_LINEAR: OrderedDict[tuple[int, tuple[int, ...]], tuple[Inputs, Linear]] = OrderedDict()
_LINEAR_MAX = 4


class Busy(Exception):
    """Another optimisation is running in this server process."""


@dataclass(frozen=True)
class Request:
    """The page's constraints (``None`` leaves one out)."""

    objective: str = "mkba"
    mkba_weight: float = 0.5  # weighted: share of the MKBA balance [fraction 0–1]
    polish_s: float = 0.0  # local search on the exact engine [s]
    max_deficit: float | None = None  # [EUR]
    min_return_share: float | None = None  # [fraction 0–1]
    max_displaced_tenants: float | None = None  # [households]
    min_net_new_homes: float | None = None  # [homes]
    contiguity: bool = False
    fixed: tuple[str, ...] = ()  # ``BLOCK=OPTION`` specs
    start_years: tuple[int, ...] = ()  # start years to choose from, besides the phasing [yr]


def parse_fixed_text(text: str) -> list[str]:
    """``"B1A01=repair, B2A03 = renew@1.50\\n…"`` → ``["B1A01=repair", "B2A03=renew@1.50"]``."""
    parts = text.replace(";", "\n").replace(",", "\n").splitlines()
    return ["=".join(s.strip() for s in p.split("=", 1)) for p in parts if p.strip()]


def check_fixed(project: Project, specs: list[str], start_years: tuple[int, ...] = ()) -> None:
    """Raise :class:`InputError` naming each bad ``BLOCK=OPTION`` spec."""
    inp = services.inputs_for(project)
    parse_fixed(inp, block_options(inp, DEFAULT_LEVELS, start_years), specs)


def check_years(project: Project, start_years: tuple[int, ...]) -> None:
    """Raise :class:`InputError` naming start years outside the project's analysis period."""
    check_start_years(services.inputs_for(project), start_years)


def linear_for(inp: Inputs, start_years: tuple[int, ...] = ()) -> Linear:
    """The linear model of ``inp`` with the default options and ``start_years`` (made once per
    prepared inputs and set of years)."""
    key = (id(inp), tuple(sorted(set(start_years))))
    if key in _LINEAR and _LINEAR[key][0] is inp:
        _LINEAR.move_to_end(key)
        return _LINEAR[key][1]
    lin = linearise(inp, block_options(inp, DEFAULT_LEVELS, start_years))
    _LINEAR[key] = (inp, lin)
    while len(_LINEAR) > _LINEAR_MAX:
        _LINEAR.popitem(last=False)
    return lin


def neighbours_for(project: Project, inp: Inputs) -> list[np.ndarray]:
    """Per block (in the order of ``inp``) its neighbours; InputError without block geometry."""
    nbh = read_neighbourhood(project.neighbourhood.path if project.neighbourhood else None)
    geometry = nbh.blocks.geometry
    if geometry.isna().any() or geometry.is_empty.any():
        msg = "contiguity needs the geometry of every block (blocks table)"
        raise InputError([Issue("blocks", "", "geometry", msg)])
    return neighbours(geometry.loc[[str(b) for b in inp.block_ids]])


def _settings(req: Request, name: str) -> Settings:
    limits = Limits(
        max_deficit=req.max_deficit,
        min_return_share=req.min_return_share,
        max_displaced_tenants=req.max_displaced_tenants,
        min_net_new_homes=req.min_net_new_homes,
        contiguity=req.contiguity,
    )
    return Settings(
        objective=req.objective,
        mkba_weight=req.mkba_weight,
        limits=limits,
        polish_s=min(max(req.polish_s, 0.0), MAX_POLISH_S),
        name=name,
        start_years=req.start_years,
    )


def run(project: Project, req: Request) -> Outcome:
    """Propose a plan for ``project``; raises :class:`Busy`, or :class:`InputError` with the
    optimiser's own explanation when no plan meets the constraints."""
    if not _BUSY.acquire(blocking=False):
        raise Busy
    try:
        inp = services.inputs_for(project)
        nb = neighbours_for(project, inp) if req.contiguity else None
        settings = _settings(req, f"voorstel-{req.objective}")
        lin = linear_for(inp, req.start_years)
        return optimise(inp, settings, list(req.fixed), nb, linear=lin)
    finally:
        _BUSY.release()


def run_front(project: Project, req: Request, second: str, points: int) -> list[Point]:
    """The Pareto front of ``req.objective`` against ``second`` (at most :data:`MAX_POINTS`
    points, each evaluated exactly); raises like :func:`run`."""
    if not _BUSY.acquire(blocking=False):
        raise Busy
    try:
        inp = services.inputs_for(project)
        nb = neighbours_for(project, inp) if req.contiguity else None
        settings = _settings(req, f"pareto-{req.objective}-{second}")
        count = min(max(points, 2), MAX_POINTS)
        lin = linear_for(inp, req.start_years)
        return front(inp, settings, second, count, list(req.fixed), nb, linear=lin)
    finally:
        _BUSY.release()


def front_rows(points: list[Point]) -> list[dict[str, Any]]:
    """Per point of the front: both objectives in both models (the second in EUR or households),
    the blocks per intervention, the flags, and the plan as JSON for "Opslaan als plan"."""
    frame = table(points)
    rows = []
    for p, row in zip(points, frame.to_dict(orient="records"), strict=True):
        second = p.second
        kinds = [b.intervention for b in p.proposal.plan.blocks.values()]
        rows.append(
            {
                "point": int(row["point"]),
                "objective_linear": row["objective_linear_eur"],
                "objective_exact": row["objective_exact_eur"],
                "second_linear": row[f"{second}_linear"],
                "second_exact": row[f"{second}_exact"],
                "renew": kinds.count("renew"),
                "repair": kinds.count("repair"),
                "dominated": bool(row["dominated_exact"]),
                "feasible": bool(row["feasible_exact"]),
                "name": p.proposal.plan.name,
                "plan_json": p.proposal.plan.model_dump_json(),
            }
        )
    return rows


def front_chart(points: list[Point], objective: str, label: str, lang: str) -> dict[str, str]:
    """The front's chart as an SVG data URL (for ``<img src>``) and its text alternative."""
    import vl_convert as vlc

    from wijkaanpak.report.i18n import FORMAT_LOCALE
    from wijkaanpak.report.pareto_chart import pareto_chart, pareto_text

    frame: pd.DataFrame = table(points)
    second = points[0].second
    spec = pareto_chart(frame, objective, second, label, lang)
    svg = vlc.vegalite_to_svg(spec, format_locale=FORMAT_LOCALE[lang])
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return {
        "src": f"data:image/svg+xml;base64,{encoded}",
        "alt": pareto_text(frame, objective, second, lang),
    }


def block_rows(outcome: Outcome) -> list[dict[str, Any]]:
    """Per block of the neighbourhood: its id, the option the proposal gives it and the year a
    repair or renewal starts in the exact evaluation (``chosen``: a start year the optimiser
    chose, not the planned phasing; ``shifted``: the capacity moved it)."""
    plan = outcome.proposal.plan
    evaluation = outcome.proposal.result.evaluation
    start = evaluation.assignment.start
    rows = []
    for j, b in enumerate(outcome.linear.inputs.block_ids):
        i = plan.for_block(str(b))
        acting = i.intervention != "none"
        rows.append(
            {
                "block_id": str(b),
                "intervention": i.intervention,
                "densification": i.densification if i.intervention == "renew" else None,
                "start_year": int(evaluation.inputs.year0 + start[j]) if acting else None,
                "chosen": i.start_year is not None,  # its own start, not the planned phasing
                # the exact engine moved it for the capacity (the linear model kept it)
                "shifted": i.start_year is not None
                and int(evaluation.inputs.year0 + start[j]) != i.start_year,
            }
        )
    return rows


def counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Blocks per intervention. [-]"""
    kinds = [r["intervention"] for r in rows]
    return {k: kinds.count(k) for k in ("none", "repair", "renew")}
