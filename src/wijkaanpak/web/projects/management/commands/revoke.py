"""``revoke --user NAME --project ID [--role team|guidance|admin]``: end a user's membership of a
project (with ``--role``: only if that is the role). Written to the project's audit log."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wijkaanpak.web.projects.management.commands._membership import add_flags, user_and_project
from wijkaanpak.web.projects.roles import command_actor, revoke


class Command(BaseCommand):
    help = "Beëindig het lidmaatschap van een gebruiker in een project."

    def add_arguments(self, parser: Any) -> None:
        add_flags(parser, role_required=False)

    def handle(self, *args: Any, **options: Any) -> None:
        user, project = user_and_project(options)
        try:
            ended = revoke(project, user, command_actor(), options["role"])
        except ValueError as err:
            raise CommandError(str(err)) from None
        if not ended:
            raise CommandError(f"{user.get_username()} is geen lid van {project.name}")
        self.stdout.write(
            f"{user.get_username()} is geen lid meer van {project.name} ({project.pk})."
        )
