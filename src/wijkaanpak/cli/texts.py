"""Interface texts: Dutch first, English available (``--lang en`` or WIJKAANPAK_LANG=en)."""

from __future__ import annotations

import os

from rich.markup import escape

NL: dict[str, str] = {
    "fictional": "FICTIEVE wijk: alle gegevens zijn verzonnen",
    "summary": "Wijkoverzicht",
    "dwellings": "Woningen",
    "blocks": "Bouwblokken",
    "buildings": "Panden",
    "households": "Huishoudens",
    "per_block": "Woningen per bouwblok",
    "dwelling_type": "Woningtype",
    "foundation_type": "Funderingstype",
    "damage_class": "Schadeklasse",
    "tenure": "Eigendom",
    "energy_label": "Energielabel",
    "count": "Aantal",
    "share": "Aandeel",
    "woz": "WOZ-waarde",
    "total": "totaal",
    "mean": "gemiddeld",
    "median": "mediaan",
    "min": "laagste",
    "max": "hoogste",
    "build_year": "Bouwjaar",
    "subsidence": "Bodemdaling [mm/jr]",
    "below_street": "Begane grond onder straatpeil",
    "enforcement": "Met handhavingstermijn",
    "public_space": "Openbare ruimte",
    "street_area": "Verharding [m²]",
    "green_area": "Groen [m²]",
    "water_area": "Water [m²]",
    "sewer_length": "Riool [m]",
    "parking_spaces": "Parkeerplaatsen op straat",
    "assumptions": "Aannames",
    "key": "Parameter",
    "value": "Waarde",
    "unit": "Eenheid",
    "price_level": "Prijspeil",
    "source": "Bron of aanname",
    "errors": "Fouten in de invoer",
    "more": "… en nog {n} fouten",
    "ok": "In orde",
    "written": "Geschreven",
    "schema": "Schema",
    "peildatum": "peildatum",
    "block_id": "Blok",
    "worst_damage": "Ergste schade",
    "subsidence_mm_per_yr": "Daling [mm/jr]",
    "owner_occupied": "Eigenaar-bewoners",
    "woz_mean_eur": "WOZ gem.",
    "negligible": "verwaarloosbaar",
    "very_slight": "zeer licht",
    "slight": "licht",
    "moderate": "matig",
    "severe": "ernstig",
    "very_severe": "zeer ernstig",
    "unknown": "onbekend",
    "owner_occupier": "eigenaar-bewoner",
    "private_rental": "particuliere huur",
    "housing_association": "corporatiehuur",
    "terraced_middle": "tussenwoning",
    "terraced_end": "hoekwoning",
    "semi_detached": "twee-onder-een-kap",
    "detached": "vrijstaand",
    "apartment_ground": "benedenwoning/appartement bg",
    "apartment_upper": "bovenwoning/appartement",
}
EN: dict[str, str] = {
    "fictional": "FICTIONAL neighbourhood: all data are made up",
    "summary": "Neighbourhood summary",
    "dwellings": "Dwellings",
    "blocks": "Blocks",
    "buildings": "Buildings",
    "households": "Households",
    "per_block": "Dwellings per block",
    "dwelling_type": "Dwelling type",
    "foundation_type": "Foundation type",
    "damage_class": "Damage class",
    "tenure": "Tenure",
    "energy_label": "Energy label",
    "count": "Count",
    "share": "Share",
    "woz": "WOZ value",
    "total": "total",
    "mean": "mean",
    "median": "median",
    "min": "lowest",
    "max": "highest",
    "build_year": "Build year",
    "subsidence": "Subsidence [mm/yr]",
    "below_street": "Ground floor below street level",
    "enforcement": "With enforcement term",
    "public_space": "Public space",
    "street_area": "Paved [m²]",
    "green_area": "Green [m²]",
    "water_area": "Water [m²]",
    "sewer_length": "Sewer [m]",
    "parking_spaces": "On-street parking spaces",
    "assumptions": "Assumptions",
    "key": "Parameter",
    "value": "Value",
    "unit": "Unit",
    "price_level": "Price level",
    "source": "Source or assumption",
    "errors": "Errors in the input",
    "more": "… and {n} more errors",
    "ok": "OK",
    "written": "Written",
    "schema": "Schema",
    "peildatum": "reference date",
    "block_id": "Block",
    "worst_damage": "Worst damage",
    "subsidence_mm_per_yr": "Sinking [mm/yr]",
    "owner_occupied": "Owner-occupiers",
    "woz_mean_eur": "Mean WOZ",
    "negligible": "negligible",
    "very_slight": "very slight",
    "slight": "slight",
    "moderate": "moderate",
    "severe": "severe",
    "very_severe": "very severe",
    "unknown": "unknown",
    "owner_occupier": "owner-occupier",
    "private_rental": "private rental",
    "housing_association": "housing association",
    "terraced_middle": "terraced (middle)",
    "terraced_end": "terraced (end)",
    "semi_detached": "semi-detached",
    "detached": "detached",
    "apartment_ground": "apartment (ground floor)",
    "apartment_upper": "apartment (upper)",
}
LANGUAGES = {"nl": NL, "en": EN}


class Texts:
    """Look up interface texts in one language; unknown keys come back as they are."""

    def __init__(self, lang: str | None = None) -> None:
        self.lang = (lang or os.environ.get("WIJKAANPAK_LANG") or "nl").lower()
        if self.lang not in LANGUAGES:
            msg = f"unknown language {self.lang!r}; choose nl or en"
            raise ValueError(msg)
        self.table = LANGUAGES[self.lang]

    def __call__(self, key: str, **kw: object) -> str:
        """The text for ``key``, escaped for rich markup (so "[m²]" stays visible)."""
        return escape(self.table.get(key, key).format(**kw))


def number(value: float, lang: str = "nl", decimals: int = 0) -> str:
    """A number in Dutch notation (1.234,5) or English (1,234.5)."""
    text = f"{value:,.{decimals}f}"
    if lang != "nl":
        return text
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def euro(amount: float, lang: str = "nl") -> str:
    """Money: € 1.234.567 (Dutch) or € 1,234,567 (English)."""
    return "€ " + number(amount, lang)
