"""Dutch first: the interface is Dutch unless the user chose English (language cookie set by
/i18n/setlang/). Unlike Django's LocaleMiddleware, the browser's Accept-Language is not used."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation

RESIDENT_KEY = "resident_invitation"  # participation.audit.SESSION_KEY (kept in sync by a test)


class DutchFirstLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


#: Scripts only from this server (no inline script, no event-handler attributes, no eval); styles
#: from this server plus inline style attributes (Leaflet and the tables set them); no framing,
#: no plugins, forms post only here. ``/api/docs`` too: Swagger UI comes from this server's static
#: files (django-ninja's, ``ninja`` in INSTALLED_APPS) with its settings in a JSON data block.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy and a Permissions-Policy on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class IdleTimeoutMiddleware:
    """End a signed-in session (staff or resident) after ``WIJKAANPAK_IDLE_MINUTES`` without a
    request (issue #16 §4). The last request's time is kept in the session and written at most once
    a minute, so a busy page does not write the session on every call.

    Default 30 minutes: OWASP ASVS 4.0.3 requirement 3.3.2 (level 2: re-authentication after
    30 minutes of inactivity)."""

    KEY = "last_seen"
    WRITE_EVERY = 60  # [s]

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        now = int(time.time())
        seen = session.get(self.KEY)
        signed_in = request.user.is_authenticated or RESIDENT_KEY in session
        if signed_in and isinstance(seen, int) and now - seen > settings.IDLE_SECONDS:
            session.flush()  # also logs a staff user out
            request.user = AnonymousUser()
        elif signed_in and (not isinstance(seen, int) or now - seen >= self.WRITE_EVERY):
            session[self.KEY] = now
        return self.get_response(request)


class NulByteMiddleware:
    """400 for a query or form value holding a NUL byte: PostgreSQL text cannot store one, so such
    a value would otherwise end in a 500 wherever it reaches the database (found by the page fuzz
    test on PostgreSQL)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        form = request.POST if request.method == "POST" else {}
        for data in (request.GET, form):
            for values in data.lists() if hasattr(data, "lists") else ():
                if any("\x00" in v for v in values[1] if isinstance(v, str)):
                    return HttpResponseBadRequest("NUL byte in a value", content_type="text/plain")
        return self.get_response(request)
