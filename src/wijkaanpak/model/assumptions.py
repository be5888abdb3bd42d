"""Typed, validated assumptions: every economic parameter the model uses.

Each parameter carries its value, unit, price level (year, for money) and provenance: a ``source``
or, for a guess, an ``assumption`` with the reason and a plausible ``range``. The expected unit of
every field is declared here (``Unit(...)``); a file that gives another unit, an unknown key or a
value without provenance is rejected. Defaults live in ``data/assumptions.yaml``; loading and
overriding is :mod:`wijkaanpak.io.assumptions`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.fields import FieldInfo


@dataclass(frozen=True)
class Unit:
    """The unit a field must be given in, e.g. ``Unit("EUR/m2")``."""

    symbol: str


def expected_unit(info: FieldInfo) -> str | None:
    """The unit a section's field must be given in (its ``Unit`` annotation), if any."""
    return next((m.symbol for m in info.metadata if isinstance(m, Unit)), None)


class _Sourced(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    unit: str
    price_level: int | None = Field(default=None, ge=1900, le=2100)
    source: str | None = None
    assumption: str | None = None
    range: tuple[float, float] | None = None
    #: how the value is uncertain within ``range`` for the risk analysis (default PERT)
    distribution: Literal["pert", "triangular", "uniform", "normal"] | None = None
    note: str | None = None
    #: why the model does not read this parameter (shown to users; the dead-parameter test allows it)
    documentation_only: str | None = None
    origin: str = "default"

    @model_validator(mode="after")
    def _provenance(self) -> Self:
        if (self.source is None) == (self.assumption is None):
            msg = "give exactly one of 'source' (where the value comes from) or 'assumption' (why this guess)"
            raise ValueError(msg)
        if self.assumption is not None and self.range is None and self._numbers():
            msg = "an assumption needs a plausible 'range' [low, high]"
            raise ValueError(msg)
        if self.unit.startswith("EUR") and self.price_level is None:
            msg = f"an amount in {self.unit} needs a 'price_level' (the year its prices refer to)"
            raise ValueError(msg)
        for v in self._numbers():
            if self.range is not None and not self.range[0] <= v <= self.range[1]:
                msg = f"value {v} lies outside its range {list(self.range)}"
                raise ValueError(msg)
        return self

    def _numbers(self) -> list[float]:
        return []

    @property
    def provenance(self) -> str:
        """Source, or 'assumption: …' with the range; says so when the model does not use it."""
        if self.source is not None:
            text = self.source
        elif self.range is None:
            text = f"assumption: {self.assumption}"
        else:
            text = f"assumption: {self.assumption} (range {self.range[0]:g}–{self.range[1]:g})"
        if self.documentation_only:
            text += f" [not used by the model: {self.documentation_only}]"
        return text


class Parameter(_Sourced):
    """A single number."""

    value: float

    def _numbers(self) -> list[float]:
        return [self.value]


class Table(_Sourced):
    """Numbers keyed by a category (a dwelling type, an energy label, a densification factor…)."""

    values: dict[str, float]

    def _numbers(self) -> list[float]:
        return list(self.values.values())


class Switch(_Sourced):
    """A yes/no choice."""

    value: bool


class Choice(_Sourced):
    """A choice among named options (e.g. an energy label)."""

    value: str


class DataFile(_Sourced):
    """A table shipped as a data file in ``wijkaanpak/data`` (e.g. a legal table)."""

    file: str


Leaf = Parameter | Table | Switch | DataFile | Choice


class Section(BaseModel):
    """A group of parameters; checks every field's unit against its ``Unit`` annotation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _units(self) -> Self:
        for name, info in type(self).model_fields.items():
            expected = expected_unit(info)
            if expected is None:
                continue
            value = getattr(self, name)
            leaves = value.values() if isinstance(value, dict) else [value]
            for leaf in (x for x in leaves if x is not None):
                if leaf.unit != expected:
                    msg = f"{name}: unit must be '{expected}', got '{leaf.unit}'"
                    raise ValueError(msg)
        return self


P = Parameter


HORIZON_YEARS = (1, 100)


class General(Section):
    reference_year: Annotated[P, Unit("year")]
    horizon: Annotated[P, Unit("yr")]
    discount_rate: Annotated[P, Unit("%/yr")]

    @model_validator(mode="after")
    def _horizon(self) -> Self:
        """The model books every year of the horizon per dwelling: a value outside 1–100 years is a
        mistake (and a very long one unbounded work), whatever its source says (issue #16 §6)."""
        low, high = HORIZON_YEARS
        years = self.horizon.value
        if not (years == int(years) and low <= years <= high):
            msg = f"horizon: a whole number of years from {low} to {high}, got {years:g}"
            raise ValueError(msg)
        return self


class Finance(Section):
    interest_rate: Annotated[P, Unit("%/yr")]
    cost_index: Annotated[P, Unit("%/yr")]
    revenue_index: Annotated[P, Unit("%/yr")]
    #: Existing homes follow ``revenue_index`` (one house-price index) unless this is set.
    woz_index: Annotated[P | None, Unit("%/yr")] = None


class Taxes(Section):
    transfer_tax_own_occupation: Annotated[P, Unit("%")]
    transfer_tax_other_residential: Annotated[P, Unit("%")]
    transfer_tax_non_residential: Annotated[P, Unit("%")]
    wom_exemption: Annotated[Switch, Unit("-")]
    vat: Annotated[P, Unit("%")]


class Foundation(Section):
    repair_cost_wood: Annotated[P, Unit("EUR/m2")]
    repair_cost_shallow: Annotated[P, Unit("EUR/m2")]
    repair_cost_concrete: Annotated[P, Unit("EUR/m2")]
    research_cost: Annotated[P, Unit("EUR/dwelling")]
    individual_surcharge: Annotated[P, Unit("%")]
    jacking_cost: Annotated[P, Unit("EUR/m2")]
    jacking_threshold: Annotated[P, Unit("m")]
    floor_insulation: Annotated[P, Unit("EUR/m2")]
    years_until_critical: Annotated[Table, Unit("yr")]
    value_discount: Annotated[P, Unit("%")]
    repaired_premium: Annotated[P, Unit("%")]
    reference_subsidence: Annotated[P, Unit("mm/yr")]
    damage_growth: Annotated[Table, Unit("%/yr")]
    consequential_damage: Annotated[P, Unit("EUR/dwelling/yr")]
    known_before_critical: Annotated[P, Unit("yr")]
    repair_months: Annotated[P, Unit("month")]
    vacancy_years: Annotated[P, Unit("yr")]
    enforcement_cost: Annotated[P, Unit("EUR/dwelling")]


class Sustainability(Section):
    package_cost_per_label_step: Annotated[P, Unit("EUR/dwelling")]
    energy_transition_cost: Annotated[P, Unit("EUR/dwelling")]
    energy_transition_year: Annotated[P, Unit("year")]
    energy_cost: Annotated[Table, Unit("EUR/m2/yr")]


class PublicSpace(Section):
    street_raising: Annotated[P, Unit("EUR/m2")]
    street_raising_interval: Annotated[P, Unit("yr")]
    sewer_renewal: Annotated[P, Unit("EUR/m")]
    sewer_lifetime: Annotated[P, Unit("yr")]
    green: Annotated[P, Unit("EUR/m2")]
    water_storage: Annotated[P, Unit("EUR/m3")]
    water_storage_need: Annotated[P, Unit("m3/m2")]
    parking_hub: Annotated[P, Unit("EUR/space")]
    parking_norm: Annotated[Table, Unit("spaces/dwelling")]
    water_board_share: Annotated[P, Unit("fraction")]


class Renewal(Section):
    demolition: Annotated[P, Unit("EUR/dwelling")]
    site_preparation: Annotated[P, Unit("EUR/m2")]
    public_space_finishing: Annotated[P, Unit("EUR/m2")]
    construction: Annotated[P, Unit("EUR/m2")]
    construction_land_share: Annotated[P, Unit("%")]
    construction_vat: Annotated[P, Unit("%")]
    plan_costs: Annotated[P, Unit("%")]
    acquisition_side_costs: Annotated[P, Unit("%")]
    relocation_allowance: Annotated[P, Unit("EUR/household")]
    temporary_housing: Annotated[P, Unit("EUR/month")]
    temporary_housing_months: Annotated[P, Unit("month")]
    tenant_rehousing: Annotated[P, Unit("EUR/household")]
    profit_and_risk: Annotated[P, Unit("%")]
    build_years: Annotated[P, Unit("yr")]
    new_home_floor_area: Annotated[Table, Unit("m2")]
    sale_price: Annotated[Table, Unit("EUR/m2")]
    return_discount: Annotated[P, Unit("%")]
    model_value: Annotated[Table, Unit("EUR/m2")]
    return_share_if_unknown: Annotated[P, Unit("fraction")]
    ground_bound_share: Annotated[Table, Unit("fraction")]
    densification_cap: Annotated[P, Unit("-")]
    subsidy: Annotated[P, Unit("EUR/dwelling")]


class Programme(Section):
    """The new homes' programme segments (issue #12 §1): sizes, rents, land-price policy."""

    default_shares: Annotated[Table, Unit("fraction")]
    floor_area: Annotated[Table, Unit("m2")]
    construction_type_factor: Annotated[Table, Unit("-")]
    rent: Annotated[Table, Unit("EUR/month")]
    rental_value_factor: Annotated[Table, Unit("yr")]
    land_price_fixed: Annotated[Table, Unit("EUR/dwelling")]
    land_quote: Annotated[Table, Unit("%")]


class Space(Section):
    """What fits on a renewed block (issue #12 §2)."""

    max_fsi: Annotated[P, Unit("-")]
    max_layers: Annotated[P, Unit("layers")]
    gsi: Annotated[P, Unit("fraction")]
    gross_floor_factor: Annotated[P, Unit("-")]
    parking_space_area: Annotated[P, Unit("m2/space")]


class Capacity(Section):
    """Yearly capacity of a renewal (issue #12 §3)."""

    demolition: Annotated[P, Unit("dwellings/yr")]
    construction: Annotated[P, Unit("homes/yr")]
    sales: Annotated[Table, Unit("homes/yr")]


class Acquisition(Section):
    """Acquisition by expropriation under the Omgevingswet, and of non-residential units (issue #12 §6)."""

    expropriation_years: Annotated[P, Unit("yr")]
    expropriation_surcharge: Annotated[P, Unit("%")]
    expropriation_legal_costs: Annotated[P, Unit("EUR/dwelling")]
    non_residential_value_per_m2: Annotated[P, Unit("EUR/m2")]
    non_residential_floor_area: Annotated[P, Unit("m2/unit")]
    business_relocation: Annotated[P, Unit("EUR/unit")]


class Mortgage(Section):
    annuity_term: Annotated[P, Unit("yr")]
    minimum_test_rate: Annotated[P, Unit("%/yr")]
    test_rate_fixed_period: Annotated[P, Unit("yr")]
    energy_label_amounts: Annotated[dict[int, Table], Unit("EUR")]
    sustainability_amounts: Annotated[dict[int, Table], Unit("EUR")]
    single_person_amount: Annotated[dict[int, Parameter], Unit("EUR/yr")]
    single_person_threshold: Annotated[dict[int, Table], Unit("EUR/yr")]
    aow_age: Annotated[dict[int, Parameter], Unit("yr")]
    nhg_cost_limit: Annotated[dict[int, Parameter], Unit("EUR")]
    nhg_fee: Annotated[P, Unit("%")]
    financing_cost_tables: Annotated[dict[int, DataFile], Unit("%")]


class Mkba(Section):
    discount_rate: Annotated[P, Unit("%/yr")]
    sensitivity_rates: Annotated[Table, Unit("%/yr")]
    inflation: Annotated[P, Unit("%/yr")]
    rental_yield: Annotated[P, Unit("%/yr")]
    price_effect_share: Annotated[P, Unit("fraction")]
    energy_tax_share: Annotated[P, Unit("fraction")]
    co2_intensity: Annotated[Table, Unit("kg/EUR")]
    co2_price: Annotated[P, Unit("EUR/t")]


class Correlation(BaseModel):
    """A rank correlation between two uncertain parameters (dotted keys)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    between: tuple[str, str]
    rho: float = Field(ge=-0.99, le=0.99)
    source: str | None = None
    assumption: str | None = None


class Risk(BaseModel):
    """The uncertainty model of the risk analysis (issue #14): which parameters stay fixed, how
    parameters move together, the seed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seed: int = Field(ge=0)
    fixed: dict[str, str] = Field(default_factory=dict)  # key → why it is not uncertain
    correlations: list[Correlation] = Field(default_factory=list)


class RepairFund(Section):
    rate: Annotated[P, Unit("%/yr")]
    term: Annotated[P, Unit("yr")]
    minimum_loan: Annotated[P, Unit("EUR")]
    closing_costs: Annotated[P, Unit("EUR")]
    grace_years: Annotated[P, Unit("yr")]


class Households(Section):
    offered_rate: Annotated[P, Unit("%/yr")]
    fixed_years: Annotated[P, Unit("yr")]
    buying_costs: Annotated[P, Unit("EUR/household")]
    new_home_label: Annotated[Choice, Unit("-")]
    ground_lease: Annotated[Switch, Unit("-")]
    ground_lease_land_share: Annotated[P, Unit("fraction")]
    canon_rate: Annotated[P, Unit("%/yr")]
    aow_benefit: Annotated[Table, Unit("EUR/yr")]
    pension_share: Annotated[P, Unit("fraction")]
    nhg_rate_discount: Annotated[P, Unit("%/yr")]
    income_growth: Annotated[P, Unit("%/yr")]
    interest_only_max_share: Annotated[P, Unit("fraction")]


class Instruments(Section):
    deferred_loan_rate: Annotated[P, Unit("%/yr")]
    deferred_loan_term: Annotated[P, Unit("yr")]
    deferred_loan_free_years: Annotated[P, Unit("yr")]
    deferred_loan_max_share: Annotated[P, Unit("fraction")]
    max_return_discount: Annotated[P, Unit("%")]


class Assumptions(BaseModel):
    """All assumptions, by section."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    general: General
    finance: Finance
    taxes: Taxes
    foundation: Foundation
    sustainability: Sustainability
    public_space: PublicSpace
    renewal: Renewal
    programme: Programme
    space: Space
    capacity: Capacity
    acquisition: Acquisition
    mortgage: Mortgage
    repair_fund: RepairFund
    households: Households
    instruments: Instruments
    mkba: Mkba
    risk: Risk

    def with_leaves(self, leaves: dict[str, Parameter | Table]) -> Assumptions:
        """A copy with the leaves at the given dotted keys (``"renewal.demolition"``) replaced."""
        sections: dict[str, dict[str, Parameter | Table]] = {}
        for key, leaf in leaves.items():
            section, name = key.split(".")
            sections.setdefault(section, {})[name] = leaf
        update = {s: getattr(self, s).model_copy(update=f) for s, f in sections.items()}
        return self.model_copy(update=update)

    def leaves(self) -> Iterator[tuple[str, Leaf]]:
        """Every parameter with its dotted key, e.g. ``("renewal.demolition", Parameter(...))``."""
        yield from _walk("", self)


def _walk(prefix: str, node: Any) -> Iterator[tuple[str, Leaf]]:
    if isinstance(node, Parameter | Table | Switch | DataFile | Choice):
        yield prefix, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk(f"{prefix}.{name}" if prefix else name, getattr(node, name))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(f"{prefix}.{key}", value)
