"""In the browser (Playwright for Python driving Debian's Chromium): log in, open the map, set a
block to renew, see the result change, save the plan (issue #6 §6)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect, sync_playwright

from wijkaanpak.web.projects.models import Project, SavedPlan
from wijkaanpak.web.projects.roles import TEAM, grant

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


def signed_in_team(browser: Browser, url: str) -> Page:
    """A page of the demo's project team, signed in through the login form."""
    team = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    team.goto(f"{url}/inloggen/")
    team.fill("#id_username", "team")
    team.fill("#id_password", "voorbeeldwijk")
    team.click("form.utrecht-form button[type=submit]")
    return team


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
        blocked: list[str] = []  # the app itself must run under its Content-Security-Policy
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(f"{url}/inloggen/")
        page.fill("#id_username", "team")
        page.fill("#id_password", "voorbeeldwijk")
        page.click("form.utrecht-form button[type=submit]")
        page.goto(f"{url}/projecten/{project.pk}/kaart/")
        # locator waits, not wait_for_function: the pages' CSP forbids evaluating strings; the
        # first evaluation in a fresh process prepares the inputs (seconds on a busy machine)
        expect(page.locator("#r-exploitation")).to_contain_text("€", timeout=60_000)
        before = page.inner_text("#r-exploitation")
        assert (
            page.locator("path.leaflet-interactive").count() == 92
        )  # every block of the Voorbeeldwijk
        page.check("input[value=renew]")
        page.locator("path.leaflet-interactive").nth(0).click()
        expect(page.locator("#r-exploitation")).not_to_have_text(before)
        assert page.inner_text("#r-homes").startswith("20 / ")  # block B1A01: 20 homes demolished
        assert page.locator("#actors tr").count() == 12  # the consequences per actor (ACTORS)
        page.screenshot(path=str(tmp_path / "kaart.png"))
        page.fill("#plan-name", "proef")
        page.click("#save")
        expect(page.locator("#saved")).to_contain_text("opgeslagen")
        browser.close()
    assert blocked == []
    assert SavedPlan.objects.get(name="proef").plan["blocks"]["B1A01"]["intervention"] == "renew"


@pytest.mark.django_db(transaction=True)
def test_resident_answers_with_a_code_and_the_team_sees_top5_and_model_change(
    live_server: object, tmp_path: Path
) -> None:
    """Issue #7 §8: the team prints letters, a resident signs in with the code and answers; the
    team's top 5 appears (the 5th respondent lifts the suppression) and the model's result for
    that household follows the answer."""
    from django.core.cache import cache

    from wijkaanpak.web.participation.models import Response

    cache.clear()
    call_command("demo_setup")
    project = Project.objects.get(name="Voorbeeldwijk")
    # a resident who gets a house in all-renew: choosing an apartment must change the verdict
    from wijkaanpak.analysis.evaluate import evaluate_plan

    table = evaluate_plan("all-renew").household_table()
    houses = set(
        table.index[(table["block_id"] == "B1B01") & (table["new_home"] == "ground_bound")]
    )
    owners = list(project.invitations.filter(block_id="B1B01", group="eigenaar_bewoners"))
    mine = next(i for i in owners if i.household_id in houses)
    others = [i for i in owners if i != mine][:4]
    for inv in others:  # four neighbours answered already: fewer than 5, so nothing is shown yet
        Response.objects.create(invitation=inv, answers={"bad": ["parking"], "good": ["green"]})
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    url = str(live_server.url)  # type: ignore[attr-defined]
    base = f"{url}/projecten/{project.pk}/participatie"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        team = signed_in_team(browser, url)
        team.goto(f"{base}/enquete/")
        negative = "div.top-list[data-kind=negative]"
        assert "Minder dan 5 respondenten: niet getoond" in team.inner_text(negative)
        household = f"{base}/huishoudens/{mine.pk}/?plan=all-renew"
        team.goto(household)
        before = {
            k: team.get_attribute(f"#hh-{k}", "data-value")
            for k in ("wish", "preference", "new-home")
        }
        team.goto(f"{base}/uitnodigingen/")
        team.select_option("#which", "block:B1B01")
        with team.context.expect_page() as letters_info:
            team.click("#make-letters")
        letters = letters_info.value
        letters.wait_for_load_state()
        code = letters.inner_text(f'section[data-household="{mine.household_id}"] .code')
        letters.screenshot(path=str(tmp_path / "brieven.png"))

        resident = browser.new_context(viewport={"width": 1000, "height": 900}).new_page()
        resident.goto(f"{url}/wijk/{project.pk}/")
        resident.click("text=Inloggen met uw code")
        resident.fill("#id_code", code)
        resident.click("#code-form button[type=submit]")
        assert mine.address in resident.inner_text("#address")
        resident.check("input[name=bad][value=moisture]")
        resident.check("input[name=worries][value=foundation]")
        resident.check("input[name=good][value=neighbours]")
        resident.check("input[name=wish_to_return][value=no]")
        preference = "apartment" if before["new-home"] == "ground_bound" else "ground_bound"
        resident.check(f"input[name=preferred_home_type][value={preference}]")
        resident.click("#survey-submit")
        assert "antwoorden zijn opgeslagen" in resident.inner_text("main")
        resident.screenshot(path=str(tmp_path / "bewoner.png"), full_page=True)

        team.goto(f"{base}/enquete/")
        text = team.inner_text(negative)
        # hand count: parking by the 4 neighbours, moisture and foundation by the resident only
        assert "Parkeren (4)" in text and "Vocht in de woning (1)" in text
        assert "Verzakking / fundering (1)" in text
        team.goto(household)
        assert team.get_attribute("#hh-wish", "data-value") == "no"
        assert team.get_attribute("#hh-preference", "data-value") == preference
        assert preference != before["preference"]
        assert team.get_attribute("#hh-new-home", "data-value") == preference != before["new-home"]
        team.screenshot(path=str(tmp_path / "huishouden.png"), full_page=True)
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_a_hostile_block_id_in_an_uploaded_file_runs_no_script_on_the_map(
    live_server: object, tmp_path: Path
) -> None:
    """Issue #16 item 1: a block id like ``<img src=x onerror=…>`` shows as text in the tooltip."""
    from dataclasses import replace

    from django.conf import settings

    from tests.conftest import EXAMPLES
    from wijkaanpak.io.neighbourhood import read_neighbourhood, write_neighbourhood

    call_command("demo_setup")
    hostile = '<img src=x onerror="document.title=`pwned`">'
    nbh = read_neighbourhood(EXAMPLES / "mini")
    blocks = nbh.blocks.rename(index={"A": hostile})
    dwellings = nbh.dwellings.assign(block_id=nbh.dwellings["block_id"].replace({"A": hostile}))
    folder = Path(settings.MEDIA_ROOT) / "neighbourhoods"
    folder.mkdir(parents=True, exist_ok=True)
    write_neighbourhood(replace(nbh, blocks=blocks, dwellings=dwellings), folder / "hostile.gpkg")
    owner = Project.objects.get(name="Voorbeeldwijk").created_by
    project = Project.objects.create(
        name="Vijandig", neighbourhood="neighbourhoods/hostile.gpkg", created_by=owner
    )
    grant(project, User.objects.get(username="team"), TEAM, "test")  # roles per project (#19)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    url = str(live_server.url)  # type: ignore[attr-defined]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/inloggen/")
        page.fill("#id_username", "team")
        page.fill("#id_password", "voorbeeldwijk")
        page.click("form.utrecht-form button[type=submit]")
        page.goto(f"{url}/projecten/{project.pk}/kaart/")
        page.locator("path.leaflet-interactive").first.wait_for()
        # one tooltip at a time: read it after each hover (the blocks' order on the map varies)
        seen = []
        tooltips = page.locator(".leaflet-tooltip")
        for block in page.locator("path.leaflet-interactive").all():
            block.hover()
            tooltips.first.wait_for()
            seen += tooltips.all_inner_texts()
        text = " ".join(seen)
        assert "<img src=x" in text  # shown as text
        assert page.locator(".leaflet-tooltip img").count() == 0
        assert page.title() != "pwned"
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_api_docs_render_offline_under_the_policy(live_server: object) -> None:
    """Issue #16 §8: Swagger UI from this server's static files, under the strict CSP."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    url = str(live_server.url)  # type: ignore[attr-defined]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        blocked: list[str] = []
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        outside: list[str] = []
        page.on(
            "request",
            lambda r: outside.append(r.url) if not r.url.startswith(url) else None,
        )
        page.goto(f"{url}/api/docs")
        expect(page.locator(".swagger-ui .title")).to_contain_text("wijkaanpak")
        browser.close()
    assert blocked == [] and outside == []


@pytest.mark.django_db(transaction=True)
def test_team_publishes_a_plan_and_the_resident_sees_only_their_overview(
    live_server: object,
) -> None:
    """Issue #13: the team publishes all-renew for residents; a resident signs in with the code
    from the letter and sees their own kitchen-table overview for that plan (not another
    household's, not an unpublished plan); their PDF renders and names their own numbers."""
    import io

    from django.core.cache import cache
    from pypdf import PdfReader

    from wijkaanpak.report.household_sheet import sections
    from wijkaanpak.web.participation.seed import issue_codes
    from wijkaanpak.web.participation.services import household_overview

    cache.clear()
    call_command("demo_setup")
    project = Project.objects.get(name="Voorbeeldwijk")
    mine, other = project.invitations.filter(group="eigenaar_bewoners", block_id="B4A03")[:2]
    [(_inv, code)] = issue_codes([mine])
    # what the page must show, computed before Playwright starts: its greenlets have their own
    # context, so a query in there would open a second database connection nobody closes
    ov = household_overview(project, mine, "all-renew")
    assert ov is not None
    _title, parts, footer = sections(ov, "nl")
    gap_row = next(row for part in parts for row in part.rows if row[0] == "Tekort")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    url = str(live_server.url)  # type: ignore[attr-defined]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        team = signed_in_team(browser, url)
        team.goto(f"{url}/projecten/{project.pk}/participatie/")
        team.click("text=Plannen voor bewoners")
        team.click('tr[data-plan="all-renew"] button')
        expect(team.locator('tr[data-plan="all-renew"]')).to_contain_text("gepubliceerd")

        resident = browser.new_context(viewport={"width": 320, "height": 800}).new_page()
        resident.goto(f"{url}/bewoner/")
        resident.fill("#id_code", code)
        resident.click("#code-form button[type=submit]")
        overview = resident.locator('section.household-overview[data-plan="all-renew"]')
        expect(overview).to_be_visible()
        assert resident.locator("section.household-overview").count() == 1  # only the published
        text = overview.inner_text()
        assert footer in text and other.household_id not in text
        assert gap_row[1] in text  # the household's own shortfall, as the sheet rounds it
        # no horizontal scrolling of the page at 320 px
        width = resident.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"page is {width}px wide at 320px"
        pdf = resident.request.get(f"{url}/bewoner/overzicht.pdf?plan=all-renew")
        assert pdf.status == 200
        sheet = PdfReader(io.BytesIO(pdf.body()))
        assert len(sheet.pages) == 1
        assert gap_row[1] in sheet.pages[0].extract_text()
        other_pdf = resident.request.get(f"{url}/bewoner/overzicht.pdf?plan=all-repair")
        assert other_pdf.status == 404  # not published
        browser.close()
