"""Limits on the residents' code login (issue #16 §4), kept in the database.

* per client address (behind configured trusted proxies: the resident's own address): 10 failed
  codes in 15 minutes block that address for 15 minutes, doubling with each block in a row;
* per code: the same wrong code 5 times in 15 minutes is refused for 15 minutes (a script
  hammering one code from many addresses);
* per household: 20 sign-ins in an hour with its code, then an hour's block, doubling (a leaked
  letter used by many);
* globally: more than ``WIJKAANPAK_RESIDENT_GLOBAL_LIMIT`` (300) failed codes in 15 minutes over
  all addresses (guessing from many addresses) switch to a strict mode for 15 minutes, doubling:
  an address that already failed in its window is refused until it ends, while residents at an
  address without failures still sign in. 31^10 codes against at most 1,200 guesses an hour keep
  guessing hopeless.

Attempts are counted before the code is checked (:mod:`.throttle`), so simultaneous guesses do not
exceed the limits; a successful sign-in gives its attempts back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkaanpak.web.participation.models import Invitation
from wijkaanpak.web.participation.models.people import code_digest
from wijkaanpak.web.security import throttle
from wijkaanpak.web.security.client import client_ip

QUARTER = 15 * 60
ADDRESS = throttle.Limit("resident-address", 10, QUARTER, QUARTER)
CODE = throttle.Limit("resident-code", 5, QUARTER, QUARTER)
HOUSEHOLD = throttle.Limit("resident-household", 20, 3600, 3600)


def global_limit() -> throttle.Limit:
    return throttle.Limit("resident-global", settings.RESIDENT_GLOBAL_LIMIT, QUARTER, QUARTER)


@dataclass(frozen=True)
class Outcome:
    invitation: Invitation | None
    error: str | None = None
    wait: int = 0  # [s] > 0: refused by a limit (HTTP 429)


def _minutes(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Te veel pogingen. Probeer het over %(n)d minuut opnieuw.",
        "Te veel pogingen. Probeer het over %(n)d minuten opnieuw.",
        minutes,
    ) % {"n": minutes}


def sign_in(request: HttpRequest, code: str) -> Outcome:
    """Check ``code`` within the limits: the invitation it opens, or why not."""
    address, digest = client_ip(request), code_digest(code)
    overall = global_limit()
    strict = throttle.waiting(overall, "all")
    if strict and throttle.counted(ADDRESS, address):
        return Outcome(None, _minutes(strict), strict)
    taken: list[tuple[throttle.Limit, str]] = []
    for limit, subject in ((ADDRESS, address), (CODE, digest)):
        wait = throttle.take(limit, subject)
        if wait:
            for done in taken:
                throttle.give_back(*done)
            return Outcome(None, _minutes(wait), wait)
        taken.append((limit, subject))
    throttle.take(overall, "all")  # counts towards the strict mode; never refuses by itself
    taken.append((overall, "all"))
    invitation = Invitation.objects.filter(code_digest=digest, erased_at__isnull=True).first()
    if invitation is None:
        return Outcome(None, _("Deze code kennen we niet. Controleer de brief."))
    for done in taken:
        throttle.give_back(*done)
    wait = throttle.take(HOUSEHOLD, str(invitation.pk))
    if wait:
        return Outcome(None, _minutes(wait), wait)
    return Outcome(invitation)
