"""The societal view: a maatschappelijke kosten-batenanalyse (MKBA) against the nulalternatief.

Method (CPB/PBL, *Algemene leidraad voor maatschappelijke kosten-batenanalyse*, 2013; issue #11):

* the **nulalternatief** is the plan ``all-none`` as autonomous development (owners repair alone
  when forced, damage grows, owners who cannot pay leave the home empty and sell; :mod:`kept`);
* every flow of the ledger and the welfare account is deflated to real euros of the peildatum with
  ``mkba.inflation`` and discounted at ``mkba.discount_rate`` (2.25 %, Werkgroep discontovoet 2020);
* an **effect** is the plan's present value minus the nulalternatief's, per row: the real resources
  of the ledger (investments, repairs, maintenance, the value of all homes at the horizon) and the
  non-cash welfare effects (housing services, foundation quality, energy, CO₂). Transfers (intake
  price, sales, land issue, VAT, transfer tax, energy tax, subsidies, financing, rents of temporary
  homes) are no effects: they only move welfare between actors;
* the **distribution** per actor is the same difference over each actor's flows *including*
  transfers; it sums to the balance because every transfer is booked on both sides;
* effects that are not quantified are listed as PM.

A plan equal to the nulalternatief has every effect 0 by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijkaanpak.model.assumptions import Assumptions
from wijkaanpak.model.finance import FloatArray, npv
from wijkaanpak.model.inputs import pct
from wijkaanpak.model.ledger import ACTORS, CATEGORIES, CATEGORY_LIST, WELFARE, WELFARE_LIST, Ledger

#: Effect rows in table order: (key, Dutch label, English label). Keys are ledger resource
#: categories or welfare effects.
EFFECTS: tuple[tuple[str, str, str], ...] = (
    ("housing_services", "Woondiensten (wonen in de woningen)", "Housing services"),
    (
        "foundation_quality",
        "Prijseffect funderingsstaat op woongenot",
        "Foundation condition (price effect)",
    ),
    ("residual_value", "Waarde woningen aan eind horizon", "Value of homes at the horizon"),
    ("foundation_repair", "Funderingsherstel", "Foundation repair"),
    ("consequential_damage", "Gevolgschade (scheuren, vocht, leidingen)", "Consequential damage"),
    ("sustainability", "Verduurzamingspakket", "Sustainability package"),
    ("energy_transition", "Latere energietransitie oude woningen", "Later energy transition"),
    ("energy", "Energieverbruik (zonder belasting)", "Energy use (ex taxes)"),
    ("co2", "CO₂-uitstoot", "CO₂ emissions"),
    ("demolition", "Sloop", "Demolition"),
    ("vacant_site", "Grond lege kavel (andere bestemming)", "Land of a vacant site (other use)"),
    ("site_preparation", "Bouwrijp maken", "Site preparation"),
    ("construction", "Bouwkosten nieuwbouw (excl. btw)", "Construction (ex VAT)"),
    ("public_space", "Woonrijp maken en groen", "Public space and green"),
    ("water_storage", "Waterberging", "Water storage"),
    ("parking_hub", "Parkeerhub", "Parking hub"),
    ("plan_costs", "Plan- en proceskosten", "Planning and process costs"),
    ("acquisition_side_costs", "Bijkomende verwervingskosten", "Acquisition side costs"),
    (
        "non_residential_property",
        "Overig vastgoed gesloopt (winkels, bedrijfsruimte; marktwaarde)",
        "Non-residential property demolished (market value)",
    ),
    ("business_relocation", "Verplaatsing bedrijven", "Business relocation"),
    ("tenant_rehousing", "Herhuisvesting huurders (kosten verhuurder)", "Tenant rehousing"),
    ("street_raising", "Ophogen straten", "Street raising"),
    ("sewer_renewal", "Rioolvervanging", "Sewer renewal"),
    ("enforcement", "Handhaving gedwongen herstel", "Enforcement of forced repairs"),
)

#: Effects not quantified (PM), with why.
PM: tuple[tuple[str, str, str], ...] = (
    (
        "health_stress",
        "Gezondheid en stress van bewoners (vocht, onzekerheid)",
        "Residents' health and stress",
    ),
    ("safety", "Veiligheid (instortingsrisico, vallende delen)", "Safety (risk of collapse)"),
    (
        "community",
        "Sociale samenhang; verdringing van huurders",
        "Community ties; displacement of tenants",
    ),
    (
        "climate_adaptation",
        "Klimaatadaptatie en kwaliteit openbare ruimte",
        "Climate adaptation and public space quality",
    ),
)
LABEL = {k: (nl, en) for k, nl, en in (*EFFECTS, *PM)}
_RESOURCES = [c for c in CATEGORY_LIST if not CATEGORIES[c]]
_WELFARE = [w for w in WELFARE_LIST if not WELFARE[w]]
KEYS = (*_RESOURCES, *_WELFARE)
assert set(KEYS) <= {k for k, _, _ in EFFECTS}, "every effect needs a label"


@dataclass(frozen=True)
class Accounts:
    """A plan's real yearly welfare: per effect key and per actor (incl. transfers). [EUR, real]"""

    effects: FloatArray  # [len(KEYS), year] over the horizon and the years after it
    actors: FloatArray  # [actor, year]
    horizon: int  # the first ``horizon`` years are the analysis period [yr]


def accounts(led: Ledger, a: Assumptions) -> Accounts:
    """Deflate the ledger's resources and welfare effects to real euros of the peildatum, over
    the horizon and the costs booked after it. Interest on the exploitation is left out of the
    actors' accounts: the loan it pays for is not booked and discounting already prices time, so
    it would show lenders a gain that is none (it is a transfer: the balance does not change)."""
    tail = led.later.shape[-1]
    years = led.years + tail
    deflator = (1.0 + pct(a.mkba.inflation)) ** -np.arange(years, dtype=float)
    rows = [CATEGORY_LIST.index(c) for c in _RESOURCES]
    welfare = [WELFARE_LIST.index(w) for w in _WELFARE]
    societal = led.extended(led.societal[rows], led.later_societal[rows])
    pad = np.zeros((len(welfare), tail))
    effects = np.vstack([societal, led.extended(led.welfare_societal[welfare], pad)]) * deflator
    cash = led.actors.copy()
    cash[:, CATEGORY_LIST.index("financing")] = 0.0
    own = led.extended(cash.sum(axis=1), led.later.sum(axis=1))
    mine = led.extended(led.welfare.sum(axis=1), np.zeros((len(ACTORS), tail)))
    return Accounts(effects=effects, actors=(own + mine) * deflator, horizon=led.years)


@dataclass(frozen=True)
class Mkba:
    """Effects of a plan against the nulalternatief. [EUR, real, present value at the peildatum]"""

    effects: dict[str, float]  # per effect key (+ = welfare gain)
    distribution: dict[str, float]  # per actor, incl. transfers
    discount_rate_pct: float
    sensitivity: dict[float, float]  # balance at other real rates [%/yr → EUR]
    yearly: FloatArray  # balance per year of the horizon, undiscounted [EUR, real]
    after_horizon: float  # undiscounted balance of costs due after the horizon [EUR, real]

    @property
    def balance(self) -> float:
        return float(sum(self.effects.values()))

    @property
    def benefits(self) -> float:
        return float(sum(v for v in self.effects.values() if v > 0))

    @property
    def costs(self) -> float:
        """Sum of the negative effects, as a positive amount. [EUR]"""
        return float(-sum(v for v in self.effects.values() if v < 0))

    @property
    def bc_ratio(self) -> float | None:
        """Benefits / costs; ``None`` when there are no costs."""
        return self.benefits / self.costs if self.costs > 0 else None


def compare(plan: Accounts, base: Accounts, a: Assumptions) -> Mkba:
    """The plan's effects and distribution against the nulalternatief's accounts."""
    rate = pct(a.mkba.discount_rate)
    diff = plan.effects - base.effects
    per_actor = plan.actors - base.actors
    rates = sorted(v for v in a.mkba.sensitivity_rates.values.values())
    return Mkba(
        effects={k: float(v) for k, v in zip(KEYS, npv(rate, diff), strict=True)},
        distribution={k: float(v) for k, v in zip(ACTORS, npv(rate, per_actor), strict=True)},
        discount_rate_pct=a.mkba.discount_rate.value,
        sensitivity={r: float(npv(r / 100.0, diff.sum(axis=0))) for r in rates},
        yearly=diff.sum(axis=0)[: plan.horizon],
        after_horizon=float(diff.sum(axis=0)[plan.horizon :].sum()),
    )


def kind(eur: float) -> str:
    """``benefit`` when an effect raises welfare against the nulalternatief, else ``cost``."""
    return "benefit" if eur > 0 else "cost"
