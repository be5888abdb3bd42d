"""Public space around kept blocks: periodic street raising and sewer renewal (municipality)."""

from __future__ import annotations

import numpy as np

from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.ledger import Ledger
from wijkaanpak.model.plan import Measures


def kept_public_space(
    led: Ledger,
    inp: Inputs,
    b_kept: np.ndarray,
    b_repair_start: np.ndarray,
    measures: Measures,
) -> None:
    """Street raising every N years over the kept part of the streets; around a repaired block the
    street is raised with the repair and its periodic raising starts again from then (no second
    raising right after); sewers renewed when due, over the kept part.

    ``b_kept``: per block, kept (none or repair); ``b_repair_start``: per block, the year index of
    its block repair (inf: none). The first periodic raising falls half an interval after the
    peildatum (*assumption*: the last one lies on average half an interval back).
    """
    ps = inp.assumptions.public_space
    years = np.arange(inp.horizon)[None, :]
    interval = max(int(ps.street_raising_interval.value), 1)
    start = b_repair_start[:, None]
    periodic = ((years - interval // 2) % interval == 0) & (years < start)
    since = np.where(years >= start, years - np.where(np.isfinite(start), start, 0), -1)
    renewed = since == 0
    if measures.street_raising:
        renewed = renewed | ((since > 0) & (since % interval == 0))
    raised = (periodic & measures.street_raising) | renewed
    share = (inp.b_share * b_kept)[:, None]
    area = (raised * share).sum(axis=0) * inp.street_area
    t = np.arange(inp.horizon)
    led.resource("municipality", "street_raising", t, -inp.cost(ps.street_raising, t) * area)
    kept_share = float(inp.b_share[b_kept].sum())
    if measures.sewer_renewal and kept_share > 0 and len(inp.sewer_due):
        due = inp.sewer_due.astype(int)
        led.resource(
            "municipality",
            "sewer_renewal",
            due,
            -inp.cost(ps.sewer_renewal, due) * inp.sewer_length * kept_share,
        )
