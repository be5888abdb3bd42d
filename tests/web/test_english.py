"""English mode shows no Dutch interface text (issue #16 §10): not in the templates outside
``{% translate %}``, not in the map's script, not on the rendered pages. The map's texts drawn by
its script (legend, tooltips, charts, live region) are checked in Chromium in
``test_accessibility.py`` (``test_the_map_in_english_has_no_dutch_interface_text``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import wijkaanpak.web
from tests.web.conftest import client_for
from tests.web.english import dutch_in, dutch_words, visible_text
from wijkaanpak.web.participation.models import AuditEntry, Invitation
from wijkaanpak.web.projects.models import Project

WEB = Path(wijkaanpak.web.__file__).parent
#: Text in templates that is the same in both languages: the product's name, file formats, the
#: language button (each language in its own name) and command lines shown as code.
SAME = {"wijkaanpak", "PDF", "HTML", "Excel", "PM", "English", "Nederlands", "NAAM", "Bearer"}
DJANGO = re.compile(r"{%.*?%}|{{.*?}}", re.S)


def _template_text(source: str) -> tuple[list[str], list[str]]:
    """Words in a template's text and in its named attributes that are outside every
    ``{% translate %}`` / ``{% blocktranslate %}``, code examples left out."""
    s = re.sub(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", source, flags=re.S)
    s = re.sub(r"{%\s*blocktranslate.*?endblocktranslate\s*%}", " ", s, flags=re.S)
    s = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", s, flags=re.S)
    s = DJANGO.sub(" ", s)
    attributes = []
    for tag in re.findall(r"<[a-zA-Z][^>]*>", s):
        for name, value in re.findall(r'\b(aria-label|title|placeholder|alt|value)="([^"]*)"', tag):
            text_input = tag.startswith("<input") and not re.search(r'type="(?!text|search)', tag)
            if (name != "value" or text_input) and re.search(r"[A-Za-zÀ-ÿ]{2,}", value):
                attributes.append(f"{name}={value}")
    text = re.sub(r"<[^>]*>|&[a-z#0-9]+;", " ", s)
    words = [w for w in text.split() if re.search(r"[A-Za-zÀ-ÿ]{2,}", w)]
    return [w for w in words if w.strip("().,:;") not in SAME and "/" not in w], attributes


def test_templates_show_no_text_outside_a_translation() -> None:
    """Would have caught the map's title, its charts' names, the plan's default name "mijn plan"
    and the report links "HTML (interactief)" and "12 van 40" on the project page."""
    found = {}
    for path in sorted(WEB.rglob("*.html")):
        if path.name == "500.html":  # bilingual on purpose: it renders without the request
            continue
        words, attributes = _template_text(path.read_text("utf-8"))
        if words or attributes:
            found[str(path.relative_to(WEB))] = words + attributes
    assert not found, found


def test_the_template_check_finds_untranslated_text() -> None:
    words, attributes = _template_text(
        '<p>{% translate "ja" %} van {{ n }}</p><svg aria-label="saldo per jaar"></svg>'
        '<input id="x" value="mijn plan"><option value="repair">{% translate "x" %}</option>'
    )
    assert words == ["van"] and attributes == ["aria-label=saldo per jaar", "value=mijn plan"]


def _script_texts(code: str) -> list[str]:
    """The string literals of a script that could be text for people: not comments, not object
    keys (``"houten palen": "#f28e2b"`` names a value of the API) and not a single lower-case
    word (a form field or query parameter such as ``"ingreep"``)."""
    code = re.sub(r"^\s*//[^\n]*|\s//[^\n]*|/\*.*?\*/", " ", code, flags=re.S | re.M)
    literal = r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`([^`]*)`'
    texts = []
    for match in re.finditer(literal, code):
        text = next(part for part in match.groups() if part is not None)
        if re.match(r"\s*:", code[match.end() :]) or re.fullmatch(r"[a-z_]+", text):
            continue
        texts.append(text)
    return texts


def test_the_script_check_finds_text() -> None:
    code = """const c = {"houten palen": "#f28e2b"}; // uitleg
    box.textContent = "licht = weinig, donker = veel bodemdaling (mm/jaar)"; form.elements["ingreep"];"""
    assert _script_texts(code) == ["#f28e2b", "licht = weinig, donker = veel bodemdaling (mm/jaar)"]


def test_the_scripts_carry_no_dutch_text_of_their_own() -> None:
    """Every text the page scripts write comes from the page (translated by Django); before,
    map.js wrote the subsidence legend "licht = weinig, donker = veel bodemdaling (mm/jaar)"."""
    assert {"bodemdaling", "verdichting", "blokken"} <= dutch_words()  # the vocabulary works
    found = {}
    for path in sorted((WEB / "static" / "wijkaanpak").glob("*.js")):
        words = dutch_in(" ".join(_script_texts(path.read_text("utf-8"))))
        if words:
            found[path.name] = words
    assert not found, found


#: (role, url name, keyword arguments) of the pages checked in English (the audit log: before,
#: its actions "bekeken", "lidmaatschap gegeven of gewijzigd" stayed Dutch); the pages that show the
#: seeded participation blueprint (phases, steps, stakeholders, questionnaire, criteria) are
#: left out: that text is project data, in Dutch, which the team edits (see docs/web.md).
PAGES = [
    (None, "login", ()),
    (None, "resident-sign-in", ()),
    ("team", "project-list", ()),
    ("team", "project-new", ()),
    ("team", "project-detail", ("pk",)),
    ("team", "plan-new", ("pk",)),
    ("team", "project-map", ("pk",)),
    ("begeleiding", "project-map", ("pk",)),
    ("team", "project-risk", ("pk",)),
    ("team", "project-optimise", ("pk",)),
    ("team", "participation-invitations", ("pk",)),
    ("team", "participation-reach", ("pk",)),
    ("begeleiding", "participation-reach", ("pk",)),
    ("team", "participation-meetings", ("pk",)),
    ("team", "participation-consultation", ("pk",)),
    ("team", "participation-household", ("pk", "inv")),
    ("projectleider", "project-members", ("pk",)),
    ("team", "api-tokens", ()),
    ("beheer", "participation-audit", ("pk",)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "keys"), PAGES)
def test_english_pages_show_no_dutch_interface_text(
    demo: Project, role: str | None, name: str, keys: tuple[str, ...]
) -> None:
    invitation = Invitation.objects.filter(project=demo).order_by("pk").first()
    assert invitation is not None
    ids = {"pk": demo.pk, "inv": invitation.pk}
    client = client_for(role) if role else Client()
    client.cookies["django_language"] = "en"
    response = client.get(reverse(name, kwargs={k: ids[k] for k in keys}))
    assert response.status_code == 200
    # data, Dutch in every language: the project's description, streets and addresses, the
    # reasons written into the (immutable) audit log
    streets = tuple(Invitation.objects.values_list("address", flat=True))
    reasons = tuple(AuditEntry.objects.exclude(reason="").values_list("reason", flat=True))
    data = (demo.description, *streets, *sorted(reasons, key=len, reverse=True))
    assert not dutch_in(visible_text(response.content.decode()), data)
