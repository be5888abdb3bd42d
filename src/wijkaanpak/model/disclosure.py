"""Suppression that survives subtraction (issue #16 §3): complementary cell suppression.

Hiding a small group's count is not enough when its total is shown: ``total - (the groups shown)``
gives the hidden group back. The rule used everywhere a count leaves the project team:

1. *Primary* suppression: every cell over fewer than :data:`wijkaanpak.model.survey.MIN_GROUP`
   households is hidden (the caller decides which cells are primary).
2. *Complementary* suppression: every row and column of a table with its totals is an equation
   ``total = sum(parts)``. While some equation has exactly one hidden cell, hide one more cell of
   that equation — the smallest non-zero part, else the total, else a zero part (a zero hides
   nothing when zeros can be guessed) — and repeat until no equation has exactly one hidden cell.
3. Check: solve all equations together (exact rational arithmetic) and, while a primary cell is
   still determined by them (e.g. a chain of equations through two suppressed rectangles), hide a
   further cell next to it. At the end no primary cell is a linear function of the shown cells.

This is the classic cell-suppression scheme of statistical disclosure control (Hundepool et al.,
*Statistical Disclosure Control*, Wiley 2012, §4.2–4.4 and §5.3: "the primary suppressions
must be protected by secondary suppressions so that they cannot be recalculated from the
marginals"). It protects against exact recovery; ranges are not narrowed to zero but are not
made wide either (counts are small here, and a hidden pair already hides who is who).

Pure: no Django, no files. Used by the top 5, the consultation counts and the household figures
the web app shows outside the team.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Cell = tuple[int, int]


@dataclass(frozen=True)
class Line:
    """One equation of a table: the cell ``total`` equals the sum of the cells ``parts``."""

    total: Cell
    parts: tuple[Cell, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (*self.parts, self.total)


def table_lines(
    n_rows: int, n_cols: int, *, row_totals: bool = True, col_totals: bool = True
) -> list[Line]:
    """The equations of an ``n_rows`` × ``n_cols`` grid whose last column holds each row's total
    (``row_totals``) and whose last row holds each column's total (``col_totals``); with both,
    the bottom-right cell is the grand total and takes part in both.

    >>> [(line.total, line.parts) for line in table_lines(1, 3, col_totals=False)]
    [((0, 2), ((0, 0), (0, 1)))]
    """
    inner_rows = n_rows - 1 if col_totals else n_rows
    inner_cols = n_cols - 1 if row_totals else n_cols
    lines = []
    if row_totals:
        lines += [
            Line((r, n_cols - 1), tuple((r, c) for c in range(inner_cols))) for r in range(n_rows)
        ]
    if col_totals:
        lines += [
            Line((n_rows - 1, c), tuple((r, c) for r in range(inner_rows))) for c in range(n_cols)
        ]
    return lines


def _reduce(rows: list[dict[int, Fraction]]) -> list[dict[int, Fraction]]:
    """Reduced row echelon form by Gauss–Jordan elimination in exact rational arithmetic, rows kept
    sparse (column → non-zero entry): the equations of a table touch two to a hundred cells each,
    so a page with a hundred rows is reduced in milliseconds rather than seconds. The rows that
    stay are a basis of the row space, each with its pivot (first column) scaled to 1 and that
    column zero in every other row."""
    basis: list[dict[int, Fraction]] = []
    for row in rows:
        row = dict(row)
        for other in basis:  # eliminate the pivots found so far
            pivot = min(other)
            if pivot in row:
                factor = row[pivot]
                for col, value in other.items():
                    row[col] = row.get(col, Fraction(0)) - factor * value
                row = {c: v for c, v in row.items() if v != 0}
        if not row:
            continue
        pivot = min(row)
        scale = row[pivot]
        row = {c: v / scale for c, v in row.items()}
        for i, other in enumerate(basis):  # and the new pivot out of the earlier rows
            if pivot in other:
                factor = other[pivot]
                merged = dict(other)
                for col, value in row.items():
                    merged[col] = merged.get(col, Fraction(0)) - factor * value
                basis[i] = {c: v for c, v in merged.items() if v != 0}
        basis.append(row)
    return basis


def recoverable(lines: Sequence[Line], hidden: set[Cell]) -> set[Cell]:
    """The hidden cells whose value follows from the shown cells through ``lines`` (all equations
    together): cell *e* is determined exactly when its unit vector is in the row space of the
    equations restricted to the hidden cells, that is when the reduced row echelon form has a row
    with *e* as its only non-zero entry (a basis row's coefficients are fixed by its pivots)."""
    order = sorted(hidden)
    index = {cell: i for i, cell in enumerate(order)}
    matrix = []
    for line in lines:
        row: dict[int, Fraction] = {}
        for cell in line.parts:
            if cell in index:
                row[index[cell]] = row.get(index[cell], Fraction(0)) + 1
        if line.total in index:
            row[index[line.total]] = row.get(index[line.total], Fraction(0)) - 1
        row = {c: v for c, v in row.items() if v != 0}
        if row:
            matrix.append(row)
    return {order[next(iter(row))] for row in _reduce(matrix) if len(row) == 1}


def _one_hidden(line: Line, hidden: set[Cell], known: frozenset[Cell]) -> bool:
    """The line has exactly one hidden cell and another that may still be hidden."""
    cells = set(line.cells)
    return len(cells & hidden) == 1 and bool(cells - hidden - known)


def suppress(
    values: Sequence[Sequence[float]],
    primary: Sequence[Sequence[bool]],
    lines: Sequence[Line],
    known: frozenset[Cell] = frozenset(),
) -> list[list[bool]]:
    """Which cells to hide: the ``primary`` ones and enough others that none of the primary cells
    can be recovered from the shown cells through ``lines`` (see the module's rule).

    ``known`` cells are public anyway (e.g. a block's households in the neighbourhood file): they
    are never hidden, since hiding them would protect nothing, and the others are chosen around
    them. A primary cell that only known cells could protect stays recoverable (no line here
    is like that when each of its lines has another cell that is not known).

    >>> # groups of 12, 3 and 9 households and their total 24: hiding only the 3 gives it back
    >>> suppress([[12, 3, 9, 24]], [[False, True, False, False]], table_lines(1, 4, col_totals=False))
    [[False, True, True, False]]
    """
    hidden = {
        (r, c) for r, row in enumerate(primary) for c, is_primary in enumerate(row) if is_primary
    }
    sensitive = set(hidden)
    cells = [(r, c) for r, row in enumerate(values) for c in range(len(row))]

    def preference(cell: Cell, line: Line | None) -> tuple[int, float, Cell]:
        """Preference for hiding next: small non-zero parts, then the total, then zeros."""
        value = values[cell[0]][cell[1]]
        kind = 1 if line is not None and cell == line.total else (2 if value == 0 else 0)
        return (kind, value, cell)

    while True:
        single = next((line for line in lines if _one_hidden(line, hidden, known)), None)
        if single is not None:
            shown = [cell for cell in single.cells if cell not in hidden | known]
            hidden.add(min(shown, key=lambda cell: preference(cell, single)))
            continue
        exposed = sorted(recoverable(lines, hidden) & sensitive)
        if not exposed:
            break
        target = exposed[0]
        near = [line for line in lines if target in line.cells]
        candidates = {c for line in near for c in line.cells if c not in hidden and c not in known}
        helpful = [c for c in candidates if target not in recoverable(lines, hidden | {c})]
        pool = helpful or sorted(candidates) or [c for c in cells if c not in hidden | known]
        if not pool:
            break  # everything is hidden already
        hidden.add(min(pool, key=lambda cell: preference(cell, None)))
    return [[(r, c) in hidden for c in range(len(row))] for r, row in enumerate(values)]


def hidden_groups(sizes: Mapping[str, int], min_group: int) -> set[str]:
    """Which groups to withhold when each group's size and their total (the sum of the sizes) are
    shown: every group under ``min_group`` (but not empty) and, by :func:`suppress`, as many more
    as it takes that none of them follows from the total (a total under ``min_group`` withholds
    every group, and the total itself).

    Hiding a group hides every count of it (each row of a table per group then has two hidden
    cells or none, so the whole table is protected; checked in the tests with
    :func:`recoverable`).

    >>> sorted(hidden_groups({"a": 20, "b": 2, "c": 9}, 5))
    ['b', 'c']
    >>> sorted(hidden_groups({"a": 20, "b": 2, "c": 3}, 5))
    ['b', 'c']
    >>> sorted(hidden_groups({"a": 20, "b": 7}, 5))
    []
    """
    names = sorted(sizes)
    whole = sum(sizes.values())
    row = [sizes[n] for n in names] + [whole]
    small = [0 < v < min_group for v in row[:-1]] + [0 < whole < min_group]
    if small[-1]:
        small = [v > 0 for v in row[:-1]] + [True]
    mask = suppress([row], [small], table_lines(1, len(row), col_totals=False))
    return {n for n, hide in zip(names, mask[0][:-1], strict=True) if hide}


__all__ = ["Cell", "Line", "hidden_groups", "recoverable", "suppress", "table_lines"]
