"""The map page's table of blocks, drawn on the server (issue #16 §9): the accessible equivalent of
the map, searchable by block id or street and filterable by intervention with a plain GET form, so
it works without JavaScript; ``map.js`` then adds the controls and filters the same rows in place.

Also the texts ``map.js`` shows (legend, tooltips, charts, the live region), translated here and
handed to the page as a JSON data block (the content-security policy allows no inline script).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

INTERVENTIONS = {
    "none": _("niets doen"),
    "repair": _("herstel per blok"),
    "renew": _("vernieuwen"),
}
#: Damage classes (BRL 2100 / the neighbourhood file's ``damage_class`` values).
DAMAGE = {
    "negligible": _("verwaarloosbaar"),
    "very_slight": _("zeer licht"),
    "slight": _("licht"),
    "moderate": _("matig"),
    "severe": _("ernstig"),
    "very_severe": _("zeer ernstig"),
    "unknown": _("onbekend"),
}
TENURE = {
    "owner_occupier": _("eigenaar-bewoner"),
    "private_rental": _("particuliere huur"),
    "housing_association": _("corporatiehuur"),
}
#: The foundation groups of the blocks API (``services._blocks_geojson`` names them in Dutch).
FOUNDATION = {
    "ondiep": _("ondiep"),
    "houten palen": _("houten palen"),
    "betonpalen": _("betonpalen"),
    "onbekend": _("onbekend"),
}
ACTORS = {
    "municipality": _("gemeente / WOM"),
    "owner_occupiers": _("eigenaar-bewoners"),
    "new_residents": _("nieuwe bewoners (kopers)"),
    "tenants": _("huurders"),
    "private_landlords": _("particuliere verhuurders"),
    "non_residential_owners": _("eigenaren overig vastgoed"),
    "housing_association_actor": _("woningcorporatie"),
    "developers": _("ontwikkelaars / bouwers"),
    "lenders": _("financiers"),
    "water_board": _("waterschap"),
    "government": _("rijk / provincie"),
    "society": _("overige samenleving (CO₂)"),
}
#: Everything else map.js writes on the page, by key.
MESSAGES = {
    "households": _("huishoudens"),
    "of": _("van"),
    "saved": _("opgeslagen"),
    "save_failed": _("Opslaan mislukt."),
    "no_renewal": _("geen vernieuwing in dit plan"),
    "homes": _("woningen"),
    "damage": _("schade"),
    "error": _("fout"),
    "zoom_in": _("Inzoomen"),
    "zoom_out": _("Uitzoomen"),
    "intervention_for": _("Ingreep voor blok"),
    "apply": _("Toepassen"),
    "to_block": _("op blok"),
    "block": _("blok"),
    "recomputed": _("Doorgerekend"),
    "mkba": _("MKBA-saldo"),
    "exploitation": _("exploitatieresultaat GREX"),
    "demolished_new": _("woningen gesloopt / nieuw"),
    "other_blocks": _("overige blokken"),
    "choose": _("Andere ingreep kiezen"),
    "subsidence_legend": _("licht = weinig, donker = veel bodemdaling (mm/jaar)"),
    "blocks_shown": _("{shown} van {total} blokken getoond"),
    "no_blocks": _("Geen blokken gevonden"),
    "cashflow_chart": _("Cumulatief saldo per jaar ({first}–{last}): {low} tot {high} mln euro"),
    "sweep_chart": _("GREX per verdichting ({first}–{last}): {low} tot {high} mln euro"),
    "no_chart": _("Geen grafiek: geen vernieuwing in dit plan"),
    "map_picture": _(
        "{n} blokken, gekleurd naar {by}; alles per blok staat in de tabel Alle blokken"
    ),
}


def map_texts() -> dict[str, str]:
    """Every text map.js needs, in the active language (its keys are the codes the API returns)."""
    texts = {**INTERVENTIONS, **DAMAGE, **TENURE, **FOUNDATION, **ACTORS, **MESSAGES}
    return {key: str(value) for key, value in texts.items()}


class BlockFilter(forms.Form):
    """Search the table of blocks: part of a block id or street, and one intervention."""

    q = forms.CharField(label=_("Zoek op blok of straat"), required=False, max_length=100)
    ingreep = forms.ChoiceField(
        label=_("Ingreep"),
        required=False,
        choices=[("", _("alle ingrepen")), *INTERVENTIONS.items()],
    )


def _natural(block_id: str) -> list[Any]:
    """Sort key: B1A2 before B1A10, as map.js's ``localeCompare(…, {numeric: true})``."""
    return [
        int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", block_id)
    ]


def _number(value: float) -> str:
    """A factor or rate as map.js writes it: at most two decimals, none when whole (1,5; 9; 7,25)."""
    rounded = round(value, 2)
    return number_format(int(rounded) if rounded == int(rounded) else rounded)


def intervention_of(plan: dict[str, Any] | None, block_id: str) -> tuple[str, float | None]:
    """A block's intervention and densification in ``plan`` (a saved plan's ``default`` and
    ``blocks``); without a plan the map's starting point: every block repaired."""
    if plan is None:
        return "repair", None
    choice = plan["blocks"].get(block_id) or plan["default"]
    return choice["intervention"], choice.get("densification")


def intervention_text(intervention: str, densification: float | None) -> str:
    """As the table and the live region say it: ``vernieuwen ×1,5`` (densification when renewing)."""
    label = str(INTERVENTIONS.get(intervention, intervention))
    if intervention == "renew" and densification:
        return f"{label} ×{_number(densification)}"
    return label


def rows(
    features: list[dict[str, Any]], plan: dict[str, Any] | None, query: str, intervention: str
) -> list[dict[str, Any]]:
    """One row per block (sorted by id), with ``shown`` false when the search leaves it out:
    ``query`` is part of the block id or the street (case ignored), ``intervention`` the block's
    intervention in ``plan`` ("" for any)."""
    needle = query.strip().casefold()
    out = []
    for feature in sorted(features, key=lambda f: _natural(f["properties"]["block_id"])):
        p = feature["properties"]
        block_id, street = p["block_id"], p.get("street") or ""
        kind, densification = intervention_of(plan, block_id)
        found = needle in block_id.casefold() or needle in street.casefold()
        subsidence = p.get("subsidence")
        out.append(
            {
                "block_id": block_id,
                "street": street or "–",
                "intervention": kind,
                "intervention_text": intervention_text(kind, densification),
                "dwellings": p["dwellings"],
                "foundation": FOUNDATION.get(p["foundation"], p["foundation"]),
                "damage": DAMAGE.get(p["damage"], p["damage"]),
                "subsidence": "–" if subsidence is None else _number(subsidence),
                "label": p.get("label") or "–",
                "tenure": TENURE.get(p["tenure"], p["tenure"]),
                "shown": found and intervention in ("", kind),
            }
        )
    return out


def shown_text(table: list[dict[str, Any]]) -> str:
    """``12 van 92 blokken getoond``; when nothing matches ``Geen blokken gevonden (0 van 92
    blokken getoond)`` (map.js writes the same)."""
    shown = sum(r["shown"] for r in table)
    text = str(MESSAGES["blocks_shown"]).format(shown=shown, total=len(table))
    return text if shown else f"{MESSAGES['no_blocks']} ({text})"
