"""Roles: project team (edit), guidance group (read results and aggregates, never personal data),
administrator (Django superuser). Each view states who may see it."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _

PROJECT_TEAM = "projectteam"
GUIDANCE_GROUP = "begeleidingsgroep"
WHO = {
    "view": _("projectteam, begeleidingsgroep en beheerders"),
    "edit": _("projectteam en beheerders"),
}


def _in(user: AbstractBaseUser | AnonymousUser, group: str) -> bool:
    return bool(user.is_authenticated and user.groups.filter(name=group).exists())


def can_edit(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated and (getattr(user, "is_superuser", False) or _in(user, PROJECT_TEAM))
    )


def can_view(user: AbstractBaseUser | AnonymousUser) -> bool:
    return can_edit(user) or _in(user, GUIDANCE_GROUP)
