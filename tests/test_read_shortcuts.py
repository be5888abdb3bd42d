"""The shortcuts of the fast read (issue #18 §4) give what the general pandas path gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkaanpak.model.inputs import complete_blocks
from wijkaanpak.model.lookup import positions
from wijkaanpak.model.neighbourhood import several_per_group

_IDS = st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "0599100000000001"])))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_several_per_group_is_nunique_above_one(data: st.DataObject) -> None:
    keys = data.draw(_IDS)
    values = data.draw(
        st.lists(st.one_of(st.none(), st.sampled_from(["B-1", "B-2", "B-3"])), **_same(keys))
    )
    frame = pd.DataFrame({"k": pd.Series(keys, dtype="str"), "v": pd.Series(values, dtype="str")})
    expected = (frame.groupby("k")["v"].transform("nunique") > 1).to_numpy(dtype=bool)
    assert several_per_group(frame["k"], frame["v"]).tolist() == expected.tolist()


def _same(keys: list[str | None]) -> dict[str, int]:
    return {"min_size": len(keys), "max_size": len(keys)}


def test_several_per_group_on_no_rows() -> None:
    empty = pd.Series([], dtype="str")
    assert several_per_group(empty, empty).dtype == np.bool_


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(["B1", "B2", "X"])), st.booleans())),
    st.lists(st.sampled_from(["B1", "B2", "B3"]), unique=True),
)
def test_complete_blocks_is_groupby_all(
    rows: list[tuple[str | None, bool]], ids: list[str]
) -> None:
    block_id = pd.Series([b for b, _ in rows], dtype="str")
    known = pd.Series([k for _, k in rows], dtype=bool)
    blocks = pd.Index(ids, dtype="str")
    expected = known.groupby(block_id).all().reindex(np.asarray(blocks, dtype=object))
    d_block = positions(block_id, blocks)
    got = complete_blocks(d_block, known.to_numpy(), len(blocks))
    assert got.tolist() == expected.fillna(False).astype(bool).tolist()
