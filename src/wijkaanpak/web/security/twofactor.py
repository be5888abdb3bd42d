"""The second factor for staff (issue #16 §8): a TOTP authenticator app (RFC 6238, django-otp).

Who: the roles that see personal data — the project team, staff and administrators
(:func:`needs_second_factor`). The guidance group sees no personal data and signs in with a
password only. In local mode (``wijkaanpak serve``) the fictional demo accounts may skip it; the
page says so in a banner.

Flow: password (Django's login, django-axes) → if the account has a confirmed device, the code
from the app (:func:`verify`); if not, enrolment (:func:`setup`: the secret as text and as QR code,
confirmed with a first code). Until then every page except these, signing out and the language
switch redirects here (:class:`SecondFactorMiddleware`); the API checks the same in its own
authentication (``security/api_auth.py``). Wrong codes slow down exponentially per device
(django-otp's throttling: 1, 2, 4, … s).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any, TypeAlias

import django_otp
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkaanpak.web.projects.roles import ADMIN, TEAM

User: TypeAlias = Any  # AbstractBaseUser | AnonymousUser (Django ships no type information)

#: The local demo's fictional accounts (``demo_setup``): they may skip the second factor in
#: local mode only.
DEMO_ACCOUNTS = (
    "team",
    "begeleiding",
    "beheer",
    "projectleider",
    "team-oost",
    "begeleiding-oost",
)


def demo_skip(user: User) -> bool:
    """A fictional demo account in local mode: no second factor (said on screen)."""
    return bool(
        getattr(settings, "TWO_FACTOR_DEMO_SKIP", False)
        and user.is_authenticated
        and user.get_username() in DEMO_ACCOUNTS
    )


def sees_personal_data(user: User) -> bool:
    """Project team or project administrator in any project (issue #19), staff (``/beheer/``) or
    administrator."""
    return bool(
        user.is_authenticated
        and (
            getattr(user, "is_superuser", False)
            or getattr(user, "is_staff", False)
            or user.memberships.filter(role__in=(TEAM, ADMIN)).exists()
            or user.groups.filter(name="projectteam").exists()  # the global group before #19
        )
    )


def needs_second_factor(user: User) -> bool:
    """The account sees personal data and is no local demo account."""
    return not demo_skip(user) and sees_personal_data(user)


def verified(user: User) -> bool:
    """Signed in with the second factor in this session (django-otp's OTPMiddleware)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def lacks_second_factor(user: User) -> bool:
    """Signed in with a password only, while the account needs the second factor — or has an
    authenticator app (then it is always asked for, whatever the role)."""
    if not user.is_authenticated or verified(user):
        return False
    return needs_second_factor(user) or confirmed_device(user) is not None


def confirmed_device(user: User) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


class SecondFactorMiddleware:
    """Until the second factor is given, a signed-in account that needs it only reaches the
    code page (or enrolment), signing out and the language switch. The API answers for itself
    (401 with a message) in ``api_auth``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if lacks_second_factor(request.user) and not self._open(request.path):
            target = "two-factor-verify" if confirmed_device(request.user) else "two-factor-setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        always = (
            reverse("two-factor-verify"),
            reverse("two-factor-setup"),
            reverse("logout"),
            reverse("admin:logout"),
            "/i18n/",
            "/api/",
            settings.STATIC_URL,
        )
        return path.startswith(always)


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: is this a demo account that skips the second factor, and may demo
    accounts skip it here at all (local mode)."""
    user = getattr(request, "user", AnonymousUser())
    return {
        "two_factor_skipped": demo_skip(user) and sees_personal_data(user),
        "two_factor_demo_mode": bool(getattr(settings, "TWO_FACTOR_DEMO_SKIP", False)),
    }


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code uit de authenticator-app (6 cijfers)"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "class": "utrecht-textbox",
            }
        ),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Alleen cijfers."))
        return token


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else reverse(settings.LOGIN_REDIRECT_URL)


def _signed_in_with(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    django_otp.login(request, device)
    request.session.cycle_key()  # a new session id for the stronger sign-in
    return redirect(_next(request))


def _throttled(device: TOTPDevice) -> str | None:
    allowed, _details = device.verify_is_allowed()
    if allowed:
        return None
    return _("Te veel foute codes achter elkaar. Wacht even en probeer het opnieuw.")


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Zichtbaar voor: wie met wachtwoord is ingelogd en een tweede factor nodig heeft."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('two-factor-setup')}?{urlencode({'next': _next(request)})}")
    if verified(request.user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        waiting = _throttled(device)
        if waiting is None and django_otp.verify_token(
            request.user, device.persistent_id, form.cleaned_data["token"]
        ):
            return _signed_in_with(request, device)
        form.add_error("token", waiting or _("Deze code klopt niet (of is al gebruikt)."))
        status = 429 if waiting else 200
    return render(
        request,
        "security/verify.html",
        {"form": form, "next": _next(request), "who": _("uzelf")},
        status=status,
    )


def _qr_data_uri(text: str) -> str:
    """The otpauth URI as an SVG QR code in a data: URI (allowed by the CSP's img-src)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Zichtbaar voor: uzelf. Enrol an authenticator app: a new secret, shown once on this page
    as text and QR code, confirmed with a first code. Replacing a device needs the second factor
    of this session; the old device stops working when the new one is confirmed."""
    user = request.user
    current = confirmed_device(user)
    if current is not None and not verified(user):
        return redirect(f"{reverse('two-factor-verify')}?{urlencode({'next': request.path})}")
    replacing = current is not None and request.method == "POST" and "replace" in request.POST
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if current is not None and pending is None and not replacing:
        return render(
            request,
            "security/setup.html",
            {"device": current, "who": _("uzelf"), "required": needs_second_factor(user)},
        )
    if pending is None or replacing:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        pending = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = CodeForm(request.POST if "token" in request.POST else None)
    if form.is_bound and form.is_valid():
        if pending.verify_token(form.cleaned_data["token"]):
            pending.confirmed = True
            pending.save()
            TOTPDevice.objects.filter(user=user).exclude(pk=pending.pk).delete()
            return _signed_in_with(request, pending)
        form.add_error("token", _("Deze code klopt niet. Controleer de tijd op uw telefoon."))
    secret = base64.b32encode(pending.bin_key).decode()
    response = render(
        request,
        "security/setup.html",
        {
            "pending": pending,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "uri": pending.config_url,
            "qr": _qr_data_uri(pending.config_url),
            "form": form,
            "next": _next(request),
            "who": _("uzelf"),
            "required": needs_second_factor(user),
        },
    )
    response["Cache-Control"] = "no-store"  # the secret must not stay in a cache
    return response
