"""Roles per project (issue #19): a member of one project sees nothing of another, for every URL
and API endpoint; memberships are managed in the app and by command, and audit-logged; the
migration from global groups; the demo's two projects. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.http import FileResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.web.conftest import client_for
from wijkaanpak.web.participation.models import AuditEntry, Meeting, StepDocument
from wijkaanpak.web.participation.seed import ensure_seeded
from wijkaanpak.web.projects import roles
from wijkaanpak.web.projects.models import Membership, Project, RiskRun, SavedPlan

pytestmark = pytest.mark.django_db

#: Routes that name no project, each with why that is safe. A new route without a project in its
#: path must be added here on purpose; every other route is tested below with another project.
#: routes whose ``pk`` is not a project: each has its own rule and test
NOT_A_PROJECT = {
    "account/api-tokens/<int:pk>/intrekken/": "the user's own token only (test_two_factor)",
    "beheer/otp_totp/": "django-otp's admin of TOTP devices: administrators only",
}


PROJECTLESS = {
    "": "the project list: only the user's own projects (test_the_project_list_and_api_...)",
    "projecten/nieuw/": "starting a project: needs projects.add_project; the starter is its admin",
    "inloggen/": "staff sign-in",
    "uitloggen/": "sign-out",
    "i18n/setlang/": "language choice",
    "api/": "the API root",
    "api/docs": "the API documentation (no data)",
    "api/openapi.json": "the API description (no data)",
    "api/projects": "the user's own projects only (test_the_project_list_and_api_...)",
    "inloggen/tweede-stap/": "the second factor of the signed-in user (test_two_factor)",
    "account/tweestapsverificatie/": "the user's own authenticator app (test_two_factor)",
    "account/api-tokens/": "the user's own API tokens (test_two_factor)",
    "account/api-tokens/<int:pk>/intrekken/": NOT_A_PROJECT[
        "account/api-tokens/<int:pk>/intrekken/"
    ],
    **{
        f"bewoner/{tail}": "a resident's own household only, by the code's session"
        for tail in (
            "",
            "mijn-gegevens/",
            "enquete/",
            "correctie/",
            "financieel/",
            "mening/",
            "gesprek/",
            "toestemming-intrekken/",
            "download/",
            "overzicht.pdf",
            "wissen/",
            "uitloggen/",
        )
    },
}
#: /beheer/ (Django's admin) is for staff: test_the_admin_lists_only_the_projects_one_administers


def routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            yield from routes(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def is_project_route(route: str) -> bool:
    if any(route.startswith(prefix) for prefix in NOT_A_PROJECT):
        return False
    return bool(re.search(r"<(int:)?pk>", route))


PARAM = re.compile(r"<(?:\w+:)?(\w+)>")

#: JSON bodies for the API's POST endpoints (a body that does not validate is refused before any
#: project is looked at: 422 for every project, existing or not)
API_BODIES = {
    "plans": {"name": "x", "plan": {"default": {"intervention": "none"}}},
    "risk": {"plan": "all-renew", "draws": 10},
}


def url(route: str, values: dict[str, Any]) -> str:
    return "/" + PARAM.sub(lambda m: str(values[m.group(1)]), route)


def request(client: Client, method: str, route: str, values: dict[str, Any]) -> Any:
    path = url(route, values)
    if method == "post" and route.startswith("api/"):
        body = API_BODIES.get(route.rsplit("/", 1)[-1], {"default": {"intervention": "none"}})
        response = client.post(path, json.dumps(body), content_type="application/json")
    else:
        response = getattr(client, method)(path)
    if isinstance(response, FileResponse):
        response.close()
    return response


@pytest.fixture
def two_projects(demo: Project) -> tuple[Project, Project, dict[str, Any]]:
    """Project A (the Voorbeeldwijk: team, begeleiding, and an administrator of A only) and project
    B (the Oostwijk) with one object of every kind a URL can name."""
    a = demo
    b = Project.objects.get(name="Oostwijk")
    ensure_seeded(b)
    roles.grant(a, User.objects.create_user("beheer-a", password="x"), roles.ADMIN, "test")
    User.objects.create_user("buitenstaander", password="x")
    owner = User.objects.get(username="team-oost")
    step = b.phases.first().steps.first()
    b_objects = {
        "step": step.pk,
        "doc": StepDocument.objects.create(
            step=step, title="kaart", file=ContentFile(b"x", name="k.txt"), uploaded_by=owner
        ).pk,
        "item": b.analysis.first().pk,
        "criterion": b.criteria.first().pk,
        "inv": b.invitations.first().pk,
        "meeting": Meeting.objects.create(
            project=b, kind="start", held_on="2026-03-01", title="Start"
        ).pk,
        "run": RiskRun.objects.create(
            project=b, plan="all-renew", draws=10, seed=1, status="done", created_by=owner
        ).pk,
        "name": SavedPlan.objects.create(
            project=b,
            name="oost-plan",
            plan={"default": {"intervention": "none"}},
            created_by=owner,
        ).name,
        "fmt": "pdf",
    }
    return a, b, b_objects


def values_for(route: str, pk: int, objects: dict[str, Any]) -> dict[str, Any]:
    out = {"pk": pk}
    for name in PARAM.findall(route):
        if name == "pk":
            continue
        key = "criterion" if name == "item" and "criterium" in route else name
        assert key in objects, f"{route}: give project B an object for <{name}> in the fixture"
        out[name] = objects[key]
    return out


MEMBERS_OF_A = ("team", "begeleiding", "beheer-a", "buitenstaander")


def test_every_url_and_api_endpoint_hides_another_project(
    two_projects: tuple[Project, Project, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """For every route with a project in its path, each role of project A (and a user without any
    role) gets 404 for project B — and B's membership rule (:func:`roles.project_for`) was asked: a
    view that looks the project up without the rule fails here. A's pages naming B's objects answer
    403 or 404."""
    a, b, objects = two_projects
    all_routes = set(routes())
    projectless = {r for r in all_routes if not is_project_route(r) and not r.startswith("beheer/")}
    assert projectless == set(PROJECTLESS), "a route without a project: add it to PROJECTLESS"
    asked: list[tuple[int, str | None]] = []
    real = roles._role

    def spy(request: Any, project_id: int) -> str | None:
        role = real(request, project_id)
        asked.append((project_id, role))
        return role

    monkeypatch.setattr(roles, "_role", spy)
    project_routes = sorted(r for r in all_routes if is_project_route(r))
    assert len(project_routes) >= 50  # the walk sees the app, the participation track and the API
    failures = []
    for username in MEMBERS_OF_A:
        client = client_for(username)
        for route in project_routes:
            statuses = {}
            for method in ("get", "post"):
                asked.clear()
                status = request(
                    client, method, route, values_for(route, b.pk, objects)
                ).status_code
                statuses[method] = status
                if status == 405:
                    continue
                if status != 404 or (b.pk, None) not in asked:
                    failures.append((username, method, route, status, "B: 404 by the rule"))
            if set(statuses.values()) == {405}:
                failures.append((username, "*", route, 405, "no method reaches the view"))
            if set(PARAM.findall(route)) - {"pk", "fmt"}:  # A's page with B's object
                for method in ("get", "post"):
                    status = request(client, method, route, values_for(route, a.pk, objects))
                    if status.status_code not in (403, 404, 405):
                        failures.append((username, method, route, status.status_code, "A+B obj"))
    assert not failures, "\n".join(map(str, failures))


def test_the_project_list_and_api_show_only_own_projects(
    two_projects: tuple[Project, Project, dict[str, Any]],
) -> None:
    a, b, _objects = two_projects
    for username, expected in (
        ("team", {"Voorbeeldwijk"}),
        ("begeleiding-oost", {"Oostwijk"}),
        ("projectleider", {"Voorbeeldwijk", "Oostwijk"}),
        ("beheer", {"Voorbeeldwijk", "Oostwijk"}),
        ("buitenstaander", set()),
    ):
        client = client_for(username)
        assert {p["name"] for p in client.get("/api/projects").json()} == expected, username
        html = client.get("/").content.decode()
        assert ("Oostwijk" in html) == ("Oostwijk" in expected), username
        assert (f'href="/projecten/{a.pk}/"' in html) == ("Voorbeeldwijk" in expected), username
    assert "van geen enkel project lid" in client_for("buitenstaander").get("/").content.decode()
    # the public page of an unpublished project: 404 for a member of another project and a guest
    assert client_for("team").get(f"/wijk/{b.pk}/").status_code == 404
    assert Client().get(f"/wijk/{b.pk}/").status_code == 404
    assert client_for("team-oost").get(f"/wijk/{b.pk}/").status_code == 200  # a member: preview
    assert Client().get(f"/wijk/{a.pk}/").status_code == 200  # the demo published the Voorbeeldwijk


def test_roles_within_a_project(two_projects: tuple[Project, Project, dict[str, Any]]) -> None:
    a, _b, _objects = two_projects
    members, audit = f"/projecten/{a.pk}/leden/", f"/projecten/{a.pk}/participatie/auditlog/"
    expected = {
        "begeleiding": (403, 403, 403),  # guidance: reads, never edits
        "team": (200, 403, 403),
        "beheer-a": (200, 200, 200),  # project administrator: members and audit log too
        "beheer": (200, 200, 200),  # municipality-wide administrator
    }
    for username, (edit, admin, log) in expected.items():
        client = client_for(username)
        assert client.get(f"/projecten/{a.pk}/plannen/nieuw/").status_code == edit, username
        assert client.get(members).status_code == admin, username
        assert client.get(audit).status_code == log, username


def test_the_project_administrator_manages_members_and_it_is_audit_logged(
    two_projects: tuple[Project, Project, dict[str, Any]],
) -> None:
    a, b, _objects = two_projects
    admin = client_for("beheer-a")
    url = f"/projecten/{a.pk}/leden/"
    page = admin.get(url).content.decode()
    assert 'data-user="team"' in page and 'data-user="team-oost"' not in page
    # a member of the other project joins A's guidance group: now sees A, still B
    assert client_for("team-oost").get(f"/projecten/{a.pk}/").status_code == 404
    response = admin.post(url, {"username": "team-oost", "role": "guidance"})
    assert response.status_code == 302
    assert Membership.objects.get(project=a, user__username="team-oost").role == "guidance"
    oost = client_for("team-oost")
    assert oost.get(f"/projecten/{a.pk}/").status_code == 200
    assert oost.get(f"/projecten/{a.pk}/plannen/nieuw/").status_code == 403  # guidance in A
    assert oost.get(f"/projecten/{b.pk}/plannen/nieuw/").status_code == 200  # team in B
    admin.post(url, {"username": "team-oost", "role": "team"})  # a role change
    member = Membership.objects.get(project=a, user__username="team-oost")
    assert member.role == "team"
    admin.post(url, {"remove": member.pk})
    assert client_for("team-oost").get(f"/projecten/{a.pk}/").status_code == 404
    entries = AuditEntry.objects.filter(
        project_id=a.pk, object_type="membership", actor="user:beheer-a"
    )
    assert [(e.action, e.changes["role"]) for e in entries.order_by("pk")] == [
        ("grant", [None, "guidance"]),
        ("grant", ["guidance", "team"]),
        ("revoke", ["team", None]),
    ]
    assert all(e.changes["user"] == "team-oost" for e in entries)
    assert "team-oost" in admin.get(url).content.decode()  # the page lists the changes
    # unknown accounts are refused; the administrator cannot lock themselves out
    assert (
        "Geen actief account"
        in admin.post(url, {"username": "niemand", "role": "team"}).content.decode()
    )
    own = Membership.objects.get(project=a, user__username="beheer-a")
    admin.post(url, {"remove": own.pk})
    admin.post(url, {"username": "beheer-a", "role": "guidance"})
    assert Membership.objects.get(pk=own.pk).role == "admin"
    # an administrator of A cannot touch B's members (B does not exist for them)
    assert (
        admin.post(f"/projecten/{b.pk}/leden/", {"username": "team", "role": "admin"}).status_code
        == 404
    )


def test_grant_and_revoke_commands_are_audit_logged(
    two_projects: tuple[Project, Project, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    _a, b, _objects = two_projects
    call_command("grant", "--user", "begeleiding", "--project", str(b.pk), "--role", "team")
    assert Membership.objects.get(project=b, user__username="begeleiding").role == "team"
    assert client_for("begeleiding").get(f"/projecten/{b.pk}/plannen/nieuw/").status_code == 200
    with pytest.raises(CommandError, match="rol team"):
        call_command("revoke", "--user", "begeleiding", "--project", str(b.pk), "--role", "admin")
    call_command("revoke", "--user", "begeleiding", "--project", str(b.pk), "--role", "team")
    assert client_for("begeleiding").get(f"/projecten/{b.pk}/").status_code == 404
    with pytest.raises(CommandError, match="geen lid"):
        call_command("revoke", "--user", "begeleiding", "--project", str(b.pk))
    with pytest.raises(CommandError, match="geen project"):
        call_command("grant", "--user", "team", "--project", "99999", "--role", "team")
    with pytest.raises(CommandError):
        call_command("grant", "--user", "team", "--project", str(b.pk), "--role", "stemmer")
    entries = AuditEntry.objects.filter(project_id=b.pk, object_type="membership").order_by("pk")
    mine = [e for e in entries if e.changes["user"] == "begeleiding"]
    assert [(e.action, e.changes["role"]) for e in mine] == [
        ("grant", [None, "team"]),
        ("revoke", ["team", None]),
    ]
    assert all(e.actor.startswith("commando:") for e in mine)
    assert "is team in Oostwijk" in capsys.readouterr().out


def test_the_command_runs_as_python_m_wijkaanpak_web_manage(
    two_projects: tuple[Project, Project, dict[str, Any]],
) -> None:
    """The documented entry point lists the commands (the database of a subprocess is not the
    test's, so the effect is tested through call_command above)."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "wijkaanpak.web.manage", "help", "grant"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--user" in out and "--project" in out and "team,guidance,admin" in out


def test_starting_a_project_makes_the_starter_its_administrator(
    two_projects: tuple[Project, Project, dict[str, Any]],
) -> None:
    assert client_for("begeleiding").get("/projecten/nieuw/").status_code == 403  # no permission
    team = client_for("team")
    assert team.post("/projecten/nieuw/", {"name": "Westwijk"}).status_code == 302
    west = Project.objects.get(name="Westwijk")
    assert Membership.objects.get(project=west).user.username == "team"
    assert Membership.objects.get(project=west).role == "admin"
    assert client_for("team-oost").get(f"/projecten/{west.pk}/").status_code == 404
    assert AuditEntry.objects.filter(project_id=west.pk, action="grant").count() == 1


def test_the_admin_lists_only_the_projects_one_administers(
    two_projects: tuple[Project, Project, dict[str, Any]],
) -> None:
    a, b, _objects = two_projects
    staff = User.objects.get(username="beheer-a")
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_project", "view_membership", "view_auditentry", "view_step"]
        )
    )
    client = client_for("beheer-a")
    projects = client.get("/beheer/projects/project/").content.decode()
    assert "Voorbeeldwijk" in projects and "Oostwijk" not in projects
    memberships = client.get("/beheer/projects/membership/").content.decode()
    assert "team-oost" not in memberships and "begeleiding" in memberships
    assert client.get(f"/beheer/projects/project/{b.pk}/change/").status_code in (302, 404)
    from django.contrib import admin
    from django.test import RequestFactory

    from wijkaanpak.web.participation.models import Step

    request = RequestFactory().get("/beheer/")
    request.user = staff
    for model, project_of in ((Step, lambda s: s.phase.project_id), (AuditEntry, None)):
        rows = admin.site._registry[model].get_queryset(request)
        found = {project_of(r) if project_of else r.project_id for r in rows}
        assert found == {a.pk}, model
    # the superuser sees both
    everything = client_for("beheer").get("/beheer/projects/project/").content.decode()
    assert "Voorbeeldwijk" in everything and "Oostwijk" in everything


def test_a_membership_changed_in_the_admin_is_audit_logged(
    two_projects: tuple[Project, Project, dict[str, Any]],
) -> None:
    _a, b, _objects = two_projects
    user = User.objects.get(username="buitenstaander")
    response = client_for("beheer").post(
        "/beheer/projects/membership/add/", {"user": user.pk, "project": b.pk, "role": "guidance"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member = Membership.objects.get(user=user)
    client_for("beheer").post(f"/beheer/projects/membership/{member.pk}/delete/", {"post": "yes"})
    assert not Membership.objects.filter(user=user).exists()
    entries = AuditEntry.objects.filter(project_id=b.pk, actor="user:beheer").order_by("pk")
    assert [e.action for e in entries] == ["grant", "revoke"]


def test_the_demo_has_two_projects_with_different_teams(demo: Project) -> None:
    oost = Project.objects.get(name="Oostwijk")

    def members(project: Project) -> dict[str, str]:
        return dict(project.memberships.values_list("user__username", "role"))

    assert members(demo) == {"team": "team", "begeleiding": "guidance", "projectleider": "admin"}
    assert members(oost) == {
        "team-oost": "team",
        "begeleiding-oost": "guidance",
        "projectleider": "admin",
    }
    assert User.objects.get(username="beheer").is_superuser
    assert client_for("team").get(f"/projecten/{oost.pk}/").status_code == 404
    assert client_for("team-oost").get(f"/projecten/{demo.pk}/").status_code == 404
    call_command("demo_setup")  # idempotent
    assert members(demo)["team"] == "team" and Project.objects.count() == 2


def test_the_migration_turns_global_groups_into_memberships_of_every_project(
    transactional_db: None,
) -> None:
    """Upgrading keeps working: members of the former global groups become members of every
    existing project (team over guidance), audit-logged; the former team may still start projects."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("projects", "0002_riskrun"), ("participation", "0005_attendance_reach_public_page")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldUser = old.get_model("auth", "User")
    OldGroup = old.get_model("auth", "Group")
    OldProject = old.get_model("projects", "Project")
    analyst = OldUser.objects.create(username="analist")
    both = OldUser.objects.create(username="beide")
    reader = OldUser.objects.create(username="lezer")
    team = OldGroup.objects.create(name="projectteam")
    guidance = OldGroup.objects.create(name="begeleidingsgroep")
    analyst.groups.add(team)
    both.groups.add(team, guidance)
    reader.groups.add(guidance)
    for name in ("Noord", "Zuid"):
        OldProject.objects.create(name=name, created_by=analyst)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    got = set(Membership.objects.values_list("user__username", "project__name", "role"))
    assert got == {
        (user, project, role)
        for user, role in (("analist", "team"), ("beide", "team"), ("lezer", "guidance"))
        for project in ("Noord", "Zuid")
    }
    assert AuditEntry.objects.filter(action="grant", actor="migratie").count() == 6
    assert User.objects.get(username="analist").has_perm("projects.add_project")
    assert not User.objects.get(username="lezer").has_perm("projects.add_project")
    assert Group.objects.filter(name="projectteam").exists()  # kept, but grants nothing any more
    assert roles.visible_projects(User.objects.get(username="lezer")).count() == 2
