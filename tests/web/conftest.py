"""Shared by the web tests: the demo project (roles, accounts, Voorbeeldwijk) and clients per user."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from wijkaanpak.web.projects.models import Project


@pytest.fixture
def demo() -> Project:
    call_command("demo_setup")
    return Project.objects.get(name="Voorbeeldwijk")


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client
