"""The report's risk chapter: a Monte Carlo of the focus plan (issue #14), its table and charts."""

from __future__ import annotations

from typing import Any

from wijkaanpak.analysis.risk import RiskResult, run
from wijkaanpak.model.assumptions import Assumptions
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.plan import Plan
from wijkaanpak.report import figures, risk_charts
from wijkaanpak.report.figures import DataTable, Figure
from wijkaanpak.texts import euro, number


def risk_section(
    nbh: Neighbourhood, a: Assumptions, plan: Plan, draws: int
) -> tuple[list[Figure], list[DataTable], dict[str, Any], RiskResult]:
    """Figures (charts with their text alternatives), their data tables, template context and the
    result of ``draws`` draws (one process: the report may be built inside the web app)."""
    r = run(nbh, a, plan, draws, workers=1)
    data = r.to_dict()
    found, tables = _figures(r)
    rows = []
    for key, label in (("exploitation", "exploitatieresultaat (GREX)"), ("mkba", "MKBA-saldo")):
        d = data[key]
        rows.append(
            {
                "label": label,
                "key": f"risk:{key}",
                "values": [
                    euro(d[k])
                    for k in ("point_eur", "mean_eur", "p10_eur", "p50_eur", "p90_eur", "p95_eur")
                ],
            }
        )
    e = data["exploitation"]
    context = {
        "risk_rows": rows,
        "risk_draws": number(draws),
        "risk_seed": r.seed,
        "risk_parameters": len(r.params),
        "risk_text": (
            f"Kans dat het tekort groter is dan {euro(e['threshold_eur'])} (het tekort bij de "
            f"standaardwaarden): {number(100 * e['p_exceed'], 'nl', 0)} %. Risicoreserve (tekort "
            f"bij P{round(100 * r.confidence)} min verwacht tekort): {euro(data['risk_reserve_eur'])}."
        ),
    }
    return found, tables, context, r


def _figures(r: RiskResult) -> tuple[list[Figure], list[DataTable]]:
    expl, mkba = r.column("exploitation"), r.column("mkba")
    bins = figures.histogram_counts(expl)
    contrib = r.contributions("exploitation")
    found = [
        Figure(
            "risk_scurve",
            risk_charts.s_curve(r, "exploitation", f"Exploitatieresultaat {r.plan}: S-curve"),
            figures.s_curve_text(expl, r.point[0], "exploitatieresultaat"),
            "risk_quantiles",
        ),
        Figure(
            "risk_hist",
            risk_charts.histogram(r, "exploitation", f"Exploitatieresultaat {r.plan}: verdeling"),
            figures.histogram_text(bins, "exploitatieresultaat"),
            "risk_hist",
        ),
        Figure(
            "risk_contrib",
            risk_charts.contributions(r, "exploitation", "Wat de spreiding bepaalt"),
            figures.contributions_text(contrib),
            "risk_contrib",
        ),
        Figure(
            "risk_mkba_scurve",
            risk_charts.s_curve(r, "mkba", f"MKBA-saldo {r.plan}: S-curve"),
            figures.s_curve_text(mkba, r.point[1], "MKBA-saldo"),
            "risk_quantiles",
        ),
    ]
    q_expl, q_mkba = figures.quantiles(expl), dict(figures.quantiles(mkba))
    tables = [
        DataTable(
            "risk_quantiles",
            f"Risico {r.plan}: kwantielen (de S-curves)",
            ["kans dat het resultaat lager is", "exploitatieresultaat (NCW)", "MKBA-saldo"],
            [
                [f"{number(100 * q)} %", euro(v), euro(q_mkba[q]) if q in q_mkba else "–"]
                for q, v in q_expl
            ],
        ),
        DataTable(
            "risk_hist",
            f"Risico {r.plan}: verdeling van het exploitatieresultaat",
            ["klasse (NCW)", "trekkingen"],
            [
                [f"{euro(float(a))} tot {euro(float(b))}", number(float(n))]
                for a, b, n in bins[["from", "to", "draws"]].to_numpy(dtype=float)
            ],
        ),
        DataTable(
            "risk_contrib",
            f"Risico {r.plan}: wat de spreiding bepaalt",
            ["aanname", "aandeel in de spreiding"],
            [
                [str(c["parameter"]), f"{number(100 * float(c['share']), 'nl', 1)} %"]
                for c in contrib
                if float(c["share"]) > 0
            ],
        ),
    ]
    return found, tables
