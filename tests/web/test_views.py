"""Who may see and do what, per view and per role (issue #6 §4–5); runs on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.web.conftest import client_for
from wijkaanpak.web.projects.models import Project, SavedPlan

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(demo: Project) -> None:
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_login_page_is_dutch_and_says_who_may_see_it(demo: Project) -> None:
    html = Client().get("/inloggen/").content.decode()
    assert "Inloggen" in html and "Zichtbaar voor" in html


def test_team_member_sees_the_plans_side_by_side(demo: Project) -> None:
    html = client_for("team").get(f"/projecten/{demo.pk}/").content.decode()
    assert "FICTIEVE wijk" in html and "all-renew" in html and "mix" in html
    assert "Zichtbaar voor: projectteam, begeleidingsgroep en beheerders" in html
    assert "Nieuw plan" in html


def test_plan_page_shows_the_mkba_tables_from_the_engine(demo: Project) -> None:
    import re

    from wijkaanpak.web.projects import services

    html = client_for("team").get(f"/projecten/{demo.pk}/").content.decode()
    assert "MKBA: effecten tegenover het nulalternatief" in html and ">PM<" in html
    balances = re.findall(r'data-plan="([^"]+)" data-key="mkba">([^<]+)<', html)
    engine = services.summary(services.evaluate(demo, "all-repair"))["mkba"]["balance_eur"]
    assert dict(balances)["all-none"] == "0"
    shown = float(
        dict(balances)["all-repair"].replace(".", "").replace(",", ".").replace("\xa0", "")
    )
    assert shown == pytest.approx(engine, abs=1)  # Dutch thousands separator, whole euros
    assert 'data-key="distribution:society"' in html and "overige samenleving" in html
    english = client_for("team")
    english.cookies["django_language"] = "en"
    assert "Housing services" in english.get(f"/projecten/{demo.pk}/").content.decode()


def test_guidance_group_reads_results_but_cannot_edit(demo: Project) -> None:
    client = client_for("begeleiding")
    html = client.get(f"/projecten/{demo.pk}/").content.decode()
    assert "Exploitatieresultaat" in html and "Nieuw plan" not in html
    assert client.get(f"/projecten/{demo.pk}/plannen/nieuw/").status_code == 403
    assert client.get("/projecten/nieuw/").status_code == 403


def test_user_without_a_role_sees_nothing(demo: Project) -> None:
    User.objects.create_user("buitenstaander", password="x")
    client = client_for("buitenstaander")
    listing = client.get("/").content.decode()
    assert "Voorbeeldwijk" not in listing and "van geen enkel project lid" in listing
    assert client.get(f"/projecten/{demo.pk}/").status_code == 404  # not a member: no project
    assert client.get("/projecten/nieuw/").status_code == 403


def test_team_saves_a_plan_and_a_broken_plan_is_explained(demo: Project) -> None:
    client = client_for("team")
    url = f"/projecten/{demo.pk}/plannen/nieuw/"
    bad = client.post(
        url,
        {
            "name": "fout",
            "plan": "default: {intervention: repair}\nblocks:\n  ZZZ: {intervention: renew}\n",
        },
    )
    assert (
        bad.status_code == 200
        and "blocks.ZZZ: dit blok staat niet in de wijk" in bad.content.decode()
    )
    good = client.post(
        url,
        {
            "name": "hoek",
            "plan": "default: {intervention: repair}\nblocks:\n  B1A01: {intervention: renew, densification: 1.5}\n",
        },
    )
    assert good.status_code == 302
    assert SavedPlan.objects.get(name="hoek").plan["blocks"]["B1A01"]["intervention"] == "renew"
    assert "hoek" in client.get(f"/projecten/{demo.pk}/").content.decode()


def test_api_requires_authentication(demo: Project) -> None:
    assert Client().get("/api/projects").status_code in (401, 403)


def test_api_evaluates_a_plan_for_an_analyst_with_basic_auth(demo: Project) -> None:
    token = base64.b64encode(b"team:voorbeeldwijk").decode()
    # a script has no CSRF cookie: Basic auth must work with CSRF checks on
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Basic {token}")
    projects = client.get("/api/projects").json()
    assert projects[0]["name"] == "Voorbeeldwijk"
    named = client.get(f"/api/projects/{demo.pk}/evaluate/all-renew").json()
    assert named["plan"] == "all-renew" and "npv_eur" in named["exploitation"]
    mkba = named["mkba"]  # issue #11: the MKBA with its distribution, in the API too
    assert sum(mkba["distribution"].values()) == pytest.approx(mkba["balance_eur"], abs=1)
    assert "npv_eur" in named["maintenance"] and mkba["discount_rate_pct"] == 2.25
    plan = {
        "default": {"intervention": "repair"},
        "blocks": {"B1A01": {"intervention": "renew", "densification": 1.5}},
    }
    posted = client.post(
        f"/api/projects/{demo.pk}/evaluate", json.dumps(plan), content_type="application/json"
    )
    assert posted.status_code == 200, posted.content
    result = posted.json()
    assert result["counts"]["demolished"] == 20  # block B1A01 has 20 homes (Voorbeeldwijk)
    assert "blocks" not in result  # aggregates only
    sweep = client.get(f"/api/projects/{demo.pk}/sweep/all-renew?step=0.5").json()
    assert [p["densification"] for p in sweep] == [1.0, 1.5, 2.0, 2.5]


@pytest.mark.parametrize("step", ["0", "nan", "inf", "-0.1", "0.0002", "99"])
def test_the_sweep_refuses_unbounded_or_senseless_steps(demo: Project, step: str) -> None:
    client = client_for("team")
    named = client.get(f"/api/projects/{demo.pk}/sweep/all-renew?step={step}")
    posted = client.post(
        f"/api/projects/{demo.pk}/sweep?step={step}",
        json.dumps({"default": {"intervention": "renew"}}),
        content_type="application/json",
    )
    assert named.status_code == 422 and posted.status_code == 422
    assert "step must be" in named.json()["detail"]


@pytest.mark.parametrize(
    "name", ["..%2F..%2Fetc%2Fpasswd", "examples%2Fplans%2Fmix-voorbeeldwijk.yaml", "nope"]
)
def test_a_plan_name_in_a_url_is_never_a_file_on_the_server(demo: Project, name: str) -> None:
    client = client_for("team")
    assert client.get(f"/api/projects/{demo.pk}/evaluate/{name}").status_code == 404
    assert client.get(f"/api/projects/{demo.pk}/sweep/{name}").status_code == 404


def test_a_plan_outside_the_horizon_is_explained_by_the_api(demo: Project) -> None:
    plan = {"default": {"intervention": "renew", "start_year": 2055}}
    response = client_for("team").post(
        f"/api/projects/{demo.pk}/evaluate", json.dumps(plan), content_type="application/json"
    )
    assert response.status_code == 422 and "start_year" in response.json()["detail"]


def test_api_guidance_group_cannot_save_plans(demo: Project) -> None:
    token = base64.b64encode(b"begeleiding:voorbeeldwijk").decode()
    client = Client(HTTP_AUTHORIZATION=f"Basic {token}")
    payload = {"name": "x", "plan": {"default": {"intervention": "none"}}}
    response = client.post(
        f"/api/projects/{demo.pk}/plans", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 403


def test_openapi_document_is_served(demo: Project) -> None:
    spec = client_for("team").get("/api/openapi.json").json()
    assert "/api/projects/{pk}/evaluate" in spec["paths"]


def test_blocks_geojson_is_in_wgs84_near_dordrecht(demo: Project) -> None:
    data = client_for("begeleiding").get(f"/api/projects/{demo.pk}/blocks").json()
    assert data["fictional"] is True and len(data["features"]) == 92
    lon, lat = data["features"][0]["geometry"]["coordinates"][0][0][:2]
    assert 4.5 < lon < 4.8 and 51.7 < lat < 51.9  # RD New (104-106 km, 423 km) -> Dordrecht area
    assert {"block_id", "foundation", "damage", "subsidence", "dwellings"} <= set(
        data["features"][0]["properties"]
    )


def test_map_page_offers_editing_to_the_team_only(demo: Project) -> None:
    team = client_for("team").get(f"/projecten/{demo.pk}/kaart/").content.decode()
    guidance = client_for("begeleiding").get(f"/projecten/{demo.pk}/kaart/").content.decode()
    assert 'id="save"' in team and 'id="save"' not in guidance
    assert "vendor/leaflet/leaflet.js" in team and "Zichtbaar voor" in guidance


def test_guidance_group_downloads_the_report(demo: Project) -> None:
    client = client_for("begeleiding")
    pdf = client.get(f"/projecten/{demo.pk}/rapport.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content[:4] == b"%PDF"
    assert client.get(f"/projecten/{demo.pk}/rapport.doc").status_code == 404
    # the web app's report is the same accessible PDF as the command's (issue #20)
    from io import BytesIO

    from pypdf import PdfReader

    from tests.pdf_checks import assert_accessible

    meta = PdfReader(BytesIO(pdf.content)).metadata
    assert meta is not None and str(meta.title).startswith("Wijkaanpak funderingen — ")
    assert_accessible(pdf.content, lang="nl", title=str(meta.title))


def test_the_workbook_download_holds_every_plan_with_the_engines_balance(demo: Project) -> None:
    # the xlsx is built without the PDF; its overview must still list the four built-in plans
    # with the MKBA balance that `evaluate` computes for the same data (independent path: the
    # shipped Voorbeeldwijk read and prepared here, not the web app's cached inputs)
    from io import BytesIO

    from openpyxl import load_workbook

    from wijkaanpak.analysis.evaluate import evaluate_plan, prepare_inputs
    from wijkaanpak.io.assumptions import load_assumptions
    from wijkaanpak.io.neighbourhood import read_neighbourhood

    response = client_for("team").get(f"/projecten/{demo.pk}/rapport.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["Overzicht"]
    rows = {r[0]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    inputs = prepare_inputs(read_neighbourhood(), load_assumptions())
    for plan in ("all-none", "all-repair", "all-renew", "mix"):
        assert rows[plan] == round(evaluate_plan(plan, inputs).societal_npv, 2)


def test_the_download_filename_is_quoted_and_escaped(demo: Project) -> None:
    # a project name with quotes and a semicolon must not add a second filename parameter
    # (RFC 6266: quoted-string with backslash escapes; non-ASCII names as filename*=utf-8'')
    demo.name = 'Wijk "Noord"; filename=x.exe'
    demo.save()
    xlsx = client_for("team").get(f"/projecten/{demo.pk}/rapport.xlsx")
    assert xlsx.status_code == 200
    expected = 'attachment; filename="Wijk \\"Noord\\"; filename=x.exe-exploitatie.xlsx"'
    assert xlsx["Content-Disposition"] == expected
    demo.name = "Wijk Zuid–Oost é"
    demo.save()
    wide = client_for("team").get(f"/projecten/{demo.pk}/rapport.xlsx")["Content-Disposition"]
    assert wide.startswith("attachment; filename*=utf-8''") and '"' not in wide


def test_error_pages_are_dutch_in_the_design_system(demo: Project) -> None:
    missing = client_for("team").get("/bestaat-niet/")
    assert missing.status_code == 404
    page = missing.content.decode()
    assert "Pagina niet gevonden" in page and "utrecht-heading-1" in page
    assert "Not Found" not in page  # not Django's plain English page
    english = client_for("team")
    english.cookies["django_language"] = "en"
    assert "Page not found" in english.get("/bestaat-niet/").content.decode()
    # the guidance group may not record a go/no-go decision (a role rule): a Dutch 403 page
    url = f"/projecten/{demo.pk}/participatie/go-no-go/"
    refused = client_for("begeleiding").post(url, {"d-plan": "mix"})
    assert refused.status_code == 403 and "Geen toegang" in refused.content.decode()
    from django.test import RequestFactory
    from django.views.defaults import server_error  # Django's 500 view renders our 500.html

    error = server_error(RequestFactory().get("/"))
    assert error.status_code == 500 and "Er ging iets mis" in error.content.decode()


def test_api_docs_work_offline_under_the_policy() -> None:
    docs = Client().get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    bundle = Client().get("/static/ninja/swagger-ui-bundle.js")
    body = b"".join(bundle.streaming_content)  # type: ignore[attr-defined]
    bundle.close()
    assert bundle.status_code == 200 and b"SwaggerUIBundle" in body


def test_english_is_available(demo: Project) -> None:
    client = client_for("begeleiding")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/projecten/{demo.pk}/").content.decode()
    assert "Plans side by side" in html and "Visible to" in html
    # Dutch first: a browser asking for English gets Dutch until the user chooses English
    dutch = (
        client_for("team")
        .get(f"/projecten/{demo.pk}/", HTTP_ACCEPT_LANGUAGE="en-US,en")
        .content.decode()
    )
    assert "Plannen naast elkaar" in dutch


def test_translations_are_compiled_and_complete() -> None:
    from pathlib import Path

    import wijkaanpak.web

    folder = Path(wijkaanpak.web.__file__).parent / "locale" / "en" / "LC_MESSAGES"
    po = (folder / "django.po").read_text("utf-8")
    assert 'msgstr ""\n\n' not in po.split("\n\n", 1)[1]  # every string after the header translated
    assert "#, fuzzy" not in po and "#| msgid" not in po  # no guessed translations left to check
    assert (folder / "django.mo").stat().st_mtime >= (folder / "django.po").stat().st_mtime - 1


def test_every_marked_string_in_the_web_app_has_an_english_translation() -> None:
    """Templates' {% translate "…" %} and code's _("…") literals are all in the catalogue, so a new
    page cannot ship Dutch-only (makemessages needs gettext, which CI does not install)."""
    import re
    from pathlib import Path

    from django.utils.translation import gettext as translate
    from django.utils.translation import override

    import wijkaanpak.web

    root = Path(wijkaanpak.web.__file__).parent
    found = set()
    for path in root.rglob("*.html"):
        text = path.read_text("utf-8")
        found |= set(re.findall(r'{% translate "([^"]+)"', text))
        found |= set(re.findall(r"{% translate '([^']+)'", text))  # e.g. inside an attribute
    for path in root.rglob("*.py"):
        if "migrations" not in path.parts:
            found |= set(
                # also wrapped by the formatter: _(\n    "…"\n)
                re.findall(r'\b(?:_|gettext_lazy)\(\s*"([^"\n]+)"\s*\)', path.read_text("utf-8"))
            )
    assert len(found) > 300  # the scan sees the app's strings
    with override("en"):
        missing = sorted(m for m in found if translate(m) == m and m not in SAME_IN_ENGLISH)
    assert not missing, ", ".join(missing)


#: Strings that are the same in English.
SAME_IN_ENGLISH = {
    *("go", "no go", "Go / no go", "dilemma", "≤", "≥", "code", "Code", "open", "Start", "start"),
    *("status", "Status", "Object", "Plan", "Scenario", "scenario", "Stakeholder", "stakeholder"),
    "parameter",
}


def test_uploaded_neighbourhood_is_validated_in_the_form(demo: Project, tmp_path: object) -> None:
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import EXAMPLES
    from wijkaanpak.io.neighbourhood import read_neighbourhood, write_neighbourhood

    client = client_for("team")
    wrong = SimpleUploadedFile("wijk.csv", b"a,b\n1,2\n")
    response = client.post("/projecten/nieuw/", {"name": "Fout", "neighbourhood": wrong})
    assert "Upload een GeoPackage" in response.content.decode()
    gpkg = Path(str(tmp_path)) / "mini.gpkg"
    write_neighbourhood(read_neighbourhood(EXAMPLES / "mini"), gpkg)
    good = SimpleUploadedFile("mini.gpkg", gpkg.read_bytes())
    response = client.post("/projecten/nieuw/", {"name": "Miniwijk", "neighbourhood": good})
    assert response.status_code == 302
    project = Project.objects.get(name="Miniwijk")
    assert "Miniwijk" in client.get(f"/projecten/{project.pk}/").content.decode()
    assert len(client.get(f"/api/projects/{project.pk}/blocks").json()["features"]) == 2
    # a GeoPackage that does not validate: the issues name the uploaded file, its layer, row
    # and field — never the server's temporary copy (a path under /tmp)
    broken = Path(str(tmp_path)) / "kapot.gpkg"
    mini = read_neighbourhood(EXAMPLES / "mini")
    mini.dwellings.iloc[0, mini.dwellings.columns.get_loc("build_year")] = 3020
    write_neighbourhood(mini, broken)
    response = client.post(
        "/projecten/nieuw/",
        {"name": "Kapot", "neighbourhood": SimpleUploadedFile("kapot.gpkg", broken.read_bytes())},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "kapot.gpkg" in page and "build_year" in page
    assert "/tmp" not in page and "wijk.gpkg" not in page


def test_assumptions_are_edited_with_unit_and_source(demo: Project) -> None:
    url = f"/projecten/{demo.pk}/aannames/"
    guidance = client_for("begeleiding").get(url).content.decode()
    assert (
        "renewal.demolition" in guidance
        and "EUR/dwelling" in guidance
        and 'name="value:' not in guidance
    )
    assert client_for("begeleiding").post(url, {}).status_code == 403
    team = client_for("team")
    missing = team.post(url, {"value:renewal.demolition": "20000"}).content.decode()
    assert "renewal.demolition: geef de bron van de nieuwe waarde" in missing
    ok = team.post(
        url,
        {"value:renewal.demolition": "20000", "source:renewal.demolition": "offerte sloper 2026"},
    )
    assert ok.status_code == 302
    demo.refresh_from_db()
    assert "offerte sloper 2026" in demo.assumptions_yaml
    page = team.get(url).content.decode()
    assert "offerte sloper 2026" in page and "(aangepast)" in page


def test_a_norm_of_one_year_can_be_changed_too(demo: Project) -> None:
    url = f"/projecten/{demo.pk}/aannames/"
    response = client_for("team").post(
        url, {"value:mortgage.aow_age.2026": "67.25", "source:mortgage.aow_age.2026": "test"}
    )
    assert response.status_code == 302
    demo.refresh_from_db()
    assert "2026:" in demo.assumptions_yaml and "67.25" in demo.assumptions_yaml


def test_staff_login_locks_out_after_five_failures(demo: Project) -> None:
    # django-axes: 5 wrong passwords for one username from one address → 15 minutes locked out,
    # also for the right password; other users are not affected.
    client = Client()
    for _ in range(5):
        client.post("/inloggen/", {"username": "team", "password": "fout"})
    locked = client.post("/inloggen/", {"username": "team", "password": "voorbeeldwijk"})
    assert locked.status_code == 429 and "Tijdelijk geblokkeerd" in locked.content.decode()
    other = client.post("/inloggen/", {"username": "begeleiding", "password": "voorbeeldwijk"})
    assert other.status_code == 302
    basic = base64.b64encode(b"team:voorbeeldwijk").decode()
    api = Client().get("/api/projects", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert api.status_code in (401, 403, 429)  # the API's Basic auth is locked too


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/inloggen/",
        "/projecten/{pk}/",
        "/projecten/{pk}/kaart/",
        "/projecten/{pk}/risico/",
        "/projecten/{pk}/voorstel/",
    ],
)
def test_every_page_has_a_strict_content_security_policy(demo: Project, path: str) -> None:
    response = client_for("team").get(path.format(pk=demo.pk))
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]


def test_templates_have_no_inline_script_or_event_handlers() -> None:
    """What the policy forbids must not be in the templates: it would silently stop working."""
    import re
    from pathlib import Path

    import wijkaanpak.web

    root = Path(wijkaanpak.web.__file__).parent
    for path in root.rglob("*.html"):
        text = path.read_text("utf-8")
        assert not re.search(r"\son[a-z]+\s*=", text), f"{path.name}: inline event handler"
        assert "javascript:" not in text, f"{path.name}: javascript: URL"
        for tag in re.findall(r"<script[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, f"{path.name}: {tag}"


def test_basic_auth_is_limited_per_address_before_any_password_is_hashed(
    demo: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #16 §6: each Basic attempt hashes a password (≈ 0.25 s, unknown users too); after
    BASIC.attempts failures from one address the API answers 429 without hashing."""
    from wijkaanpak.web.security import api_auth

    hashed: list[str] = []
    real = api_auth.authenticate

    def counting(request: object, username: str, password: str) -> object:
        hashed.append(username)
        return real(request, username=username, password=password)

    monkeypatch.setattr(api_auth, "authenticate", counting)
    client = Client()
    codes = []
    limit = api_auth.BASIC.attempts
    for i in range(limit + 5):
        basic = base64.b64encode(f"onbekend{i}:fout".encode()).decode()
        codes.append(client.get("/api/projects", HTTP_AUTHORIZATION=f"Basic {basic}").status_code)
    assert len(hashed) == limit
    assert codes[-5:] == [429] * 5 and 429 not in codes[:limit]
    # another address is not affected
    basic = base64.b64encode(b"team:voorbeeldwijk").decode()
    other = Client(REMOTE_ADDR="10.0.0.9").get("/api/projects", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert other.status_code == 200
