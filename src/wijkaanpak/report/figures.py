"""Text alternatives and data tables for the report's charts (issue #20).

Every chart in the report is a :class:`Figure`: the Vega-Lite spec, a short text alternative that
says what the chart shows and its key numbers, and the key of a :class:`DataTable` in the appendix
with the numbers the chart draws. Text and table are computed from the same data as the chart (the
same frame is passed to the chart function and to the text function here), so they cannot drift
apart; colour is then never the only carrier of meaning.

All text is Dutch, as the report is; numbers in Dutch notation (:func:`wijkaanpak.texts.number`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijkaanpak.report.charts import Spec
from wijkaanpak.texts import euro, number


@dataclass(frozen=True)
class DataTable:
    """The numbers behind one or more charts; the first cell of each row is its row header."""

    key: str
    caption: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass(frozen=True)
class Figure:
    """One chart: its spec, its text alternative and the data table it refers to."""

    key: str
    spec: Spec = field(repr=False)
    alt: str
    table: str  # key of the DataTable with the chart's numbers

    def described(self) -> Spec:
        """The spec with the text alternative as its ``description`` (the SVG's ``aria-label``);
        the marks and axes inside are left out of the accessibility tree (``aria: false``): the
        text alternative and the data table stand for them."""
        config = self.spec.get("config", {})
        mark = {**config.get("mark", {}), "aria": False}
        config = {**config, "aria": False, "mark": mark}
        return {**self.spec, "description": self.alt, "config": config}


def _mln(eur: float) -> str:
    """Millions of euros with one decimal: € -12,3 mln. [EUR → text]"""
    return f"€ {number(eur / 1e6, 'nl', 1)} mln"


def _counts(values: pd.Series, order: list[str] | None) -> list[tuple[str, int]]:
    counts = values.value_counts()
    keys = [k for k in (order or []) if k in counts.index]
    keys += sorted(str(k) for k in counts.index if k not in keys)
    return [(k, int(counts[k])) for k in keys]


def category_map_text(values: pd.Series, legend: str, order: list[str] | None = None) -> str:
    """A map of blocks coloured by a category: how many blocks in each. ``values``: one per block."""
    shown = values.dropna()
    parts = "; ".join(
        f"{k}: {n} {'blok' if n == 1 else 'blokken'}" for k, n in _counts(shown, order)
    )
    return f"Kaart van de {len(shown)} bouwblokken naar {legend}. {parts}."


def quantity_map_text(values: pd.Series, legend: str, top: int = 3) -> str:
    """A map of blocks coloured by a number: its range, mean and the highest blocks. [unit of
    ``values``, named by ``legend``]"""
    v = values.dropna().astype(float)
    if v.empty:
        return f"Kaart van de bouwblokken naar {legend}: geen gegevens."
    high = v.sort_values(ascending=False).head(top)
    highest = ", ".join(f"{k} ({number(x, 'nl', 1)})" for k, x in high.items())
    return (
        f"Kaart van de {len(v)} bouwblokken naar {legend}: van {number(v.min(), 'nl', 1)} tot "
        f"{number(v.max(), 'nl', 1)}, gemiddeld {number(v.mean(), 'nl', 1)}. Het hoogst: {highest}."
    )


def block_table(columns: dict[str, pd.Series], caption: str) -> DataTable:
    """One row per block, one column per map (the values the maps colour by)."""
    frame = pd.DataFrame(columns)
    rows = [
        [str(block)]
        + [
            number(float(x), "nl", 1) if isinstance(x, float) else ("–" if pd.isna(x) else str(x))
            for x in row
        ]
        for block, row in zip(frame.index, frame.itertuples(index=False), strict=True)
    ]
    return DataTable("blocks", caption, ["bouwblok", *frame.columns], rows)


def _floats(values: pd.Series) -> list[float]:
    return [float(x) for x in values.to_numpy(dtype=float)]


def sweep_text(sweep: pd.DataFrame, cap: float) -> str:
    """The densification curve: its range, the municipality's cap and the best factor under it."""
    d, npv = _floats(sweep["densification"]), _floats(sweep["exploitation_npv_eur"])
    best = [i for i, b in enumerate(sweep["best_under_cap"].tolist()) if b]
    text = (
        f"Lijn van het exploitatieresultaat bij een verdichtingsfactor van {number(min(d), 'nl', 2)}× "
        f"tot {number(max(d), 'nl', 2)}×: van {_mln(npv[0])} tot {_mln(npv[-1])}. "
        f"Plafond van de gemeente (stippellijn): {number(cap, 'nl', 2)}×."
    )
    if best:
        text += (
            f" Beste factor binnen het plafond (dikke stip): {number(d[best[0]], 'nl', 2)}× "
            f"met {_mln(npv[best[0]])}."
        )
    return text


def sweep_table(sweep: pd.DataFrame) -> DataTable:
    yes_no = {True: "ja", False: "nee"}
    rows = [
        [f"{number(d, 'nl', 2)}×", euro(npv), yes_no[bool(cap)], yes_no[bool(best)]]
        for d, npv, cap, best in zip(
            _floats(sweep["densification"]),
            _floats(sweep["exploitation_npv_eur"]),
            sweep["within_cap"].tolist(),
            sweep["best_under_cap"].tolist(),
            strict=True,
        )
    ]
    return DataTable(
        "sweep",
        "Verdichting en exploitatieresultaat",
        ["verdichtingsfactor", "exploitatieresultaat (NCW)", "binnen plafond", "beste"],
        rows,
    )


def cashflow_text(exploitation: pd.DataFrame, labels: dict[str, str]) -> str:
    """The yearly cash flow: the largest cost and revenue item and the cumulative balance."""
    items = [labels.get(str(i), str(i)) for i in exploitation.index]
    values = exploitation.to_numpy(dtype=float)
    per_item, cumulative = values.sum(axis=1), np.cumsum(values.sum(axis=0))
    years = [str(y) for y in exploitation.columns]
    low, cost, revenue = (
        int(np.argmin(cumulative)),
        int(np.argmin(per_item)),
        int(np.argmax(per_item)),
    )
    text = (
        f"Staven per jaar van {years[0]} tot {years[-1]}, gestapeld per post; een lijn toont het "
        f"cumulatieve saldo. Grootste kostenpost over alle jaren: {items[cost]} "
        f"({_mln(per_item[cost])})."
    )
    if per_item[revenue] > 0:
        text += f" Grootste opbrengst: {items[revenue]} ({_mln(per_item[revenue])})."
    return text + (
        f" Laagste cumulatieve saldo: {_mln(cumulative[low])} in {years[low]}; aan het eind "
        f"{_mln(cumulative[-1])}."
    )


def cashflow_table(exploitation: pd.DataFrame, labels: dict[str, str]) -> DataTable:
    """Years as rows, the items that are not zero as columns, then the balance and cumulative
    balance. [mln EUR, nominal]"""
    values = exploitation.to_numpy(dtype=float) / 1e6
    used = (values != 0).any(axis=1)
    total = values.sum(axis=0)
    table = np.vstack([values[used], total, np.cumsum(total)]).T  # years × (items, saldo, cum.)
    rows = [
        [str(year)] + [number(float(x), "nl", 2) for x in row]
        for year, row in zip(exploitation.columns, table, strict=True)
    ]
    names = [labels.get(str(i), str(i)) for i, u in zip(exploitation.index, used, strict=True) if u]
    columns = ["jaar", *names, "saldo", "cumulatief"]
    return DataTable("cashflow", "Kasstroom gemeente/WOM per jaar (mln euro)", columns, rows)


def gap_text(shown: pd.DataFrame, hidden: int) -> str:
    """The gap histogram (bins of at least the privacy minimum): where most households are."""
    counts = _floats(shown["households"])
    if not counts:
        return "Staafdiagram van het financieel gat per huishouden: geen klasse met genoeg huishoudens."
    i = int(np.argmax(counts))
    start, end = _floats(shown["from_k"])[i], _floats(shown["to_k"])[i]
    text = (
        f"Staafdiagram: {number(sum(counts))} huishoudens naar hun financieel gat bij nieuw voor "
        f"oud, in klassen van {number(end - start)} duizend euro. De meeste ({number(counts[i])}) "
        f"hebben een gat van {number(start)} tot {number(end)} duizend euro."
    )
    if hidden:
        text += f" {hidden} huishoudens in kleine klassen zijn weggelaten."
    return text


def gap_table(shown: pd.DataFrame) -> DataTable:
    rows = [
        [f"{number(a)}–{number(b)}", number(n)]
        for a, b, n in zip(
            _floats(shown["from_k"]),
            _floats(shown["to_k"]),
            _floats(shown["households"]),
            strict=True,
        )
    ]
    return DataTable(
        "gaps",
        "Financieel gat per huishouden (nieuw voor oud)",
        ["gat (duizend euro)", "huishoudens"],
        rows,
        "Klassen met minder dan 5 huishoudens zijn weggelaten (privacy).",
    )


def _tornado_rows(table: pd.DataFrame) -> list[tuple[str, float, float]]:
    labels = [str(x) for x in table["label"]]
    return list(zip(labels, _floats(table["low_eur"]), _floats(table["high_eur"]), strict=True))


def tornado_text(table: pd.DataFrame, delta: float, top: int = 3) -> str:
    """The sensitivity bars: the base result and the assumptions that move it most."""
    base = float(table["base_eur"].iloc[0])
    rows = sorted(_tornado_rows(table), key=lambda r: -abs(r[2] - r[1]))
    parts = "; ".join(f"{label}: {_mln(low)} tot {_mln(high)}" for label, low, high in rows[:top])
    return (
        f"Balken per aanname: het exploitatieresultaat ({_mln(base)}) als die aanname "
        f"{delta:.0%} lager of hoger is. De grootste invloed (−{delta:.0%} tot +{delta:.0%}): {parts}."
    )


def tornado_table(table: pd.DataFrame, delta: float) -> DataTable:
    rows = [[label, euro(low), euro(high)] for label, low, high in _tornado_rows(table)]
    return DataTable(
        "tornado",
        f"Gevoeligheid van het exploitatieresultaat (NCW) bij −{delta:.0%} en +{delta:.0%}",
        ["aanname", f"−{delta:.0%}", f"+{delta:.0%}"],
        rows,
        f"Bij de standaardwaarden: {euro(float(table['base_eur'].iloc[0]))}.",
    )


def quantiles(x: np.ndarray, step: float = 0.1) -> list[tuple[float, float]]:
    """The empirical quantiles of ``x`` at 10 %, 20 % … 90 % (what an S-curve shows)."""
    x = x[~np.isnan(x)]
    levels = np.round(np.arange(step, 1.0, step), 4)
    return [(float(q), float(np.quantile(x, q))) for q in levels] if len(x) else []


def s_curve_text(x: np.ndarray, point: float, what: str) -> str:
    q = dict(quantiles(x))
    if not q:
        return f"S-curve van het {what}: geen trekkingen."
    return (
        f"S-curve van het {what} over {int((~np.isnan(x)).sum())} trekkingen: de kans dat het "
        f"resultaat lager is dan een bedrag. P10 {_mln(q[0.1])}, P50 {_mln(q[0.5])}, P90 "
        f"{_mln(q[0.9])}; bij de standaardwaarden (stippellijn) {_mln(point)}."
    )


def histogram_counts(x: np.ndarray, bins: int = 15) -> pd.DataFrame:
    """Counts of ``x`` in equal bins (what the risk histogram draws). [EUR, draws]"""
    x = x[~np.isnan(x)]
    counts, edges = np.histogram(x, bins=bins if len(x) else 1)
    return pd.DataFrame({"from": edges[:-1], "to": edges[1:], "draws": counts})


def histogram_text(bins: pd.DataFrame, what: str) -> str:
    draws, start, end = _floats(bins["draws"]), _floats(bins["from"]), _floats(bins["to"])
    if sum(draws) == 0:
        return f"Staafdiagram van het {what}: geen trekkingen."
    i = int(np.argmax(draws))
    return (
        f"Staafdiagram: hoe vaak het {what} in elke klasse uitkwam, {number(sum(draws))} "
        f"trekkingen van {_mln(start[0])} tot {_mln(end[-1])}. Het vaakst ({number(draws[i])} "
        f"keer): {_mln(start[i])} tot {_mln(end[i])}."
    )


def contributions_text(rows: list[dict[str, float | str]], top: int = 3) -> str:
    shown = [r for r in rows if float(r["share"]) > 0][:top]
    if not shown:
        return "Staafdiagram van wat de spreiding bepaalt: geen aanname draagt bij."
    parts = "; ".join(f"{r['parameter']}: {number(100 * float(r['share']))} %" for r in shown)
    return f"Staafdiagram: het aandeel van elke aanname in de spreiding van het resultaat. Het grootst: {parts}."


__all__ = [
    "DataTable",
    "Figure",
    "block_table",
    "cashflow_table",
    "cashflow_text",
    "category_map_text",
    "contributions_text",
    "gap_table",
    "gap_text",
    "histogram_counts",
    "histogram_text",
    "quantiles",
    "quantity_map_text",
    "s_curve_text",
    "sweep_table",
    "sweep_text",
    "tornado_table",
    "tornado_text",
]
