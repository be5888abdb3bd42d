"""Validation errors in the interface's language (issue #16 §10).

pydantic writes its messages in English (``Input should be 'none', 'repair' or 'renew'``). Here
each error is rewritten from its ``type`` and ``ctx`` with Django's translations, so a Dutch page
says ``moet een van deze zijn: 'none', 'repair' of 'renew'``. An error type not listed keeps
pydantic's own text behind a translated "ongeldige waarde" so that it is still understandable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import yaml
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from wijkaanpak.io.schema import load_schemas
from wijkaanpak.model.issues import Issue
from wijkaanpak.model.plan import Plan
from wijkaanpak.model.survey import Questionnaire

M = TypeVar("M", bound=BaseModel)

#: At most this many errors are reported (a pasted file with thousands of bad blocks stays short).
MAX_ERRORS = 50
#: Longer inputs are shortened when quoted back. [characters]
MAX_INPUT = 40
#: pydantic's location parts that name its own machinery, not a key of the input.
_MACHINERY = ("function-after", "function-before", "function-wrap", "tagged-union")


@dataclass(frozen=True)
class FieldError:
    """One problem: where (dotted keys of the input), pydantic's error type, and the message
    in the active language."""

    loc: str
    type: str
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.message}" if self.loc else self.message


def location(loc: Iterable[int | str]) -> str:
    """Dotted keys of the input, e.g. ``blocks.B1A01.densification``."""
    return ".".join(str(p) for p in loc if not str(p).startswith(_MACHINERY))


def _or(expected: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` with the active language's word for "or"."""
    options = re.findall(r"'[^']*'", expected) or [expected]
    if len(options) == 1:
        return options[0]
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
        return _("een van %(values)s") % found.groupdict()
    found = re.fullmatch(
        r"a 16-digit BAG id with object type code (?P<code>\d+) at digits 5–6", text
    )
    if found:
        return _("een BAG-id van 16 cijfers met objecttypecode %(code)s op cijfer 5–6") % (
            found.groupdict()
        )
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
    return said + (found.group("unit") or "")


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
    return said[found.group("what")] + (found.group("where") or "")


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
    active language writes it (``1.234.567``); a group named ``exp`` is an expectation, ``geos``
    GEOS's reason for an invalid polygon, ``desc`` a column's description."""
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


def issue_text(issue: Issue) -> str:
    """An issue for a form: the key and line concerned and the message (the file is the form's
    field, named on the page: its temporary name on the server is left out)."""
    line = re.fullmatch(r"line (\d+)", issue.row)
    row = _("regel %(n)s") % {"n": line.group(1)} if line else issue.row
    where = ", ".join(p for p in (issue.field, row) if p)
    return f"{where}: {issue_message(issue)}" if where else issue_message(issue)


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


def field_errors(err: ValidationError) -> list[FieldError]:
    """Every error of a pydantic validation, each with its location, in the active language."""
    found = err.errors()
    shown = [FieldError(location(e["loc"]), str(e["type"]), message(e)) for e in found[:MAX_ERRORS]]
    return shown + _more(len(found))


def _more(count: int) -> list[FieldError]:
    """The line that says how many errors past :data:`MAX_ERRORS` are not listed."""
    if count <= MAX_ERRORS:
        return []
    text = _("… en nog %(n)s fouten") % {"n": count - MAX_ERRORS}
    return [FieldError("", "more", text)]


def unknown_blocks(raw: Mapping[str, Any], block_ids: Iterable[str]) -> list[FieldError]:
    """One error per block of a plan that is not in the neighbourhood (checked even when other
    keys of the plan are wrong, so that one round of corrections is enough)."""
    blocks = raw.get("blocks")
    if not isinstance(blocks, Mapping):
        return []
    ids = set(block_ids)
    text = _("dit blok staat niet in de wijk")
    unknown = sorted(str(k) for k in blocks if str(k) not in ids)
    errors = [FieldError(f"blocks.{b}", "unknown_block", text) for b in unknown[:MAX_ERRORS]]
    return errors + _more(len(unknown))


def validate(
    model: type[M], raw: Any, extra: list[FieldError] | None = None
) -> tuple[M | None, list[FieldError]]:
    """``model`` validated from ``raw``, or None; with every error (pydantic's and ``extra``)."""
    errors = list(extra or [])
    try:
        result = model.model_validate(raw)
    except ValidationError as err:
        return None, field_errors(err) + errors
    return (None if errors else result), errors


def both_languages(errors: Callable[[], list[FieldError]]) -> list[dict[str, Any]]:
    """Errors for the JSON API: location, type and the message in Dutch and in English.
    ``errors`` computes the list in the active language (called once per language)."""
    out: dict[str, list[FieldError]] = {}
    for language in ("nl", "en"):
        with translation.override(language):
            out[language] = errors()
    return [
        {"loc": e.loc, "type": e.type, "message": {"nl": e.message, "en": en.message}}
        for e, en in zip(out["nl"], out["en"], strict=True)
    ]


def check_plan(
    raw: Mapping[str, Any], block_ids: Iterable[str] | None = None
) -> tuple[Plan | None, list[FieldError]]:
    """A plan from plain data (with its ``name``), or every error in it: pydantic's and, when
    ``block_ids`` is given, each block that is not in the neighbourhood."""
    extra = unknown_blocks(raw, block_ids) if block_ids is not None else []
    return validate(Plan, raw, extra)


def questionnaire_errors(text: str, err: ValueError) -> list[str]:
    """Why a project's own questionnaire (YAML) was refused, in the active language: every
    error of its form (the reader stops at the first), else the reader's message (YAML, or a
    question the top 5 or the model needs)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        errors = validate(Questionnaire, data)[1]
        if errors:
            return [str(e) for e in errors]
    return [known(str(err)) or str(err)]


class PlanInvalid(Exception):
    """A plan sent to the JSON API with errors; the API answers 422 with ``detail`` (text in
    the active language) and ``errors`` (each with its location and a Dutch and English
    message)."""

    def __init__(
        self,
        raw: Mapping[str, Any],
        block_ids: Iterable[str] | None,
        found: list[FieldError],
    ) -> None:
        """``found``: :func:`check_plan`'s errors in the active language (the caller has them)."""
        ids = None if block_ids is None else list(block_ids)
        self.errors = both_languages(lambda: check_plan(raw, ids)[1])
        self.detail = "; ".join(str(e) for e in found)
        super().__init__(self.detail)
