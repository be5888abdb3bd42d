"""The ledger keeps bookings and sums them when an account is read (``Ledger._settle``): the
accounts must equal booking each flow on its own, whatever the order of bookings and reads."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkaanpak.model.ledger import ACTORS, CATEGORIES, CATEGORY_LIST, Ledger

YEARS, BLOCKS = 6, 3
RESOURCES = [c for c, transfer in CATEGORIES.items() if not transfer]
TRANSFERS = [c for c, transfer in CATEGORIES.items() if transfer]


def _plain(bookings: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The accounts booked flow by flow in plain Python: the reference (independent of the
    ledger's arrays and bincounts)."""
    actors = np.zeros((len(ACTORS), len(CATEGORY_LIST), YEARS))
    societal = np.zeros((len(CATEGORY_LIST), YEARS))
    by_block = np.zeros((len(ACTORS), BLOCKS + 1, YEARS))
    for kind, who, category, flows in bookings:
        c = CATEGORY_LIST.index(str(category))
        for t, amount, block in flows:
            if not 0 <= t < YEARS:
                continue  # outside the horizon: left out
            b = BLOCKS if block is None else block
            signed = (
                [(who, amount)] if kind == "resource" else [(who[0], -amount), (who[1], amount)]
            )
            for actor, value in signed:
                i = ACTORS.index(actor)
                actors[i, c, t] += value
                by_block[i, b, t] += value
            if kind == "resource":
                societal[c, t] += amount
    return actors, societal, by_block


_flow = st.tuples(
    st.integers(-2, YEARS + 2),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.one_of(st.none(), st.integers(0, BLOCKS - 1)),
)
_booking = st.one_of(
    st.tuples(
        st.just("resource"),
        st.sampled_from(ACTORS),
        st.sampled_from(RESOURCES),
        st.lists(_flow, max_size=5),
    ),
    st.tuples(
        st.just("transfer"),
        st.tuples(st.sampled_from(ACTORS), st.sampled_from(ACTORS)),
        st.sampled_from(TRANSFERS),
        st.lists(_flow, max_size=5),
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_booking, st.booleans()), max_size=12))
def test_kept_bookings_sum_to_the_flows_booked_one_by_one(
    steps: list[tuple[Any, bool]],
) -> None:
    led = Ledger(YEARS, BLOCKS)
    for (kind, who, category, flows), read in steps:
        t = np.array([f[0] for f in flows], dtype=float)  # year indices as floats, as the engine
        a = np.array([f[1] for f in flows], dtype=float)
        given_blocks = [f[2] for f in flows]
        # a booking without blocks is the neighbourhood's as a whole
        block = (
            None
            if all(b is None for b in given_blocks)
            else [BLOCKS if b is None else b for b in given_blocks]
        )
        if kind == "resource":
            led.resource(str(who), str(category), t, a, block)
        else:
            payer, payee = who
            led.transfer(payer, payee, str(category), t, a, block)
        a[:] = 7.0  # the caller changes its array afterwards: the booking must not change
        t[:] = 0
        if read:  # reading an account in between settles what was kept so far
            _ = led.actors
    actors, societal, by_block = _plain([s[0] for s in steps])
    np.testing.assert_allclose(led.actors, actors, rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(led.societal, societal, rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(led.by_block, by_block, rtol=1e-12, atol=1e-6)


def test_one_year_for_many_amounts_and_empty_bookings_book_nothing() -> None:
    led = Ledger(YEARS, BLOCKS)
    led.resource("municipality", "plan_costs", 2, np.array([-10.0, -5.0]), [0, 1])
    led.transfer("municipality", "developers", "sales", np.array([], dtype=int), np.array([]))
    c = CATEGORY_LIST.index("plan_costs")
    # by hand: −15 in year 2 on the municipality and on society, −10 on block 0 and −5 on block 1
    assert led.actor("municipality")[c].tolist() == [0, 0, -15.0, 0, 0, 0]
    assert led.societal[c].tolist() == [0, 0, -15.0, 0, 0, 0]
    assert led.by_block[0, :, 2].tolist() == [-10.0, -5.0, 0.0, 0.0]
    assert not led.actor("developers").any()


def test_a_transfer_booked_as_a_resource_is_refused() -> None:
    led = Ledger(YEARS, BLOCKS)
    with pytest.raises(ValueError, match="is a transfer"):
        led.resource("municipality", "sales", [0], [1.0])
    with pytest.raises(ValueError, match="is a resource"):
        led.transfer("municipality", "developers", "construction", [0], [1.0])


def test_a_block_outside_the_ledger_is_refused_not_booked_on_another_actor() -> None:
    # found in review: block −1 would have landed in the previous actor's rows
    for block in ([-1], [BLOCKS + 1]):
        led = Ledger(YEARS, BLOCKS)
        led.resource("developers", "construction", [1], [-5.0], block)
        with pytest.raises(ValueError, match="outside 0"):
            _ = led.by_block
