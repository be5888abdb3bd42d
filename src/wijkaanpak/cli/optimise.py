"""CLI ``wijkaanpak optimise`` (issue #15): propose the best mix of none, repair and renewal per
block under the project's constraints, or a Pareto front of two objectives.

``--json`` gives ``{plan, exact, linear_objective, gap_eur, solve_s, …}`` (``exact``: the same as
``wijkaanpak evaluate --json`` of the plan); with ``--pareto`` a list of points with their plans.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from wijkaanpak.analysis.adjacency import DEFAULT_WITHIN_M, neighbours
from wijkaanpak.analysis.evaluate import prepare_inputs
from wijkaanpak.analysis.linear import DEFAULT_LEVELS
from wijkaanpak.analysis.milp import Limits
from wijkaanpak.analysis.optimise import OBJECTIVES, Outcome, Settings, optimise
from wijkaanpak.analysis.pareto import SECONDS, Point, front, table
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
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.io.plans import plan_dict, write_plan
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.texts import Texts, euro, number

#: The command's own labels (nl, en).
_T = {
    "title": ("Voorgesteld plan ({objective})", "Proposed plan ({objective})"),
    "linear": ("lineair model", "linear model"),
    "exact": ("exacte doorrekening", "exact evaluation"),
    "gap": ("verschil (exact − lineair)", "gap (exact − linear)"),
    "constraint": ("randvoorwaarde", "constraint"),
    "limit": ("grens", "limit"),
    "holds": ("voldaan", "holds"),
    "yes": ("ja", "yes"),
    "no": ("NEE", "NO"),
    "blocks": (
        "blokken: {none} niets, {repair} herstel, {renew} vernieuwen",
        "blocks: {none} none, {repair} repair, {renew} renew",
    ),
    "time": (
        "rekentijd {total:.1f} s (linearisatie {lin:.1f} s, MILP {milp:.2f} s, zoeken {polish:.1f} s)",
        "time {total:.1f} s (linearisation {lin:.1f} s, MILP {milp:.2f} s, local search {polish:.1f} s)",
    ),
    "written": ("Plan geschreven", "Plan written"),
    "milp_first": (
        "MILP alleen (vóór correctie en zoeken): exact {eur}",
        "MILP alone (before corrections and search): exact {eur}",
    ),
    "front": (
        "Pareto-front: {objective} tegen {second}",
        "Pareto front: {objective} against {second}",
    ),
}


def _t(key: str, lang: str, **kw: Any) -> str:
    nl, en = _T[key]
    return (en if lang == "en" else nl).format(**kw)


def _levels(text: str | None) -> tuple[float, ...]:
    if text is None:
        return DEFAULT_LEVELS
    try:
        return tuple(float(x) for x in text.split(",") if x.strip())
    except ValueError:
        msg = f"give numbers separated by commas, e.g. 1.0,1.25,1.5; got {text!r}"
        raise InputError([Issue("--levels", "", "levels", msg)]) from None


def _start_years(text: str | None) -> tuple[int, ...]:
    if text is None:
        return ()
    try:
        return tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        msg = f"give years separated by commas, e.g. 2028,2031,2034; got {text!r}"
        raise InputError([Issue("--start-years", "", "start_years", msg)]) from None


def _neighbours(nbh: Neighbourhood, contiguous: bool, within_m: float) -> Any:
    if not contiguous:
        return None
    if nbh.blocks.geometry.isna().any() or nbh.blocks.geometry.is_empty.any():
        msg = "--contiguous needs the geometry of every block (blocks table)"
        raise InputError([Issue("blocks", "", "geometry", msg)])
    return neighbours(nbh.blocks.geometry, within_m)


@app.command("optimise")
@reports_input_errors
def optimise_cmd(
    objective: Annotated[
        str, typer.Option("--objective", help="Doel: mkba, exploitation of weighted.")
    ] = "mkba",
    mkba_weight: Annotated[
        float, typer.Option(help="Bij weighted: gewicht van de MKBA (0–1), rest exploitatie.")
    ] = 0.5,
    max_deficit: Annotated[
        float | None, typer.Option(help="Hoogste tekort gemeente [EUR, NCW].")
    ] = None,
    min_return_share: Annotated[
        float | None,
        typer.Option(help="Minimaal aandeel terugkeerders dat met gesloten beurs kan (0–1)."),
    ] = None,
    max_displaced_tenants: Annotated[
        float | None, typer.Option(help="Hoogstens zoveel huurders te herhuisvesten.")
    ] = None,
    min_net_new_homes: Annotated[
        float | None, typer.Option(help="Minimaal zoveel woningen erbij (nieuw − gesloopt).")
    ] = None,
    contiguous: Annotated[
        bool, typer.Option("--contiguous", help="Elk vernieuwd blok grenst aan een ander.")
    ] = False,
    adjacency_m: Annotated[
        float, typer.Option(help="Blokken binnen zoveel meter zijn buren [m].")
    ] = DEFAULT_WITHIN_M,
    capacity: Annotated[
        bool,
        typer.Option(
            "--capacity/--no-capacity", help="Jaarlijkse sloop- en bouwcapaciteit als grens."
        ),
    ] = True,
    fix: Annotated[
        list[str] | None,
        typer.Option(
            "--fix",
            help="Blok vastzetten: B1A01=repair (none, repair, renew, renew@1.50; met "
            "--start-years ook repair/2031).",
        ),
    ] = None,
    levels: Annotated[
        str | None, typer.Option(help="Verdichtingsniveaus, bv. 1.0,1.25,1.5.")
    ] = None,
    start_years: Annotated[
        str | None,
        typer.Option(
            help="Startjaren om uit te kiezen voor herstel en vernieuwing, bv. 2028,2031,2034 "
            "(standaard: de geplande fasering)."
        ),
    ] = None,
    polish: Annotated[
        float, typer.Option(help="Seconden lokaal zoeken met de exacte rekenkern (0: niet).")
    ] = 0.0,
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Schrijf het plan (YAML/JSON) hierheen.")
    ] = None,
    pareto: Annotated[bool, typer.Option("--pareto", help="Pareto-front van twee doelen.")] = False,
    second: Annotated[
        str, typer.Option(help="Tweede doel voor --pareto: deficit of returners.")
    ] = "deficit",
    points: Annotated[int, typer.Option(help="Aantal punten op de Pareto-front.")] = 7,
    chart: Annotated[
        Path | None, typer.Option(help="Bij --pareto: grafiek als .svg, .png of .json (Vega-Lite).")
    ] = None,
    neighbourhood: NeighbourhoodOpt = None,
    assumptions: AssumptionsOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Stel een plan voor: per blok niets, herstel of vernieuwen, zo goed mogelijk binnen de
    randvoorwaarden (MILP, daarna exact doorgerekend)."""
    if objective not in OBJECTIVES:
        msg = f"expected one of {', '.join(OBJECTIVES)}, got {objective!r}"
        raise InputError([Issue("--objective", "", "objective", msg)])
    nbh = read_neighbourhood(neighbourhood)
    inp = prepare_inputs(nbh, load_assumptions(assumptions))
    limits = Limits(
        max_deficit=max_deficit,
        min_return_share=min_return_share,
        max_displaced_tenants=max_displaced_tenants,
        min_net_new_homes=min_net_new_homes,
        contiguity=contiguous,
        capacity=capacity,
    )
    _check_limits(limits)
    settings = Settings(
        objective=objective,
        mkba_weight=mkba_weight,
        limits=limits,
        levels=_levels(levels),
        start_years=_start_years(start_years),
        polish_s=polish,
        adjacency_m=adjacency_m,
    )
    nb = _neighbours(nbh, contiguous, adjacency_m)
    t = Texts(lang)
    if pareto:
        if second not in SECONDS:
            msg = f"expected one of {', '.join(SECONDS)}, got {second!r}"
            raise InputError([Issue("--second", "", "second", msg)])
        found = front(inp, settings, second, points, fix or [], nb)
        _show_front(found, settings, second, inp.label, chart, as_json, t)
        return
    outcome = optimise(inp, settings, fix or [], nb)
    if out_path is not None:
        write_plan(outcome.proposal.plan, out_path)
    if as_json:
        sys.stdout.write(json.dumps(outcome_dict(outcome), ensure_ascii=False, indent=2) + "\n")
        return
    _show(outcome, settings, t, inp.label)
    if out_path is not None:
        out.print(f"{_t('written', t.lang)}: {out_path}")


def _check_limits(limits: Limits) -> None:
    issues = []
    share = limits.min_return_share
    if share is not None and not 0.0 <= share <= 1.0:
        issues.append(Issue("--min-return-share", "", "", f"must lie in 0–1, got {share}"))
    for name in ("max_deficit", "max_displaced_tenants"):
        value = getattr(limits, name)
        if value is not None and value < 0:
            flag = "--" + name.replace("_", "-")
            issues.append(Issue(flag, "", "", f"must be ≥ 0, got {value}"))
    if issues:
        raise InputError(issues)


def outcome_dict(o: Outcome) -> dict[str, Any]:
    """The JSON contract of ``optimise --json`` plus the details behind it."""
    p, m = o.proposal, o.milp
    return {
        "plan": plan_dict(p.plan),
        "exact": p.result.to_dict(),
        "linear_objective": round(p.linear_objective, 2),
        "gap_eur": round(p.gap_eur, 2),
        "solve_s": round(o.total_s, 3),
        "objective": p.plan.name.removeprefix("optimised-"),
        "exact_objective": round(p.exact_objective, 2),
        "feasible": p.feasible,
        "constraints": [
            {
                "name": c.name,
                "limit": c.limit,
                "linear": round(c.linear, 4),
                "exact": round(c.exact, 4),
                "ok": c.ok,
            }
            for c in p.checks
        ],
        "linear": {k: round(v, 2) for k, v in p.linear.items()},
        "exact_quantities": {k: round(v, 2) for k, v in p.exact.items()},
        "milp": {
            "linear_objective": round(m.linear_objective, 2),
            "exact_objective": round(m.exact_objective, 2),
            "feasible": m.feasible,
        },
        "corrections": o.corrections,
        "polish_moves": [{"block_id": b, "from": f, "to": to} for b, f, to in o.polish_moves],
        "timing_s": {
            "linearise": round(o.linearise_s, 3),
            "milp": round(o.milp_s, 3),
            "polish": round(o.polish_s, 3),
            "total": round(o.total_s, 3),
        },
        "options": len(o.linear.options),
        "exact_evaluations_for_linearisation": o.linear.evaluations,
        "dropped_options": [
            {"block_id": b, "option": lab, "reason": why} for b, lab, why in o.linear.dropped
        ],
    }


def _show(o: Outcome, s: Settings, t: Texts, label: str) -> None:
    if "(fictief)" in label:
        warn_fictional(t)
    p, lang = o.proposal, t.lang
    view = Table(title=_t("title", lang, objective=s.objective), title_justify="left")
    view.add_column("")
    view.add_column(_t("linear", lang), justify="right")
    view.add_column(_t("exact", lang), justify="right")
    if s.objective not in p.exact:
        view.add_row(s.objective, euro(p.linear_objective, lang), euro(p.exact_objective, lang))
    for k in p.exact:
        fmt = euro if k in ("mkba", "exploitation") else number
        view.add_row(k, fmt(p.linear[k], lang), fmt(p.exact[k], lang))
    view.add_row(_t("gap", lang), "", euro(p.gap_eur, lang))
    print_wide(view)
    if p.checks:
        checks = Table(show_edge=False)
        for col in ("constraint", "limit", "linear", "exact", "holds"):
            checks.add_column(_t(col, lang))
        for c in p.checks:
            ok = _t("yes" if c.ok else "no", lang)
            fmt = euro if c.name == "max_deficit" else number
            cells = [fmt(v, lang) for v in (c.limit, c.linear, c.exact)]
            if c.name == "min_return_share":
                cells = [f"{100 * v:.1f} %" for v in (c.limit, c.linear, c.exact)]
            checks.add_row(c.name, *cells, ok)
        out.print(checks)
    kinds = [p.plan.for_block(str(b)).intervention for b in o.linear.inputs.block_ids]
    counts = {k: kinds.count(k) for k in ("none", "repair", "renew")}
    out.print(_t("blocks", lang, **counts))
    out.print(_t("milp_first", lang, eur=euro(o.milp.exact_objective, lang)))
    out.print(
        _t("time", lang, total=o.total_s, lin=o.linearise_s, milp=o.milp_s, polish=o.polish_s)
    )


def _show_front(
    found: list[Point],
    s: Settings,
    second: str,
    label: str,
    chart: Path | None,
    as_json: bool,
    t: Texts,
) -> None:
    frame = table(found)
    if chart is not None:
        _write_chart(frame, s.objective, second, label, chart, t.lang)
    if as_json:
        rows = frame.to_dict(orient="records")
        payload = [
            {"objective": s.objective, "second": second, **row, "plan": plan_dict(p.proposal.plan)}
            for row, p in zip(rows, found, strict=True)
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=float) + "\n")
        return
    if "(fictief)" in label:
        warn_fictional(t)
    view = Table(
        title=_t("front", t.lang, objective=s.objective, second=second), title_justify="left"
    )
    for col in frame.columns:
        view.add_column(col, justify="right")
    for row in frame.itertuples(index=False):
        view.add_row(*[_cell(v, t.lang) for v in row])
    print_wide(view, 180)


def _cell(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return _t("yes" if value else "no", lang).lower()
    if isinstance(value, float):
        return number(value, lang) if abs(value) < 1e4 else euro(value, lang)
    return str(value)


def _write_chart(
    frame: Any, objective: str, second: str, label: str, path: Path, lang: str
) -> None:
    """The front as a Vega-Lite spec (.json) or drawn offline with vl-convert (.svg, .png), with
    its text alternative as the spec's ``description``."""
    import vl_convert as vlc

    from wijkaanpak.report.i18n import FORMAT_LOCALE
    from wijkaanpak.report.pareto_chart import pareto_chart, pareto_text

    spec = pareto_chart(frame, objective, second, label, lang)
    spec["description"] = pareto_text(frame, objective, second, lang)
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(spec, indent=2), "utf-8")
    elif suffix == ".svg":
        path.write_text(vlc.vegalite_to_svg(spec, format_locale=FORMAT_LOCALE[lang]), "utf-8")
    elif suffix == ".png":
        path.write_bytes(vlc.vegalite_to_png(spec, scale=2, format_locale=FORMAT_LOCALE[lang]))
    else:
        msg = f"give a .json, .svg or .png file, got {path.name!r}"
        raise InputError([Issue("--chart", "", "", msg)])
