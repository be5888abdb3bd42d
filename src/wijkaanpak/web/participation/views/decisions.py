"""Meetings and the guidance group, the consultation (opinions per scenario, not a vote) and the
go/no-go: each plan against the project's criteria with the model's numbers, and the decision as a
logged transition. Also the audit log (administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from wijkaanpak.model.survey import MIN_GROUP
from wijkaanpak.web.participation import audit
from wijkaanpak.web.participation.access import require_team
from wijkaanpak.web.participation.disclosure import opinion_counts
from wijkaanpak.web.participation.forms import (
    CriterionForm,
    DecisionForm,
    GroupOpinionForm,
    GuidanceMemberForm,
    MeetingForm,
    SettingsForm,
)
from wijkaanpak.web.participation.models import (
    Attendance,
    AuditEntry,
    Criterion,
    Decision,
    GuidanceMember,
    Meeting,
)
from wijkaanpak.web.participation.models.decisions import CONSULTATION_NOT_A_VOTE, SUPPORT
from wijkaanpak.web.participation.views.common import page, project_and_settings
from wijkaanpak.web.projects import services as project_services
from wijkaanpak.web.projects.models import Project
from wijkaanpak.web.projects.roles import can


@login_required
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders; vastleggen: projectteam."""
    project, _settings = project_and_settings(request, pk)
    form = MeetingForm(request.POST or None, prefix="m")
    member = GuidanceMemberForm(request.POST or None, prefix="g")
    if request.method == "POST":
        require_team(request, project)
        chosen = form if "m-title" in request.POST else member
        if chosen.is_valid():
            obj = chosen.save(commit=False)
            obj.project = project
            obj.save()
            messages.success(request, _("Opgeslagen."))
            return redirect("participation-meetings", pk=project.pk)
    members = GuidanceMember.objects.filter(project=project)
    if members.exists() and can(
        request, project, "edit"
    ):  # names: personal data, shown to the team
        audit.log(
            request, "view", project, project.pk, reason="bijeenkomsten en leden begeleidingsgroep"
        )
    return page(
        request,
        "meetings.html",
        project,
        "view",
        meetings=Meeting.objects.filter(project=project).annotate(
            reached=Count("attendances", filter=Q(attendances__status__in=Attendance.REACHED))
        ),
        min_group=MIN_GROUP,
        members=members,
        form=form,
        member=member,
    )


@login_required
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders (aantallen, geen personen)."""
    project, settings = project_and_settings(request, pk)
    plans = list(project_services.plans(project))
    is_opinion = "o-stance" in request.POST
    form = SettingsForm(None if is_opinion else request.POST or None, instance=settings)
    opinion = GroupOpinionForm(request.POST if is_opinion else None, plans=plans, prefix="o")
    if request.method == "POST":
        require_team(request, project)
        if is_opinion and opinion.is_valid():
            obj = opinion.save(commit=False)
            obj.project = project
            obj.save()
            messages.success(request, _("Mening vastgelegd."))
            return redirect("participation-consultation", pk=project.pk)
        if not is_opinion and form.is_valid():
            form.save()
            messages.success(request, _("Instellingen opgeslagen."))
            return redirect("participation-consultation", pk=project.pk)
    return page(
        request,
        "consultation.html",
        project,
        "view",
        rows=opinion_counts(project, plans),
        form=form,
        opinion=opinion,
        min_group=MIN_GROUP,
    )


def metrics(project: Project, plans: list[str]) -> dict[str, dict[str, float | None]]:
    """The model's figures per plan that the criteria compare."""
    support = {r["plan"]: r["support_pct"] for r in opinion_counts(project, plans)}
    all_plans = project_services.plans(project)
    out = {}
    for name in plans:
        s = project_services.summary(project_services.evaluate(project, all_plans[name]))
        hh = s["households"]
        owners, candidates = hh["owner_households"], hh["returning_candidates"]
        out[name] = {
            # what the municipality bears after the other parties' contributions (issue #12 §5)
            "deficit_per_dwelling_eur": max(-s["exploitation"]["municipal_share_eur"], 0.0)
            / s["counts"]["dwellings"],
            # a share of 1–4 households is a person's result: not known, as with < 5 opinions
            "closed_purse_share_pct": _share(hh["closed_purse"], owners),
            "returning_closed_purse_pct": _share(hh["returning_closed_purse"], candidates),
            "owner_households": owners,
            "returning_candidates": candidates,
            SUPPORT: support[name],
            "societal_npv_eur": s["societal"]["npv_eur"],
        }
    return out


def _share(part: float, whole: float) -> float | None:
    return 100 * part / whole if whole >= MIN_GROUP else None


#: A missing figure means "not applicable" for these metrics when nobody is counted (no
#: owner-occupiers in renewed blocks; the figure named is the group's size) and "not known yet"
#: otherwise (fewer than 5 opinions, or 1–4 households).
NOT_APPLICABLE_WHEN_MISSING = {
    "closed_purse_share_pct": "owner_households",
    "returning_closed_purse_pct": "returning_candidates",
}


def verdict(
    plan: str, criteria: list[Criterion], figures: dict[str, float | None]
) -> dict[str, Any]:
    """Each criterion's check for one plan (pass / fail / n.a. / unknown) and the overall verdict:
    fail if any check fails, unknown if any figure is not known yet, else pass."""
    checks = []
    for c in criteria:
        value = figures[c.metric]
        ok = c.passes(value)
        status = (
            {True: "pass", False: "fail"}.get(ok)
            if ok is not None
            else (
                "na"
                if c.metric in NOT_APPLICABLE_WHEN_MISSING
                and not figures.get(NOT_APPLICABLE_WHEN_MISSING[c.metric])
                else "unknown"
            )
        )
        checks.append((c, value, status))
    statuses = {s for _c, _v, s in checks}
    overall = "fail" if "fail" in statuses else "unknown" if "unknown" in statuses else "pass"
    return {"plan": plan, "checks": checks, "overall": overall}


@login_required
def go_no_go(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders; besluiten en drempels: projectteam."""
    project, _settings = project_and_settings(request, pk)
    plans = list(project_services.plans(project))
    state = Decision.current(project)
    allowed = [(s, label) for s, label in Decision.STATE if s in Decision.ALLOWED[state]]
    decision = DecisionForm(request.POST or None, plans=plans, allowed=allowed, prefix="d")
    criterion = CriterionForm(request.POST or None, prefix="c")
    figures = metrics(project, plans)
    if request.method == "POST":
        require_team(request, project)
        if "c-metric" in request.POST and criterion.is_valid():
            obj = criterion.save(commit=False)
            obj.project = project
            obj.save()
            return redirect("participation-go", pk=project.pk)
        if "d-plan" in request.POST and decision.is_valid():
            try:
                Decision.objects.create(
                    project=project,
                    plan=decision.cleaned_data["plan"],
                    from_state=state,
                    to_state=decision.cleaned_data["to_state"],
                    reason=decision.cleaned_data["reason"],
                    figures=figures[decision.cleaned_data["plan"]],
                    decided_by=request.user,
                )
            except ValidationError as e:
                messages.error(request, "; ".join(e.messages))
            else:
                messages.success(request, _("Besluit vastgelegd."))
            return redirect("participation-go", pk=project.pk)
    criteria = list(Criterion.objects.filter(project=project))
    table = [
        {**verdict(name, criteria, figures[name]), "support": figures[name][SUPPORT]}
        for name in plans
    ]
    return page(
        request,
        "go_no_go.html",
        project,
        "view",
        table=table,
        criteria=criteria,
        support_threshold=any(c.metric == SUPPORT for c in criteria),
        not_a_vote=CONSULTATION_NOT_A_VOTE,
        state=dict(Decision.STATE)[state],
        decisions=Decision.objects.filter(project=project).select_related("decided_by"),
        decision=decision,
        criterion=criterion,
    )


@login_required
def criterion_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders."""
    project, _settings = project_and_settings(request, pk, "edit")
    if request.method != "POST":
        raise PermissionDenied
    get_object_or_404(Criterion, pk=item, project=project).delete()
    return redirect("participation-go", pk=project.pk)


@login_required
def audit_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectbeheerders van dit project en beheerders."""
    project, _settings = project_and_settings(request, pk, "admin")
    entries = AuditEntry.objects.filter(project_id=project.pk)[:500]
    audit.log(request, "view", project, project.pk, reason="auditlog bekeken")
    return page(request, "audit.html", project, "admin", entries=entries)
