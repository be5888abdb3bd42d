"""Pages. Every view says who may see it (``roles.WHO``) and checks it with
:func:`~.roles.project_for` (roles per project)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wijkaanpak.analysis.optimise import Check
from wijkaanpak.messages import issue_message
from wijkaanpak.model.issues import InputError
from wijkaanpak.model.plan import Plan
from wijkaanpak.web.participation.audit import actor_of
from wijkaanpak.web.participation.disclosure import for_viewer
from wijkaanpak.web.projects import blocktable, optimiser, risk_jobs, services
from wijkaanpak.web.projects.forms import (
    MemberForm,
    NeighbourhoodForm,
    OptimiseForm,
    PlanForm,
    ProjectForm,
)
from wijkaanpak.web.projects.models import Membership, Project, RiskRun, SavedPlan
from wijkaanpak.web.projects.roles import (
    ADMIN,
    WHO,
    can,
    grant,
    may_create_projects,
    project_for,
    require,
    revoke,
    visible_projects,
)
from wijkaanpak.web.validation import issue_text

BUILTIN = services.BUILTIN


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    """Zichtbaar voor: iedereen met een account; elk ziet alleen de projecten waarvan hij lid is
    (beheerders: alle)."""
    roles = dict(Membership.ROLE)
    mine = dict(
        Membership.objects.filter(user_id=request.user.pk).values_list("project_id", "role")
    )
    projects = [(p, roles.get(mine.get(p.pk, ""), "")) for p in visible_projects(request.user)]
    return render(
        request,
        "projects/list.html",
        {
            "projects": projects,
            "can_edit": may_create_projects(request.user),
            "who": WHO["view"],
        },
    )


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    """Zichtbaar voor: wie projecten mag starten (recht projects.add_project) en beheerders; wie
    een project start wordt er projectbeheerder van."""
    require(may_create_projects(request.user))
    form = ProjectForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        project = form.save(commit=False)
        project.created_by = request.user
        project.save()
        grant(project, request.user, ADMIN, actor_of(request))
        messages.success(request, _("Project %(name)s aangemaakt.") % {"name": project.name})
        return redirect("project-detail", pk=project.pk)
    return render(
        request,
        "projects/form.html",
        {"form": form, "who": WHO["edit"], "title": _("Nieuw project")},
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders (alleen totalen, geen personen)."""
    project = project_for(request, pk)
    saved = list(project.plans.all())
    results = [services.evaluate(project, plan) for plan in services.plans(project).values()]
    team = can(request, project, "edit")  # household figures over 1-4 households only for the team
    summaries = [for_viewer(services.summary(r), team) for r in results]
    english = (get_language() or "nl").startswith("en")
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "results": summaries,
            "mkba_rows": services.mkba_rows(summaries, english),
            "distribution_rows": services.distribution_rows(summaries, english),
            "saved": saved,
            "can_edit": can(request, project, "edit"),
            "can_admin": can(request, project, "admin"),
            "who": WHO["view"],
        },
    )


@login_required
def project_members(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectbeheerders van dit project en beheerders: wie lid is met welke rol;
    leden toevoegen, een rol wijzigen, een lidmaatschap beëindigen (elke wijziging in het auditlog)."""
    from wijkaanpak.web.participation.models import AuditEntry

    project = project_for(request, pk, "admin")
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        # a project administrator cannot end or lower their own membership (no lock-out by mistake)
        not_superuser = not getattr(request.user, "is_superuser", False)
        if "remove" in request.POST:
            remove = request.POST["remove"]
            member = get_object_or_404(
                Membership, project=project, pk=int(remove) if remove.isdigit() else 0
            )
            if not_superuser and member.user_id == request.user.pk:
                messages.error(request, _("Uw eigen lidmaatschap beëindigt een andere beheerder."))
            else:
                revoke(project, member.user, actor_of(request))
                messages.success(
                    request, _("%(user)s is geen lid meer.") % {"user": member.user.get_username()}
                )
            return redirect("project-members", pk=project.pk)
        if form.is_valid():
            user, role = form.cleaned_data["username"], form.cleaned_data["role"]
            if not_superuser and user.pk == request.user.pk and role != ADMIN:
                form.add_error("role", _("Uw eigen rol wijzigt een andere beheerder."))
            else:
                grant(project, user, role, actor_of(request))
                messages.success(
                    request,
                    _("%(user)s is %(role)s van dit project.")
                    % {"user": user.get_username(), "role": dict(Membership.ROLE)[role]},
                )
                return redirect("project-members", pk=project.pk)
    return render(
        request,
        "projects/members.html",
        {
            "project": project,
            "members": project.memberships.select_related("user"),
            "form": form,
            "history": AuditEntry.objects.filter(project_id=project.pk, object_type="membership")[
                :50
            ],
            "who": WHO["admin"],
        },
    )


@login_required
def project_neighbourhood(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectbeheerders van dit project en beheerders: het wijkbestand vervangen.
    Nieuwe huishoudens krijgen een uitnodiging (hun brief met code volgt via Uitnodigingen), wie
    niet meer in het bestand staat verliest zijn code."""
    from wijkaanpak.web.participation.seed import neighbourhood_replaced

    project = project_for(request, pk, "admin")
    before = project.neighbourhood.name if project.neighbourhood else ""
    form = NeighbourhoodForm(request.POST or None, request.FILES or None, instance=project)
    if request.method == "POST" and form.is_valid():
        form.save()
        change = neighbourhood_replaced(project, before, actor_of(request))
        messages.success(
            request,
            _(
                "Wijkbestand vervangen: %(new)s nieuwe huishoudens uitgenodigd (maak hun brieven), "
                "%(gone)s codes ingetrokken van huishoudens die niet meer in het bestand staan."
            )
            % change,
        )
        if change["new"]:
            return redirect("participation-invitations", pk=project.pk)
        return redirect("project-detail", pk=project.pk)
    return render(
        request,
        "projects/form.html",
        {
            "form": form,
            "who": WHO["admin"],
            "title": _("Wijkbestand vervangen voor %(name)s") % {"name": project.name},
            "intro": _(
                "Nieuwe huishoudens krijgen een uitnodiging; huishoudens die niet meer in het "
                "bestand staan verliezen hun code (hun gegevens blijven tot de bewaartermijn)."
            ),
        },
    )


@login_required
def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders."""
    project = project_for(request, pk, "edit")
    block_ids = [str(b) for b in services.inputs_for(project).block_ids]
    form = PlanForm(
        request.POST or None,
        block_ids=block_ids,
        initial={
            "plan": "default: {intervention: repair}\nblocks:\n  # B1A01: {intervention: renew, densification: 1.5}\n"
        },
    )
    if request.method == "POST" and form.is_valid():
        SavedPlan.objects.update_or_create(
            project=project,
            name=form.cleaned_data["name"],
            defaults={"plan": form.cleaned_data["plan_json"], "created_by": request.user},
        )
        messages.success(request, _("Plan opgeslagen."))
        return redirect("project-detail", pk=project.pk)
    return render(
        request,
        "projects/form.html",
        {
            "form": form,
            "who": WHO["edit"],
            "title": _("Nieuw plan voor %(name)s") % {"name": project.name},
        },
    )


@login_required
def project_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders; plannen maken en opslaan: projectteam."""
    project = project_for(request, pk)
    initial = None
    if "plan" in request.GET:  # open a saved plan: ?plan=<name>
        saved = get_object_or_404(SavedPlan, project=project, name=request.GET["plan"])
        initial = {
            "name": saved.name,
            "default": saved.plan["default"],
            "blocks": saved.plan["blocks"],
        }
    search = blocktable.BlockFilter(request.GET)
    search.is_valid()  # an invalid field shows its error; the valid one still filters
    query = search.cleaned_data.get("q", "")
    intervention = search.cleaned_data.get("ingreep", "")
    table = blocktable.rows(
        services.blocks_geojson(project)["features"], initial, query, intervention
    )
    return render(
        request,
        "projects/map.html",
        {
            "project": project,
            "initial_plan": initial,
            "can_edit": can(request, project, "edit"),
            "who": format_lazy("{} ({}: {})", WHO["view"], _("bewerken"), WHO["edit"]),
            "search": search,
            "blocks": table,
            "shown_text": blocktable.shown_text(table),
            "texts": blocktable.map_texts(),
        },
    )


REPORT_FILES = {
    "pdf": ("rapport.pdf", "application/pdf"),
    "html": ("rapport.html", "text/html"),
    "xlsx": (
        "exploitatie.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@login_required
def project_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders (het rapport bevat alleen totalen)."""
    project = project_for(request, pk)
    if fmt not in REPORT_FILES:
        raise Http404
    name, content_type = REPORT_FILES[fmt]
    plans: list[str | Plan] = [
        *BUILTIN,
        *[Plan.model_validate(p.plan) for p in project.plans.all()],
    ]
    with tempfile.TemporaryDirectory() as tmp:
        lang = "en" if (get_language() or "nl").startswith("en") else "nl"
        if fmt == "xlsx":  # the workbook alone: no PDF, charts or risk run to wait for
            services.workbook(project, plans, Path(tmp) / name)
        else:
            services.report(project, plans, Path(tmp), xlsx=False, lang=lang)
        data = (Path(tmp) / name).read_bytes()
    response = HttpResponse(data, content_type=content_type)
    # quoted and escaped (a project name may hold quotes, semicolons or non-ASCII letters)
    response["Content-Disposition"] = content_disposition_header(True, f"{project.name}-{name}")
    return response


def _parameter_rows(project: Project) -> list[dict[str, object]]:
    """Every numeric parameter with its current value, unit, price level and provenance."""
    from wijkaanpak.model.assumptions import Parameter

    current = services.assumptions_for(project.assumptions_yaml)
    return [
        {
            "key": key,
            "value": leaf.value,
            "unit": leaf.unit,
            "price_level": leaf.price_level or "",
            "provenance": leaf.provenance,
            "origin": leaf.origin,
        }
        for key, leaf in current.leaves()
        if isinstance(leaf, Parameter)
    ]


@login_required
def project_assumptions(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders; wijzigen: projectteam en beheerders."""
    project = project_for(request, pk)
    rows = _parameter_rows(project)
    errors: list[str] = []
    if request.method == "POST":
        require(can(request, project, "edit"))
        overrides = yaml.safe_load(project.assumptions_yaml or "") or {}
        for row in rows:
            key = str(row["key"])
            raw = request.POST.get(f"value:{key}", "").strip().replace(",", ".")
            if raw == "":
                continue
            if not _is_number(raw):
                errors.append(_("%(key)s: geen getal: %(raw)s") % {"key": key, "raw": raw})
                continue
            if float(raw) == row["value"]:
                continue  # unchanged
            source = request.POST.get(f"source:{key}", "").strip()
            if not source:
                errors.append(_("%(key)s: geef de bron van de nieuwe waarde") % {"key": key})
                continue
            *path, name = [
                int(p) if p.isdigit() else p for p in key.split(".")
            ]  # e.g. mortgage.aow_age.2026
            node = overrides
            for part in path:
                node = node.setdefault(part, {})
            node[name] = {"value": float(raw), "source": source}
        if not errors:
            text = yaml.safe_dump(overrides, allow_unicode=True, sort_keys=True)
            try:
                services.assumptions_for(text)
            except InputError as err:
                errors = [issue_text(i) for i in err.issues]
            else:
                project.assumptions_yaml = text
                project.save()
                messages.success(request, _("Aannames opgeslagen."))
                return redirect("project-assumptions", pk=project.pk)
    return render(
        request,
        "projects/assumptions.html",
        {
            "project": project,
            "rows": rows,
            "errors": errors,
            "can_edit": can(request, project, "edit"),
            "who": format_lazy("{} ({}: {})", WHO["view"], _("wijzigen"), WHO["edit"]),
        },
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@login_required
def project_risk(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders; een analyse starten: projectteam en beheerders."""
    project = project_for(request, pk)
    error = ""
    if request.method == "POST":
        require(can(request, project, "edit"))
        try:
            draws = int(request.POST.get("draws", ""))
            seed_text = request.POST.get("seed", "").strip()
            seed = int(seed_text) if seed_text else None
            if seed is not None and seed < 0:
                raise ValueError(seed_text)
            job = risk_jobs.start(project, request.POST.get("plan", ""), draws, seed, request.user)
            return redirect("project-risk-run", pk=project.pk, run=job.pk)
        except (KeyError, ValueError):
            error = _("Kies een plan en een aantal trekkingen tussen 1 en %(max)s.") % {
                "max": risk_jobs.MAX_DRAWS
            }
    runs = [risk_jobs.as_dict(r) for r in project.risk_runs.all()[:20]]
    return render(
        request,
        "projects/risk.html",
        {
            "project": project,
            "plans": list(services.plans(project)),
            "runs": runs,
            "error": error,
            "can_edit": can(request, project, "edit"),
            "max_draws": risk_jobs.MAX_DRAWS,
            "who": format_lazy("{} ({}: {})", WHO["view"], _("starten"), WHO["edit"]),
        },
        status=422 if error else 200,
    )


@login_required
def project_risk_run(request: HttpRequest, pk: int, run: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders (alleen totalen)."""
    project = project_for(request, pk)
    job = get_object_or_404(RiskRun, pk=run, project=project)
    data = risk_jobs.as_dict(job)
    rows = []
    if data["result"]:
        for key, label in (
            ("exploitation", _("Exploitatieresultaat (GREX)")),
            ("mkba", _("MKBA-saldo")),
        ):
            r = data["result"][key]
            rows.append(
                {
                    "label": label,
                    "values": [
                        r[k]
                        for k in (
                            "point_eur",
                            "mean_eur",
                            "p10_eur",
                            "p50_eur",
                            "p90_eur",
                            "p95_eur",
                        )
                    ],
                }
            )
    return render(
        request,
        "projects/risk_run.html",
        {"project": project, "run": data, "rows": rows, "who": WHO["view"]},
    )


@login_required
def project_optimise(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders; een voorstel laten maken:
    projectteam en beheerders."""
    project = project_for(request, pk)
    if request.method == "POST":
        require(can(request, project, "edit"))
    form = OptimiseForm(
        request.POST or None,
        check_fixed=lambda specs, years: optimiser.check_fixed(project, specs, years),
        check_years=lambda years: optimiser.check_years(project, years),
    )
    context: dict[str, object] = {"project": project, "form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            pareto = request.POST.get("action") == "pareto"
            context.update((_front if pareto else _propose)(project, form.cleaned_data))
            choices = dict(OptimiseForm.base_fields["objective"].choices)
            context["objective_label"] = choices[form.cleaned_data["objective"]]
            status = 200 if "outcome" in context or "front" in context else 422
        else:
            status = 422
    return render(
        request,
        "projects/optimise.html",
        {
            **context,
            "can_edit": can(request, project, "edit"),
            "who": format_lazy("{} ({}: {})", WHO["view"], _("voorstel laten maken"), WHO["edit"]),
        },
        status=status,
    )


def _request(data: dict[str, object]) -> optimiser.Request:
    """The optimiser's request from the form's cleaned data (empty fields leave a limit out)."""
    share, weight = data["min_return_pct"], data.get("mkba_weight_pct")
    return optimiser.Request(
        objective=str(data["objective"]),
        mkba_weight=0.5 if weight is None else float(str(weight)) / 100.0,
        polish_s=_float(data.get("polish_s")) or 0.0,
        max_deficit=_float(data["max_deficit"]),
        min_return_share=None if share is None else float(str(share)) / 100.0,
        max_displaced_tenants=_float(data["max_displaced_tenants"]),
        min_net_new_homes=_float(data["min_net_new_homes"]),
        contiguity=bool(data["contiguity"]),
        fixed=tuple(str(s) for s in data["fixed"]),  # type: ignore[attr-defined]
        start_years=tuple(int(y) for y in data.get("start_years") or ()),  # type: ignore[attr-defined]
    )


def _front(project: Project, data: dict[str, object]) -> dict[str, object]:
    """A Pareto front for the form's objective, second objective and constraints, or its error."""
    req = _request(data)
    second = str(data.get("second") or "deficit")
    try:
        points = optimiser.run_front(project, req, second, int(str(data.get("points") or 5)))
    except optimiser.Busy:
        return {"busy": True}
    except InputError as err:
        return {"infeasible": [i.field + ": " + issue_message(i) for i in err.issues[:20]]}
    english = (get_language() or "nl").startswith("en")
    label = points[0].proposal.result.evaluation.inputs.label
    return {
        "front": optimiser.front_rows(points),
        "front_second": second,
        "front_chart": optimiser.front_chart(
            points, req.objective, label, "en" if english else "nl"
        ),
        "front_max": optimiser.MAX_POINTS,
        "fictional": "(fictief)" in label,
    }


def _propose(project: Project, data: dict[str, object]) -> dict[str, object]:
    """Run the optimiser for the form's constraints: the proposal for the page, or its error."""
    req = _request(data)
    try:
        outcome = optimiser.run(project, req)
    except optimiser.Busy:
        return {"busy": True}
    except InputError as err:
        return {"infeasible": [i.field + ": " + issue_message(i) for i in err.issues[:20]]}
    rows = optimiser.block_rows(outcome)
    save = PlanForm(
        initial={
            "name": outcome.proposal.plan.name,
            "plan": outcome.proposal.plan.model_dump_json(),
        },
        block_ids=[],
    )
    return {
        "outcome": outcome,
        "proposal": outcome.proposal,
        "quantities": [
            {"key": k, "label": label, "linear": outcome.proposal.linear[k], "exact": v}
            for k, v in outcome.proposal.exact.items()
            for label in [_quantity_labels().get(k, k)]
        ],
        "checks": [_check_row(c) for c in outcome.proposal.checks],
        "blocks": rows,
        "counts": optimiser.counts(rows),
        "save_form": _hidden_plan(save),
    }


def _quantity_labels() -> dict[str, str]:
    return {
        "mkba": _("MKBA-saldo (euro)"),
        "exploitation": _("Exploitatieresultaat GREX (euro)"),
        "returning_candidates": _("Eigenaar-bewoners die terug willen (vernieuwde blokken)"),
        "returning_closed_purse": _("… van wie met gesloten beurs terug kunnen"),
        "tenants_displaced": _("Huurders te herhuisvesten"),
        "net_new_homes": _("Woningen erbij (nieuw − gesloopt)"),
    }


def _check_row(c: Check) -> dict[str, object]:
    """A constraint for the page: label, unit kind (eur, pct, count) and the values in it."""
    labels = {
        "max_deficit": (_("Tekort gemeente hoogstens"), "eur"),
        "min_return_share": (_("Aandeel terugkeer met gesloten beurs minstens"), "pct"),
        "max_displaced_tenants": (_("Huurders te herhuisvesten hoogstens"), "count"),
        "min_net_new_homes": (_("Woningen erbij minstens"), "count"),
        "capacity": (_("Blokken later gestart door capaciteit"), "count"),
        "contiguity": (_("Vernieuwde blokken zonder vernieuwde buur"), "count"),
    }
    label, kind = labels.get(c.name, (c.name, "count"))
    scale = 100.0 if kind == "pct" else 1.0
    return {
        "name": c.name,
        "label": label,
        "kind": kind,
        "limit": c.limit * scale,
        "linear": c.linear * scale,
        "exact": c.exact * scale,
        "ok": c.ok,
    }


def _float(value: object) -> float | None:
    return None if value is None else float(str(value))


def _hidden_plan(form: PlanForm) -> PlanForm:
    """The plan travels as JSON in a hidden field; saving validates it again (``PlanForm``)."""
    from django import forms

    form.fields["plan"].widget = forms.HiddenInput()
    return form


@login_required
def project_optimise_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders (alleen opslaan, met POST)."""
    project = project_for(request, pk, "edit")
    if request.method != "POST":
        return redirect("project-optimise", pk=project.pk)
    block_ids = [str(b) for b in services.inputs_for(project).block_ids]
    form = _hidden_plan(PlanForm(request.POST, block_ids=block_ids))
    if form.is_valid() and form.cleaned_data["name"] in BUILTIN:
        form.add_error("name", _("Deze naam hoort bij een vast plan; kies een andere."))
    if form.is_valid():
        name = form.cleaned_data["name"]
        SavedPlan.objects.update_or_create(
            project=project,
            name=name,
            defaults={"plan": form.cleaned_data["plan_json"], "created_by": request.user},
        )
        messages.success(request, _("Plan %(name)s opgeslagen.") % {"name": name})
        return redirect(f"{reverse('project-map', args=[project.pk])}?{urlencode({'plan': name})}")
    return render(
        request,
        "projects/optimise.html",
        {
            "project": project,
            "form": OptimiseForm(check_fixed=lambda specs, years: None, check_years=lambda y: None),
            "save_errors": form.errors,
            "can_edit": True,
            "who": WHO["edit"],
        },
        status=422,
    )
