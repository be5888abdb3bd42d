"""CLI commands for households: ``mortgage`` (one household, step by step, with sources) and
``households`` (nieuw voor oud for a plan)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.table import Table

from wijkaanpak.analysis.evaluate import Result, context, evaluate_plan
from wijkaanpak.analysis.household_overview import Overviews
from wijkaanpak.cli.app import (
    AssumptionsOpt,
    JsonOpt,
    LangOpt,
    NeighbourhoodOpt,
    app,
    out,
    print_wide,
    reports_input_errors,
    styled,
    warn_fictional,
)
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.norms import load_norms
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.mortgage import max_mortgage
from wijkaanpak.model.swap import aow_age, default_income_after_aow, verdict
from wijkaanpak.report.household_sheet import file_name, sections, write_sheet
from wijkaanpak.texts import Texts, euro, number

SOURCE = "Trhk (Stcrt. 2025, 36471)"


@app.command()
@reports_input_errors
def mortgage(
    income: Annotated[
        float, typer.Option("--income", help="Bruto jaarinkomen aanvrager [EUR/jr].", min=0)
    ],
    partner_income: Annotated[
        float, typer.Option(help="Bruto jaarinkomen partner [EUR/jr].", min=0)
    ] = 0.0,
    test_rate: Annotated[float, typer.Option(help="Aangeboden rente [%/jr].", min=0, max=20)] = 5.0,
    fixed_years: Annotated[
        float, typer.Option(help="Rentevaste periode [jr].", min=0, max=30)
    ] = 10,
    year: Annotated[int, typer.Option(help="Jaar van de normen.")] = 2026,
    aow: Annotated[bool, typer.Option("--aow", help="AOW-leeftijd bereikt.")] = False,
    adults: Annotated[
        int | None,
        typer.Option(
            help="Volwassenen in het huishouden (1 = alleenstaande, Trhk art. 3 lid 8). "
            "Zonder: alleenstaand als er geen partnerinkomen is.",
            min=1,
            max=10,
        ),
    ] = None,
    age: Annotated[
        float | None,
        typer.Option(
            help="Leeftijd oudste aanvrager bij de start van de lening [jr].", min=16, max=120
        ),
    ] = None,
    start_year: Annotated[
        int | None,
        typer.Option(help="Startjaar van de lening (voor de AOW-regel); standaard --year."),
    ] = None,
    pension_income: Annotated[
        float | None,
        typer.Option(
            help="Verwacht bruto jaarinkomen na AOW-leeftijd (AOW + pensioen) [EUR/jr]; "
            "zonder: AOW + households.pension_share × inkomen.",
            min=0,
        ),
    ] = None,
    market_value: Annotated[
        float | None,
        typer.Option(help="Marktwaarde van de woning [EUR] (Trhk art. 5: lening ≤ 100 %).", min=0),
    ] = None,
    label: Annotated[
        str | None,
        typer.Option(help="Energielabel van de gekochte woning, bv. A+++ of A++++_guarantee."),
    ] = None,
    canon: Annotated[float, typer.Option(help="Erfpachtcanon [EUR/jr].", min=0)] = 0.0,
    obligations: Annotated[
        float, typer.Option(help="Andere maandelijkse verplichtingen [EUR/mnd].", min=0)
    ] = 0.0,
    price: Annotated[
        float | None, typer.Option(help="Nieuw voor oud: prijs nieuwe woning [EUR].", min=0)
    ] = None,
    equity: Annotated[
        float, typer.Option(help="Nieuw voor oud: inbrengwaarde − restschuld [EUR] (mag negatief).")
    ] = 0.0,
    current_monthly: Annotated[
        float,
        typer.Option(help="Nieuw voor oud: woonlasten nu, hypotheek + energie [EUR/mnd].", min=0),
    ] = 0.0,
    energy_after: Annotated[
        float, typer.Option(help="Nieuw voor oud: energielasten nieuwe woning [EUR/mnd].", min=0)
    ] = 0.0,
    assumptions: AssumptionsOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Maximale hypotheek volgens de Tijdelijke regeling hypothecair krediet, stap voor stap."""
    chosen = load_assumptions(assumptions)
    norms = load_norms(chosen, year)
    if label is not None and label not in norms.label_amounts:
        choices = ", ".join(norms.label_amounts)
        raise InputError(
            [
                Issue(
                    "--label",
                    "",
                    "label",
                    f"unknown energy label {label!r}; expected one of {choices}",
                )
            ]
        )
    single = None if adults is None else adults == 1
    after_aow: float | None = None
    aow_at: float | None = None
    if age is not None:  # Trhk art. 2 lid 4: AOW age within ten years of the loan
        start = year if start_year is None else start_year
        aow_at = float(aow_age(chosen, start)[()])
        aow = aow or age >= aow_at
        if not aow and age + 10 >= float(aow_age(chosen, start + 10)[()]):
            after_aow = (
                pension_income
                if pension_income is not None
                else float(
                    default_income_after_aow(
                        chosen,
                        adults if adults is not None else (1 if partner_income == 0 else 2),
                        income + partner_income,
                    )[()]
                )
            )
    m = max_mortgage(
        norms,
        income,
        partner_income,
        test_rate,
        fixed_years,
        aow,
        label=label,
        canon=canon,
        obligations=obligations,
        single=single,
        income_after_aow=after_aow,
    )
    binding = str(m.binding[0])
    max_loan = float(m.max_loan[0])
    ltv_limit: float | None = None
    if market_value is not None:  # Trhk art. 5 lid 2; lid 3: a remaining debt may come on top
        ltv_limit = market_value + (max(-equity, 0.0) if price is not None else 0.0)
        if ltv_limit < max_loan:
            max_loan, binding = ltv_limit, "ltv"
    steps: dict[str, float] = {
        "test_income_eur": float(m.test_income[0]),
        "test_rate_pct": float(m.test_rate[0]),
        "financing_cost_pct": float(m.percentage[0]),
        "monthly_room_eur": round(float(m.monthly_room[0]), 2),
        "annuity_loan_eur": round(float(m.annuity_loan[0]), 2),
        "label_amount_eur": float(m.label_amount[0]),
        "single_amount_eur": float(m.single_amount[0]),
        "max_loan_eur": round(max_loan, 2),
    }
    extra: dict[str, object] = {"binding": binding}
    if aow_at is not None:
        extra |= {"aow_age": aow_at, "income_after_aow_eur": after_aow}
    if ltv_limit is not None:
        extra["ltv_limit_eur"] = round(ltv_limit, 2)
    if price is not None:  # nieuw voor oud for this household (model.swap.verdict)
        costs = chosen.households.buying_costs.value
        required = max(price + costs - equity, 0.0)
        after, can, closed, gap = verdict(
            np.array([required]),
            np.array([max_loan]),
            np.array([current_monthly]),
            np.array([energy_after + canon / 12]),
            test_rate,
        )
        steps |= {
            "required_loan_eur": round(required, 2),
            "can_finance": float(can[0]),
            "monthly_before_eur": current_monthly,
            "monthly_after_eur": round(float(after[0]), 2),
            "closed_purse": float(closed[0]),
            "gap_eur": round(float(gap[0]), 2),
        }
    if as_json:
        payload = {
            **steps,
            **extra,
            "year": year,
            "table": "2_aow_reached" if aow or binding == "income_after_aow" else "1_below_aow",
        }
        for key in ("can_finance", "closed_purse"):
            if key in payload:
                payload[key] = bool(payload[key])
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    t = Texts(lang)
    rows = [
        (
            "Toetsinkomen (beide inkomens 100 %)",
            euro(steps["test_income_eur"], t.lang),
            f"{SOURCE} art. 3",
        ),
        (
            "Toetsrente",
            number(steps["test_rate_pct"], t.lang, 3) + " %",
            f"{SOURCE} art. 3: min. {number(norms.minimum_test_rate, t.lang, 1)} % bij rentevast < {norms.fixed_period_threshold:.0f} jr",
        ),
        (
            "Financieringslastpercentage",
            number(steps["financing_cost_pct"], t.lang, 1) + " %",
            f"{SOURCE} bijlage 1, tabel {'2' if aow else '1'}",
        ),
        (
            "Maandruimte (na canon en verplichtingen)",
            euro(steps["monthly_room_eur"], t.lang),
            "inkomen × % / 12 − canon / 12 − verplichtingen (canon: NHG V&N C9)",
        ),
        (
            f"Annuïteit {norms.annuity_years:.0f} jaar",
            euro(steps["annuity_loan_eur"], t.lang),
            f"{SOURCE} art. 3",
        ),
        (
            "Energielabelbedrag",
            euro(steps["label_amount_eur"], t.lang),
            f"{SOURCE} art. 4 lid 3 ({year})",
        ),
        (
            "Bedrag alleenstaande",
            euro(steps["single_amount_eur"], t.lang),
            f"{SOURCE} art. 3 lid 8 ({year})",
        ),
        ("Maximale hypotheek", euro(steps["max_loan_eur"], t.lang), ""),
    ]
    if price is not None:
        yes_no = {1.0: "ja", 0.0: "nee"} if t.lang == "nl" else {1.0: "yes", 0.0: "no"}
        rows += [
            (
                "Benodigde lening",
                euro(steps["required_loan_eur"], t.lang),
                "prijs + kosten koper (households.buying_costs) − eigen vermogen uit de oude woning",
            ),
            (
                "Past binnen de normen?",
                yes_no[steps["can_finance"]],
                "benodigde lening ≤ maximale hypotheek",
            ),
            ("Woonlasten nu", euro(steps["monthly_before_eur"], t.lang), "opgegeven"),
            (
                "Woonlasten straks",
                euro(steps["monthly_after_eur"], t.lang),
                "annuïteit 30 jaar tegen de aangeboden rente + canon/12 + energie",
            ),
            (
                "Met gesloten beurzen?",
                yes_no[steps["closed_purse"]],
                "past én woonlasten stijgen niet",
            ),
            ("Gat", euro(steps["gap_eur"], t.lang), "bedrag dat beide waar zou maken"),
        ]
    table = Table(title=f"Maximale hypotheek {year}", title_justify="left")
    for col in ("Stap", "Bedrag", "Bron"):
        table.add_column(col)
    for step, amount, source in rows:
        table.add_row(step, amount, source)
    print_wide(table)


@app.command()
@reports_input_errors
def households(
    plan: Annotated[
        str, typer.Option("--plan", "-p", help="all-renew of een planbestand.")
    ] = "all-renew",
    neighbourhood: NeighbourhoodOpt = None,
    assumptions: AssumptionsOpt = None,
    individual: Annotated[
        bool, typer.Option("--individual", help="Ook per huishouden (persoonsgegevens!).")
    ] = False,
    household: Annotated[
        str | None,
        typer.Option(
            "--household",
            help="Keukentafeloverzicht van één huishouden (id uit het wijkbestand; persoonsgegevens!).",
        ),
    ] = None,
    pdf: Annotated[
        Path | None,
        typer.Option(
            "--pdf",
            help="Schrijf het overzicht als pdf van één pagina per huishouden in deze map "
            "(met --household: alleen dat huishouden).",
            file_okay=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Nieuw voor oud: kunnen eigenaar-bewoners met gesloten beurzen terug? Samenvatting per plan,
    of het keukentafeloverzicht per huishouden (--household, --pdf)."""
    result = evaluate_plan(plan, context(neighbourhood, assumptions))
    if household is not None or pdf is not None:
        _overviews(result, household, pdf, as_json, Texts(lang).lang)
        return
    summary = result.households
    rows = result.household_table() if individual else None
    if as_json:
        payload: dict[str, object] = {"plan": result.plan.name, "summary": summary}
        if rows is not None:
            payload["households"] = json.loads(rows.reset_index().to_json(orient="records"))
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    t = Texts(lang)
    if "(fictief)" in result.evaluation.inputs.label:
        warn_fictional(t)
    table = Table(title=f"Huishoudens — {result.plan.name}", title_justify="left")
    table.add_column("")
    table.add_column("", justify="right")
    shown = {k: v for k, v in summary.items() if _relevant(k, summary)}
    for key, value in shown.items():
        if key == "closed_purse_share":
            text = f"{number(100 * value, t.lang, 0)} %"
        elif key.endswith("_eur"):
            text = euro(value, t.lang)
        else:
            text = number(value, t.lang)
        table.add_row(t(key), text)
    print_wide(table)
    if rows is not None:
        out.print(styled("Persoonsgegevens: niet delen.", "bold red"))
        print_wide(rows.reset_index())


def _overviews(
    result: Result, household: str | None, pdf: Path | None, as_json: bool, lang: str
) -> None:
    """The kitchen-table overview of one household (JSON or a table) and/or the PDF sheets."""
    views = Overviews(result)
    ids = [household] if household is not None else [str(h) for h in views.inputs.h_id]
    try:
        chosen = [views.of(h) for h in ids]
    except KeyError as missing:
        msg = f"household {missing.args[0]!r} is not in the neighbourhood's households table"
        raise InputError([Issue("--household", "", "household_id", msg)]) from None
    if pdf is not None:
        pdf.mkdir(parents=True, exist_ok=True)
        for ov in chosen:
            write_sheet(ov, pdf / file_name(ov["household_id"]), lang)
        if not as_json:
            out.print(f"{len(chosen)} pdf('s) in {pdf} — persoonsgegevens: niet delen.")
    if as_json:
        payload: object = chosen[0] if household is not None else chosen
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif household is not None and pdf is None:
        title, parts, footer = sections(chosen[0], lang)
        out.print(styled(title, "bold"))
        for part in parts:
            out.print(styled(part.heading, "bold"))
            for line in part.paragraphs:
                out.print(line)
            if part.rows or part.table:
                table = Table(*(part.header or ["", ""]), show_header=bool(part.header))
                for row in part.table or [list(r) for r in part.rows]:
                    table.add_row(*row)
                print_wide(table)
        out.print(footer)


def _relevant(key: str, summary: dict[str, float]) -> bool:
    """Show the renewal part only when owners move, the repair part only when blocks are repaired."""
    if key.startswith("repair_"):
        return summary["repair_owner_households"] > 0
    if key == "tenants_to_rehouse":
        return True
    return summary["owner_households"] > 0
