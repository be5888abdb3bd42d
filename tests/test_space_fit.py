"""``space.largest_fitting`` tries many levels per call; it must give what trying one level at a
time gives (the plain loop below, the function as it was before, issue #18 follow-up)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkaanpak.analysis.evaluate import context
from wijkaanpak.model import programme, space

INP = context()  # the Voorbeeldwijk with the shipped assumptions


def _one_level_at_a_time(
    blk: np.ndarray, k: np.ndarray, shares: np.ndarray, hub: bool, step: float = 0.05
) -> np.ndarray:
    best = np.full(len(blk), 0.5)
    open_ = np.ones(len(blk), dtype=bool)
    for factor in np.round(np.arange(k.max(), 0.5 - step / 2, -step), 4):
        trial = np.minimum(k, factor)
        demolished = INP.b_base[blk]
        f = space.fit(INP, blk, programme.homes(INP, blk, demolished, trial, shares), hub)
        now = open_ & f.fits
        best[now] = trial[now]
        open_ &= ~now
        if not open_.any():
            break
    return best


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, len(INP.block_ids) - 1), min_size=1, max_size=25, unique=True),
    st.lists(st.floats(0.5, 4.0), min_size=25, max_size=25),
    st.booleans(),
)
def test_many_levels_at_once_give_what_one_at_a_time_gives(
    blocks: list[int], levels: list[float], hub: bool
) -> None:
    blk = np.array(blocks)
    k = np.round(np.array(levels[: len(blk)]), 2)
    shares = np.tile(programme.default_shares(INP), (len(blk), 1))
    got = space.largest_fitting(INP, blk, INP.b_base[blk], k, shares, hub)
    np.testing.assert_array_equal(got, _one_level_at_a_time(blk, k, shares, hub))
