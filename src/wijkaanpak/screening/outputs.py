"""The screening's outputs: GeoPackage and GeoParquet for QGIS, CSV, and a ranked HTML summary.

``OUT/screening.gpkg`` (layer ``buurten``) and ``OUT/screening.parquet``: one row per buurt with its
outline (the convex hull of its buildings, RD New); ``OUT/screening.csv``: the same without
geometry; ``OUT/screening.html``: the buurten ranked (warranted first, then by dwellings at risk),
a map of their centres and an accessible table. Every text is escaped (Jinja2 autoescape).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import jinja2
import numpy as np
import pandas as pd
import pyogrio
import shapely

from wijkaanpak.model.schema import CRS
from wijkaanpak.screening.buurt import PLANS, Rule, result_path

#: Columns of the CSV and the layers, in this order.
COLUMNS = (
    "rank",
    "buurtcode",
    "name",
    "municipality",
    "region",
    "fictional",
    "dwellings",
    "blocks",
    "blocks_source",
    "households_source",
    "dwellings_at_risk",
    "share_at_risk",
    "repair_cost_eur",
    *(f"exploitation_{p.replace('-', '_')}_eur" for p in PLANS),
    *(f"mkba_{p.replace('-', '_')}_eur" for p in PLANS),
    "closed_purse_share",
    "best_plan",
    "warranted",
    "reason",
    "reason_nl",
    "notes",
    "seconds",
)
HTML_ROWS = 1000  # the HTML table shows the first 1,000 ranked buurten; the CSV has all


def collect(out: Path, codes: list[str], stamps: dict[str, str]) -> list[dict[str, Any]]:
    """The finished results of ``codes`` (those whose fingerprint matches), ranked."""
    rows = []
    for code in codes:
        try:
            row = json.loads(result_path(out, code).read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if row.get("fingerprint") == stamps.get(code):
            rows.append(row)
    rows.sort(key=lambda r: (not r["warranted"], -r["dwellings_at_risk"], -r["share_at_risk"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for col in COLUMNS:
        if col not in frame:
            frame[col] = None
    return frame


def _staged(path: Path) -> Path:
    return path.with_name(f".{os.getpid()}-{path.name}")  # keeps the suffix GDAL looks at


def write_outputs(rows: list[dict[str, Any]], out: Path, rule: Rule | None = None) -> None:
    """Write the CSV, GeoPackage, GeoParquet and HTML (each whole or not at all)."""
    out.mkdir(parents=True, exist_ok=True)
    frame = _frame(rows)
    table = frame[list(COLUMNS)]
    staged = _staged(out / "screening.csv")
    table.to_csv(staged, index=False, lineterminator="\n")
    os.replace(staged, out / "screening.csv")
    wkt = frame["outline_wkt"] if "outline_wkt" in frame else pd.Series(None, index=frame.index)
    geoms = shapely.from_wkt(np.asarray(wkt.where(wkt.notna(), None), dtype=object))
    geo = gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geoms, index=frame.index), crs=CRS)
    staged = _staged(out / "screening.parquet")
    geo.to_parquet(staged, index=False)
    os.replace(staged, out / "screening.parquet")
    staged = _staged(out / "screening.gpkg")
    pyogrio.write_dataframe(geo, staged, layer="buurten", driver="GPKG")
    os.replace(staged, out / "screening.gpkg")
    staged = _staged(out / "screening.html")
    staged.write_text(render_html(frame, geoms, rule or Rule()), "utf-8")
    os.replace(staged, out / "screening.html")


def _map(frame: pd.DataFrame, geoms: np.ndarray) -> list[dict[str, Any]]:
    """Buurt centres in SVG coordinates (1000 wide, north up) with a radius by dwellings at risk."""
    present = np.asarray(shapely.is_geometry(geoms), dtype=bool)
    if not present.any():
        return []
    centres = shapely.centroid(geoms[present])
    x, y = shapely.get_x(centres), shapely.get_y(centres)
    x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
    scale = 900.0 / max(x1 - x0, y1 - y0, 1.0)
    risk = frame.loc[present, "dwellings_at_risk"].to_numpy(dtype=float)
    radius = 2.0 + 8.0 * np.sqrt(risk / max(risk.max(), 1.0))
    sub = frame.loc[present]
    return [
        {
            "x": round(50 + (xi - x0) * scale, 1),
            "y": round(50 + (y1 - yi) * scale, 1),
            "r": round(r, 1),
            "warranted": bool(w),
            "title": f"{name} ({code}): {risk_n} woningen met risico"
            + (", wijkaanpak aangewezen" if w else ""),
        }
        for xi, yi, r, w, name, code, risk_n in zip(
            x,
            y,
            radius,
            sub["warranted"],
            sub["name"],
            sub["buurtcode"],
            sub["dwellings_at_risk"],
            strict=True,
        )
    ]


def _eur(value: Any) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"€ {float(value) / 1e6:,.1f} mln".replace(",", " ").replace(".", ",")


def _pct(value: Any) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{100 * float(value):.0f} %"


_TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Screening: waar is een wijkaanpak aangewezen?</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; max-width: 80rem; }
.fictional { background: #fff3cd; border: 2px solid #8a6d00; padding: .5rem 1rem; font-weight: bold; }
table { border-collapse: collapse; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .5rem 0; }
th, td { border-bottom: 1px solid #bbb; padding: .25rem .5rem; vertical-align: top; }
th[scope=col] { background: #f0f0f0; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.yes { font-weight: bold; color: #8b0000; }
svg { max-width: 100%; height: auto; border: 1px solid #bbb; background: #fafafa; }
</style>
</head>
<body>
<h1>Screening: waar is een wijkaanpak aangewezen?</h1>
{% if fictional %}<p class="fictional" role="note">Let op: (een deel van) deze gegevens is FICTIEF.</p>{% endif %}
<p>{{ n }} buurten, {{ dwellings }} woningen; een wijkaanpak is aangewezen in <strong>{{ warranted }}</strong> {{ "buurt" if warranted == 1 else "buurten" }}.</p>
<h2>De regel</h2>
<p>Een wijkaanpak is aangewezen als (1) minstens {{ rule.min_at_risk }} woningen risico lopen
(funderingsherstel onvermijdelijk binnen de horizon), (2) dat minstens {{ share }} van de woningen is, en
(3) herstel per blok of vernieuwen een positief MKBA-saldo heeft tegenover niets doen. Zie docs/screening.md.
Exploitatie (GREX) en MKBA per scenario zoals <code>wijkaanpak evaluate</code> ze berekent; bedragen als netto contante waarde.</p>
<h2 id="map-title">Kaart</h2>
<svg viewBox="0 0 1000 1000" role="img" aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg">
<desc id="map-desc">Middelpunten van de buurten; gevulde rode cirkels: wijkaanpak aangewezen, open grijze cirkels: niet.
Hoe groter de cirkel, hoe meer woningen met risico. De tabel hieronder bevat dezelfde gegevens.</desc>
{% for p in points %}<circle cx="{{ p.x }}" cy="{{ p.y }}" r="{{ p.r }}" {% if p.warranted %}fill="#b2182b" fill-opacity="0.8" stroke="#67000d"{% else %}fill="none" stroke="#6e6e6e"{% endif %}><title>{{ p.title }}</title></circle>
{% endfor %}</svg>
<h2>Ranglijst</h2>
{% if truncated %}<p>De tabel toont de eerste {{ rows|length }} van {{ n }} buurten; screening.csv bevat ze alle.</p>{% endif %}
<table>
<caption>Buurten gerangschikt: aangewezen eerst, dan naar aantal woningen met risico</caption>
<thead><tr>
<th scope="col">#</th><th scope="col">Buurt</th><th scope="col">Code</th><th scope="col">Gemeente</th>
<th scope="col">Woningen</th><th scope="col">Met risico</th><th scope="col">Aandeel</th><th scope="col">Herstelkosten</th>
<th scope="col">GREX niets doen</th><th scope="col">GREX herstel</th><th scope="col">GREX vernieuwen</th>
<th scope="col">MKBA herstel</th><th scope="col">MKBA vernieuwen</th>
<th scope="col">Gesloten beurs</th><th scope="col">Huishoudens</th><th scope="col">Wijkaanpak</th><th scope="col">Waarom</th>
</tr></thead>
<tbody>
{% for r in rows %}<tr>
<td class="num">{{ r.rank }}</td><th scope="row">{{ r.name }}</th><td>{{ r.buurtcode }}</td><td>{{ r.municipality }}</td>
<td class="num">{{ r.dwellings }}</td><td class="num">{{ r.dwellings_at_risk }}</td><td class="num">{{ r.share }}</td><td class="num">{{ r.repair }}</td>
<td class="num">{{ r.ex_none }}</td><td class="num">{{ r.ex_repair }}</td><td class="num">{{ r.ex_renew }}</td>
<td class="num">{{ r.mkba_repair }}</td><td class="num">{{ r.mkba_renew }}</td>
<td class="num">{{ r.closed_purse }}</td><td>{{ r.households }}</td>
<td>{% if r.warranted %}<span class="yes">ja</span>{% else %}nee{% endif %}</td><td>{{ r.reason }}</td>
</tr>
{% endfor %}</tbody>
</table>
</body>
</html>
"""
)


def render_html(frame: pd.DataFrame, geoms: np.ndarray, rule: Rule) -> str:
    """The ranked summary page (Dutch, like the rest of the interface)."""
    shown = frame.head(HTML_ROWS)
    rows = [
        {
            "rank": r["rank"],
            "name": r["name"],
            "buurtcode": r["buurtcode"],
            "municipality": r["municipality"],
            "dwellings": r["dwellings"],
            "dwellings_at_risk": r["dwellings_at_risk"],
            "share": _pct(r["share_at_risk"]),
            "repair": _eur(r["repair_cost_eur"]),
            "ex_none": _eur(r["exploitation_all_none_eur"]),
            "ex_repair": _eur(r["exploitation_all_repair_eur"]),
            "ex_renew": _eur(r["exploitation_all_renew_eur"]),
            "mkba_repair": _eur(r["mkba_all_repair_eur"]),
            "mkba_renew": _eur(r["mkba_all_renew_eur"]),
            "closed_purse": _pct(r["closed_purse_share"]),
            "households": "bekend" if r["households_source"] == "known" else "standaard (aanname)",
            "warranted": bool(r["warranted"]),
            # Dutch, as the page (a result kept from before it had reason_nl: its English)
            "reason": r["reason_nl"] if isinstance(r.get("reason_nl"), str) else r["reason"],
        }
        for r in shown.to_dict(orient="records")
    ]
    return _TEMPLATE.render(
        n=len(frame),
        dwellings=int(frame["dwellings"].sum()) if len(frame) else 0,
        warranted=int(frame["warranted"].astype(bool).sum()) if len(frame) else 0,
        fictional=bool(frame["fictional"].astype(bool).any()) if len(frame) else False,
        rule=rule,
        share=f"{rule.min_share:.0%}",
        points=_map(frame, geoms),
        rows=rows,
        truncated=len(frame) > HTML_ROWS,
    )
