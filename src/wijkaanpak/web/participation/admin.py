"""Admin: process and register data only. Personal data (invitations, answers, conversations,
financial data, attendance) is deliberately not in the admin: it is seen only through the app's
pages, which write the audit log. The audit log itself is read-only here. A staff account that is
not a superuser sees only the rows of the projects it administers."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wijkaanpak.web.participation.models import AuditEntry, Criterion, Phase, Stakeholder, Step
from wijkaanpak.web.projects.admin import ProjectScopedAdmin


@admin.register(Phase)
class PhaseAdmin(ProjectScopedAdmin):
    pass


@admin.register(Step)
class StepAdmin(ProjectScopedAdmin):
    project_path = "phase__project"


@admin.register(Stakeholder)
class StakeholderAdmin(ProjectScopedAdmin):
    pass


@admin.register(Criterion)
class CriterionAdmin(ProjectScopedAdmin):
    pass


@admin.register(AuditEntry)
class AuditEntryAdmin(ProjectScopedAdmin):
    project_path = "project_id"
    list_display = ("at", "actor", "action", "object_type", "object_id", "reason")
    list_filter = ("action", "object_type")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
