"""Issue #16 §3 in the app: counts shown outside the project team (guidance group pages and the
API) cannot give a small group back by subtraction — top 5, consultation, household figures of a
plan, go/no-go shares."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User

from tests.web.conftest import client_for
from wijkaanpak.web.participation.models import Criterion, Invitation, Opinion, Response
from wijkaanpak.web.projects.models import Project, SavedPlan

pytestmark = pytest.mark.django_db


def households(project: Project, group: str, n: int) -> list[Invitation]:
    found = list(project.invitations.filter(group=group).order_by("pk")[:n])
    assert len(found) == n
    return found


def test_top5_api_cannot_be_subtracted_to_one_tenant(demo: Project) -> None:
    """12 owners, 9 private tenants and 1 corporation tenant answered. Before, the top-5 API showed
    the owners and the private tenants: overall 'noise' (1) minus their 0 and 0 was the one
    tenant's answer, and 22 − 12 − 9 = 1 the size of that group."""
    for inv in households(demo, "eigenaar_bewoners", 12):
        Response.objects.create(invitation=inv, answers={"bad": ["parking"]})
    for inv in households(demo, "huurders_particulier", 9):
        Response.objects.create(invitation=inv, answers={"bad": ["parking", "green"]})
    [tenant] = households(demo, "huurders_corporatie", 1)
    Response.objects.create(invitation=tenant, answers={"bad": ["neighbours"]})
    top5 = client_for("begeleiding").get(f"/api/projects/{demo.pk}/participation/top5").json()
    negative = top5["negative"]
    assert negative["respondents"] == 22 and ["neighbours", 1] in negative["top"]
    groups = negative["groups"]
    shown = {g: v for g, v in groups.items() if not v["suppressed"]}
    assert set(shown) == {"eigenaar_bewoners"}
    assert all(v["respondents"] is None for g, v in groups.items() if g not in shown)
    # the rest after subtracting what is shown is shared by two groups, never one
    rest = negative["respondents"] - sum(v["respondents"] for v in shown.values())
    assert rest == 10 and len(groups) - len(shown) == 2
    html = client_for("begeleiding").get(f"/projecten/{demo.pk}/participatie/enquete/")
    negative_html = html.content.decode().split('data-kind="negative"')[1].split("data-kind=")[0]
    overall, per_group = negative_html.split("<details")
    assert "Buren en sfeer" in overall and "Buren en sfeer" not in per_group


def opinions(project: Project, plan: str, group: str, stances: list[str]) -> None:
    for inv, stance in zip(households(project, group, len(stances)), stances, strict=True):
        Opinion.objects.create(
            project=project, plan=plan, invitation=inv, group=group, stance=stance
        )


def test_consultation_counts_cannot_be_subtracted_to_one_household(demo: Project) -> None:
    """Before: the corporation tenant's group was hidden but the overall 'against' (4) minus the
    owners' (3) and the private tenants' (0) gave their opinion; a plan with one opinion showed
    `total: 1`."""
    opinions(demo, "mix", "eigenaar_bewoners", ["for"] * 9 + ["against"] * 3)
    opinions(demo, "mix", "huurders_particulier", ["for"] * 5 + ["neutral"] * 2)
    opinions(demo, "mix", "huurders_corporatie", ["against"])
    opinions(demo, "all-renew", "huurders_corporatie", ["against"])
    rows = client_for("begeleiding").get(f"/api/projects/{demo.pk}/participation/consultation")
    by_plan = {r["plan"]: r for r in rows.json()}
    mix = by_plan["mix"]
    assert mix["total"] == 20 and mix["counts"] == {"for": 14, "neutral": 2, "against": 4}
    groups = mix["groups"]
    assert groups["huurder (corporatie)"] is None
    assert groups["huurder (particulier)"] is None  # the complement: the next smallest group
    assert groups["eigenaar-bewoner"] == {"for": 9, "neutral": 0, "against": 3}
    for stance in ("for", "neutral", "against"):
        shown = sum(g[stance] for g in groups.values() if g is not None)
        hidden = [g for g in groups.values() if g is None]
        assert mix["counts"][stance] - shown >= 0 and len(hidden) != 1
    renew = by_plan["all-renew"]
    assert renew["total"] is None and renew["counts"] is None and renew["support_pct"] is None
    assert renew["groups"] == {"huurder (corporatie)": None}
    html = client_for("begeleiding").get(f"/projecten/{demo.pk}/participatie/raadpleging/")
    row = html.content.decode().split('data-plan="all-renew"')[1].split("</tr>")[0]
    assert "<td>1</td>" not in row and "&lt; 5" in row


@pytest.fixture
def one_block_plan(demo: Project) -> str:
    """A saved plan that renews only B1E02: two owner-occupier households (Voorbeeldwijk)."""
    plan = {"name": "een-blok", "default": {"intervention": "none"},
            "blocks": {"B1E02": {"intervention": "renew"}}}  # fmt: skip
    SavedPlan.objects.create(
        project=demo, name="een-blok", plan=plan, created_by=User.objects.get(username="team")
    )
    return "een-blok"


def test_household_figures_of_two_households_are_for_the_team_only(
    demo: Project, one_block_plan: str
) -> None:
    url = f"/api/projects/{demo.pk}/evaluate/{one_block_plan}"
    team = client_for("team").get(url).json()["households"]
    assert team["owner_households"] == 2 and team["total_gap_eur"] > 0  # two households' gaps
    guidance = client_for("begeleiding").get(url).json()
    assert guidance["households"]["owner_households"] is None
    assert guidance["households"]["total_gap_eur"] is None
    assert guidance["counts"]["returning_owners"] is None  # follows from their answers
    assert guidance["counts"]["demolished"] > 0  # the plan's own figures stay
    all_renew = client_for("begeleiding").get(f"/api/projects/{demo.pk}/evaluate/all-renew")
    assert all_renew.json()["households"]["owner_households"] > 300  # large groups are shown
    page = client_for("begeleiding").get(f"/projecten/{demo.pk}/").content.decode()
    assert "&lt; 5" in page
    assert f"{team['total_gap_eur']:.0f}" not in json.dumps(guidance)


def test_an_ad_hoc_plan_gives_the_guidance_group_no_household_figures(demo: Project) -> None:
    """Two posted plans that differ by one block would give that block's households by difference,
    whatever the threshold: household figures of posted plans are for the team only."""
    plan = {"default": {"intervention": "repair"}, "blocks": {"B3B02": {"intervention": "renew"}}}
    url = f"/api/projects/{demo.pk}/evaluate"
    guidance = client_for("begeleiding").post(
        url, json.dumps(plan), content_type="application/json"
    )
    assert guidance.status_code == 200
    assert set(guidance.json()["households"].values()) == {None}
    assert "npv_eur" in guidance.json()["exploitation"]
    team = client_for("team").post(url, json.dumps(plan), content_type="application/json")
    assert team.json()["households"]["owner_households"] == 5  # B3B02: would pass the threshold


def test_go_no_go_share_of_two_households_is_not_known(demo: Project, one_block_plan: str) -> None:
    Criterion.objects.filter(project=demo).delete()
    Criterion.objects.create(
        project=demo, metric="closed_purse_share_pct", comparator="ge", threshold=50, source="x"
    )
    go = client_for("begeleiding").get(f"/api/projects/{demo.pk}/participation/go-no-go").json()
    plans = {p["plan"]: p for p in go["plans"]}
    [check] = plans[one_block_plan]["checks"]
    assert check["value"] is None and check["status"] == "unknown"  # not 0 % of 2 households
    [none] = plans["all-none"]["checks"]
    assert none["status"] == "na"  # no owner-occupiers in renewed blocks at all
