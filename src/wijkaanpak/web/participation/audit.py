"""Writing the audit log: every view of personal data and every change, export, erasure."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from wijkaanpak.web.participation.models import AuditEntry

SESSION_KEY = "resident_invitation"


def actor_of(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.get_username()}"
    invitation = request.session.get(SESSION_KEY)
    return f"bewoner:{invitation}" if invitation else "anoniem"


def changes(
    before: dict[str, Any], after: models.Model, sensitive: tuple[str, ...]
) -> dict[str, Any]:
    """Changed fields: ``[old, new]``, or only ``"gewijzigd"`` for a sensitive field."""
    out: dict[str, Any] = {}
    for field, old in before.items():
        new = getattr(after, field)
        if old != new:
            out[field] = "gewijzigd" if field in sensitive else [_plain(old), _plain(new)]
    return out


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def log(
    request: HttpRequest,
    action: str,
    obj: models.Model,
    project_id: int | None,
    changed: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    record(actor_of(request), action, obj, project_id, changed, reason)


def record(
    actor: str,
    action: str,
    obj: models.Model,
    project_id: int | None,
    changed: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    """An audit entry without a request (a management command: ``commando:<system user>``)."""
    AuditEntry.objects.create(
        actor=actor[:100],
        action=action,
        project_id=project_id,
        object_type=obj._meta.model_name or type(obj).__name__,
        object_id=str(obj.pk),
        changes=changed or {},
        reason=reason[:300],
    )


def save_answers(
    request: HttpRequest, invitation: Any, answers: dict[str, Any], reason: str = ""
) -> None:
    """Store a household's survey answers (new or replacing) and log it without the values."""
    from wijkaanpak.web.participation.models import Response

    response, created = Response.objects.get_or_create(invitation=invitation)
    response.answers = answers
    response.save()
    action = "create" if created else "change"
    log(request, action, response, invitation.project_id, {"answers": "gewijzigd"}, reason)
