"""Erase the personal data of projects whose retention period has passed (run daily, e.g. cron)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand

from wijkaanpak.web.participation.models import AuditEntry, Settings
from wijkaanpak.web.participation.services import anonymise_project


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


class Command(BaseCommand):
    help = "Anonimiseer de persoonsgegevens van projecten waarvan de bewaartermijn voorbij is."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or date.today()
        for s in Settings.objects.filter(ended_on__isnull=False).select_related("project"):
            if today < _add_months(s.ended_on, s.retention_months):
                continue
            n = anonymise_project(s.project)
            if n:
                AuditEntry.objects.create(
                    actor="systeem",
                    action="anonymise",
                    project_id=s.project.pk,
                    object_type="project",
                    object_id=str(s.project.pk),
                    reason=f"bewaartermijn {s.retention_months} maanden na {s.ended_on} voorbij",
                )
            self.stdout.write(f"{s.project.name}: {n} huishoudens geanonimiseerd")
