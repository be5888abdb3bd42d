"""In the browser (Playwright for Python driving Debian's Chromium): log in, open the map, set a
block to renew, see the result change, save the plan (issue #6 §6)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from wijkaanpak.web.projects.models import Project, SavedPlan

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.mark.django_db(transaction=True)
def test_team_builds_a_plan_on_the_map(live_server: object, tmp_path: Path) -> None:
    assert Path(CHROMIUM).exists(), (
        "install Debian's chromium (make does: apt-get install chromium)"
    )
    call_command("demo_setup")
    project = Project.objects.get(name="Voorbeeldwijk")  # its id differs between databases
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread
    url = str(live_server.url)  # type: ignore[attr-defined]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/inloggen/")
        page.fill("#id_username", "team")
        page.fill("#id_password", "voorbeeldwijk")
        page.click("form.utrecht-form button[type=submit]")
        page.goto(f"{url}/projecten/{project.pk}/kaart/")
        page.wait_for_function(
            "document.getElementById('r-exploitation').textContent.startsWith('€')"
        )
        before = page.inner_text("#r-exploitation")
        assert (
            page.locator("path.leaflet-interactive").count() == 92
        )  # every block of the Voorbeeldwijk
        page.check("input[value=renew]")
        page.locator("path.leaflet-interactive").nth(0).click()
        page.wait_for_function(
            f"document.getElementById('r-exploitation').textContent !== {before!r}"
        )
        assert page.inner_text("#r-homes").startswith("20 / ")  # block B1A01: 20 homes demolished
        assert page.locator("#actors tr").count() == 10  # the consequences per actor
        page.screenshot(path=str(tmp_path / "kaart.png"))
        page.fill("#plan-name", "proef")
        page.click("#save")
        page.wait_for_function(
            "document.getElementById('saved').textContent.includes('opgeslagen')"
        )
        browser.close()
    assert SavedPlan.objects.get(name="proef").plan["blocks"]["B1A01"]["intervention"] == "renew"
