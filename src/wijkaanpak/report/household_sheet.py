"""The kitchen-table overview in plain language: the same sections for the one-page PDF per household,
the team's household page and the resident's own page (issue #13 §3).

:func:`sections` turns an overview (:func:`wijkaanpak.analysis.household_overview.overview`) into
headed paragraphs and tables of text in Dutch or English; the PDF template and the web templates
only lay them out, so the wording lives in one place. Sentences are short; the terms that must
stay are explained in a glossary at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from wijkaanpak.texts import euro

TEMPLATES = Path(__file__).parent / "templates"

_NL: dict[str, str] = {
    "title": "Uw woning en het plan ‘{plan}’",
    "estimate": "Dit is een schatting. Die rust op gegevens die deels geschat zijn. "
    "Klopt iets niet? Verbeter het op uw eigen pagina of vertel het het projectteam. "
    "Dan rekenen wij opnieuw.",
    "what": "Wat gebeurt er met uw woning?",
    "none": "In dit plan doet het project niets aan uw blok.",
    "none_critical": "Volgens de gegevens moet uw fundering rond {year} hersteld worden. "
    "Dat moet u dan zelf regelen en betalen.",
    "repair": "De fundering van uw hele blok wordt hersteld. Dat gebeurt in {start}.",
    "renew": "Uw blok wordt vernieuwd: de woningen worden gesloopt en er komen nieuwe. "
    "Dat begint in {start}. De nieuwe woningen zijn klaar in {ready}.",
    "meanwhile": "Waar woont u in de tussentijd?",
    "temporary_home": "In een tijdelijke woning (wisselwoning), ongeveer {months} maanden. "
    "Het project betaalt de huur.",
    "rehoused_by_landlord": "Uw verhuurder zoekt een andere woning voor u. U krijgt een "
    "verhuisvergoeding.",
    "elsewhere_during_repair": "U kunt ongeveer {months} maanden niet in uw woning wonen. {who}",
    "paid_household": "U regelt zelf waar u dan woont.",
    "paid_landlord": "Uw verhuurder regelt dit met u.",
    "swap": "Kunt u terugkeren zonder er geld bij te doen?",
    "closed_yes": "Ja. Met de opbrengst van uw huidige woning en een hypotheek kunt u de nieuwe "
    "woning kopen. Uw woonlasten worden niet hoger.",
    "closed_no": "Nog niet. Er is een tekort van {gap}. Hieronder staat wat kan helpen.",
    "row_equity": "Uw huidige woning: waarde min uw hypotheek (overwaarde)",
    "row_new_home": "Nieuwe woning",
    "row_price": "Prijs van de nieuwe woning",
    "row_required": "Lening die u nodig hebt",
    "row_max": "Lening die u mag krijgen",
    "row_before": "Woonlasten per maand nu",
    "row_after": "Woonlasten per maand straks",
    "row_gap": "Tekort",
    "ground_bound_home": "eengezinswoning",
    "apartment_home": "appartement",
    "repair_title": "Wat kost het herstel u, en hoe betaalt u het?",
    "row_share": "Uw deel van de kosten",
    "row_savings": "Uit spaargeld",
    "row_mortgage": "Uit extra hypotheek",
    "row_fund": "Met een funderingslening van het Fonds",
    "row_support": "Wat u niet kunt betalen",
    "block_ok": "Iedereen in uw blok kan zijn deel betalen. Het herstel kan doorgaan.",
    "block_not": "Niet iedereen in uw blok kan zijn deel betalen. Het hele blok moet meedoen. "
    "Zonder hulp kan het herstel dus niet doorgaan.",
    "options": "Wat kan helpen?",
    "options_intro": "Elke mogelijkheid apart berekend. Ze zijn ook te combineren.",
    "col_option": "Mogelijkheid",
    "col_closes": "Tekort kleiner met",
    "col_monthly": "Woonlasten per maand",
    "col_left": "Tekort dat overblijft",
    "counted": "(al meegeteld)",
    "ground_lease": "De grond in erfpacht: u koopt alleen het huis en betaalt jaarlijks "
    "voor de grond",
    "smaller_home": "Een appartement in plaats van een eengezinswoning",
    "return_discount": "Extra korting voor terugkeerders",
    "deferred_loan": "Een lening waarop u de eerste jaren niets betaalt (zoals de "
    "Starterslening). Daarna betaalt u wat past bij uw inkomen",
    "social_rent": "Een nieuwe sociale huurwoning huren. U krijgt uw overwaarde uitbetaald",
    "energy_label_amount": "Extra leenruimte omdat de nieuwe woning zuinig is",
    "repair_fund": "Funderingslening van het Fonds Duurzaam Funderingsherstel",
    "fund_maatwerk": "Maatwerklening van het Fonds: eerst enkele jaren niets betalen",
    "municipal_support": "Een bijdrage van de gemeente",
    "glossary": "Woordenlijst",
    "g_closed": "Met gesloten beurzen: u hoeft geen spaargeld in te leggen en uw woonlasten "
    "stijgen niet.",
    "g_equity": "Overwaarde: wat uw woning waard is min wat u nog moet aflossen.",
    "g_nhg": "NHG (Nationale Hypotheek Garantie): een garantie op uw hypotheek. U betaalt "
    "eenmalig een kleine vergoeding en krijgt meestal een lagere rente.",
    "g_lease": "Erfpacht: u bent eigenaar van het huis, de gemeente van de grond. U betaalt "
    "een jaarlijks bedrag voor de grond (canon).",
    "footer": "Huishouden {household} · blok {block} · plan {plan}. Gemaakt met wijkaanpak.",
}

_EN: dict[str, str] = {
    "title": "Your home and the plan ‘{plan}’",
    "estimate": "This is an estimate. It rests on data that is partly estimated. "
    "Is something wrong? Correct it on your own page or tell the project team. "
    "We will then calculate again.",
    "what": "What happens to your home?",
    "none": "In this plan the project does nothing to your block.",
    "none_critical": "According to the data, your foundation needs repair around {year}. "
    "You would then have to arrange and pay for it yourself.",
    "repair": "The foundation of your whole block is repaired. This happens in {start}.",
    "renew": "Your block is renewed: the homes are demolished and new ones are built. "
    "This starts in {start}. The new homes are ready in {ready}.",
    "meanwhile": "Where do you live in the meantime?",
    "temporary_home": "In a temporary home, for about {months} months. The project pays the rent.",
    "rehoused_by_landlord": "Your landlord finds another home for you. You receive a "
    "moving allowance.",
    "elsewhere_during_repair": "You cannot live in your home for about {months} months. {who}",
    "paid_household": "You arrange where you live during that time.",
    "paid_landlord": "Your landlord arranges this with you.",
    "swap": "Can you return without paying extra?",
    "closed_yes": "Yes. With what your current home brings and a mortgage you can buy the new "
    "home. Your monthly housing costs do not go up.",
    "closed_no": "Not yet. There is a shortfall of {gap}. Below is what can help.",
    "row_equity": "Your current home: value minus your mortgage (equity)",
    "row_new_home": "New home",
    "row_price": "Price of the new home",
    "row_required": "Loan you need",
    "row_max": "Loan you may get",
    "row_before": "Housing costs per month now",
    "row_after": "Housing costs per month later",
    "row_gap": "Shortfall",
    "ground_bound_home": "house",
    "apartment_home": "apartment",
    "repair_title": "What does the repair cost you, and how do you pay?",
    "row_share": "Your share of the costs",
    "row_savings": "From savings",
    "row_mortgage": "From an extra mortgage",
    "row_fund": "With a foundation loan from the Fund",
    "row_support": "What you cannot pay",
    "block_ok": "Everyone in your block can pay their share. The repair can go ahead.",
    "block_not": "Not everyone in your block can pay their share. The whole block must take "
    "part, so without help the repair cannot go ahead.",
    "options": "What can help?",
    "options_intro": "Each option is calculated on its own. They can also be combined.",
    "col_option": "Option",
    "col_closes": "Shortfall smaller by",
    "col_monthly": "Housing costs per month",
    "col_left": "Shortfall left",
    "counted": "(already counted)",
    "ground_lease": "The land on ground lease: you buy only the house and pay yearly for the land",
    "smaller_home": "An apartment instead of a house",
    "return_discount": "An extra discount for returning owners",
    "deferred_loan": "A loan with no payments in the first years (like the Starterslening). "
    "After that you pay what fits your income",
    "social_rent": "Rent a new social-rent home. Your equity is paid out to you",
    "energy_label_amount": "Extra borrowing room because the new home is energy-efficient",
    "repair_fund": "Foundation loan from the Fonds Duurzaam Funderingsherstel",
    "fund_maatwerk": "Tailored loan from the Fund: no payments for the first years",
    "municipal_support": "A contribution from the municipality",
    "glossary": "Glossary",
    "g_closed": "Closed purses: you do not put in savings and your housing costs do not rise.",
    "g_equity": "Equity: what your home is worth minus what you still owe on it.",
    "g_nhg": "NHG (national mortgage guarantee): a guarantee on your mortgage. You pay a small "
    "one-off fee and usually get a lower rate.",
    "g_lease": "Ground lease: you own the house, the municipality owns the land. You pay a "
    "yearly amount for the land (canon).",
    "footer": "Household {household} · block {block} · plan {plan}. Made with wijkaanpak.",
}

WORDS = {"nl": _NL, "en": _EN}


@dataclass
class Section:
    """A headed part of the sheet: paragraphs, then a table of (label, value) rows or a table with
    a header row."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)


def sections(ov: dict[str, Any], lang: str = "nl") -> tuple[str, list[Section], str]:
    """Title, sections and footer of the overview ``ov`` in ``lang`` (nl or en)."""
    w = WORDS[lang]

    def money(x: float) -> str:
        return euro(_round(x), lang)

    out = [Section(w["what"], [w["estimate"]])]
    what = out[0].paragraphs
    kind = ov["intervention"]
    if kind == "none":
        what.insert(0, w["none"])
        if ov.get("critical_year"):
            what.insert(1, w["none_critical"].format(year=ov["critical_year"]))
    else:
        what.insert(0, w[kind].format(start=ov["start_year"], ready=ov["ready_year"]))
        m = ov["meanwhile"]
        who = w["paid_household"] if m["paid_by"] == "household" else w["paid_landlord"]
        months = "" if m["months"] is None else f"{m['months']:.0f}"
        out.append(Section(w["meanwhile"], [w[m["where"]].format(months=months, who=who)]))
    if ov["swap"]:
        s = ov["swap"]
        verdict = (
            w["closed_yes"] if s["closed_purse"] else w["closed_no"].format(gap=money(s["gap_eur"]))
        )
        rows = [
            (w["row_equity"], money(s["equity_eur"])),
            (w["row_new_home"], w[f"{s['new_home']}_home"]),
            (w["row_price"], money(s["price_eur"])),
            (w["row_required"], money(s["required_loan_eur"])),
            (w["row_max"], money(s["max_loan_eur"])),
            (w["row_before"], money(s["monthly_before_eur"])),
            (w["row_after"], money(s["monthly_after_eur"])),
            (w["row_gap"], money(s["gap_eur"])),
        ]
        out.append(Section(w["swap"], [verdict], rows))
    if ov["repair"]:
        r = ov["repair"]
        rows = [
            (w["row_share"], money(r["share_eur"])),
            (w["row_savings"], money(r["from_savings_eur"])),
            (w["row_mortgage"], money(r["from_mortgage_eur"])),
            (w["row_fund"], money(r["from_fund_eur"])),
            (w["row_support"], money(r["support_eur"])),
        ]
        out.append(
            Section(
                w["repair_title"], [w["block_ok" if r["block_feasible"] else "block_not"]], rows
            )
        )
    if ov["options"]:
        header = [w["col_option"], w["col_closes"], w["col_monthly"], w["col_left"]]
        table = [
            [
                w[o["instrument"]] + (" " + w["counted"] if o["counted"] else ""),
                money(o["closes_eur"]),
                money(o["monthly_eur"]),
                money(o["gap_after_eur"]),
            ]
            for o in ov["options"]
        ]
        out.append(Section(w["options"], [w["options_intro"]], header=header, table=table))
    out.append(Section(w["glossary"], [w["g_closed"], w["g_equity"], w["g_nhg"], w["g_lease"]]))
    title = w["title"].format(plan=ov["plan"])
    footer = w["footer"].format(household=ov["household_id"], block=ov["block_id"], plan=ov["plan"])
    return title, out, footer


def _round(x: float) -> float:
    """Sensible rounding for residents: tens below 1,000, hundreds above."""
    return round(x, -1) if abs(x) < 1_000 else round(x, -2)


def render_html(ov: dict[str, Any], lang: str = "nl") -> str:
    """The one-page sheet as a standalone HTML document (autoescaped)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    title, parts, footer = sections(ov, lang)
    return env.get_template("household.html.j2").render(
        lang=lang, title=title, sections=parts, footer=footer
    )


def pdf_bytes(ov: dict[str, Any], lang: str = "nl") -> bytes:
    """The one-page PDF of ``ov``: tagged PDF/UA-1 with its language and title
    (:func:`wijkaanpak.report.pdf.write_pdf`)."""
    from wijkaanpak.report.pdf import write_pdf

    title, _parts, _footer = sections(ov, lang)
    return write_pdf(render_html(ov, lang), None, lang=lang, title=title)


def write_sheet(ov: dict[str, Any], target: Path, lang: str = "nl") -> Path:
    """Write the one-page PDF of ``ov`` to ``target``."""
    target.write_bytes(pdf_bytes(ov, lang))
    return target


def file_name(*parts: str) -> str:
    """A PDF file name from ``parts`` joined by dashes: ASCII letters, digits, dash and underscore
    only (ids and plan names come from files and users)."""
    name = "-".join(parts)
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in name) + ".pdf"


def context(ov: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the web templates show: the overview's plan, title, sections and footer."""
    title, parts, footer = sections(ov, lang)
    return {"plan": ov["plan"], "title": title, "sections": parts, "footer": footer}


__all__ = ["Section", "context", "file_name", "pdf_bytes", "render_html", "sections", "write_sheet"]
