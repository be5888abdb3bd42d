"""Validation messages in the interface's language, all at once and with their place (issue #16
§10: Dutch mode showed pydantic's English ``Input should be 'none', 'repair' or 'renew'``, only the
first error, and no unknown block when another key was wrong); the map's table of blocks search
(the valid part of a search applies; "Geen blokken gevonden"; a focusable skip target)."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from pydantic import BaseModel, Field, ValidationError

from tests.web.conftest import client_for
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.web.projects.models import Project, SavedPlan
from wijkaanpak.web.validation import check_plan, message

pytestmark = pytest.mark.django_db

#: Three different errors: a wrong intervention, densification above the model's 4.0
#: (``Intervention.densification``, ``le=4.0``) and a block that is not in the Voorbeeldwijk.
BAD_PLAN = {
    "default": {"intervention": "rebuild"},
    "blocks": {
        "B1A01": {"intervention": "renew", "densification": 9},
        "XX": {"intervention": "none"},
    },
}
EXPECTED = {
    "nl": [
        "default.intervention: moet een van deze zijn: 'none', 'repair' of 'renew' "
        "(gegeven: 'rebuild')",
        "blocks.B1A01.densification: moet hoogstens 4 zijn (gegeven: 9)",
        "blocks.XX: dit blok staat niet in de wijk",
    ],
    "en": [
        "default.intervention: must be one of: 'none', 'repair' or 'renew' (given: 'rebuild')",
        "blocks.B1A01.densification: must be at most 4 (given: 9)",
        "blocks.XX: this block is not in the neighbourhood",
    ],
}


def _show_all(page: str) -> str:
    """The start tag of the map page's "Alle blokken tonen" link."""
    found = re.search(r'<a [^>]*id="show-all"[^>]*>', page)
    assert found is not None
    return found.group()


def _count(page: str) -> str:
    """The status line under the search: how many blocks are shown."""
    found = re.search(r'<p id="blocks-count" role="status">([^<]*)</p>', page)
    assert found is not None
    return html.unescape(found.group(1))


def _client(language: str) -> Client:
    client = client_for("team")
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_plan_form_shows_every_error_in_the_chosen_language(
    demo: Project, language: str
) -> None:
    response = _client(language).post(
        f"/projecten/{demo.pk}/plannen/nieuw/",
        {"name": "fout", "plan": json.dumps(BAD_PLAN)},
    )
    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    for expected in EXPECTED[language]:
        assert expected in text
    assert "Input should" not in text and not SavedPlan.objects.filter(name="fout").exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_api_names_every_plan_error_in_dutch_and_english(demo: Project, language: str) -> None:
    """The 422 keeps its ``detail`` (now in the chosen language) and adds ``errors``."""
    response = _client(language).post(
        f"/api/projects/{demo.pk}/plans",
        json.dumps({"name": "fout", "plan": BAD_PLAN}),
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "; ".join(EXPECTED[language])
    assert [e["loc"] for e in body["errors"]] == [
        "default.intervention",
        "blocks.B1A01.densification",
        "blocks.XX",
    ]
    assert [e["type"] for e in body["errors"]] == [
        "literal_error",
        "less_than_equal",
        "unknown_block",
    ]
    for lang in ("nl", "en"):
        texts = [f"{e['loc']}: {e['message'][lang]}" for e in body["errors"]]
        assert texts == EXPECTED[lang]


def test_the_evaluate_api_explains_a_broken_plan_in_both_languages(demo: Project) -> None:
    plan = {"default": {"intervention": "renew"}, "phasing_years": "abc"}
    response = _client("nl").post(
        f"/api/projects/{demo.pk}/evaluate", json.dumps(plan), content_type="application/json"
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["message"] == {
        "nl": "moet een geheel getal zijn (gegeven: 'abc')",
        "en": "must be a whole number (given: 'abc')",
    }


class _Sample(BaseModel):
    """A stand-in for the models whose errors the web app shows."""

    model_config = {"extra": "forbid"}
    share: float = Field(ge=0.5, gt=0, lt=2)
    count: int
    label: str = Field(default="", max_length=3)
    on: bool = False


def _messages(data: dict[str, Any], language: str) -> list[str]:
    with translation.override(language):
        try:
            _Sample.model_validate(data)
        except ValidationError as err:
            return [message(e) for e in err.errors()]
    raise AssertionError("no error")


@pytest.mark.parametrize(
    ("data", "nl", "en"),
    [
        ({"share": "x", "count": 1}, "moet een getal zijn", "must be a number"),
        ({"share": 0.25, "count": 1}, "moet minstens 0.5 zijn", "must be at least 0.5"),
        ({"share": 3, "count": 1}, "moet kleiner zijn dan 2", "must be less than 2"),
        ({"share": 1}, "ontbreekt; deze sleutel is verplicht", "is missing; this key is required"),
        ({"share": 1, "count": 1, "x": 1}, "onbekende sleutel", "unknown key"),
        ({"share": 1, "count": 1.5}, "moet een geheel getal zijn", "must be a whole number"),
        ({"share": 1, "count": 1, "label": "abcd"}, "hoogstens 3 tekens", "at most 3 characters"),
        ({"share": 1, "count": 1, "on": "misschien"}, "moet ja of nee zijn", "must be yes or no"),
    ],
)
def test_each_pydantic_error_type_reads_in_both_languages(
    data: dict[str, Any], nl: str, en: str
) -> None:
    (dutch,) = _messages(data, "nl")
    (english,) = _messages(data, "en")
    assert nl in dutch and en in english


def test_a_plan_models_own_check_and_an_unknown_one_stay_understandable() -> None:
    plan = {"name": "p", "default": {"intervention": "repair", "densification": 2}}
    with translation.override("nl"):
        (error,) = check_plan(plan)[1]
        unknown = message({"type": "some_new_type", "msg": "Value error, odd", "loc": ()})
    assert str(error) == "default: densification geldt alleen bij ingreep 'renew'"
    assert unknown == "ongeldige waarde: odd"


def test_the_optimisers_explanation_reads_in_dutch_part_by_part() -> None:
    """analysis/optimise.py joins its explanation with "; "; each part is said in Dutch, numbers
    grouped as Dutch writes them; a message with one part not known here stays as it is."""
    from wijkaanpak.web.validation import known

    text = "cannot hold together with max_deficit, min_return_share; "
    with translation.override("nl"):
        deficit = known(text + "the smallest deficit reachable is € 12,345,678")
        tenants = known(
            "no plan of the offered options meets it; at least 1,204 tenant households must move"
        )
        unknown = known(text + "something new")
    assert deficit == (
        "kan niet samen met max_deficit, min_return_share; het kleinste haalbare tekort is "
        "€ 12.345.678"
    )
    assert tenants == (
        "geen plan met de aangeboden keuzes haalt dit; minstens 1.204 huurhuishoudens moeten "
        "verhuizen"
    )
    assert unknown is None


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_plan_form_has_proper_labels(demo: Project, language: str) -> None:
    text = _client(language).get(f"/projecten/{demo.pk}/plannen/nieuw/").content.decode()
    name, plan = {
        "nl": ("Naam van het plan", "Plan (YAML of JSON)"),
        "en": ("Name of the plan", "Plan (YAML or JSON)"),
    }[language]
    assert f">{name}</label>" in text and f">{plan}</label>" in text


def test_the_block_search_applies_its_valid_part_and_says_when_nothing_matches(
    demo: Project,
) -> None:
    """``?q=zzz&ingreep=bogus`` showed the intervention error, ignored ``q`` and said "92 van 92
    blokken getoond"."""
    url = f"/projecten/{demo.pk}/kaart/"
    nothing = _client("nl").get(url, {"q": "zzz", "ingreep": "bogus"}).content.decode()
    assert 'id="ingreep-error"' in nothing
    assert _count(nothing) == "Geen blokken gevonden (0 van 92 blokken getoond)"
    assert (
        "No blocks match (0 of 92 blocks shown)"
        in _client("en").get(url, {"q": "zzz"}).content.decode()
    )
    some = _client("nl").get(url, {"q": "B1A0", "ingreep": "bogus"}).content.decode()
    ids = [b for b in read_neighbourhood(None).blocks.index.astype(str) if "B1A0" in b]
    assert 0 < len(ids) < 92 and _count(some) == f"{len(ids)} van 92 blokken getoond"
    assert "hidden" not in _show_all(nothing) and "hidden" not in _show_all(some)


def test_the_show_all_link_is_there_for_the_script_and_the_skip_target_takes_focus(
    demo: Project,
) -> None:
    text = _client("nl").get(f"/projecten/{demo.pk}/kaart/").content.decode()
    assert '<a class="utrecht-link" href="#blocks-heading">' in text  # the skip link …
    assert 'id="blocks-heading" tabindex="-1"' in text  # … moves focus to the table's heading
    assert " hidden" in _show_all(text)  # no search yet: map.js shows it after one


#: Own assumptions with three problems: a value that is no number, an unknown key, and a
#: changed value without its source (``io/assumptions.py``).
BAD_ASSUMPTIONS = (
    "general:\n  horizon: {value: abc, unit: yr, source: x}\n  foo: {value: 1, unit: yr, source: x}\n"
    "finance:\n  interest_rate: {value: 9}\n"
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["finance.interest_rate: een gewijzigde waarde heeft een 'source' (de bron)"]),
        ("en", ["finance.interest_rate: a changed value needs a 'source' or an 'assumption'"]),
    ],
)
def test_own_assumptions_are_explained_in_the_chosen_language(
    demo: Project, language: str, expected: list[str]
) -> None:
    """Before: ``/tmp/tmp…/aannames.yaml, field 'finance.interest_rate': a changed value …``,
    in English and with the server's temporary file name."""
    client = _client(language)
    data = {"name": "a", "description": "x"}
    missing = client.post("/projecten/nieuw/", {**data, "assumptions_yaml": BAD_ASSUMPTIONS})
    text = html.unescape(missing.content.decode())
    assert all(e in text for e in expected) and "/tmp" not in text and "aannames.yaml" not in text
    # once the sources are there, the model's own checks: every one, in the chosen language
    fixed = BAD_ASSUMPTIONS.replace("{value: 9}", "{value: 9, source: x}")
    text = html.unescape(
        client.post("/projecten/nieuw/", {**data, "assumptions_yaml": fixed}).content.decode()
    )
    wanted = {
        "nl": [
            "general.horizon.value: moet een getal zijn (gegeven: 'abc')",
            "general.foo: onbekende sleutel; controleer de spelling",
        ],
        "en": [
            "general.horizon.value: must be a number (given: 'abc')",
            "general.foo: unknown key; check the spelling",
        ],
    }[language]
    assert all(w in text for w in wanted), text[-3000:]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_optimisers_fixed_blocks_are_explained_in_the_chosen_language(
    demo: Project, language: str
) -> None:
    response = _client(language).post(
        f"/projecten/{demo.pk}/voorstel/", {"objective": "mkba", "fixed": "B1A01=bogus\nZZ=renew"}
    )
    text = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert {
        "nl": "'bogus' is geen keuze voor blok B1A01; keuzes: none, repair",
        "en": "'bogus' is not an option for block B1A01; options: none, repair",
    }[language] in text
    assert {
        "nl": "blok 'ZZ' staat niet in de wijk",
        "en": "block 'ZZ' is not in the neighbourhood",
    }[language] in text


def test_an_own_questionnaire_shows_every_error_in_the_chosen_language(demo: Project) -> None:
    """The reader stopped at pydantic's first error, in English."""
    url = f"/projecten/{demo.pk}/participatie/vragenlijst/"
    broken = "source: x\naspects: 5\nquestions: [{id: a, kind: bogus}]\nextra: 1\n"
    text = html.unescape(_client("nl").post(url, {"questionnaire_yaml": broken}).content.decode())
    assert "aspects: moet een tabel met sleutels en waarden zijn (gegeven: 5)" in text
    assert "extra: onbekende sleutel; controleer de spelling" in text
    assert "questions.0.kind: moet een van deze zijn:" in text and "Input should" not in text


def test_a_plan_with_very_many_bad_blocks_lists_fifty_and_counts_the_rest() -> None:
    blocks = {f"X{i:03d}": {"intervention": "none"} for i in range(60)}
    with translation.override("nl"):
        errors = check_plan(
            {"name": "p", "default": {"intervention": "none"}, "blocks": blocks}, []
        )[1]
    assert len(errors) == 51 and errors[0].loc == "blocks.X000"
    assert str(errors[-1]) == "… en nog 10 fouten"


def test_the_neighbourhood_files_checks_read_in_dutch_and_back_in_english(tmp_path: Any) -> None:
    """The reader's own messages (model/validate.py, model/neighbourhood.py) were English in the
    Dutch interface. Now each kind is said in Dutch; said in English it is the reader's own text
    again, word for word (so the English patterns and templates cannot drift apart)."""
    import shutil
    from pathlib import Path

    from tests.conftest import EXAMPLES, replace_cell
    from wijkaanpak.model.issues import InputError
    from wijkaanpak.web.validation import known

    folder = Path(str(tmp_path)) / "mini"
    shutil.copytree(EXAMPLES / "mini", folder)
    dwellings = folder / "dwellings.csv"
    replace_cell(dwellings, 2, "build_year", "3020")  # expected a whole number between …
    replace_cell(dwellings, 3, "tenure", "huur")  # expected one of …
    replace_cell(dwellings, 2, "floor_area", "")  # a value is required (…)
    replace_cell(dwellings, 4, "dwelling_id", "9999010000000002")  # duplicate id
    replace_cell(dwellings, 2, "dwelling_id", "999901000000001")  # not a 16-digit BAG id
    text = dwellings.read_text("utf-8").replace("footprint", "Foot print", 1)  # did you mean
    dwellings.write_text(text, "utf-8")
    replace_cell(folder / "households.csv", 3, "age_2", "")  # required when adults is 2
    with pytest.raises(InputError) as info:
        read_neighbourhood(folder)
    messages = [i.message for i in info.value.issues]
    with translation.override("en"):
        back = [known(m) for m in messages]
    assert back == messages, [m for m, b in zip(messages, back, strict=True) if m != b]
    with translation.override("nl"):
        dutch = [known(m) for m in messages]
    assert "moet een geheel getal tussen 1200 en 2030 [yr] zijn (gegeven: '3020')" in dutch, dutch
    assert any(d and d.startswith("moet een van ") and "(gegeven: 'huur')" in d for d in dutch)
    assert any(d and d.startswith("een waarde is verplicht (een getal") for d in dutch), dutch
    assert any(d and d.startswith("id ") and "komt meer dan eens voor" in d for d in dutch)
    assert any(d and "een BAG-id van 16 cijfers met objecttypecode 01" in d for d in dutch)
    assert any(d and d.startswith("onbekende kolom; bedoelt u 'footprint'?") for d in dutch)


def _edit(path: Any, edit: Any) -> None:
    """Change a table of the mini example with pandas (its geometry cells hold commas)."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(frame)
    frame.to_csv(path, index=False)


def _reader_messages(folder: Any) -> list[str]:
    from wijkaanpak.model.issues import InputError

    with pytest.raises(InputError) as info:
        read_neighbourhood(folder)
    return [i.message for i in info.value.issues]


def _both(messages: list[str]) -> list[str]:
    """The messages in Dutch; said in English each is the reader's own text word for word."""
    from wijkaanpak.web.validation import known

    with translation.override("en"):
        back = [known(m) for m in messages]
    assert back == messages, [m for m, b in zip(messages, back, strict=True) if m != b]
    with translation.override("nl"):
        dutch = [known(m) for m in messages]
    assert None not in dutch, [m for m, d in zip(messages, dutch, strict=True) if d is None]
    return [str(d) for d in dutch]


def test_placeholders_polygons_and_missing_columns_read_in_dutch(tmp_path: Any) -> None:
    """Left in English in the Dutch interface before: a placeholder cell, a point or a bowtie
    where a polygon belongs (GEOS's reason included) and a missing column's description."""
    import shutil
    from pathlib import Path

    from tests.conftest import EXAMPLES

    folder = Path(str(tmp_path)) / "mini"
    shutil.copytree(EXAMPLES / "mini", folder)

    def dwellings(f: Any) -> None:
        f.loc[0, "floor_area"] = "n.b."  # required: a value is required
        f.loc[1, "plot_area"] = "NULL"  # optional, default 0: an empty cell means 0
        f.loc[2, "energy_label"] = "?"  # required category
        del f["street"]  # a required column

    def blocks(f: Any) -> None:
        bowtie = (
            "POLYGON ((105000 423000, 105010 423010, 105010 423000, 105000 423010, 105000 423000))"
        )
        f.loc[0, "geometry"] = bowtie  # GEOS: Self-intersection[105005 423005]
        f.loc[1, "geometry"] = "POINT (105000 423030)"

    _edit(folder / "dwellings.csv", dwellings)
    _edit(folder / "blocks.csv", blocks)
    messages = _reader_messages(folder)
    dutch = _both(messages)
    assert any(
        "is een opvulwaarde, geen waarde: een waarde is verplicht (een getal" in d for d in dutch
    ), dutch
    assert any(
        "'NULL' is een opvulwaarde, geen waarde: een lege cel betekent 0 (" in d for d in dutch
    ), dutch
    assert "de polygoon is niet geldig (snijdt zichzelf[105005 423005])" in dutch, dutch
    assert "moet een polygoon zijn (gegeven: een Point)" in dutch, dutch
    # the schema's Dutch description of street (data/schema/dwellings.csv)
    assert "verplichte kolom ontbreekt (Straatnaam (openbare ruimte).)" in dutch, dutch


def test_checks_between_tables_read_in_dutch(tmp_path: Any) -> None:
    """The checks across columns and tables (model/neighbourhood.py) were English in the Dutch
    interface: a block without dwellings, site_value and non-residential values on the wrong
    block, a mortgage on a rented home, its term and its interest-only part."""
    import shutil
    from pathlib import Path

    from tests.conftest import EXAMPLES

    folder = Path(str(tmp_path)) / "mini"
    shutil.copytree(EXAMPLES / "mini", folder)

    def blocks(f: Any) -> None:
        f.loc[len(f)] = {"block_id": "C", "name": "leeg", "geometry": ""}  # no dwellings
        f["site_value"] = ["1000", "", ""]  # on block A, which has dwellings
        f["non_residential_units"] = ["0", "", ""]
        f["non_residential_floor_area"] = ["120", "", ""]  # units 0

    def households(f: Any) -> None:
        f.loc[2, "mortgage_outstanding"] = "50000"  # H3 rents (private_rental)
        f.loc[0, "mortgage_remaining_term"] = "0"  # H1 owes 180,000
        f["mortgage_interest_only"] = ["200000", "0", "0", "0", "0", "0"]  # H1: more than owed

    _edit(folder / "blocks.csv", blocks)
    _edit(folder / "households.csv", households)
    dutch = _both(_reader_messages(folder))
    expected = [
        "blok 'C' heeft geen woningen: geef site_value als het een lege kavel is om op te bouwen",
        "1000.0 gegeven, maar het blok heeft woningen: site_value is alleen voor een lege kavel",
        "120.0 gegeven, maar non_residential_units is 0: geef het aantal eenheden",
        "50000.0 gegeven, maar de woning is geen koopwoning van de bewoner",
        "moet meer dan 0 zijn als er een hypotheek openstaat",  # H1
        "moet meer dan 0 zijn als er een hypotheek openstaat",  # H3: its term is 0 too
        "200000.0 is meer dan mortgage_outstanding",
    ]
    assert sorted(dutch) == sorted(expected), dutch


def test_a_missing_table_and_an_unknown_layer_read_in_dutch(tmp_path: Any) -> None:
    import shutil
    from pathlib import Path

    import geopandas as gpd
    import pyogrio

    from tests.conftest import EXAMPLES
    from wijkaanpak.io.neighbourhood import write_neighbourhood

    folder = Path(str(tmp_path)) / "mini"
    shutil.copytree(EXAMPLES / "mini", folder)
    (folder / "blocks.csv").unlink()
    assert _both(_reader_messages(folder)) == ["verplichte tabel 'blocks' ontbreekt"]
    gpkg = Path(str(tmp_path)) / "wijk.gpkg"
    write_neighbourhood(read_neighbourhood(EXAMPLES / "mini"), gpkg)
    extra = gpd.GeoDataFrame({"x": [1]}, geometry=gpd.points_from_xy([105000], [423000]), crs=28992)
    pyogrio.write_dataframe(extra, gpkg, layer="panden")
    assert _both(_reader_messages(gpkg)) == [
        "onbekende laag of lagen panden; verwachte lagen: metadata, blocks, dwellings, "
        "households, public_space"
    ]


def test_a_file_that_is_no_geopackage_reads_in_dutch(tmp_path: Any) -> None:
    from pathlib import Path

    fake = Path(str(tmp_path)) / "wijk.gpkg"
    fake.write_text("geen GeoPackage", "utf-8")
    (dutch,) = _both(_reader_messages(fake))
    assert dutch.startswith("kan niet als GeoPackage worden geopend: "), dutch


def test_the_optimisers_option_errors_read_in_dutch() -> None:
    from wijkaanpak.analysis.evaluate import context
    from wijkaanpak.analysis.linear import check_start_years
    from wijkaanpak.cli.optimise import _levels, _start_years
    from wijkaanpak.model.issues import InputError

    messages = []
    for bad in (
        lambda: check_start_years(context(), (2020, 2099)),
        lambda: _start_years("2028,soon"),
        lambda: _levels("1.0,veel"),
    ):
        with pytest.raises(InputError) as info:
            bad()
        messages.append(info.value.issues[0].message)
    dutch = _both(messages)
    # the shipped assumptions: peildatum 2026, horizon 30 years → start years 2027–2055
    assert dutch[0] == (
        "startjaar of -jaren 2020, 2099 buiten de analyseperiode: kies jaren van 2027 tot 2055"
    )
    assert (
        dutch[1] == "geef jaren gescheiden door komma's, bv. 2028,2031,2034; gegeven: '2028,soon'"
    )
    assert dutch[2].startswith("geef getallen gescheiden door komma's, bv. 1.0,1.25,1.5;")


def test_the_size_limits_read_in_dutch(tmp_path: Any) -> None:
    """A file above the size limit and cells above the field limit (io/guards.py)."""
    from pathlib import Path

    import pandas as pd

    from wijkaanpak.io import guards

    big = Path(str(tmp_path)) / "wijk.gpkg"
    big.write_bytes(b"x" * 3000)
    frame = pd.DataFrame({"street": ["a" * 30, "b" * 31, "c"]})
    guards.set_limits(guards.Limits(max_file_mb=2 / 1024, max_field_chars=20))  # 2 kB
    try:
        messages = [i.message for i in guards.input_file_issues(big)]
        messages += [
            i.message for i in guards.long_field_issues(frame, "x.csv", ["r1", "r2", "r3"])
        ]
    finally:
        guards.set_limits(None)
    dutch = _both(messages)  # and in English word for word
    # by hand: 3,000 bytes = 2.93 kB, limit 2/1024 MB = 2.0 kB; cells of 30 and 31 characters
    # over 20: the first is named, one more row counted
    assert dutch[0] == (
        "is 2,9 kB, meer dan de grens van 2,0 kB (verhoog die met --max-file-mb of "
        "WIJKAANPAK_MAX_FILE_MB, of splits het bestand)"
    )
    assert dutch[1] == (
        "de waarde heeft 30 tekens, meer dan de grens van 20 (verhoog die met --max-field-chars "
        "of WIJKAANPAK_MAX_FIELD_CHARS) (nog 1 rij(en) in deze kolom)"
    )
