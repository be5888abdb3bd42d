"""Issue #19 §2–3: the consultation is not a vote (no support threshold by default; one set on
purpose carries the report's warning); attendance per household drives the reach overview; a
replaced neighbourhood file invites new households and withdraws the codes of those gone.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.web.conftest import client_for
from wijkaanpak.web.participation import reach
from wijkaanpak.web.participation.models import (
    Attendance,
    AuditEntry,
    Conversation,
    Criterion,
    Invitation,
    Meeting,
)
from wijkaanpak.web.participation.seed import DEFAULT_CRITERIA, ensure_seeded, issue_codes
from wijkaanpak.web.participation.services import erase, export
from wijkaanpak.web.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_lockouts_from_other_tests() -> None:
    cache.clear()


# --- consultation, not a vote -----------------------------------------------------------------


def test_the_default_go_no_go_criteria_have_no_support_threshold(demo: Project) -> None:
    assert "support_share_pct" not in {metric for metric, *_rest in DEFAULT_CRITERIA}
    assert not Criterion.objects.filter(project=demo, metric="support_share_pct").exists()
    html = client_for("begeleiding").get(f"/projecten/{demo.pk}/participatie/go-no-go/").content
    page = html.decode()
    # support per plan is still shown, beside the criteria, and there is no warning yet
    assert "Steun in de raadpleging (meewegen; geen drempel)" in page
    assert 'data-key="support"' in page and 'id="not-a-vote"' not in page


def test_a_support_threshold_is_possible_only_on_purpose_and_then_warns(demo: Project) -> None:
    url = f"/projecten/{demo.pk}/participatie/go-no-go/"
    team = client_for("team")
    fields = {
        "c-metric": "support_share_pct",
        "c-comparator": "ge",
        "c-threshold": "60",
        "c-source": "besluit stuurgroep",
    }
    refused = team.post(url, fields).content.decode()
    assert "Raadpleging (geen stemming)" in refused  # the report's words, in the form's error
    assert not Criterion.objects.filter(project=demo, metric="support_share_pct").exists()
    assert team.post(url, {**fields, "c-support_confirmed": "on"}).status_code == 302
    assert Criterion.objects.filter(project=demo, metric="support_share_pct").exists()
    for who in ("team", "begeleiding"):
        page = client_for(who).get(url).content.decode()
        warning = page.split('id="not-a-vote"')[1].split("</div>")[0]
        assert "Raadpleging (geen stemming) wat iedereen van de verschillende scenario" in warning
        assert "fase 3, stap 2" in warning
    english = client_for("team")
    english.cookies["django_language"] = "en"
    assert "not a vote" in english.get(url).content.decode()


def test_the_api_shows_support_per_plan_without_a_threshold(demo: Project) -> None:
    data = client_for("begeleiding").get(f"/api/projects/{demo.pk}/participation/go-no-go").json()
    assert all("support_share_pct" in row for row in data["plans"])
    assert all(c["metric"] != "support_share_pct" for row in data["plans"] for c in row["checks"])


# --- attendance and reach ---------------------------------------------------------------------


def households_of(project: Project, block: str) -> list[Invitation]:
    return list(project.invitations.filter(block_id=block).order_by("address"))


def test_attendance_needs_consent_and_drives_the_reach_overview(demo: Project) -> None:
    meeting = Meeting.objects.create(
        project=demo, kind="start", held_on=date(2026, 3, 1), title="Start", attendance=40
    )
    url = f"/projecten/{demo.pk}/participatie/bijeenkomsten/{meeting.pk}/aanwezigheid/"
    block = "B1A01"
    first, second, third, fourth, *_rest = households_of(demo, block)
    team = client_for("team")
    page = team.get(url, {"blok": block}).content.decode()
    assert first.address in page and "toestemming" in page.lower()
    response = team.post(
        url,
        {
            "blok": block,
            "consent_how": "presentielijst met toestemmingsvak",
            f"status-{first.pk}": "present",
            f"consent-{first.pk}": "on",
            f"status-{second.pk}": "represented",
            f"consent-{second.pk}": "on",
            f"status-{third.pk}": "absent",
            f"consent-{third.pk}": "on",
            f"status-{fourth.pk}": "present",  # no consent: not recorded
        },
    )
    assert response.status_code == 302
    recorded = dict(Attendance.objects.values_list("invitation_id", "status"))
    assert recorded == {first.pk: "present", second.pk: "represented", third.pk: "absent"}
    assert Attendance.objects.get(invitation=first).consent_how.startswith("presentielijst")
    assert AuditEntry.objects.filter(object_type="attendance", action="create").count() == 3
    assert export(first)["meetings"][0]["attendance"] == "present"
    # the reach overview: present and represented count as reached, absent does not
    rows = {r["inv"].pk: r for r in reach.households(demo)}
    assert rows[first.pk]["reached"] and rows[second.pk]["reached"]
    assert not rows[third.pk]["reached"] and not rows[fourth.pk]["reached"]
    assert "afwezig" in str(rows[third.pk]["suggestion"])
    assert "brief" in str(rows[fourth.pk]["suggestion"]).lower()  # no code yet: the letter first
    issue_codes([fourth])
    rows = {r["inv"].pk: r for r in reach.households(demo)}
    assert "keukentafelgesprek" in str(rows[fourth.pk]["suggestion"])
    # a kitchen-table conversation reaches a household too
    Conversation.objects.create(
        invitation=third, held_on=date(2026, 3, 8), held_by=User.objects.get(username="team"),
        summary="x",
    )  # fmt: skip
    block_row = next(
        r
        for r in reach.table(demo, reach.households(demo), "block_id")["rows"]
        if r["key"] == block
    )
    assert block_row["reached"] == 3
    team_page = team.get(f"/projecten/{demo.pk}/participatie/bereik/", {"blok": block})
    html = team_page.content.decode()
    assert fourth.address in html and first.address not in html.split('id="open"')[1]
    # clearing a status removes the record (logged); the form posts every household of the block
    kept = {f"status-{second.pk}": "represented", f"consent-{second.pk}": "on"}
    kept |= {f"status-{third.pk}": "absent", f"consent-{third.pk}": "on"}
    team.post(url, {"blok": block, "consent_how": "x", f"status-{first.pk}": "", **kept})
    assert not Attendance.objects.filter(invitation=first).exists()
    assert AuditEntry.objects.filter(object_type="attendance", action="erase").count() == 1
    # erasure removes attendance
    erase(second)
    assert not Attendance.objects.filter(invitation=second).exists()
    assert client_for("begeleiding").get(url).status_code == 403  # names: the team only


def test_the_guidance_group_sees_reach_counts_only_with_small_counts_withheld(
    demo: Project,
) -> None:
    meeting = Meeting.objects.create(
        project=demo, kind="start", held_on=date(2026, 3, 1), title="S"
    )
    owners = list(demo.invitations.filter(group="eigenaar_bewoners").order_by("pk")[:6])
    tenant = demo.invitations.filter(group="huurders_corporatie").first()
    team = User.objects.get(username="team")
    for inv in [*owners, tenant]:
        Attendance.objects.create(
            meeting=meeting, invitation=inv, status="present", consent_how="lijst", recorded_by=team
        )
    html = client_for("begeleiding").get(f"/projecten/{demo.pk}/participatie/bereik/").content
    page = html.decode()
    tenants_row = page.split('data-group="huurders_corporatie"')[1].split("</tr>")[0]
    assert 'data-key="hidden"' in tenants_row and 'data-key="reached"' not in tenants_row
    # the total (7) is shown, so a second group goes too: the owners' 6, not the private tenants'
    # 0 (a hidden zero protects little: 7 − 6 − 0 would leave the tenant's 1 in {0, 1})
    total_row = page.split('data-group="total"')[1].split("</tr>")[0]
    assert '<td data-key="reached">7</td>' in total_row
    owners_row = page.split('data-group="eigenaar_bewoners"')[1].split("</tr>")[0]
    assert 'data-key="reached"' not in owners_row
    assert owners[0].address not in page and "Nog niet bereikt: wie" not in page
    # blocks with 1–4 reached are withheld
    small = next(
        r["key"]
        for r in reach.table(demo, reach.households(demo), "block_id")["rows"]
        if 0 < r["reached"] < 5
    )
    assert 'data-key="hidden"' in page.split(f'data-block="{small}"')[1].split("</tr>")[0]
    meetings = client_for("begeleiding").get(f"/projecten/{demo.pk}/participatie/bijeenkomsten/")
    assert "7" in meetings.content.decode().split('data-key="reached">')[1].split("</td>")[0]


# --- a replaced neighbourhood file ------------------------------------------------------------


def gpkg(tmp_path: Path, name: str, rename: dict[str, str] | None = None) -> SimpleUploadedFile:
    from tests.conftest import EXAMPLES
    from wijkaanpak.io.neighbourhood import read_neighbourhood, write_neighbourhood

    nbh = read_neighbourhood(EXAMPLES / "mini")
    if rename:
        from dataclasses import replace

        nbh = replace(nbh, households=nbh.households.rename(index=rename))
    path = tmp_path / name
    write_neighbourhood(nbh, path)
    return SimpleUploadedFile(name, path.read_bytes())


def test_a_replaced_file_invites_new_households_and_withdraws_codes_of_those_gone(
    demo: Project, tmp_path: Path
) -> None:
    team = client_for("team")
    assert team.post(
        "/projecten/nieuw/", {"name": "Mini", "neighbourhood": gpkg(tmp_path, "a.gpkg")}
    )
    mini = Project.objects.get(name="Mini")
    ensure_seeded(mini)
    assert set(mini.invitations.values_list("household_id", flat=True)) == {
        "H1", "H2", "H3", "H4", "H5", "H6",
    }  # fmt: skip
    h1 = mini.invitations.get(household_id="H1")
    [(_inv, code)] = issue_codes([h1])
    resident = Client()
    assert resident.post("/bewoner/", {"code": code}).status_code == 302
    assert resident.get("/bewoner/mijn-gegevens/").status_code == 200
    # the file is replaced: H1 moved out, H7 moved into the same dwelling
    url = f"/projecten/{mini.pk}/wijkbestand/"
    assert client_for("begeleiding").get(url).status_code == 404  # not a member of Mini
    response = team.post(url, {"neighbourhood": gpkg(tmp_path, "b.gpkg", {"H1": "H7"})})
    assert response.status_code == 302
    assert response["Location"] == f"/projecten/{mini.pk}/participatie/uitnodigingen/"
    h1.refresh_from_db()
    assert h1.left_at is not None and h1.code_digest is None
    h7 = mini.invitations.get(household_id="H7")
    assert h7.code_digest is None and h7.dwelling_id == h1.dwelling_id  # invited: letter next
    # H1's code no longer works and its session ended; it gets no letter, H7 does
    assert resident.get("/bewoner/mijn-gegevens/").status_code == 302
    assert Client().post("/bewoner/", {"code": code}).status_code == 200  # refused
    letters = team.post(f"/projecten/{mini.pk}/participatie/brieven/", {"which": "new"})
    text = letters.content.decode()
    assert h7.address in text
    issued = {i.household_id for i in mini.invitations.filter(code_digest__isnull=False)}
    assert "H7" in issued and "H1" not in issued
    # the reach overview leaves H1 out; the change is in the audit log
    assert "H1" not in {r["inv"].household_id for r in reach.households(mini)}
    entry = AuditEntry.objects.get(project_id=mini.pk, object_type="project", action="change")
    assert "1 nieuwe huishoudens, 1 codes ingetrokken" in entry.reason
    assert (
        AuditEntry.objects.filter(object_type="invitation", object_id=str(h1.pk))
        .filter(changes__code="ingetrokken")
        .exists()
    )
    # H1 back in a later file: invited again (a new letter), no longer marked as gone
    team.post(url, {"neighbourhood": gpkg(tmp_path, "c.gpkg")})
    h1.refresh_from_db()
    h7.refresh_from_db()
    assert h1.left_at is None and h7.left_at is not None
