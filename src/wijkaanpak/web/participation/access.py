"""Who may see what in the participation track (roles per project: :mod:`...projects.roles`).

* project team (and project administrators, administrators): everything of their project,
  personal data audit-logged;
* guidance group: the process, the register, aggregates (top 5, consultation counts, reach) —
  never a person's answers or data;
* resident: signs in with the code on their letter and sees only their own household;
* guest (not signed in): the public project page, once the project has published it.
Members of another project are guests here: its pages answer 404.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wijkaanpak.web.participation.audit import SESSION_KEY
from wijkaanpak.web.participation.models import Invitation
from wijkaanpak.web.projects.models import Project
from wijkaanpak.web.projects.roles import can, require

WHO = {
    "view": _("projectteam, begeleidingsgroep en beheerders (geen persoonsgegevens)"),
    "team": _("projectteam en beheerders"),
    "personal": _("alleen projectteam en beheerders; elke inzage wordt vastgelegd"),
    "resident": _("alleen u (met uw code) en het projectteam"),
    "public": _("iedereen"),
    "admin": _("projectbeheerders van dit project en beheerders"),
}


def require_team(request: HttpRequest, project: Project) -> None:
    """403 unless the user is in the project team (a POST on a page the guidance group reads)."""
    require(can(request, project, "edit"))


def resident(request: HttpRequest) -> Invitation | None:
    """The invitation the browser signed in with, unless it was erased meanwhile."""
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    invitation = Invitation.objects.filter(
        pk=pk, erased_at__isnull=True, left_at__isnull=True
    ).first()
    if invitation is None or request.session.get(CODE_KEY) != code_version(invitation):
        # erased, or a new code was issued since this browser signed in: the old code's session ends
        request.session.pop(SESSION_KEY, None)
        request.session.pop(CODE_KEY, None)
        return None
    return invitation


CODE_KEY = "resident_code_issued"  # when the code this session signed in with was issued


def code_version(invitation: Invitation) -> str:
    """Which code of the invitation is current (its issue time); stored in the session at sign-in."""
    return invitation.code_issued_at.isoformat() if invitation.code_issued_at else ""
