"""Complementary suppression (issue #16 §3): no hidden small count can be recovered by subtracting
shown counts from shown totals, per row, per column or through all equations together."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkaanpak.model.disclosure import (
    Line,
    hidden_groups,
    recoverable,
    suppress,
    table_lines,
)
from wijkaanpak.model.survey import MIN_GROUP


def with_margins(inner: list[list[int]], rows: bool = True, cols: bool = True) -> list[list[int]]:
    """The table with each row's total as last column and each column's total as last row."""
    table = [[*row, sum(row)] if rows else list(row) for row in inner]
    if cols:
        table.append([sum(col) for col in zip(*table, strict=True)])
    return table


def small(table: list[list[int]]) -> list[list[bool]]:
    return [[0 < v < MIN_GROUP for v in row] for row in table]


def hidden_cells(mask: list[list[bool]]) -> set[tuple[int, int]]:
    return {(r, c) for r, row in enumerate(mask) for c, h in enumerate(row) if h}


def derived_by_subtraction(
    table: list[list[int]], mask: list[list[bool]], lines: list[Line]
) -> set[tuple[int, int]]:
    """What an attacker with a pencil gets: a line with one hidden cell gives it as the shown
    total minus the shown parts (or the shown parts' sum when the total is the hidden one)."""
    out = set()
    for line in lines:
        hidden = [cell for cell in line.cells if mask[cell[0]][cell[1]]]
        if len(hidden) == 1:
            (r, c) = hidden[0]
            total = table[line.total[0]][line.total[1]]
            shown = sum(table[pr][pc] for pr, pc in line.parts if not mask[pr][pc])
            assert (total - shown if (r, c) != line.total else shown) == table[r][c]
            out.add((r, c))
    return out


def determined_by_least_squares(
    table: list[list[int]], mask: list[list[bool]], lines: list[Line]
) -> set[tuple[int, int]]:
    """An independent check of :func:`recoverable` in floating point (numpy): the hidden cells
    that every solution of the equations agrees on."""
    cells = sorted(hidden_cells(mask))
    if not cells:
        return set()
    index = {cell: i for i, cell in enumerate(cells)}
    a = np.zeros((len(lines), len(cells)))
    for k, line in enumerate(lines):
        for cell in line.parts:
            if cell in index:
                a[k, index[cell]] += 1
        if line.total in index:
            a[k, index[line.total]] -= 1
    # cell i is determined iff e_i lies in the row space of a: project e_i onto it
    _, s, vt = np.linalg.svd(a)
    basis = vt[: int((s > 1e-9).sum())]
    return {cell for cell, i in index.items() if np.isclose((basis[:, i] ** 2).sum(), 1.0)}


# --- the attacks ---------------------------------------------------------------


def test_one_hidden_group_next_to_its_total_takes_a_second_group_with_it() -> None:
    # issue #16 §3: 12 owners, 1 tenant and 9 private tenants answered; the total 22 is shown.
    # Withholding only the tenant gives them back as 22 - 12 - 9 = 1.
    assert hidden_groups({"eigenaar": 12, "corporatie": 1, "particulier": 9}, MIN_GROUP) == {
        "corporatie",
        "particulier",  # the next smallest
    }
    # two small groups protect each other; a small whole withholds every group
    assert hidden_groups({"a": 40, "b": 2, "c": 3}, MIN_GROUP) == {"b", "c"}
    assert hidden_groups({"a": 3, "b": 1}, MIN_GROUP) == {"a", "b"}
    assert hidden_groups({"a": 30, "b": 6}, MIN_GROUP) == set()
    assert hidden_groups({}, MIN_GROUP) == set()


def test_consultation_table_with_one_small_group_is_protected_in_every_row_and_column() -> None:
    # groups x (for, neutral, against) with totals; group "b" gave 1 opinion ("against")
    inner = [[9, 3, 2], [0, 0, 1], [4, 1, 3]]
    table = with_margins(inner)
    primary = [[r == 1 for _c in row] for r, row in enumerate(table)]  # the whole row of "b"
    lines = table_lines(len(table), len(table[0]))
    mask = suppress(table, primary, lines)
    assert all(mask[1])  # b stays hidden
    assert not any(mask[-1])  # the overall row is still shown
    assert derived_by_subtraction(table, mask, lines) == set()
    assert recoverable(lines, hidden_cells(mask)) & hidden_cells(primary) == set()


def test_a_cell_the_row_and_column_rule_leaves_open_is_still_protected() -> None:
    """Two hidden rectangles joined by one hidden cell: every row and column has two hidden cells
    or none, yet the joining cell follows from all equations together (it is a bridge). The rank
    check hides one more cell."""
    inner = [[1, 2, 7, 8], [3, 4, 1, 9], [8, 9, 2, 3], [7, 9, 4, 1]]
    table = with_margins(inner)
    lines = table_lines(5, 5)
    rectangles = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3)}
    bridge = (1, 2)
    primary = [[(r, c) in rectangles | {bridge} for c in range(5)] for r in range(5)]
    assert derived_by_subtraction(table, primary, lines) == set()  # the pencil finds nothing…
    assert bridge in recoverable(lines, hidden_cells(primary))  # …but the equations do
    assert bridge in determined_by_least_squares(table, primary, lines)
    mask = suppress(table, primary, lines)
    assert len(hidden_cells(mask)) > len(hidden_cells(primary))
    assert recoverable(lines, hidden_cells(mask)) & hidden_cells(primary) == set()
    assert determined_by_least_squares(table, mask, lines) & hidden_cells(primary) == set()


def test_zero_cells_are_the_last_choice_as_complement() -> None:
    table = [[0, 3, 8, 11]]  # a zero would hide nothing when zeros can be guessed
    mask = suppress(table, small(table), table_lines(1, 4, col_totals=False))
    assert mask == [[False, True, True, False]]


def test_a_line_without_other_parts_hides_its_total() -> None:
    table = [[3, 3]]  # one group and its total
    mask = suppress(table, [[True, False]], table_lines(1, 2, col_totals=False))
    assert mask == [[True, True]]


# --- properties ---------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=14)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[int]], bool, bool]:
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    inner = draw(
        st.lists(st.lists(counts, min_size=cols, max_size=cols), min_size=rows, max_size=rows)
    )
    with_rows, with_cols = draw(st.sampled_from([(True, True), (True, False), (False, True)]))
    return with_margins(inner, with_rows, with_cols), with_rows, with_cols


@settings(max_examples=150, deadline=None)
@given(tables())
def test_no_hidden_count_follows_from_the_shown_counts_and_totals(
    drawn: tuple[list[list[int]], bool, bool],
) -> None:
    table, rows, cols = drawn
    lines = table_lines(len(table), len(table[0]), row_totals=rows, col_totals=cols)
    primary = small(table)
    mask = suppress(table, primary, lines)
    assert hidden_cells(primary) <= hidden_cells(mask)
    # the property: no hidden cell is (shown total - sum of shown cells) in any row/column
    assert derived_by_subtraction(table, mask, lines) == set()
    # stronger: no primary cell follows from all equations together (checked two ways)
    assert recoverable(lines, hidden_cells(mask)) & hidden_cells(primary) == set()
    assert determined_by_least_squares(table, mask, lines) & hidden_cells(primary) == set()
    assert suppress(table, primary, lines) == mask  # deterministic


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 30), max_size=7))
def test_hidden_groups_protect_every_row_of_a_table_per_group(sizes: dict[str, int]) -> None:
    hidden = hidden_groups(sizes, MIN_GROUP)
    whole = sum(sizes.values())
    assert {g for g, n in sizes.items() if 0 < n < MIN_GROUP} <= hidden
    shown_total = whole >= MIN_GROUP or whole == 0
    if shown_total:
        # subtracting the shown groups from the total never isolates one hidden group
        assert len({g for g in hidden if sizes[g] > 0}) != 1
    else:
        assert hidden == {g for g, n in sizes.items() if n > 0}
    # any count per group (an aspect, a stance) hidden for the same groups is protected too:
    names = sorted(sizes)
    table = [[*(sizes[g] for g in names), whole], [*(sizes[g] // 2 for g in names), 0]]
    table[1][-1] = sum(table[1][:-1])
    mask = [[g in hidden for g in names] + [not shown_total]] * 2
    lines = table_lines(2, len(names) + 1, col_totals=False)
    small_cells = {
        (r, i) for r in range(2) for i, g in enumerate(names) if 0 < sizes[g] < MIN_GROUP
    }
    assert recoverable(lines, hidden_cells(mask)) & small_cells == set()
