"""The optimiser's Pareto front as a Vega-Lite chart (Altair) with its text alternative, issue #15 §3
(the CLI's ``optimise --pareto --chart`` and the web page "Stel plannen voor")."""

from __future__ import annotations

import altair as alt
import pandas as pd

from wijkaanpak.report.charts import Spec
from wijkaanpak.report.i18n import Words

_TITLES = {
    "mkba": "MKBA-saldo (mln euro, reëel, 2,25 %)",
    "exploitation": "exploitatieresultaat (NCW, mln euro, 2,0 %)",
    "weighted": "gewogen doel (mln euro)",
    "deficit": "tekort gemeente (mln euro)",
    "returners": "huishoudens die met gesloten beurs terug kunnen",
}
_SHORT = {
    "mkba": "MKBA-saldo",
    "exploitation": "exploitatieresultaat",
    "weighted": "gewogen doel",
    "deficit": "tekort gemeente",
    "returners": "huishoudens die met gesloten beurs terug kunnen",
}


def _scale(second: str) -> float:
    return 1e6 if second == "deficit" else 1.0


def pareto_chart(
    table: pd.DataFrame, objective: str, second: str, label: str, lang: str = "nl"
) -> Spec:
    """The front from :func:`wijkaanpak.analysis.pareto.table`: the second objective across, the
    first up; the exact engine's points joined by a line and numbered as in the table, the linear
    model's as open circles. ``label``: the neighbourhood's name (marked when fictional)."""
    w = Words(lang)
    models = {"exact": w("exact (rekenkern)"), "linear": w("lineair model")}
    rows = []
    for model in ("exact", "linear"):
        part = pd.DataFrame(
            {
                "point": table["point"],
                "x": table[f"{second}_{model}"] / _scale(second),
                "y": table[f"objective_{model}_eur"] / 1e6,
                "model": models[model],
            }
        )
        rows.append(part)
    data = pd.concat(rows, ignore_index=True)
    x = alt.X("x:Q", title=w(_TITLES[second]))
    y = alt.Y("y:Q", title=w(_TITLES[objective]), scale=alt.Scale(zero=False))
    tips = [
        alt.Tooltip("point:O", title=w("punt")),
        alt.Tooltip("model:N", title=w("model")),
        alt.Tooltip("x:Q", format=",.2f", title=w(_SHORT[second])),
        alt.Tooltip("y:Q", format=",.2f", title=w(_SHORT[objective])),
    ]
    exact = data[data["model"] == models["exact"]]
    colour = alt.Color(
        "model:N",
        title=None,
        scale=alt.Scale(domain=list(models.values()), range=["#154273", "grey"]),
    )
    shape = alt.Shape(
        "model:N",
        title=None,
        scale=alt.Scale(domain=list(models.values()), range=["circle", "diamond"]),
    )
    line = alt.Chart(exact).mark_line(color="#154273").encode(x=x, y=y)
    marks = (
        alt.Chart(data)
        .mark_point(size=70, filled=False, strokeWidth=2)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=tips)
    )
    numbers = (
        alt.Chart(exact)
        .mark_text(dx=9, dy=-9, fontSize=11, fontWeight="bold", color="#154273")
        .encode(x=x, y=y, text="point:O")
    )
    title = w("Pareto-front van voorgestelde plannen: {label}", label=label)
    layered = alt.layer(line, marks, numbers, title=title).properties(width=520, height=320)
    spec: Spec = layered.to_dict()
    return spec


def pareto_text(table: pd.DataFrame, objective: str, second: str, lang: str = "nl") -> str:
    """The front in words (the chart's text alternative): how many plans, the two ends on the exact
    engine and how many the exact engine finds dominated."""
    w = Words(lang)
    fmt = w.mln if second == "deficit" else w.number
    first, last = table.iloc[0], table.iloc[-1]
    text = w(
        "Pareto-front van {n} plannen: {objective} (omhoog) tegen {second} (opzij), exact "
        "doorgerekend. Van punt 1 ({y1} bij {x1}) tot punt {n} ({y2} bij {x2}); de punten zijn "
        "genummerd als in de tabel.",
        n=len(table),
        objective=w(_SHORT[objective]),
        second=w(_SHORT[second]),
        y1=w.mln(float(first["objective_exact_eur"])),
        x1=fmt(float(first[f"{second}_exact"])),
        y2=w.mln(float(last["objective_exact_eur"])),
        x2=fmt(float(last[f"{second}_exact"])),
    )
    dominated = int(table["dominated_exact"].sum())
    if dominated:
        text += " " + w(
            "{k} punt(en) worden in de exacte doorrekening door een ander punt overtroffen.",
            k=dominated,
        )
    return text


__all__ = ["pareto_chart", "pareto_text"]
