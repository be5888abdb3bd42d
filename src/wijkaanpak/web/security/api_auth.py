"""Authentication of the JSON API, in this order:

1. a personal API token (``Authorization: Bearer wka_…``, :mod:`.tokens`) — what scripts use;
2. HTTP Basic — limited per client address before any password is hashed (20 failures in
   15 minutes, then 429; counted in the database, doubling blocks), and refused for accounts that
   need the second factor (a password alone must not open personal data);
3. the browser session — only once the second factor was given where it is needed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBasicAuth, HttpBearer
from ninja.security.session import SessionAuth as NinjaSessionAuth

from wijkaanpak.web.security import throttle
from wijkaanpak.web.security.client import client_ip
from wijkaanpak.web.security.tokens import owner
from wijkaanpak.web.security.twofactor import lacks_second_factor

#: Failed HTTP Basic sign-ins allowed per client address per window before any password is hashed
#: (issue #16 §6: hashing costs ≈ 0.25 s, also for unknown users, so unlimited tries are unbounded
#: work for anyone).
BASIC = throttle.Limit("basic-address", 20, 15 * 60, 15 * 60)

SECOND_FACTOR = (
    "this account needs its second factor: HTTP Basic cannot give it. Create a personal API token "
    "at /account/api-tokens/ and send 'Authorization: Bearer <token>'"
)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = owner(token)
        if user is not None:
            request.user = user
        return user


class BasicAuth(HttpBasicAuth):
    def authenticate(self, request: HttpRequest, username: str, password: str) -> Any:
        address = client_ip(request)
        wait = throttle.take(BASIC, address)  # counted first: simultaneous tries cannot overrun
        if wait:
            raise HttpError(429, f"too many failed sign-ins from this address: wait {wait} s")
        user = authenticate(request, username=username, password=password)
        if user is None:
            return None
        if lacks_second_factor(user):
            raise HttpError(401, SECOND_FACTOR)  # stays counted as a failure
        throttle.give_back(BASIC, address)
        request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and lacks_second_factor(user):
            raise HttpError(401, "give your second factor first: sign in at /inloggen/")
        return user
