"""One-at-a-time sensitivity of the exploitation result to the main assumptions (tornado data)."""

from __future__ import annotations

import pandas as pd

from wijkaanpak.analysis.evaluate import prepare_inputs
from wijkaanpak.model.assumptions import Assumptions, Parameter, Table
from wijkaanpak.model.engine import exploitation_npv
from wijkaanpak.model.inputs import facts
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.plan import Plan

#: The assumptions varied, with Dutch labels for the chart.
MAIN = {
    "renewal.construction": "bouwkosten per m²",
    "renewal.sale_price": "verkoopprijzen nieuwbouw",
    "finance.cost_index": "kostenindex",
    "finance.revenue_index": "woningprijsindex (opbrengsten en inbreng)",
    "general.discount_rate": "disconteringsvoet",
    "finance.interest_rate": "rente exploitatie",
    "renewal.demolition": "sloopkosten",
    "public_space.parking_hub": "parkeerhub per plaats",
    "renewal.temporary_housing": "tijdelijke huisvesting",
}


def scaled(assumptions: Assumptions, key: str, factor: float) -> Assumptions:
    """A copy of ``assumptions`` with one parameter (or all values of a table) times ``factor``."""
    section_name, name = key.split(".")
    leaf = getattr(getattr(assumptions, section_name), name)
    new: Parameter | Table
    if isinstance(leaf, Table):
        new = leaf.model_copy(update={"values": {k: v * factor for k, v in leaf.values.items()}})
    elif isinstance(leaf, Parameter):
        new = leaf.model_copy(update={"value": leaf.value * factor})
    else:
        msg = f"{key} is not a number or table"
        raise TypeError(msg)
    new = new.model_copy(update={"origin": f"sensitivity ×{factor:g}"})
    return assumptions.with_leaves({key: new})


def tornado(
    nbh: Neighbourhood,
    assumptions: Assumptions,
    plan: Plan,
    delta: float = 0.2,
    keys: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Exploitation NPV with each main assumption at (1 − delta) and (1 + delta) times its value.

    Columns: ``key``, ``label``, ``low_eur``, ``high_eur``, ``base_eur``, ``swing_eur``; sorted by
    swing, largest first. [EUR]
    """
    known = facts(nbh)  # the neighbourhood's arrays, once for every scaled set of assumptions
    base = exploitation_npv(prepare_inputs(known, assumptions), plan)
    rows = []
    for key, label in (keys or MAIN).items():
        low = exploitation_npv(prepare_inputs(known, scaled(assumptions, key, 1 - delta)), plan)
        high = exploitation_npv(prepare_inputs(known, scaled(assumptions, key, 1 + delta)), plan)
        rows.append(
            {
                "key": key,
                "label": label,
                "low_eur": low,
                "high_eur": high,
                "base_eur": base,
                "swing_eur": abs(high - low),
            }
        )
    return pd.DataFrame(rows).sort_values("swing_eur", ascending=False, ignore_index=True)
