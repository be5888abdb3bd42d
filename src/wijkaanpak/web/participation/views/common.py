"""Helpers shared by the participation views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from wijkaanpak.web.participation.access import WHO
from wijkaanpak.web.participation.models import Decision, Settings
from wijkaanpak.web.participation.seed import ensure_seeded
from wijkaanpak.web.projects.models import Project
from wijkaanpak.web.projects.roles import can_edit


def project_and_settings(pk: int) -> tuple[Project, Settings]:
    project = get_object_or_404(Project, pk=pk)
    return project, ensure_seeded(project)


def page(
    request: HttpRequest, template: str, project: Project, who: str, **context: Any
) -> HttpResponse:
    """Render a participation page with the project, its sub-navigation and who may see it."""
    return render(
        request,
        f"participation/{template}",
        {
            "project": project,
            "can_edit": can_edit(request.user),
            "who": WHO[who],
            "decision_label": dict(Decision.STATE)[Decision.current(project)],
            **context,
        },
    )
