"""The resident's side: sign in with the code from the letter, answer the survey (editable until it
closes), see and correct the household's own data, give opinions on the scenarios during the
consultation, withdraw consent, download everything held on them, have it erased."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import pandas as pd
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkaanpak.io.participation import glossary
from wijkaanpak.report import household_sheet
from wijkaanpak.web.participation import audit, services
from wijkaanpak.web.participation.access import CODE_KEY, WHO, code_version, resident
from wijkaanpak.web.participation.audit import SESSION_KEY
from wijkaanpak.web.participation.forms import (
    CodeForm,
    CorrectionForm,
    FinancialForm,
    OpinionForm,
    SurveyForm,
)
from wijkaanpak.web.participation.models import (
    FinancialData,
    HouseholdCorrection,
    Invitation,
    Opinion,
    Response,
    Settings,
)
from wijkaanpak.web.participation.models.process import questionnaire_of
from wijkaanpak.web.participation.seed import cached_neighbourhood
from wijkaanpak.web.participation.services import questionnaire_for
from wijkaanpak.web.participation.views.common import interface_language
from wijkaanpak.web.participation.views.survey import json_download, sheet_response
from wijkaanpak.web.projects import services as project_services
from wijkaanpak.web.security import residents


def resident_required(
    view: Callable[[HttpRequest, Invitation], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """The signed-in resident's own invitation for ``view``; without one: to the code login."""

    @wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        invitation = resident(request)
        if invitation is None:
            return redirect("resident-sign-in")
        return view(request, invitation)

    return wrapper


def sign_in(request: HttpRequest) -> HttpResponse:
    """Zichtbaar voor: iedereen (inloggen met de code uit de brief)."""
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = residents.sign_in(request, form.cleaned_data["code"])  # limits: security/
        invitation = outcome.invitation
        if invitation is None:
            form.add_error("code", outcome.error)
            status = 429 if outcome.wait else 200
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = invitation.pk
            request.session[CODE_KEY] = code_version(invitation)
            request.session.set_expiry(0)  # ends when the browser closes (shared computers)
            invitation.last_sign_in = timezone.now()
            invitation.save(update_fields=["last_sign_in"])
            audit.log(request, "sign_in", invitation, invitation.project_id)
            return redirect("resident-home")
    context = {"form": form, "who": WHO["public"]}
    return render(request, "participation/sign_in.html", context, status=status)


def _household_row(invitation: Invitation) -> dict[str, Any]:
    """The household's row in the project's neighbourhood file (what the model assumed)."""
    nbh = cached_neighbourhood(invitation.project)
    if invitation.household_id not in nbh.households.index:
        return {}
    row = nbh.households.loc[invitation.household_id]
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


@resident_required
def home(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """Zichtbaar voor: alleen de bewoner met de code (en het projectteam via de huishoudpagina)."""
    project = invitation.project
    settings = Settings.objects.get(project=project)
    response = Response.objects.filter(invitation=invitation).first()
    correction = HouseholdCorrection.objects.filter(invitation=invitation).first()
    audit.log(request, "view", invitation, project.pk, reason="bewoner bekijkt eigen gegevens")
    plans = list(project_services.plans(project)) if settings.consultation_open else []
    opinions = {o.plan: o for o in invitation.opinions.all()}
    lang = interface_language()
    overviews = [
        household_sheet.context(ov, lang)
        for name in services.published_plans(project)
        if (ov := services.household_overview(project, invitation, name)) is not None
    ]
    return render(
        request,
        "participation/resident.html",
        {
            "inv": invitation,
            "project": project,
            "settings": settings,
            "survey": SurveyForm(
                initial=response.answers if response else None,
                questionnaire=questionnaire_of(settings),
            ),
            "answered": response is not None,
            "correction": CorrectionForm(instance=correction),
            "financial": FinancialData.objects.filter(invitation=invitation).first(),
            "financial_form": FinancialForm(prefix="f"),
            "file_row": _household_row(invitation),
            "opinion_forms": [
                (p, OpinionForm(prefix=f"o{i}", instance=opinions.get(p)), i)
                for i, p in enumerate(plans)
            ],
            "overviews": overviews,
            "glossary": glossary(interface_language()),
            "who": WHO["resident"],
        },
    )


@resident_required
def sheet(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """Zichtbaar voor: alleen de bewoner met de code: the own overview of a published plan (PDF)."""
    plan = request.GET.get("plan", "")
    if plan not in services.published_plans(invitation.project):
        raise Http404
    ov = services.household_overview(invitation.project, invitation, plan)
    if ov is None:
        raise Http404
    audit.log(
        request, "export", invitation, invitation.project_id, reason=f"overzicht {plan} (pdf)"
    )
    return sheet_response(ov)


@require_POST
@resident_required
def save_survey(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    if not Settings.objects.get(project=invitation.project).survey_open:
        messages.error(
            request, _("De enquête is gesloten; antwoorden kunnen niet meer worden gewijzigd.")
        )
        return redirect("resident-home")
    form = SurveyForm(request.POST, questionnaire=questionnaire_for(invitation.project))
    if form.is_valid():
        audit.save_answers(request, invitation, form.answers())
        messages.success(
            request,
            _(
                "Dank u wel: uw antwoorden zijn opgeslagen. U kunt ze wijzigen zolang de enquête open is."
            ),
        )
    else:
        messages.error(request, _("Niet opgeslagen: %(e)s") % {"e": form.errors.as_text()})
    return redirect("resident-home")


@require_POST
@resident_required
def save_correction(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    existing = HouseholdCorrection.objects.filter(invitation=invitation).first()
    before = audit.snapshot(existing, HouseholdCorrection.SENSITIVE) if existing else {}
    form = CorrectionForm(request.POST, instance=existing)
    if form.is_valid():
        corr = form.save(commit=False)
        corr.invitation = invitation
        corr.save()
        audit.log(
            request,
            "change",
            corr,
            invitation.project_id,
            audit.changes(before, corr, HouseholdCorrection.SENSITIVE)
            if before
            else {"*": "gewijzigd"},
        )
        messages.success(request, _("Uw correctie is opgeslagen; het model rekent ermee."))
    else:
        messages.error(request, _("Niet opgeslagen: %(e)s") % {"e": form.errors.as_text()})
    return redirect("resident-home")


@require_POST
@resident_required
def save_financial(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    existing = FinancialData.objects.filter(invitation=invitation).first()
    data = request.POST.copy()
    data["f-consent_how"] = "door de bewoner zelf online ingevuld"
    form = FinancialForm(data, prefix="f", instance=existing)
    if form.is_valid():
        fin = form.save(commit=False)
        fin.invitation, fin.consent_at = invitation, timezone.now()
        fin.recorded_by = None  # the resident, online (consent_how says so)
        fin.save()
        audit.log(
            request,
            "change",
            fin,
            invitation.project_id,
            {f: "gewijzigd" for f in FinancialData.FIELDS},
            reason="toestemming online",
        )
        messages.success(
            request, _("Uw financiële gegevens zijn opgeslagen; het model rekent ermee.")
        )
    else:
        messages.error(
            request,
            _("Niet opgeslagen (toestemming aangevinkt?): %(e)s") % {"e": form.errors.as_text()},
        )
    return redirect("resident-home")


@require_POST
@resident_required
def save_opinion(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    project = invitation.project
    if not Settings.objects.get(project=project).consultation_open:
        messages.error(request, _("De raadpleging is niet open."))
        return redirect("resident-home")
    plans = list(project_services.plans(project))
    raw = request.POST.get("index", "")
    i = int(raw) if raw.isascii() and raw.isdigit() else -1  # else not a plan on the page
    if not 0 <= i < len(plans):
        messages.error(request, _("Onbekend plan: uw mening is niet opgeslagen."))
        return redirect("resident-home")
    existing = Opinion.objects.filter(invitation=invitation, plan=plans[i]).first()
    form = OpinionForm(request.POST, prefix=f"o{i}", instance=existing)
    if form.is_valid():
        op = form.save(commit=False)
        op.project, op.invitation, op.plan, op.group = (
            project,
            invitation,
            plans[i],
            invitation.group,
        )
        op.save()
        audit.log(
            request, "change", op, project.pk, {"stance": "gewijzigd", "reasons": "gewijzigd"}
        )
        messages.success(request, _("Uw mening over %(plan)s is opgeslagen.") % {"plan": plans[i]})
    return redirect("resident-home")


@require_POST
@resident_required
def request_conversation(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    invitation.wants_conversation = request.POST.get("wants") == "on"
    invitation.save(update_fields=["wants_conversation"])
    audit.log(
        request, "change", invitation, invitation.project_id, {"wants_conversation": "gewijzigd"}
    )
    if invitation.wants_conversation:
        messages.success(
            request, _("Het projectteam neemt contact met u op voor een persoonlijk gesprek.")
        )
    return redirect("resident-home")


@require_POST
@resident_required
def withdraw(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    if services.withdraw_consent(invitation):
        audit.log(request, "consent_withdrawn", invitation, invitation.project_id)
        messages.success(
            request, _("Uw toestemming is ingetrokken en uw financiële gegevens zijn verwijderd.")
        )
    return redirect("resident-home")


@resident_required
def download(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    audit.log(
        request,
        "export",
        invitation,
        invitation.project_id,
        reason="bewoner downloadt eigen gegevens",
    )
    return json_download(services.export(invitation), "mijn-gegevens.json")


@require_POST
@resident_required
def erase(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Vink aan dat u zeker weet dat alles gewist moet worden."))
        return redirect("resident-home")
    services.erase(invitation)
    audit.log(request, "erase", invitation, invitation.project_id, reason="verzoek van de bewoner")
    request.session.flush()
    messages.success(request, _("Uw gegevens zijn gewist. Uw code werkt niet meer."))
    return redirect("resident-sign-in")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return redirect("resident-sign-in")
