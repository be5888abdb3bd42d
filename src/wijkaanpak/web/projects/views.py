"""Pages. Every view says who may see it (``roles.WHO``) and checks it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wijkaanpak.model.issues import InputError
from wijkaanpak.model.plan import Plan
from wijkaanpak.web.projects import risk_jobs, services
from wijkaanpak.web.projects.forms import PlanForm, ProjectForm
from wijkaanpak.web.projects.models import Project, RiskRun, SavedPlan
from wijkaanpak.web.projects.roles import WHO, can_edit, can_view

BUILTIN = services.BUILTIN


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders."""
    _require(can_view(request.user))
    return render(
        request,
        "projects/list.html",
        {"projects": Project.objects.all(), "can_edit": can_edit(request.user), "who": WHO["view"]},
    )


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders."""
    _require(can_edit(request.user))
    form = ProjectForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        project = form.save(commit=False)
        project.created_by = request.user
        project.save()
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
    _require(can_view(request.user))
    project = get_object_or_404(Project, pk=pk)
    saved = list(project.plans.all())
    results = [services.evaluate(project, plan) for plan in services.plans(project).values()]
    summaries = [services.summary(r) for r in results]
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
            "can_edit": can_edit(request.user),
            "who": WHO["view"],
        },
    )


@login_required
def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders."""
    _require(can_edit(request.user))
    project = get_object_or_404(Project, pk=pk)
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
    _require(can_view(request.user))
    project = get_object_or_404(Project, pk=pk)
    return render(
        request,
        "projects/map.html",
        {
            "project": project,
            "can_edit": can_edit(request.user),
            "who": format_lazy("{} ({}: {})", WHO["view"], _("bewerken"), WHO["edit"]),
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
    _require(can_view(request.user))
    if fmt not in REPORT_FILES:
        raise Http404
    project = get_object_or_404(Project, pk=pk)
    name, content_type = REPORT_FILES[fmt]
    plans: list[str | Plan] = [
        *BUILTIN,
        *[Plan.model_validate(p.plan) for p in project.plans.all()],
    ]
    with tempfile.TemporaryDirectory() as tmp:
        services.report(project, plans, Path(tmp), xlsx=fmt == "xlsx")
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
    _require(can_view(request.user))
    project = get_object_or_404(Project, pk=pk)
    rows = _parameter_rows(project)
    errors: list[str] = []
    if request.method == "POST":
        _require(can_edit(request.user))
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
                errors = [str(i) for i in err.issues]
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
            "can_edit": can_edit(request.user),
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
    _require(can_view(request.user))
    project = get_object_or_404(Project, pk=pk)
    error = ""
    if request.method == "POST":
        _require(can_edit(request.user))
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
            "can_edit": can_edit(request.user),
            "max_draws": risk_jobs.MAX_DRAWS,
            "who": format_lazy("{} ({}: {})", WHO["view"], _("starten"), WHO["edit"]),
        },
        status=422 if error else 200,
    )


@login_required
def project_risk_run(request: HttpRequest, pk: int, run: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders (alleen totalen)."""
    _require(can_view(request.user))
    project = get_object_or_404(Project, pk=pk)
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
