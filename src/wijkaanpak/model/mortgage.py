"""Maximum mortgage under the Tijdelijke regeling hypothecair krediet (Trhk), vectorised.

Rules, with their legal source (Trhk as amended by the Wijzigingsregeling hypothecair krediet 2026,
Stcrt. 2025, 36471; norms per year are data in ``data/assumptions.yaml`` and ``data/norms``):

1. Test income: the gross incomes of both applicants count in full (Trhk art. 3; the partner's
   income counts 100 % since 2023).
2. Test rate: with a fixed-rate period under 10 years at least 5.0 % (Trhk art. 3: toetsrente);
   with 10 years or more, the offered rate.
3. Financing-cost percentage: Trhk bijlage 1, table 1 (below AOW age) or 2 (AOW age reached),
   tables 3/4 for loan parts whose interest is not deductible; row = the last row whose lower income
   bound ≤ test income; column = the first interest band whose upper bound ≥ test rate; no
   interpolation (Trhk art. 3 lid 5).
4. Monthly room = test income × percentage / 12 − existing obligations − ground-lease canon / 12
   (the canon counts fully as housing cost: NHG Voorwaarden & Normen, C9).
5. Maximum loan = monthly room as a 30-year annuity at the test rate (Trhk art. 3).
6. On top: the energy-label amount of the home bought (Trhk art. 4 lid 3), or for energy-saving
   measures on an existing home (art. 4 lid 4) "the part of the credit spent on them" up to the
   amount for the home's label — so never more than the measures cost (floor insulation and the
   label package count; foundation repair and jacking are no energy-saving measures, art. 1 onderdeel
   b) — and for an applicant who is *alleenstaand* (a household of one adult; a one-earner couple is
   not single) with a test income above EUR 30,000 (EUR 29,000 at AOW age) the amount of art. 3
   lid 8 (2026: up to EUR 17,000), which the lender "may leave out of the financing cost" — read
   here, like the label amounts, as extra loan whose cost is not counted.
7. Approaching AOW (Trhk art. 2 lid 4, from 2024: the lender "also takes into account" the expected
   income at AOW age when the consumer reaches it within ten years of the loan; NHG Voorwaarden &
   Normen norm 6.7 "Naderend pensioen" applies it with that age's percentage table): the maximum
   is the lower of the loan on today's income (table 1) and on the expected income after AOW
   (table 2); ``binding`` says which.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from wijkaanpak.model.finance import FloatArray
from wijkaanpak.model.lookup import mapped

TABLE_COLUMNS = (
    "rate_upto_1.5",
    "rate_upto_2.0",
    "rate_upto_2.5",
    "rate_upto_3.0",
    "rate_upto_3.5",
    "rate_upto_4.0",
    "rate_upto_4.5",
    "rate_upto_5.0",
    "rate_upto_5.5",
    "rate_upto_6.0",
    "rate_upto_6.5",
    "rate_upto_inf",
)
#: Upper bounds of the interest bands of Trhk bijlage 1. [%/yr]
BAND_UPPER = np.array([1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, np.inf])


@dataclass(frozen=True)
class PercentageTable:
    """One table of Trhk bijlage 1: income lower bounds [EUR/yr] and percentages [%] by band."""

    income_from: FloatArray  # ascending
    percentages: FloatArray  # [row, band]


@dataclass(frozen=True)
class Norms:
    """The norm set of one year."""

    year: int
    below_aow: PercentageTable
    aow: PercentageTable
    below_aow_non_deductible: PercentageTable
    aow_non_deductible: PercentageTable
    minimum_test_rate: float  # [%/yr]
    fixed_period_threshold: float  # [yr]
    annuity_years: float  # [yr]
    label_amounts: dict[str, float]  # [EUR] art. 4 lid 3
    sustainability_amounts: dict[str, float]  # [EUR] art. 4 lid 4
    single_amount: float  # [EUR] art. 3 lid 8
    single_threshold: dict[
        str, float
    ]  # [EUR/yr] art. 3 lid 8: test income above which, by "below_aow"/"aow"


@dataclass(frozen=True)
class MaxMortgage:
    """Every step of the calculation, per household (arrays)."""

    test_income: FloatArray  # [EUR/yr]
    test_rate: FloatArray  # [%/yr]
    percentage: FloatArray  # financing-cost percentage [%]
    monthly_room: FloatArray  # [EUR/month], after obligations and canon
    annuity_loan: FloatArray  # [EUR]
    label_amount: FloatArray  # [EUR] art. 4 lid 3 and lid 4
    single_amount: FloatArray  # [EUR]
    max_loan: FloatArray  # [EUR]
    #: the test that sets the maximum: "income" (today's) or "income_after_aow" (art. 2 lid 4)
    binding: np.ndarray


def applicable_test_rate(
    offered: npt.ArrayLike, fixed_years: npt.ArrayLike, norms: Norms
) -> FloatArray:
    """Rate to test with: at least the minimum when fixed for less than the threshold. [%/yr]

    >>> n = Norms(2026, *([None] * 4), 5.0, 10.0, 30.0, {}, {}, 0.0, {})  # type: ignore[arg-type]
    >>> applicable_test_rate([3.9, 3.9, 6.1], [5, 10, 1], n).tolist()
    [5.0, 3.9, 6.1]
    """
    rate = np.asarray(offered, dtype=float)
    short = np.asarray(fixed_years, dtype=float) < norms.fixed_period_threshold
    return np.asarray(np.where(short, np.maximum(rate, norms.minimum_test_rate), rate), dtype=float)


def percentage(table: PercentageTable, income: npt.ArrayLike, rate: npt.ArrayLike) -> FloatArray:
    """Financing-cost percentage by row (income) and band (rate), without interpolation. [%]"""
    row = np.searchsorted(table.income_from, np.asarray(income, dtype=float), side="right") - 1
    band = np.searchsorted(BAND_UPPER, np.asarray(rate, dtype=float), side="left")
    return np.asarray(table.percentages[np.clip(row, 0, None), band], dtype=float)


def annuity_factor(rate_pct: npt.ArrayLike, years: float) -> FloatArray:
    """Loan per euro of monthly payment: (1 − (1 + r)^−n) / r with r = rate / 12, n = 12 × years.

    >>> round(float(annuity_factor(5.0, 30)), 4)
    186.2816
    """
    r = np.asarray(rate_pct, dtype=float) / 100.0 / 12.0
    n = 12.0 * years
    safe = np.where(r == 0, 1.0, r)
    return np.asarray(np.where(r == 0, n, (1.0 - (1.0 + safe) ** -n) / safe), dtype=float)


def max_mortgage(
    norms: Norms,
    income_1: npt.ArrayLike,
    income_2: npt.ArrayLike,
    offered_rate: npt.ArrayLike,
    fixed_years: npt.ArrayLike,
    aow: npt.ArrayLike,
    label: npt.ArrayLike | None = None,
    canon: npt.ArrayLike = 0.0,
    obligations: npt.ArrayLike = 0.0,
    sustainability_label: npt.ArrayLike | None = None,
    non_deductible: bool = False,
    single: npt.ArrayLike | None = None,
    energy_measures_cost: npt.ArrayLike = 0.0,
    income_after_aow: npt.ArrayLike | None = None,
    table_index: npt.ArrayLike = 1.0,
) -> MaxMortgage:
    """Maximum mortgage per household under ``norms``.

    Parameters
    ----------
    income_1, income_2 : gross yearly incomes of the applicants (0 for a single). [EUR/yr]
    offered_rate : the lender's rate. [%/yr]
    fixed_years : fixed-rate period. [yr]
    aow : the (oldest) applicant has reached AOW age. [bool]
    label : energy label of the home bought (``"A++++_guarantee"`` … ``"G"``), for art. 4 lid 3.
    canon : ground-lease canon. [EUR/yr]
    obligations : existing monthly obligations counted as housing cost. [EUR/month]
    sustainability_label : label of an existing home on which measures are taken (art. 4 lid 4).
    non_deductible : use tables 3/4 (interest not deductible).
    single : the applicant is alleenstaand (one adult). Default: no second income (a fallback for
        callers that do not know the household; the model passes ``adults == 1``). [bool]
    energy_measures_cost : cost of the energy-saving measures financed (art. 4 lid 4 gives at most
        this). [EUR]
    income_after_aow : expected gross income at AOW age where the (oldest) applicant reaches it
        within ten years of the loan (art. 2 lid 4), NaN where not. [EUR/yr]
    table_index : how much the income bounds of bijlage 1 and the single-person threshold have
        grown since the norms' year, for a loan in a later year (*assumption*: they follow incomes,
        as the yearly tables roughly do); the row is looked up on ``income / table_index``. [-]

    Example (domain brief §6): test income 60,000 at 5.0 % → 24.6 % → 229,126.

    >>> from wijkaanpak.model.mortgage import example_norms
    >>> m = max_mortgage(example_norms(), 60_000, 0, 5.0, 10, False)
    >>> float(m.percentage[0]), round(float(m.annuity_loan[0]))
    (24.6, 229126)
    """
    inc1, inc2 = (
        np.atleast_1d(np.asarray(income_1, dtype=float)),
        np.atleast_1d(np.asarray(income_2, dtype=float)),
    )
    income = inc1 + inc2
    shape = income.shape
    at_aow = np.broadcast_to(np.asarray(aow, dtype=bool), shape)
    rate = np.broadcast_to(applicable_test_rate(offered_rate, fixed_years, norms), shape)
    alone = np.broadcast_to(np.asarray(inc2 == 0 if single is None else single, dtype=bool), shape)
    label_amount = _amounts(norms.label_amounts, label, shape)
    if sustainability_label is not None:
        label_amount = label_amount + np.minimum(
            _amounts(norms.sustainability_amounts, sustainability_label, shape),
            np.broadcast_to(np.asarray(energy_measures_cost, dtype=float), shape),
        )
    costs = np.asarray(obligations, dtype=float) + np.asarray(canon, dtype=float) / 12.0
    index = np.broadcast_to(np.asarray(table_index, dtype=float), shape)
    today = _test(norms, income, rate, at_aow, alone, costs, non_deductible, index)
    result = today
    binding = np.full(shape, "income", dtype=object)
    if income_after_aow is not None:
        later_income = np.broadcast_to(np.asarray(income_after_aow, dtype=float), shape)
        applies = ~np.isnan(later_income) & ~at_aow
        later = _test(
            norms,
            np.nan_to_num(later_income),
            rate,
            np.ones(shape, bool),
            alone,
            costs,
            non_deductible,
            index,
        )
        lower = applies & (later[4] < today[4])
        result = tuple(np.where(lower, b, a) for a, b in zip(today, later, strict=True))  # type: ignore[assignment]
        binding = np.where(lower, "income_after_aow", binding)
    test_income, pct, room, loan, total, single_amount = result
    return MaxMortgage(
        test_income=test_income,
        test_rate=np.asarray(rate, dtype=float),
        percentage=pct,
        monthly_room=room,
        annuity_loan=loan,
        label_amount=label_amount,
        single_amount=single_amount,
        max_loan=total + label_amount,
        binding=binding,
    )


def _test(
    norms: Norms,
    income: FloatArray,
    rate: FloatArray,
    at_aow: np.ndarray,
    alone: np.ndarray,
    costs: FloatArray,
    non_deductible: bool,
    index: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """One income test: (test income, percentage, monthly room, annuity loan, annuity loan + the
    single-person amount, that amount); rows and threshold on income deflated by ``index``."""
    below, reached = (
        (norms.below_aow_non_deductible, norms.aow_non_deductible)
        if non_deductible
        else (norms.below_aow, norms.aow)
    )
    row = income / index
    pct = np.where(at_aow, percentage(reached, row, rate), percentage(below, row, rate))
    room = np.maximum(income * pct / 100.0 / 12.0 - costs, 0.0)
    loan = room * annuity_factor(rate, norms.annuity_years)
    threshold = np.where(at_aow, norms.single_threshold["aow"], norms.single_threshold["below_aow"])
    single_amount = np.where(alone & (row > threshold), norms.single_amount, 0.0)
    return income, pct, room, loan, loan + single_amount, single_amount


def _amounts(
    table: dict[str, float], labels: npt.ArrayLike | None, shape: tuple[int, ...]
) -> FloatArray:
    if labels is None:
        return np.zeros(shape)
    names = np.broadcast_to(np.asarray(labels, dtype=object), shape).ravel()
    amounts = mapped(pd.Series(names), table)  # one look-up per distinct label, not per household
    if np.isnan(amounts).any():
        unknown = sorted({str(n) for n in names} - set(table))
        msg = f"unknown energy label(s) {unknown}; expected one of {', '.join(table)}"
        raise ValueError(msg)
    return np.asarray(amounts, dtype=float).reshape(shape)


def example_norms() -> Norms:
    """The 2026 row 60,000 of table 1 only, for doctests (the full tables come from ``io.norms``)."""
    row = np.array([[17.7, 18.7, 19.7, 20.7, 21.6, 22.6, 23.6, 24.6, 25.5, 26.4, 27.3, 28.1]])
    t = PercentageTable(np.array([60_000.0]), row)
    single = {"below_aow": 30_000.0, "aow": 29_000.0}  # Trhk art. 3 lid 8 (2026)
    return Norms(2026, t, t, t, t, 5.0, 10.0, 30.0, {"G": 0.0}, {"G": 20_000.0}, 17_000.0, single)
