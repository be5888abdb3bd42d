"""Admin (``/beheer/``): the municipality-wide administrator sees everything; any other staff
account sees only the projects it administers (``admin`` role) and their rows. Memberships changed
here go through :func:`~.roles.grant` / :func:`~.roles.revoke`, so they are audit-logged."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from wijkaanpak.web.projects.models import Membership, Project, SavedPlan
from wijkaanpak.web.projects.roles import grant, revoke, visible_projects


def _actor(request: HttpRequest) -> str:
    return f"user:{request.user.get_username()}"


class ProjectScopedAdmin(admin.ModelAdmin):
    """Lists and choices limited to the projects the staff user administers."""

    project_path = "project"  # how a row reaches its project

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        mine = visible_projects(request.user, "admin").values("pk")
        return rows.filter(**{f"{self.project_path}__in": mine})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Project and not request.user.is_superuser:
            kwargs["queryset"] = visible_projects(request.user, "admin")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Project)
class ProjectAdmin(ProjectScopedAdmin):
    project_path = "pk"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = form.initial.get("neighbourhood") if change else None
        super().save_model(request, obj, form, change)
        if change and "neighbourhood" in form.changed_data:
            from wijkaanpak.web.participation.seed import neighbourhood_replaced

            neighbourhood_replaced(obj, str(before or ""), _actor(request))


@admin.register(SavedPlan)
class SavedPlanAdmin(ProjectScopedAdmin):
    pass


@admin.register(Membership)
class MembershipAdmin(ProjectScopedAdmin):
    list_display = ("project", "user", "role", "since")
    list_filter = ("role",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and {"user", "project"} & set(form.changed_data):
            old = Membership.objects.get(pk=obj.pk)
            revoke(old.project, old.user, _actor(request))
        obj.pk = grant(obj.project, obj.user, obj.role, _actor(request)).pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        revoke(obj.project, obj.user, _actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset.select_related("project", "user"):
            revoke(obj.project, obj.user, _actor(request))
