"""CLI command ``report``: the council report (HTML + PDF, optionally the exploitation as xlsx), in
Dutch or, with ``--lang en``, English."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wijkaanpak.cli.app import (
    AssumptionsOpt,
    LangOpt,
    NeighbourhoodOpt,
    app,
    out,
    reports_input_errors,
)
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.io.plans import load_plan
from wijkaanpak.report.document import DEFAULT_PLANS, RISK_DRAWS, build_report
from wijkaanpak.texts import Texts


@app.command()
@reports_input_errors
def report(
    out_dir: Annotated[
        Path,
        typer.Option("--out", help="Map voor rapport.html, rapport.pdf (en exploitatie.xlsx)."),
    ],
    plan: Annotated[
        list[str] | None,
        typer.Option("--plan", "-p", help="Plan (herhaalbaar); standaard de drie scenario's."),
    ] = None,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="Ook de exploitatie als Excel met formules.")
    ] = False,
    risk_draws: Annotated[
        int,
        typer.Option(min=0, max=100_000, help="Trekkingen voor het risicohoofdstuk (0: zonder)."),
    ] = RISK_DRAWS,
    neighbourhood: NeighbourhoodOpt = None,
    assumptions: AssumptionsOpt = None,
    lang: LangOpt = None,
) -> None:
    """Rapport voor raad en bewoners: kaarten, plannen naast elkaar, verdichting, kasstroom, huishoudens.

    Een plan van `wijkaanpak optimise --out` staat erin als voorstel van de optimalisatie, naast de
    andere plannen op zijn eigen doel en randvoorwaarden. Met --lang en in het Engels."""
    try:
        language = Texts(lang).lang  # --lang, else WIJKAANPAK_LANG, else nl
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--lang") from None
    nbh = read_neighbourhood(neighbourhood)
    chosen = load_assumptions(assumptions)
    plans = list(plan) if plan else list(DEFAULT_PLANS)
    for p in plans:  # validate every plan before the (slow) build
        if p != "mix":
            load_plan(p, [str(b) for b in nbh.blocks.index])
    result = build_report(
        nbh, chosen, plans, out_dir, xlsx=xlsx, risk_draws=risk_draws, lang=language
    )
    report_label = "Report: " if language == "en" else "Rapport:"
    out.print(f"{report_label} {result.html}")
    out.print(f"PDF:     {result.pdf}")
    if result.xlsx is not None:
        out.print(f"Excel:   {result.xlsx}")
