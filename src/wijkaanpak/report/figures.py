"""Text alternatives and data tables for the report's charts (issue #20).

Every chart in the report is a :class:`Figure`: the Vega-Lite spec, a short text alternative that
says what the chart shows and its key numbers, and the key of a :class:`DataTable` in the appendix
with the numbers the chart draws. Text and table are computed from the same data as the chart (the
same frame is passed to the chart function and to the text function here), so they cannot drift
apart; colour is then never the only carrier of meaning.

Texts are Dutch or English (``lang``, :class:`~wijkaanpak.report.i18n.Words`), numbers in that
language's notation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijkaanpak.report.charts import Spec
from wijkaanpak.report.i18n import Words


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


def _counts(values: pd.Series, order: list[str] | None) -> list[tuple[str, int]]:
    counts = values.value_counts()
    keys = [k for k in (order or []) if k in counts.index]
    keys += sorted(str(k) for k in counts.index if k not in keys)
    return [(k, int(counts[k])) for k in keys]


def category_map_text(
    values: pd.Series, legend: str, order: list[str] | None = None, lang: str = "nl"
) -> str:
    """A map of blocks coloured by a category: how many blocks in each. ``values``: one per block."""
    w = Words(lang)
    shown = values.dropna()
    parts = "; ".join(f"{k}: {w.blocks(n)}" for k, n in _counts(shown, order))
    return w(
        "Kaart van {blocks} naar {legend}. {parts}.",
        blocks=w.blocks(len(shown)),
        legend=legend,
        parts=parts,
    )


def quantity_map_text(values: pd.Series, legend: str, top: int = 3, lang: str = "nl") -> str:
    """A map of blocks coloured by a number: its range, mean and the highest blocks. [unit of
    ``values``, named by ``legend``]"""
    w = Words(lang)
    v = values.dropna().astype(float)
    if v.empty:
        return w("Kaart van de bouwblokken naar {legend}: geen gegevens.", legend=legend)
    high = v.sort_values(ascending=False).head(top)
    highest = ", ".join(f"{k} ({w.number(x, 1)})" for k, x in high.items())
    return w(
        "Kaart van {blocks} naar {legend}: van {low} tot {high}, gemiddeld {mean}. "
        "Het hoogst: {highest}.",
        blocks=w.blocks(len(v)),
        legend=legend,
        low=w.number(v.min(), 1),
        high=w.number(v.max(), 1),
        mean=w.number(v.mean(), 1),
        highest=highest,
    )


def block_table(columns: dict[str, pd.Series], caption: str, lang: str = "nl") -> DataTable:
    """One row per block, one column per map (the values the maps colour by)."""
    w = Words(lang)
    frame = pd.DataFrame(columns)
    rows = [
        [str(block)]
        + [
            w.number(float(x), 1) if isinstance(x, float) else ("–" if pd.isna(x) else str(x))
            for x in row
        ]
        for block, row in zip(frame.index, frame.itertuples(index=False), strict=True)
    ]
    return DataTable("blocks", caption, [w("bouwblok"), *frame.columns], rows)


def _floats(values: pd.Series) -> list[float]:
    return [float(x) for x in values.to_numpy(dtype=float)]


def sweep_text(sweep: pd.DataFrame, cap: float, lang: str = "nl") -> str:
    """The densification curve: its range, the municipality's cap and the best factor under it."""
    w = Words(lang)
    d, npv = _floats(sweep["densification"]), _floats(sweep["exploitation_npv_eur"])
    best = [i for i, b in enumerate(sweep["best_under_cap"].tolist()) if b]
    text = w(
        "Lijn van het exploitatieresultaat bij een verdichtingsfactor van {low}× tot {high}×: van "
        "{first} tot {last}. Plafond van de gemeente (stippellijn): {cap}×.",
        low=w.number(min(d), 2),
        high=w.number(max(d), 2),
        first=w.mln(npv[0]),
        last=w.mln(npv[-1]),
        cap=w.number(cap, 2),
    )
    if best:
        text += " " + w(
            "Beste factor binnen het plafond (dikke stip): {factor}× met {eur}.",
            factor=w.number(d[best[0]], 2),
            eur=w.mln(npv[best[0]]),
        )
    return text


def sweep_table(sweep: pd.DataFrame, lang: str = "nl") -> DataTable:
    w = Words(lang)
    yes_no = {True: w("ja"), False: w("nee")}
    rows = [
        [f"{w.number(d, 2)}×", w.euro(npv), yes_no[bool(cap)], yes_no[bool(best)]]
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
        w("Verdichting en exploitatieresultaat"),
        [w("verdichtingsfactor"), w("exploitatieresultaat (NCW)"), w("binnen plafond"), w("beste")],
        rows,
    )


def cashflow_text(exploitation: pd.DataFrame, labels: dict[str, str], lang: str = "nl") -> str:
    """The yearly cash flow: the largest cost and revenue item and the cumulative balance."""
    w = Words(lang)
    items = [labels.get(str(i), str(i)) for i in exploitation.index]
    values = exploitation.to_numpy(dtype=float)
    per_item, cumulative = values.sum(axis=1), np.cumsum(values.sum(axis=0))
    years = [str(y) for y in exploitation.columns]
    low, cost, revenue = (
        int(np.argmin(cumulative)),
        int(np.argmin(per_item)),
        int(np.argmax(per_item)),
    )
    text = w(
        "Staven per jaar van {first} tot {last}, gestapeld per post; een lijn toont het cumulatieve "
        "saldo. Grootste kostenpost over alle jaren: {item} ({eur}).",
        first=years[0],
        last=years[-1],
        item=items[cost],
        eur=w.mln(per_item[cost]),
    )
    if per_item[revenue] > 0:
        text += " " + w(
            "Grootste opbrengst: {item} ({eur}).", item=items[revenue], eur=w.mln(per_item[revenue])
        )
    return (
        text
        + " "
        + w(
            "Laagste cumulatieve saldo: {low} in {year}; aan het eind {end}.",
            low=w.mln(cumulative[low]),
            year=years[low],
            end=w.mln(cumulative[-1]),
        )
    )


def cashflow_table(
    exploitation: pd.DataFrame, labels: dict[str, str], lang: str = "nl"
) -> DataTable:
    """Years as rows, the items that are not zero as columns, then the balance and cumulative
    balance. [mln EUR, nominal]"""
    w = Words(lang)
    values = exploitation.to_numpy(dtype=float) / 1e6
    used = (values != 0).any(axis=1)
    total = values.sum(axis=0)
    table = np.vstack([values[used], total, np.cumsum(total)]).T  # years × (items, saldo, cum.)
    rows = [
        [str(year)] + [w.number(float(x), 2) for x in row]
        for year, row in zip(exploitation.columns, table, strict=True)
    ]
    names = [labels.get(str(i), str(i)) for i, u in zip(exploitation.index, used, strict=True) if u]
    columns = [w("jaar"), *names, w("saldo"), w("cumulatief")]
    return DataTable("cashflow", w("Kasstroom gemeente/WOM per jaar (mln euro)"), columns, rows)


def gap_text(shown: pd.DataFrame, hidden: int, lang: str = "nl") -> str:
    """The gap histogram (bins of at least the privacy minimum): where most households are."""
    w = Words(lang)
    counts = _floats(shown["households"])
    if not counts:
        return w(
            "Staafdiagram van het financieel gat per huishouden: geen klasse met genoeg huishoudens."
        )
    i = int(np.argmax(counts))
    start, end = _floats(shown["from_k"])[i], _floats(shown["to_k"])[i]
    text = w(
        "Staafdiagram: {n} huishoudens naar hun financieel gat bij nieuw voor oud, in klassen van "
        "{width} duizend euro. De meeste ({most}) hebben een gat van {start} tot {end} duizend euro.",
        n=w.number(sum(counts)),
        width=w.number(end - start),
        most=w.number(counts[i]),
        start=w.number(start),
        end=w.number(end),
    )
    if hidden:
        text += " " + w("{n} huishoudens in kleine klassen zijn weggelaten.", n=hidden)
    return text


def gap_table(shown: pd.DataFrame, lang: str = "nl") -> DataTable:
    w = Words(lang)
    rows = [
        [f"{w.number(a)}–{w.number(b)}", w.number(n)]
        for a, b, n in zip(
            _floats(shown["from_k"]),
            _floats(shown["to_k"]),
            _floats(shown["households"]),
            strict=True,
        )
    ]
    return DataTable(
        "gaps",
        w("Financieel gat per huishouden (nieuw voor oud)"),
        [w("gat (duizend euro)"), w("huishoudens")],
        rows,
        w("Klassen met minder dan 5 huishoudens zijn weggelaten (privacy)."),
    )


def _tornado_rows(table: pd.DataFrame) -> list[tuple[str, float, float]]:
    labels = [str(x) for x in table["label"]]
    return list(zip(labels, _floats(table["low_eur"]), _floats(table["high_eur"]), strict=True))


def tornado_text(table: pd.DataFrame, delta: float, top: int = 3, lang: str = "nl") -> str:
    """The sensitivity bars: the base result and the assumptions that move it most."""
    w = Words(lang)
    base = float(table["base_eur"].iloc[0])
    rows = sorted(_tornado_rows(table), key=lambda r: -abs(r[2] - r[1]))
    parts = "; ".join(
        w("{label}: {low} tot {high}", label=label, low=w.mln(low), high=w.mln(high))
        for label, low, high in rows[:top]
    )
    return w(
        "Balken per aanname: het exploitatieresultaat ({base}) als die aanname {delta} lager of "
        "hoger is. De grootste invloed (−{delta} tot +{delta}): {parts}.",
        base=w.mln(base),
        delta=f"{delta:.0%}",
        parts=parts,
    )


def tornado_table(table: pd.DataFrame, delta: float, lang: str = "nl") -> DataTable:
    w = Words(lang)
    rows = [[label, w.euro(low), w.euro(high)] for label, low, high in _tornado_rows(table)]
    return DataTable(
        "tornado",
        w(
            "Gevoeligheid van het exploitatieresultaat (NCW) bij −{delta} en +{delta}",
            delta=f"{delta:.0%}",
        ),
        [w("aanname"), f"−{delta:.0%}", f"+{delta:.0%}"],
        rows,
        w("Bij de standaardwaarden: {eur}.", eur=w.euro(float(table["base_eur"].iloc[0]))),
    )


def quantiles(x: np.ndarray, step: float = 0.1) -> list[tuple[float, float]]:
    """The empirical quantiles of ``x`` at 10 %, 20 % … 90 % (what an S-curve shows)."""
    x = x[~np.isnan(x)]
    levels = np.round(np.arange(step, 1.0, step), 4)
    return [(float(q), float(np.quantile(x, q))) for q in levels] if len(x) else []


def s_curve_text(x: np.ndarray, point: float, what: str, lang: str = "nl") -> str:
    w = Words(lang)
    q = dict(quantiles(x))
    if not q:
        return w("S-curve van het {what}: geen trekkingen.", what=what)
    return w(
        "S-curve van het {what} over {n} trekkingen: de kans dat het resultaat lager is dan een "
        "bedrag. P10 {p10}, P50 {p50}, P90 {p90}; bij de standaardwaarden (stippellijn) {point}.",
        what=what,
        n=int((~np.isnan(x)).sum()),
        p10=w.mln(q[0.1]),
        p50=w.mln(q[0.5]),
        p90=w.mln(q[0.9]),
        point=w.mln(point),
    )


def histogram_counts(x: np.ndarray, bins: int = 15) -> pd.DataFrame:
    """Counts of ``x`` in equal bins (what the risk histogram draws). [EUR, draws]"""
    x = x[~np.isnan(x)]
    counts, edges = np.histogram(x, bins=bins if len(x) else 1)
    return pd.DataFrame({"from": edges[:-1], "to": edges[1:], "draws": counts})


def histogram_text(bins: pd.DataFrame, what: str, lang: str = "nl") -> str:
    w = Words(lang)
    draws, start, end = _floats(bins["draws"]), _floats(bins["from"]), _floats(bins["to"])
    if sum(draws) == 0:
        return w("Staafdiagram van het {what}: geen trekkingen.", what=what)
    i = int(np.argmax(draws))
    return w(
        "Staafdiagram: hoe vaak het {what} in elke klasse uitkwam, {n} trekkingen van {low} tot "
        "{high}. Het vaakst ({most} keer): {start} tot {end}.",
        what=what,
        n=w.number(sum(draws)),
        low=w.mln(start[0]),
        high=w.mln(end[-1]),
        most=w.number(draws[i]),
        start=w.mln(start[i]),
        end=w.mln(end[i]),
    )


def contributions_text(rows: list[dict[str, float | str]], top: int = 3, lang: str = "nl") -> str:
    w = Words(lang)
    shown = [r for r in rows if float(r["share"]) > 0][:top]
    if not shown:
        return w("Staafdiagram van wat de spreiding bepaalt: geen aanname draagt bij.")
    parts = "; ".join(f"{r['parameter']}: {w.pct(float(r['share']))}" for r in shown)
    return w(
        "Staafdiagram: het aandeel van elke aanname in de spreiding van het resultaat. "
        "Het grootst: {parts}.",
        parts=parts,
    )


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
