"""Non-residential units (the report's 'overig vastgoed': shops, workshops) in renewed blocks.

The WOM buys them with the homes in the block's start year (issue #12 §6):

* the price is their market value (the block's ``non_residential_value``, or floor area ×
  ``acquisition.non_residential_value_per_m2``; indexed with the house-price index), plus
  ``acquisition.expropriation_surcharge`` when the block is expropriated: a transfer to their owners;
* transfer tax at the non-residential rate (``taxes.transfer_tax_non_residential``, Wet op
  belastingen van rechtsverkeer art. 14 lid 1), unless the WOM's exemption applies (art. 15 lid 1
  sub o), which does not distinguish by kind;
* side costs as for homes (``renewal.acquisition_side_costs`` of the market value; when
  expropriated also ``acquisition.expropriation_legal_costs`` per unit), demolition as for a
  dwelling per unit, and moving the businesses (``acquisition.business_relocation`` per
  unit): real costs, paid by the WOM;
* the buildings' market value is lost when they are demolished: a real cost to their owners, so
  the MKBA counts the shops' use that ends (the market value is the present value of that use,
  the land under them included, whose new use the new homes' value carries). An owner paid market
  value is left as well off; the surcharge of an expropriation is their gain.

The new programme has no non-residential space, so the model does not rebuild them (a plan that does
should count their value as new property; not modelled).
"""

from __future__ import annotations

import numpy as np

from wijkaanpak.model.finance import FloatArray
from wijkaanpak.model.inputs import Inputs, pct
from wijkaanpak.model.ledger import Ledger

OWNER = "non_residential_owners"


def market_value(inp: Inputs, blk: np.ndarray, t: np.ndarray) -> FloatArray:
    """Market value of blocks ``blk``'s non-residential units together in year index ``t``.
    [EUR, nominal]"""
    return np.asarray(
        inp.b_nonres_value[blk] * (1.0 + inp.house_price_rate) ** np.asarray(t, dtype=float),
        dtype=float,
    )


def acquire(
    led: Ledger, inp: Inputs, blk: np.ndarray, t: np.ndarray, expropriated: np.ndarray
) -> FloatArray:
    """Book buying, demolishing and vacating the non-residential units of blocks ``blk`` in year
    index ``t`` (``expropriated`` per block); return what the WOM spent on side costs, relocation
    and demolition per block (the base of the plan costs). [EUR, nominal]"""
    a, acq = inp.assumptions, inp.assumptions.acquisition
    units = inp.b_nonres_units[blk]
    has = units > 0
    if not has.any():
        return np.zeros(len(blk))
    blk, t, units, expropriated = blk[has], t[has], units[has], expropriated[has]
    value = market_value(inp, blk, t)
    price = value * np.where(expropriated, 1.0 + pct(acq.expropriation_surcharge), 1.0)
    led.transfer("municipality", OWNER, "acquisition", t, price, blk)
    led.resource(OWNER, "non_residential_property", t, -value, blk)
    tax = 0.0 if a.taxes.wom_exemption.value else pct(a.taxes.transfer_tax_non_residential)
    led.transfer("municipality", "government", "transfer_tax", t, tax * price, blk)
    side = pct(a.renewal.acquisition_side_costs) * value + np.where(
        expropriated, units * inp.cost(acq.expropriation_legal_costs, t), 0.0
    )
    led.resource("municipality", "acquisition_side_costs", t, -side, blk)
    moving = units * inp.cost(acq.business_relocation, t)
    led.resource("municipality", "business_relocation", t, -moving, blk)
    demolition = units * inp.cost(a.renewal.demolition, t)
    led.resource("municipality", "demolition", t, -demolition, blk)
    spent = np.zeros(len(has))
    spent[has] = side + moving + demolition
    return spent
