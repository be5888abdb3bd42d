"""The project team's side of the survey: invitations and letters with codes, the top 5 (also for
the guidance group: aggregates only), the interim report, and per household the answers,
kitchen-table conversations, consented financial data, the model's result, export and erasure."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkaanpak.io.participation import default_questionnaire_text
from wijkaanpak.model.survey import Questionnaire
from wijkaanpak.report import household_sheet
from wijkaanpak.web.participation import audit, services
from wijkaanpak.web.participation.access import require_team
from wijkaanpak.web.participation.disclosure import for_viewer
from wijkaanpak.web.participation.forms import (
    ConversationForm,
    FinancialForm,
    QuestionnaireForm,
    SurveyForm,
)
from wijkaanpak.web.participation.models import FinancialData, Invitation, Meeting, Response
from wijkaanpak.web.participation.seed import issue_codes
from wijkaanpak.web.participation.views.common import (
    interface_language,
    page,
    pdf_response,
    project_and_settings,
)
from wijkaanpak.web.projects import services as project_services
from wijkaanpak.web.projects.models import Project
from wijkaanpak.web.projects.roles import can

MODEL_WORDS = {
    "none": gettext_lazy("niets doen"),
    "repair": gettext_lazy("funderingsherstel"),
    "renew": gettext_lazy("vernieuwen (sloop-nieuwbouw)"),
    "yes": gettext_lazy("ja"),
    "no": gettext_lazy("nee"),
    "unknown": gettext_lazy("onbekend"),
    "ground_bound": gettext_lazy("grondgebonden woning"),
    "apartment": gettext_lazy("appartement"),
    "senior_apartment": gettext_lazy("seniorenappartement"),
}


def labelled(tops: dict[str, object], q: Questionnaire) -> dict[str, object]:
    """The top lists with the aspects' names in the user's language."""
    lang = get_language() or "nl"
    names = {k: v.get(lang) for k, v in q.aspects.items()}
    names |= {k: v.get(lang) for k, v in q.question("wishes").options.items()}
    groups = dict(Invitation.GROUP)

    def name(block: dict[str, object]) -> dict[str, object]:
        top = [(names.get(a, a), n) for a, n in block["top"]]  # type: ignore[attr-defined]
        return {**block, "top": top}

    return {
        kind: {
            **name(t),  # type: ignore[arg-type]
            "groups": {str(groups.get(g, g)): name(b) for g, b in t["groups"].items()},  # type: ignore[index]
        }
        for kind, t in tops.items()
    }


def team_household(
    request: HttpRequest, pk: int, inv: int, live: bool = False
) -> tuple[Project, Invitation]:
    """Project and household for a project-team view (403 for other roles; 404 for a non-member,
    another project's household, or with ``live`` an erased one)."""
    project, _settings = project_and_settings(request, pk, "edit")
    extra = {"erased_at__isnull": True} if live else {}
    return project, get_object_or_404(Invitation, pk=inv, project=project, **extra)


INVITATIONS_PER_PAGE = 50


@login_required
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders (adressen zijn persoonsgegevens; inzage gelogd)."""
    project, settings = project_and_settings(request, pk, "edit")
    rows = (
        Invitation.objects.filter(project=project)
        .annotate(answered=Count("response"), talks=Count("conversations"))
        .order_by("-wants_conversation", "block_id", "address")
    )
    # search (address, block or household id) and filter by group, 50 a page (issue #16 §11)
    query = request.GET.get("q", "").strip()[:100]
    group = request.GET.get("groep", "")
    shown = rows
    if query:
        shown = shown.filter(
            Q(address__icontains=query) | Q(block_id__iexact=query) | Q(household_id__iexact=query)
        )
    if group in dict(Invitation.GROUP):
        shown = shown.filter(group=group)
    else:
        group = ""
    listing = Paginator(shown, INVITATIONS_PER_PAGE).get_page(request.GET.get("pagina"))
    audit.log(request, "view", project, project.pk, reason="lijst uitnodigingen (adressen)")
    return page(
        request,
        "invitations.html",
        project,
        "personal",
        rows=listing,
        query=query,
        group=group,
        groups=Invitation.GROUP,
        found=listing.paginator.count,
        blocks=sorted(set(rows.values_list("block_id", flat=True))),
        settings=settings,
        counts={
            "households": rows.count(),
            "with_code": rows.filter(code_digest__isnull=False).count(),
            "answered": Response.objects.filter(invitation__project=project).count(),
            "wants_conversation": rows.filter(wants_conversation=True).count(),
        },
    )


@login_required
@require_POST
def letters(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders. New codes for the chosen households (all without a
    code, or one block, or one household) and the printable letters; shown once, never stored.
    Households no longer in the neighbourhood file get no letter."""
    project, _settings = project_and_settings(request, pk, "edit")
    qs = Invitation.objects.filter(project=project, erased_at__isnull=True, left_at__isnull=True)
    which = request.POST.get("which", "new")
    if which == "new":
        qs = qs.filter(code_digest__isnull=True)
    elif which.startswith("block:"):
        qs = qs.filter(block_id=which.removeprefix("block:"))
    elif which.startswith("household:"):
        qs = qs.filter(pk=which.removeprefix("household:"))
    issued = issue_codes(list(qs.order_by("block_id", "address")))
    if not issued:
        messages.info(request, _("Er zijn geen adressen zonder code meer."))
        return redirect("participation-invitations", pk=project.pk)
    audit.log(request, "export", project, project.pk, reason=f"{len(issued)} brieven met code")
    public_url = request.build_absolute_uri(reverse("resident-sign-in"))
    if request.POST.get("format") == "pdf":
        response = pdf_response(
            request,
            "letters.html",
            {"project": project, "issued": issued, "public_url": public_url},
            f"{_('Brieven')} — {project.name}",
            _("brieven") + ".pdf",
        )
    else:
        response = page(
            request, "letters.html", project, "personal", issued=issued, public_url=public_url
        )
    response["Cache-Control"] = "no-store"  # the codes must not stay in any cache
    return response


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders (totalen; groepen < 5 verborgen)."""
    project, settings = project_and_settings(request, pk)
    return page(
        request,
        "results.html",
        project,
        "view",
        tops=labelled(services.top_lists(project), services.questionnaire_for(project)),
        settings=settings,
        invited=Invitation.objects.filter(project=project, code_digest__isnull=False).count(),
    )


@login_required
def questionnaire_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders; wijzigen: projectteam."""
    project, settings = project_and_settings(request, pk)
    form = QuestionnaireForm(request.POST or None, instance=settings)
    if request.method == "POST":
        require_team(request, project)
        if form.is_valid():
            form.save()
            messages.success(request, _("Vragenlijst opgeslagen."))
            return redirect("participation-questionnaire", pk=project.pk)
    elif not settings.questionnaire_yaml:
        form.initial["questionnaire_yaml"] = default_questionnaire_text()
    lang = get_language() or "nl"
    questions = services.questionnaire_for(project)
    return page(
        request,
        "questionnaire.html",
        project,
        "view",
        form=form,
        own=bool(settings.questionnaire_yaml),
        preview=[
            (q.text(lang), [o.get(lang) for o in q.options.values()]) for q in questions.questions
        ],
    )


@login_required
def interim_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders (tussenrapport: totalen)."""
    project, _settings = project_and_settings(request, pk)
    plans = project_services.plans(project)
    team = can(request, project, "edit")  # household figures over 1-4 households only for the team
    results = [
        for_viewer(project_services.summary(project_services.evaluate(project, p)), team)
        for p in plans.values()
    ]
    context = {
        "tops": labelled(services.top_lists(project), services.questionnaire_for(project)),
        "results": results,
        "meetings": Meeting.objects.filter(project=project),
        "now": timezone.now(),
    }
    if request.GET.get("pdf"):
        title = f"{_('Tussenrapport')} — {project.name}"
        return pdf_response(
            request,
            "interim_print.html",
            {"project": project, **context},
            title,
            _("tussenrapport") + ".pdf",
        )
    return page(request, "interim.html", project, "view", **context)


@login_required
def household(request: HttpRequest, pk: int, inv: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders; elke inzage staat in het auditlog."""
    project, invitation = team_household(request, pk, inv)
    audit.log(request, "view", invitation, project.pk, reason=request.GET.get("reden", ""))
    questions = services.questionnaire_for(project)
    plan = request.GET.get("plan", "all-renew")
    plans = project_services.plans(project)
    ov = services.household_overview(project, invitation, plan)  # None: erased or unknown plan
    result = services.brief(ov) if plan in plans and invitation.erased_at is None else None
    return page(
        request,
        "household.html",
        project,
        "personal",
        inv=invitation,
        data=(data := services.export(invitation)),
        answers=questions.readable(data["survey_answers"] or {}, get_language() or "nl")
        if data["survey_answers"]
        else None,
        result=result,
        overview=None if ov is None else household_sheet.context(ov, interface_language()),
        shown={k: MODEL_WORDS.get(v, v) for k, v in (result or {}).items() if isinstance(v, str)},
        plans=list(plans),
        plan=plan,
        conversation=ConversationForm(prefix="c"),
        financial=FinancialForm(prefix="f"),
        paper=SurveyForm(prefix="s", initial=data["survey_answers"], questionnaire=questions),
        survey_open=project.participation.survey_open,
    )


def sheet_response(ov: dict[str, Any]) -> HttpResponse:
    """The one-page overview as a PDF download in the interface language."""
    data = household_sheet.pdf_bytes(ov, interface_language())
    response = HttpResponse(data, content_type="application/pdf")
    name = household_sheet.file_name("overzicht", ov["household_id"], ov["plan"])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def household_pdf(request: HttpRequest, pk: int, inv: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders: the household's one-page overview for the
    conversation (personal data: the download is audit-logged)."""
    project, invitation = team_household(request, pk, inv, live=True)
    plan = request.GET.get("plan", "all-renew")
    ov = services.household_overview(project, invitation, plan)
    if ov is None:
        raise Http404
    audit.log(request, "export", invitation, project.pk, reason=f"overzicht {plan} (pdf)")
    return sheet_response(ov)


@login_required
def resident_plans(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders: which plans residents see on their own page."""
    project, settings = project_and_settings(request, pk, "edit")
    available = list(project_services.plans(project))
    if request.method == "POST":
        name, action = request.POST.get("plan", ""), request.POST.get("action", "")
        if name not in available or action not in ("publish", "withdraw"):
            messages.error(request, _("Onbekend plan of onbekende actie: niets gewijzigd."))
            return redirect("participation-resident-plans", pk)
        shown = [p for p in settings.resident_plans if p != name]
        if action == "publish":
            shown.append(name)
        settings.resident_plans = shown
        settings.save(update_fields=["resident_plans"])
        audit.log(request, action, settings, project.pk, {"plan": name})
        messages.success(
            request,
            (
                _("Bewoners zien nu hun overzicht voor %(plan)s.")
                if action == "publish"
                else _("Bewoners zien %(plan)s niet meer.")
            )
            % {"plan": name},
        )
        return redirect("participation-resident-plans", pk)
    return page(
        request,
        "resident_plans.html",
        project,
        "team",
        plans=[(name, name in settings.resident_plans) for name in available],
    )


@login_required
@require_POST
def paper_survey(request: HttpRequest, pk: int, inv: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders: a survey answered on paper, typed in by the team."""
    project, invitation = team_household(request, pk, inv, live=True)
    if not project.participation.survey_open:
        messages.error(
            request, _("De enquête is gesloten; antwoorden kunnen niet meer worden gewijzigd.")
        )
        return redirect("participation-household", pk=project.pk, inv=invitation.pk)
    form = SurveyForm(request.POST, prefix="s", questionnaire=services.questionnaire_for(project))
    if form.is_valid():
        audit.save_answers(
            request, invitation, form.answers(), "papieren enquête ingevoerd door het projectteam"
        )
        messages.success(request, _("Antwoorden van het papieren formulier opgeslagen."))
    return redirect("participation-household", pk=project.pk, inv=invitation.pk)


@login_required
@require_POST
def conversation_new(request: HttpRequest, pk: int, inv: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders."""
    project, invitation = team_household(request, pk, inv, live=True)
    form = ConversationForm(request.POST, prefix="c")
    if form.is_valid():
        talk = form.save(commit=False)
        talk.invitation, talk.held_by = invitation, request.user
        talk.save()
        audit.log(request, "create", talk, project.pk, {"summary": "gewijzigd"})
        messages.success(request, _("Gesprek vastgelegd."))
    else:
        messages.error(request, _("Gesprek niet opgeslagen: %(e)s") % {"e": form.errors.as_text()})
    return redirect("participation-household", pk=project.pk, inv=invitation.pk)


@login_required
@require_POST
def financial(request: HttpRequest, pk: int, inv: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders. Saved only with the consent box ticked."""
    project, invitation = team_household(request, pk, inv, live=True)
    existing = FinancialData.objects.filter(invitation=invitation).first()
    form = FinancialForm(request.POST, prefix="f", instance=existing)
    if not form.is_valid():
        messages.error(
            request,
            _("Financiële gegevens niet opgeslagen (toestemming vastgelegd?): %(e)s")
            % {"e": form.errors.as_text()},
        )
        return redirect("participation-household", pk=project.pk, inv=invitation.pk)
    data = form.save(commit=False)
    data.invitation, data.recorded_by, data.consent_at = invitation, request.user, timezone.now()
    data.save()
    audit.log(
        request,
        "change" if existing else "create",
        data,
        project.pk,
        {f: "gewijzigd" for f in FinancialData.FIELDS},
        reason=f"toestemming: {data.consent_how}",
    )
    messages.success(request, _("Financiële gegevens vastgelegd; het model rekent ermee."))
    return redirect("participation-household", pk=project.pk, inv=invitation.pk)


@login_required
def household_export(request: HttpRequest, pk: int, inv: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders (inzageverzoek van een bewoner)."""
    project, invitation = team_household(request, pk, inv)
    audit.log(request, "export", invitation, project.pk, reason="inzageverzoek")
    return json_download(services.export(invitation), f"huishouden-{invitation.household_id}.json")


@login_required
@require_POST
def household_erase(request: HttpRequest, pk: int, inv: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders (verwijderverzoek van een bewoner)."""
    project, invitation = team_household(request, pk, inv, live=True)
    services.erase(invitation)
    audit.log(request, "erase", invitation, project.pk, reason=request.POST.get("reason", ""))
    messages.success(request, _("De persoonsgegevens van dit huishouden zijn gewist."))
    return redirect("participation-invitations", pk=project.pk)


def json_download(data: object, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
