"""Consultation (opinions per scenario, not a vote) and the go/no-go: criteria the project sets and
the decision as explicit, logged state transitions (who, when, why)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkaanpak.web.participation.models.people import Invitation
from wijkaanpak.web.projects.models import Project


class Opinion(models.Model):
    STANCE = [("for", _("voor")), ("neutral", _("neutraal")), ("against", _("tegen"))]
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="opinions")
    plan = models.CharField(_("scenario"), max_length=200)
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="opinions"
    )
    group = models.CharField(_("groep"), max_length=30)
    stance = models.CharField(_("mening"), max_length=10, choices=STANCE)
    reasons = models.TextField(_("waarom"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE = ("reasons",)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "plan"],
                condition=models.Q(invitation__isnull=False),
                name="one_opinion_per_household_and_plan",
            )
        ]


#: The go/no-go metric of support in the consultation: never a default criterion (see below).
SUPPORT = "support_share_pct"

#: The report's point, quoted wherever a project sets a support threshold: the consultation asks
#: what everyone thinks of the scenarios; it is not a vote (phase 3, step 2).
CONSULTATION_NOT_A_VOTE = _(
    "Het rapport noemt dit een raadpleging, geen stemming: “Raadpleging (geen stemming) wat "
    "iedereen van de verschillende scenario’s vindt” (fase 3, stap 2). Een drempel op steun maakt "
    "van de steun een uitslag; weeg de steun per plan liever mee naast de andere uitkomsten."
)


class Criterion(models.Model):
    """A go/no-go criterion: a model figure, a comparison and the project's threshold."""

    METRIC = [
        (
            "deficit_per_dwelling_eur",
            _("aandeel gemeente in het tekort per bestaande woning, na bijdragen derden [EUR]"),
        ),
        (
            "closed_purse_share_pct",
            _("eigenaar-bewoners die met gesloten beurzen terug kunnen [%]"),
        ),
        (
            "returning_closed_purse_pct",
            _("van wie terug wil (of het nog niet weet): met gesloten beurzen [%]"),
        ),
        ("support_share_pct", _("steun in de raadpleging: 'voor' van alle meningen [%]")),
        ("societal_npv_eur", _("MKBA-saldo tegenover niets doen [EUR, reëel]")),
    ]
    COMPARATOR = [("le", _("≤")), ("ge", _("≥"))]
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="criteria")
    metric = models.CharField(_("maatstaf"), max_length=40, choices=METRIC)
    comparator = models.CharField(_("vergelijking"), max_length=2, choices=COMPARATOR)
    threshold = models.FloatField(_("drempel"))
    source = models.CharField(_("herkomst drempel"), max_length=300)

    class Meta:
        ordering = ["pk"]

    def passes(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value <= self.threshold if self.comparator == "le" else value >= self.threshold


class Decision(models.Model):
    """One transition of the go/no-go; rows are never changed or deleted."""

    STATE = [
        ("open", _("in voorbereiding")),
        ("postponed", _("aangehouden")),
        ("go", _("go")),
        ("no_go", _("no go")),
    ]
    ALLOWED = {  # from → to (Signalen-style workflow)
        "open": {"postponed", "go", "no_go"},
        "postponed": {"open", "go", "no_go"},
        "no_go": {"open"},
        "go": set(),
    }
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    plan = models.CharField(_("scenario"), max_length=200)
    from_state = models.CharField(max_length=10, choices=STATE)
    to_state = models.CharField(max_length=10, choices=STATE)
    reason = models.TextField(_("motivering"))
    figures = models.JSONField(_("getallen bij het besluit"), default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "pk"]

    @classmethod
    def current(cls, project: Project) -> str:
        last = cls.objects.filter(project=project).order_by("-decided_at", "-pk").first()
        return last.to_state if last else "open"

    def clean(self) -> None:
        if self.to_state not in self.ALLOWED.get(self.from_state, set()):
            msg = f"van '{self.from_state}' naar '{self.to_state}' is geen toegestane overgang"
            raise ValidationError(msg)
        if not self.reason.strip():
            raise ValidationError("een besluit heeft een motivering nodig")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise ValidationError("besluiten worden niet gewijzigd; neem een nieuw besluit")
        self.full_clean(exclude=["decided_by"])
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError("besluiten worden niet verwijderd")
