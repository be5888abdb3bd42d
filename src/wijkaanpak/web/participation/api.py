"""Participation in the JSON API: the process, the top 5, the consultation counts and the go/no-go
table — aggregates only (no person), for the roles that may see them in the app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from wijkaanpak.web.participation import services
from wijkaanpak.web.participation.disclosure import opinion_counts
from wijkaanpak.web.participation.models import Criterion, Decision, Phase
from wijkaanpak.web.participation.seed import ensure_seeded
from wijkaanpak.web.participation.views.decisions import metrics, verdict
from wijkaanpak.web.participation.views.process import where_we_stand
from wijkaanpak.web.projects import services as project_services
from wijkaanpak.web.projects.api import project_for_role

router = Router(tags=["participatie"])


@router.get("/projects/{pk}/participation/process")
def process(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The four phases with their steps (status, dates, lead) and where the project stands."""
    project = project_for_role(request, pk)
    ensure_seeded(project)
    phases = list(Phase.objects.filter(project=project).prefetch_related("steps"))
    current = where_we_stand(phases)
    return {
        "current_step": f"{current.phase.number}.{current.number}" if current else None,
        "decision": Decision.current(project),
        "phases": [
            {
                "number": p.number,
                "name": p.name,
                "goal": p.goal,
                "steps": [
                    {
                        "number": s.number,
                        "title": s.title,
                        "status": s.status,
                        "start": s.start,
                        "end": s.end,
                        "owner": s.owner,
                    }
                    for s in p.steps.all()
                ],
            }
            for p in phases
        ],
    }


@router.get("/projects/{pk}/participation/top5")
def top5(request: HttpRequest, pk: int) -> dict[str, Any]:
    """Top 5 positive, negative (bad + worries) and wishes, overall and per stakeholder group, by
    aspect id with the number of respondents; groups under 5 respondents are suppressed."""
    project = project_for_role(request, pk)
    ensure_seeded(project)
    return services.top_lists(project)


@router.get("/projects/{pk}/participation/consultation")
def consultation(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    """Opinions per plan (for / neutral / against); fewer than 5: counts withheld."""
    project = project_for_role(request, pk)
    ensure_seeded(project)
    return opinion_counts(project, list(project_services.plans(project)))


@router.get("/projects/{pk}/participation/go-no-go")
def go_no_go(request: HttpRequest, pk: int) -> dict[str, Any]:
    """Each plan against the project's criteria (pass / fail / na / unknown) and the decisions."""
    project = project_for_role(request, pk)
    ensure_seeded(project)
    plans = list(project_services.plans(project))
    figures = metrics(project, plans)
    criteria = list(Criterion.objects.filter(project=project))
    rows = []
    for name in plans:
        v = verdict(name, criteria, figures[name])
        rows.append(
            {
                "plan": name,
                "support_share_pct": figures[name]["support_share_pct"],  # weighed, not a vote
                "overall": v["overall"],
                "checks": [
                    {
                        "metric": c.metric,
                        "comparator": c.comparator,
                        "threshold": c.threshold,
                        "source": c.source,
                        "value": value,
                        "status": status,
                    }
                    for c, value, status in v["checks"]
                ],
            }
        )
    decisions = Decision.objects.filter(project=project)
    return {
        "state": Decision.current(project),
        "plans": rows,
        "decisions": [
            {
                "plan": d.plan,
                "from": d.from_state,
                "to": d.to_state,
                "reason": d.reason,
                "at": d.decided_at.isoformat(),
            }
            for d in decisions
        ],
    }
