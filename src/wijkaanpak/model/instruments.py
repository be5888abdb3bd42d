"""Instruments that close a household's gap, each on its own, for the kitchen-table overview
(issue #13 §2; report §5b "Financieringsmogelijkheden eigenaar-bewoners").

For an owner-occupier in a renewed block (:mod:`swap`) every instrument is applied on its own to the
same verdict (:func:`swap.verdict`) with the same rules (NHG, loan-to-value, interest-only part kept):

* ``ground_lease`` — the land on ground lease (erfpacht): the land share leaves the price and its canon
  counts fully as housing cost (only when the plan does not already use it);
* ``smaller_home`` — an apartment instead of a ground-bound home, at the block's apartment price;
* ``return_discount`` — an extra discount on the price for returners, up to
  ``instruments.max_return_discount`` (a cost to the WOM and so to the municipality);
* ``deferred_loan`` — a loan like the SVn Starterslening for the gap, up to
  ``instruments.deferred_loan_max_share`` of the price: no payments for
  ``deferred_loan_free_years`` (the interest is added), then an annuity over the rest of the term,
  means-tested: at most what the norms leave next to the mortgage;
* ``social_rent`` — sell to the WOM and rent a new social home (the equity is paid out);
* ``energy_label_amount`` — the new home's label amount (Trhk art. 4 lid 3), already in the verdict:
  shown with what it closes.

For an owner in a repaired block (:mod:`repair_finance`): the fund's loan with its payment, the
fund's maatwerk variant for what is left (``repair_fund.grace_years`` without payments, then
means-tested), and municipal support for the rest.

``closes`` is how much of the gap an instrument closes on its own; ``monthly`` the household's
monthly housing cost with it (after any payment-free years), ``gap_after`` what is left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijkaanpak.model import programme
from wijkaanpak.model.finance import FloatArray, annuity_payment
from wijkaanpak.model.inputs import Inputs, pct
from wijkaanpak.model.mortgage import Norms
from wijkaanpak.model.repair_finance import RepairFinance
from wijkaanpak.model.swap import (
    Swap,
    household_max_mortgage,
    kept_interest_only,
    loan_needed,
    verdict,
)

#: Instruments in the order the overview lists them.
SWAP_INSTRUMENTS = (
    "ground_lease",
    "smaller_home",
    "return_discount",
    "deferred_loan",
    "social_rent",
    "energy_label_amount",
)
REPAIR_INSTRUMENTS = ("repair_fund", "fund_maatwerk", "municipal_support")


@dataclass(frozen=True)
class Option:
    """One instrument for every household of a :class:`Swap` or :class:`RepairFinance`."""

    instrument: str
    applies: np.ndarray  # the instrument is open to the household and there is something to close
    closes: FloatArray  # [EUR] part of the gap it closes on its own
    monthly: FloatArray  # [EUR/month] monthly housing cost with it
    gap_after: FloatArray  # [EUR]
    counted: bool = False  # already part of the verdict


def deferred_payment(
    amount: FloatArray, rate_pct: float, term: float, free_years: float, room: FloatArray
) -> FloatArray:
    """Monthly payment on a deferred loan once its free years end: the balance grown with the
    interest of the free years, as an annuity over the rest of the term, at most ``room``
    [EUR/month] (the means test). [EUR/month]

    >>> round(float(deferred_payment(np.array([10_000.0]), 0.0, 30, 3, np.array([1e9]))[0]), 4)
    30.8642
    """
    r = rate_pct / 100
    grown = np.asarray(amount, dtype=float) * (1 + r) ** free_years
    full = annuity_payment(grown, r, max(term - free_years, 1.0)) / 12
    return np.asarray(np.minimum(full, np.maximum(room, 0.0)), dtype=float)


def swap_options(inp: Inputs, norms: Norms, s: Swap) -> list[Option]:
    """Each instrument of the module docstring for the households of ``s``."""
    a, h, ins = inp.assumptions, inp.assumptions.households, inp.assumptions.instruments
    under = np.maximum(-s.equity, 0.0)
    label = np.full(len(s.households), h.new_home_label.value, dtype=object)

    def with_price(
        price: FloatArray, energy: FloatArray, canon: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        m = household_max_mortgage(
            inp, norms, s.households, s.done, label=label, canon=canon, rate=s.rate
        )
        required = loan_needed(price, s.costs, s.equity, s.fee)
        kept = kept_interest_only(inp, s.households, price)
        max_loan = np.minimum(m.max_loan, price + under)
        after, _, _, gap = verdict(
            required, max_loan, s.monthly_before, energy + canon / 12, s.rate, kept
        )
        return after, gap

    def same_home(required: FloatArray, max_loan: FloatArray) -> tuple[FloatArray, FloatArray]:
        """The verdict on the household's own new home with another loan or maximum."""
        kept = kept_interest_only(inp, s.households, s.price)
        other = s.energy_after + s.canon / 12
        after, _, _, gap = verdict(required, max_loan, s.monthly_before, other, s.rate, kept)
        return after, gap

    has_gap = s.gap > 0.5
    out: list[Option] = []
    # ground lease on the land, when the plan does not use it already
    share = h.ground_lease_land_share.value
    canon = s.price * share * pct(h.canon_rate)
    after, gap = with_price(s.price * (1 - share), s.energy_after, canon)
    out.append(
        Option("ground_lease", has_gap & (not h.ground_lease.value), s.gap - gap, after, gap)
    )
    # an apartment instead of a ground-bound home
    flat = s.price_by_type[:, 1]
    land, flat_canon = programme.leasehold(inp, flat)
    energy = a.sustainability.energy_cost.values[h.new_home_label.value] * s.area_by_type[:, 1] / 12
    after, gap = with_price(flat - land, energy, flat_canon)
    out.append(Option("smaller_home", has_gap & s.ground_bound, s.gap - gap, after, gap))
    # an extra discount for returners, up to the maximum
    cap = pct(ins.max_return_discount) * s.price
    cut = np.minimum(s.gap / (1 + s.fee), cap)
    after, gap = with_price(s.price - cut, s.energy_after, s.canon)
    out.append(Option("return_discount", has_gap, s.gap - gap, after, gap))
    # a deferred, means-tested loan for the gap (like the SVn Starterslening)
    amount = np.minimum(s.gap, ins.deferred_loan_max_share.value * s.price)
    required = loan_needed(s.price, s.costs, s.equity, s.fee) - amount
    first, gap = same_home(required, s.max_loan)
    per_euro = annuity_payment(1.0, s.rate / 100, 30.0) / 12
    room = s.monthly_room - required * per_euro
    pay = deferred_payment(
        amount,
        ins.deferred_loan_rate.value,
        ins.deferred_loan_term.value,
        ins.deferred_loan_free_years.value,
        room,
    )
    out.append(Option("deferred_loan", has_gap, s.gap - gap, first + pay, gap))
    # sell to the WOM and rent a new social home
    rent = programme.social_rent(inp, s.done)
    out.append(Option("social_rent", ~s.closed_purse, s.gap, rent + energy, np.zeros_like(s.gap)))
    # the label amount, already in the verdict: what it closes
    without = np.minimum(s.max_loan, np.maximum(s.max_loan - s.label_amount, 0.0))
    _, gap0 = same_home(loan_needed(s.price, s.costs, s.equity, s.fee), without)
    out.append(
        Option(
            "energy_label_amount", s.label_amount > 0, gap0 - s.gap, s.monthly_after, s.gap, True
        )
    )
    return out


def repair_options(inp: Inputs, rf: RepairFinance) -> list[Option]:
    """The fund's loan, its maatwerk variant for what is left, municipal support for the rest."""
    fund = inp.assumptions.repair_fund
    loan = np.where(rf.from_fund > 0, rf.from_fund + fund.closing_costs.value, 0.0)
    payment = annuity_payment(loan, pct(fund.rate), fund.term.value) / 12
    zero = np.zeros(len(rf.households))
    later = deferred_payment(
        rf.support, fund.rate.value, fund.term.value, fund.grace_years.value, rf.room
    )
    needs = rf.support > 0.5
    return [
        Option("repair_fund", rf.from_fund > 0, rf.from_fund, payment, rf.support),
        Option("fund_maatwerk", needs, rf.support, payment + later, zero),
        Option("municipal_support", needs, rf.support, payment, zero),
    ]


__all__ = [
    "REPAIR_INSTRUMENTS",
    "SWAP_INSTRUMENTS",
    "Option",
    "deferred_payment",
    "repair_options",
    "swap_options",
]
