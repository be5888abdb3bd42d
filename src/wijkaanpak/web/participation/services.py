"""Bridge between the participation data and the model: answers → household table, responses →
top 5, a household's own result, and the AVG operations (export, consent withdrawal, erasure,
anonymisation after the retention period)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.db import transaction
from django.utils import timezone

from wijkaanpak.io.participation import questionnaire_from
from wijkaanpak.model.survey import Questionnaire, top
from wijkaanpak.web.participation.models import (
    Attendance,
    Conversation,
    FinancialData,
    HouseholdCorrection,
    Invitation,
    Opinion,
    Response,
    Settings,
)
from wijkaanpak.web.participation.models.process import questionnaire_of
from wijkaanpak.web.projects.models import Project

CORRECTION_FIELDS = ("adults", "children", "age_1", "age_2")
_NEGATIVE = ("bad", "worries")


def questionnaire_for(project: Project) -> Questionnaire:
    settings = Settings.objects.filter(project=project).first()
    return questionnaire_of(settings) if settings else questionnaire_from("")


def answers_version(project: Project) -> str:
    """Changes whenever an answer, correction or financial record of the project changes
    (``Settings.answers_revision``, kept by signals.py): one indexed read per request."""
    revision = (
        Settings.objects.filter(project=project).values_list("answers_revision", flat=True).first()
    )
    return str(revision or 0)


def answers_frame(project: Project) -> pd.DataFrame:
    """Per household: what its survey answers, its own corrections and its consented financial data
    say, in the household table's columns (missing: keep the file's value)."""
    rows: dict[str, dict[str, Any]] = {}
    questions = questionnaire_for(project)
    live = {"invitation__project": project, "invitation__erased_at__isnull": True}
    for r in Response.objects.filter(**live).select_related("invitation"):
        rows.setdefault(r.invitation.household_id, {}).update(
            {
                q.model: r.answers.get(q.id)
                for q in questions.questions
                if q.model and r.answers.get(q.id) not in (None, "")
            }
        )
    for c in HouseholdCorrection.objects.filter(**live).select_related("invitation"):
        values = {f: getattr(c, f) for f in CORRECTION_FIELDS if getattr(c, f) is not None}
        rows.setdefault(c.invitation.household_id, {}).update(values)
    for f in FinancialData.objects.filter(**live).select_related("invitation"):
        values = {k: getattr(f, k) for k in FinancialData.FIELDS if getattr(f, k) is not None}
        rows.setdefault(f.invitation.household_id, {}).update(values)
    return pd.DataFrame.from_dict(rows, orient="index")


def responses_frame(project: Project) -> pd.DataFrame:
    """One row per responding household: its stakeholder group and its multi-choice answers."""
    qs = Response.objects.filter(
        invitation__project=project, invitation__erased_at__isnull=True
    ).select_related("invitation")
    multi = [q.id for q in questionnaire_for(project).questions if q.kind == "multi"]
    records = [
        {"group": r.invitation.group, **{q: list(r.answers.get(q, [])) for q in multi}}
        for r in qs
        if any(r.answers.get(q) for q in multi)
    ]
    return pd.DataFrame(records, columns=["group", *multi])


def top_lists(project: Project) -> dict[str, Any]:
    """Top 5 positive, negative (bad + worries) and wishes, overall and per group (< 5 suppressed)."""
    frame = responses_frame(project)
    return {
        "positive": top(frame, ("good",)),
        "negative": top(frame, _NEGATIVE),
        "wishes": top(frame, ("wishes",)),
    }


def household_result(project: Project, invitation: Invitation, plan: str) -> dict[str, Any]:
    """What the model says for this household under the project's plan ``plan`` (with all
    answers applied), in short: :func:`brief` of :func:`household_overview`."""
    return brief(household_overview(project, invitation, plan))


def brief(ov: dict[str, Any] | None) -> dict[str, Any]:
    """The verdict of a kitchen-table overview in short (the team's household table)."""
    if ov is None:
        return {"in_model": False}
    keep = ("intervention", "wish_to_return", "preferred_home_type")
    out: dict[str, Any] = {"in_model": True} | {k: ov[k] for k in keep}
    if ov["swap"]:
        swap = ("new_home", "price_eur", "required_loan_eur", "max_loan_eur", "closed_purse")
        out |= {k: ov["swap"][k] for k in (*swap, "gap_eur")}
    return out


def household_overview(
    project: Project, invitation: Invitation, name: str
) -> dict[str, Any] | None:
    """The kitchen-table overview of this household under the project's plan ``name`` (with all
    answers applied), or None when the plan or the household is not in the model."""
    from wijkaanpak.analysis.household_overview import Overviews
    from wijkaanpak.web.projects.services import evaluate, plans

    available = plans(project)
    if name not in available or invitation.erased_at is not None:
        return None
    try:
        return Overviews(evaluate(project, available[name])).of(invitation.household_id)
    except KeyError:  # the household left the neighbourhood file
        return None


def published_plans(project: Project) -> list[str]:
    """The plans the team published to residents that still exist, in publication order."""
    from wijkaanpak.web.projects.services import plans

    available = plans(project)
    return [p for p in project.participation.resident_plans if p in available]


def export(invitation: Invitation) -> dict[str, Any]:
    """Everything the project holds on one household (AVG art. 15 and 20), as plain JSON."""
    data: dict[str, Any] = {
        "household_id": invitation.household_id,
        "address": invitation.address,
        "group": invitation.group,
        "dwelling_id": invitation.dwelling_id,
        "code_issued_at": _iso(invitation.code_issued_at),
        "last_sign_in": _iso(invitation.last_sign_in),
    }
    response = Response.objects.filter(invitation=invitation).first()
    data["survey_answers"] = response.answers if response else None
    corr = HouseholdCorrection.objects.filter(invitation=invitation).first()
    data["corrections"] = {f: getattr(corr, f) for f in CORRECTION_FIELDS} if corr else None
    fin = FinancialData.objects.filter(invitation=invitation).first()
    data["financial_data"] = (
        {
            "consent_at": _iso(fin.consent_at),
            "consent_how": fin.consent_how,
            **{f: getattr(fin, f) for f in FinancialData.FIELDS},
        }
        if fin
        else None
    )
    data["conversations"] = [
        {"held_on": c.held_on.isoformat(), "summary": c.summary}
        for c in invitation.conversations.all()
    ]
    data["opinions"] = [
        {"plan": o.plan, "stance": o.stance, "reasons": o.reasons}
        for o in invitation.opinions.all()
    ]
    data["meetings"] = [
        {
            "held_on": a.meeting.held_on.isoformat(),
            "title": a.meeting.title,
            "attendance": a.status,
            "consent_how": a.consent_how,
        }
        for a in invitation.attendances.select_related("meeting")
    ]
    return data


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def withdraw_consent(invitation: Invitation) -> bool:
    """Delete the consented financial data; the model falls back to the file's values."""
    deleted, _ = FinancialData.objects.filter(invitation=invitation).delete()
    return deleted > 0


@transaction.atomic
def erase(invitation: Invitation) -> None:
    """Erase the household's personal data (AVG art. 17): answers, corrections, financial data,
    conversations, opinions, attendance, code and address. The pseudonymous row stays so that the
    audit log keeps pointing somewhere; the household no longer counts in any result."""
    for model in (Response, HouseholdCorrection, FinancialData, Conversation, Opinion, Attendance):
        model.objects.filter(invitation=invitation).delete()
    invitation.address = ""
    invitation.code_digest = None
    invitation.erased_at = timezone.now()
    invitation.save()


def anonymise_project(project: Project) -> int:
    """Erase every household of a project (after its retention period); returns how many."""
    live = list(project.invitations.filter(erased_at__isnull=True))
    for inv in live:
        erase(inv)
    project.guidance_members.update(name="(geanonimiseerd)")
    project.meetings.update(minutes="")
    return len(live)
