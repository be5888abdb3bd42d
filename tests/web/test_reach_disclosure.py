"""The reach page as the guidance group sees it (issue #16 §3): no count it shows can be combined —
a row's households minus its reached, a total minus the rows shown, one table against the other —
into a group of 1–4 households; and the households per block are the neighbourhood file's, so an
erasure does not show. The attacker here is independent of the rule's own check
(:func:`wijkaanpak.model.disclosure.recoverable`, exact arithmetic): repeated subtraction, and the
rank of the whole system in floating point (numpy)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import numpy as np
import pytest
from django.contrib.auth.models import User
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.web.conftest import client_for
from wijkaanpak.model.survey import MIN_GROUP
from wijkaanpak.web.participation import reach
from wijkaanpak.web.participation.disclosure import reach_counts
from wijkaanpak.web.participation.models import Attendance, Meeting
from wijkaanpak.web.participation.services import erase
from wijkaanpak.web.projects.models import Project

COLUMNS = ("reached", "not_reached", "households")
Cell = tuple[int, int]


def _equations(n_groups: int, n_blocks: int) -> list[tuple[list[Cell], Cell]]:
    """What a reader of the page can write down, as (parts, total): every row's reached + not
    reached = households, and each table's rows summing to the one total (last row)."""
    total = n_groups + n_blocks
    eqs = [([(r, 0), (r, 1)], (r, 2)) for r in range(total + 1)]
    for rows in (range(n_groups), range(n_groups, total)):
        eqs += [([(r, c) for r in rows], (total, c)) for c in range(3)]
    return eqs


def _by_subtraction(
    values: dict[Cell, int | None], eqs: list[tuple[list[Cell], Cell]]
) -> dict[Cell, int]:
    """Every hidden cell the reader gets by subtracting, again and again, with what is shown and
    what was recovered before."""
    known = {cell: v for cell, v in values.items() if v is not None}
    found: dict[Cell, int] = {}
    changed = True
    while changed:
        changed = False
        for parts, total in eqs:
            unknown = [c for c in [*parts, total] if c not in known]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            rest = sum(known[c] for c in parts if c != cell)
            known[cell] = found[cell] = known[total] - rest if cell != total else rest
            changed = True
    return found


def _by_rank(values: dict[Cell, int | None], eqs: list[tuple[list[Cell], Cell]]) -> set[Cell]:
    """The hidden cells fixed by all equations together: deleting the cell's column lowers the
    rank of the system restricted to the hidden cells (numpy's SVD rank, floating point)."""
    hidden = sorted(c for c, v in values.items() if v is None)
    if not hidden:
        return set()
    index = {c: i for i, c in enumerate(hidden)}
    rows = []
    for parts, total in eqs:
        row = np.zeros(len(hidden))
        for c in parts:
            if c in index:
                row[index[c]] += 1
        if total in index:
            row[index[total]] -= 1
        rows.append(row)
    m = np.array(rows)
    full = np.linalg.matrix_rank(m)
    return {c for c, i in index.items() if np.linalg.matrix_rank(np.delete(m, i, 1)) < full}


def _small(truth: dict[Cell, int]) -> set[Cell]:
    return {c for c, v in truth.items() if c[1] < 2 and 0 < v < MIN_GROUP}


def _table(rows: list[tuple[str, int, int]]) -> dict[str, Any]:
    """``reach.table``'s shape from (key, households, reached)."""
    out = [{"key": k, "households": h, "reached": r, "not_reached": h - r} for k, h, r in rows]
    households, reached = sum(h for _k, h, _r in rows), sum(r for _k, _h, r in rows)
    total = {"households": households, "reached": reached, "not_reached": households - reached}
    return {"rows": out, "total": total}


def _attack(groups: dict[str, Any], blocks: dict[str, Any]) -> None:
    """Run the rule, check what it shows is true, and that neither attacker finds a small cell."""
    shown_groups, shown_blocks = reach_counts(groups, blocks)
    truth_rows = [*groups["rows"], *blocks["rows"], groups["total"]]
    shown_rows = [*shown_groups["rows"], *shown_blocks["rows"], shown_groups["total"]]
    assert shown_blocks["total"] == shown_groups["total"]
    truth = {(r, c): row[k] for r, row in enumerate(truth_rows) for c, k in enumerate(COLUMNS)}
    shown = {(r, c): row[k] for r, row in enumerate(shown_rows) for c, k in enumerate(COLUMNS)}
    assert all(v == truth[c] for c, v in shown.items() if v is not None)  # nothing shown is false
    assert all(shown[(r, 2)] is not None for r in range(len(truth_rows)))  # households: always
    assert all(shown[c] is None for c in _small(truth))  # every small count withheld
    eqs = _equations(len(groups["rows"]), len(blocks["rows"]))
    recovered = _by_subtraction(shown, eqs)
    assert all(truth[c] == v for c, v in recovered.items())  # the attacker's arithmetic is right
    assert not set(recovered) & _small(truth), f"by subtraction: {recovered}, {shown}"
    assert not _by_rank(shown, eqs) & _small(truth), shown


def test_a_single_small_block_is_not_given_back_by_the_total_minus_the_other_blocks() -> None:
    # hand-made: block b has 2 reached; the total (shown under the groups) minus a and c would
    # give it back, so a second block goes too; the groups are large and stay
    groups = _table([("eigenaar_bewoners", 30, 12), ("huurders_corporatie", 20, 9)])
    blocks = _table([("a", 20, 10), ("b", 9, 2), ("c", 21, 9)])
    shown_groups, shown_blocks = reach_counts(groups, blocks)
    by_key = {r["key"]: r for r in shown_blocks["rows"]}
    assert by_key["b"]["reached"] is None and by_key["b"]["not_reached"] is None
    hidden = [k for k, r in by_key.items() if r["reached"] is None]
    assert len(hidden) == 2, hidden  # b and one more, else 21 − 10 − 9 = 2
    assert shown_groups["total"]["reached"] == 21 and shown_groups["rows"][0]["reached"] == 12
    _attack(groups, blocks)


def test_a_small_total_hides_every_count_that_would_give_it_back() -> None:
    groups = _table([("eigenaar_bewoners", 30, 3), ("huurders_corporatie", 20, 0)])
    blocks = _table([("a", 25, 3), ("b", 25, 0)])
    shown_groups, _shown_blocks = reach_counts(groups, blocks)
    assert shown_groups["total"]["reached"] is None
    _attack(groups, blocks)


@st.composite
def _neighbourhood(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A cross table of groups × blocks (households and reached per cell), summed both ways, as
    the page shows it: small blocks, small reach and zeros are likely."""
    n_groups, n_blocks = draw(st.integers(1, 3)), draw(st.integers(1, 7))
    households = [[draw(st.integers(0, 9)) for _b in range(n_blocks)] for _g in range(n_groups)]
    reached = [[draw(st.integers(0, h)) for h in row] for row in households]
    groups = [(f"g{g}", sum(households[g]), sum(reached[g])) for g in range(n_groups)]
    blocks = [
        (
            f"b{b}",
            sum(households[g][b] for g in range(n_groups)),
            sum(reached[g][b] for g in range(n_groups)),
        )
        for b in range(n_blocks)
    ]
    return _table(groups), _table(blocks)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_neighbourhood())
def test_no_small_reach_count_is_recovered_by_any_combination(
    tables: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    _attack(*tables)


# --- on the page ------------------------------------------------------------------------------

CELL = re.compile(r'<td data-key="(households|reached|not_reached|hidden)">([^<]*)</td>')


def _page_rows(html: str, table: str, attribute: str) -> dict[str, list[tuple[str, str]]]:
    body = html.split(f'class="results {table}"')[1].split("</table>")[0]
    rows = re.findall(rf'<tr(?: class="total")? {attribute}="([^"]+)">(.*?)</tr>', body, re.S)
    return {key: CELL.findall(cells) for key, cells in rows}


@pytest.mark.django_db
def test_the_guidance_groups_reach_page_gives_no_small_count_away(demo: Project) -> None:
    """End to end: a third of the households attended, the page is read as the guidance group
    reads it, and both attackers work on the numbers in its HTML."""
    meeting = Meeting.objects.create(
        project=demo, kind="start", held_on=date(2026, 3, 1), title="S"
    )
    team = User.objects.get(username="team")
    for i, inv in enumerate(demo.invitations.order_by("pk")):
        if i % 3 == 0:
            Attendance.objects.create(
                meeting=meeting, invitation=inv, status="present", consent_how="l", recorded_by=team
            )
    html = client_for("begeleiding").get(f"/projecten/{demo.pk}/participatie/bereik/")
    page = html.content.decode()
    groups = _page_rows(page, "reach-groups", "data-group")
    blocks = _page_rows(page, "reach-blocks", "data-block")
    assert groups.pop("total") == blocks.pop("total")  # one total, under both tables
    rows = [
        *groups.values(),
        *blocks.values(),
        _page_rows(page, "reach-groups", "data-group")["total"],
    ]
    shown: dict[Cell, int | None] = {}
    for r, cells in enumerate(rows):
        assert cells[0][0] == "households" and len(cells) == 3
        for c, (key, value) in enumerate([*cells[1:], cells[0]]):
            shown[(r, c)] = None if key == "hidden" else int(value)
    rows_truth = reach.households(demo)
    per_group = reach.table(demo, rows_truth, "group")
    table = {
        **{r["key"]: r for r in per_group["rows"]},
        **{r["key"]: r for r in reach.table(demo, rows_truth, "block_id")["rows"]},
        "total": per_group["total"],
    }
    keys = [*groups, *blocks, "total"]
    truth = {(r, c): table[k][COLUMNS[c]] for r, k in enumerate(keys) for c in range(3)}
    assert all(v == truth[c] for c, v in shown.items() if v is not None)
    assert sum(v is None for v in shown.values()) > 10  # the page does withhold counts
    assert any(0 < v < MIN_GROUP for v in truth.values())  # and there are small ones to protect
    eqs = _equations(len(groups), len(blocks))
    assert not set(_by_subtraction(shown, eqs)) & _small(truth)
    assert not _by_rank(shown, eqs) & _small(truth)


@pytest.mark.django_db
def test_an_erasure_does_not_change_the_households_the_guidance_group_sees(demo: Project) -> None:
    """The open point of issue #16: the households per block came from the participation
    records without the erased ones, so a block's count dropping by one said that someone there
    asked to be erased. Now they are the neighbourhood file's households, erased ones included."""
    url = f"/projecten/{demo.pk}/participatie/bereik/"
    inv = demo.invitations.filter(block_id="B1A03").first()
    assert inv is not None

    def households_of_b1a03() -> str:
        page = client_for("begeleiding").get(url).content.decode()
        return _page_rows(page, "reach-blocks", "data-block")["B1A03"][0][1]

    before = households_of_b1a03()
    erase(inv)
    assert households_of_b1a03() == before
    in_file = demo.invitations.filter(block_id="B1A03", left_at__isnull=True).count()
    assert before == str(in_file)
