"""Schema tables: one row per attribute of an input table.

A schema is data (``data/schema/<table>.csv``, read by :mod:`wijkaanpak.io.schema`); this module
holds its typed form. The same schema drives validation (:mod:`wijkaanpak.model.validate`), the
documentation (:mod:`wijkaanpak.report.schema_docs`) and, later, the web forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: The kinds of value a schema attribute can hold.
TYPES = (
    "str",
    "int",
    "float",
    "bool",
    "date",
    "category",
    "geometry",
    "bag_vbo",
    "bag_pand",
    "postcode",
)

#: BAG object type codes (digits 5–6 of a 16-digit BAG id), per the BAG catalogue (Catalogus
#: Basisregistratie Adressen en Gebouwen 2018, §3 "identificatie").
BAG_OBJECT_TYPE = {"bag_vbo": "01", "bag_pand": "10"}

#: The coordinate reference system of every geometry in the model: RD New.
CRS = "EPSG:28992"


@dataclass(frozen=True)
class Attribute:
    """One attribute (column) of an input table."""

    name: str
    type: str
    unit: str
    default: str
    description: str
    required: bool
    minimum: float | None = None
    maximum: float | None = None
    categories: tuple[str, ...] = ()
    description_nl: str = ""  # the description in Dutch (the web app's Dutch messages)

    def expectation(self) -> str:
        """Say in words what a valid value looks like (used in error messages)."""
        if self.type == "category":
            return "one of " + ", ".join(self.categories)
        if self.type in BAG_OBJECT_TYPE:
            code = BAG_OBJECT_TYPE[self.type]
            return f"a 16-digit BAG id with object type code {code} at digits 5–6"
        words = {
            "str": "text",
            "int": "a whole number",
            "float": "a number",
            "bool": "true or false",
            "date": "a date as YYYY-MM-DD",
            "geometry": f"a polygon in {CRS}",
            "postcode": "a postcode like 3311AB",
        }[self.type]
        if self.minimum is not None and self.maximum is not None:
            words += f" between {_num(self.minimum)} and {_num(self.maximum)}"
        if self.unit not in ("-", "") and self.type in ("int", "float"):
            words += f" [{self.unit}]"
        return words


@dataclass(frozen=True)
class TableSchema:
    """The schema of one input table (e.g. ``dwellings``)."""

    name: str
    attributes: tuple[Attribute, ...]

    @property
    def id_column(self) -> str:
        """The first attribute is the table's unique id (``metadata`` has none)."""
        return self.attributes[0].name

    def names(self) -> list[str]:
        return [a.name for a in self.attributes]

    def __getitem__(self, name: str) -> Attribute:
        for a in self.attributes:
            if a.name == name:
                return a
        msg = f"table {self.name!r} has no attribute {name!r}"
        raise KeyError(msg)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def attribute_from_row(row: Mapping[str, str]) -> Attribute:
    """Build an :class:`Attribute` from one schema-table row (all values as text).

    >>> a = attribute_from_row({"attribute": "build_year", "type": "int", "unit": "yr",
    ...     "default": "", "description": "Build year.", "status": "required",
    ...     "allowed": "1200..2030"})
    >>> (a.minimum, a.maximum, a.required)
    (1200.0, 2030.0, True)
    """
    kind = row["type"]
    if kind not in TYPES:
        msg = (
            f"schema attribute {row['attribute']!r}: unknown type {kind!r}, expected one of {TYPES}"
        )
        raise ValueError(msg)
    if row["status"] not in ("required", "optional"):
        msg = f"schema attribute {row['attribute']!r}: status must be required or optional"
        raise ValueError(msg)
    allowed = row.get("allowed", "") or ""
    minimum = maximum = None
    categories: tuple[str, ...] = ()
    if kind == "category":
        categories = tuple(allowed.split("|"))
    elif ".." in allowed:
        lo, hi = allowed.split("..")
        minimum, maximum = float(lo), float(hi)
    return Attribute(
        name=row["attribute"],
        type=kind,
        unit=row["unit"],
        default=row.get("default", "") or "",
        description=row["description"],
        required=row["status"] == "required",
        minimum=minimum,
        maximum=maximum,
        categories=categories,
        description_nl=row.get("description_nl", "") or "",
    )


def table_schema(name: str, rows: Iterable[Mapping[str, str]]) -> TableSchema:
    """Build a :class:`TableSchema` from schema-table rows."""
    return TableSchema(name=name, attributes=tuple(attribute_from_row(r) for r in rows))
