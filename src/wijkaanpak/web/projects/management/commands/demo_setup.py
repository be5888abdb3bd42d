"""Create the demo accounts and two fictional projects with different teams (idempotent): the
Voorbeeldwijk and the Oostwijk, a copy of the same fictional data, so that the separation between
projects is visible (issue #19). Local use only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission, User
from django.core.management.base import BaseCommand

from wijkaanpak.web.participation.models import Settings
from wijkaanpak.web.participation.seed import ensure_seeded, issue_codes
from wijkaanpak.web.projects.models import Membership, Project
from wijkaanpak.web.projects.roles import ADMIN, GUIDANCE, TEAM, grant

PASSWORD = "voorbeeldwijk"
VOORBEELDWIJK, OOSTWIJK = "Voorbeeldwijk", "Oostwijk"
PROJECTS = {
    VOORBEELDWIJK: "De fictieve referentiewijk uit het rapport (circa 900 woningen).",
    OOSTWIJK: "Tweede demoproject op dezelfde fictieve gegevens, met een eigen team en "
    "begeleidingsgroep: de leden van de Voorbeeldwijk zien het niet.",
}
#: username: {project: role}; an empty dict is the municipality-wide administrator (superuser)
DEMO_USERS: dict[str, dict[str, str]] = {
    "team": {VOORBEELDWIJK: TEAM},
    "begeleiding": {VOORBEELDWIJK: GUIDANCE},
    "projectleider": {VOORBEELDWIJK: ADMIN, OOSTWIJK: ADMIN},
    "team-oost": {OOSTWIJK: TEAM},
    "begeleiding-oost": {OOSTWIJK: GUIDANCE},
    "beheer": {},
}
#: may start new projects (becoming their project administrator)
CREATORS = ("team", "projectleider")


class Command(BaseCommand):
    help = (
        "Maak demo-accounts en twee fictieve projecten (Voorbeeldwijk, Oostwijk) met elk een "
        "eigen team aan."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--resident-code",
            action="store_true",
            help="maak een nieuwe code voor één (fictief) huishouden en toon die",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users = {}
        for username, roles in DEMO_USERS.items():
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(PASSWORD)
                user.is_superuser = user.is_staff = not roles
                user.save()
            users[username] = user
        add_project = Permission.objects.get(
            content_type__app_label="projects", codename="add_project"
        )
        for username in CREATORS:
            users[username].user_permissions.add(add_project)
        projects = {
            name: Project.objects.get_or_create(
                name=name, defaults={"description": text, "created_by": users["projectleider"]}
            )[0]
            for name, text in PROJECTS.items()
        }
        for username, roles in DEMO_USERS.items():
            for name, role in roles.items():
                project = projects[name]
                if not Membership.objects.filter(project=project, user=users[username]).exists():
                    grant(project, users[username], role, "demo_setup")
        voorbeeldwijk = projects[VOORBEELDWIJK]
        settings = ensure_seeded(voorbeeldwijk)  # the Oostwijk is seeded when first opened
        if not settings.public_page:  # the demo's public page: /wijk/<id>/ (the Oostwijk's is not)
            Settings.objects.filter(pk=settings.pk).update(public_page=True)
        self.stdout.write(
            "Demo-accounts (wachtwoord 'voorbeeldwijk'): team, begeleiding (Voorbeeldwijk); "
            "team-oost, begeleiding-oost (Oostwijk); projectleider (beide); beheer (alles)."
        )
        if options["resident_code"]:
            invitation = (
                voorbeeldwijk.invitations.filter(erased_at__isnull=True).order_by("pk").first()
            )
            if invitation is not None:
                [(inv, code)] = issue_codes([invitation])
                self.stdout.write(
                    f"Demo-bewoner ({inv.address}, fictief): inloggen op /bewoner/ met code {code}"
                )
