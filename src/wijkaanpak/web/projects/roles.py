"""Roles per project (issue #19): the one place that says who may see and do what.

A user is a member of a project with one role (:class:`~.models.Membership`):

* ``guidance`` (begeleidingsgroep): the project's results and aggregates, never personal data;
* ``team`` (projectteam): also edits the project and works with its households;
* ``admin`` (projectbeheerder): also manages the project's members and reads its audit log.

A Django superuser is the municipality-wide administrator: every project, and ``/beheer/``.
Starting a new project needs the ``projects.add_project`` permission (or superuser); whoever starts
one becomes its project administrator.

Views call :func:`project_for` with what they need (``view``, ``edit`` or ``admin``): a
non-member gets 404 whether or not the project exists (its existence is not revealed), a member
whose role is too low gets 403.
"""

from __future__ import annotations

import getpass
from typing import Any, TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from wijkaanpak.web.projects.models import Membership, Project

TEAM, GUIDANCE, ADMIN = "team", "guidance", "admin"
SUPERUSER = "superuser"  # not a membership: the municipality-wide administrator
RANK = {GUIDANCE: 1, TEAM: 2, ADMIN: 3, SUPERUSER: 4}
NEED = {"view": 1, "edit": 2, "admin": 3}
WHO = {
    "view": _("projectteam, begeleidingsgroep en beheerders"),
    "edit": _("projectteam en beheerders"),
    "admin": _("projectbeheerders van dit project en beheerders"),
}

AnyUser: TypeAlias = AbstractBaseUser | AnonymousUser
_CACHE = "_wijkaanpak_roles"  # per request: project id → role (one query per project and request)
_PROJECTS = "_wijkaanpak_projects"  # per request: project id → the project read with the role


def role_of(user: AnyUser, project_id: int) -> str | None:
    """The user's role in the project: a membership's role, ``superuser``, or None."""
    if not user.is_authenticated:
        return None
    if getattr(user, "is_superuser", False):
        return SUPERUSER
    return (
        Membership.objects.filter(user_id=user.pk, project_id=project_id)
        .values_list("role", flat=True)
        .first()
    )


def _role(request: HttpRequest, project_id: int) -> str | None:
    cache: dict[int, str | None] = request.__dict__.setdefault(_CACHE, {})
    if project_id not in cache:
        cache[project_id] = _role_keeping_project(request, project_id)
    return cache[project_id]


def _role_keeping_project(request: HttpRequest, project_id: int) -> str | None:
    """:func:`role_of`; a member's project comes with the membership in the same query and is
    kept for :func:`project_for` in this request (one query fewer on every project page and API
    call)."""
    user = request.user
    if not user.is_authenticated or getattr(user, "is_superuser", False):
        return role_of(user, project_id)
    membership = (
        Membership.objects.select_related("project")
        .filter(user_id=user.pk, project_id=project_id)
        .first()
    )
    if membership is None:
        return None
    request.__dict__.setdefault(_PROJECTS, {})[project_id] = membership.project
    return membership.role


def allows(role: str | None, need: str) -> bool:
    return role is not None and RANK[role] >= NEED[need]


def project_for(request: HttpRequest, project_id: int, need: str = "view") -> Project:
    """The project, if the signed-in user may ``need`` it (``view``, ``edit`` or ``admin``).

    Not a member (or no such project): 404, so another project's existence is not revealed.
    A member whose role does not allow ``need``: 403.
    """
    if not 0 < project_id < 2**31:  # no such id in any database (a huge one overflows SQLite)
        raise Http404
    role = _role(request, project_id)
    project = None
    if role is not None:
        kept: dict[int, Project] = request.__dict__.get(_PROJECTS, {})
        project = kept.get(project_id) or Project.objects.filter(pk=project_id).first()
    if project is None:
        raise Http404
    if not allows(role, need):
        raise PermissionDenied
    return project


def can(request: HttpRequest, project: Project | int, need: str) -> bool:
    """Whether the signed-in user may ``need`` this project (for templates: edit buttons, links)."""
    return allows(_role(request, project if isinstance(project, int) else project.pk), need)


def visible_projects(user: AnyUser, need: str = "view") -> QuerySet[Project]:
    """The projects the user may ``need``: every project for a superuser, else by membership."""
    if not user.is_authenticated:
        return Project.objects.none()
    if getattr(user, "is_superuser", False):
        return Project.objects.all()
    roles = [r for r, rank in RANK.items() if rank >= NEED[need] and r != SUPERUSER]
    return Project.objects.filter(memberships__user_id=user.pk, memberships__role__in=roles)


def may_create_projects(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.has_perm("projects.add_project"))


# Changing memberships: every change is written to the audit log (who, when, which user and role).


def command_actor() -> str:
    """The audit log's actor for a management command: the operating-system user running it."""
    return f"commando:{getpass.getuser()}"


@transaction.atomic
def grant(project: Project, user: Any, role: str, actor: str) -> Membership:
    """Make ``user`` a member of ``project`` with ``role`` (or change the role); audit-logged."""
    from wijkaanpak.web.participation.audit import record

    if role not in dict(Membership.ROLE):
        raise ValueError(f"onbekende rol {role!r}: kies uit {', '.join(dict(Membership.ROLE))}")
    membership = Membership.objects.filter(project=project, user=user).first()
    old = membership.role if membership else None
    if membership is None:
        membership = Membership.objects.create(project=project, user=user, role=role)
    elif old != role:
        membership.role = role
        membership.save(update_fields=["role"])
    if old != role:
        changes = {"user": user.get_username(), "role": [old, role]}
        record(actor, "grant", membership, project.pk, changes)
    return membership


@transaction.atomic
def revoke(project: Project, user: Any, actor: str, role: str | None = None) -> bool:
    """End ``user``'s membership of ``project`` (only if it has ``role``, when given); audit-logged.
    Returns whether there was a membership to end."""
    from wijkaanpak.web.participation.audit import record

    membership = Membership.objects.filter(project=project, user=user).first()
    if membership is None:
        return False
    if role is not None and membership.role != role:
        raise ValueError(f"{user.get_username()} heeft in dit project de rol {membership.role}")
    changes = {"user": user.get_username(), "role": [membership.role, None]}
    record(actor, "revoke", membership, project.pk, changes)
    membership.delete()
    return True


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
