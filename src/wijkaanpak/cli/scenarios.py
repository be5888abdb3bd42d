"""CLI commands for plans: ``evaluate``, ``compare`` and ``sweep``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from wijkaanpak.analysis.evaluate import (
    HOUSING_COUNTS,
    PROGRAMME_COUNTS,
    Result,
    context,
    densification_sweep,
    evaluate_plan,
)
from wijkaanpak.cli.app import (
    AssumptionsOpt,
    JsonOpt,
    LangOpt,
    NeighbourhoodOpt,
    app,
    out,
    print_wide,
    reports_input_errors,
    warn_fictional,
)
from wijkaanpak.cli.mkba_view import distribution_table, effects_table, rate_text
from wijkaanpak.model.ledger import ACTORS
from wijkaanpak.model.plan import PARTIES
from wijkaanpak.texts import Texts, euro, number

PlanOpt = Annotated[
    str,
    typer.Option(
        "--plan", "-p", help="all-none, all-repair, all-renew, mix of een planbestand (YAML/JSON)."
    ),
]

COUNT_ROWS = (
    *HOUSING_COUNTS,
    *PROGRAMME_COUNTS,
    "tenants_to_rehouse",
    "forced_repairs",
    "homes_left_empty",
    "repairs_after_horizon",
)


#: Texts keys where an actor or category name means something else elsewhere in the interface.
_KEY = {
    "housing_association": "housing_association_actor",
    "public_space": "public_space_cost",
    "enforcement": "enforcement_cost",
}


def label(t: Texts, key: str) -> str:
    return t(_KEY.get(key, key))


def _fictional_note(t: Texts, label: str) -> None:
    if "(fictief)" in label:
        warn_fictional(t)


def side_by_side(results: list[Result], t: Texts) -> Table:
    """The plans' NPVs per view and actor and their counts, one column per plan."""
    table = Table(
        title=t("plans_title", peildatum=results[0].to_dict()["peildatum"]), title_justify="left"
    )
    table.add_column("")
    for r in results:
        table.add_column(r.plan.name, justify="right")
    a = results[0].evaluation.inputs.assumptions
    grex = rate_text(a.general.discount_rate.value, t.lang)
    table.add_row(
        Text(t("exploitation_npv", rate=grex), style="bold"),
        *[euro(r.exploitation_npv, t.lang) for r in results],
    )
    if any(r.evaluation.contributions for r in results):
        e = [r.evaluation for r in results]
        table.add_row(
            f"  {t('before_contributions')}", *[euro(x.before_contributions_npv, t.lang) for x in e]
        )
        for party in PARTIES:
            if any(party in x.contributions for x in e):
                table.add_row(
                    f"  + {t('contribution_of', party=t('party_' + party))}",
                    *[euro(x.contributions.get(party, 0.0), t.lang) for x in e],
                )
        table.add_row(
            f"  {t('municipal_share')}", *[euro(x.municipal_share_npv, t.lang) for x in e]
        )
    table.add_row(
        t("maintenance_npv", rate=grex),
        *[euro(r.evaluation.maintenance_npv, t.lang) for r in results],
    )
    table.add_row(
        Text(t("societal_npv", rate=rate_text(a.mkba.discount_rate.value, t.lang)), style="bold"),
        *[euro(r.societal_npv, t.lang) for r in results],
    )
    table.add_row(
        t("bc_ratio"),
        *[
            "–"
            if r.evaluation.mkba.bc_ratio is None
            else number(r.evaluation.mkba.bc_ratio, t.lang, 2)
            for r in results
        ],
    )
    table.add_row(Text(t("actor_cash_title", rate=grex), style="italic"), *[""] * len(results))
    for actor in ACTORS:
        table.add_row(
            f"  {label(t, actor)}", *[euro(r.evaluation.actor_npv[actor], t.lang) for r in results]
        )
    for key in COUNT_ROWS:
        table.add_row(t(key), *[number(r.evaluation.counts.get(key, 0.0), t.lang) for r in results])
    household_rows = (
        ("closed_purse", number, "owner_households"),  # only renewal moves owners
        ("total_gap_eur", euro, "owner_households"),
        ("repair_households_needing_support", number, "repair_owner_households"),
        ("repair_support_eur", euro, "repair_owner_households"),
    )
    for key, fmt, gate in household_rows:
        cells = [fmt(r.households[key], t.lang) if r.households[gate] > 0 else "–" for r in results]
        table.add_row(t(key), *cells)
    return table


@app.command()
@reports_input_errors
def evaluate(
    plan: PlanOpt = "all-renew",
    neighbourhood: NeighbourhoodOpt = None,
    assumptions: AssumptionsOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Reken een plan door: exploitatie (GREX), beheer, NCW per actor, MKBA, kasstroom."""
    result = evaluate_plan(plan, context(neighbourhood, assumptions))
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    t = Texts(lang)
    _fictional_note(t, result.evaluation.inputs.label)
    print_wide(side_by_side([result], t))
    print_wide(effects_table([result], t))
    print_wide(distribution_table([result], t, {a: label(t, a) for a in ACTORS}))
    flows = result.exploitation
    table = Table(title=t("exploitation_table"), title_justify="left")
    table.add_column(t("category"))
    table.add_column(t("npv"), justify="right")
    table.add_column(t("nominal"), justify="right")
    npvs = result.to_dict()["exploitation"]["by_category_npv_eur"]
    for category, row in flows.iterrows():
        table.add_row(
            label(t, str(category)),
            euro(npvs[str(category)], t.lang),
            euro(float(row.sum()), t.lang),
        )
    out.print(table)
    flags = result.evaluation.fiscal_flags
    if flags:
        view = Table(title=t("fiscal_flags_title"), title_justify="left")
        view.add_column(t("block"))
        view.add_column(t("kind"))
        view.add_column(t("below_market"), justify="right")
        for f in flags:
            view.add_row(str(f["block_id"]), t(f"flag_{f['kind']}"), euro(float(f["eur"]), t.lang))
        out.print(view)
    shifted = result.evaluation.shifted
    if shifted:
        view = Table(title=t("shifted_title"), title_justify="left")
        view.add_column(t("block"))
        view.add_column(t("planned_year"), justify="right")
        view.add_column(t("start_year"), justify="right")
        for block, planned, start in shifted:
            view.add_row(block, str(planned), str(start))
        out.print(view)


@app.command()
@reports_input_errors
def compare(
    plans: Annotated[
        list[str] | None, typer.Argument(help="Plannen (standaard de drie scenario's).")
    ] = None,
    neighbourhood: NeighbourhoodOpt = None,
    assumptions: AssumptionsOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Plannen naast elkaar (standaard: niets doen, herstel per blok, vernieuwen)."""
    inp = context(neighbourhood, assumptions)
    results = [evaluate_plan(p, inp) for p in (plans or ["all-none", "all-repair", "all-renew"])]
    if as_json:
        payload = [r.to_dict() for r in results]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    t = Texts(lang)
    _fictional_note(t, inp.label)
    print_wide(side_by_side(results, t))
    print_wide(effects_table(results, t))
    print_wide(distribution_table(results, t, {a: label(t, a) for a in ACTORS}))


@app.command()
@reports_input_errors
def sweep(
    plan: PlanOpt = "all-renew",
    neighbourhood: NeighbourhoodOpt = None,
    assumptions: AssumptionsOpt = None,
    as_json: JsonOpt = False,
    step: Annotated[float, typer.Option(help="Stapgrootte van de verdichtingsfactor.")] = 0.05,
    lang: LangOpt = None,
) -> None:
    """Exploitatieresultaat per verdichtingsfactor 1,0–2,5 voor de vernieuwingsblokken."""
    inp = context(neighbourhood, assumptions)
    table = densification_sweep(plan, inp, step=step)
    rows = [
        {
            "densification": float(k),
            "exploitation_npv_eur": round(float(v), 2),
            "fits": bool(fits),
            "blocks_full": int(full),
            "within_cap": bool(inside),
            "best_under_cap": bool(best),
        }
        for k, v, fits, full, inside, best in zip(
            table["densification"].to_numpy(dtype=float),
            table["exploitation_npv_eur"].to_numpy(dtype=float),
            table["fits"].to_numpy(dtype=bool),
            table["blocks_full"].to_numpy(dtype=int),
            table["within_cap"].to_numpy(dtype=bool),
            table["best_under_cap"].to_numpy(dtype=bool),
            strict=True,
        )
    ]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    t = Texts(lang)
    _fictional_note(t, inp.label)
    cap = inp.assumptions.renewal.densification_cap.value
    view = Table(title=t("sweep_title", cap=number(cap, t.lang, 1)), title_justify="left")
    view.add_column(t("densification"), justify="right")
    grex = rate_text(inp.assumptions.general.discount_rate.value, t.lang)
    view.add_column(t("exploitation_npv", rate=grex), justify="right")
    view.add_column(t("blocks_full"), justify="right")
    view.add_column("")
    for r in rows:
        mark = t("best") if r["best_under_cap"] else ("" if r["within_cap"] else t("above_cap"))
        view.add_row(
            number(r["densification"], t.lang, 2),
            euro(r["exploitation_npv_eur"], t.lang),
            str(r["blocks_full"]),
            mark,
        )
    out.print(view)
