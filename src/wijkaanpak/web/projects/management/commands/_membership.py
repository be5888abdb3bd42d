"""Shared by ``grant`` and ``revoke``: the flags and how a user and a project are found."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from wijkaanpak.web.projects.models import Membership, Project


def add_flags(parser: Any, role_required: bool) -> None:
    parser.add_argument("--user", required=True, help="gebruikersnaam")
    parser.add_argument("--project", required=True, type=int, help="nummer van het project")
    parser.add_argument(
        "--role",
        required=role_required,
        choices=[r for r, _label in Membership.ROLE],
        help="team (projectteam), guidance (begeleidingsgroep) of admin (projectbeheerder)",
    )


def user_and_project(options: dict[str, Any]) -> tuple[Any, Project]:
    user = get_user_model().objects.filter(username=options["user"]).first()
    if user is None:
        raise CommandError(f"geen gebruiker {options['user']!r}")
    project = Project.objects.filter(pk=options["project"]).first()
    if project is None:
        raise CommandError(f"geen project met nummer {options['project']}")
    return user, project
