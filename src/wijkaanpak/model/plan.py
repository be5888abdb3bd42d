"""Plans: one intervention per block plus neighbourhood-wide measures (scenarios as data).

The report's three scenarios are the built-in plans ``all-none`` (1, niets doen), ``all-repair``
(2, funderingsherstel per blok) and ``all-renew`` (3, stadsvernieuwing); any other assignment is a
mixed plan. A plan file (YAML/JSON, read by :mod:`wijkaanpak.io.plans`) looks like::

    name: mix
    default: {intervention: repair}
    blocks:
      B1A01: {intervention: renew, densification: 1.5}
      B1A02: {intervention: renew, densification: 1.5, start_year: 2029}
      B1A03: {intervention: renew, acquisition: expropriation}   # Omgevingswet, with its time lag
    measures: {parking_hub: true}
    programme: {social_rent: 0.3, free_purchase: 0.7}   # shares of the new homes (issue #12)
    doorschuiven: true     # owners move from their old home straight into a new one when one is ready
    contributions:         # who covers the deficit (recommendation 8)
      - {party: province, instrument: "provinciale bijdrage", eur: 5000000, year: 2028}
      - {party: national, instrument: Volkshuisvestingsfonds, eur: 1000000, year: 2028, until: 2031}
    optimiser:             # written by `wijkaanpak optimise --out` / "Stel plannen voor" (issue #15)
      objective: mkba
      constraints: {max_deficit: 20000000, capacity: 0}
      linear_objective_eur: 31440000
      exact_objective_eur: 31440000
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

INTERVENTIONS = ("none", "repair", "renew")
#: New-home programme segments (issue #12 §1), in the order tables show them.
SEGMENTS = ("social_rent", "mid_rent", "affordable_purchase", "free_purchase")
Segment = Literal["social_rent", "mid_rent", "affordable_purchase", "free_purchase"]
#: Parties that can contribute to the deficit (issue #12 §5).
PARTIES = ("municipality", "province", "national", "housing_association", "water_board", "owners")


def _check_shares(shares: Mapping[Any, float] | None) -> None:
    if shares is None:
        return
    if any(v < 0 for v in shares.values()):
        msg = "programme shares must not be negative"
        raise ValueError(msg)
    total = sum(shares.values())
    if abs(total - 1.0) > 1e-6:
        msg = f"programme shares must add up to 1, got {total:g} ({', '.join(shares)})"
        raise ValueError(msg)


LABELS = ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")
#: Calendar years a plan may name (start years, contributions): a guard against typing errors,
#: not a model limit. [yr]
FIRST_YEAR, LAST_YEAR = 2000, 2100


class Intervention(BaseModel):
    """What happens to one block."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intervention: Literal["none", "repair", "renew"]
    start_year: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)
    densification: float = Field(default=1.0, ge=0.5, le=4.0)
    target_label: (
        Literal["A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G"] | None
    ) = None
    write_down: bool = False  # renew: deduct future repair costs from the intake value
    #: renew: shares of the new homes per segment (default: the plan's, else the assumptions')
    programme: dict[Segment, float] | None = None
    #: renew: how the WOM acquires the homes — bought by agreement, or expropriated under the
    #: Omgevingswet (start_year is then the decision; acquisition follows
    #: ``acquisition.expropriation_years`` later, at market value plus compensation)
    acquisition: Literal["amicable", "expropriation"] = "amicable"
    #: renew: the number of new homes, instead of densification × the dwellings demolished;
    #: required on a vacant site (a block without dwellings, ``site_value`` in the blocks table)
    new_homes: int | None = Field(default=None, gt=0, le=5000)

    @model_validator(mode="after")
    def _fits(self) -> Self:
        if self.intervention != "renew" and self.programme is not None:
            msg = "programme applies only to intervention 'renew'"
            raise ValueError(msg)
        _check_shares(self.programme)
        if self.intervention != "renew" and self.acquisition != "amicable":
            msg = "acquisition applies only to intervention 'renew'"
            raise ValueError(msg)
        if self.intervention != "renew" and self.densification != 1.0:
            msg = "densification applies only to intervention 'renew'"
            raise ValueError(msg)
        if self.intervention != "renew" and self.new_homes is not None:
            msg = "new_homes applies only to intervention 'renew'"
            raise ValueError(msg)
        if self.new_homes is not None and self.densification != 1.0:
            msg = "give new_homes or densification, not both"
            raise ValueError(msg)
        if self.intervention != "repair" and self.target_label is not None:
            msg = "target_label applies only to intervention 'repair'"
            raise ValueError(msg)
        return self


class Measures(BaseModel):
    """Neighbourhood-wide public measures."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    street_raising: bool = True  # keep raising streets every N years around kept blocks
    sewer_renewal: bool = True  # renew sewers at the end of their lifetime
    water_storage: bool = True  # create storage where public space is redone
    green: bool = True  # lay out green where public space is redone
    parking_hub: bool = True  # build a hub for parking demand beyond on-street capacity


class Contribution(BaseModel):
    """A party's contribution to the exploitation (issue #12 §5), in nominal euros of the year it is
    paid; with ``until`` the amount is paid every year from ``year`` through ``until``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    party: Literal[
        "municipality", "province", "national", "housing_association", "water_board", "owners"
    ]
    instrument: str = Field(default="", max_length=200)
    eur: float = Field(ge=0, allow_inf_nan=False)
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    until: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)

    @model_validator(mode="after")
    def _order(self) -> Self:
        if self.until is not None and self.until < self.year:
            msg = f"until ({self.until}) lies before year ({self.year})"
            raise ValueError(msg)
        return self


#: Constraints the optimiser records in :class:`Optimised`, by the unit of their limit: the
#: deficit [EUR], the share of returners closed-purse [fraction 0–1], tenants [households], net new
#: homes [homes], contiguity (neighbours within this distance [m]) and capacity (0: no start moved).
Constraint = Literal[
    "max_deficit",
    "min_return_share",
    "max_displaced_tenants",
    "min_net_new_homes",
    "contiguity",
    "capacity",
]
CONSTRAINTS: tuple[str, ...] = get_args(Constraint)


class Optimised(BaseModel):
    """Where a plan comes from when the optimiser proposed it (issue #15): the objective, the
    constraints and the objective's value in its linear model and on the exact engine when it was
    proposed. Shown in the report beside the other plans; the engine does not read it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    objective: Literal["mkba", "exploitation", "weighted"]
    mkba_weight: float | None = Field(default=None, ge=0, le=1)  # weighted [fraction 0–1]
    constraints: dict[Constraint, float] = Field(default_factory=dict)
    fixed: list[str] = Field(default_factory=list)  # BLOCK=OPTION specs
    linear_objective_eur: float = Field(allow_inf_nan=False)
    exact_objective_eur: float = Field(allow_inf_nan=False)
    polish_s: float = Field(default=0.0, ge=0)  # local search on the exact engine [s]
    #: a point of a Pareto front: the second objective and the point's number (1 = first)
    pareto_second: Literal["deficit", "returners"] | None = None
    pareto_point: int | None = Field(default=None, ge=1)


class Plan(BaseModel):
    """An intervention for every block (``default`` for blocks not listed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    default: Intervention
    blocks: dict[str, Intervention] = Field(default_factory=dict)
    measures: Measures = Field(default_factory=Measures)
    phasing_years: int = Field(default=10, ge=1, le=40)  # blocks without a start year: spread
    intake: Literal["woz", "model", "appraisal"] = "woz"  # how intake values are set (report §5b)
    #: shares of the new homes per segment for renewed blocks that set none (issue #12 §1)
    programme: dict[Segment, float] | None = None
    #: owners stay in the old home until a new one is ready elsewhere in the plan (issue #12 §3)
    doorschuiven: bool = False
    contributions: list[Contribution] = Field(default_factory=list)  # issue #12 §5
    #: lower each renewed block's densification to the largest that fits on it (built-in plans);
    #: otherwise a block that does not fit is refused (issue #12 §2)
    fit_to_space: bool = False
    #: set when the optimiser proposed this plan (issue #15); not read by the engine
    optimiser: Optimised | None = None

    @model_validator(mode="after")
    def _shares(self) -> Self:
        _check_shares(self.programme)
        return self

    def for_block(self, block_id: str) -> Intervention:
        return self.blocks.get(block_id, self.default)


def builtin_plan(name: str, densification: float = 1.5) -> Plan:
    """``all-none``, ``all-repair`` or ``all-renew`` (the report's scenarios 1, 2 and 3)."""
    plans = {
        "all-none": Intervention(intervention="none"),
        "all-repair": Intervention(intervention="repair"),
        "all-renew": Intervention(intervention="renew", densification=densification),
    }
    if name not in plans:
        msg = f"unknown plan {name!r}; built-in plans: {', '.join(plans)} (or give a plan file)"
        raise KeyError(msg)
    return Plan(name=name, default=plans[name], fit_to_space=True)


BUILTIN_PLANS = ("all-none", "all-repair", "all-renew")
