"""The optimiser on a project (issue #15 §4, web): "Stel plannen voor".

An optimisation runs **in the request** (≈ 3–4 s on the Voorbeeldwijk, most of it the
linearisation, ``docs/optimise.md``). The linear model of a project's prepared inputs is kept in
memory (:func:`linear_for`), so a second proposal with other constraints takes ≈ 0.1–1 s. One
optimisation at a time per server process (:data:`_BUSY`): a second request meanwhile is told to
try again instead of queueing CPU-bound work behind the first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from wijkaanpak.analysis.adjacency import neighbours
from wijkaanpak.analysis.linear import DEFAULT_LEVELS, Linear, block_options, linearise
from wijkaanpak.analysis.milp import Limits
from wijkaanpak.analysis.optimise import Outcome, Settings, optimise, parse_fixed
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.web.projects import services
from wijkaanpak.web.projects.models import Project

OBJECTIVES = ("mkba", "exploitation")  # offered on the page (``weighted`` only in the CLI)
_BUSY = threading.Lock()
#: Linear models by the identity of the prepared inputs (``services.inputs_for`` keeps those).
_LINEAR: OrderedDict[int, tuple[Inputs, Linear]] = OrderedDict()
_LINEAR_MAX = 4


class Busy(Exception):
    """Another optimisation is running in this server process."""


@dataclass(frozen=True)
class Request:
    """The page's constraints (``None`` leaves one out)."""

    objective: str = "mkba"
    max_deficit: float | None = None  # [EUR]
    min_return_share: float | None = None  # [fraction 0–1]
    max_displaced_tenants: float | None = None  # [households]
    min_net_new_homes: float | None = None  # [homes]
    contiguity: bool = False
    fixed: tuple[str, ...] = ()  # ``BLOCK=OPTION`` specs


def parse_fixed_text(text: str) -> list[str]:
    """``"B1A01=repair, B2A03 = renew@1.50\\n…"`` → ``["B1A01=repair", "B2A03=renew@1.50"]``."""
    parts = text.replace(";", "\n").replace(",", "\n").splitlines()
    return ["=".join(s.strip() for s in p.split("=", 1)) for p in parts if p.strip()]


def check_fixed(project: Project, specs: list[str]) -> None:
    """Raise :class:`InputError` naming each bad ``BLOCK=OPTION`` spec."""
    inp = services.inputs_for(project)
    parse_fixed(inp, block_options(inp, DEFAULT_LEVELS), specs)


def linear_for(inp: Inputs) -> Linear:
    """The linear model of ``inp`` with the default options (made once per prepared inputs)."""
    key = id(inp)
    if key in _LINEAR and _LINEAR[key][0] is inp:
        _LINEAR.move_to_end(key)
        return _LINEAR[key][1]
    lin = linearise(inp, block_options(inp, DEFAULT_LEVELS))
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


def run(project: Project, req: Request) -> Outcome:
    """Propose a plan for ``project``; raises :class:`Busy`, or :class:`InputError` with the
    optimiser's own explanation when no plan meets the constraints."""
    if not _BUSY.acquire(blocking=False):
        raise Busy
    try:
        inp = services.inputs_for(project)
        limits = Limits(
            max_deficit=req.max_deficit,
            min_return_share=req.min_return_share,
            max_displaced_tenants=req.max_displaced_tenants,
            min_net_new_homes=req.min_net_new_homes,
            contiguity=req.contiguity,
        )
        nb = neighbours_for(project, inp) if req.contiguity else None
        settings = Settings(
            objective=req.objective, limits=limits, name=f"voorstel-{req.objective}"
        )
        return optimise(inp, settings, list(req.fixed), nb, linear=linear_for(inp))
    finally:
        _BUSY.release()


def block_rows(outcome: Outcome) -> list[dict[str, Any]]:
    """Per block of the neighbourhood: its id and the option the proposal gives it."""
    plan = outcome.proposal.plan
    rows = []
    for b in outcome.linear.inputs.block_ids:
        i = plan.for_block(str(b))
        rows.append(
            {
                "block_id": str(b),
                "intervention": i.intervention,
                "densification": i.densification if i.intervention == "renew" else None,
            }
        )
    return rows


def counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Blocks per intervention. [-]"""
    kinds = [r["intervention"] for r in rows]
    return {k: kinds.count(k) for k in ("none", "repair", "renew")}
