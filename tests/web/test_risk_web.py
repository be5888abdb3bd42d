"""The web app's risk analyses (issue #14): started by the team, run in the background with
progress, read by the guidance group; the API the same. Runs on SQLite and PostgreSQL.

``transaction=True``: the background thread has its own database connection and must see
committed rows."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client

from tests.web.conftest import client_for
from wijkaanpak.web.projects.models import Project, RiskRun

pytestmark = pytest.mark.django_db(transaction=True)


def wait(client: Client, url: str, seconds: float = 120) -> dict[str, object]:
    """Poll the API until the run has ended (the test's own deadline, not a timing assert)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = client.get(url).json()
        if run["status"] not in ("queued", "running"):
            return dict(run)
        time.sleep(0.2)
    raise AssertionError(f"risk run did not finish: {run}")


def test_team_starts_a_run_and_the_guidance_group_reads_it(demo: Project) -> None:
    team = client_for("team")
    page = team.get(f"/projecten/{demo.pk}/risico/").content.decode()
    assert "Risicoanalyse starten" in page and "Nog geen risicoanalyses" in page
    response = team.post(
        f"/projecten/{demo.pk}/risico/", {"plan": "mix", "draws": "6", "seed": "3"}
    )
    assert response.status_code == 302
    job = RiskRun.objects.get()
    assert response["Location"] == f"/projecten/{demo.pk}/risico/{job.pk}/"
    run = wait(team, f"/api/projects/{demo.pk}/risk/{job.pk}")
    assert run["status"] == "done" and run["done"] == 6 and run["seed"] == 3
    result = run["result"]
    assert isinstance(result, dict) and result["draws"] == 6
    assert {"mean_eur", "p10_eur", "p90_eur", "p_exceed"} <= set(result["exploitation"])
    guidance = client_for("begeleiding")
    html = guidance.get(f"/projecten/{demo.pk}/risico/{job.pk}/").content.decode()
    assert "Risicoreserve" in html and 'data-key="risk_reserve"' in html
    assert (
        "Risicoanalyse starten"
        not in guidance.get(f"/projecten/{demo.pk}/risico/").content.decode()
    )


def test_the_request_returns_before_the_run_is_done(demo: Project) -> None:
    team = client_for("team")
    started = team.post(
        f"/api/projects/{demo.pk}/risk",
        json.dumps({"plan": "all-renew", "draws": 40}),
        content_type="application/json",
    )
    assert started.status_code == 200, started.content
    run = started.json()
    assert run["status"] in ("queued", "running") and run["done"] < 40  # not blocked by the run
    page = team.get(f"/projecten/{demo.pk}/risico/{run['id']}/").content.decode()
    assert 'role="status"' in page and "risk.js" in page  # progress, announced politely
    assert team.get(f"/projecten/{demo.pk}/").status_code == 200  # other pages keep answering
    done = wait(team, f"/api/projects/{demo.pk}/risk/{run['id']}")
    assert done["status"] == "done" and done["progress"] == 1.0
    listed = team.get(f"/api/projects/{demo.pk}/risk").json()
    assert listed[0]["id"] == run["id"] and "result" not in listed[0]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"plan": "mix", "draws": 0}, 422),
        ({"plan": "mix", "draws": 10_000_000}, 422),
        ({"plan": "../../etc/passwd", "draws": 5}, 404),
        ({"plan": "mix", "draws": "veel"}, 422),
        ({"plan": "mix", "draws": 5, "seed": -1}, 422),
        ({"plan": "mix", "draws": 5, "seed": 2**40}, 422),
    ],
)
def test_bad_risk_requests_are_refused_with_a_reason(
    demo: Project, body: dict[str, object], status: int
) -> None:
    response = client_for("team").post(
        f"/api/projects/{demo.pk}/risk", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == status
    assert not RiskRun.objects.exists()


def test_bad_form_input_is_explained_not_a_500(demo: Project) -> None:
    response = client_for("team").post(
        f"/projecten/{demo.pk}/risico/", {"plan": "mix", "draws": "abc"}
    )
    assert response.status_code == 422 and "tussen 1 en" in response.content.decode()


@pytest.mark.parametrize("user", ["begeleiding", None])
def test_only_the_team_may_start_a_run(demo: Project, user: str | None) -> None:
    client = client_for(user) if user else Client()
    page = client.post(f"/projecten/{demo.pk}/risico/", {"plan": "mix", "draws": "5"})
    api = client.post(
        f"/api/projects/{demo.pk}/risk",
        json.dumps({"plan": "mix", "draws": 5}),
        content_type="application/json",
    )
    assert page.status_code in (302, 403) and api.status_code in (401, 403)
    if user is None:
        assert page["Location"].startswith("/inloggen/")
    assert not RiskRun.objects.exists()
