"""Personal API tokens for scripts (issue #16 §8): HTTP Basic would send the password on every call
and cannot carry the second factor, so accounts that need one use a token instead.

A token is made on ``/account/api-tokens/`` (after the second factor, like every page), shown
once, and stored as its SHA-256; it acts as its owner with the owner's role, until its end date
or until revoked. Sent as ``Authorization: Bearer wka_…``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wijkaanpak.web.participation import audit
from wijkaanpak.web.security.models import ApiToken

PREFIX = "wka_"
LIFETIMES = [(30, gettext_lazy("30 dagen")), (90, gettext_lazy("90 dagen")),
             (365, gettext_lazy("1 jaar"))]  # fmt: skip


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: object, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored row and the token itself (shown once)."""
    secret = secrets.token_urlsafe(32)
    token = PREFIX + secret
    row = ApiToken.objects.create(
        user=user,
        name=name,
        digest=digest(token),
        prefix=secret[:8],
        expires_at=timezone.now() + timedelta(days=days),
    )
    return row, token


def owner(token: str) -> object | None:
    """The active user a valid, unexpired, unrevoked token belongs to; its use is noted (at most
    once a minute)."""
    if not token.startswith(PREFIX):
        return None
    now = timezone.now()
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(token), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam (waarvoor is de token?)"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Geldig"), choices=LIFETIMES, coerce=int, initial=90
    )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """Zichtbaar voor: uzelf (uw eigen tokens)."""
    form = TokenForm(request.POST or None)
    new = None
    if request.method == "POST" and form.is_valid():
        row, new = issue(request.user, form.cleaned_data["name"], form.cleaned_data["days"])
        audit.log(request, "create", row, None, reason="API-token gemaakt")
        form = TokenForm()
    response = render(
        request,
        "security/tokens.html",
        {
            "form": form,
            "new": new,
            "tokens": ApiToken.objects.filter(user=request.user),
            "now": timezone.now(),
            "who": _("uzelf"),
        },
    )
    response["Cache-Control"] = "no-store"  # a new token is on this page once
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Zichtbaar voor: uzelf."""
    row = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at"])
    audit.log(request, "change", row, None, reason="API-token ingetrokken")
    return redirect("api-tokens")
