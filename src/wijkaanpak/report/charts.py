"""Vega-Lite charts (Altair) for the report: maps, the densification curve, the cash flow, the gap
distribution and the tornado. Each function returns a Vega-Lite spec (dict); titles and axes in
``lang`` (:class:`~wijkaanpak.report.i18n.Words`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.report.i18n import Words
from wijkaanpak.texts import number

Spec = dict[str, Any]
#: Dutch number formatting for Vega (d3-format locale): € 1.234.567
NL_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}
#: Damage classes from green (none) to red (very severe), grey for unknown.
DAMAGE_COLOURS = ["#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027", "#bbbbbb"]
MIN_GROUP = 5  # privacy: no aggregate over fewer households is shown
_WIDTH = 520


def _spec(chart: alt.TopLevelMixin) -> Spec:
    spec: Spec = chart.to_dict()
    return spec


def block_map(
    nbh: Neighbourhood,
    values: pd.Series,
    title: str,
    legend: str,
    order: list[str] | None = None,
    quantitative: bool = False,
    colours: list[str] | None = None,
    codes: Mapping[str, str] | None = None,
    lang: str = "nl",
) -> Spec:
    """Blocks coloured by one value per block (RD New coordinates, drawn as they are); ``order``
    fixes the legend order and ``colours`` the colour of each category in that order.

    Colour is not the only carrier (WCAG 1.4.1): every block also carries a label at its inner
    point — ``codes[category]`` (a letter or digit, the legend reads "code = category"), or for a
    quantitative map the value itself (one decimal, in ``lang``'s notation)."""
    blocks = nbh.blocks[["geometry"]].copy()
    blocks["value"] = values.reindex(blocks.index).to_numpy()
    blocks["block_id"] = blocks.index
    features = blocks.reset_index(drop=True).__geo_interface__["features"]
    colour = (
        alt.Color("properties.value:Q", title=legend, scale=alt.Scale(scheme="orangered"))
        if quantitative
        else alt.Color(
            "properties.value:N",
            title=legend,
            scale=_category_scale(order, colours),
            legend=alt.Legend(labelExpr=_legend_labels(codes)) if codes else alt.Undefined,
        )
    )
    shapes = (
        alt.Chart(alt.Data(values=features))  # type: ignore[no-untyped-call]
        .mark_geoshape(stroke="white", strokeWidth=0.5)
        .encode(
            color=colour,
            tooltip=[
                alt.Tooltip("properties.block_id:N", title=Words(lang)("blok")),
                alt.Tooltip(
                    "properties.value:Q" if quantitative else "properties.value:N", title=legend
                ),
            ],
        )
    )
    text = (
        alt.Chart(block_labels(nbh, values, codes, lang))
        .mark_text(fontSize=8, fontWeight="bold", font="DejaVu Sans")
        .encode(
            longitude="x:Q",
            latitude="y:Q",
            text="label:N",
            color=alt.Color("ink:N", scale=None),
        )
    )
    chart = (
        alt.layer(shapes, text, title=title)
        .project(type="identity", reflectY=True)
        .resolve_scale(color="independent")  # the labels' ink is a colour of its own
        .properties(width=_WIDTH, height=380)
    )
    return _spec(chart)


def block_labels(
    nbh: Neighbourhood, values: pd.Series, codes: Mapping[str, str] | None, lang: str = "nl"
) -> pd.DataFrame:
    """Per block with a value: its inner point (``x``, ``y`` [m, RD New]), the label drawn there
    (the category's code, or the value with one decimal) and the label's colour (``ink``: white on
    the darker half of a quantitative scale, else black)."""
    geometry = nbh.blocks.geometry
    shown = values.reindex(geometry.index)
    keep = shown.notna().to_numpy() & ~geometry.is_empty.to_numpy() & geometry.notna().to_numpy()
    points = geometry[keep].representative_point()
    kept = shown[keep]
    if codes is None:
        numbers = kept.astype(float)
        labels = [number(v, lang, 1) for v in numbers]
        middle = float(numbers.min() + 0.7 * (numbers.max() - numbers.min())) if len(numbers) else 0
        ink = [
            "white" if v > middle and numbers.max() > numbers.min() else "black" for v in numbers
        ]
    else:
        labels = [codes.get(str(v), "?") for v in kept]
        ink = ["black"] * len(labels)
    return pd.DataFrame(
        {"x": points.x.to_numpy(), "y": points.y.to_numpy(), "label": labels, "ink": ink}
    )


def _legend_labels(codes: Mapping[str, str]) -> str:
    """A Vega expression that writes each legend entry as "code = category"."""
    expression = "datum.label"
    for category, code in codes.items():
        expression = (
            f"datum.label === {json.dumps(category)} ? {json.dumps(f'{code} = {category}')} : "
            + expression
        )
    return expression


def _category_scale(order: list[str] | None, colours: list[str] | None) -> alt.Scale:
    if order and colours:
        return alt.Scale(domain=order, range=colours)
    if order:
        return alt.Scale(domain=order, scheme="tableau10")
    return alt.Scale(scheme="tableau10")


def densification_curve(sweep: pd.DataFrame, cap: float, lang: str = "nl") -> Spec:
    """Exploitation result against densification, the municipality's cap and the best factor."""
    w = Words(lang)
    data = sweep.assign(mln=sweep["exploitation_npv_eur"] / 1e6)
    line = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("densification:Q", title=w("verdichtingsfactor (nieuwe / gesloopte woningen)")),
            y=alt.Y("mln:Q", title=w("exploitatieresultaat (NCW, mln euro)")),
            tooltip=[
                alt.Tooltip("densification:Q", format=".2f"),
                alt.Tooltip("mln:Q", format=",.1f"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"cap": [cap]}))
        .mark_rule(color="firebrick", strokeDash=[4, 4])
        .encode(x="cap:Q")
    )
    best = (
        alt.Chart(data[data["best_under_cap"]])
        .mark_point(color="firebrick", size=120, filled=True)
        .encode(x="densification:Q", y="mln:Q")
    )
    title = w("Verdichting en exploitatieresultaat (plafond gemeente {cap}×)", cap=f"{cap:g}")
    if lang == "nl":
        title = title.replace(".", ",")
    return _spec(alt.layer(line, rule, best, title=title).properties(width=_WIDTH, height=300))


def cashflow(exploitation: pd.DataFrame, labels: dict[str, str], lang: str = "nl") -> Spec:
    """Yearly municipality/WOM cash flow stacked by category, with the cumulative balance."""
    w = Words(lang)
    long = (
        exploitation.rename(index=labels)
        .reset_index()
        .melt(id_vars="category", var_name="year", value_name="eur")
    )
    long["mln"] = long["eur"] / 1e6
    bars = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=w("jaar")),
            y=alt.Y("sum(mln):Q", title=w("kasstroom (mln euro)")),
            color=alt.Color("category:N", title=w("post")),
            tooltip=["category:N", "year:O", alt.Tooltip("mln:Q", format=",.2f")],
        )
    )
    total = exploitation.sum(axis=0)
    cumulative = pd.DataFrame({"year": total.index, "mln": np.cumsum(total.to_numpy()) / 1e6})
    line = alt.Chart(cumulative).mark_line(color="black").encode(x="year:O", y="mln:Q")
    return _spec(
        alt.layer(
            bars,
            line,
            title=w("Kasstroom gemeente/WOM per jaar (staven) en cumulatief saldo (lijn)"),
        ).properties(width=_WIDTH, height=300)
    )


def gap_distribution(
    gaps: np.ndarray, bin_eur: float = 50_000, lang: str = "nl"
) -> tuple[Spec, int]:
    """Histogram of household gaps; bins with fewer than :data:`MIN_GROUP` households are left out.

    Returns the spec and the number of households in suppressed bins.
    """
    w = Words(lang)
    shown, hidden = gap_bins(gaps, bin_eur)
    chart = (
        alt.Chart(shown, title=w("Financieel gat per huishouden (nieuw voor oud)"))
        .mark_bar()
        .encode(
            x=alt.X("from_k:Q", bin="binned", title=w("gat (duizend euro)")),
            x2="to_k:Q",
            y=alt.Y("households:Q", title=w("huishoudens")),
            tooltip=["from_k:Q", "to_k:Q", "households:Q"],
        )
        .properties(width=_WIDTH, height=240)
    )
    return _spec(chart), hidden


def gap_bins(gaps: np.ndarray, bin_eur: float = 50_000) -> tuple[pd.DataFrame, int]:
    """Households per gap bin (``from_k``, ``to_k`` [thousand EUR], ``households``), only the bins
    of at least :data:`MIN_GROUP` households, and the number of households left out."""
    edges = np.arange(0, max(float(gaps.max(initial=0.0)), bin_eur) + bin_eur, bin_eur)
    counts, _ = np.histogram(gaps, bins=edges)
    table = pd.DataFrame(
        {"from_k": edges[:-1] / 1000, "to_k": edges[1:] / 1000, "households": counts}
    )
    hidden = int(table.loc[table["households"] < MIN_GROUP, "households"].sum())
    return table[table["households"] >= MIN_GROUP].reset_index(drop=True), hidden


def tornado(table: pd.DataFrame, delta: float, lang: str = "nl") -> Spec:
    """One-at-a-time sensitivity: exploitation NPV at −/+ delta of each assumption."""
    w = Words(lang)
    base = float(table["base_eur"].iloc[0])
    long = pd.concat(
        [
            table.assign(case=f"−{delta:.0%}", npv=table["low_eur"]),
            table.assign(case=f"+{delta:.0%}", npv=table["high_eur"]),
        ]
    )
    long["start"] = base / 1e6
    long["end"] = long["npv"] / 1e6
    chart = (
        alt.Chart(long, title=w("Gevoeligheid van het exploitatieresultaat (mln euro)"))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=list(table["label"]), title=None),
            x=alt.X("start:Q", title=w("exploitatieresultaat (NCW, mln euro)")),
            x2="end:Q",
            color=alt.Color("case:N", title=w("aanname")),
            tooltip=["label:N", "case:N", alt.Tooltip("end:Q", format=",.1f")],
        )
        .properties(width=_WIDTH, height=260)
    )
    return _spec(chart)
