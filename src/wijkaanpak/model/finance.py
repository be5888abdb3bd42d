"""Finance primitives: indexation, discounting, NPV, annuity, interest on a running balance.

Conventions
-----------
Years are counted from the peildatum: year index ``t = 0`` is the calendar year of the peildatum
(1 January). Cash flows of year ``t`` fall at its end, so they are discounted by ``(1 + r)^-(t+1)``.
Rates are fractions per year here ([1/yr]); the assumptions give percentages and are divided by 100
where they are read.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def index_factor(rate: float, from_year: npt.ArrayLike, to_year: npt.ArrayLike) -> FloatArray:
    """Price index factor ``(1 + rate)^(to_year − from_year)``.

    Parameters
    ----------
    rate : yearly index. [1/yr]
    from_year, to_year : calendar years (price level of the amount; year it is paid). [yr]

    >>> float(index_factor(0.03, 2021, 2026))
    1.1592740743
    """
    exponent = np.asarray(to_year, dtype=float) - np.asarray(from_year, dtype=float)
    return np.asarray(np.round(np.power(1.0 + rate, exponent), 10), dtype=float)


@lru_cache(maxsize=256)
def discount_factors(rate: float, years: int) -> FloatArray:
    """End-of-year discount factors ``(1 + r)^-(t+1)`` for ``t = 0 … years−1``. [-]

    A zero rate gives ones; zero years an empty array.

    >>> discount_factors(0.02, 3).round(6).tolist()
    [0.980392, 0.961169, 0.942322]
    >>> discount_factors(0.0, 2).tolist()
    [1.0, 1.0]
    """
    t = np.arange(years, dtype=float)
    factors = np.asarray((1.0 + rate) ** -(t + 1.0), dtype=float)
    factors.flags.writeable = False  # made once per rate and length (lru_cache), shared
    return factors


def npv(rate: float, flows: npt.ArrayLike) -> FloatArray:
    """Net present value at the peildatum of yearly flows along the last axis. [EUR]

    >>> float(npv(0.0, [1.0, 2.0, 3.0]))
    6.0
    >>> round(float(npv(0.1, [110.0])), 6)
    100.0
    """
    values = np.asarray(flows, dtype=float)
    return np.asarray(values @ discount_factors(rate, values.shape[-1]), dtype=float)


def annuity_payment(
    principal: npt.ArrayLike, rate: npt.ArrayLike, years: npt.ArrayLike
) -> FloatArray:
    """Yearly payment of an annuity loan, per loan when ``rate`` [1/yr] or ``years`` are arrays.
    [EUR/yr]

    ``P · r / (1 − (1 + r)^−n)``; with ``r = 0`` the plain ``P / n``.

    >>> round(float(annuity_payment(100_000, 0.036, 30)), 2)
    5505.47
    >>> float(annuity_payment(30_000, 0.0, 30))
    1000.0
    >>> annuity_payment([30_000, 100_000], [0.0, 0.036], 30).round(2).tolist()
    [1000.0, 5505.47]
    """
    p = np.asarray(principal, dtype=float)
    r = np.asarray(rate, dtype=float)
    n = np.asarray(years, dtype=float)
    safe = np.where(r == 0, 1.0, r)
    return np.asarray(p * np.where(r == 0, 1.0 / n, safe / (1.0 - (1.0 + safe) ** -n)), dtype=float)


def interest_on_balance(flows: npt.ArrayLike, rate: float) -> FloatArray:
    """Interest per year on the cumulative balance of an exploitation. [EUR/yr, negative = cost]

    The balance at the start of year ``t`` is the sum of flows and interest of earlier years; a
    negative balance (money borrowed) costs ``rate × balance``, a positive one earns it.

    >>> interest_on_balance([-100.0, 0.0, 50.0], 0.1).round(6).tolist()
    [0.0, -10.0, -11.0]
    """
    values = np.asarray(flows, dtype=float)
    interest = np.zeros_like(values)
    balance = 0.0
    for t in range(values.shape[-1]):
        interest[t] = rate * balance
        balance += values[t] + interest[t]
    return interest
