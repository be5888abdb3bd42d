"""A project is a neighbourhood + assumptions + saved plans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Project(models.Model):
    name = models.CharField("naam", max_length=200, unique=True)
    description = models.TextField("omschrijving", blank=True)
    neighbourhood = models.FileField(
        "wijkbestand (GeoPackage)",
        upload_to="neighbourhoods/",
        blank=True,
        help_text="Leeg: de fictieve Voorbeeldwijk.",
    )
    assumptions_yaml = models.TextField(
        "eigen aannames (YAML)",
        blank=True,
        help_text="Alleen wat afwijkt van de standaard, met bron.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "project"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one project (issue #19); the rules are in :mod:`.roles`."""

    ROLE = [
        ("team", _("projectteam")),
        ("guidance", _("begeleidingsgroep")),
        ("admin", _("projectbeheerder")),
    ]
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rol", max_length=10, choices=ROLE)
    since = models.DateTimeField("lid sinds", auto_now_add=True)

    class Meta:
        ordering = ["project", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="one_membership_per_project")
        ]
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"

    def __str__(self) -> str:
        return f"{self.project}: {self.user} ({self.role})"


class SavedPlan(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="plans")
    name = models.CharField("naam", max_length=200)
    plan = models.JSONField("plan")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="unique_plan_name")]
        verbose_name = "plan"

    def __str__(self) -> str:
        return f"{self.project}: {self.name}"


class RiskRun(models.Model):
    """A Monte Carlo of one plan (issue #14), run in the background; progress and result kept here
    so every worker process and every page sees them."""

    STATUS = [
        ("queued", "in de wachtrij"),
        ("running", "bezig"),
        ("done", "klaar"),
        ("failed", "mislukt"),
    ]
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risk_runs")
    plan = models.CharField("plan", max_length=200)
    draws = models.PositiveIntegerField("trekkingen")
    seed = models.PositiveIntegerField("startgetal")
    status = models.CharField("status", max_length=10, choices=STATUS, default="queued")
    done = models.PositiveIntegerField("gedaan", default=0)
    result = models.JSONField("uitkomst", null=True, blank=True)
    error = models.TextField("fout", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat = models.DateTimeField("laatst bijgewerkt", auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "risicoanalyse"

    def __str__(self) -> str:
        return f"{self.project}: {self.plan} ({self.draws})"
