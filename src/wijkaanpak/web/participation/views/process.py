"""The process: phases and steps (timeline), checklists, the involvement matrix, the stakeholder
register and analysis, and the public project page."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.web.participation.access import require_team, resident
from wijkaanpak.web.participation.forms import (
    AnalysisForm,
    DocumentForm,
    StakeholderForm,
    StepForm,
)
from wijkaanpak.web.participation.models import (
    Activity,
    Checkpoint,
    InvolvementGroup,
    Phase,
    Settings,
    Stakeholder,
    StakeholderAnalysis,
    StakeholderLink,
    Step,
    StepDocument,
)
from wijkaanpak.web.participation.seed import cached_neighbourhood, ensure_seeded
from wijkaanpak.web.participation.views.common import page, project_and_settings
from wijkaanpak.web.projects.models import Project
from wijkaanpak.web.projects.roles import project_for


def _timeline(project_pk: int) -> list[Phase]:
    return list(
        Phase.objects.filter(project_id=project_pk).prefetch_related("steps", "checkpoints")
    )


def where_we_stand(phases: list[Phase]) -> Step | None:
    """The step in progress, else the first step not yet done."""
    steps = [s for p in phases for s in p.steps.all()]
    active = [s for s in steps if s.status == "active"]
    if active:
        return active[0]
    return next((s for s in steps if s.status in ("planned",)), None)


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders."""
    project, settings = project_and_settings(request, pk)
    phases = _timeline(project.pk)
    if request.method == "POST":
        require_team(request, project)
        checkpoint_id = request.POST.get("checkpoint", "")
        if not checkpoint_id.isdigit():  # not a number: 404, not a 500 (issue #16 §7)
            raise Http404
        checkpoint = get_object_or_404(Checkpoint, pk=checkpoint_id, phase__project=project)
        checkpoint.done = request.POST.get("done") == "on"
        checkpoint.note = request.POST.get("note", "")[:500]
        checkpoint.save()
        return redirect("participation", pk=project.pk)
    return page(
        request,
        "overview.html",
        project,
        "view",
        phases=phases,
        current=where_we_stand(phases),
        settings=settings,
    )


@login_required
def step_detail(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders; wijzigen: projectteam."""
    project, _settings = project_and_settings(request, pk)
    obj = get_object_or_404(Step, pk=step, phase__project=project)
    form = StepForm(request.POST or None, instance=obj, prefix="step")
    doc = DocumentForm(request.POST or None, request.FILES or None, prefix="doc")
    if request.method == "POST":
        require_team(request, project)
        if "doc-title" in request.POST:
            if doc.is_valid():
                StepDocument.objects.create(
                    step=obj,
                    title=doc.cleaned_data["title"],
                    file=doc.cleaned_data["file"],
                    uploaded_by=request.user,
                )
                messages.success(request, _("Document toegevoegd."))
                return redirect("participation-step", pk=project.pk, step=obj.pk)
        elif form.is_valid():
            form.save()
            messages.success(request, _("Stap bijgewerkt."))
            return redirect("participation", pk=project.pk)
    return page(
        request,
        "step.html",
        project,
        "view",
        step=obj,
        form=form,
        doc=doc,
        documents=obj.documents.all(),
    )


@login_required
def document(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders (documents are not public)."""
    project = project_for(request, pk)
    obj = get_object_or_404(StepDocument, pk=doc, step__phase__project=project)
    return FileResponse(obj.file.open("rb"), as_attachment=True, filename=Path(obj.file.name).name)


@login_required
def matrix(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders; wijzigen: projectteam."""
    project, _settings = project_and_settings(request, pk)
    groups = list(InvolvementGroup.objects.filter(project=project))
    activities = list(
        Activity.objects.filter(step__phase__project=project)
        .select_related("step__phase")
        .prefetch_related("groups")
    )
    if request.method == "POST":
        require_team(request, project)
        for a in activities:
            a.groups.set([g for g in groups if request.POST.get(f"x-{a.pk}-{g.pk}") == "on"])
        messages.success(request, _("Betrokkenheid opgeslagen."))
        return redirect("participation-matrix", pk=project.pk)
    rows = [(a, [(g, g in a.groups.all()) for g in groups]) for a in activities]
    return page(request, "matrix.html", project, "view", groups=groups, rows=rows)


@login_required
def stakeholders(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: projectteam, begeleidingsgroep en beheerders (aantallen, geen personen)."""
    project, _settings = project_and_settings(request, pk)
    nbh = cached_neighbourhood(project)
    form = StakeholderForm(request.POST or None, block_ids=[str(b) for b in nbh.blocks.index])
    if request.method == "POST":
        require_team(request, project)
        if form.is_valid():
            add_stakeholder(form, project, nbh)
            messages.success(request, _("Stakeholder toegevoegd."))
            return redirect("participation-stakeholders", pk=project.pk)
    register = Stakeholder.objects.filter(project=project).annotate(
        dwellings=Count("links__dwelling_id", distinct=True),
        blocks=Count("links__block_id", distinct=True),
    )
    return page(
        request,
        "stakeholders.html",
        project,
        "view",
        register=register,
        form=form,
        analysis=StakeholderAnalysis.objects.filter(project=project),
    )


def add_stakeholder(form: StakeholderForm, project: Project, nbh: Neighbourhood) -> Stakeholder:
    """Save the stakeholder and link it to every dwelling of the chosen blocks."""
    stakeholder: Stakeholder = form.save(commit=False)
    stakeholder.project = project
    stakeholder.save()
    d = nbh.dwellings
    chosen = d[d["block_id"].astype(str).isin(form.cleaned_data["blocks"])]
    StakeholderLink.objects.bulk_create(
        StakeholderLink(
            stakeholder=stakeholder,
            dwelling_id=str(i),
            block_id=str(b),
            relation=form.cleaned_data["relation"] or "owner",
        )
        for i, b in zip(chosen.index, chosen["block_id"], strict=True)
    )
    return stakeholder


@login_required
def analysis_edit(request: HttpRequest, pk: int, item: int | None = None) -> HttpResponse:
    """Zichtbaar voor: projectteam en beheerders."""
    project, _settings = project_and_settings(request, pk, "edit")
    obj = get_object_or_404(StakeholderAnalysis, pk=item, project=project) if item else None
    form = AnalysisForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        row = form.save(commit=False)
        row.project = project
        row.save()
        messages.success(request, _("Stakeholderanalyse opgeslagen."))
        return redirect("participation-stakeholders", pk=project.pk)
    return page(request, "form.html", project, "team", form=form, title=_("Stakeholderanalyse"))


def public(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: iedereen zodra het project de pagina publiceert (de voorlopige vraagbaak van
    fase 1; geen persoonsgegevens); daarvoor alleen voor de leden van het project en de bewoners met
    een code. Anders 404: het bestaan van het project blijkt er niet uit."""
    published = Settings.objects.filter(project_id=pk, public_page=True).exists()
    own = resident(request)
    if published or (own is not None and own.project_id == pk):
        project = get_object_or_404(Project, pk=pk)
    else:
        project = project_for(request, pk)  # members only (404 for anyone else)
    ensure_seeded(project)
    phases = _timeline(project.pk)
    return page(
        request, "public.html", project, "public", phases=phases, current=where_we_stand(phases)
    )
