"""JSON API (django-ninja, OpenAPI at /api/docs) for analysts: projects, plans, evaluation, sweep.
Authentication required: a personal API token (Bearer), HTTP Basic or the browser session
(security/api_auth.py). Every endpoint of a project checks the user's role in that project
(:func:`~.roles.project_for`): another project answers 404."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Body, NinjaAPI, Schema
from ninja.errors import HttpError

from wijkaanpak.model.issues import InputError
from wijkaanpak.model.plan import Plan
from wijkaanpak.web.participation.disclosure import for_viewer
from wijkaanpak.web.projects import risk_jobs, services
from wijkaanpak.web.projects.models import Project, RiskRun, SavedPlan
from wijkaanpak.web.projects.roles import can, project_for, visible_projects
from wijkaanpak.web.security.api_auth import BasicAuth, SessionAuth, TokenAuth
from wijkaanpak.web.validation import PlanInvalid, check_plan

# A personal token, then Basic (scripts need no CSRF token), then the browser session: each with
# the second factor where the account needs it (security/api_auth.py).
api = NinjaAPI(title="wijkaanpak", version="0.1", auth=[TokenAuth(), BasicAuth(), SessionAuth()])


PLAN_BODY: Any = Body(...)  # type: ignore[type-arg]  # a plan as the JSON request body


class ProjectOut(Schema):
    id: int
    name: str
    description: str


class PlanIn(Schema):
    name: str
    plan: dict[str, Any]


def project_for_role(request: HttpRequest, pk: int, edit: bool = False) -> Project:
    """The project for the API (404 for a non-member, 403 when the role does not allow it)."""
    try:
        return project_for(request, pk, "edit" if edit else "view")
    except PermissionDenied:
        raise HttpError(403, "not allowed for your role in this project") from None


@api.exception_handler(PlanInvalid)
def _plan_invalid(request: HttpRequest, exc: PlanInvalid) -> HttpResponse:
    return api.create_response(request, {"detail": exc.detail, "errors": exc.errors}, status=422)


def _plan(data: dict[str, Any], name: str = "api", block_ids: list[str] | None = None) -> Plan:
    """The plan, or 422 naming every error (location, Dutch and English message)."""
    raw = {"name": name, **data}
    plan, errors = check_plan(raw, block_ids)
    if plan is None:
        raise PlanInvalid(raw, block_ids, errors)
    return plan


@api.get("/projects", response=list[ProjectOut])
def projects(request: HttpRequest) -> Any:
    """The projects you are a member of (every project for an administrator)."""
    return visible_projects(request.user)


@api.get("/projects/{pk}/blocks")
def blocks(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The blocks as GeoJSON in WGS 84 with foundation, worst damage, subsidence and dwellings."""
    return services.blocks_geojson(project_for_role(request, pk))


@api.post("/projects/{pk}/evaluate")
def evaluate(request: HttpRequest, pk: int, plan: dict[str, Any] = PLAN_BODY) -> dict[str, Any]:
    """Evaluate a plan given as JSON (``{"default": {...}, "blocks": {...}}``); aggregates only."""
    project = project_for_role(request, pk)
    try:
        data = services.summary(services.evaluate(project, _plan(plan)))
    except InputError as err:
        raise HttpError(422, str(err)) from None
    return for_viewer(data, can(request, project, "edit"), ad_hoc=True)  # households: team only


@api.get("/projects/{pk}/evaluate/{name}")
def evaluate_named(request: HttpRequest, pk: int, name: str) -> dict[str, Any]:
    """Evaluate a built-in plan (all-none, all-repair, all-renew, mix) or a saved plan by name."""
    project = project_for_role(request, pk)
    try:
        data = services.summary(services.evaluate(project, _named(project, name)))
    except InputError as err:
        raise HttpError(422, str(err)) from None
    return for_viewer(data, can(request, project, "edit"))  # groups of 1-4 households withheld


# Densification step the sweep accepts: at most 31 points (1.0–2.5), each a full evaluation
# (≈ 30 ms of CPU), so one request costs about a second at most (issue #16 §6).
STEP = (0.05, 1.5)


def _step(step: float) -> float:
    if not (math.isfinite(step) and STEP[0] <= step <= STEP[1]):
        msg = f"step must be a number from {STEP[0]} to {STEP[1]}, got {step}"
        raise HttpError(422, msg)
    return step


def _named(project: Project, name: str) -> str | Plan:
    """A built-in plan or one of the project's saved plans by name — never a file on the server."""
    saved = project.plans.filter(name=name).first()
    if saved is not None:
        return _plan(saved.plan, saved.name)
    if name not in services.BUILTIN:
        raise HttpError(404, f"no plan named {name!r}")
    return name


@api.get("/projects/{pk}/sweep/{name}")
def sweep(request: HttpRequest, pk: int, name: str, step: float = 0.05) -> list[dict[str, float]]:
    """Exploitation NPV per densification factor (1.0–2.5) for a built-in or saved plan."""
    project = project_for_role(request, pk)
    try:
        return services.sweep(project, _named(project, name), _step(step))
    except InputError as err:
        raise HttpError(422, str(err)) from None


@api.post("/projects/{pk}/sweep")
def sweep_plan(
    request: HttpRequest, pk: int, plan: dict[str, Any] = PLAN_BODY, step: float = 0.1
) -> dict[str, Any]:
    """Exploitation NPV per densification factor for the renew blocks of the posted plan."""
    project = project_for_role(request, pk)
    cap = services.inputs_for(project).assumptions.renewal.densification_cap.value
    try:
        return {"cap": cap, "points": services.sweep(project, _plan(plan), _step(step))}
    except InputError as err:
        raise HttpError(422, str(err)) from None


@api.post("/projects/{pk}/plans")
def save_plan(request: HttpRequest, pk: int, payload: PlanIn) -> dict[str, Any]:
    project = project_for_role(request, pk, edit=True)
    block_ids = [str(b) for b in services.inputs_for(project).block_ids]
    plan = _plan(payload.plan, payload.name, block_ids)
    SavedPlan.objects.update_or_create(
        project=project,
        name=payload.name,
        defaults={"plan": plan.model_dump(mode="json"), "created_by": request.user},
    )
    return {"saved": payload.name}


class RiskIn(Schema):
    plan: str
    draws: int = 1000
    seed: int | None = None


@api.post("/projects/{pk}/risk")
def risk_start(request: HttpRequest, pk: int, payload: RiskIn) -> dict[str, Any]:
    """Start a risk analysis (Monte Carlo) of a built-in or saved plan in the background; poll
    ``GET /projects/{pk}/risk/{id}`` for progress and the result (docs/risk.md)."""
    project = project_for_role(request, pk, edit=True)
    try:
        job = risk_jobs.start(project, payload.plan, payload.draws, payload.seed, request.user)
    except KeyError as err:
        raise HttpError(404, str(err.args[0])) from None
    except ValueError as err:
        raise HttpError(422, str(err)) from None
    return risk_jobs.as_dict(job)


@api.get("/projects/{pk}/risk")
def risk_list(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    """The project's risk analyses, newest first (without their results)."""
    project = project_for_role(request, pk)
    return [
        {k: v for k, v in risk_jobs.as_dict(job).items() if k != "result"}
        for job in project.risk_runs.all()[:50]
    ]


@api.get("/projects/{pk}/risk/{run}")
def risk_status(request: HttpRequest, pk: int, run: int) -> dict[str, Any]:
    """A risk analysis: status, progress and, when done, the result (as `wijkaanpak risk --json`)."""
    project = project_for_role(request, pk)
    return risk_jobs.as_dict(get_object_or_404(RiskRun, pk=run, project=project))
