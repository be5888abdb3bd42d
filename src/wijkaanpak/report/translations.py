"""English for the council report's Dutch texts (message id = the Dutch text; see
:mod:`wijkaanpak.report.i18n`). Dutch terms with no English equivalent in Dutch policy practice
keep their Dutch name the first time they appear in the report (MKBA, GREX, WOM, nulalternatief,
peildatum, BBV)."""

from __future__ import annotations

EN: dict[str, str] = {
    # the document
    "Wijkaanpak funderingen — {name}": "Neighbourhood approach to foundations — {name}",
    "pagina": "page",
    "van": "of",
    "Wijk": "Neighbourhood",
    "peildatum {date} · {dwellings} woningen in {blocks} · gemaakt met wijkaanpak {version}": (
        "reference date (peildatum) {date} · {dwellings} dwellings in {blocks} · made with "
        "wijkaanpak {version}"
    ),
    "Dit is een FICTIEVE wijk: alle gegevens zijn verzonnen. De uitkomsten illustreren de werkwijze, niet een werkelijke situatie.": (
        "This is a FICTIONAL neighbourhood: all data are made up. The results illustrate the "
        "method, not a real situation."
    ),
    "Gegevens: tabel „{caption}” in de bijlage.": "Data: table “{caption}” in the appendix.",
    # summary
    "Samenvatting: keuze- en gevolgenoverzicht": "Summary: choices and their consequences",
    "Per plan: wat het de samenleving oplevert (MKBA-saldo tegenover het nulalternatief „niets doen”, reëel, discontovoet {mkba_rate}), wat het kost en voor wie, en wat het betekent voor woningen en huishoudens. Geldbedragen zijn netto contante waarden op de peildatum (nominale kasstromen, disconteringsvoet {rate} per jaar, BBV). Het exploitatieresultaat (GREX) telt alleen waar de WOM een exploitatie voert; het beheer van de bestaande wijk (ophogen, riolering, handhaving) staat op een eigen regel.": (
        "Per plan: what it yields for society (the MKBA balance — social cost-benefit analysis — "
        "against the nulalternatief “do nothing”, real, discount rate {mkba_rate}), what it costs "
        "and for whom, and what it means for homes and households. Amounts are net present values "
        "at the reference date (nominal cash flows, discount rate {rate} a year, as the BBV "
        "rules for municipal budgets prescribe). The exploitation result (GREX) counts only where "
        "the WOM (the municipality's neighbourhood development company) runs an exploitation; "
        "the upkeep of the kept neighbourhood (raising streets, sewers, enforcement) is a line "
        "of its own."
    ),
    "Kengetal": "Indicator",
    "Welvaart: MKBA (reëel, prijspeil peildatum)": "Welfare: MKBA (real, prices of the reference date)",
    "Geld (netto contante waarde, nominaal)": "Money (net present value, nominal)",
    "publieke kosten (gemeente, waterschap, rijk; − = opbrengst)": (
        "public costs (municipality, water board, national government; − = revenue)"
    ),
    "Woningen": "Homes",
    "Huishoudens": "Households",
    "Tekort en wie het draagt": "The deficit and who carries it",
    "tekort exploitatie → gemeente/WOM (na bijdragen derden, incl. eigen bijdrage)": (
        "exploitation deficit → municipality/WOM (after third-party contributions, incl. its own)"
    ),
    "steun herstel per blok → gemeente of fonds (maatwerk)": (
        "support for block repair → municipality or fund (case by case)"
    ),
    "gat nieuw voor oud → huishoudens, tenzij iemand bijspringt": (
        "gap new-for-old → households, unless someone steps in"
    ),
    "niets doen = ieder herstelt pas als het moet, alleen; herstel per blok = alle woningen van een blok tegelijk; vernieuwen = verwerven, slopen en nieuw bouwen met verdichting.": (
        "do nothing = every owner repairs alone, only when forced to; block repair = all homes "
        "of a block at once; renew = acquire, demolish and build anew with densification."
    ),
    "voorstel optimalisatie": "optimiser proposal",
    "Een plan gemarkeerd als voorstel optimalisatie is voorgesteld door de optimalisatie; zie het hoofdstuk „Voorgestelde plannen”.": (
        "A plan marked as an optimiser proposal was proposed by the optimiser; see the chapter "
        "“Proposed plans”."
    ),
    # proposed plans
    "Voorgestelde plannen (optimalisatie)": "Proposed plans (optimiser)",
    "De optimalisatie kiest per blok niets doen, herstel of vernieuwen zo dat één doel zo hoog mogelijk is binnen randvoorwaarden. Zij rekent met een lineair model van de rekenkern en rekent elk voorstel daarna exact door. Hieronder staat elk voorgesteld plan naast alle plannen van dit rapport, op zijn eigen doel en randvoorwaarden, exact doorgerekend met de aannames van dit rapport. Methode: docs/optimise.md.": (
        "The optimiser chooses for every block between doing nothing, repair and renewal so that "
        "one objective is as high as possible within constraints. It works with a linear model of "
        "the engine and then evaluates each proposal exactly. Below, each proposed plan stands "
        "beside every plan of this report, on its own objective and constraints, evaluated exactly "
        "with this report's assumptions. Method: docs/optimise.md."
    ),
    "{plan} naast de andere plannen: doel en randvoorwaarden (exact)": (
        "{plan} beside the other plans: objective and constraints (exact)"
    ),
    "Plan": "Plan",
    "voldoet aan alle randvoorwaarden": "meets every constraint",
    "dit voorstel": "this proposal",
    "{plan} is voorgesteld door de optimalisatie (wijkaanpak optimise, of „Stel plannen voor” in de webapp): {what}.": (
        "{plan} was proposed by the optimiser (wijkaanpak optimise, or “Propose plans” in the web "
        "app): {what}."
    ),
    "het plan met het hoogste {objective} binnen de randvoorwaarden": (
        "the plan with the highest {objective} within the constraints"
    ),
    "punt {k} van een Pareto-front van {objective} tegen {second}: geen ander plan is op beide beter": (
        "point {k} of a Pareto front of {objective} against {second}: no other plan is better on "
        "both"
    ),
    "het tekort van de gemeente": "the municipal deficit",
    "het aantal huishoudens dat met gesloten beurs terug kan": (
        "the number of households who can return closed-purse"
    ),
    "gewogen doel ({a} × MKBA-saldo + {b} × exploitatieresultaat)": (
        "weighted objective ({a} × MKBA balance + {b} × exploitation result)"
    ),
    "Vastgezet: {fixed}.": "Fixed by the user: {fixed}.",
    "Toen gaf het lineaire model {linear} en de exacte doorrekening {exact} (verschil {gap}).": (
        "Then the linear model gave {linear} and the exact evaluation {exact} (gap {gap})."
    ),
    "In dit rapport is het {now}: de wijk of de aannames zijn sindsdien veranderd, dus het voorstel is hier mogelijk niet meer het beste.": (
        "In this report it is {now}: the neighbourhood or the assumptions have changed since, so "
        "the proposal may no longer be the best here."
    ),
    "In dit rapport is het hetzelfde: {now}.": "In this report it is the same: {now}.",
    "tekort gemeente ≤ {v}": "municipal deficit ≤ {v}",
    "terugkeer met gesloten beurs ≥ {v}": "returning closed-purse ≥ {v}",
    "huurders te herhuisvesten ≤ {v}": "tenants to rehouse ≤ {v}",
    "woningen erbij ≥ {v}": "net new homes ≥ {v}",
    "vernieuwde blokken zonder vernieuwde buur (binnen {m} m) = 0": (
        "renewed blocks without a renewed neighbour (within {m} m) = 0"
    ),
    "blokken later gestart door de capaciteit = 0": "blocks started later for capacity = 0",
    "nee: {which}": "no: {which}",
    "ja": "yes",
    "nee": "no",
    # MKBA
    "Maatschappelijke kosten-batenanalyse (MKBA)": "Social cost-benefit analysis (MKBA)",
    "Elk plan tegenover het nulalternatief: de autonome ontwikkeling zonder wijkaanpak (eigenaren herstellen pas als het moet en alleen, schade groeit, wie het herstel niet kan betalen laat de woning leeg staan en verkoopt met korting). Alleen welvaartseffecten tellen; overdrachten (inbrengwaarde, verkoop, grondopbrengst, btw, overdrachtsbelasting, energiebelasting, subsidies, rente) staan alleen in de verdelingstabel. Reële bedragen in prijzen van de peildatum, contant gemaakt met {rate} (Werkgroep discontovoet 2020). Effecten die niet in geld zijn uitgedrukt staan als PM. Uitleg per effect: docs/mkba.md.": (
        "Every plan against the nulalternatief: the autonomous development without a "
        "neighbourhood approach (owners repair alone and only when forced to, damage grows, "
        "owners who cannot pay for the repair leave the home empty and sell at a discount). Only "
        "welfare effects count; transfers (intake value, sales, land revenue, VAT, transfer tax, "
        "energy tax, subsidies, interest) appear only in the distribution table. Real amounts in "
        "prices of the reference date, discounted at {rate} (Dutch discount-rate working group "
        "2020). Effects not expressed in money are listed as PM (pro memoria). Each effect "
        "explained: docs/mkba.md."
    ),
    "Effect": "Effect",
    "Effecten (+ baat, − kost)": "Effects (+ benefit, − cost)",
    "Niet in geld uitgedrukt": "Not expressed in money",
    "Saldo": "Balance",
    "baten": "benefits",
    "kosten": "costs",
    "MKBA-saldo": "MKBA balance",
    "baten/kosten-verhouding": "benefit/cost ratio",
    "saldo bij discontovoet {rate} %": "balance at a discount rate of {rate} %",
    "{plan}: saldo {balance}; grootste effecten: {parts}.": (
        "{plan}: balance {balance}; largest effects: {parts}."
    ),
    "{plan}: gelijk aan het nulalternatief, dus geen effecten.": (
        "{plan}: equal to the nulalternatief, so no effects."
    ),
    "Verdeling over actoren": "Distribution over actors",
    "Wie wint en wie verliest, inclusief overdrachten; de som is het MKBA-saldo. Huurders: de effecten van een huurwoning staan bij de verhuurder (het model kent geen huren); wat huurders verliezen als hun woning wordt gesloopt is PM.": (
        "Who gains and who loses, transfers included; the sum is the MKBA balance. Tenants: the "
        "effects of a rented home are booked with the landlord (the model has no rents); what "
        "tenants lose when their home is demolished is PM."
    ),
    "Actor": "Actor",
    # the neighbourhood and the maps
    "De wijk": "The neighbourhood",
    "Op de kaarten draagt elk blok naast zijn kleur een letter of cijfer (de legenda zegt wat het betekent) of, bij de bodemdaling, zijn waarde.": (
        "On the maps every block carries, besides its colour, a letter or digit (the legend says "
        "what it means) or, on the subsidence map, its value."
    ),
    "De plannen op de kaart": "The plans on the map",
    "betonpalen": "concrete piles",
    "houten palen": "wooden piles",
    "ondiep (op staal)": "shallow (no piles)",
    "onbekend": "unknown",
    "Fundering per bouwblok": "Foundation per block",
    "fundering": "foundation",
    "Ergste schade per bouwblok": "Worst damage per block",
    "schade": "damage",
    "ergste schade": "worst damage",
    "Bodemdaling per bouwblok": "Subsidence per block",
    "mm per jaar": "mm a year",
    "bodemdaling in mm per jaar": "subsidence in mm a year",
    "bodemdaling (mm/jr)": "subsidence (mm/yr)",
    "niets doen": "do nothing",
    "herstel per blok": "block repair",
    "vernieuwen": "renew",
    "plan {name}": "plan {name}",
    "Plan {name}": "Plan {name}",
    "ingreep": "intervention",
    "ingreep in plan {name}": "intervention in plan {name}",
    "blok": "block",
    "blokken": "blocks",
    "bouwblok": "block",
    "Per bouwblok: de gegevens van de kaarten": "Per block: the data of the maps",
    "Kaart van {blocks} naar {legend}. {parts}.": "Map of {blocks} by {legend}. {parts}.",
    "Kaart van de bouwblokken naar {legend}: geen gegevens.": "Map of the blocks by {legend}: no data.",
    "Kaart van {blocks} naar {legend}: van {low} tot {high}, gemiddeld {mean}. Het hoogst: {highest}.": (
        "Map of {blocks} by {legend}: from {low} to {high}, mean {mean}. Highest: {highest}."
    ),
    # densification and cash flow
    "Verdichting en exploitatie": "Densification and exploitation",
    "Hoe meer woningen terugkomen per gesloopte woning, hoe beter het resultaat — tot het plafond van de gemeente ({cap}×). Beste factor binnen het plafond: {best}× met {eur}.": (
        "The more homes come back per home demolished, the better the result — up to the "
        "municipality's cap ({cap}×). Best factor within the cap: {best}× with {eur}."
    ),
    "verdichtingsfactor (nieuwe / gesloopte woningen)": "densification factor (new / demolished homes)",
    "exploitatieresultaat (NCW, mln euro)": "exploitation result (NPV, EUR million)",
    "Verdichting en exploitatieresultaat (plafond gemeente {cap}×)": (
        "Densification and exploitation result (municipal cap {cap}×)"
    ),
    "Lijn van het exploitatieresultaat bij een verdichtingsfactor van {low}× tot {high}×: van {first} tot {last}. Plafond van de gemeente (stippellijn): {cap}×.": (
        "Line of the exploitation result at a densification factor from {low}× to {high}×: from "
        "{first} to {last}. The municipality's cap (dashed line): {cap}×."
    ),
    "Beste factor binnen het plafond (dikke stip): {factor}× met {eur}.": (
        "Best factor within the cap (large dot): {factor}× with {eur}."
    ),
    "Verdichting en exploitatieresultaat": "Densification and exploitation result",
    "verdichtingsfactor": "densification factor",
    "exploitatieresultaat (NCW)": "exploitation result (NPV)",
    "binnen plafond": "within the cap",
    "beste": "best",
    "jaar": "year",
    "kasstroom (mln euro)": "cash flow (EUR million)",
    "post": "item",
    "saldo": "balance",
    "cumulatief": "cumulative",
    "Kasstroom gemeente/WOM per jaar (staven) en cumulatief saldo (lijn)": (
        "Cash flow of the municipality/WOM per year (bars) and cumulative balance (line)"
    ),
    "Kasstroom gemeente/WOM per jaar (mln euro)": (
        "Cash flow of the municipality/WOM per year (EUR million)"
    ),
    "Staven per jaar van {first} tot {last}, gestapeld per post; een lijn toont het cumulatieve saldo. Grootste kostenpost over alle jaren: {item} ({eur}).": (
        "Bars per year from {first} to {last}, stacked by item; a line shows the cumulative "
        "balance. Largest cost over all years: {item} ({eur})."
    ),
    "Grootste opbrengst: {item} ({eur}).": "Largest revenue: {item} ({eur}).",
    "Laagste cumulatieve saldo: {low} in {year}; aan het eind {end}.": (
        "Lowest cumulative balance: {low} in {year}; at the end {end}."
    ),
    # households
    "Huishoudens: nieuw voor oud": "Households: new for old",
    "Van de {owners} eigenaar-bewoners in vernieuwde blokken kunnen er {closed} met gesloten beurzen terug; het totale gat is {gap}.": (
        "Of the {owners} owner-occupiers in renewed blocks, {closed} can return closed-purse "
        "(without paying extra); the total gap is {gap}."
    ),
    "Financieel gat per huishouden (nieuw voor oud)": "Financial gap per household (new for old)",
    "gat (duizend euro)": "gap (thousand euros)",
    "huishoudens": "households",
    "Staafdiagram van het financieel gat per huishouden: geen klasse met genoeg huishoudens.": (
        "Bar chart of the financial gap per household: no class with enough households."
    ),
    "Staafdiagram: {n} huishoudens naar hun financieel gat bij nieuw voor oud, in klassen van {width} duizend euro. De meeste ({most}) hebben een gat van {start} tot {end} duizend euro.": (
        "Bar chart: {n} households by their financial gap under new for old, in classes of "
        "{width} thousand euros. Most ({most}) have a gap of {start} to {end} thousand euros."
    ),
    "{n} huishoudens in kleine klassen zijn weggelaten.": "{n} households in small classes are left out.",
    "Klassen met minder dan 5 huishoudens zijn weggelaten (privacy).": (
        "Classes of fewer than 5 households are left out (privacy)."
    ),
    "Privacy: dit rapport toont geen individuele huishoudens; groepen van minder dan {n} huishoudens worden niet getoond": (
        "Privacy: this report shows no individual households; groups of fewer than {n} households "
        "are not shown"
    ),
    "{n} huishoudens in kleine klassen weggelaten": "{n} households in small classes left out",
    # sensitivity
    "Gevoeligheid": "Sensitivity",
    "Het exploitatieresultaat van {plan} als telkens één aanname {delta} lager of hoger is.": (
        "The exploitation result of {plan} when one assumption at a time is {delta} lower or higher."
    ),
    "Gevoeligheid van het exploitatieresultaat (mln euro)": (
        "Sensitivity of the exploitation result (EUR million)"
    ),
    "Gevoeligheid van het exploitatieresultaat (NCW) bij −{delta} en +{delta}": (
        "Sensitivity of the exploitation result (NPV) at −{delta} and +{delta}"
    ),
    "aanname": "assumption",
    "{label}: {low} tot {high}": "{label}: {low} to {high}",
    "Balken per aanname: het exploitatieresultaat ({base}) als die aanname {delta} lager of hoger is. De grootste invloed (−{delta} tot +{delta}): {parts}.": (
        "Bars per assumption: the exploitation result ({base}) when that assumption is {delta} "
        "lower or higher. The largest influence (−{delta} to +{delta}): {parts}."
    ),
    "Bij de standaardwaarden: {eur}.": "At the default values: {eur}.",
    "bouwkosten per m²": "construction cost per m²",
    "verkoopprijzen nieuwbouw": "sale prices of new homes",
    "kostenindex": "cost index",
    "woningprijsindex (opbrengsten en inbreng)": "house price index (revenues and intake)",
    "disconteringsvoet": "discount rate",
    "rente exploitatie": "interest on the exploitation",
    "sloopkosten": "demolition cost",
    "parkeerhub per plaats": "parking hub per space",
    "tijdelijke huisvesting": "temporary housing",
    # risk
    "Risico": "Risk",
    "Hoe zeker zijn deze uitkomsten? Elke aanname met een bereik (en dat zijn de meeste: zie de bijlage) is tegelijk gevarieerd: {draws} trekkingen (Latin hypercube, startgetal {seed}, {n} onzekere aannames, met samenhang tussen bouwkosten en kostenindex en tussen woningprijzen), telkens volledig doorgerekend. Dit is een indicatie; „wijkaanpak risk --draws 10000” geeft een scherper beeld (docs/risk.md).": (
        "How certain are these results? Every assumption with a range (most of them: see the "
        "appendix) is varied at once: {draws} draws (Latin hypercube, seed {seed}, {n} uncertain "
        "assumptions, with correlation between construction costs and the cost index and between "
        "house prices), each evaluated in full. This is an indication; “wijkaanpak risk --draws "
        "10000” gives a sharper picture (docs/risk.md)."
    ),
    "Uitkomst": "Result",
    "standaard": "default",
    "verwacht": "expected",
    "exploitatieresultaat": "exploitation result",
    "exploitatieresultaat (GREX)": "exploitation result (GREX)",
    "Kans dat het tekort groter is dan {threshold} (het tekort bij de standaardwaarden): {p}. Risicoreserve (tekort bij P{q} min verwacht tekort): {reserve}.": (
        "Probability that the deficit exceeds {threshold} (the deficit at the default values): "
        "{p}. Risk reserve (deficit at P{q} minus the expected deficit): {reserve}."
    ),
    "Exploitatieresultaat {plan}: S-curve": "Exploitation result {plan}: S-curve",
    "Exploitatieresultaat {plan}: verdeling": "Exploitation result {plan}: distribution",
    "MKBA-saldo {plan}: S-curve": "MKBA balance {plan}: S-curve",
    "Wat de spreiding bepaalt": "What drives the spread",
    "euro (NCW)": "euro (NPV)",
    "kans dat het resultaat lager is": "probability that the result is lower",
    "trekkingen": "draws",
    "aandeel in de spreiding": "share of the spread",
    "S-curve van het {what}: geen trekkingen.": "S-curve of the {what}: no draws.",
    "S-curve van het {what} over {n} trekkingen: de kans dat het resultaat lager is dan een bedrag. P10 {p10}, P50 {p50}, P90 {p90}; bij de standaardwaarden (stippellijn) {point}.": (
        "S-curve of the {what} over {n} draws: the probability that the result is lower than an "
        "amount. P10 {p10}, P50 {p50}, P90 {p90}; at the default values (dashed line) {point}."
    ),
    "Staafdiagram van het {what}: geen trekkingen.": "Bar chart of the {what}: no draws.",
    "Staafdiagram: hoe vaak het {what} in elke klasse uitkwam, {n} trekkingen van {low} tot {high}. Het vaakst ({most} keer): {start} tot {end}.": (
        "Bar chart: how often the {what} fell in each class, {n} draws from {low} to {high}. Most "
        "often ({most} times): {start} to {end}."
    ),
    "Staafdiagram van wat de spreiding bepaalt: geen aanname draagt bij.": (
        "Bar chart of what drives the spread: no assumption contributes."
    ),
    "Staafdiagram: het aandeel van elke aanname in de spreiding van het resultaat. Het grootst: {parts}.": (
        "Bar chart: each assumption's share of the spread of the result. Largest: {parts}."
    ),
    "Risico {plan}: kwantielen (de S-curves)": "Risk {plan}: quantiles (the S-curves)",
    "Risico {plan}: verdeling van het exploitatieresultaat": (
        "Risk {plan}: distribution of the exploitation result"
    ),
    "Risico {plan}: wat de spreiding bepaalt": "Risk {plan}: what drives the spread",
    "klasse (NCW)": "class (NPV)",
    "{low} tot {high}": "{low} to {high}",
    # appendices
    "Bijlage: gegevens bij de figuren": "Appendix: data of the figures",
    "De getallen achter elke kaart en grafiek, voor wie ze niet kan of wil aflezen uit kleur of vorm.": (
        "The numbers behind every map and chart, for those who cannot or do not want to read them "
        "from colour or shape."
    ),
    "Bijlage: alle aannames": "Appendix: all assumptions",
    "Bronnen en toelichtingen staan zoals ze in het aannamenbestand zijn geschreven.": (
        "Sources and explanations are given as written in the assumptions file."
    ),
    "parameter": "parameter",
    "waarde": "value",
    "eenheid": "unit",
    "prijspeil": "price level",
    "bron of aanname": "source or assumption",
    "(bereik {low}–{high})": "(range {low}–{high})",
    "aanname: {why}": "assumption: {why}",
    "[niet gebruikt in het model: {why}]": "[not used in the model: {why}]",
    # the optimiser's Pareto front (CLI chart, web page)
    "MKBA-saldo (mln euro, reëel, 2,25 %)": "MKBA balance (EUR million, real, 2.25 %)",
    "exploitatieresultaat (NCW, mln euro, 2,0 %)": "exploitation result (NPV, EUR million, 2.0 %)",
    "gewogen doel (mln euro)": "weighted objective (EUR million)",
    "tekort gemeente (mln euro)": "municipal deficit (EUR million)",
    "huishoudens die met gesloten beurs terug kunnen": "households who can return closed-purse",
    "gewogen doel": "weighted objective",
    "tekort gemeente": "municipal deficit",
    "exact (rekenkern)": "exact (engine)",
    "lineair model": "linear model",
    "punt": "point",
    "model": "model",
    "Pareto-front van voorgestelde plannen: {label}": "Pareto front of proposed plans: {label}",
    "Pareto-front van {n} plannen: {objective} (omhoog) tegen {second} (opzij), exact doorgerekend. Van punt 1 ({y1} bij {x1}) tot punt {n} ({y2} bij {x2}); de punten zijn genummerd als in de tabel.": (
        "Pareto front of {n} plans: {objective} (up) against {second} (across), evaluated "
        "exactly. From point 1 ({y1} at {x1}) to point {n} ({y2} at {x2}); the points are "
        "numbered as in the table."
    ),
    "{k} punt(en) worden in de exacte doorrekening door een ander punt overtroffen.": (
        "{k} point(s) are beaten by another point in the exact evaluation."
    ),
}
