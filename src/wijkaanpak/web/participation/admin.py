"""Admin: process and register data only. Personal data (invitations, answers, conversations,
financial data) is deliberately not in the admin: it is seen only through the app's pages, which
write the audit log. The audit log itself is read-only here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wijkaanpak.web.participation.models import AuditEntry, Criterion, Phase, Stakeholder, Step

admin.site.register(Phase)
admin.site.register(Step)
admin.site.register(Stakeholder)
admin.site.register(Criterion)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "reason")
    list_filter = ("action", "object_type")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
