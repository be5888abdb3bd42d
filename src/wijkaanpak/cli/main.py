"""``wijkaanpak``: the command line. Every command reads the shipped Voorbeeldwijk and the shipped
assumptions unless given ``--neighbourhood PATH`` / ``--assumptions PATH``. Input errors are
printed one per line (file, row, field, expectation) and the exit code is 2; no traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.columns import Columns
from rich.table import Table
from rich.text import Text

from wijkaanpak.analysis.summary import per_block, summarise
from wijkaanpak.cli import (  # noqa: F401  (register)
    bag,
    households,
    optimise,
    reports,
    risk,
    scenarios,
    screening,
    web,
)
from wijkaanpak.cli.app import (
    AssumptionsOpt,
    JsonOpt,
    LangOpt,
    NeighbourhoodOpt,
    app,
    counted,
    err,
    out,
    print_wide,
    reports_input_errors,
    styled,
    warn_fictional,
)
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood, write_neighbourhood
from wijkaanpak.io.schema import load_schemas
from wijkaanpak.malloc import keep_freed_memory
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.texts import Texts, euro, number


def _counts_table(t: Texts, title: str, data: dict[str, int], total: int) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column("")
    table.add_column(t("count"), justify="right")
    table.add_column(t("share"), justify="right")
    for key, n in data.items():
        table.add_row(t(key), str(n), f"{100 * n / total:.0f}%")
    return table


def _print_summary(s: dict[str, Any], t: Texts) -> None:
    if s["fictional"]:
        warn_fictional(t)
    out.print(Text.assemble(styled(f"{t('summary')}: {s['neighbourhood']}"), f" {s['buurtcode']}"))
    head = Table(show_header=False, show_edge=False)
    for key in ("dwellings", "blocks", "buildings", "households"):
        head.add_row(t(key), str(s[key]))
    w, lang = s["woz_eur"], t.lang
    head.add_row(
        t("woz") + f" ({t('peildatum')} {', '.join(s['woz_reference_dates'])})",
        f"{t('total')} {euro(w['total'], lang)}; {t('mean')} {euro(w['mean'], lang)}; "
        f"{t('median')} {euro(w['median'], lang)}; {euro(w['min'], lang)} – {euro(w['max'], lang)}",
    )
    b = s["build_year"]
    head.add_row(t("build_year"), f"{b['min']} – {b['max']} ({t('median')} {b['median']:.0f})")
    sub = s["subsidence_mm_per_yr"]
    head.add_row(
        t("subsidence"),
        f"{t('mean')} {number(sub['mean'], lang, 1)}, {t('max')} {number(sub['max'], lang, 1)}",
    )
    head.add_row(t("below_street"), str(s["below_street_level"]))
    head.add_row(t("enforcement"), str(s["with_enforcement_term"]))
    if s["source"]:  # e.g. which values import-bag defaulted (WOZ, label, tenure), and how many
        head.add_row(t("data_source"), str(s["source"]))
    out.print(head)
    out.print()
    per = s["dwellings_per_block"]
    out.print(
        Text.assemble(
            styled(t("per_block")),
            f" ({t('min')} {per['min']}, {t('median')} {per['median']:.0f}, {t('max')} {per['max']})",
        )
    )
    cells = [Text.assemble(f"{k} ", (f"{v:>3}", "cyan")) for k, v in s["by_block"].items()]
    out.print(Columns(cells, padding=(0, 2)))
    out.print()
    n = s["dwellings"]
    tables = [
        _counts_table(t, t(key), s[f"by_{key}"], n)
        for key in ("foundation_type", "damage_class", "tenure", "energy_label", "dwelling_type")
    ]
    out.print(Columns(tables, padding=(1, 4)))
    ps = s["public_space"]
    names = {
        "street_area_m2": "street_area",
        "green_area_m2": "green_area",
        "water_area_m2": "water_area",
        "sewer_length_m": "sewer_length",
        "parking_spaces": "parking_spaces",
    }
    shown = "; ".join(f"{t(names[k])} {number(v, lang)}" for k, v in ps.items())
    out.print(Text.assemble(styled(t("public_space")), f": {shown}"))


def _print_blocks(nbh: Neighbourhood, t: Texts) -> None:
    blocks = per_block(nbh)
    table = Table(title=t("per_block"), title_justify="left")
    table.add_column(t("block_id"))
    for col in blocks.columns:
        numeric = pd.api.types.is_numeric_dtype(blocks[col])
        table.add_column(t(col), justify="right" if numeric else "left")
    for block_id, row in blocks.iterrows():
        cells = [str(block_id)]
        for col, value in zip(blocks.columns, row, strict=True):
            if col == "woz_mean_eur":
                cells.append(euro(float(value), t.lang))
            elif col == "subsidence_mm_per_yr":
                cells.append(number(float(value), t.lang, 1))
            else:
                cells.append(t(str(value)))
        table.add_row(*cells)
    print_wide(table)


@app.command()
@reports_input_errors
def wijk(
    neighbourhood: NeighbourhoodOpt = None,
    assumptions: AssumptionsOpt = None,
    as_json: JsonOpt = False,
    blocks: Annotated[
        bool, typer.Option("--blocks", "--blokken", help="Tabel met elk bouwblok.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Overzicht van de wijk: woningen per blok, fundering, schade, eigendom, label, WOZ."""
    t = Texts(lang)
    if assumptions is not None:
        load_assumptions(assumptions)  # validated so that a bad file is reported here too
    nbh = read_neighbourhood(neighbourhood)
    s = summarise(nbh)
    if as_json:
        if blocks:
            s["block_table"] = per_block(nbh).reset_index().to_dict(orient="records")
        sys.stdout.write(json.dumps(s, ensure_ascii=False, indent=2, default=str) + "\n")
    elif blocks:
        _print_blocks(nbh, t)
    else:
        _print_summary(s, t)


@app.command()
@reports_input_errors
def check(
    path: Annotated[Path, typer.Argument(help="GeoPackage of map met CSV's.")], lang: LangOpt = None
) -> None:
    """Controleer een wijkbestand; noemt bij fouten bestand, rij en veld."""
    nbh = read_neighbourhood(path)
    t = Texts(lang)
    out.print(
        f"{t('ok')}: {nbh.label}: {counted(t, len(nbh.dwellings), 'dwellings')}, "
        f"{counted(t, len(nbh.blocks), 'blocks')}, {counted(t, len(nbh.households), 'households')}"
    )


@app.command()
@reports_input_errors
def assumptions(
    assumptions: AssumptionsOpt = None, as_json: JsonOpt = False, lang: LangOpt = None
) -> None:
    """Alle aannames met waarde, eenheid, prijspeil en bron."""
    a = load_assumptions(assumptions)
    rows: list[dict[str, Any]] = []
    for key, leaf in a.leaves():
        value = (
            getattr(leaf, "values", None)
            or getattr(leaf, "file", None)
            or getattr(leaf, "value", None)
        )
        rows.append(
            {
                "key": key,
                "value": value,
                "unit": leaf.unit,
                "price_level": leaf.price_level,
                "source": leaf.source,
                "assumption": leaf.assumption,
                "range": list(leaf.range) if leaf.range else None,
                "documentation_only": leaf.documentation_only,
                "origin": leaf.origin,
            }
        )
    if as_json:
        sys.stdout.write(
            json.dumps({"version": a.version, "parameters": rows}, ensure_ascii=False, indent=2)
            + "\n"
        )
        return
    t = Texts(lang)
    table = Table(
        title=f"{t('assumptions')} (versie {a.version})", title_justify="left", show_lines=True
    )
    for col in ("key", "value", "unit", "price_level", "source"):
        table.add_column(t(col), overflow="fold")
    for r in rows:
        value = r["value"]
        shown = (
            ", ".join(f"{k}: {v:g}" for k, v in value.items())
            if isinstance(value, dict)
            else str(value)
        )
        span = f" (bereik {r['range'][0]:g}–{r['range'][1]:g})" if r["range"] else ""
        prov = r["source"] or f"aanname: {r['assumption']}{span}"
        if r["origin"] != "default":
            prov += f" [{r['origin']}]"
        table.add_row(r["key"], shown, r["unit"], str(r["price_level"] or ""), prov)
    out.print(table)


@app.command()
def schema(
    table: Annotated[
        str | None, typer.Argument(help="blocks, dwellings, households, public_space, metadata")
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Als Markdown (docs/schema.md).")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """De invoertabellen: attribuut, type, eenheid, standaard, omschrijving (in het Nederlands;
    met --lang en in het Engels)."""
    from wijkaanpak.report.schema_docs import schema_markdown

    schemas = load_schemas()
    if table is not None and table not in schemas:
        err.out(f"✗ unknown table '{table}'; expected one of {', '.join(schemas)}")
        raise typer.Exit(code=2)
    chosen = {table: schemas[table]} if table else schemas
    if markdown:
        sys.stdout.write(schema_markdown(chosen) + "\n")
        return
    dutch = Texts(lang).lang == "nl"
    for name, s in chosen.items():
        t = Table(title=name, title_justify="left")
        for col in ("attribute", "type", "unit", "default", "required", "description"):
            t.add_column(col, overflow="fold")
        for a in s.attributes:
            said = a.description_nl if dutch and a.description_nl else a.description
            t.add_row(a.name, a.type, a.unit, a.default, "yes" if a.required else "no", said)
        out.print(t)


@app.command("generate-voorbeeldwijk")
def generate_voorbeeldwijk(
    out_dir: Annotated[Path, typer.Option("--out", help="Map voor voorbeeldwijk.gpkg en csv/.")],
) -> None:
    """(Onderhoud) Genereer de fictieve Voorbeeldwijk opnieuw, deterministisch."""
    from wijkaanpak.reference.voorbeeldwijk import generate

    nbh = generate(load_schemas())
    write_neighbourhood(nbh, out_dir / "voorbeeldwijk.gpkg")
    write_neighbourhood(nbh, out_dir / "csv")
    out.print(
        f"Written: {out_dir}/voorbeeldwijk.gpkg and {out_dir}/csv/ — {len(nbh.dwellings)} dwellings (FICTIONAL)"
    )


def main() -> None:
    # the engine's arrays reuse freed memory instead of fresh kernel pages (wijkaanpak.malloc):
    # one plan ≈ 1.3 ms less on the Voorbeeldwijk; risk's worker processes inherit it
    keep_freed_memory()
    app()
