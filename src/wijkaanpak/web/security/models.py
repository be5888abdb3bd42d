"""Sign-in counters (kept in the database: shared by every server process, surviving restarts)
and personal API tokens (only a hash of the token is stored)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Throttle(models.Model):
    """Attempts counted for one key (``<limit>:<address, code hash, household or "all">``) in the
    current window, and how long the key is blocked. ``strikes``: blocks in a row — each one
    doubles the next block (back-off). Rows untouched for a day are deleted."""

    key = models.CharField(max_length=200, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
    strikes = models.PositiveIntegerField(default=0)
    blocked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("aanmeldteller")
        verbose_name_plural = _("aanmeldtellers")

    def __str__(self) -> str:
        return self.key


class ApiToken(models.Model):
    """A personal API token for scripts (``Authorization: Bearer wka_…``). Created on a page after
    the second factor, shown once, stored as SHA-256 (the token has 256 random bits: a slow hash
    adds nothing), revocable, with an end date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("naam"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self) -> str:
        return f"{self.name} (wka_{self.prefix}…)"
