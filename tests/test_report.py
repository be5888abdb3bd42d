"""The council report (issue #5): builds, shows the engine's figures, has its pages, exports an
auditable xlsx, and suppresses small groups."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import EXAMPLES
from tests.pdf_checks import assert_accessible
from wijkaanpak.analysis.evaluate import evaluate_plan
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.inputs import prepare
from wijkaanpak.model.plan import Intervention, Plan
from wijkaanpak.report import charts
from wijkaanpak.report.document import Report, build_report, overview
from wijkaanpak.texts import euro


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Report:
    out = tmp_path_factory.mktemp("rapport")
    return build_report(read_neighbourhood(), load_assumptions(), None, out, xlsx=True)


def test_html_shows_the_engines_figures(built: Report) -> None:
    html = built.html.read_text("utf-8")
    assert "FICTIEVE wijk" in html
    for plan, figures in built.figures.items():
        engine = evaluate_plan(plan)
        assert figures["exploitation_npv"] == pytest.approx(engine.exploitation_npv)
        assert euro(engine.exploitation_npv) in html  # Dutch formatting: € -226.619.560
        assert euro(engine.societal_npv) in html
    assert "formatLocale" in html and '<div id="map_foundation">' in html  # embedded charts, no CDN
    assert "https://cdn" not in html


def test_the_mkba_chapter_shows_both_tables_with_the_engines_figures(built: Report) -> None:
    import re

    html = built.html.read_text("utf-8")
    assert "Maatschappelijke kosten-batenanalyse (MKBA)" in html
    balances = re.findall(r'data-key="mkba:balance">([^<]+)<', html)
    totals = re.findall(r'data-key="distribution:total">([^<]+)<', html)
    expected = [euro(evaluate_plan(p).evaluation.mkba.balance) for p in built.figures]
    assert balances == expected and totals == expected  # the distribution sums to the balance
    assert html.count('data-key="mkba:health_stress">PM<') == len(built.figures)
    # the keuze- en gevolgenoverzicht leads with the MKBA balance and keeps maintenance apart
    assert html.index('data-key="societal_npv"') < html.index('data-key="exploitation_npv"')
    assert 'data-key="maintenance_npv"' in html


def test_the_risk_chapter_shows_the_spread_of_the_focus_plan(built: Report) -> None:
    import re

    html = built.html.read_text("utf-8")
    assert "Risico — all-renew" in html  # the focus plan: the first plan with renewal
    cells = re.findall(r'data-key="risk:exploitation">€ ([^<]+)<', html)
    values = [float(c.replace(".", "")) for c in cells]
    point, _, p10, p50, p90, p95 = values
    assert p10 <= p50 <= p90 <= p95 and p10 < point < p90  # a spread around the point estimate
    assert point == pytest.approx(evaluate_plan("all-renew").exploitation_npv, abs=1)
    risk = built.risk
    assert risk["risk_reserve"] > 0 and 0 < risk["p_exceed"] < 1


def test_a_hostile_plan_name_cannot_run_script_in_the_report(tmp_path: Path) -> None:
    hostile = "x</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    plan = Plan(name=hostile, default=Intervention(intervention="repair"))
    report = build_report(
        read_neighbourhood(EXAMPLES / "mini"), load_assumptions(), [plan], tmp_path, risk_draws=0
    )
    html = report.html.read_text("utf-8")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert html.count("</script>") == html.count("<script")  # no block ends early
    assert "x&lt;/script&gt;" in html  # shown as text in the tables
    assert '<script type="application/json" id="report-specs">' in html


def test_the_interactive_report_draws_its_charts_and_runs_no_injected_script(
    tmp_path: Path,
) -> None:
    from playwright.sync_api import sync_playwright

    hostile = Plan(
        name="x</script><script>alert(1)</script>",
        default=Intervention(intervention="renew", densification=1.5),
    )
    report = build_report(
        read_neighbourhood(EXAMPLES / "mini"), load_assumptions(), [hostile], tmp_path, risk_draws=8
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        page = browser.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(report.html.as_uri())
        page.locator("#map_plan_0 svg, #map_plan_0 canvas").first.wait_for(timeout=15_000)
        assert page.locator("#risk_scurve svg, #risk_scurve canvas").count() == 1
        browser.close()
    assert dialogs == [] and errors == []


def test_pdf_has_the_expected_pages(built: Report) -> None:
    reader = PdfReader(str(built.pdf))
    text = [page.extract_text() for page in reader.pages]
    assert len(reader.pages) >= 8
    assert "keuze- en gevolgenoverzicht" in text[0]
    joined = "\n".join(text)
    for heading in (
        "De wijk",
        "De plannen op de kaart",
        "Verdichting en exploitatie",
        "nieuw voor oud",
        "Gevoeligheid",
        "Bijlage: alle aannames",
    ):
        assert heading in joined, heading
    assert "FICTIEVE" in text[0]


def test_pdf_is_tagged_pdfua_with_text_alternatives_and_chapter_bookmarks(built: Report) -> None:
    """Issue #20: tagged PDF/UA-1 in Dutch; every chart a figure with its text alternative."""
    found = assert_accessible(
        built.pdf.read_bytes(), lang="nl", title="Wijkaanpak funderingen — Voorbeeldwijk"
    )
    # 3 neighbourhood maps, 4 plan maps, curve, cash flow, gaps, tornado, 4 risk charts
    assert len(found.alts) == 15
    assert found.alts[0].startswith("Kaart van 92 blokken naar fundering")
    chapters = [b for b in found.bookmarks if b.startswith(("De wijk", "Gevoeligheid", "Bijlage"))]
    assert chapters == [
        "De wijk",
        "Gevoeligheid",
        "Bijlage: gegevens bij de figuren",
        "Bijlage: alle aannames",
    ]


def test_xlsx_totals_and_npv_are_live_formulas(built: Report) -> None:
    assert built.xlsx is not None
    wb = load_workbook(built.xlsx)
    engine = evaluate_plan("all-renew")
    ws = wb["3 all-renew"]
    header = [c.value for c in ws[5]]
    years = header[1:-2]
    assert years[0] == 2026 and header[-2:] == ["Totaal", "NCW"]
    rows = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1)}
    saldo = rows["Saldo"]
    # formulas, not values: an analyst can trace them
    assert (
        ws.cell(saldo, len(header)).value
        == f"=NPV($B$2,B{saldo}:{ws.cell(saldo, len(years) + 1).column_letter}{saldo})"
    )
    assert str(ws.cell(6, len(header) - 1).value).startswith("=SUM(B6:")
    # the item values sum per year to the engine's exploitation flows; NPV by the same rule as Excel's NPV()
    values = np.array(
        [[ws.cell(r, c).value for c in range(2, 2 + len(years))] for r in range(6, saldo)],
        dtype=float,
    )
    yearly = values.sum(axis=0)
    assert yearly == pytest.approx(
        engine.exploitation.sum(axis=0).to_numpy(), abs=0.1 * len(values)
    )
    rate = ws["B2"].value
    excel_npv = float(np.sum(yearly / (1 + rate) ** np.arange(1, len(years) + 1)))
    assert excel_npv == pytest.approx(engine.exploitation_npv, rel=1e-6)
    assert wb["Overzicht"]["B4"].value == "='3 all-renew'!" + ws.cell(saldo, len(header)).coordinate


def test_small_groups_are_suppressed() -> None:
    gaps = np.array([10_000.0] * 7 + [260_000.0] * 2)  # 7 in the first bin, 2 in a later one
    spec, hidden = charts.gap_distribution(gaps)
    shown = (
        spec["data"]["values"]
        if "values" in spec.get("data", {})
        else next(iter(spec["datasets"].values()))
    )
    assert hidden == 2
    assert all(row["households"] >= charts.MIN_GROUP for row in shown)
    # a plan that renews one block of the mini neighbourhood moves 2 owner households: shown as "< 5"
    inp = prepare(read_neighbourhood(EXAMPLES / "mini"), load_assumptions())
    plan = Plan(
        name="B",
        default=Intervention(intervention="none"),
        blocks={"B": Intervention(intervention="renew", densification=1.5)},
    )
    rows = {r["key"]: r["values"] for r in overview([evaluate_plan(plan, inp)])}
    assert rows["closed_purse"] == ["< 5"] and rows["owner_households"] == ["< 5"]


def test_report_command_writes_the_files(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from wijkaanpak.cli.main import app

    result = CliRunner().invoke(
        app,
        [
            "report",
            "--neighbourhood",
            str(EXAMPLES / "mini"),
            "--plan",
            "all-repair",
            "--plan",
            "all-renew",
            "--out",
            str(tmp_path),
            "--xlsx",
        ],
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == {
        "rapport.html",
        "rapport.pdf",
        "exploitatie.xlsx",
    }
    bad = CliRunner().invoke(app, ["report", "--plan", "nope", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "no such plan file" in bad.stderr


def test_an_optimised_plan_file_is_a_proposal_in_the_report_in_english(tmp_path: Path) -> None:
    """The analyst's way (issue #15 §4, #20): `optimise --out` writes a plan file that says it is
    the optimiser's proposal; `report --plan … --lang en` shows it beside the other plans on its
    objective and constraints, in an English, tagged PDF that declares /Lang en."""
    import re

    from typer.testing import CliRunner

    from wijkaanpak.analysis.evaluate import context
    from wijkaanpak.cli.main import app
    from wijkaanpak.io.plans import load_plan

    mini = str(EXAMPLES / "mini")
    plan = tmp_path / "voorstel.yaml"
    made = CliRunner().invoke(
        app, ["optimise", "-n", mini, "--max-deficit", "2000000", "--out", str(plan)]
    )
    assert made.exit_code == 0, made.output
    assert "optimiser:" in plan.read_text("utf-8")
    out = tmp_path / "en"
    args = ["report", "-n", mini, "--plan", "all-repair", "--plan", str(plan), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--lang", "en", "--risk-draws", "8"])
    assert result.exit_code == 0, result.output

    title = "Neighbourhood approach to foundations — Miniwijk"
    found = assert_accessible((out / "rapport.pdf").read_bytes(), lang="en", title=title)
    for chapter in ("Summary: choices and their consequences", "Proposed plans (optimiser)"):
        assert chapter in found.bookmarks
    assert "Appendix: all assumptions" in found.bookmarks
    html = (out / "rapport.html").read_text("utf-8")
    assert html.startswith('<!doctype html>\n<html lang="en">')
    proposal = evaluate_plan(load_plan(str(plan)), context(EXAMPLES / "mini"))
    row = re.search(r'<th scope="row">optimised-mkba \(this proposal\)</th>(.*?)</tr>', html)
    assert row is not None
    cells = re.findall(r'<td data-key="proposal:[^"]+">([^<]*)</td>', row.group(1))
    assert cells[0] == euro(proposal.evaluation.mkba.balance, "en")  # € 679,757: English notation
    assert cells[-1] == "yes"  # within its deficit limit and capacity on the exact engine
    assert "municipal deficit ≤ € 2,000,000" in html
    # the figure recorded by `optimise` is the report's: the same engine, inputs and plan
    assert f"In this report it is the same: {euro(proposal.evaluation.mkba.balance, 'en')}." in html
    text = "\n".join(p.extract_text() for p in PdfReader(str(out / "rapport.pdf")).pages)
    for dutch in ("Samenvatting", "Bijlage", "Gevoeligheid", "Kengetal", "pagina", "Kaart van"):
        assert dutch not in text, dutch
    assert "page 1 of" in text and "Map of 2 blocks by foundation" in text


def test_every_text_of_the_report_has_an_english_translation() -> None:
    """The report's Dutch texts (the message ids: string literals passed to Words in the report's
    code and to _() in its template) all have an English translation, so an English report never
    falls back to Dutch; rendering one (above) checks the texts built at run time."""
    import ast
    import re

    import wijkaanpak.report
    from wijkaanpak.analysis.sensitivity import MAIN
    from wijkaanpak.report import pareto_chart
    from wijkaanpak.report.translations import EN

    folder = Path(wijkaanpak.report.__file__).parent
    used: set[str] = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            words = (isinstance(func, ast.Name) and func.id == "w") or (
                isinstance(func, ast.Call) and getattr(func.func, "id", "") == "Words"
            )
            first = node.args[0]
            if words and isinstance(first, ast.Constant) and isinstance(first.value, str):
                used.add(first.value)
    template = (folder / "templates" / "report.html.j2").read_text("utf-8")
    used |= set(re.findall(r'_\("((?:[^"\\]|\\.)*)"', template))
    used |= set(re.findall(r"_\('([^']*)'\)", template))
    used |= {*MAIN.values(), *pareto_chart._TITLES.values(), *pareto_chart._SHORT.values()}
    assert len(used) > 150  # the scan sees the report's texts
    missing = sorted(used - set(EN))
    assert not missing, missing


def test_maps_carry_a_label_on_every_block_besides_the_colour() -> None:
    """WCAG 1.4.1: a category map draws each block's code and the legend names it; a map of a
    quantity draws each block's value."""
    import re

    import pandas as pd
    import vl_convert as vlc

    nbh = read_neighbourhood(EXAMPLES / "mini")
    found = pd.Series(["houten palen", "betonpalen"], index=nbh.blocks.index)
    codes = {"betonpalen": "B", "houten palen": "H"}
    spec = charts.block_map(nbh, found, "Fundering", "fundering", codes=codes)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", vlc.vegalite_to_svg(spec))
    assert texts.count("H") == 1 and texts.count("B") == 1  # one label per block
    assert "H = houten palen" in texts and "B = betonpalen" in texts  # the legend
    sinking = pd.Series([2.4, 7.0], index=nbh.blocks.index)
    spec = charts.block_map(nbh, sinking, "Bodemdaling", "mm/jr", quantitative=True)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", vlc.vegalite_to_svg(spec))
    assert "2,4" in texts and "7,0" in texts  # Dutch notation, one decimal
    labels = charts.block_labels(nbh, sinking, None, "en")
    assert labels["label"].tolist() == ["2.4", "7.0"]
    assert labels["ink"].tolist() == ["black", "white"]  # white on the dark end of the scale
