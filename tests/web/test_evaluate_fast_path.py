"""The plan recompute of the map (``POST /api/projects/{pk}/evaluate``, issue #16 §12) keeps the
prepared inputs per project version and the nulalternatief per prepared inputs. These tests check
that what the API answers after other plans were evaluated is exactly what a fresh computation
gives — inputs prepared anew from the project's files, so the nulalternatief is computed anew — and
that changed assumptions or residents' answers give fresh inputs and a fresh nulalternatief."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.web.conftest import client_for
from wijkaanpak.analysis.evaluate import evaluate_plan, prepare_inputs
from wijkaanpak.model import engine
from wijkaanpak.model.plan import Plan
from wijkaanpak.web.participation.models import HouseholdCorrection, Invitation
from wijkaanpak.web.projects import services
from wijkaanpak.web.projects.models import Project

pytestmark = pytest.mark.django_db

#: Plans of the kind the map sends (and benchmarks/bench_web.py): one block renewed, one left
#: alone, the rest repaired; one with a target label and a start year; one renewing more.
PLANS: list[dict[str, Any]] = [
    {
        "default": {"intervention": "repair"},
        "blocks": {
            "B1A01": {"intervention": "renew", "densification": 1.2},
            "B3A01": {"intervention": "none"},
        },
    },
    {
        "default": {"intervention": "repair"},
        "blocks": {
            "B2B03": {"intervention": "renew", "densification": 1.5},
            "B1A02": {"intervention": "none"},
        },
    },
    {
        "default": {"intervention": "none"},
        "blocks": {"B3D01": {"intervention": "repair", "target_label": "B", "start_year": 2029}},
    },
    {
        "default": {"intervention": "repair"},
        "blocks": {b: {"intervention": "renew"} for b in ("B1A01", "B1A02", "B4D02", "B5E01")},
        "doorschuiven": True,
    },
]


def fresh(project: Project, plan: dict[str, Any]) -> dict[str, Any]:
    """The reference: no cached inputs, no cached nulalternatief; as JSON, like the API."""
    inputs = prepare_inputs(
        services.neighbourhood_with_answers(project),
        services.assumptions_for(project.assumptions_yaml),
    )
    result = evaluate_plan(Plan.model_validate({"name": "api", **plan}), inputs)
    data: dict[str, Any] = json.loads(json.dumps(services.summary(result)))
    return data


def posted(project: Project, plan: dict[str, Any]) -> dict[str, Any]:
    response = client_for("team").post(
        f"/api/projects/{project.pk}/evaluate", json.dumps(plan), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    data: dict[str, Any] = response.json()
    return data


def test_the_api_answers_exactly_as_a_fresh_computation(demo: Project) -> None:
    for plan in PLANS:  # the caches are warm and have seen other plans before each answer
        posted(demo, plan)
    for plan in reversed(PLANS):
        assert posted(demo, plan) == fresh(demo, plan)


def test_changed_assumptions_give_fresh_inputs_and_a_fresh_nulalternatief(demo: Project) -> None:
    before = posted(demo, PLANS[0])
    kept = services.inputs_for(demo)
    assert services.inputs_for(demo) is kept and engine.baseline(kept) is engine.baseline(kept)
    response = client_for("team").post(
        f"/projecten/{demo.pk}/aannames/",
        {"value:mkba.discount_rate": "3.5", "source:mkba.discount_rate": "test"},
    )
    assert response.status_code == 302
    demo.refresh_from_db()
    now = services.inputs_for(demo)
    assert now is not kept and engine.baseline(now) is not engine.baseline(kept)
    after = posted(demo, PLANS[0])
    assert after["mkba"]["discount_rate_pct"] == 3.5
    assert after["mkba"]["balance_eur"] != before["mkba"]["balance_eur"]
    assert after == fresh(demo, PLANS[0])


def test_a_residents_correction_gives_fresh_inputs(demo: Project) -> None:
    posted(demo, PLANS[1])
    kept = services.inputs_for(demo)
    invitation = Invitation.objects.filter(project=demo).order_by("pk").first()
    assert invitation is not None
    HouseholdCorrection.objects.create(invitation=invitation, adults=1, age_1=80)
    assert services.inputs_for(demo) is not kept
    assert posted(demo, PLANS[1]) == fresh(demo, PLANS[1])
