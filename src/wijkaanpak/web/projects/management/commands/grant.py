"""``grant --user NAME --project ID --role team|guidance|admin``: make a user a member of a project
(or change the role). Written to the project's audit log as ``commando:<system user>``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wijkaanpak.web.projects.management.commands._membership import add_flags, user_and_project
from wijkaanpak.web.projects.roles import command_actor, grant


class Command(BaseCommand):
    help = "Geef een gebruiker een rol in een project (team, guidance of admin)."

    def add_arguments(self, parser: Any) -> None:
        add_flags(parser, role_required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        user, project = user_and_project(options)
        grant(project, user, options["role"], command_actor())
        self.stdout.write(
            f"{user.get_username()} is {options['role']} in {project.name} ({project.pk})."
        )
