"""Personal data: invitations (one per address), survey answers, corrections, kitchen-table
conversations, consented financial data, meetings and the guidance group.

Fields that hold personal data are listed in ``SENSITIVE`` per model: the audit log records that
they changed, never their values, and erasure/anonymisation wipes them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkaanpak.web.projects.models import Project

#: Letters and digits that cannot be confused when typed from a printed letter (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10  # 31^10 ≈ 8·10^14 codes: guessing one is hopeless with the login lockout


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_digest(code: str) -> str:
    """Keyed hash of an invitation code: the database never holds the code itself."""
    normal = code.upper().replace(" ", "").replace("-", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normal.encode(), hashlib.sha256).hexdigest()


class Invitation(models.Model):
    """One household at one address: the resident signs in with the code on their letter."""

    GROUP = [
        ("eigenaar_bewoners", _("eigenaar-bewoner")),
        ("huurders_corporatie", _("huurder (corporatie)")),
        ("huurders_particulier", _("huurder (particulier)")),
    ]
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    household_id = models.CharField(max_length=40)
    dwelling_id = models.CharField(max_length=16)
    block_id = models.CharField(max_length=40)
    address = models.CharField(_("adres"), max_length=200)
    group = models.CharField(_("groep"), max_length=30, choices=GROUP)
    code_digest = models.CharField(max_length=64, unique=True, null=True)
    code_issued_at = models.DateTimeField(null=True)
    last_sign_in = models.DateTimeField(null=True)
    wants_conversation = models.BooleanField(_("wil een persoonlijk gesprek"), default=False)
    erased_at = models.DateTimeField(null=True)
    # no longer in the neighbourhood file since it was replaced: the code was withdrawn
    left_at = models.DateTimeField(_("niet meer in het wijkbestand sinds"), null=True)

    SENSITIVE = ("address",)

    class Meta:
        ordering = ["project", "address"]
        constraints = [
            models.UniqueConstraint(fields=["project", "household_id"], name="unique_household")
        ]

    def __str__(self) -> str:
        return f"huishouden {self.household_id}"


class Response(models.Model):
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE = ("answers",)


class HouseholdCorrection(models.Model):
    """The household's own corrections of its composition (used by the model instead of the file)."""

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="correction"
    )
    adults = models.PositiveSmallIntegerField(_("volwassenen"), null=True, blank=True)
    children = models.PositiveSmallIntegerField(_("kinderen"), null=True, blank=True)
    age_1 = models.PositiveSmallIntegerField(_("leeftijd 1"), null=True, blank=True)
    age_2 = models.PositiveSmallIntegerField(_("leeftijd 2"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE = ("adults", "children", "age_1", "age_2")


class Conversation(models.Model):
    """A kitchen-table conversation, logged by the project team."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="conversations"
    )
    held_on = models.DateField(_("datum"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("verslag"))

    SENSITIVE = ("summary",)

    class Meta:
        ordering = ["-held_on", "-pk"]


class FinancialData(models.Model):
    """Financial data a household gave in a conversation — stored only with recorded consent, and
    wiped when the consent is withdrawn."""

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="financial"
    )
    consent_at = models.DateTimeField(_("toestemming gegeven op"))
    consent_how = models.CharField(_("hoe vastgelegd"), max_length=200)
    recorded_by = models.ForeignKey(  # empty: the resident entered the data themselves
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    income_1 = models.FloatField(_("bruto jaarinkomen 1 [EUR/jr]"), null=True, blank=True)
    income_2 = models.FloatField(_("bruto jaarinkomen 2 [EUR/jr]"), null=True, blank=True)
    mortgage_outstanding = models.FloatField(_("hypotheekschuld [EUR]"), null=True, blank=True)
    mortgage_rate = models.FloatField(_("hypotheekrente [%/jr]"), null=True, blank=True)
    mortgage_remaining_term = models.FloatField(
        _("resterende looptijd [jr]"), null=True, blank=True
    )
    savings = models.FloatField(_("spaargeld [EUR]"), null=True, blank=True)

    FIELDS = (
        "income_1",
        "income_2",
        "mortgage_outstanding",
        "mortgage_rate",
        "mortgage_remaining_term",
        "savings",
    )
    SENSITIVE = FIELDS


class Meeting(models.Model):
    KIND = [
        ("start", _("startbijeenkomst")),
        ("follow_up", _("vervolgbijeenkomst")),
        ("guidance", _("begeleidingsgroep")),
    ]
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("soort"), max_length=10, choices=KIND)
    held_on = models.DateField(_("datum"))
    title = models.CharField(_("titel"), max_length=200)
    minutes = models.TextField(_("verslag"), blank=True)
    attendance = models.PositiveIntegerField(_("aantal aanwezigen"), default=0)

    class Meta:
        ordering = ["held_on"]


class Attendance(models.Model):
    """Whether a household was at a meeting (itself, represented by someone, or absent) — recorded
    only with the household's consent, and how that consent was given."""

    STATUS = [
        ("present", _("aanwezig")),
        ("represented", _("vertegenwoordigd")),
        ("absent", _("afwezig")),
    ]
    REACHED = ("present", "represented")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("aanwezigheid"), max_length=12, choices=STATUS)
    consent_how = models.CharField(_("toestemming om dit vast te leggen: hoe"), max_length=200)
    recorded_by = models.ForeignKey(  # empty: carried over from before attendance per household
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now=True)

    SENSITIVE = ("status",)

    class Meta:
        ordering = ["meeting__held_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "invitation"], name="one_attendance_per_household"
            )
        ]


class GuidanceMember(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="guidance_members")
    name = models.CharField(_("naam"), max_length=200)
    represents = models.CharField(_("namens"), max_length=200)
    since = models.DateField(_("lid sinds"), null=True, blank=True)

    SENSITIVE = ("name",)

    class Meta:
        ordering = ["pk"]
