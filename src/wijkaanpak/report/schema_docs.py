"""Render the input schema tables as Markdown: docs/schema.md is generated from them."""

from __future__ import annotations

from wijkaanpak.model.schema import TableSchema

TITLES = {
    "metadata": "metadata — about the neighbourhood (one row)",
    "blocks": "blocks — bouwblokken",
    "dwellings": "dwellings — woningen (BAG verblijfsobjecten)",
    "households": "households — huishoudens (personal data)",
    "public_space": "public_space — openbare ruimte",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _allowed(
    attr_type: str, categories: tuple[str, ...], lo: float | None, hi: float | None
) -> str:
    if categories:
        return ", ".join(f"`{c}`" for c in categories)
    if lo is not None and hi is not None:
        return f"{lo:g} … {hi:g}"
    return ""


def schema_markdown(schemas: dict[str, TableSchema]) -> str:
    """Markdown with one table per input table."""
    lines = [
        "# Input data schema",
        "",
        "Generated from `src/wijkaanpak/data/schema/*.csv` by `wijkaanpak schema --markdown`;",
        "do not edit by hand. The same tables drive validation.",
        "",
    ]
    for name, schema in schemas.items():
        lines += [
            f"## {TITLES.get(name, name)}",
            "",
            "| attribute | type | unit | default | required | allowed | description |",
            "|---|---|---|---|---|---|---|",
        ]
        for a in schema.attributes:
            allowed = _allowed(a.type, a.categories, a.minimum, a.maximum)
            lines.append(
                f"| `{a.name}` | {a.type} | {a.unit} | {_cell(a.default)} | "
                f"{'yes' if a.required else 'no'} | {_cell(allowed)} | {_cell(a.description)} |"
            )
        lines.append("")
    return "\n".join(lines)
