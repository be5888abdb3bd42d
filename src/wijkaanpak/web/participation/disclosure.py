"""Counts that leave the project team, protected against recovery by subtraction (issue #16 §3):
the consultation's opinions per plan and group, the reach per group and per block, and the
model's household figures per plan.
The rule itself is :mod:`wijkaanpak.model.disclosure` (pure); the top 5 applies it in
:func:`wijkaanpak.model.survey.top`."""

from __future__ import annotations

from collections import Counter
from typing import Any

from wijkaanpak.model.disclosure import Line, hidden_groups, suppress
from wijkaanpak.model.survey import MIN_GROUP
from wijkaanpak.web.participation.models import Invitation, Opinion
from wijkaanpak.web.projects.models import Project


def opinion_counts(project: Project, plans: list[str]) -> list[dict[str, Any]]:
    """Per plan: opinions for / neutral / against, overall and per group.

    A plan with fewer than :data:`MIN_GROUP` opinions shows no counts and no total (0 is shown).
    A group with fewer than 5 is withheld (``None``), and with it as many other groups as
    :func:`hidden_groups` needs so that the overall counts minus the groups shown never give a
    withheld group back (before, ``total: 1`` or the overall "against" minus the shown groups did).
    """
    rows = list(Opinion.objects.filter(project=project).values("plan", "group", "stance"))
    labels = dict(Invitation.GROUP)
    stances = [s for s, _label in Opinion.STANCE]
    out = []
    for plan in plans:
        mine = [r for r in rows if r["plan"] == plan]
        per_group: dict[str, Counter[str]] = {}
        for r in mine:
            per_group.setdefault(r["group"], Counter())[r["stance"]] += 1
        hidden = hidden_groups({g: sum(c.values()) for g, c in per_group.items()}, MIN_GROUP)
        total = len(mine)
        shown = total == 0 or total >= MIN_GROUP
        counts = {s: sum(r["stance"] == s for r in mine) for s in stances}
        out.append(
            {
                "plan": plan,
                "total": total if shown else None,
                "counts": counts if shown and total else None,
                "support_pct": 100 * counts["for"] / total if shown and total else None,
                "groups": {
                    str(labels.get(g, g)): None if g in hidden else {s: c[s] for s in stances}
                    for g, c in sorted(per_group.items())
                },
            }
        )
    return out


#: The columns of a reach table: reached + not reached = households (the row's total).
REACH_COLUMNS = ("reached", "not_reached", "households")


def reach_lines(n_groups: int, n_blocks: int) -> list[Line]:
    """The equations the guidance group can write from the reach page: per row (each group, each
    block and the overall total, row ``n_groups + n_blocks``) reached + not reached =
    households; per column, the groups sum to the total and so do the blocks (one total, shown
    under both tables)."""
    total = n_groups + n_blocks
    lines = [Line((r, 2), ((r, 0), (r, 1))) for r in range(total + 1)]
    for rows in (range(n_groups), range(n_groups, total)):
        lines += [Line((total, c), tuple((r, c) for r in rows)) for c in range(3)]
    return lines


def reach_counts(
    groups: dict[str, Any], blocks: dict[str, Any], min_group: int = MIN_GROUP
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The reach tables per group and per block (``reach.table``, one shared total) as the guidance
    group sees them: a count of 1 to ``min_group`` − 1 households reached or not reached is
    withheld (``None``), and by :func:`wijkaanpak.model.disclosure.suppress` as many others as it
    takes that none of them follows from the rest — a row's other count, the total, the other
    rows, in both tables together. The households per row are from the neighbourhood file,
    known to the reader, and never withheld."""
    rows = [*groups["rows"], *blocks["rows"], groups["total"]]
    values = [[r[c] for c in REACH_COLUMNS] for r in rows]
    primary = [[0 < v < min_group for v in row[:2]] + [False] for row in values]
    known = frozenset((r, 2) for r in range(len(rows)))
    mask = suppress(values, primary, reach_lines(len(groups["rows"]), len(blocks["rows"])), known)
    shown = [
        {**r, **{c: None for c, hide in zip(REACH_COLUMNS, hidden, strict=True) if hide}}
        for r, hidden in zip(rows, mask, strict=True)
    ]
    n = len(groups["rows"])
    total = shown[-1]
    return (
        {"rows": shown[:n], "total": total, "min_group": min_group},
        {"rows": shown[n:-1], "total": total, "min_group": min_group},
    )


#: The model's household figures per plan and the group of households each is over: a figure is
#: shown outside the team only when its group has at least MIN_GROUP households (as in the
#: council report, report/document.py).
HOUSEHOLD_GROUPS = {
    "owner_households": (
        "owner_households",
        "wish_to_return",
        "returning_candidates",
        "returning_closed_purse",
        "can_finance",
        "closed_purse",
        "closed_purse_share",
        "total_gap_eur",
        "median_gap_eur",
        "under_water",
        "under_water_exposure_eur",
    ),
    "repair_owner_households": (
        "repair_owner_households",
        "repair_share_eur",
        "repair_from_savings_eur",
        "repair_from_mortgage_eur",
        "repair_from_fund_eur",
        "repair_households_needing_support",
        "repair_support_eur",
        "repair_blocks",
        "repair_blocks_feasible",
    ),
}


def household_figures(households: dict[str, Any], *, ad_hoc: bool = False) -> dict[str, Any]:
    """A plan's household figures as shown outside the team: every figure over a group of 1–4
    households is ``None``. For an ``ad_hoc`` plan (posted to the API, not saved by the team) all
    are ``None``: two plans that differ by one block would otherwise give that block's households
    by difference, whatever the threshold."""
    if ad_hoc:
        return dict.fromkeys(households)
    out = dict(households)
    for base, keys in HOUSEHOLD_GROUPS.items():
        if 0 < (households.get(base) or 0) < MIN_GROUP:
            out.update({k: None for k in keys if k in out})
    return out


#: Counts of the plan that follow from the residents' answers (who wants to return, and so who
#: waits in temporary housing), over the households in renewed blocks.
ANSWER_COUNTS = (
    "returning_owners",
    "returning_tenants",
    "temporary_housing_households",
    "temporary_housing_months",
)


def for_viewer(summary: dict[str, Any], team: bool, *, ad_hoc: bool = False) -> dict[str, Any]:
    """``summary`` (a plan's result) as a viewer outside the project team may see it: household
    figures over 1–4 households withheld, and so the counts that follow from the answers when the
    households in renewed blocks are 1–4; for an ``ad_hoc`` plan all of them (see
    :func:`household_figures`). The team (who may see personal data) gets ``summary`` unchanged."""
    if team or "households" not in summary:
        return summary
    households = summary["households"]
    renewed = (households.get("owner_households") or 0) + (
        households.get("tenants_to_rehouse") or 0
    )
    counts = dict(summary.get("counts", {}))
    if ad_hoc or 0 < renewed < MIN_GROUP:
        counts.update({k: None for k in ANSWER_COUNTS if k in counts})
    return {
        **summary,
        "households": household_figures(households, ad_hoc=ad_hoc),
        "counts": counts,
    }
