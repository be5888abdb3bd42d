"""Create the roles, demo accounts and the Voorbeeldwijk project (idempotent). Local use only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from wijkaanpak.web.participation.seed import ensure_seeded, issue_codes
from wijkaanpak.web.projects.models import Project
from wijkaanpak.web.projects.roles import GUIDANCE_GROUP, PROJECT_TEAM

DEMO_USERS = {  # username: (password, group or None for administrator)
    "team": ("voorbeeldwijk", PROJECT_TEAM),
    "begeleiding": ("voorbeeldwijk", GUIDANCE_GROUP),
    "beheer": ("voorbeeldwijk", None),
}


class Command(BaseCommand):
    help = "Maak rollen, demo-accounts en het project Voorbeeldwijk (fictief) aan."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--resident-code",
            action="store_true",
            help="maak een nieuwe code voor één (fictief) huishouden en toon die",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        groups = {
            name: Group.objects.get_or_create(name=name)[0]
            for name in (PROJECT_TEAM, GUIDANCE_GROUP)
        }
        for username, (password, group) in DEMO_USERS.items():
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.is_superuser = user.is_staff = group is None
                user.save()
            if group:
                user.groups.add(groups[group])
        project, _created = Project.objects.get_or_create(
            name="Voorbeeldwijk",
            defaults={
                "description": "De fictieve referentiewijk uit het rapport (circa 900 woningen).",
                "created_by": User.objects.get(username="team"),
            },
        )
        ensure_seeded(project)
        self.stdout.write("Demo-accounts: team / begeleiding / beheer, wachtwoord 'voorbeeldwijk'.")
        if options["resident_code"]:
            invitation = project.invitations.filter(erased_at__isnull=True).order_by("pk").first()
            if invitation is not None:
                [(inv, code)] = issue_codes([invitation])
                self.stdout.write(
                    f"Demo-bewoner ({inv.address}, fictief): inloggen op /bewoner/ met code {code}"
                )
