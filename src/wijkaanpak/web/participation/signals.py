"""Keep ``Settings.answers_revision`` moving with every change to what the model reads from the
participation data (answers, corrections, consented financial data), so that a plan change in the
web app reads one number instead of scanning those tables on every request."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from wijkaanpak.web.participation.models import (
    FinancialData,
    HouseholdCorrection,
    Response,
    Settings,
)


def bump(sender: type, instance: Any, **kwargs: Any) -> None:
    # by the invitation's id: also safe while a project and its invitations are being deleted
    Settings.objects.filter(project__invitations__pk=instance.invitation_id).update(
        answers_revision=F("answers_revision") + 1
    )


def connect() -> None:
    for model in (Response, HouseholdCorrection, FinancialData):
        post_save.connect(bump, sender=model, dispatch_uid=f"answers-{model.__name__}-save")
        post_delete.connect(bump, sender=model, dispatch_uid=f"answers-{model.__name__}-delete")
