"""The audit log (VNG AuditTrail shape, OpenStad's rules): who did what to which object, when and
why; changed fields with old/new values only for non-sensitive fields; immutable."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    ACTION = [
        ("view", _("bekeken")),
        ("create", _("aangemaakt")),
        ("change", _("gewijzigd")),
        ("export", _("geëxporteerd")),
        ("erase", _("gewist")),
        ("consent_withdrawn", _("toestemming ingetrokken")),
        ("sign_in", _("ingelogd")),
        ("anonymise", _("geanonimiseerd")),
        ("publish", _("gepubliceerd voor bewoners")),
        ("withdraw", _("ingetrokken voor bewoners")),
        ("grant", _("lidmaatschap gegeven of gewijzigd")),
        ("revoke", _("lidmaatschap beëindigd")),
    ]
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # "user:<username>", "bewoner:<invitation id>" or "commando:<system user>"
    actor = models.CharField(max_length=100)
    action = models.CharField(max_length=20, choices=ACTION)
    project_id = models.BigIntegerField(null=True)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=40)
    changes = models.JSONField(default=dict)  # field: [old, new] or "gewijzigd" when sensitive
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise ValidationError("het auditlog kan niet worden gewijzigd")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError("het auditlog kan niet worden verwijderd")
