"""Synthetic households of the Voorbeeldwijk (fictional), consistent with WOZ values and incomes.

Owner-occupiers bought their home ``years_owned`` ago at the WOZ value deflated by average house
price growth, with a loan-to-value ratio and an interest rate typical of the purchase year, and
their income then was what the loan needed; it grew with wages since. Tenants' incomes follow
their landlord type. All parameters are *assumptions* for fictional data (docs/voorbeeldwijk.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

YEAR = 2026
HOUSE_PRICE_GROWTH = 0.05  # [1/yr] average nominal growth used to deflate WOZ to purchase price
WAGE_GROWTH = 0.025  # [1/yr]
LOAN_TO_INCOME = 4.6  # [-] loan / gross income at purchase, roughly the legal maximum
PENSION_FACTOR = 0.65  # [-] income after AOW age relative to before
AOW_AGE = 67  # [yr]


def _rate_at_purchase(year: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Mortgage interest rate fixed at purchase. [%/yr]"""
    base = np.select([year < 2009, year < 2015, year < 2022], [5.0, 4.2, 2.0], 3.9)
    return np.round(base + rng.normal(0.0, 0.3, len(year)), 2)


def _remaining_balance(loan: np.ndarray, rate_pct: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Balance of a 30-year annuity loan after ``years``. [EUR]"""
    r = rate_pct / 100 / 12
    n, k = 360, np.clip(years * 12, 0, 360)
    growth_n, growth_k = (1 + r) ** n, (1 + r) ** k
    return np.asarray(loan * (growth_n - growth_k) / (growth_n - 1), dtype=float)


def owners(woz: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    n = len(woz)
    adults = np.where(rng.random(n) < 0.38, 1, 2)
    group = rng.choice(3, size=n, p=[0.30, 0.45, 0.25])
    age_1 = np.select(
        [group == 0, group == 1],
        [rng.integers(25, 41, n), rng.integers(41, 67, n)],
        rng.integers(67, 89, n),
    )
    age_2 = np.where(adults == 2, np.clip(age_1 + rng.integers(-4, 5, n), 20, 95), 0)
    years_owned = np.minimum(age_1 - 24, np.round(rng.exponential(11.0, n))).clip(0).astype(int)
    bought = YEAR - years_owned
    price = woz / (1 + HOUSE_PRICE_GROWTH) ** years_owned
    ltv = np.where(bought >= 2013, rng.uniform(0.85, 1.0, n), rng.uniform(0.7, 1.05, n))
    loan = price * ltv
    rate = _rate_at_purchase(bought, rng)
    interest_only = (bought < 2013) & (rng.random(n) < 0.25)  # aflossingsvrij before 2013
    balance = np.where(interest_only, loan, _remaining_balance(loan, rate, years_owned))
    balance = np.where(years_owned >= 30, 0.0, np.round(balance, -2))
    income = loan / LOAN_TO_INCOME * rng.uniform(1.0, 1.35, n) * (1 + WAGE_GROWTH) ** years_owned
    income = np.where(age_1 >= AOW_AGE, income * PENSION_FACTOR, income).clip(16_000, 160_000)
    share = np.where(adults == 2, rng.uniform(0.5, 0.8, n), 1.0)
    return pd.DataFrame(
        {
            "adults": adults,
            "children": np.where((adults == 2) & (age_1 < 50), rng.poisson(1.2, n), 0),
            "age_1": age_1,
            "age_2": age_2,
            "income_1": np.round(income * share, -2),
            "income_2": np.round(income * (1 - share), -2),
            "mortgage_outstanding": balance,
            "mortgage_rate": np.where(balance > 0, rate, 0.0),
            "mortgage_remaining_term": np.where(balance > 0, np.maximum(30 - years_owned, 1), 0),
            "mortgage_interest_only": np.where(interest_only, balance, 0.0),
            "savings": np.round(
                rng.lognormal(np.log(12_000), 1.1, n) * np.where(age_1 >= 60, 1.8, 1.0), -2
            ),
            "wish_to_return": _wish(age_1, rng, p_yes_base=0.5),
        }
    )


def tenants(tenure: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    n = len(tenure)
    association = tenure == "housing_association"
    adults = np.where(rng.random(n) < np.where(association, 0.55, 0.45), 1, 2)
    age_1 = np.where(association, rng.integers(20, 91, n), rng.integers(21, 66, n))
    median = np.where(association, 26_000, 38_000)
    income = rng.lognormal(np.log(median), 0.35, n).clip(12_000, 120_000)
    share = np.where(adults == 2, rng.uniform(0.5, 0.8, n), 1.0)
    zero = np.zeros(n)
    return pd.DataFrame(
        {
            "adults": adults,
            "children": np.where(adults == 2, rng.poisson(0.8, n), rng.poisson(0.2, n)),
            "age_1": age_1,
            "age_2": np.where(adults == 2, np.clip(age_1 + rng.integers(-4, 5, n), 20, 95), 0),
            "income_1": np.round(income * share, -2),
            "income_2": np.round(income * (1 - share), -2),
            "mortgage_outstanding": zero,
            "mortgage_rate": zero,
            "mortgage_remaining_term": zero,
            "mortgage_interest_only": zero,
            "savings": np.round(rng.lognormal(np.log(3_000), 1.0, n), -2),
            "wish_to_return": _wish(age_1, rng, p_yes_base=0.6),
        }
    )


def _wish(age: np.ndarray, rng: np.random.Generator, p_yes_base: float) -> np.ndarray:
    p_yes = np.where(age >= 60, p_yes_base + 0.15, p_yes_base)
    u = rng.random(len(age))
    return np.where(u < p_yes, "yes", np.where(u < p_yes + 0.25, "no", "unknown"))
