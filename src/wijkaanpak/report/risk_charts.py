"""Vega-Lite charts (Altair) of a risk analysis: the S-curve, the histogram and the contributions."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from wijkaanpak.analysis.risk import RiskResult
from wijkaanpak.report.charts import Spec
from wijkaanpak.report.figures import histogram_counts
from wijkaanpak.report.i18n import Words

_WIDTH = 520


def _spec(chart: alt.TopLevelMixin) -> Spec:
    spec: Spec = chart.to_dict()
    return spec


def s_curve(result: RiskResult, name: str, title: str, lang: str = "nl") -> Spec:
    """Cumulative probability of the result (the S-curve), with the point estimate marked."""
    w = Words(lang)
    x = np.sort(result.column(name)[~np.isnan(result.column(name))])
    data = pd.DataFrame({"eur": x, "p": np.arange(1, len(x) + 1) / max(len(x), 1)})
    curve = (
        alt.Chart(data, title=title)
        .mark_line()
        .encode(
            x=alt.X("eur:Q", title=w("euro (NCW)"), axis=alt.Axis(format="~s")),
            y=alt.Y("p:Q", title=w("kans dat het resultaat lager is"), axis=alt.Axis(format="%")),
        )
    )
    point = FIGURE_POINT[name](result)
    rule = (
        alt.Chart(pd.DataFrame({"eur": [point]}))
        .mark_rule(color="#d52b1e", strokeDash=[4, 3])
        .encode(x="eur:Q")
    )
    return _spec((curve + rule).properties(width=_WIDTH, height=220))


def histogram(result: RiskResult, name: str, title: str, lang: str = "nl") -> Spec:
    """How often each range of results came out."""
    w = Words(lang)
    data = histogram_counts(result.column(name))  # the same bins as the report's data table
    chart = (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X("from:Q", bin="binned", title=w("euro (NCW)"), axis=alt.Axis(format="~s")),
            x2="to:Q",
            y=alt.Y("draws:Q", title=w("trekkingen")),
        )
        .properties(width=_WIDTH, height=200)
    )
    return _spec(chart)


def contributions(
    result: RiskResult, name: str, title: str, top: int = 10, lang: str = "nl"
) -> Spec:
    """The parameters that explain most of the spread (SRRC², as shares)."""
    w = Words(lang)
    rows = [c for c in result.contributions(name) if float(c["share"]) > 0][:top]
    data = pd.DataFrame(rows or [{"parameter": "–", "share": 0.0}])
    chart = (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("parameter:N", sort="-x", title=None),
            x=alt.X("share:Q", title=w("aandeel in de spreiding"), axis=alt.Axis(format="%")),
        )
        .properties(width=_WIDTH - 160, height=22 * max(len(rows), 1))
    )
    return _spec(chart)


FIGURE_POINT = {
    "exploitation": lambda r: r.point[0],
    "mkba": lambda r: r.point[1],
}
