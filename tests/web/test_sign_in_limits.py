"""Issue #16 §4: resident sign-in limits per address, code and household plus a global rate with
back-off, kept in the database (shared by workers, surviving restarts), safe under concurrency;
the client's address only from configured trusted proxies — for the code login, django-axes and
the API's Basic limiter alike."""

from __future__ import annotations

import base64
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone

from wijkaanpak.web.participation.models import Invitation
from wijkaanpak.web.participation.models.people import new_code
from wijkaanpak.web.participation.seed import issue_codes
from wijkaanpak.web.projects.models import Project
from wijkaanpak.web.security import residents, throttle
from wijkaanpak.web.security.client import client_ip, parse_networks

PROXY = "10.0.0.2"
ATTACKER, RESIDENT = "203.0.113.5", "198.51.100.7"


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXIES = [PROXY]


def via_proxy(client_address: str, forwarded_before: str = "") -> Client:
    """A browser behind our reverse proxy: the proxy appends the address it saw."""
    chain = f"{forwarded_before}, {client_address}" if forwarded_before else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def household(name: str = "h1") -> tuple[Invitation, str]:
    user = User.objects.create_user("maker")
    project = Project.objects.create(name="p", created_by=user)
    invitation = Invitation.objects.create(
        project=project, household_id=name, dwelling_id="d", block_id="b", address="x",
        group="eigenaar_bewoners",
    )  # fmt: skip
    [(_inv, code)] = issue_codes([invitation])
    return invitation, code


def wrong(client: Client, code: str | None = None) -> int:
    """A wrong code (a new one each time unless given)."""
    return client.post("/bewoner/", {"code": code or new_code()}).status_code


# --- the client's address ------------------------------------------------------------------


def test_client_address_comes_only_from_trusted_proxies(settings: Any) -> None:
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(spoofed) == ATTACKER  # default: no proxy trusted, the header is ignored
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(spoofed) == ATTACKER  # not from a trusted proxy: still ignored
    chain = factory.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {RESIDENT}")
    assert client_ip(chain) == RESIDENT  # the right-most address our proxy saw, not the claim
    two = factory.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=f"{RESIDENT}, 10.0.0.3")
    assert client_ip(two) == RESIDENT  # through two trusted proxies
    garbage = factory.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="nonsense")
    assert client_ip(garbage) == "10.0.0.9"
    with pytest.raises(ImproperlyConfigured, match=r"10\.0\.0\.300"):
        parse_networks(["10.0.0.300"])


# --- residents -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_proxy_address_no_longer_locks_out_every_resident(behind_proxy: None) -> None:
    """Before: ten wrong codes from anyone behind the proxy locked out every resident behind it
    (the limit counted REMOTE_ADDR, the proxy's)."""
    _inv, code = household()
    attacker = via_proxy(ATTACKER)
    assert [wrong(attacker) for _ in range(10)] == [200] * 10
    assert wrong(attacker) == 429  # the attacker's own address is blocked…
    assert wrong(via_proxy(ATTACKER, forwarded_before="9.9.9.9")) == 429  # …whatever it claims
    resident = via_proxy(RESIDENT).post("/bewoner/", {"code": code})
    assert resident.status_code == 302  # …and the resident next door signs in


@pytest.mark.django_db
def test_the_address_limit_survives_a_restart_and_is_shared_by_workers() -> None:
    """Before: the counter lived in the process's memory cache; another worker (or a restart)
    started from zero. Now it is in the database: clearing the cache changes nothing."""
    _inv, code = household()
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(10):
        wrong(client)
    cache.clear()  # what a restart or another worker sees of the old cache
    assert Client(REMOTE_ADDR=ATTACKER).post("/bewoner/", {"code": code}).status_code == 429


@pytest.mark.django_db
def test_one_code_tried_from_many_addresses_is_refused() -> None:
    for i in range(residents.CODE.attempts):
        assert wrong(Client(REMOTE_ADDR=f"192.0.2.{i}"), "BBBBBBBBBB") == 200
    assert wrong(Client(REMOTE_ADDR="192.0.2.200"), "BBBBBBBBBB") == 429
    assert wrong(Client(REMOTE_ADDR="192.0.2.201"), "CCCCCCCCCC") == 200  # another code is not


@pytest.mark.django_db
def test_a_household_signs_in_at_most_so_often_an_hour() -> None:
    _inv, code = household()
    statuses = [
        Client(REMOTE_ADDR=f"192.0.2.{i}").post("/bewoner/", {"code": code}).status_code
        for i in range(residents.HOUSEHOLD.attempts + 1)
    ]
    assert statuses == [302] * residents.HOUSEHOLD.attempts + [429]


@pytest.mark.django_db
def test_many_addresses_guessing_switch_to_a_strict_mode(settings: Any) -> None:
    """Past the global rate an address that already failed is refused until the back-off ends,
    while a resident at an address without failures still signs in."""
    settings.RESIDENT_GLOBAL_LIMIT = 3
    _inv, code = household()
    guessers = [Client(REMOTE_ADDR=f"192.0.2.{i}") for i in range(4)]
    assert [wrong(g) for g in guessers] == [200] * 4  # the fourth failure exceeds 3
    assert wrong(guessers[0]) == 429
    assert Client(REMOTE_ADDR=RESIDENT).post("/bewoner/", {"code": code}).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_simultaneous_guesses_do_not_exceed_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: the count was read, the code checked, the count written — 25 guesses at once all
    read 'no failures yet' and were all checked. Now each attempt is counted before the check."""
    from wijkaanpak.web.participation.models import people

    real = people.code_digest
    gate = threading.Barrier(25, timeout=60)

    def slow(code: str) -> str:
        time.sleep(0.05)  # widen the window between reading and writing the count
        return real(code)

    monkeypatch.setattr(
        "wijkaanpak.web.participation.views.resident.code_digest", slow, raising=False
    )
    monkeypatch.setattr(residents, "code_digest", slow)
    statuses: list[int] = []

    def guess(i: int) -> None:
        try:
            gate.wait()
            statuses.append(wrong(Client(REMOTE_ADDR=ATTACKER)))
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(25)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(statuses) == 25
    assert statuses.count(200) == residents.ADDRESS.attempts  # checked: exactly the limit
    assert statuses.count(429) == 25 - residents.ADDRESS.attempts


@pytest.mark.django_db
def test_blocks_in_a_row_back_off_exponentially(monkeypatch: pytest.MonkeyPatch) -> None:
    limit = throttle.Limit("test", attempts=2, window=60, block=60)
    clock = [timezone.now()]
    monkeypatch.setattr(throttle.timezone, "now", lambda: clock[0])
    waits = []
    for _block in range(3):
        results = [throttle.take(limit, "x") for _ in range(3)]
        assert results[:2] == [0, 0]
        waits.append(results[2])
        clock[0] += timedelta(seconds=results[2] + 1)  # wait the block out, then try again
    assert waits == [60, 120, 240]
    clock[0] += timedelta(days=2)  # a quiet period forgets the earlier blocks
    assert [throttle.take(limit, "x") for _ in range(3)] == [0, 0, 60]


# --- staff: django-axes and HTTP Basic behind the proxy ---------------------------------------


@pytest.fixture
def analyst() -> User:
    """A guidance-group account (no second factor needed) for the password tests."""
    user = User.objects.create_user("analist", password="geheim-en-lang")
    user.groups.add(Group.objects.get_or_create(name="begeleidingsgroep")[0])
    return user


@pytest.mark.django_db
def test_axes_locks_the_guessers_address_not_the_proxys(behind_proxy: None, analyst: User) -> None:
    """Before: django-axes saw the proxy's address, so five wrong passwords for a username from
    anyone locked that user out behind the proxy."""
    for _ in range(5):
        via_proxy(ATTACKER).post("/inloggen/", {"username": "analist", "password": "fout"})
    locked = via_proxy(ATTACKER).post(
        "/inloggen/", {"username": "analist", "password": "geheim-en-lang"}
    )
    assert locked.status_code == 429
    own = via_proxy(RESIDENT).post(
        "/inloggen/", {"username": "analist", "password": "geheim-en-lang"}
    )
    assert own.status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_header_does_not_escape_axes(analyst: User) -> None:
    for i in range(5):
        Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").post(
            "/inloggen/", {"username": "analist", "password": "fout"}
        )
    again = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99").post(
        "/inloggen/", {"username": "analist", "password": "geheim-en-lang"}
    )
    assert again.status_code == 429


@pytest.mark.django_db
def test_basic_limit_counts_per_client_behind_the_proxy(behind_proxy: None, analyst: User) -> None:
    bad = base64.b64encode(b"analist:fout").decode()
    good = base64.b64encode(b"analist:geheim-en-lang").decode()
    for _ in range(20):
        via_proxy(ATTACKER).get("/api/projects", HTTP_AUTHORIZATION=f"Basic {bad}")
    assert via_proxy(ATTACKER).get(
        "/api/projects", HTTP_AUTHORIZATION=f"Basic {good}"
    ).status_code == 429  # fmt: skip
    mine = via_proxy(RESIDENT).get("/api/projects", HTTP_AUTHORIZATION=f"Basic {good}")
    assert mine.status_code == 200
