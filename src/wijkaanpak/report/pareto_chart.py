"""The optimiser's Pareto front as a Vega-Lite chart (Altair), issue #15 §3."""

from __future__ import annotations

import altair as alt
import pandas as pd

from wijkaanpak.report.charts import Spec

_TITLES = {
    "mkba": "MKBA-saldo (mln euro, reëel, 2,25 %)",
    "exploitation": "exploitatieresultaat (NCW, mln euro, 2,0 %)",
    "weighted": "gewogen doel (mln euro)",
    "deficit": "tekort gemeente (mln euro)",
    "returners": "huishoudens die met gesloten beurs terug kunnen",
}


def pareto_chart(table: pd.DataFrame, objective: str, second: str, label: str) -> Spec:
    """The front from :func:`wijkaanpak.analysis.pareto.table`: the second objective across, the
    first up; the exact engine's points joined by a line, the linear model's as open circles.
    ``label``: the neighbourhood's name (marked when fictional)."""
    scale = 1e6 if second == "deficit" else 1.0
    rows = []
    for model in ("exact", "linear"):
        part = pd.DataFrame(
            {
                "point": table["point"],
                "x": table[f"{second}_{model}"] / scale,
                "y": table[f"objective_{model}_eur"] / 1e6,
                "model": "exact (engine)" if model == "exact" else "lineair model",
            }
        )
        rows.append(part)
    data = pd.concat(rows, ignore_index=True)
    x = alt.X("x:Q", title=_TITLES[second])
    y = alt.Y("y:Q", title=_TITLES[objective])
    tips = [
        "point:O",
        "model:N",
        alt.Tooltip("x:Q", format=",.2f"),
        alt.Tooltip("y:Q", format=",.2f"),
    ]
    exact = data[data["model"] == "exact (engine)"]
    line = alt.Chart(exact).mark_line(point=True).encode(x=x, y=y, tooltip=tips)
    linear = (
        alt.Chart(data[data["model"] == "lineair model"])
        .mark_point(shape="circle", filled=False, color="grey")
        .encode(x=x, y=y, tooltip=tips)
    )
    title = f"Pareto-front van voorgestelde plannen: {label}"
    spec: Spec = alt.layer(line, linear, title=title).properties(width=520, height=320).to_dict()
    return spec
