"""The kitchen-table overview in the web app (issue #13 §3): the team's household page and PDF,
publishing a plan to residents, and the resident's own overview — each with who may see it.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.test import Client
from pypdf import PdfReader

from tests.web.conftest import client_for
from tests.web.test_participation import owner_in_block, resident_client
from wijkaanpak.web.participation.models import AuditEntry, Settings
from wijkaanpak.web.participation.services import household_overview
from wijkaanpak.web.projects.models import Project

pytestmark = pytest.mark.django_db


def _plans_url(project: Project) -> str:
    return f"/projecten/{project.pk}/participatie/bewonersplannen/"


def test_team_publishes_and_withdraws_a_plan_audit_logged(demo: Project) -> None:
    team = client_for("team")
    assert team.get(_plans_url(demo)).status_code == 200
    team.post(_plans_url(demo), {"plan": "all-renew", "action": "publish"})
    assert Settings.objects.get(project=demo).resident_plans == ["all-renew"]
    team.post(_plans_url(demo), {"plan": "all-renew", "action": "withdraw"})
    assert Settings.objects.get(project=demo).resident_plans == []
    actions = list(
        AuditEntry.objects.filter(project_id=demo.pk, action__in=["publish", "withdraw"])
        .order_by("pk")
        .values_list("action", "changes")
    )
    assert actions == [("publish", {"plan": "all-renew"}), ("withdraw", {"plan": "all-renew"})]


def test_unknown_plan_cannot_be_published(demo: Project) -> None:
    team = client_for("team")
    team.post(_plans_url(demo), {"plan": "../../etc/passwd", "action": "publish"})
    team.post(_plans_url(demo), {"plan": "all-renew", "action": "delete"})
    assert Settings.objects.get(project=demo).resident_plans == []


def test_guidance_group_and_residents_cannot_publish(demo: Project) -> None:
    assert client_for("begeleiding").get(_plans_url(demo)).status_code == 403
    response = client_for("begeleiding").post(
        _plans_url(demo), {"plan": "all-renew", "action": "publish"}
    )
    assert response.status_code == 403
    resident = resident_client(owner_in_block(demo))
    assert (
        resident.post(_plans_url(demo), {"plan": "all-renew", "action": "publish"}).status_code
        == 302
    )
    assert Client().get(_plans_url(demo)).status_code == 302  # to the login
    assert Settings.objects.get(project=demo).resident_plans == []


def test_resident_sees_own_overview_of_published_plans_only(demo: Project) -> None:
    mine = owner_in_block(demo)
    client = resident_client(mine)
    page = client.get("/bewoner/mijn-gegevens/").content.decode()
    assert "household-overview" not in page  # nothing published yet
    assert client.get("/bewoner/overzicht.pdf?plan=all-renew").status_code == 404
    client_for("team").post(_plans_url(demo), {"plan": "all-renew", "action": "publish"})
    page = client.get("/bewoner/mijn-gegevens/").content.decode()
    ov = household_overview(demo, mine, "all-renew")
    assert ov is not None
    assert 'data-plan="all-renew"' in page and f"Huishouden {mine.household_id}" in page
    assert 'data-plan="all-repair"' not in page  # not published
    pdf = client.get("/bewoner/overzicht.pdf?plan=all-renew")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get("/bewoner/overzicht.pdf?plan=all-repair").status_code == 404
    assert AuditEntry.objects.filter(
        action="export", object_id=str(mine.pk), reason="overzicht all-renew (pdf)"
    ).exists()


def test_team_household_page_shows_the_overview_and_its_pdf(
    demo: Project, tmp_path: object
) -> None:
    import io

    inv = owner_in_block(demo)
    team = client_for("team")
    base = f"/projecten/{demo.pk}/participatie/huishoudens/{inv.pk}/"
    html = team.get(base + "?plan=all-renew").content.decode()
    assert "household-overview" in html and "sheet-pdf" in html
    response = team.get(base + "overzicht.pdf?plan=all-renew")
    assert response.status_code == 200
    ov = household_overview(demo, inv, "all-renew")
    assert ov is not None
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert inv.household_id in text
    assert team.get(base + "overzicht.pdf?plan=nope").status_code == 404
    # the guidance group never sees a household's overview
    assert client_for("begeleiding").get(base + "overzicht.pdf?plan=all-renew").status_code == 403


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_household_sheet_is_in_plain_language(demo: Project, lang: str) -> None:
    from tests.web.test_plain_language import assert_plain
    from wijkaanpak.report.household_sheet import render_html

    inv = owner_in_block(demo)
    for plan in ("all-renew", "all-repair"):
        ov = household_overview(demo, inv, plan)
        assert ov is not None
        # short sentences, and any glossary word it uses explained on the sheet itself
        assert_plain(render_html(ov, lang), lang)
