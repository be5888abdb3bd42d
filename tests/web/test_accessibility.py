"""Accessibility in the browser (issue #16 §9, WCAG 2.1 AA): axe-core finds nothing on every main
page, every main page reflows at 320 CSS px, and the map can be used with the keyboard alone.

One live server, one Chromium and one set of data for the whole module: the demo project is set up
once (not per test), each role signs in once, and every page is a parametrised test of its own.
axe-core is the copy shipped in the pinned ``axe-playwright-python`` (axe-core 4.12, from npm)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

# the database is set up for this module (pytest-django creates it only for marked tests); each
# test's own transaction stays empty: the pages read what the module's fixture committed
pytestmark = pytest.mark.django_db

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WAIT = 60_000  # [ms] for a recomputation: the first in a process prepares the inputs (seconds)
#: WCAG 2.0/2.1 level A and AA, plus axe's best practices (heading order, landmarks, empty table
#: headers: the findings of issue #16 §9 that no success criterion tags).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}

# (role, url name, the url's keyword arguments taken from Site.ids); role None: not signed in
PAGES: dict[str, tuple[str | None, str, tuple[str, ...]]] = {
    "login": (None, "login", ()),
    "projects": ("team", "project-list", ()),
    "project-new": ("team", "project-new", ()),
    "project": ("team", "project-detail", ("pk",)),
    "plan-new": ("team", "plan-new", ("pk",)),
    "assumptions": ("team", "project-assumptions", ("pk",)),
    "map": ("team", "project-map", ("pk",)),
    "map-read-only": ("begeleiding", "project-map", ("pk",)),
    "risk": ("team", "project-risk", ("pk",)),
    "risk-run": ("team", "project-risk-run", ("pk", "run")),
    "optimiser": ("team", "project-optimise", ("pk",)),
    "optimiser-proposal": ("team", "project-optimise", ("pk",)),
    "phases": ("team", "participation", ("pk",)),
    "step": ("team", "participation-step", ("pk", "step")),
    "involvement": ("team", "participation-matrix", ("pk",)),
    "stakeholders": ("team", "participation-stakeholders", ("pk",)),
    "analysis": ("team", "participation-analysis-new", ("pk",)),
    "invitations": ("team", "participation-invitations", ("pk",)),
    "questionnaire": ("team", "participation-questionnaire", ("pk",)),
    "survey-top5": ("team", "participation-results", ("pk",)),
    "interim": ("team", "participation-interim", ("pk",)),
    "household": ("team", "participation-household", ("pk", "inv")),
    "resident-plans": ("team", "participation-resident-plans", ("pk",)),
    "meetings": ("team", "participation-meetings", ("pk",)),
    "consultation": ("team", "participation-consultation", ("pk",)),
    "go-no-go": ("team", "participation-go", ("pk",)),
    "audit-log": ("beheer", "participation-audit", ("pk",)),
    "public": (None, "participation-public", ("pk",)),
    "resident-sign-in": (None, "resident-sign-in", ()),
    "resident": ("resident", "resident-home", ()),
    "403": ("begeleiding", "project-new", ()),
}
NOT_FOUND = "/bestaat-niet/"
#: The outermost elements that stick out to the right of the screen, for the failure message.
WIDER_THAN_SCREEN = """() => [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1
    && !(e.parentElement.getBoundingClientRect().right > innerWidth + 1))
  .filter(e => !e.closest(".table-scroll") || e.matches(".table-scroll"))
  .map(e => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}.${e.className}`
    + ` (${Math.round(e.getBoundingClientRect().right)}px)`).slice(0, 8)"""


@dataclass
class Site:
    ids: dict[str, Any]
    contexts: dict[str | None, BrowserContext]  # one per role (None: not signed in)

    def path(self, name: str) -> str:
        if name == "404":
            return NOT_FOUND
        _role, url_name, keys = PAGES[name]
        return reverse(url_name, kwargs={k: self.ids[k] for k in keys})


def _data() -> dict[str, Any]:
    """The demo project with a saved plan, a finished risk run, a plan published for residents,
    survey answers, opinions, a conversation, a meeting and one resident's code: every page shows
    its filled-in state."""
    from wijkaanpak.model.plan import Plan
    from wijkaanpak.web.participation.models import (
        Conversation,
        Meeting,
        Opinion,
        Response,
        Settings,
        Step,
    )
    from wijkaanpak.web.participation.seed import issue_codes
    from wijkaanpak.web.projects import risk_jobs
    from wijkaanpak.web.projects.models import Project, RiskRun, SavedPlan

    call_command("demo_setup")
    project = Project.objects.get(name="Voorbeeldwijk")
    Settings.objects.filter(project=project).update(resident_plans=["all-renew"])
    blocks = {"B1A01": {"intervention": "renew", "densification": 1.5}}
    plan = Plan(name="proef", default={"intervention": "repair"}, blocks=blocks)
    SavedPlan.objects.create(
        project=project,
        name="proef",
        plan=plan.model_dump(mode="json"),
        created_by=project.created_by,
    )
    owners = list(project.invitations.filter(group="eigenaar_bewoners").order_by("pk")[:6])
    invitation = owners[0]
    for inv in owners[1:]:  # five respondents: the top 5 is shown, not suppressed
        Response.objects.create(invitation=inv, answers={"bad": ["parking"], "good": ["green"]})
        Opinion.objects.create(
            project=project,
            plan="all-renew",
            invitation=inv,
            group=inv.group,
            stance="for",
            reasons="",
        )
    Conversation.objects.create(
        invitation=invitation,
        held_on=date(2026, 3, 2),
        held_by=project.created_by,
        summary="Keukentafelgesprek.",
    )
    Meeting.objects.create(
        project=project,
        kind="start",
        held_on=date(2026, 2, 1),
        title="Startbijeenkomst",
        minutes="Verslag.",
        attendance=40,
    )
    [(_inv, code)] = issue_codes([invitation])
    job = risk_jobs.start(project, "mix", 6, 3, project.created_by)
    deadline = time.monotonic() + 120
    while RiskRun.objects.get(pk=job.pk).status in ("queued", "running"):
        assert time.monotonic() < deadline, "the risk run did not finish"
        time.sleep(0.2)
    step = Step.objects.filter(phase__project=project).first()
    assert step is not None
    return {"pk": project.pk, "inv": invitation.pk, "code": code, "run": job.pk, "step": step.pk}


def _sign_in(context: BrowserContext, role: str, code: str) -> None:
    """Through the sign-in form, once per role: the context keeps the session cookie."""
    page = context.new_page()
    form = reverse("resident-sign-in" if role == "resident" else "login")
    page.goto(form)
    if role == "resident":
        page.fill("#id_code", code)
        page.click("#code-form button[type=submit]")
    else:
        page.fill("#id_username", role)
        page.fill("#id_password", "voorbeeldwijk")
        page.click("form.utrecht-form button[type=submit]")
    page.wait_for_url(lambda url: not url.split("?")[0].endswith(form))
    page.close()


@pytest.fixture(scope="module")
def site(django_db_setup: None, django_db_blocker: Any) -> Iterator[Site]:
    """pytest-django's ``live_server`` would empty the database after every test: this module
    starts its own server and empties the database once, at the end."""
    assert Path(CHROMIUM).exists(), "install Debian's chromium (make does)"
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()
        ids = _data()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread
    server = LiveServer("127.0.0.1")
    server._live_server_modified_settings.enable()
    try:
        with django_db_blocker.unblock(), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            contexts: dict[str | None, BrowserContext] = {}
            for role in (None, "team", "begeleiding", "beheer", "resident"):
                contexts[role] = browser.new_context(
                    base_url=server.url, viewport={"width": 1280, "height": 800}
                )
                if role:
                    _sign_in(contexts[role], role, ids["code"])
            yield Site(ids, contexts)
            # the connection the tests opened in Playwright's context (its own contextvars): left
            # open, PostgreSQL could not drop the test database at the end of the run
            connections.close_all()
            browser.close()
    finally:
        server._live_server_modified_settings.disable()
        server.stop()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False)
            cache.clear()


MAIN = [*PAGES, "404"]


def _open(site: Site, name: str) -> Page:
    role = PAGES[name][0] if name in PAGES else "team"
    page = site.contexts[role].new_page()
    response = page.goto(site.path(name))
    assert response is not None
    expected = {"403": 403, "404": 404}.get(name, 200)
    assert response.status == expected, f"{name}: HTTP {response.status}"
    if name.startswith("map"):  # the blocks and the results are drawn by map.js
        page.locator("#blocks tbody tr").first.wait_for()
        expect(page.locator("#r-exploitation")).to_contain_text("€", timeout=WAIT)
    if name == "optimiser-proposal":  # the proposal with its tables, as the team gets it
        page.click("#optimise-submit", timeout=180_000)  # waits for the answer: 5–10 s idle
        page.locator("#proposal").wait_for()
    return page


@pytest.mark.parametrize("name", MAIN)
def test_page_passes_axe_core_and_reflows_at_320_css_pixels(site: Site, name: str) -> None:
    """axe-core finds no violation at 1280 px; then at 320 px (WCAG 1.4.10) nothing scrolls
    sideways but a wide table in its own box, and the map is as wide as the screen, not a strip.
    One page load for both: the viewport shrinks under the loaded page."""
    page = _open(site, name)
    results = Axe().run(page, options=AXE_OPTIONS)
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDER_THAN_SCREEN) if width > 320 else []
    box = page.locator("#map").bounding_box() if name.startswith("map") else None
    page.close()
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"
    assert width <= 320, f"{name} is {width}px wide at 320px: {wide}"
    if box is not None:
        assert box["width"] >= 290 and box["height"] >= 280, box


FOCUSED = """() => { const e = document.activeElement;
  return {tag: e.tagName.toLowerCase(), text: e.textContent.trim().slice(0, 80),
          block: (e.closest("tr") || {dataset: {}}).dataset.block || "", value: e.value || ""}; }"""


def _tab_to(
    page: Page,
    found: Callable[[dict[str, str]], bool],
    stops: list[dict[str, str]],
    limit: int = 40,
) -> dict[str, str]:
    """Press Tab until ``found(focused)``; every focused element is added to ``stops``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if found(stops[-1]):
            return stops[-1]
    raise AssertionError(f"not reached in {limit} presses of Tab: {stops}")


def test_keyboard_alone_changes_a_blocks_intervention(site: Site) -> None:
    """Issue #16 §9: Tab, Enter, the arrow keys and Space only, no mouse. From the top of the map
    page: the link to the table of blocks, the first block's select, renew, its button; the results
    recompute and the live region says so. No block of the map is a tab stop on the way."""
    page = _open(site, "map")
    before = page.inner_text("#r-exploitation")
    stops: list[dict[str, str]] = []
    _tab_to(page, lambda e: e["tag"] == "a" and e["text"].startswith("Naar de tabel"), stops)
    page.keyboard.press("Enter")
    select = _tab_to(page, lambda e: e["tag"] == "select" and e["block"] == "B1A01", stops)
    assert select["value"] == "repair"  # the default of the other blocks
    page.keyboard.press("ArrowDown")  # options: niets doen, herstel per blok, vernieuwen
    assert page.evaluate(FOCUSED)["value"] == "renew"
    assert page.inner_text("#r-exploitation") == before  # nothing happens on a change alone
    page.keyboard.press("Tab")
    button = page.evaluate(FOCUSED)
    assert button["tag"] == "button" and button["text"] == "Toepassen op blok B1A01"
    page.keyboard.press("Space")
    expect(page.locator("#r-exploitation")).not_to_have_text(before, timeout=WAIT)
    after = page.inner_text("#r-exploitation")
    row = page.locator('#blocks tr[data-block="B1A01"]')
    expect(row.locator("td.current")).to_have_text("vernieuwen ×1,5")  # the tool's densification
    announce = page.locator("#announce")
    assert announce.get_attribute("aria-live") == "polite"
    expect(announce).to_contain_text("blok B1A01: vernieuwen ×1,5): MKBA-saldo € ")
    expect(announce).to_contain_text(f"exploitatieresultaat GREX {after}")
    assert page.inner_text("#r-homes").startswith("20 / ")  # B1A01: 20 homes demolished
    # the map shows the change too: one block hatched as renewal
    assert page.locator('path.leaflet-interactive[fill="url(#pattern-renew)"]').count() == 1
    page.close()
    assert not [s for s in stops if s["tag"] in ("path", "svg", "g")], stops


def test_map_shows_interventions_by_hatching_and_a_click_updates_the_table(site: Site) -> None:
    """Not by colour alone: none plain, repair single-hatched, renew cross-hatched, on the map and
    in its legend; a click on the map goes the same way as the table's button (row and live
    region follow)."""
    from wijkaanpak.io.neighbourhood import read_neighbourhood

    page = _open(site, "map")
    blocks = page.locator("path.leaflet-interactive")
    assert blocks.count() == 92  # every block of the Voorbeeldwijk
    assert page.locator('path.leaflet-interactive[fill="url(#pattern-repair)"]').count() == 92
    legend = [
        (s.locator("rect").get_attribute("fill"), s.inner_text())
        for s in page.locator("#legend span").all()
    ]
    assert legend == [
        ("url(#pattern-none)", "niets doen"),
        ("url(#pattern-repair)", "herstel per blok"),
        ("url(#pattern-renew)", "vernieuwen"),
    ]
    for name, lines in (("repair", 1), ("renew", 2)):  # single and cross hatching
        assert page.locator(f"#pattern-{name} rect[fill='#ffffff']").count() == lines
    # the table: every block with what the neighbourhood file says (independent of the API)
    nbh = read_neighbourhood(None)
    homes = nbh.dwellings.groupby("block_id").size()
    street = nbh.dwellings.groupby("block_id")["street"].agg(lambda s: s.mode().iloc[0])
    rows = page.locator("#blocks tbody tr")
    assert rows.count() == len(nbh.blocks) == 92
    first = rows.first.locator("th, td").all_inner_texts()
    # block, street, intervention, the choice, homes, foundation, damage, subsidence, label, tenure
    assert [first[0], first[1], first[2], first[4]] == [
        "B1A01",
        street["B1A01"],
        "herstel per blok",
        str(homes["B1A01"]),
    ]
    # a click on the map with the tool "niets doen": one block none, its row and the live region
    page.check("input[name=tool][value=none]")
    blocks.nth(0).click()
    expect(page.locator("#announce")).to_contain_text(": niets doen)", timeout=WAIT)
    assert page.locator('path.leaflet-interactive[fill="url(#pattern-none)"]').count() == 1
    changed = page.locator(
        "#blocks tbody tr", has=page.locator("td.current", has_text="niets doen")
    )
    assert changed.count() == 1
    assert changed.locator("select").input_value() == "none"
    page.close()
    # the guidance group reads the same table, without the controls
    read_only = _open(site, "map-read-only")
    assert read_only.locator("#blocks tbody tr").count() == 92
    assert read_only.locator("#blocks select, #blocks button").count() == 0
    read_only.close()
