"""Reach: attendance per household per meeting (with consent) and the overview of the households
reached and not yet reached, per block and per group (:mod:`..reach`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wijkaanpak.model.survey import MIN_GROUP
from wijkaanpak.web.participation import audit, reach
from wijkaanpak.web.participation.disclosure import reach_counts
from wijkaanpak.web.participation.models import Attendance, Invitation, Meeting
from wijkaanpak.web.participation.views.common import page, project_and_settings
from wijkaanpak.web.projects.roles import can

PER_PAGE = 50


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders; de begeleidingsgroep ziet
    alleen aantallen (onder 5 verborgen), het projectteam ook de adressen (inzage gelogd)."""
    project, _settings = project_and_settings(request, pk)
    rows = reach.households(project)
    blocks, groups = reach.table(project, rows, "block_id"), reach.table(project, rows, "group")
    labels = dict(Invitation.GROUP)
    for r in groups["rows"]:
        r["label"] = labels.get(r["key"], r["key"])
    team = can(request, project, "edit")
    context: dict[str, object] = {"min_group": MIN_GROUP, "team": team}
    if team:
        block = request.GET.get("blok", "")
        group = request.GET.get("groep", "")
        open_rows = [
            r
            for r in rows
            if not r["reached"]
            and (not block or r["inv"].block_id == block)
            and (not group or r["inv"].group == group)
        ]
        listing = Paginator(open_rows, PER_PAGE).get_page(request.GET.get("pagina"))
        audit.log(request, "view", project, project.pk, reason="bereik: niet bereikte huishoudens")
        context |= {
            "blocks": blocks,
            "groups": groups,
            "open": listing,
            "block": block,
            "group": group,
            "group_choices": Invitation.GROUP,
            "block_choices": [r["key"] for r in blocks["rows"]],
        }
    else:
        groups, blocks = reach_counts(groups, blocks)
        context |= {"blocks": blocks, "groups": groups}
    return page(request, "reach.html", project, "view", **context)


@login_required
def attendance(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders: per huishouden aanwezig, vertegenwoordigd of
    afwezig — alleen vastgelegd met toestemming van het huishouden (inzage en wijzigingen gelogd)."""
    project, _settings = project_and_settings(request, pk, "edit")
    obj = get_object_or_404(Meeting, pk=meeting, project=project)
    live = reach.live_households(project)
    block_ids = sorted(set(live.values_list("block_id", flat=True)))
    block = (
        request.GET.get("blok") or request.POST.get("blok") or (block_ids[0] if block_ids else "")
    )
    households = list(live.filter(block_id=block).order_by("address"))
    recorded = {a.invitation_id: a for a in obj.attendances.filter(invitation__in=households)}
    if request.method == "POST":
        how = request.POST.get("consent_how", "").strip()[:200]
        refused = []
        for inv in households:
            status = request.POST.get(f"status-{inv.pk}", "")
            consent = request.POST.get(f"consent-{inv.pk}") == "on"
            existing = recorded.get(inv.pk)
            if status not in dict(Attendance.STATUS):
                if existing is not None:  # cleared: the record goes
                    audit.log(request, "erase", existing, project.pk, {"status": "gewijzigd"})
                    existing.delete()
                continue
            if not (consent and how):
                if existing is None or existing.status != status:
                    refused.append(inv.address)
                continue
            if existing is not None and existing.status == status:
                continue
            row, created = Attendance.objects.update_or_create(
                meeting=obj,
                invitation=inv,
                defaults={"status": status, "consent_how": how, "recorded_by": request.user},
            )
            action = "create" if created else "change"
            audit.log(
                request,
                action,
                row,
                project.pk,
                {"status": "gewijzigd"},
                reason=f"toestemming: {how}",
            )
        if refused:
            messages.error(
                request,
                _("Niet vastgelegd zonder toestemming (vink aan en zeg hoe gevraagd): %(a)s")
                % {"a": ", ".join(refused)},
            )
        else:
            messages.success(request, _("Aanwezigheid opgeslagen."))
        return redirect(f"{request.path}?{urlencode({'blok': block})}")
    audit.log(request, "view", obj, project.pk, reason=f"aanwezigheid blok {block}")
    return page(
        request,
        "attendance.html",
        project,
        "personal",
        meeting=obj,
        block=block,
        block_ids=block_ids,
        rows=[(inv, recorded.get(inv.pk)) for inv in households],
        statuses=Attendance.STATUS,
    )
