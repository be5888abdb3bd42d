"""Issue #16 §6/§7: bad input is answered with a 4xx and a message, never a 500; a 500 that does
happen is logged with its traceback.

* the API: schemathesis generates requests from the OpenAPI document (schema-valid values and values
  that break the schema) for every operation and sends them in-process through Django's WSGI
  handler; a bounded, derandomised number of examples per operation;
* the pages: for every URL of the app and every role (guest, resident, guidance group, project team,
  administrator) a GET with bad query parameters and, for every form on the page, POSTs of
  garbage in its fields (with and without its hidden fields kept).
"""

from __future__ import annotations

import base64
import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.web.conftest import client_for
from wijkaanpak.web.participation.access import CODE_KEY, code_version
from wijkaanpak.web.participation.audit import SESSION_KEY
from wijkaanpak.web.participation.models import (
    Criterion,
    Invitation,
    Meeting,
    StakeholderAnalysis,
    Step,
    StepDocument,
)
from wijkaanpak.web.projects.api import api
from wijkaanpak.web.projects.models import Project, RiskRun
from wijkaanpak.web.urls import urlpatterns as app_patterns

pytestmark = pytest.mark.django_db
EXAMPLES = 10  # per operation and generation mode (14 operations × 2 modes)

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@contextmanager
def in_process() -> Iterator[WSGIHandler]:
    """Django's WSGI handler in this test's database transaction (as the test client does, the
    handler must not close the connection after each request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_answers_generated_requests_without_a_server_error(
    demo: Project, mode: GenerationMode
) -> None:
    basic = base64.b64encode(b"team:voorbeeldwijk").decode()
    auth = {"Authorization": f"Basic {basic}"}
    run = RiskRun.objects.create(
        project=demo, plan="all-none", draws=10, seed=1, created_by=demo.created_by
    )
    failures: list[str] = []
    with in_process() as app:
        for operation in OPERATIONS:
            fixed = {"pk": demo.pk} if "{pk}" in operation.path else None
            if mode is GenerationMode.NEGATIVE and not _has_free_input(operation):
                continue  # nothing left to break but the project's id (tested below)
            generated = operation.as_strategy(mode, path_parameters=fixed)
            # half the examples get a real plan or run where the schema only says "a string" or
            # "a number", so that the other values reach the checks behind it
            anchored = st.tuples(generated, st.booleans()).map(
                lambda pair: _anchor(pair[0], run.pk) if pair[1] else pair[0]
            )

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=anchored)
            def call(case: Any) -> None:
                with transaction.atomic():  # every example on the same project as it was
                    response = case.call(app=app, headers=auth)
                    transaction.set_rollback(True)
                if response.status_code >= 500:
                    failures.append(f"{response.status_code}: {case.as_curl_command()}")

            call()
    assert not failures, "\n".join(sorted(set(failures))[:20])


def _anchor(case: Any, run: int) -> Any:
    """The case with a real plan name, risk run or plan body in place of the generated one."""
    params = case.path_parameters or {}
    if "name" in params:
        params["name"] = "all-renew"
    if "run" in params:
        params["run"] = run
    body = case.body
    if case.operation.path.endswith("/risk") and isinstance(body, dict):
        body["plan"] = "mix"
    elif (
        case.operation.path.endswith(("/sweep", "/evaluate"))
        and case.method == "POST"
        and not isinstance(body, bytes)  # a raw payload that is not JSON stays as it is
    ):
        case.body = {"default": {"intervention": "renew"}, "blocks": {"B1A01": body}}
    return case


def _has_free_input(operation: Any) -> bool:
    names = {p.name for p in operation.iter_parameters()} - {"pk", "Authorization", "sessionid"}
    return bool(names) or len(operation.body) > 0


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/abc/blocks",
        "/api/projects/-1/evaluate/all-none",
        "/api/projects/99999999999999999999999/blocks",
        "/api/projects/1/risk/abc",
        "/api/projects/1/risk/99999999999999999999999",
        "/api/projects/1/sweep/all-renew?step=abc",
        "/api/projects/1/sweep/all-renew?step=0.01",  # 151 points: more work than allowed
    ],
)
def test_bad_ids_and_steps_in_api_urls_are_4xx(demo: Project, path: str) -> None:
    response = client_for("team").get(path.replace("/1/", f"/{demo.pk}/"))
    assert 400 <= response.status_code < 500, response.content[:300]


# ---- the pages and their forms ---------------------------------------------------------------

BAD = ["abc", "-1", "1e309", "9" * 30, "", "<b>x</b>\x00"]  # each form, with and without hidden
BAD_QUERY = {
    "plan": "../../etc/passwd",
    "q": "\x00" + "x" * 300,
    "groep": "geen-groep",
    "pagina": "-9",
    "pdf": "abc",
    "reden": "<script>",
    "index": "abc",
    "step": "nan",
    "next": "https://elders.example.nl/",
}
SKIP_FORMS = {"/uitloggen/", "/bewoner/uitloggen/"}  # signing out would end the role's session
HEAVY = {"project-report", "participation-sheet", "resident-sheet"}  # full reports: only bad input


def app_urls() -> list[tuple[str, str]]:
    """(name, route) of every page of the app (not the admin, the API or Django's auth forms)."""
    out: list[tuple[str, str]] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                route = str(p.pattern)
                if not route.startswith(("beheer/", "api/")):
                    walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern) and p.name:
                out.append((p.name, prefix + str(p.pattern)))

    walk(app_patterns, "")
    return out


def fill(name: str, route: str, ids: dict[str, int]) -> list[str]:
    """URLs for a route: its parameters filled with existing objects (and a bad format)."""
    if name == "project-report":
        return [route.replace("<int:pk>", str(ids["pk"])).replace("<str:fmt>", "exe")]
    url = route
    for key in re.findall(r"<int:(\w+)>", route):
        value = ids["criterion" if name == "participation-criterion-delete" else key]
        url = url.replace(f"<int:{key}>", str(value))
    return ["/" + url]


class Forms(HTMLParser):
    """The forms on a page: action, method and fields (name → a value it had)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action") or "", "method": (a.get("method") or "get").lower()}
                | {"fields": {}, "hidden": {}}
            )
        elif tag in ("input", "select", "textarea") and self.forms and a.get("name"):
            kind = "hidden" if a.get("type") == "hidden" else "fields"
            self.forms[-1][kind][a["name"]] = a.get("value") or ""


def sessions(demo: Project) -> dict[str, Client]:
    resident = Client()
    invitation = Invitation.objects.filter(project=demo, code_issued_at__isnull=False).first()
    if invitation is not None:
        session = resident.session
        session[SESSION_KEY], session[CODE_KEY] = invitation.pk, code_version(invitation)
        session.save()
    return {
        "gast": Client(),
        "bewoner": resident,
        "begeleiding": client_for("begeleiding"),
        "team": client_for("team"),
        "beheer": client_for("beheer"),
    }


def object_ids(demo: Project) -> dict[str, int]:
    from wijkaanpak.web.participation.seed import issue_codes

    invitations = list(Invitation.objects.filter(project=demo).order_by("pk")[:2])
    issue_codes(invitations[:1])
    step = Step.objects.filter(phase__project=demo).first()
    assert step is not None
    run = RiskRun.objects.create(
        project=demo, plan="all-none", draws=10, seed=1, created_by=demo.created_by
    )
    meeting = Meeting.objects.create(
        project=demo, kind=Meeting.KIND[0][0], held_on="2026-01-15", title="Bewonersavond"
    )
    return {
        "pk": demo.pk,
        "step": step.pk,
        "meeting": meeting.pk,
        "doc": getattr(StepDocument.objects.filter(step__phase__project=demo).first(), "pk", 1),
        "item": getattr(StakeholderAnalysis.objects.filter(project=demo).first(), "pk", 1),
        "criterion": getattr(Criterion.objects.filter(project=demo).first(), "pk", 1),
        "inv": invitations[-1].pk,  # not the resident's own household: erasing it is allowed
        "run": run.pk,
    }


def test_no_page_answers_bad_input_with_a_server_error(demo: Project) -> None:
    ids = object_ids(demo)
    failures: list[str] = []

    def check(role: str, method: str, url: str, response: Any) -> None:
        if response.status_code >= 500:
            error = response.exc_info[1] if response.exc_info else ""
            failure = f"{role} {method} {url}: {response.status_code} {error!r:.200}"
            if failure not in failures:
                failures.append(failure)

    for name, route in app_urls():
        for url in fill(name, route, ids):
            for role, client in sessions(demo).items():
                client.raise_request_exception = False
                page = client.get(url, BAD_QUERY)
                check(role, "GET", url, page)
                if name in HEAVY:
                    continue
                parser = Forms()
                if page.status_code == 200 and "html" in page.get("Content-Type", ""):
                    parser.feed(page.content.decode())
                forms = [f for f in parser.forms if f["method"] == "post"] or [
                    {"action": "", "fields": {"x": ""}, "hidden": {}}
                ]
                seen = set()
                for form in forms:
                    kind = (re.sub(r"\d+", "N", form["action"]), *form["fields"], *form["hidden"])
                    if kind in seen:  # e.g. one form per checkpoint: the first stands for all
                        continue
                    seen.add(kind)
                    target = form["action"] or url
                    if not target.startswith("/") or target in SKIP_FORMS:
                        continue
                    for i, bad in enumerate(BAD if role in ("team", "bewoner") else BAD[:2]):
                        data = dict.fromkeys(form["fields"], bad)
                        keep = form["hidden"] if i % 2 == 0 else dict.fromkeys(form["hidden"], bad)
                        keep.pop("csrfmiddlewaretoken", None)
                        check(role, "POST", target, client.post(target, {**keep, **data}))
    assert not failures, "\n".join(failures)


# ---- a 500 that happens is logged with its traceback ------------------------------------------


def broken_view(request: HttpRequest) -> HttpResponse:
    msg = "a bug for the test"
    raise RuntimeError(msg)


urlpatterns = [path("kapot/", broken_view), *app_patterns]  # for pytest.mark.urls(__name__)


@pytest.mark.urls(__name__)
def test_a_server_error_is_logged_with_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    handler = next(h for h in logging.getLogger("django.request").handlers if h.name == "errors")
    stream = io.StringIO()
    old = handler.setStream(stream)  # the configured handler (standard output) into a buffer
    try:
        client = Client(raise_request_exception=False)
        response = client.get("/kapot/")
    finally:
        handler.setStream(old)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()  # the app's own 500 page
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert record.exc_info[0] is RuntimeError
    logged = stream.getvalue()
    assert "Traceback (most recent call last)" in logged and "a bug for the test" in logged
    assert "Internal Server Error: /kapot/" in logged
