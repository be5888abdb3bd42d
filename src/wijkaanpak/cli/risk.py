"""CLI commands ``risk`` (Monte Carlo over the assumptions) and ``breakeven``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from wijkaanpak.analysis.risk import breakeven as find_breakeven
from wijkaanpak.analysis.risk import run
from wijkaanpak.cli.app import (
    AssumptionsOpt,
    JsonOpt,
    LangOpt,
    NeighbourhoodOpt,
    app,
    err,
    out,
    print_wide,
    reports_input_errors,
)
from wijkaanpak.cli.scenarios import PlanOpt
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.texts import Texts, euro, number


def _fail(message: str) -> typer.Exit:
    err.print(Text.assemble(("✗", "bold red"), " ", message), highlight=False)
    return typer.Exit(code=2)


@app.command()
@reports_input_errors
def risk(
    plan: PlanOpt = "all-renew",
    draws: Annotated[int, typer.Option(min=1, max=1_000_000, help="Aantal trekkingen.")] = 1000,
    seed: Annotated[
        int | None, typer.Option(min=0, help="Startgetal (standaard: risk.seed uit de aannames).")
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(help="Tekortdrempel in euro (standaard: het tekort bij de standaardwaarden)."),
    ] = None,
    confidence: Annotated[
        float, typer.Option(min=0.5, max=0.999, help="Zekerheid voor de risicoreserve.")
    ] = 0.9,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="Processen.")] = None,
    neighbourhood: NeighbourhoodOpt = None,
    assumptions: AssumptionsOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Risico: Monte Carlo over de aannames — spreiding van exploitatie en MKBA, risicoreserve."""
    t = Texts(lang)
    nbh, a = read_neighbourhood(neighbourhood), load_assumptions(assumptions)
    with Progress(
        TextColumn(t("risk_progress")),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("risk", total=draws)
        try:
            result = run(
                nbh,
                a,
                plan,
                draws,
                seed,
                threshold,
                confidence,
                workers,
                lambda done, _: bar.update(task, completed=done),
            )
        except (KeyError, ValueError) as exc:  # e.g. risk.correlations that contradict
            source = assumptions or "assumptions.yaml (shipped)"
            raise _fail(f"{source}: {exc.args[0] if exc.args else exc}") from None
    data = result.to_dict()
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(
        title=t("risk_title", plan=result.plan, draws=number(draws, t.lang), seed=result.seed),
        title_justify="left",
    )
    for column in ("", "point", "mean", "p10", "p50", "p90", "p95"):
        table.add_column(t(f"risk_{column}") if column else "", justify="right")
    for name in ("exploitation", "mkba"):
        row = data[name]
        cells = [
            euro(row[k], t.lang)
            for k in ("point_eur", "mean_eur", "p10_eur", "p50_eur", "p90_eur", "p95_eur")
        ]
        table.add_row(t(f"risk_{name}"), *cells)
    share = data["closed_purse_share"]
    if share["mean"] is not None:
        cells = [
            f"{number(100 * share[k], t.lang, 1)} %"
            for k in ("point", "mean", "p10", "p50", "p90", "p95")
        ]
        table.add_row(t("risk_closed_purse"), *cells)
    print_wide(table)
    e = data["exploitation"]
    out.print(
        t(
            "risk_exceed",
            p=number(100 * e["p_exceed"], t.lang, 1),
            threshold=euro(e["threshold_eur"], t.lang),
        )
    )
    out.print(
        t(
            "risk_reserve",
            eur=euro(data["risk_reserve_eur"], t.lang),
            q=round(100 * confidence),
        )
    )
    top = Table(title=t("risk_contributions"), title_justify="left")
    top.add_column(t("key"))
    top.add_column(t("share"), justify="right")
    top.add_column("ρ", justify="right")
    for c in data["contributions"][:10]:
        top.add_row(
            str(c["parameter"]),
            f"{number(100 * float(c['share']), t.lang, 1)} %",
            number(float(c["rank_correlation"]), t.lang, 2),
        )
    out.print(top)
    out.print(t("risk_time", seconds=number(result.seconds, t.lang, 1)))


@app.command()
@reports_input_errors
def breakeven(
    parameter: Annotated[
        str,
        typer.Option(
            "--parameter",
            help="Aanname (bijv. renewal.sale_price, renewal.subsidy) of 'densification'.",
        ),
    ],
    plan: PlanOpt = "all-renew",
    target: Annotated[
        str, typer.Option(help="exploitation (exploitatieresultaat) of mkba (MKBA-saldo).")
    ] = "exploitation",
    neighbourhood: NeighbourhoodOpt = None,
    assumptions: AssumptionsOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Break-even: bij welke waarde van één aanname is het resultaat nul?"""
    t = Texts(lang)
    nbh, a = read_neighbourhood(neighbourhood), load_assumptions(assumptions)
    try:
        found = find_breakeven(nbh, a, plan, parameter, target)
    except (KeyError, ValueError) as exc:
        raise _fail(str(exc.args[0]) if exc.args else str(exc)) from None
    data = found.to_dict()
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    low, high = (number(x, t.lang, 2) for x in data["range"])
    if found.value is None:
        out.print(
            t("breakeven_none", parameter=parameter, low=low, high=high, target=t(f"risk_{target}"))
        )
    else:
        out.print(
            t(
                "breakeven_found",
                parameter=parameter,
                value=number(found.value, t.lang, 2),
                unit=found.unit,
                target=t(f"risk_{target}"),
            )
        )
