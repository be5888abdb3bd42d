from django.contrib import admin

from wijkaanpak.web.security.models import ApiToken, Throttle


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see and revoke tokens (never the token itself: only its hash is kept)."""

    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = ("user", "digest", "prefix", "created_at", "last_used_at")
    search_fields = ("name", "user__username")


@admin.register(Throttle)
class ThrottleAdmin(admin.ModelAdmin):
    """Sign-in counters: delete a row to lift a block early."""

    list_display = ("key", "count", "strikes", "window_start", "blocked_until")
    search_fields = ("key",)
    readonly_fields = ("key", "window_start", "count", "strikes", "blocked_until", "updated_at")
