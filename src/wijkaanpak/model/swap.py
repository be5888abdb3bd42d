"""Nieuw voor oud: can each owner-occupier household in a renewed block swap old for new with closed
purses (domain brief §4, report §5b "Financieringsmogelijkheden eigenaar-bewoners")?

Per household, at the block's completion year:

* equity = intake value − outstanding mortgage (negative: under water);
* new home: ground-bound if they want one (survey answer ``preferred_home_type``; without an
  answer: if they live in a house now) and one is left in the block's programme (allotted in
  dwelling order), otherwise an apartment; price and floor area: the block's average over its
  homes for sale of that type (:func:`programme.returner_terms`, the exploitation's rule) ×
  (1 − return discount); with ground lease the land share is left out of the price and a
  yearly canon (land value × canon rate) counts fully as housing cost (NHG Voorwaarden & Normen C9);
* NHG: when price + buying costs stay within the NHG cost limit of the completion year (NHG
  Voorwaarden & Normen 2026), the loan carries the NHG fee (``mortgage.nhg_fee``, added to the loan
  needed) and a lower rate (``households.nhg_rate_discount``, *assumption*);
* required loan = price + buying costs (+ NHG fee) − equity (savings are not used: closed purses);
* maximum loan under the legal norms (:mod:`mortgage`) with the new home's label amount, on incomes
  grown to the completion year (``households.income_growth``), and at most 100 % of the new home's
  market value, its price (Trhk art. 5 lid 2), plus a remaining debt of the old home (lid 3);
* monthly cost before = current payments (annuity on the repaying part over its remaining term,
  interest on the interest-only part) + energy; after = a 30-year annuity at the offered rate on
  the new loan, except the interest-only part the household keeps (at most its old one and
  ``households.interest_only_max_share`` of the new home's value: the fiscal transitional law, Wet
  IB 2001 hoofdstuk 10bis, lets a mover keep it), which costs interest only + energy of the new home
  (gross, before tax relief); the norms test the whole loan as an annuity all the same (Trhk art. 3);
* closed purse = the loan fits the norms and the monthly cost does not rise; the gap is the lump
  sum that would make both true.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from wijkaanpak.model import programme
from wijkaanpak.model.assumptions import Assumptions
from wijkaanpak.model.finance import FloatArray, annuity_payment
from wijkaanpak.model.inputs import Inputs, pct
from wijkaanpak.model.mortgage import MaxMortgage, Norms, max_mortgage
from wijkaanpak.model.renewal import paid_at_intake

OWNER = 0


@dataclass(frozen=True)
class Swap:
    """Per owner-occupier household in a renewed block (arrays aligned with ``households``)."""

    households: np.ndarray  # indices into the Inputs' household arrays
    equity: FloatArray  # [EUR]
    ground_bound: np.ndarray  # gets a ground-bound new home
    price: FloatArray  # [EUR]
    required_loan: FloatArray  # [EUR]
    max_loan: FloatArray  # [EUR] the lower of the norms' maximum and the loan-to-value limit
    binding: np.ndarray  # which limit binds: "income", "income_after_aow" or "ltv"
    nhg: np.ndarray  # within the NHG cost limit (fee paid, lower rate)
    rate: FloatArray  # rate of the new loan [%/yr]
    interest_only: FloatArray  # interest-only part kept on the new home [EUR]
    done: np.ndarray  # year index of the move into the new home [-]
    price_by_type: FloatArray  # [n, type] price after the return discount, before leasehold [EUR]
    area_by_type: FloatArray  # [n, type] floor area [m2]
    canon: FloatArray  # ground-lease canon [EUR/yr]
    costs: FloatArray  # buying costs [EUR]
    fee: FloatArray  # NHG fee [fraction of the loan]
    energy_after: FloatArray  # energy cost of the new home [EUR/month]
    label_amount: FloatArray  # energy-label amount in max_loan [EUR]
    monthly_room: FloatArray  # what the norms allow for housing costs [EUR/month]
    monthly_before: FloatArray  # [EUR/month]
    monthly_after: FloatArray  # [EUR/month]
    can_finance: np.ndarray
    closed_purse: np.ndarray
    gap: FloatArray  # [EUR]


def swap(
    inp: Inputs,
    norms: Norms,
    d_code: np.ndarray,
    d_start: np.ndarray,
    d_write_down: np.ndarray,
    b_densification: FloatArray,
    intake: str,
    b_shares: FloatArray,
    d_expropriated: np.ndarray,
) -> Swap:
    """Evaluate nieuw voor oud for owner-occupiers in dwellings with ``d_code == 2`` (renew)."""
    a, r, h = inp.assumptions, inp.assumptions.renewal, inp.assumptions.households
    dw = inp.h_dwelling
    sel = np.flatnonzero((d_code[dw] == 2) & (inp.d_tenure[dw] == OWNER))
    d = dw[sel]
    t = d_start[d]
    done = t + int(r.build_years.value)
    received = paid_at_intake(inp, d_start, d_write_down, intake, d_expropriated)
    equity = received[d] - inp.h_mortgage[sel]
    n = len(inp.block_ids)
    new = programme.homes(inp, np.arange(n), inp.b_base, b_densification, b_shares)
    ground = _allot(inp, sel, new)
    kind = np.where(ground, 0, 1)  # programme.TYPES
    rows = np.arange(len(sel))
    paid = programme.price(inp, done, programme.market_value(inp, done))
    by_type, area_by_type = programme.returner_terms(inp, paid, new.count[inp.d_block[d]])
    area = area_by_type[rows, kind]
    by_type = by_type * (1 - pct(r.return_discount))
    price = by_type[rows, kind]
    land, canon = programme.leasehold(inp, price)  # canon [EUR/yr] counts fully as housing cost
    price = price - land
    costs = inp.cost(h.buying_costs, done)
    nhg = price + costs <= programme.nhg_cost_limit(inp, done)
    rate = h.offered_rate.value - np.where(nhg, h.nhg_rate_discount.value, 0.0)
    fee = np.where(nhg, pct(inp.assumptions.mortgage.nhg_fee), 0.0)
    required = loan_needed(price, costs, equity, fee)
    kept = kept_interest_only(inp, sel, price)
    label = np.full(len(sel), h.new_home_label.value, dtype=object)
    m = household_max_mortgage(inp, norms, sel, done, label=label, canon=canon, rate=rate)
    ltv = price + np.maximum(-equity, 0.0)  # Trhk art. 5 lid 2: 100 % of the value; lid 3: + debt
    max_loan = np.minimum(m.max_loan, ltv)
    old_labels = np.array(["A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G"])[
        inp.d_label_rank[d]
    ]
    energy = a.sustainability.energy_cost
    energy_before = np.array([energy.values[x] for x in old_labels]) * inp.d_floor_area[d] / 12
    energy_after = energy.values[h.new_home_label.value] * area / 12
    before = current_payment(inp, sel) + energy_before
    after, can, closed, gap = verdict(
        required, max_loan, before, energy_after + canon / 12, rate, kept
    )
    return Swap(
        households=sel,
        equity=equity,
        ground_bound=ground,
        price=price,
        required_loan=required,
        max_loan=max_loan,
        binding=np.where(m.max_loan > ltv, "ltv", m.binding),
        nhg=nhg,
        rate=np.asarray(rate, dtype=float),
        interest_only=np.minimum(kept, required),
        done=done,
        price_by_type=by_type,
        area_by_type=area_by_type,
        canon=canon,
        costs=costs,
        fee=fee,
        energy_after=energy_after,
        label_amount=m.label_amount,
        monthly_room=m.monthly_room,
        monthly_before=before,
        monthly_after=after,
        can_finance=can,
        closed_purse=closed,
        gap=gap,
    )


def household_max_mortgage(
    inp: Inputs,
    norms: Norms,
    sel: np.ndarray,
    years_ahead: np.ndarray | int,
    label: np.ndarray | None = None,
    canon: FloatArray | float = 0.0,
    sustainability_label: np.ndarray | None = None,
    energy_measures_cost: FloatArray | float = 0.0,
    rate: FloatArray | float | None = None,
) -> MaxMortgage:
    """Legal maximum mortgage of households ``sel`` (their incomes grown to the loan's year with
    :func:`income_factor`, the norms' income bounds grown alike, the offered rate — or ``rate`` [%/yr] — and fixed period of the
    assumptions) for a loan starting ``years_ahead`` after the peildatum: AOW age reached then
    (table 2); single from ``adults`` (art. 3 lid 8); and where the oldest adult reaches AOW age
    within ten years of the loan, the lower of the tests on today's income and on the expected
    income after AOW (art. 2 lid 4; :func:`income_after_aow`)."""
    h = inp.assumptions.households
    age = inp.h_age[sel] + years_ahead
    start = inp.year0 + np.asarray(years_ahead)
    aow = age >= aow_age(inp.assumptions, start)
    soon = ~aow & (age + 10 >= aow_age(inp.assumptions, start + 10))
    grown = income_factor(inp.assumptions, years_ahead)
    return max_mortgage(
        norms,
        inp.h_income_1[sel] * grown,
        inp.h_income_2[sel] * grown,
        h.offered_rate.value if rate is None else rate,
        h.fixed_years.value,
        aow,
        label=label,
        canon=canon,
        sustainability_label=sustainability_label,
        single=inp.h_adults[sel] == 1,
        energy_measures_cost=energy_measures_cost,
        income_after_aow=np.where(soon, income_after_aow(inp, sel) * grown, np.nan),
        table_index=grown,
    )


def loan_needed(
    price: FloatArray, costs: FloatArray, equity: FloatArray, fee: FloatArray | float
) -> FloatArray:
    """Loan a returning owner needs: price + buying costs − equity (never below zero; savings are
    not used: closed purses), plus the NHG ``fee`` [fraction] on it. [EUR]

    >>> float(loan_needed(np.array([300_000.0]), 4_000.0, np.array([100_000.0]), 0.004)[0])
    204816.0
    """
    return np.asarray(np.maximum(price + costs - equity, 0.0) * (1.0 + fee), dtype=float)


def kept_interest_only(inp: Inputs, sel: np.ndarray, price: FloatArray) -> FloatArray:
    """Interest-only part households ``sel`` may keep on a new home of ``price``: their current
    one, at most ``households.interest_only_max_share`` of the home's value. [EUR]"""
    share = inp.assumptions.households.interest_only_max_share.value
    return np.asarray(np.minimum(inp.h_interest_only[sel], share * price), dtype=float)


def income_factor(a: Assumptions, years_ahead: npt.ArrayLike) -> FloatArray:
    """Growth of gross incomes (and of the AOW and pensions) from the peildatum to ``years_ahead``
    years later (``households.income_growth``). [-]

    >>> from wijkaanpak.io.assumptions import load_assumptions
    >>> round(float(income_factor(load_assumptions(), 2)), 4)  # 1.03 ** 2
    1.0609
    """
    return np.asarray(
        (1.0 + pct(a.households.income_growth)) ** np.asarray(years_ahead, dtype=float)
    )


def current_payment(inp: Inputs, sel: np.ndarray) -> FloatArray:
    """Monthly payment on the current mortgage of households ``sel``: an annuity on the repaying
    part over its remaining term, interest alone on the interest-only part. [EUR/month]"""
    debt, rate = inp.h_mortgage[sel], inp.h_rate[sel]
    only = np.minimum(inp.h_interest_only[sel], debt)
    term = np.maximum(inp.h_term[sel], 1.0)
    repaying = annuity_payment(debt - only, rate / 100, term)
    return np.asarray(np.where(debt > 0, (repaying + only * rate / 100) / 12, 0.0), dtype=float)


def aow_age(a: Assumptions, year: npt.ArrayLike) -> FloatArray:
    """AOW age in each calendar ``year`` (``mortgage.aow_age``: the last known year's age after the
    table, the first's before it). [yr]"""
    table = a.mortgage.aow_age
    years = np.array(sorted(table))
    ages = np.array([table[int(y)].value for y in years])
    at = np.clip(np.searchsorted(years, np.asarray(year), side="right") - 1, 0, len(years) - 1)
    return np.asarray(ages[at], dtype=float)


def income_after_aow(inp: Inputs, sel: np.ndarray) -> FloatArray:
    """Expected gross income at AOW age of households ``sel``: their ``pension_income`` where
    given, else the AOW benefit for their type (single or couple, ``households.aow_benefit``) plus
    ``households.pension_share`` of today's income. [EUR/yr, 2026 level like the incomes]"""
    default = default_income_after_aow(
        inp.assumptions, inp.h_adults[sel], inp.h_income_1[sel] + inp.h_income_2[sel]
    )
    return np.asarray(np.where(np.isnan(inp.h_pension[sel]), default, inp.h_pension[sel]))


def default_income_after_aow(
    a: Assumptions, adults: npt.ArrayLike, income: npt.ArrayLike
) -> FloatArray:
    """The AOW benefit for the household type (``households.aow_benefit``: single for one adult,
    else couple) plus ``households.pension_share`` of today's gross ``income``. [EUR/yr]"""
    h = a.households
    benefit = np.where(
        np.asarray(adults) == 1, h.aow_benefit.values["single"], h.aow_benefit.values["couple"]
    )
    return np.asarray(benefit + h.pension_share.value * np.asarray(income, dtype=float))


def verdict(
    required: FloatArray,
    max_loan: FloatArray,
    before: FloatArray,
    other_after: FloatArray,
    rate_pct: FloatArray | float,
    interest_only: FloatArray | float = 0.0,
) -> tuple[FloatArray, np.ndarray, np.ndarray, FloatArray]:
    """Closed-purse verdict for a required loan.

    Returns the monthly cost after (a 30-year annuity at ``rate_pct`` on the loan above the
    ``interest_only`` part kept [EUR], interest alone on that part, + ``other_after``) [EUR/month],
    whether the loan fits the legal maximum, whether the swap is closed-purse (fits and the monthly
    cost does not rise), and the gap: the lump sum that would make both true. [EUR]

    >>> after, can, closed, gap = verdict(np.array([100_000.0]), np.array([90_000.0]),
    ...                                   np.array([600.0]), np.array([0.0]), 0.0)
    >>> float(after[0]), bool(can[0]), float(gap[0])  # 100,000 / 360 months; 10,000 over the limit
    (277.77777777777777, False, 10000.0)
    """
    rate = np.asarray(rate_pct, dtype=float) / 100
    per_euro = annuity_payment(1.0, rate, 30.0)
    req = np.asarray(required, dtype=float)
    only = np.minimum(np.asarray(interest_only, dtype=float), req)
    after = ((req - only) * per_euro + only * rate) / 12 + other_after
    can = req <= max_loan + 0.5
    closed = can & (after <= before + 0.5)
    room = np.maximum(before - other_after, 0.0) * 12  # yearly payment that keeps costs level
    affordable = np.where(
        room >= only * rate, only + (room - only * rate) / per_euro, room / np.maximum(rate, 1e-9)
    )
    gap = np.maximum(req - np.minimum(max_loan, affordable), 0.0)
    return np.asarray(after, dtype=float), can, closed, np.asarray(gap, dtype=float)


def wants_ground_bound(inp: Inputs, sel: np.ndarray) -> np.ndarray:
    """Whether households ``sel`` want a ground-bound new home: their survey answer
    (``preferred_home_type``) where they gave one, else the type they live in now."""
    pref = inp.h_preference[sel]
    now = inp.d_ground_bound[inp.h_dwelling[sel]]
    return np.asarray(np.where(pref == "unknown", now, pref == "ground_bound"), dtype=bool)


def _allot(inp: Inputs, sel: np.ndarray, new: programme.Homes) -> np.ndarray:
    """Ground-bound homes go to the households who want one (:func:`wants_ground_bound`), in
    dwelling order per block, as long as the block's programme (``new``, per block of the
    neighbourhood) has ground-bound homes for sale."""
    blocks = inp.d_block[inp.h_dwelling[sel]]
    ground_homes = new.count[:, list(programme.PURCHASE), 0].sum(axis=1)
    wants = wants_ground_bound(inp, sel)
    rank = cumcount_by_group(wants, blocks) - 1
    return np.asarray(wants & (rank < ground_homes[blocks]), dtype=bool)


def cumcount_by_group(flags: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Running count of true ``flags`` within each group, in array order (pandas'
    ``groupby(groups).cumsum()`` on 0/1 without its overhead). [-]

    >>> cumcount_by_group(np.array([1, 1, 0, 1, 1]), np.array([2, 0, 2, 2, 0])).tolist()
    [1, 1, 1, 2, 2]
    """
    order = np.argsort(groups, kind="stable")
    g, running = groups[order], np.cumsum(np.asarray(flags, dtype=np.int64)[order])
    first = np.r_[True, g[1:] != g[:-1]] if len(g) else np.zeros(0, dtype=bool)
    before = running - np.asarray(flags, dtype=np.int64)[order]  # count before each element
    start = np.maximum.accumulate(np.where(first, np.arange(len(g)), 0)) if len(g) else g
    out = np.empty(len(g), dtype=np.int64)
    out[order] = running - before[start]
    return out


def summary(s: Swap, inp: Inputs) -> dict[str, float]:
    """Aggregates over the owner-occupier households in renewed blocks."""
    n = len(s.households)
    wish = inp.h_wish[s.households]
    under = s.equity < 0
    return {
        "owner_households": float(n),
        "wish_to_return": float((wish == "yes").sum()),
        # who may come back: "yes" and not-yet-known answers (only a "no" is left out)
        "returning_candidates": float((wish != "no").sum()),
        "returning_closed_purse": float((s.closed_purse & (wish != "no")).sum()),
        "can_finance": float(s.can_finance.sum()),
        "closed_purse": float(s.closed_purse.sum()),
        "closed_purse_share": float(s.closed_purse.mean()) if n else 0.0,
        "total_gap_eur": float(s.gap.sum()),
        "median_gap_eur": float(np.median(s.gap[s.gap > 0])) if (s.gap > 0).any() else 0.0,
        "under_water": float(under.sum()),
        "under_water_exposure_eur": float(-s.equity[under].sum()),
    }


__all__ = ["Swap", "loan_needed", "summary", "swap", "verdict"]
