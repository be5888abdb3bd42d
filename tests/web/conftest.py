"""Shared by the web tests: the demo project (roles, accounts, Voorbeeldwijk) and clients per user."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkaanpak.web.projects.models import Project
from wijkaanpak.web.security.twofactor import DEMO_ACCOUNTS, sees_personal_data

BROWSER_FIXTURES = {"live_server", "site"}  # site: test_accessibility's own live server


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive Chromium against a live server are marked ``browser``: the PostgreSQL
    pass of ``make test`` leaves them out (they test the pages, which the other web tests already
    run against both databases)."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def demo() -> Project:
    call_command("demo_setup")
    return Project.objects.get(name="Voorbeeldwijk")


def client_for(username: str) -> Client:
    """A signed-in client. An account that needs the second factor (and is not one of the demo's
    fictional accounts, which skip it in local mode) gets a confirmed authenticator app and a
    session that gave its code, as after ``/inloggen/tweede-stap/``."""
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    if sees_personal_data(user) and username not in DEMO_ACCOUNTS:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
