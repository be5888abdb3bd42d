"""Plans: one intervention per block plus neighbourhood-wide measures (scenarios as data).

The report's three scenarios are the built-in plans ``all-none`` (1, niets doen), ``all-repair``
(2, funderingsherstel per blok) and ``all-renew`` (3, stadsvernieuwing); any other assignment is a
mixed plan. A plan file (YAML/JSON, read by :mod:`wijkaanpak.io.plans`) looks like::

    name: mix
    default: {intervention: repair}
    blocks:
      B1A01: {intervention: renew, densification: 1.5}
      B1A02: {intervention: renew, densification: 1.5, start_year: 2029}
    measures: {parking_hub: true}
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

INTERVENTIONS = ("none", "repair", "renew")
LABELS = ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")


class Intervention(BaseModel):
    """What happens to one block."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intervention: Literal["none", "repair", "renew"]
    start_year: int | None = Field(default=None, ge=2000, le=2100)
    densification: float = Field(default=1.0, ge=0.5, le=4.0)
    target_label: (
        Literal["A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G"] | None
    ) = None
    write_down: bool = False  # renew: deduct future repair costs from the intake value

    @model_validator(mode="after")
    def _fits(self) -> Self:
        if self.intervention != "renew" and self.densification != 1.0:
            msg = "densification applies only to intervention 'renew'"
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


class Plan(BaseModel):
    """An intervention for every block (``default`` for blocks not listed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    default: Intervention
    blocks: dict[str, Intervention] = Field(default_factory=dict)
    measures: Measures = Field(default_factory=Measures)
    phasing_years: int = Field(default=10, ge=1, le=40)  # blocks without a start year: spread
    intake: Literal["woz", "model", "appraisal"] = "woz"  # how intake values are set (report §5b)

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
    return Plan(name=name, default=plans[name])


BUILTIN_PLANS = ("all-none", "all-repair", "all-renew")
