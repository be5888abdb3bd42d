"""Accessibility in the browser (issue #16 §9, WCAG 2.1 AA): axe-core finds nothing on every main
page, every main page reflows at 320 CSS px, and the map can be used with the keyboard alone.

One live server, one Chromium and one set of data for the whole module: the demo project is set up
once (not per test), each role signs in once, and every page is a parametrised test of its own.
axe-core is the copy shipped in the pinned ``axe-playwright-python`` (axe-core 4.12, from npm)."""

from __future__ import annotations

import os
import re
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


def test_the_table_of_blocks_is_searched_with_and_without_script(site: Site) -> None:
    """Issue #16 §9: with ~100 blocks a keyboard or screen-reader user needs a search. Without
    JavaScript the GET form filters on the server (block id or street, intervention); with it the
    same rows are filtered in place, the count is a status message, and the plan being built is
    kept (no reload). axe-core and the 320 px reflow hold on the filtered page."""
    from wijkaanpak.io.neighbourhood import read_neighbourhood

    team = site.contexts["team"]
    plain = team.browser.new_context(  # type: ignore[union-attr]
        base_url=_base(site), java_script_enabled=False, storage_state=team.storage_state()
    )
    page = plain.new_page()
    page.goto(f"{site.path('map')}?q=kastanje&ingreep=repair")
    rows = page.locator("#blocks tbody tr:visible")
    streets = rows.locator("td:nth-child(2)").all_inner_texts()
    assert streets and all(s == "Kastanjestraat" for s in streets)
    assert page.locator("#blocks tbody tr").count() == 92  # the others are there, hidden
    assert page.inner_text("#blocks-count") == f"{len(streets)} van 92 blokken getoond"
    assert page.input_value("#id_q") == "kastanje"
    plain.close()
    # with the script: change a block, then search; the change stays and the count is announced
    page = _open(site, "map")
    page.select_option('#blocks tr[data-block="B1A03"] select', "renew")
    page.click('#blocks tr[data-block="B1A03"] button')
    expect(page.locator("#announce")).to_contain_text("B1A03", timeout=WAIT)
    page.fill("#id_q", "b1a0")  # case ignored
    ids = [b for b in read_neighbourhood(None).blocks.index.astype(str) if "B1A0" in b]
    expect(page.locator("#blocks-count")).to_have_text(f"{len(ids)} van 92 blokken getoond")
    assert page.locator("#blocks-count").get_attribute("role") == "status"
    page.select_option("#id_ingreep", "renew")
    expect(page.locator("#blocks tbody tr:visible")).to_have_count(1)
    visible = page.locator("#blocks tbody tr:visible")
    assert visible.get_attribute("data-block") == "B1A03"
    assert visible.locator("td.current").inner_text() == "vernieuwen ×1,5"
    page.keyboard.press("Enter")  # submitting the form filters in place: no reload
    assert page.url.endswith("?q=b1a0&ingreep=renew")
    expect(page.locator("#blocks tbody tr:visible")).to_have_count(1)
    assert page.locator('path.leaflet-interactive[fill="url(#pattern-renew)"]').count() == 1
    results = Axe().run(page, options=AXE_OPTIONS)
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert results.violations_count == 0, results.generate_report()
    assert width <= 320


def test_an_empty_search_offers_all_blocks_and_the_block_column_stays_in_view(site: Site) -> None:
    """Review of issue #16: after a search by script there was no "Alle blokken tonen" link, an
    empty result said only "0 van 92", at 320 px the Block column scrolled away with the table,
    and the skip link left focus on the body."""
    page = _open(site, "map")
    page.click('a[href="#blocks-heading"]')  # the skip link
    assert page.evaluate("document.activeElement.id") == "blocks-heading"
    show_all = page.locator("#show-all")
    expect(show_all).to_be_hidden()
    page.fill("#id_q", "zzz")
    expect(page.locator("#blocks-count")).to_have_text(
        "Geen blokken gevonden (0 van 92 blokken getoond)"
    )
    expect(show_all).to_be_visible()
    results = Axe().run(page, options=AXE_OPTIONS)  # the empty table and its status
    assert results.violations_count == 0, results.generate_report()
    show_all.click()  # in place: the plan being built stays, focus back in the search box
    expect(page.locator("#blocks tbody tr:visible")).to_have_count(92)
    expect(show_all).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "id_q" and "q=" not in page.url
    page.set_viewport_size({"width": 320, "height": 800})
    box = page.locator(".table-scroll")
    first = page.locator('#blocks tr[data-block] th[scope="row"]').first
    before = first.bounding_box()
    box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert box.evaluate("e => e.scrollLeft") > 100  # the table does scroll sideways …
    after = first.bounding_box()
    page.close()
    assert before is not None and after is not None
    assert abs(after["x"] - before["x"]) < 1  # … but the block id stays where it was


def _base(site: Site) -> str:
    """The live server's address (the contexts were made with it as their base URL)."""
    page = site.contexts["team"].new_page()
    page.goto("/")
    base = page.url.split("/", 3)
    page.close()
    return "/".join(base[:3])


def test_the_map_in_english_has_no_dutch_interface_text(site: Site) -> None:
    """Issue #16 §10: in English nothing the map page shows or says is Dutch — the legend of
    every colouring (before: the subsidence legend), the charts' names, the tooltips, the table,
    the live region. Street names and block ids are data and left out."""
    from tests.web.english import dutch_in
    from wijkaanpak.io.neighbourhood import read_neighbourhood

    team = site.contexts["team"]
    english = team.browser.new_context(  # type: ignore[union-attr]
        base_url=_base(site), storage_state=team.storage_state()
    )
    english.add_cookies([{"name": "django_language", "value": "en", "url": _base(site)}])
    page = english.new_page()
    page.goto(site.path("map"))
    expect(page.locator("#r-exploitation")).to_contain_text("€", timeout=WAIT)
    seen = [page.inner_text("body")]
    for option in page.locator("#colour option").all():
        page.select_option("#colour", option.get_attribute("value"))
        seen.append(page.inner_text("#legend"))
    page.locator("path.leaflet-interactive").first.hover()
    seen.append(page.inner_text(".leaflet-tooltip"))
    page.select_option('#blocks tr[data-block="B1A01"] select', "renew")
    page.click('#blocks tr[data-block="B1A01"] button')
    expect(page.locator("#announce")).to_contain_text("Recomputed", timeout=WAIT)
    expect(page.locator("#sweep")).not_to_have_attribute(
        "aria-label", re.compile("No chart"), timeout=WAIT
    )
    seen.append(page.inner_text("body"))
    seen += [
        page.locator(selector).get_attribute("aria-label") or ""
        for selector in ("#cashflow", "#sweep", "#map .leaflet-overlay-pane svg", "#legend")
    ]
    seen += [e.get_attribute("aria-label") or "" for e in page.locator("[aria-label]").all()]
    english.close()
    streets = tuple(read_neighbourhood(None).dwellings["street"].dropna().unique())
    assert "subsidence (mm/year)" in " ".join(seen) and "Cumulative balance" in " ".join(seen)
    assert not dutch_in(" ".join(seen), streets), dutch_in(" ".join(seen), streets)


#: Lines of Playwright's accessibility snapshot for a control or picture without a name.
UNNAMED = re.compile(
    r"^\s*- (img|button|link|combobox|textbox|searchbox|checkbox|radio|spinbutton|table|region)(\s*\[[^\]]*\])?:?\s*$",
    re.M,
)


@pytest.mark.parametrize("name", ["map", "map-read-only", "project", "resident", "household"])
def test_the_accessibility_tree_names_every_control_picture_and_table(
    site: Site, name: str
) -> None:
    """The closest automated stand-in for listening with a screen reader (docs/web.md): the
    browser's accessibility tree of the page, as a screen reader gets it, has a name for every
    control, picture, table and region (before: the map's drawing and two results tables had
    none), and the map's results table and the resident's own data have row headers."""
    page = _open(site, name)
    tree = page.locator("body").aria_snapshot()
    page.close()
    lines = tree.splitlines()
    unnamed = [  # a table alone in a named scrolling region takes the region's name
        line
        for before, line in zip(["", *lines[:-1]], lines, strict=True)
        if UNNAMED.match(line) and not (line.strip() == "- table:" and 'region "' in before)
    ]
    assert not unnamed, unnamed
    if name.startswith("map"):
        assert 'table "Per partij (NCW, euro)"' in tree and 'rowheader "gemeente / WOM"' in tree
        assert re.search(r'img "92 blokken, gekleurd naar ingreep in dit plan', tree)
        assert 'group "Legenda"' in tree
    if name == "resident":
        assert 'rowheader "Leeftijden"' in tree
