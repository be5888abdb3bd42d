"""The council report: HTML (interactive charts) and PDF (WeasyPrint), in Dutch or English.

``build_report`` evaluates the plans, the densification sweep, the households and a one-at-a-time
sensitivity for the focus plan (the first plan that renews blocks), and renders one template twice:
with Vega-Embed for the browser and with rendered PNG charts for print. The language (``lang``,
``nl`` or ``en``) sets every text, the number notation and the PDF's ``/Lang``
(:mod:`wijkaanpak.report.i18n`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import vl_convert as vlc

from wijkaanpak import __version__
from wijkaanpak.analysis.evaluate import (
    HOUSING_COUNTS,
    PROGRAMME_COUNTS,
    Result,
    densification_sweep,
    evaluate_plan,
    prepare_inputs,
)
from wijkaanpak.analysis.sensitivity import tornado
from wijkaanpak.analysis.summary import per_block
from wijkaanpak.model.assumptions import Assumptions
from wijkaanpak.model.ledger import ACTORS
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.plan import PARTIES, Plan
from wijkaanpak.report import charts, figures
from wijkaanpak.report.figures import DataTable, Figure
from wijkaanpak.report.i18n import Words
from wijkaanpak.report.mkba_tables import distribution_rows, effect_rows, mkba_text
from wijkaanpak.report.optimiser_section import optimiser_section
from wijkaanpak.report.pdf import write_pdf
from wijkaanpak.report.risk_section import risk_section
from wijkaanpak.texts import Texts

DEFAULT_PLANS = ("all-none", "all-repair", "all-renew", "mix")
DELTA = 0.2
RISK_DRAWS = 100  # draws of the report's risk chapter (indicative; `wijkaanpak risk` for more)
LANG = "nl"  # the report's default language (``--lang en``: English; the PDF declares /Lang)
#: Short labels drawn on the maps' blocks besides the colour (WCAG 1.4.1), per category key.
FOUNDATION_CODES = {"nl": ("B", "H", "O", "?"), "en": ("C", "W", "S", "?")}
DAMAGE_CODES = ("0", "1", "2", "3", "4", "5", "?")  # Burland's damage categories 0–5
INTERVENTION_CODES = {"nl": ("–", "H", "V"), "en": ("–", "R", "N")}
_ACTOR_KEY = {"housing_association": "housing_association_actor"}
DAMAGE_ORDER = (
    "negligible",
    "very_slight",
    "slight",
    "moderate",
    "severe",
    "very_severe",
    "unknown",
)
_CATEGORY_KEY = {
    "public_space": "public_space_cost",
    "housing_association": "housing_association_actor",
}


@dataclass(frozen=True)
class Report:
    html: Path
    pdf: Path
    xlsx: Path | None
    figures: dict[str, dict[str, float]]  # per plan: the key figures shown (for checks)
    risk: dict[str, float]  # the risk chapter's reserve and exceedance (empty without it)


def _row(label: str, key: str, values: list[str], section: bool = False) -> dict[str, Any]:
    return {"label": label, "key": key, "values": values, "section": section}


def overview(results: list[Result], lang: str = LANG) -> list[dict[str, Any]]:
    """The keuze- en gevolgenoverzicht: one row per figure, one value per plan."""
    w = Words(lang)
    t, euro = w.texts, w.euro
    a = results[0].evaluation.inputs.assumptions
    grex = w.number(a.general.discount_rate.value, 2)
    mkba = w.number(a.mkba.discount_rate.value, 2)
    rows = [
        _row(
            w("Welvaart: MKBA (reëel, prijspeil peildatum)"),
            "",
            ["" for _ in results],
            section=True,
        ),
        _row(t("societal_npv", rate=mkba), "societal_npv", [euro(r.societal_npv) for r in results]),
        _row(
            t("bc_ratio"),
            "bc_ratio",
            [
                "–"
                if r.evaluation.mkba.bc_ratio is None
                else w.number(r.evaluation.mkba.bc_ratio, 2)
                for r in results
            ],
        ),
        _row(w("Geld (netto contante waarde, nominaal)"), "", ["" for _ in results], section=True),
        _row(
            t("exploitation_npv", rate=grex),
            "exploitation_npv",
            [euro(r.exploitation_npv) for r in results],
        ),
        *_contribution_rows(results, w),
        _row(
            t("maintenance_npv", rate=grex),
            "maintenance_npv",
            [euro(r.evaluation.maintenance_npv) for r in results],
        ),
        _row(t("actor_cash_title", rate=grex), "", ["" for _ in results]),
    ]
    for actor in ACTORS:
        rows.append(
            _row(
                "  " + t(_ACTOR_KEY.get(actor, actor)),
                f"actor:{actor}",
                [euro(r.evaluation.actor_npv[actor]) for r in results],
            )
        )
    public = ("municipality", "water_board", "government")
    rows.append(
        _row(
            w("publieke kosten (gemeente, waterschap, rijk; − = opbrengst)"),
            "public_cost",
            [euro(-sum(r.evaluation.actor_npv[a] for a in public)) for r in results],
        )
    )
    rows.append(_row(w("Woningen"), "", ["" for _ in results], section=True))
    for key in (*HOUSING_COUNTS, *PROGRAMME_COUNTS):
        rows.append(
            _row(t(key), key, [w.number(r.evaluation.counts.get(key, 0.0)) for r in results])
        )
    rows.append(_row(w("Huishoudens"), "", ["" for _ in results], section=True))
    for key, money, gate in (
        ("owner_households", False, "owner_households"),
        ("closed_purse", False, "owner_households"),
        ("total_gap_eur", True, "owner_households"),
        ("tenants_to_rehouse", False, None),
        ("repair_households_needing_support", False, "repair_owner_households"),
        ("repair_support_eur", True, "repair_owner_households"),
    ):
        cells = []
        for r in results:
            h = r.households
            if gate is not None and h[gate] == 0:
                cells.append("–")
            elif gate is not None and 0 < h[gate] < charts.MIN_GROUP:
                cells.append("< 5")  # privacy: no aggregate over fewer than 5 households
            else:
                cells.append(euro(h[key]) if money else w.number(h[key]))
        rows.append(_row(t(key), key, cells))
    rows.append(_row(w("Tekort en wie het draagt"), "", ["" for _ in results], section=True))
    rows.append(
        _row(
            w("tekort exploitatie → gemeente/WOM (na bijdragen derden, incl. eigen bijdrage)"),
            "deficit",
            [euro(0.0 - r.evaluation.municipal_share_npv) for r in results],
        )
    )
    rows.append(
        _row(
            w("steun herstel per blok → gemeente of fonds (maatwerk)"),
            "repair_support",
            [euro(r.households["repair_support_eur"]) for r in results],
        )
    )
    rows.append(
        _row(
            w("gat nieuw voor oud → huishoudens, tenzij iemand bijspringt"),
            "swap_gap",
            [euro(r.households["total_gap_eur"]) for r in results],
        )
    )
    return rows


def _png(figure: Figure, w: Words) -> str:
    data = vlc.vegalite_to_png(figure.spec, scale=2, format_locale=w.format_locale)
    encoded = base64.b64encode(data).decode()
    return f'<img src="data:image/png;base64,{encoded}" alt="{html_escape(figure.alt)}">'


def _foundation_groups(blocks: pd.DataFrame, w: Words) -> tuple[pd.Series, dict[str, str]]:
    """Each block's foundation in words, and the code drawn on the map for each."""
    names = [w("betonpalen"), w("houten palen"), w("ondiep (op staal)"), w("onbekend")]
    group = blocks["foundation_type"].astype(str).str.replace(r"^no_pile.*", names[2], regex=True)
    group = group.str.replace(r"^wood.*", names[1], regex=True).replace(
        {"concrete": names[0], "unknown": names[3]}
    )
    return group, dict(zip(names, FOUNDATION_CODES[w.lang], strict=True))


def _map_figures(
    nbh: Neighbourhood, results: list[Result], w: Words
) -> tuple[list[Figure], list[Figure], DataTable]:
    """The neighbourhood maps and one map per plan, with the per-block table they share."""
    lang, t = w.lang, w.texts
    blocks = per_block(nbh)
    group, foundation_codes = _foundation_groups(blocks, w)
    damage = blocks["worst_damage"].map(lambda k: t(str(k)))
    order = [t(k) for k in DAMAGE_ORDER]
    sinking = blocks["subsidence_mm_per_yr"]
    neighbourhood = [
        Figure(
            "map_foundation",
            charts.block_map(
                nbh,
                group,
                w("Fundering per bouwblok"),
                w("fundering"),
                codes=foundation_codes,
                lang=lang,
            ),
            figures.category_map_text(group, w("fundering"), lang=lang),
            "blocks",
        ),
        Figure(
            "map_damage",
            charts.block_map(
                nbh,
                damage,
                w("Ergste schade per bouwblok"),
                w("schade"),
                order=order,
                colours=charts.DAMAGE_COLOURS,
                codes=dict(zip(order, DAMAGE_CODES, strict=True)),
                lang=lang,
            ),
            figures.category_map_text(damage, w("ergste schade"), order, lang),
            "blocks",
        ),
        Figure(
            "map_subsidence",
            charts.block_map(
                nbh,
                sinking,
                w("Bodemdaling per bouwblok"),
                w("mm per jaar"),
                quantitative=True,
                lang=lang,
            ),
            figures.quantity_map_text(sinking, w("bodemdaling in mm per jaar"), lang=lang),
            "blocks",
        ),
    ]
    names = {"none": w("niets doen"), "repair": w("herstel per blok"), "renew": w("vernieuwen")}
    codes = dict(zip(names.values(), INTERVENTION_CODES[lang], strict=True))
    columns = {
        w("fundering"): group,
        w("ergste schade"): damage,
        w("bodemdaling (mm/jr)"): sinking,
    }
    plans = []
    for i, r in enumerate(results):
        chosen = r.blocks["intervention"].iloc[:-1].map(names)
        columns[w("plan {name}", name=r.plan.name)] = chosen
        plans.append(
            Figure(
                f"map_plan_{i}",
                charts.block_map(
                    nbh,
                    chosen,
                    w("Plan {name}", name=r.plan.name),
                    w("ingreep"),
                    order=list(names.values()),
                    codes=codes,
                    lang=lang,
                ),
                figures.category_map_text(
                    chosen,
                    w("ingreep in plan {name}", name=r.plan.name),
                    list(names.values()),
                    lang,
                ),
                "blocks",
            )
        )
    table = figures.block_table(columns, w("Per bouwblok: de gegevens van de kaarten"), lang)
    return neighbourhood, plans, table


def _charts(
    nbh: Neighbourhood,
    results: list[Result],
    focus: Result,
    assumptions: Assumptions,
    w: Words,
) -> tuple[dict[str, Any], list[DataTable], int, pd.DataFrame]:
    """Every chart of the report as a :class:`Figure` (in groups, as the template places them),
    the data tables, the households left out of the gap chart and the densification sweep."""
    lang = w.lang
    neighbourhood, plans, block_table = _map_figures(nbh, results, w)
    sweep = densification_sweep(focus.plan, focus.evaluation.inputs)
    cap = assumptions.renewal.densification_cap.value
    labels = {c: w.texts(_CATEGORY_KEY.get(c, c)) for c in focus.exploitation.index}
    gaps, hidden = charts.gap_bins(focus.swap.gap)
    sens = tornado(nbh, assumptions, focus.plan, DELTA)
    if lang != "nl":  # sensitivity.MAIN labels the assumptions in Dutch
        sens = sens.assign(label=[w(str(x)) for x in sens["label"]])
    groups: dict[str, Any] = {
        "neighbourhood_charts": neighbourhood,
        "plan_charts": plans,
        "sweep_chart": Figure(
            "sweep",
            charts.densification_curve(sweep, cap, lang),
            figures.sweep_text(sweep, cap, lang),
            "sweep",
        ),
        "cashflow_chart": Figure(
            "cashflow",
            charts.cashflow(focus.exploitation, labels, lang),
            figures.cashflow_text(focus.exploitation, labels, lang),
            "cashflow",
        ),
        "gap_chart": Figure(
            "gaps",
            charts.gap_distribution(focus.swap.gap, lang=lang)[0],
            figures.gap_text(gaps, hidden, lang),
            "gaps",
        ),
        "tornado_chart": Figure(
            "tornado",
            charts.tornado(sens, DELTA, lang),
            figures.tornado_text(sens, DELTA, lang=lang),
            "tornado",
        ),
    }
    tables = [
        block_table,
        figures.sweep_table(sweep, lang),
        figures.cashflow_table(focus.exploitation, labels, lang),
        figures.gap_table(gaps, lang),
        figures.tornado_table(sens, DELTA, lang),
    ]
    return groups, tables, hidden, sweep


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: ``<``, ``>``, ``&`` and the JS line
    separators as ``\\u`` escapes (what ``JSON.parse`` reads back unchanged)."""
    text = json.dumps(data, ensure_ascii=False)
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _contribution_rows(results: Sequence[Result], w: Words) -> list[dict[str, Any]]:
    """The exploitation before contributions, each party's contribution and the municipal share;
    nothing when no plan has contributions (issue #12 §5)."""
    t: Texts = w.texts
    euro = w.euro
    e = [r.evaluation for r in results]
    if not any(x.contributions for x in e):
        return []
    rows = [
        _row(
            "  " + t("before_contributions"),
            "before_contributions",
            [euro(x.before_contributions_npv) for x in e],
        )
    ]
    for party in PARTIES:
        if any(party in x.contributions for x in e):
            rows.append(
                _row(
                    "  + " + t("contribution_of", party=t("party_" + party)),
                    f"contribution:{party}",
                    [euro(x.contributions.get(party, 0.0)) for x in e],
                )
            )
    rows.append(
        _row(
            "  " + t("municipal_share"), "municipal_share", [euro(x.municipal_share_npv) for x in e]
        )
    )
    return rows


def _assumption_rows(assumptions: Assumptions, w: Words) -> list[dict[str, str]]:
    """Every assumption: value, unit, price level and source (sources and explanations are data:
    they stay in the language they were written in)."""
    rows = []
    for key, leaf in assumptions.leaves():
        value = (
            getattr(leaf, "values", None)
            or getattr(leaf, "file", None)
            or getattr(leaf, "value", None)
        )
        shown = (
            ", ".join(f"{k}: {v:g}" for k, v in value.items())
            if isinstance(value, dict)
            else str(value)
        )
        span = (
            " " + w("(bereik {low}–{high})", low=f"{leaf.range[0]:g}", high=f"{leaf.range[1]:g}")
            if leaf.range
            else ""
        )
        source = leaf.source or w("aanname: {why}", why=leaf.assumption) + span
        if leaf.documentation_only:
            source += " " + w("[niet gebruikt in het model: {why}]", why=leaf.documentation_only)
        rows.append(
            {
                "key": key,
                "value": shown,
                "unit": leaf.unit,
                "price_level": str(leaf.price_level or ""),
                "source": source,
            }
        )
    return rows


def _texts(
    w: Words, cap: float, sweep: pd.DataFrame, focus: Result, assumptions: Assumptions
) -> dict[str, str]:
    """The report's sentences that carry numbers."""
    best = sweep[sweep["best_under_cap"]]
    h = focus.households
    return {
        "discount_rate": f"{w.number(assumptions.general.discount_rate.value, 1)} %",
        "mkba_rate": f"{w.number(assumptions.mkba.discount_rate.value, 2)} %",
        "sweep_text": w(
            "Hoe meer woningen terugkomen per gesloopte woning, hoe beter het resultaat — tot het "
            "plafond van de gemeente ({cap}×). Beste factor binnen het plafond: {best}× met {eur}.",
            cap=w.number(cap, 1),
            best=w.number(float(best["densification"].iloc[0]), 2),
            eur=w.euro(float(best["exploitation_npv_eur"].iloc[0])),
        )
        if len(best)
        else "",
        "households_text": w(
            "Van de {owners} eigenaar-bewoners in vernieuwde blokken kunnen er {closed} met "
            "gesloten beurzen terug; het totale gat is {gap}.",
            owners=w.number(h["owner_households"]),
            closed=w.number(h["closed_purse"]),
            gap=w.euro(h["total_gap_eur"]),
        ),
    }


def build_report(
    nbh: Neighbourhood,
    assumptions: Assumptions,
    plans: Sequence[str | Plan] | None,
    out: Path,
    xlsx: bool = False,
    risk_draws: int = RISK_DRAWS,
    lang: str = LANG,
) -> Report:
    """Write ``rapport.html`` and ``rapport.pdf`` (and ``exploitatie.xlsx``) into ``out``; with
    ``risk_draws`` > 0 a risk chapter for the focus plan (a Monte Carlo of that many draws).
    ``lang``: ``nl`` or ``en``, the language of the report (the PDF declares it)."""
    w = Words(lang)
    inp = prepare_inputs(nbh, assumptions)
    results = [evaluate_plan(p, inp) for p in (plans or DEFAULT_PLANS)]
    renewing = [r for r in results if (r.evaluation.assignment.code == 2).any()]
    focus = renewing[0] if renewing else evaluate_plan("all-renew", inp)
    groups, tables, hidden, sweep = _charts(nbh, results, focus, assumptions, w)
    groups["risk_charts"] = []
    risk_context: dict[str, Any] = {"risk_rows": []}
    risk_figures: dict[str, float] = {}
    if risk_draws > 0:
        found, risk_tables, risk_context, risk = risk_section(
            nbh, assumptions, focus.plan, risk_draws, lang
        )
        groups["risk_charts"] = found
        tables += risk_tables
        risk_figures = {"risk_reserve": risk.risk_reserve, "p_exceed": risk.p_exceed}
    cap = assumptions.renewal.densification_cap.value
    context = {
        "lang": lang,
        "title": w("Wijkaanpak funderingen — {name}", name=nbh.metadata.name),
        "neighbourhood": nbh.label,
        "fictional": nbh.metadata.fictional,
        "version": __version__,
        "peildatum": f"1-1-{inp.year0}",
        "dwellings": len(nbh.dwellings),
        "blocks": len(nbh.blocks),
        "blocks_text": w.blocks(len(nbh.blocks)),  # 1 blok / 92 blokken
        "plans": [r.plan for r in results],
        "overview": overview(results, lang),
        "proposals": optimiser_section(nbh, results, lang),
        "mkba_rows": effect_rows(results, lang),
        "distribution_rows": distribution_rows(results, lang),
        "mkba_text": mkba_text(results, lang),
        "focus_plan": focus.plan.name,
        "min_group": charts.MIN_GROUP,
        "hidden_households": hidden,
        "delta": f"{DELTA:.0%}",
        **_texts(w, cap, sweep, focus, assumptions),
        "assumptions": _assumption_rows(assumptions, w),
        "data_tables": tables,
        "table_captions": {t.key: t.caption for t in tables},
        **groups,
        **risk_context,
    }
    every = [f for g in groups.values() for f in (g if isinstance(g, list) else [g])]
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("wijkaanpak.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
    )
    env.globals["_"] = w
    template = env.get_template("report.html.j2")
    out.mkdir(parents=True, exist_ok=True)

    # The chart specs hold text from data and users (block ids, plan names): they go into a JSON
    # data block, never into the code, with every "<", ">" and "&" escaped so that nothing in
    # them can end the block; the bundled code reads them with JSON.parse.
    snippet = (
        "const specs = JSON.parse(document.getElementById('report-specs').textContent);"
        + "\nconst locale = "
        + json.dumps(w.vega_locale)
        + ";\nfor (const [id, spec] of Object.entries(specs)) "
        "vegaEmbed('#' + id, spec, {formatLocale: locale, actions: false, renderer: 'svg'});"
    )
    html = template.render(
        **context,
        chart_html={f.key: f'<div id="{f.key}"></div>' for f in every},
        script=vlc.javascript_bundle(snippet),
        specs_json=script_json({f.key: f.described() for f in every}),
    )
    html_path = out / "rapport.html"
    html_path.write_text(html, "utf-8")
    printable = template.render(**context, chart_html={f.key: _png(f, w) for f in every}, script="")
    pdf_path = out / "rapport.pdf"
    write_pdf(printable, pdf_path, lang=lang, title=str(context["title"]), base_url=str(out))
    xlsx_path = None
    if xlsx:
        from wijkaanpak.report.workbook import write_workbook

        xlsx_path = write_workbook(results, out / "exploitatie.xlsx")
    key_figures = {
        r.plan.name: {
            "exploitation_npv": r.exploitation_npv,
            "societal_npv": r.societal_npv,
            "maintenance_npv": r.evaluation.maintenance_npv,
            "closed_purse": r.households["closed_purse"],
        }
        for r in results
    }
    return Report(
        html=html_path, pdf=pdf_path, xlsx=xlsx_path, figures=key_figures, risk=risk_figures
    )


__all__ = ["DEFAULT_PLANS", "Report", "build_report"]
