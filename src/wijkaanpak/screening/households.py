"""Neighbourhood-level default households, where the input has none (marked as such).

Screening rarely has households at hand: they are personal data, gathered at kitchen tables once a
wijkaanpak has started. Without them the model would see no tenants to rehouse and no owners who
cannot pay a forced repair, so screening puts one typical household in every dwelling, by tenure.
Every value is an **assumption** (range in brackets); the outputs say ``households: defaults`` and
give no closed-purse share for such a buurt, since that share is about real households.

=====================  ================  ================  ================
                       owner-occupier    private rental    housing assoc.
=====================  ================  ================  ================
adults                 2                 1                 1
age of the oldest      52 (35–70)        38 (25–60)        55 (30–80)
gross income [EUR/yr]  62,000 (40–90 k)  38,000 (25–55 k)  26,000 (18–35 k)
savings [EUR]          25,000 (5–80 k)   5,000 (0–20 k)    3,000 (0–10 k)
mortgage               45 % of WOZ (20–80 %), 3.0 %/yr, 18 yr left; tenants none
wish to return         unknown (the assumptions' return_share_if_unknown applies)
=====================  ================  ================  ================

Incomes follow the Voorbeeldwijk's tenants (docs/voorbeeldwijk.md) and, for owners, about CBS's
median gross income of owner-occupier households with two adults (rounded); the mortgage share
follows the order of magnitude of outstanding mortgage debt to home value in DNB's statistics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Typical household per tenure (see the module docstring). *Assumptions.*
DEFAULTS: dict[str, dict[str, float]] = {
    "owner_occupier": {"adults": 2, "age": 52, "income": 62_000.0, "savings": 25_000.0},
    "private_rental": {"adults": 1, "age": 38, "income": 38_000.0, "savings": 5_000.0},
    "housing_association": {"adults": 1, "age": 55, "income": 26_000.0, "savings": 3_000.0},
}
MORTGAGE_SHARE = 0.45  # outstanding mortgage / WOZ value of owner-occupiers [-]
MORTGAGE_RATE = 3.0  # [%/yr]
MORTGAGE_TERM = 18.0  # remaining [yr]
SECOND_EARNER = 0.35  # share of a two-adult household's income the second adult earns [-]


def default_households(dwellings: pd.DataFrame, code: str) -> pd.DataFrame:
    """One household per dwelling by tenure, as a raw ``households`` table. ``dwellings`` is the
    validated table (indexed by ``dwelling_id``)."""
    tenure = dwellings["tenure"].astype(str).to_numpy()
    table = pd.DataFrame([DEFAULTS[t] for t in tenure])
    owner = tenure == "owner_occupier"
    two = table["adults"].to_numpy() >= 2
    income = table["income"].to_numpy()
    mortgage = np.where(
        owner, np.round(dwellings["woz_value"].to_numpy(float) * MORTGAGE_SHARE, -2), 0.0
    )
    return pd.DataFrame(
        {
            "household_id": [f"{code}-D{i:05d}" for i in range(1, len(dwellings) + 1)],
            "dwelling_id": dwellings.index.to_numpy(dtype=object),
            "adults": table["adults"].astype(int).to_numpy(),
            "age_1": table["age"].astype(int).to_numpy(),
            "age_2": np.where(two, table["age"].to_numpy() - 2, np.nan),
            "income_1": np.where(two, income * (1 - SECOND_EARNER), income),
            "income_2": np.where(two, income * SECOND_EARNER, 0.0),
            "mortgage_outstanding": mortgage,
            "mortgage_rate": np.where(owner, MORTGAGE_RATE, 0.0),
            "mortgage_remaining_term": np.where(owner, MORTGAGE_TERM, 0.0),
            "savings": table["savings"].to_numpy(),
            "wish_to_return": "unknown",
        }
    )
