"""Reach (issue #19 §3): which households the project has reached, per block and per group, and what
to do next for those it has not. The report's process is about every household ("investeer in
gesprekken een-op-een (aan de keukentafel) en in groepen", phase 1, attention point 2).

A household counts as *reached* when it was present or represented at a meeting (recorded with its
consent), had a kitchen-table conversation, answered the survey, gave an opinion in the
consultation, or asked for a conversation. Households whose data was erased, or who are no longer in
the neighbourhood file, are not counted.

The counts per block and per group are over the households *in the neighbourhood file*
(:func:`file_households`: erased households included, as not reached), so that a count does not
drop when a household asks to be erased. The project team sees the households by name (address)
with a suggestion; the guidance group sees counts only, protected by the shared suppression rule
(:func:`wijkaanpak.web.participation.disclosure.reach_counts`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext_lazy as _

from wijkaanpak.web.participation.models import (
    Attendance,
    Conversation,
    Invitation,
    Opinion,
    Response,
)
from wijkaanpak.web.projects.models import Project

HOW = {
    "meeting": _("bij een bijeenkomst"),
    "conversation": _("keukentafelgesprek"),
    "survey": _("enquête"),
    "opinion": _("mening in de raadpleging"),
    "asked": _("vroeg om een gesprek"),
}

SUGGESTION = {
    "letter": _("Nog geen code: maak de brief (Uitnodigingen en huishoudens → Brieven maken)."),
    "absent": _(
        "Was afwezig bij een bijeenkomst: stuur het verslag na en bied een keukentafelgesprek aan."
    ),
    "signed_in": _(
        "Logde in maar gaf nog niets: bel of ga langs; bied hulp of een papieren enquête aan."
    ),
    "kitchen_table": _(
        "Nog geen contact: bel aan voor een keukentafelgesprek en laat een papieren enquête achter."
    ),
}


def live_households(project: Project) -> Any:
    """The project's households that count: not erased, still in the neighbourhood file."""
    return Invitation.objects.filter(project=project, erased_at__isnull=True, left_at__isnull=True)


def file_households(project: Project) -> Any:
    """The households in the project's current neighbourhood file: erased ones included (their
    block and group stay), those no longer in the file left out."""
    return Invitation.objects.filter(project=project, left_at__isnull=True)


def households(project: Project) -> list[dict[str, Any]]:
    """Per live household: reached or not, how, and (not reached) the suggested next step."""
    live = live_households(project)
    ways: dict[int, list[str]] = defaultdict(list)
    sources = (
        ("meeting", Attendance.objects.filter(status__in=Attendance.REACHED)),
        ("conversation", Conversation.objects.all()),
        ("survey", Response.objects.all()),
        ("opinion", Opinion.objects.filter(invitation__isnull=False)),
    )
    for way, qs in sources:
        for pk in set(qs.filter(invitation__in=live).values_list("invitation_id", flat=True)):
            ways[pk].append(way)
    absent = set(
        Attendance.objects.filter(invitation__in=live, status="absent").values_list(
            "invitation_id", flat=True
        )
    )
    rows = []
    for inv in live.order_by("block_id", "address"):
        how = ways.get(inv.pk, []) + (["asked"] if inv.wants_conversation else [])
        rows.append(
            {
                "inv": inv,
                "reached": bool(how),
                "how": [HOW[h] for h in how],
                "suggestion": None if how else SUGGESTION[_next_step(inv, inv.pk in absent)],
            }
        )
    return rows


def _next_step(inv: Invitation, was_absent: bool) -> str:
    if was_absent:  # known to the team from the meeting's list
        return "absent"
    if inv.code_digest is None:
        return "letter"
    if inv.last_sign_in is not None:
        return "signed_in"
    return "kitchen_table"


def table(project: Project, rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Per value of ``key`` (``block_id`` or ``group``) and in total: the households in the
    neighbourhood file (:func:`file_households`), those reached (of ``rows``, the live households)
    and the rest, not reached (erased households among them: nothing is known of them any more)."""
    per: dict[str, dict[str, int]] = defaultdict(lambda: {"households": 0, "reached": 0})
    for value in file_households(project).values_list(key, flat=True):
        per[str(value)]["households"] += 1
    for r in rows:
        per[str(getattr(r["inv"], key))]["reached"] += r["reached"]
    out = [
        {"key": k, **v, "not_reached": v["households"] - v["reached"]}
        for k, v in sorted(per.items())
    ]
    households = sum(v["households"] for v in per.values())
    reached = sum(r["reached"] for r in rows)
    total = {"households": households, "reached": reached, "not_reached": households - reached}
    return {"rows": out, "total": total}
