"""Accessible documents (issue #20): every PDF goes through ``report.pdf.write_pdf`` and is tagged
PDF/UA-1 with language and title; the report's charts have text alternatives from their data and
data tables; the interactive HTML report passes axe-core.

The interim report and the letters are checked in tests/web/test_participation.py, with the same
helper (tests/pdf_checks.py)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.pdf_checks import assert_accessible, loose_content, pdfua_findings, structure
from wijkaanpak.analysis.evaluate import context, evaluate_plan
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.plan import Intervention, Optimised, Plan
from wijkaanpak.report import figures
from wijkaanpak.report.document import Report, build_report
from wijkaanpak.report.pdf import InaccessiblePdfError, write_pdf
from wijkaanpak.texts import euro

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>ignored</title></head><body>
<h1>Overview</h1><p>One paragraph.</p>
<h2>Numbers</h2>
<table><thead><tr><th scope="col">plan</th><th scope="col">result</th></tr></thead>
<tbody><tr><th scope="row">renew</th><td>€ 1</td></tr></tbody></table>
{img}
</body></html>"""
DOT = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def test_write_pdf_makes_a_tagged_pdfua_document_with_language_and_title(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    html = PAGE.format(img=f'<img src="{DOT}" alt="A dot">')
    data = write_pdf(html, target, lang="en", title="Test document")
    assert target.read_bytes() == data
    found = assert_accessible(data, lang="en", title="Test document")  # the argument, not <title>
    assert found.alts == ["A dot"]
    assert sorted(found.header_scopes) == ["/Column", "/Column", "/Row"]
    assert found.bookmarks == ["Overview", "Numbers"]  # from the headings


def test_page_numbers_are_pagination_artifacts_not_loose_tagged_content() -> None:
    """WeasyPrint 70 tags the page margins' text (here the page number) as marked content of
    structure elements it leaves outside the structure tree; write_pdf marks it as an artifact."""
    from weasyprint import HTML

    numbered = PAGE.format(img="").replace(
        "<title>",
        '<style>@page { @bottom-right { content: "page " counter(page) } }</style><title>',
    )
    numbered = numbered.replace("<h2>", '<h2 style="break-before: page">')  # two pages
    data = write_pdf(numbered, None, lang="en", title="Numbered")
    assert loose_content(data) == (0, 2)  # one artifact per page, nothing outside the tree
    assert_accessible(data, lang="en", title="Numbered")
    plain = HTML(string=numbered).write_pdf(pdf_variant="pdf/ua-1")
    assert loose_content(plain) == (2, 0)  # what WeasyPrint alone makes


def test_the_checks_fail_on_a_pdf_written_without_write_pdf() -> None:
    from weasyprint import HTML

    plain = HTML(string=PAGE.format(img="")).write_pdf()
    with pytest.raises(KeyError):  # no /MarkInfo, no structure tree
        assert_accessible(plain, lang="nl", title="ignored")
    assert any("UA-01" in f for f in pdfua_findings(plain))  # the second checker agrees


def test_an_image_without_alt_text_is_refused() -> None:
    with pytest.raises(InaccessiblePdfError, match="alt"):
        write_pdf(PAGE.format(img=f'<img src="{DOT}">'), None, lang="nl", title="x")
    with pytest.raises(InaccessiblePdfError, match="lang"):
        write_pdf(PAGE.format(img=""), None, lang="fr", title="x")
    with pytest.raises(InaccessiblePdfError, match="title"):
        write_pdf(PAGE.format(img=""), None, lang="nl", title=" ")


def test_only_report_pdf_calls_weasyprint() -> None:
    """Every PDF goes through write_pdf: no other module imports WeasyPrint."""
    users = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "src").rglob("*.py")
        if re.search(r"^\s*(from|import) weasyprint", p.read_text("utf-8"), re.M)
    ]
    assert users == ["src/wijkaanpak/report/pdf.py"]


#: What `optimise --out` records with a plan (values made up: the report shows its own).
PROPOSED = Optimised(
    objective="mkba",
    constraints={"max_deficit": 1_000_000.0, "capacity": 0.0},
    linear_objective_eur=600_000.0,
    exact_objective_eur=650_000.0,
)


@pytest.fixture(scope="module")
def mini_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    plan = Plan(
        name="vernieuw",
        default=Intervention(intervention="renew", densification=1.5),
        optimiser=PROPOSED,
    )
    return build_report(
        read_neighbourhood(EXAMPLES / "mini"),
        load_assumptions(),
        ["all-repair", plan],
        tmp_path_factory.mktemp("mini"),
        risk_draws=12,
    )


def test_the_council_report_pdf_is_accessible(mini_report: Report) -> None:
    data = mini_report.pdf.read_bytes()
    found = assert_accessible(data, lang="nl", title="Wijkaanpak funderingen — Miniwijk")
    # every chart is a figure: 3 neighbourhood maps, 2 plan maps, curve, cash flow, gaps,
    # tornado, 4 risk charts
    assert len(found.alts) == 13
    # each says its key numbers, or that there is nothing to show (too few households or draws)
    assert all(re.search(r"\d", alt) or " geen " in alt for alt in found.alts), found.alts
    assert sum(" geen " in alt for alt in found.alts) == 2
    for chapter in ("De wijk", "De plannen op de kaart", "Gevoeligheid", "Bijlage: alle aannames"):
        assert any(b.startswith(chapter) for b in found.bookmarks), chapter
    assert "Bijlage: gegevens bij de figuren" in found.bookmarks


def test_an_optimiser_proposal_is_labelled_and_set_beside_the_other_plans(
    mini_report: Report,
) -> None:
    """A plan the optimiser proposed (a saved proposal in the web app's report, a plan file from
    `optimise --out`) is marked in every table and compared on its objective and constraints."""
    html = mini_report.html.read_text("utf-8")
    assert html.count("(voorstel optimalisatie)") == 3  # the overview, MKBA and actor tables
    assert '<h2 class="page">Voorgestelde plannen (optimalisatie)</h2>' in html
    plan = Plan(name="vernieuw", default=Intervention(intervention="renew", densification=1.5))
    now = evaluate_plan(plan, context(EXAMPLES / "mini")).evaluation.mkba.balance
    # the report's own figure, and that it differs from the one recorded with the plan
    assert f"In dit rapport is het {euro(now)}: de wijk of de aannames zijn sindsdien" in html
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>(?:<td[^>]*>[^<]*</td>)*?'
        r'<td data-key="proposal:holds">([^<]*)<',
        html,
    )
    holds = dict(rows)
    # the renewal's deficit (€ 1,16 mln) breaks the recorded € 1 mln limit; block repair has none
    assert holds["vernieuw (dit voorstel)"] == "nee: tekort gemeente ≤ € 1.000.000"
    assert holds["all-repair"] == "ja"


def test_each_chart_refers_to_its_data_table(mini_report: Report) -> None:
    html = mini_report.html.read_text("utf-8")
    links = set(re.findall(r'<a href="#(tabel-[a-z_]+)">', html))
    assert links == {
        "tabel-blocks",
        "tabel-sweep",
        "tabel-cashflow",
        "tabel-gaps",
        "tabel-tornado",
        "tabel-risk_quantiles",
        "tabel-risk_hist",
        "tabel-risk_contrib",
    }
    for target in links:
        assert f'id="{target}"' in html
    assert html.count("<figcaption>") == 13 and html.count('<figure class="chart"') == 13


def test_chart_text_is_computed_from_the_charts_data() -> None:
    # hand-made: 3 blocks on wooden piles, 1 on concrete
    blocks = pd.Series(["houten palen", "betonpalen", "houten palen", "houten palen"])
    assert figures.category_map_text(blocks, "fundering", ["houten palen", "betonpalen"]) == (
        "Kaart van 4 blokken naar fundering. houten palen: 3 blokken; betonpalen: 1 blok."
    )
    sinking = pd.Series([2.0, 8.0, 5.0], index=["A", "B", "C"])
    text = figures.quantity_map_text(sinking, "bodemdaling", top=1)
    assert "van 2,0 tot 8,0, gemiddeld 5,0" in text and "B (8,0)" in text
    # the curve: the best factor under the cap is 1,50× at € -1,0 mln
    sweep = pd.DataFrame(
        {
            "densification": [1.0, 1.5, 2.0],
            "exploitation_npv_eur": [-3e6, -1e6, 0.5e6],
            "within_cap": [True, True, False],
            "best_under_cap": [False, True, False],
        }
    )
    assert "Beste factor binnen het plafond (dikke stip): 1,50× met € -1,0 mln" in (
        figures.sweep_text(sweep, 1.6)
    )
    assert figures.sweep_table(sweep).rows[1] == ["1,50×", "€ -1.000.000", "ja", "ja"]
    # the cash flow: costs 3 + 1 mln in 2026, revenue 5 mln in 2027 → cumulative −4, then +1
    flow = pd.DataFrame(
        {2026: [-3e6, -1e6, 0.0], 2027: [0.0, 0.0, 5e6]}, index=["bouw", "sloop", "grond"]
    )
    text = figures.cashflow_text(flow, {})
    assert "Grootste kostenpost over alle jaren: bouw (€ -3,0 mln)" in text
    assert "Laagste cumulatieve saldo: € -4,0 mln in 2026; aan het eind € 1,0 mln" in text
    table = figures.cashflow_table(flow, {})
    assert table.columns == ["jaar", "bouw", "sloop", "grond", "saldo", "cumulatief"]
    assert table.rows[0] == ["2026", "-3,00", "-1,00", "0,00", "-4,00", "-4,00"]
    # the risk histogram's table has the same bins as the chart draws
    x = np.array([1.0, 2.0, 2.5, 9.0]) * 1e6
    bins = figures.histogram_counts(x, bins=4)
    assert bins["draws"].tolist() == [3, 0, 0, 1]
    assert "Het vaakst (3 keer): € 1,0 mln tot € 3,0 mln" in figures.histogram_text(bins, "x")


def test_the_html_report_passes_axe_core(mini_report: Report) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        page = browser.new_page()
        page.goto(mini_report.html.as_uri())
        page.locator("#risk_mkba_scurve svg").first.wait_for(timeout=20_000)
        results = Axe().run(page)
        # each chart (an SVG in a role="graphics-document") has the text alternative as its name
        label = page.locator("#sweep").get_attribute("aria-label") or ""
        browser.close()
    assert results.violations_count == 0, results.generate_report()
    assert label.startswith("Lijn van het exploitatieresultaat")


def test_structure_of_the_voorbeeldwijk_report_has_real_table_headers(tmp_path: Path) -> None:
    """The keuze- en gevolgenoverzicht: row headers per figure, column headers per plan."""
    report = build_report(
        read_neighbourhood(EXAMPLES / "mini"), load_assumptions(), ["all-repair"], tmp_path, 0
    )
    found = structure(report.pdf.read_bytes())
    assert found.header_scopes.count("/Row") > found.header_scopes.count("/Column") > 0
    assert found.roles["/TH"] == len(found.header_scopes)
