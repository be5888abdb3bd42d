"""Public space around kept blocks: periodic street raising and sewer renewal (municipality)."""

from __future__ import annotations

import numpy as np

from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.ledger import Ledger
from wijkaanpak.model.plan import Measures


def kept_public_space(
    led: Ledger,
    inp: Inputs,
    kept_share: float,
    repair_share_by_year: np.ndarray,
    measures: Measures,
) -> None:
    """Street raising every N years over the kept part of the streets, plus once around each block
    when it is repaired; sewers renewed when due, over the kept part.

    The first periodic raising falls half an interval after the peildatum (*assumption*: the last
    one lies on average half an interval back).
    """
    ps = inp.assumptions.public_space
    years = np.arange(inp.horizon)
    if measures.street_raising and kept_share > 0:
        interval = max(int(ps.street_raising_interval.value), 1)
        due = years[(years - interval // 2) % interval == 0]
        led.resource(
            "municipality",
            "street_raising",
            due,
            -inp.cost(ps.street_raising, due) * inp.street_area * kept_share,
        )
    raised = repair_share_by_year * inp.street_area
    led.resource(
        "municipality", "street_raising", years, -inp.cost(ps.street_raising, years) * raised
    )
    if measures.sewer_renewal and kept_share > 0 and len(inp.sewer_due):
        t = inp.sewer_due.astype(int)
        led.resource(
            "municipality",
            "sewer_renewal",
            t,
            -inp.cost(ps.sewer_renewal, t) * inp.sewer_length * kept_share,
        )
