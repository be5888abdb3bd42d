"""Signed-in sessions end after 30 minutes without a request (issue #16 §4; OWASP ASVS 4.0.3
3.3.2). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client

from tests.web.conftest import client_for
from tests.web.test_participation import owner_in_block, resident_client
from wijkaanpak.web.middleware import RESIDENT_KEY, IdleTimeoutMiddleware
from wijkaanpak.web.participation.audit import SESSION_KEY
from wijkaanpak.web.projects.models import Project

pytestmark = pytest.mark.django_db


def _idle(client: Client, seconds: int) -> None:
    session = client.session
    session[IdleTimeoutMiddleware.KEY] = int(time.time()) - seconds
    session.save()


def test_the_default_is_thirty_minutes() -> None:
    assert settings.IDLE_SECONDS == 30 * 60  # ASVS 3.3.2, level 2
    assert RESIDENT_KEY == SESSION_KEY


def test_staff_session_ends_after_thirty_idle_minutes(demo: Project) -> None:
    team = client_for("team")
    page = f"/projecten/{demo.pk}/"
    assert team.get(page).status_code == 200
    _idle(team, 29 * 60)
    assert team.get(page).status_code == 200  # still active: the clock restarts
    _idle(team, 31 * 60)
    response = team.get(page)
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    assert team.get(page).status_code == 302  # logged out for good


def test_resident_session_ends_after_thirty_idle_minutes(demo: Project) -> None:
    resident = resident_client(owner_in_block(demo))
    _idle(resident, 31 * 60)
    response = resident.get("/bewoner/mijn-gegevens/")
    assert response.status_code == 302 and response["Location"] == "/bewoner/"
