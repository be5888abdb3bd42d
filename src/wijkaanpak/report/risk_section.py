"""The report's risk chapter: a Monte Carlo of the focus plan (issue #14), its table and charts."""

from __future__ import annotations

from typing import Any

from wijkaanpak.analysis.risk import RiskResult, run
from wijkaanpak.model.assumptions import Assumptions
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.plan import Plan
from wijkaanpak.report import risk_charts
from wijkaanpak.texts import euro, number

CHARTS = ("risk_scurve", "risk_hist", "risk_contrib", "risk_mkba_scurve")


def risk_section(
    nbh: Neighbourhood, a: Assumptions, plan: Plan, draws: int
) -> tuple[dict[str, Any], dict[str, Any], RiskResult]:
    """Chart specs, template context and the result of ``draws`` draws (one process: the report
    may be built inside the web app)."""
    r = run(nbh, a, plan, draws, workers=1)
    data = r.to_dict()
    specs = {
        "risk_scurve": risk_charts.s_curve(
            r, "exploitation", f"Exploitatieresultaat {r.plan}: S-curve"
        ),
        "risk_hist": risk_charts.histogram(
            r, "exploitation", f"Exploitatieresultaat {r.plan}: verdeling"
        ),
        "risk_contrib": risk_charts.contributions(r, "exploitation", "Wat de spreiding bepaalt"),
        "risk_mkba_scurve": risk_charts.s_curve(r, "mkba", f"MKBA-saldo {r.plan}: S-curve"),
    }
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
    return specs, context, r
