"""Helpers shared by the participation views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from wijkaanpak.report.pdf import write_pdf
from wijkaanpak.web.participation.access import WHO
from wijkaanpak.web.participation.models import Decision, Settings
from wijkaanpak.web.participation.seed import ensure_seeded
from wijkaanpak.web.projects.models import Project
from wijkaanpak.web.projects.roles import can, project_for


def project_and_settings(
    request: HttpRequest, pk: int, need: str = "view"
) -> tuple[Project, Settings]:
    """The project if the user may ``need`` it (:func:`~...projects.roles.project_for`: 404 for
    a non-member, 403 for a role too low) and its participation settings."""
    project = project_for(request, pk, need)
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
            "can_edit": can(request, project, "edit"),
            "can_admin": can(request, project, "admin"),
            "who": WHO[who],
            "decision_label": dict(Decision.STATE)[Decision.current(project)],
            **context,
        },
    )


def interface_language() -> str:
    """The interface language of this request, ``nl`` or ``en`` (for PDFs and data). [BCP 47]"""
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def pdf_response(
    request: HttpRequest, template: str, context: dict[str, Any], title: str, filename: str
) -> HttpResponse:
    """A participation template as a tagged PDF/UA download (:func:`wijkaanpak.report.pdf.
    write_pdf`), in the interface language; ``pdf`` is true in the template."""
    html = render_to_string(f"participation/{template}", {**context, "pdf": True}, request)
    data = write_pdf(html, None, lang=interface_language(), title=title)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
