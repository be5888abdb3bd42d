"""The report's risk chapter: a Monte Carlo of the focus plan (issue #14), its table and charts."""

from __future__ import annotations

from typing import Any

from wijkaanpak.analysis.risk import RiskResult, run
from wijkaanpak.model.assumptions import Assumptions
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.plan import Plan
from wijkaanpak.report import figures, risk_charts
from wijkaanpak.report.figures import DataTable, Figure
from wijkaanpak.report.i18n import Words


def risk_section(
    nbh: Neighbourhood, a: Assumptions, plan: Plan, draws: int, lang: str = "nl"
) -> tuple[list[Figure], list[DataTable], dict[str, Any], RiskResult]:
    """Figures (charts with their text alternatives), their data tables, template context and the
    result of ``draws`` draws (one process: the report may be built inside the web app)."""
    w = Words(lang)
    r = run(nbh, a, plan, draws, workers=1)
    data = r.to_dict()
    found, tables = _figures(r, w)
    rows = []
    for key, label in (
        ("exploitation", w("exploitatieresultaat (GREX)")),
        ("mkba", w("MKBA-saldo")),
    ):
        d = data[key]
        rows.append(
            {
                "label": label,
                "key": f"risk:{key}",
                "values": [
                    w.euro(d[k])
                    for k in ("point_eur", "mean_eur", "p10_eur", "p50_eur", "p90_eur", "p95_eur")
                ],
            }
        )
    e = data["exploitation"]
    context = {
        "risk_rows": rows,
        "risk_draws": w.number(draws),
        "risk_seed": r.seed,
        "risk_parameters": len(r.params),
        "risk_text": w(
            "Kans dat het tekort groter is dan {threshold} (het tekort bij de standaardwaarden): "
            "{p}. Risicoreserve (tekort bij P{q} min verwacht tekort): {reserve}.",
            threshold=w.euro(e["threshold_eur"]),
            p=w.pct(e["p_exceed"]),
            q=round(100 * r.confidence),
            reserve=w.euro(data["risk_reserve_eur"]),
        ),
    }
    return found, tables, context, r


def _figures(r: RiskResult, w: Words) -> tuple[list[Figure], list[DataTable]]:
    expl, mkba = r.column("exploitation"), r.column("mkba")
    bins = figures.histogram_counts(expl)
    contrib = r.contributions("exploitation")
    lang, grex, balance = w.lang, w("exploitatieresultaat"), w("MKBA-saldo")
    found = [
        Figure(
            "risk_scurve",
            risk_charts.s_curve(
                r, "exploitation", w("Exploitatieresultaat {plan}: S-curve", plan=r.plan), lang
            ),
            figures.s_curve_text(expl, r.point[0], grex, lang),
            "risk_quantiles",
        ),
        Figure(
            "risk_hist",
            risk_charts.histogram(
                r, "exploitation", w("Exploitatieresultaat {plan}: verdeling", plan=r.plan), lang
            ),
            figures.histogram_text(bins, grex, lang),
            "risk_hist",
        ),
        Figure(
            "risk_contrib",
            risk_charts.contributions(r, "exploitation", w("Wat de spreiding bepaalt"), lang=lang),
            figures.contributions_text(contrib, lang=lang),
            "risk_contrib",
        ),
        Figure(
            "risk_mkba_scurve",
            risk_charts.s_curve(r, "mkba", w("MKBA-saldo {plan}: S-curve", plan=r.plan), lang),
            figures.s_curve_text(mkba, r.point[1], balance, lang),
            "risk_quantiles",
        ),
    ]
    q_expl, q_mkba = figures.quantiles(expl), dict(figures.quantiles(mkba))
    tables = [
        DataTable(
            "risk_quantiles",
            w("Risico {plan}: kwantielen (de S-curves)", plan=r.plan),
            [w("kans dat het resultaat lager is"), w("exploitatieresultaat (NCW)"), balance],
            [[w.pct(q), w.euro(v), w.euro(q_mkba[q]) if q in q_mkba else "–"] for q, v in q_expl],
        ),
        DataTable(
            "risk_hist",
            w("Risico {plan}: verdeling van het exploitatieresultaat", plan=r.plan),
            [w("klasse (NCW)"), w("trekkingen")],
            [
                [
                    w("{low} tot {high}", low=w.euro(float(a)), high=w.euro(float(b))),
                    w.number(float(n)),
                ]
                for a, b, n in bins[["from", "to", "draws"]].to_numpy(dtype=float)
            ],
        ),
        DataTable(
            "risk_contrib",
            w("Risico {plan}: wat de spreiding bepaalt", plan=r.plan),
            [w("aanname"), w("aandeel in de spreiding")],
            [
                [str(c["parameter"]), w.pct(float(c["share"]), 1)]
                for c in contrib
                if float(c["share"]) > 0
            ],
        ),
    ]
    return found, tables
