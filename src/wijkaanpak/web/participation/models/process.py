"""The process (phases, steps, checklists, involvement matrix) and the stakeholder register — project
data without personal data, seeded from the report's blueprint (:mod:`..seed`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkaanpak.io.participation import questionnaire_from
from wijkaanpak.model.survey import Questionnaire
from wijkaanpak.web.projects.models import Project


class Settings(models.Model):
    """Per-project participation settings: survey and consultation windows and retention."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="participation")
    survey_open = models.BooleanField(_("enquête open"), default=True)
    consultation_open = models.BooleanField(_("raadpleging open"), default=False)
    public_page = models.BooleanField(
        _("openbare projectpagina gepubliceerd"),
        default=False,
        help_text=_("Anders vindt niemand buiten het project de pagina /wijk/<nummer>/."),
    )
    ended_on = models.DateField(_("project afgerond op"), null=True, blank=True)
    questionnaire_yaml = models.TextField(
        _("eigen vragenlijst (YAML)"),
        blank=True,
        help_text=_("Leeg: de standaardvragenlijst naar het rapport."),
    )
    resident_plans = models.JSONField(
        _("plannen gepubliceerd voor bewoners"),
        default=list,
        blank=True,
        help_text=_("Namen van plannen waarvan elke bewoner het eigen overzicht ziet."),
    )
    # Raised whenever an answer, correction or consented financial record of the project changes
    # (signals.py): the web app keeps the project's prepared model inputs until it moves.
    answers_revision = models.PositiveIntegerField(default=0, editable=False)
    retention_months = models.PositiveIntegerField(
        _("bewaartermijn persoonsgegevens na afronding (maanden)"),
        default=12,  # [months] a project choice, not a legal figure (AVG art. 5(1)(e): no longer
        # than needed); assumption, plausible range 6–24
        help_text=_("Daarna worden de persoonsgegevens van het project geanonimiseerd."),
    )


class Phase(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("fase"))
    name = models.CharField(_("naam"), max_length=200)
    goal = models.TextField(_("doel"))

    class Meta:
        ordering = ["project", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="unique_phase")]

    def __str__(self) -> str:
        return f"Fase {self.number}: {self.name}"


class Step(models.Model):
    STATUS = [
        ("planned", _("gepland")),
        ("active", _("bezig")),
        ("done", _("afgerond")),
        ("skipped", _("overgeslagen")),
    ]
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("stap"))
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS, default="planned")
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("einde"), null=True, blank=True)
    owner = models.CharField(_("trekker"), max_length=200, blank=True)
    notes = models.TextField(_("notities"), blank=True)

    class Meta:
        ordering = ["phase__number", "number"]

    def __str__(self) -> str:
        return f"{self.phase.number}.{self.number} {self.title}"


class StepDocument(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to="participation/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)


class Checkpoint(models.Model):
    """An attention point or dilemma of a phase, kept as a checklist item."""

    KIND = [("attention", _("aandachtspunt")), ("dilemma", _("dilemma"))]
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="checkpoints")
    kind = models.CharField(max_length=10, choices=KIND)
    text = models.TextField()
    done = models.BooleanField(_("afgehandeld"), default=False)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        ordering = ["phase__number", "pk"]


class InvolvementGroup(models.Model):
    """A column of the involvement matrix (which stakeholder groups take part in a step)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="groups")
    key = models.SlugField()
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["project", "key"], name="unique_group")]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """A row of the involvement matrix."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="activities")
    text = models.TextField()
    groups = models.ManyToManyField(InvolvementGroup, blank=True, related_name="activities")

    class Meta:
        ordering = ["step__phase__number", "step__number", "pk"]


class Stakeholder(models.Model):
    CATEGORY = [
        ("woningen", _("Woningen")),
        ("overig_vastgoed", _("Overig vastgoed")),
        ("openbare_ruimte", _("Openbare ruimte")),
        ("maatschappij", _("Maatschappij")),
    ]
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stakeholders")
    category = models.CharField(_("categorie"), max_length=20, choices=CATEGORY)
    role = models.CharField(_("rol"), max_length=40)
    name = models.CharField(_("naam"), max_length=200)
    contact = models.CharField(_("contactpersoon (organisatie)"), max_length=200, blank=True)
    notes = models.TextField(_("notities"), blank=True)

    class Meta:
        ordering = ["category", "pk"]

    def __str__(self) -> str:
        return self.name


class StakeholderLink(models.Model):
    """The dwellings (and so blocks) a stakeholder owns, rents, lives in or finances."""

    RELATION = [
        ("owner_occupier", _("eigenaar-bewoner")),
        ("owner", _("eigenaar")),
        ("tenant", _("huurder")),
        ("lender", _("financier")),
    ]
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="links")
    dwelling_id = models.CharField(max_length=16)
    block_id = models.CharField(max_length=40)
    relation = models.CharField(max_length=20, choices=RELATION)


class StakeholderAnalysis(models.Model):
    """Problems, positions and interests of a (generic) stakeholder, one item per line."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="analysis")
    name = models.CharField(_("stakeholder"), max_length=200)
    problems = models.TextField(_("problemen"), blank=True)
    positions = models.TextField(_("standpunten"), blank=True)
    interests = models.TextField(_("belangen"), blank=True)

    class Meta:
        ordering = ["pk"]


def questionnaire_of(settings: Settings) -> Questionnaire:
    """The project's questionnaire (its own YAML, or the default from the report)."""
    return questionnaire_from(settings.questionnaire_yaml)
