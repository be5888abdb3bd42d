"""The messages of the model and of the input readers (English, as they write them) in the
interface's language: each known message by a pattern and a template, with Django's translations
(the templates are Dutch, the catalogue's English is the reader's own text, so that said in
English a message comes back word for word). Used by the web app (:mod:`wijkaanpak.web.validation`)
and by the command line (:func:`language`: Django's translation machinery in a process without
the web app's settings). A message not known here is left as it is (``None``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext
from pydantic_core import ErrorDetails

from wijkaanpak.io.schema import load_schemas
from wijkaanpak.model.issues import Issue

#: Longer inputs are shortened when quoted back. [characters]
MAX_INPUT = 40


def _(text: str) -> str:
    """Django's ``gettext``, typed (Django ships no type information here)."""
    return str(gettext(text))


#: The web app's catalogue (Dutch message ids, English translations).
LOCALE = Path(__file__).resolve().parent / "web" / "locale"


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Django's translations in ``lang`` (``nl`` or ``en``), also where Django is not set up (the
    command line): then with settings of its own, only the web app's catalogue."""
    import django
    from django.apps import apps
    from django.conf import settings

    if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        settings.configure(
            USE_I18N=True, LANGUAGE_CODE="nl", LOCALE_PATHS=[str(LOCALE)], INSTALLED_APPS=[]
        )
    if not apps.ready:  # a process with settings (its own or the web app's) not set up yet
        django.setup()
    with translation.override(lang):
        yield


def _known() -> list[tuple[re.Pattern[str], str]]:
    """Messages of the model's own checks and of the input readers (English there: the model is
    pure and the command line speaks English), by their text pattern, with the message in the
    active language. Plans (``model/plan.py``), assumptions (``model/assumptions.py``,
    ``io/assumptions.py``) and the optimiser's fixed blocks (``analysis/optimise.py``)."""
    rules = [
        (
            r"(?P<key>\w+) applies only to intervention '(?P<intervention>\w+)'",
            _("%(key)s geldt alleen bij ingreep '%(intervention)s'"),
        ),
        (
            r"give new_homes or densification, not both",
            _("geef new_homes of densification, niet allebei"),
        ),
        (
            r"programme shares must not be negative",
            _("de aandelen in programme mogen niet negatief zijn"),
        ),
        (
            r"programme shares must add up to 1, got (?P<total>\S+)",
            _("de aandelen in programme moeten samen 1 zijn, niet %(total)s"),
        ),
        (
            r"a changed value needs a 'source' or an 'assumption'",
            _(
                "een gewijzigde waarde heeft een 'source' (de bron) of een 'assumption' "
                "(waarom deze schatting, met 'range') nodig"
            ),
        ),
        (
            r"give exactly one of 'source'",
            _(
                "geef precies één van 'source' (waar de waarde vandaan komt) of 'assumption' "
                "(waarom deze schatting)"
            ),
        ),
        (
            r"an assumption needs a plausible 'range'",
            _("een aanname heeft een plausibel bereik nodig: 'range' [laag, hoog]"),
        ),
        (
            r"an amount in (?P<unit>.+?) needs a 'price_level'",
            _("een bedrag in %(unit)s heeft een 'price_level' nodig (het jaar van de prijzen)"),
        ),
        (
            r"value (?P<value>\S+) lies outside its range (?P<range>\[.*?\])",
            _("waarde %(value)s ligt buiten het bereik %(range)s"),
        ),
        (
            r"(?P<name>\w+): unit must be '(?P<expected>[^']*)', got '(?P<unit>[^']*)'",
            _("%(name)s: de eenheid moet '%(expected)s' zijn, niet '%(unit)s'"),
        ),
        (
            r"horizon: a whole number of years from (?P<low>\d+) to (?P<high>\d+), "
            r"got (?P<years>\S+)",
            _("horizon: een geheel aantal jaren van %(low)s tot %(high)s, niet %(years)s"),
        ),
        (
            r"unknown key; check the spelling",
            _("onbekende sleutel; controleer de spelling"),
        ),
        (r"required key is missing", _("ontbreekt; deze sleutel is verplicht")),
        (
            r"not valid YAML \(line (?P<n>\d+)\): (?P<problem>.*)",
            _("geen geldige YAML (regel %(n)s): %(problem)s"),
        ),
        (r"not valid YAML: (?P<problem>.*)", _("geen geldige YAML: %(problem)s")),
        (
            r"the questionnaire must be a mapping",
            _("de vragenlijst moet een indeling zijn met 'source', 'aspects' en 'questions'"),
        ),
        (
            r"question '(?P<q>[^']*)' is needed \(top 5 or model\)",
            _("vraag '%(q)s' is nodig (top 5 of model) en mag niet weg"),
        ),
        (
            r"question '(?P<q>[^']*)' must stay of kind '(?P<kind>[^']*)'",
            _("vraag '%(q)s' moet van soort '%(kind)s' blijven"),
        ),
        (
            r"question '(?P<q>[^']*)' feeds the model: options must be among "
            r"(?P<options>.*); got (?P<got>.*)",
            _("vraag '%(q)s' gaat naar het model: kies opties uit %(options)s, niet %(got)s"),
        ),
        (
            r"question '(?P<q>[^']*)' must keep 'model: (?P<model>[^']*)'",
            _("vraag '%(q)s' moet 'model: %(model)s' houden"),
        ),
        (
            r"question '(?P<q>[^']*)': unknown aspects (?P<aspects>.*)",
            _("vraag '%(q)s': onbekende aspecten %(aspects)s"),
        ),
        (
            r"expected a mapping of sections",
            _("verwacht een indeling in secties (general:, finance:, …)"),
        ),
        (
            r"block '(?P<block>[^']*)' is not in the neighbourhood",
            _("blok '%(block)s' staat niet in de wijk"),
        ),
        (
            r"'(?P<want>[^']*)' is not an option for block (?P<block>\S+); "
            r"options: (?P<options>.*)",
            _("'%(want)s' is geen keuze voor blok %(block)s; keuzes: %(options)s"),
        ),
        # the size limits (io/guards.py); sizes in the active language's notation
        (
            r"^is (?P<f1_size>[\d,.]+) (?P<unit>[kM]B), more than the limit of (?P<f1_limit>[\d,.]+) "
            r"(?P<limit_unit>[kM]B) \(raise it with --max-file-mb or WIJKAANPAK_MAX_FILE_MB, or "
            r"split the file\)$",
            _(
                "is %(f1_size)s %(unit)s, meer dan de grens van %(f1_limit)s %(limit_unit)s (verhoog "
                "die met --max-file-mb of WIJKAANPAK_MAX_FILE_MB, of splits het bestand)"
            ),
        ),
        (
            r"^the value has (?P<n_chars>[\d,]+) characters, more than the limit of "
            r"(?P<n_limit>[\d,]+) \(raise it with --max-field-chars or "
            r"WIJKAANPAK_MAX_FIELD_CHARS\)(?: \((?P<n_more>[\d,]+) more rows in this column\))?$",
            _(
                "de waarde heeft %(n_chars)s tekens, meer dan de grens van %(n_limit)s (verhoog die "
                "met --max-field-chars of WIJKAANPAK_MAX_FIELD_CHARS)%(more)s"
            ),
        ),
        # the optimiser's options (analysis/linear.py, cli/optimise.py)
        (
            r"^start year\(s\) (?P<years>.+) outside the analysis period: choose years from "
            r"(?P<first>\d+) to (?P<last>\d+)$",
            _(
                "startjaar of -jaren %(years)s buiten de analyseperiode: kies jaren van %(first)s tot %(last)s"
            ),
        ),
        (
            r"^give years separated by commas, e\.g\. (?P<eg>\S+); got (?P<got>.+)$",
            _("geef jaren gescheiden door komma's, bv. %(eg)s; gegeven: %(got)s"),
        ),
        (
            r"^give numbers separated by commas, e\.g\. (?P<eg>\S+); got (?P<got>.+)$",
            _("geef getallen gescheiden door komma's, bv. %(eg)s; gegeven: %(got)s"),
        ),
        # the optimiser's explanation when no plan meets the constraints (analysis/optimise.py
        # _explain and reachable); numbers named n_… are written in the active language
        (
            r"^cannot hold together with (?P<others>[^;]+)$",
            _("kan niet samen met %(others)s"),
        ),
        (
            r"^no plan of the offered options meets it$",
            _("geen plan met de aangeboden keuzes haalt dit"),
        ),
        (
            r"^the smallest deficit reachable is € (?P<n_eur>[\d,.]+)$",
            _("het kleinste haalbare tekort is € %(n_eur)s"),
        ),
        (
            r"^at least (?P<n_households>[\d,.]+) tenant households must move$",
            _("minstens %(n_households)s huurhuishoudens moeten verhuizen"),
        ),
        (
            r"^at most (?P<n_homes>-?[\d,.]+) net new homes$",
            _("hoogstens %(n_homes)s netto nieuwe woningen"),
        ),
        # the neighbourhood file's checks (model/validate.py, model/neighbourhood.py); a group
        # named exp is a value's expectation (model/schema.Attribute.expectation)
        (
            r"^expected a polygon, got a (?P<type>\w+)$",
            _("moet een polygoon zijn (gegeven: een %(type)s)"),
        ),
        (r"^expected (?P<exp>.+?), got (?P<got>.*)$", _("moet %(exp)s zijn (gegeven: %(got)s)")),
        (
            r"^(?P<v>.+) is a placeholder, not a value: a value is required \((?P<exp>.+)\)$",
            _("%(v)s is een opvulwaarde, geen waarde: een waarde is verplicht (%(exp)s)"),
        ),
        (
            r"^(?P<v>.+) is a placeholder, not a value: an empty cell means no value "
            r"\((?P<exp>.+)\)$",
            _("%(v)s is een opvulwaarde, geen waarde: een lege cel betekent geen waarde (%(exp)s)"),
        ),
        (
            r"^(?P<v>.+) is a placeholder, not a value: an empty cell means (?P<default>.+?) "
            r"\((?P<exp>.+)\)$",
            _("%(v)s is een opvulwaarde, geen waarde: een lege cel betekent %(default)s (%(exp)s)"),
        ),
        (
            r"^block '(?P<block>[^']*)' has no dwellings: give site_value if it is a vacant site "
            r"to build on$",
            _(
                "blok '%(block)s' heeft geen woningen: geef site_value als het een lege kavel is "
                "om op te bouwen"
            ),
        ),
        (
            r"^(?P<v>.+) given, but the block has dwellings: site_value is for a vacant site only$",
            _(
                "%(v)s gegeven, maar het blok heeft woningen: site_value is alleen voor een lege kavel"
            ),
        ),
        (
            r"^(?P<v>.+) given, but non_residential_units is 0: give the number of units$",
            _("%(v)s gegeven, maar non_residential_units is 0: geef het aantal eenheden"),
        ),
        (
            r"^(?P<v>.+) given, but the dwelling is not owner-occupied$",
            _("%(v)s gegeven, maar de woning is geen koopwoning van de bewoner"),
        ),
        (
            r"^must be more than 0 when a mortgage is outstanding$",
            _("moet meer dan 0 zijn als er een hypotheek openstaat"),
        ),
        (
            r"^(?P<v>.+) is more than mortgage_outstanding$",
            _("%(v)s is meer dan mortgage_outstanding"),
        ),
        (
            r"^required table '(?P<table>[^']+)' is missing$",
            _("verplichte tabel '%(table)s' ontbreekt"),
        ),
        (  # GDAL's own words stay as they are
            r"^cannot be opened as GeoPackage: (?P<err>.*)$",
            _("kan niet als GeoPackage worden geopend: %(err)s"),
        ),
        (
            r"^cannot be read as GeoPackage/GeoJSON: (?P<err>.*)$",
            _("kan niet als GeoPackage/GeoJSON worden gelezen: %(err)s"),
        ),
        (
            r"^cannot be reprojected to RD New \(EPSG:28992\): (?P<err>.*)$",
            _("kan niet worden omgezet naar RD New (EPSG:28992): %(err)s"),
        ),
        (
            r"^unknown layer\(s\) (?P<unknown>.+); expected layers: (?P<layers>.+)$",
            _("onbekende laag of lagen %(unknown)s; verwachte lagen: %(layers)s"),
        ),
        (r"^a value is required \((?P<exp>.+)\)$", _("een waarde is verplicht (%(exp)s)")),
        (
            r"^duplicate id (?P<id>.+); ids must be unique$",
            _("id %(id)s komt meer dan eens voor; ids moeten uniek zijn"),
        ),
        (
            r"^unknown column; did you mean '(?P<near>[^']+)'\? \(column names are lower case, "
            r"words joined by '_'\)$",
            _(
                "onbekende kolom; bedoelt u '%(near)s'? (kolomnamen in kleine letters, woorden "
                "verbonden met '_')"
            ),
        ),
        (
            r"^unknown column; did you mean '(?P<near>[^']+)'\?$",
            _("onbekende kolom; bedoelt u '%(near)s'?"),
        ),
        (
            r"^unknown column; expected columns: (?P<names>.+)$",
            _("onbekende kolom; verwachte kolommen: %(names)s"),
        ),
        (
            r"^block '(?P<block>[^']*)' is not in the blocks table$",
            _("blok '%(block)s' staat niet in de tabel blocks"),
        ),
        (
            r"^dwelling (?P<dwelling>\S+) is not in the dwellings table$",
            _("woning %(dwelling)s staat niet in de tabel dwellings"),
        ),
        (
            r"^building (?P<building>\S+) has dwellings in more than one block; a building "
            r"belongs to one block$",
            _("pand %(building)s heeft woningen in meer dan één blok; een pand hoort bij één blok"),
        ),
        (  # a group named geos is GEOS's reason (shapely.is_valid_reason)
            r"^the polygon is not valid \((?P<geos>.+)\)$",
            _("de polygoon is niet geldig (%(geos)s)"),
        ),
        (
            r"^coordinates lie outside the RD New grid \(EPSG:28992\); longitude/latitude must "
            r"be converted to RD New first$",
            _(
                "de coördinaten liggen buiten het RD New-grid (EPSG:28992); zet lengte- en "
                "breedtegraden eerst om naar RD New"
            ),
        ),
        (  # a group named desc is a column's description in the schema
            r"^required column is missing \((?P<desc>.+)\)$",
            _("verplichte kolom ontbreekt (%(desc)s)"),
        ),
        (
            r"^a value is required when adults is 2 or more$",
            _("een waarde is verplicht als adults 2 of meer is"),
        ),
    ]
    return [(re.compile(pattern), template) for pattern, template in rules]


def _expectation(text: str) -> str:
    """What a valid value looks like (``Attribute.expectation``), in the active language; kept
    as it is when its form is not known here."""
    found = re.fullmatch(r"one of (?P<values>.+)", text)
    if found:
        return str(_("een van %(values)s") % found.groupdict())
    found = re.fullmatch(
        r"a 16-digit BAG id with object type code (?P<code>\d+) at digits 5–6", text
    )
    if found:
        said = _("een BAG-id van 16 cijfers met objecttypecode %(code)s op cijfer 5–6")
        return str(said % found.groupdict())
    words = {
        "text": _("tekst"),
        "a whole number": _("een geheel getal"),
        "a number": _("een getal"),
        "true or false": _("true of false"),
        "a date as YYYY-MM-DD": _("een datum als JJJJ-MM-DD"),
        "a postcode like 3311AB": _("een postcode als 3311AB"),
        "WKT text of a polygon": _("WKT-tekst van een polygoon"),
    }
    found = re.fullmatch(
        r"(?P<base>.+?)(?: between (?P<low>\S+) and (?P<high>\S+))?(?P<unit> \[[^\]]+\])?", text
    )
    if found is None:
        return text
    base = found.group("base")
    polygon = re.fullmatch(r"a polygon in (?P<crs>\S+)", base)
    if polygon:
        said = _("een polygoon in %(crs)s") % polygon.groupdict()
    elif base in words:
        said = words[base]
    else:
        return text
    if found.group("low") is not None:
        said += " " + _("tussen %(low)s en %(high)s") % found.groupdict()
    return str(said) + (found.group("unit") or "")


def _geos(reason: str) -> str:
    """GEOS's reason why a polygon is not valid (``Self-intersection[x y]``, the texts of its
    ``TopologyValidationError``) in the active language; an unknown reason as it is."""
    found = re.fullmatch(r"(?P<what>[A-Za-z -]+?)(?P<where>\[[^\]]*\])?", reason)
    said = {
        "Topology Validation Error": _("topologiefout"),
        "Repeated Point": _("herhaald punt"),
        "Hole lies outside shell": _("gat ligt buiten de buitenrand"),
        "Holes are nested": _("gaten liggen in elkaar"),
        "Interior is disconnected": _("het binnengebied is niet aaneengesloten"),
        "Self-intersection": _("snijdt zichzelf"),
        "Ring Self-intersection": _("ring snijdt zichzelf"),
        "Nested shells": _("buitenranden liggen in elkaar"),
        "Duplicate Rings": _("dubbele ringen"),
        "Too few points in geometry component": _("te weinig punten in een deel van de geometrie"),
        "Invalid Coordinate": _("ongeldige coördinaat"),
        "Ring is not closed": _("ring is niet gesloten"),
    }
    if found is None or found.group("what") not in said:
        return reason
    return str(said[found.group("what")]) + (found.group("where") or "")


def _description(text: str) -> str:
    """A column's description from the schema (English) in the active language."""
    if not translation.get_language().startswith("nl"):
        return text
    dutch = {
        a.description: a.description_nl
        for table in load_schemas().values()
        for a in table.attributes
        if a.description_nl
    }
    return dutch.get(text, text)


def _numbers(groups: dict[str, str | None]) -> dict[str, str | None]:
    """Groups named ``n_…`` hold a number as English writes it (``1,234,567``): written as the
    active language writes it (``1.234.567``), ``f1_…`` likewise with one decimal; a group named
    ``exp`` is an expectation, ``geos`` GEOS's reason for an invalid polygon, ``desc`` a column's
    description."""
    out = dict(groups)
    for key, value in groups.items():
        if key == "exp" and value:
            out[key] = _expectation(value)
        elif key == "geos" and value:
            out[key] = _geos(value)
        elif key == "desc" and value:
            out[key] = _description(value)
        elif key.startswith("n_") and value:
            number = float(value.replace(",", ""))
            whole = number == int(number)
            out[key] = number_format(int(number) if whole else number, force_grouping=True)
        elif key.startswith("f1_") and value:  # one decimal, as written (``2,048.0``)
            number = float(value.replace(",", ""))
            out[key] = number_format(number, decimal_pos=1, force_grouping=True)
    if "n_more" in groups:  # the long-field check's "(N more rows in this column)"
        more = out["n_more"]
        out["more"] = " " + _("(nog %(n)s rij(en) in deze kolom)") % {"n": more} if more else ""
    return out


def _known_one(text: str) -> str | None:
    for pattern, template in _known():
        found = pattern.search(text)
        if found:
            return template % _numbers(found.groupdict())
    return None


def known(text: str) -> str | None:
    """``text`` (a message of the model or an input reader) in the active language, or None.
    A message of parts joined by "; " (the optimiser's) is said part by part when every part is
    known."""
    whole = _known_one(text)
    if whole is not None or "; " not in text:
        return whole
    parts = [_known_one(part) for part in text.split("; ")]
    if any(part is None for part in parts):
        return None
    return "; ".join(str(part) for part in parts)


def _or(expected: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` with the active language's word for "or"."""
    options = re.findall(r"'[^']*'", expected) or [expected]
    if len(options) == 1:
        return str(options[0])
    return _("%(some)s of %(last)s") % {"some": ", ".join(options[:-1]), "last": options[-1]}


def _given(value: Any) -> str:
    """The value that was given, quoted back when it is short and plain."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, float, str)):
        text = repr(value) if isinstance(value, str) else str(value)
        if len(text) > MAX_INPUT:
            text = text[: MAX_INPUT - 1] + "…"
        return " " + _("(gegeven: %(value)s)") % {"value": text}
    return ""


def _templates() -> dict[str, str]:
    """Messages per pydantic error type; ``%(name)s`` takes the error's ``ctx`` entries."""
    number = _("moet een getal zijn")
    whole = _("moet een geheel getal zijn")
    return {
        "literal_error": _("moet een van deze zijn: %(expected)s"),
        "enum": _("moet een van deze zijn: %(expected)s"),
        "less_than_equal": _("moet hoogstens %(le)s zijn"),
        "less_than": _("moet kleiner zijn dan %(lt)s"),
        "greater_than_equal": _("moet minstens %(ge)s zijn"),
        "greater_than": _("moet groter zijn dan %(gt)s"),
        "missing": _("ontbreekt; deze sleutel is verplicht"),
        "extra_forbidden": _("onbekende sleutel; controleer de spelling"),
        "float_parsing": number,
        "float_type": number,
        "finite_number": _("moet een eindig getal zijn (geen inf of nan)"),
        "int_parsing": whole,
        "int_type": whole,
        "int_from_float": whole,
        "bool_parsing": _("moet ja of nee zijn (true of false)"),
        "bool_type": _("moet ja of nee zijn (true of false)"),
        "string_type": _("moet tekst zijn"),
        "string_too_long": _("mag hoogstens %(max_length)s tekens lang zijn"),
        "string_too_short": _("moet minstens %(min_length)s tekens lang zijn"),
        "too_long": _("mag hoogstens %(max_length)s onderdelen hebben"),
        "too_short": _("moet minstens %(min_length)s onderdelen hebben"),
        "dict_type": _("moet een tabel met sleutels en waarden zijn"),
        "model_type": _("moet een tabel met sleutels en waarden zijn"),
        "model_attributes_type": _("moet een tabel met sleutels en waarden zijn"),
        "list_type": _("moet een lijst zijn"),
        "date_from_datetime_parsing": _("moet een datum zijn (JJJJ-MM-DD)"),
        "date_parsing": _("moet een datum zijn (JJJJ-MM-DD)"),
    }


def _reason(text: str) -> str:
    """A model's own check in the active language; one not known here is quoted as it is."""
    text = text.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return known(text) or _("ongeldige waarde: %(reason)s") % {"reason": text}


def issue_message(issue: Issue) -> str:
    """What is wrong, in the active language: from the validation error when the issue carries
    one, else from its known text; a text not known here is kept as it is."""
    if issue.error is not None:
        return message(issue.error)
    return known(issue.message) or issue.message


def _ctx(error: ErrorDetails | Mapping[str, Any]) -> dict[str, str]:
    """The error's context as text; limits without a needless ``.0`` (``4`` not ``4.0``)."""
    out = {}
    for key, value in (error.get("ctx") or {}).items():
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        out[key] = f"{value:g}" if number else str(value)
    if "expected" in out:
        out["expected"] = _or(out["expected"])
    return out


def message(error: ErrorDetails | Mapping[str, Any]) -> str:
    """One pydantic error as a sentence in the active language (without its location)."""
    kind = str(error["type"])
    template = _templates().get(kind)
    if template is None:  # e.g. a model's own check (value_error)
        return _reason(str(error["msg"]))
    try:
        text = template % _ctx(error)
    except (KeyError, ValueError, TypeError):  # a context this pydantic version lacks
        return _reason(str(error["msg"]))
    if kind not in ("missing", "extra_forbidden"):
        text += _given(error.get("input"))
    return text
