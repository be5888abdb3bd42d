"""Engine inputs: the neighbourhood and assumptions as flat arrays, prepared once.

Everything a plan evaluation needs that does not depend on the plan is computed here, so that a
plan change (the web app's hot path) only runs the cheap, vectorised part in :mod:`engine`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd

from wijkaanpak.model.assumptions import Assumptions, Parameter
from wijkaanpak.model.finance import FloatArray, index_factor
from wijkaanpak.model.lookup import mapped, positions, shared_labels
from wijkaanpak.model.neighbourhood import Neighbourhood

TENURE_ACTOR = ("owner_occupiers", "private_landlords", "housing_association")
_TENURE_CODE = {"owner_occupier": 0, "private_rental": 1, "housing_association": 2}
DAMAGED = ("moderate", "severe", "very_severe")  # classes that carry the value discount
PILED = ("concrete", "steel_pile", "weighted_pile")  # sound piles: no repair needed


def pct(p: Parameter) -> float:
    """A percentage parameter as a fraction. [1/yr or -]"""
    return p.value / 100.0


@dataclass(frozen=True)
class Inputs:
    """Plan-independent arrays; ``d_`` per dwelling, ``b_`` per block. Money in EUR at the
    parameter's price level unless said otherwise."""

    assumptions: Assumptions
    label: str
    year0: int  # calendar year of the peildatum [yr]
    horizon: int  # number of years [yr]
    block_ids: np.ndarray
    d_block: np.ndarray  # block index of each dwelling
    d_id: pd.Index  # dwelling ids (BAG verblijfsobject); an Index: no Python string per row
    d_tenure: np.ndarray  # 0 owner-occupier, 1 private rental, 2 housing association
    d_footprint: FloatArray  # [m2]
    d_level: FloatArray  # ground floor relative to the street [m]
    d_woz: FloatArray  # [EUR, price level of d_woz_year]
    d_woz_year: FloatArray  # [yr]
    d_model_value: FloatArray  # floor area × model value per m2 [EUR, price level of model_value]
    d_appraisal: FloatArray  # appraised value at the peildatum, nan when none [EUR]
    d_repair_cost: (
        FloatArray  # block-wise repair incl. research, jacking, insulation [EUR, peildatum]
    )
    d_crit: FloatArray  # year index at which repair becomes unavoidable (inf: never) [-]
    d_damaged: np.ndarray  # carries the foundation-risk value discount until repaired
    d_known: FloatArray  # year index from which foundation problems are known (inf: never) [-]
    d_damage_growth: FloatArray  # real growth of the repair cost while postponed [1/yr]
    d_label_rank: np.ndarray  # 0 = A++++ … 10 = G
    d_return: FloatArray  # expected returning owner households (0–1) [-]
    d_tenant: np.ndarray  # a tenant household lives here
    d_assoc_tenant: np.ndarray  # a housing-association tenant lives here
    d_tenant_return: FloatArray  # expected returning tenant households (0–1), to social rent [-]
    d_floor_area: FloatArray  # [m2]
    d_ground_bound: np.ndarray  # a house (not an apartment)
    h_dwelling: np.ndarray  # dwelling index of each household
    h_income_1: FloatArray  # [EUR/yr]
    h_income_2: FloatArray  # [EUR/yr]
    h_age: FloatArray  # age of the oldest adult [yr]
    h_adults: FloatArray  # adults in the household [-]
    h_pension: FloatArray  # expected gross income after AOW age, nan when unknown [EUR/yr]
    h_mortgage: FloatArray  # outstanding [EUR]
    h_rate: FloatArray  # [%/yr]
    h_term: FloatArray  # remaining term [yr]
    h_interest_only: FloatArray  # interest-only part of h_mortgage [EUR]
    h_wish: np.ndarray  # "yes" / "no" / "unknown"
    h_savings: FloatArray  # [EUR], nan when unknown
    h_preference: np.ndarray  # preferred home type on return (survey), "unknown" when not asked
    h_id: pd.Index  # household ids (pseudonymous); an Index, as d_id
    b_area: FloatArray  # plan area of each block: its plots, else its outline [m2]
    b_share: FloatArray  # each block's share of the neighbourhood's dwellings [-]
    street_area: float  # [m2]
    green_area: float  # [m2]
    parking_spaces: float  # on-street spaces [-]
    sewer_due: FloatArray  # year index each sewer is due for renewal (clipped at 0) [-]
    sewer_length: FloatArray  # [m]
    b_nonres_units: FloatArray  # non-residential units in each block [-]
    b_nonres_value: FloatArray  # their market value together [EUR, peildatum]
    b_site_value: (
        FloatArray  # land value of a vacant site (a block without dwellings) [EUR, peildatum]
    )
    #: owner-occupier who cannot finance the forced individual repair (nulalternatief); all False
    #: when :func:`prepare` got no mortgage norms to judge it
    d_cannot_pay: np.ndarray | None = None

    def cost(self, p: Parameter, year_index: np.ndarray | float) -> FloatArray:
        """``p`` in nominal euros of the given year, indexed with the cost index from its price level."""
        return self.cost_at(at_peildatum(p, self.assumptions), year_index)

    def cost_at(self, amount: FloatArray | float, year_index: np.ndarray | float) -> FloatArray:
        """An amount at the peildatum's price level, in nominal euros of the given year index."""
        i = pct(self.assumptions.finance.cost_index)
        return np.asarray(
            np.asarray(amount) * (1.0 + i) ** np.asarray(year_index, dtype=float), dtype=float
        )

    @cached_property
    def b_dwellings(self) -> FloatArray:
        """Number of dwellings in each block today. [-]"""
        n = len(self.block_ids)
        return np.asarray(np.bincount(self.d_block, minlength=n), dtype=float)

    @cached_property
    def b_site(self) -> np.ndarray:
        """Each block is a vacant site: no dwellings today. [-]"""
        return np.asarray(self.b_dwellings == 0)

    @cached_property
    def b_base(self) -> FloatArray:
        """What a renewal's densification multiplies: the block's dwellings today; 1 on a vacant
        site, whose densification is its number of new homes. [-]"""
        return np.asarray(np.where(self.b_site, 1.0, self.b_dwellings), dtype=float)

    @cached_property
    def b_floor_area(self) -> FloatArray:
        """Usable floor area of each block's dwellings today. [m2]"""
        n = len(self.block_ids)
        return np.asarray(np.bincount(self.d_block, self.d_floor_area, minlength=n), dtype=float)

    @cached_property
    def b_ground_share(self) -> FloatArray:
        """Share of each block's dwellings that are houses (ground-bound) today. [-]"""
        n = len(self.block_ids)
        houses = np.bincount(self.d_block, self.d_ground_bound.astype(float), minlength=n)
        # a vacant site has no homes to keep the type of: no cap on its houses
        return np.asarray(np.where(self.b_site, 1.0, houses / np.maximum(self.b_dwellings, 1)))

    @cached_property
    def value_path(self) -> FloatArray:
        """Market value of each existing dwelling in each year of the horizon. [EUR, nominal]"""
        return self.house_value(np.arange(self.horizon)[None, :])

    def repair_cost(
        self, year_index: np.ndarray, surcharge: float = 0.0, which: np.ndarray | None = None
    ) -> FloatArray:
        """Repair cost of dwellings ``which`` (default: all) if done in ``year_index``: the
        peildatum's cost grown by the damage from the year the problems are known (damage that
        shows grows; before that nothing is there to grow), then indexed with the cost index.
        [EUR, nominal]"""
        sel = slice(None) if which is None else which
        t = np.asarray(year_index, dtype=float)
        growing = np.maximum(t - self.d_known[sel], 0.0)
        grown = (
            self.d_repair_cost[sel]
            * (1.0 + surcharge)
            * (1.0 + self.d_damage_growth[sel]) ** growing
        )
        return self.cost_at(grown, t)

    def house_value(
        self, year_index: np.ndarray | float, which: np.ndarray | None = None
    ) -> FloatArray:
        """Market value of existing dwellings ``which`` (default: all): WOZ indexed with the
        house-price index. [EUR, nominal]"""
        factor = self.woz_factor(year_index, which)
        woz = self.d_woz if which is None else self.d_woz[which]
        return np.asarray((woz if factor.ndim < 2 else woz[:, None]) * factor, dtype=float)

    @property
    def house_price_rate(self) -> float:
        """Yearly price change of existing homes (:func:`house_price_rate`). [1/yr]"""
        return house_price_rate(self.assumptions)

    def woz_factor(
        self, year_index: np.ndarray | float, which: np.ndarray | None = None
    ) -> FloatArray:
        """WOZ peildatum of dwellings ``which`` (default: all) to ``year_index`` with the
        house-price index. A 2-D ``year_index`` gives a [dwelling, year] matrix. [-]"""
        t = np.asarray(year_index)
        woz_year = self.d_woz_year if which is None else self.d_woz_year[which]
        woz_year = woz_year if t.ndim < 2 else woz_year[:, None]
        return index_factor(self.house_price_rate, woz_year, self.year0 + t)

    def revenue_factor(
        self, from_year: float | np.ndarray, year_index: np.ndarray | float
    ) -> FloatArray:
        """Revenue index factor from a calendar year to a year index. [-]"""
        return index_factor(
            pct(self.assumptions.finance.revenue_index),
            from_year,
            self.year0 + np.asarray(year_index),
        )


def house_price_rate(a: Assumptions) -> float:
    """Yearly price change of existing homes: ``finance.woz_index`` when set, else the revenue
    index (one house-price index for existing and new homes). [1/yr]"""
    f = a.finance
    return pct(f.woz_index if f.woz_index is not None else f.revenue_index)


def at_peildatum(p: Parameter, a: Assumptions) -> float:
    """``p`` converted from its price level to the peildatum's with the cost index. [EUR]"""
    year0 = a.general.reference_year.value
    level = p.price_level if p.price_level is not None else year0
    return _indexed_to(p.value, pct(a.finance.cost_index), level, year0)


@lru_cache(maxsize=1024)
def _indexed_to(value: float, rate: float, level: float, year0: float) -> float:
    """``value`` indexed at ``rate`` from ``level`` to ``year0``, kept per set of numbers (every
    plan evaluation converts the same parameters). [EUR]"""
    return float(value * index_factor(rate, level, year0))


def _wood_and_piled(d: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per dwelling: a wooden foundation; a piled (concrete) one. Arrays, not Series: numpy asking
    a Series for ``__array_struct__`` made pandas look the name up among the dwelling ids, building
    a hash table of 918,000 ids for it (≈ 0.2 s per call). [-]"""
    kind = d["foundation_type"].astype(str)
    wood = kind.str.startswith("wood").to_numpy(dtype=bool)
    return wood, kind.isin(PILED).to_numpy(dtype=bool)


def _repair_cost(d: pd.DataFrame, a: Assumptions, block_level: pd.Series) -> FloatArray:
    """Block-wise foundation repair per dwelling: footprint × cost by foundation type, research,
    jacking for subsided blocks, floor insulation. [EUR, price level of the peildatum]"""
    f = a.foundation
    per_m2 = np.select(
        list(_wood_and_piled(d)),
        [at_peildatum(f.repair_cost_wood, a), at_peildatum(f.repair_cost_concrete, a)],
        at_peildatum(f.repair_cost_shallow, a),
    )
    footprint = d["footprint"].to_numpy(dtype=float)
    jack = (block_level <= f.jacking_threshold.value).to_numpy(dtype=bool)
    jacking = np.where(jack, at_peildatum(f.jacking_cost, a) * footprint, 0.0)
    insulation = at_peildatum(f.floor_insulation, a) * footprint
    return np.asarray(
        per_m2 * footprint + at_peildatum(f.research_cost, a) + jacking + insulation, dtype=float
    )


def _damage_growth(d: pd.DataFrame, a: Assumptions) -> FloatArray:
    """Real growth of the repair cost per year of postponement, by foundation group, scaled with
    the subsidence rate against the reference rate (factor 0.5–2). [1/yr]"""
    f = a.foundation
    growth = f.damage_growth.values
    base = np.select(
        list(_wood_and_piled(d)),
        [growth["wood"], growth["piled"]],
        growth["shallow"],
    )
    rate = d["subsidence_rate"].to_numpy(dtype=float, na_value=f.reference_subsidence.value)
    scale = np.clip(rate / f.reference_subsidence.value, 0.5, 2.0)
    return np.asarray(base / 100.0 * scale, dtype=float)


def _known(d_damaged: np.ndarray, d_crit: FloatArray, a: Assumptions) -> FloatArray:
    """Year index from which a dwelling's foundation problems are known: the peildatum for damage
    class moderate or worse, else ``known_before_critical`` years before repair is unavoidable."""
    lead = a.foundation.known_before_critical.value
    return np.where(d_damaged, 0.0, np.maximum(d_crit - lead, 0.0))


def _years_until_critical(d: pd.DataFrame, a: Assumptions) -> FloatArray:
    f = a.foundation
    table = {**f.years_until_critical.values}
    # one look-up per distinct class (Series.map on a million Arrow strings loops in Python)
    base = np.asarray(mapped(d["damage_class"], table, np.nan), dtype=float)
    base = np.where(np.isnan(base), table.get("slight", 20.0), base)
    speed = np.clip(
        f.reference_subsidence.value / np.maximum(d["subsidence_rate"].to_numpy(dtype=float), 0.1),
        0.5,
        1.5,
    )
    years = base * speed
    term = d["enforcement_term"].to_numpy(dtype=float, na_value=np.nan)
    years = np.where(np.isnan(term), years, term)
    concrete = d["foundation_type"].astype(str).isin(PILED).to_numpy()
    return np.where(concrete, np.inf, np.floor(years))


def complete_blocks(d_block: np.ndarray, known: np.ndarray, n: int) -> np.ndarray:
    """Per block (of ``n``): it has dwellings and ``known`` holds for every one of them; dwellings
    with no block (``d_block`` -1) count for none. The same as a group-by ``all`` over the
    dwellings' block ids reindexed to the blocks, from the block positions (a pandas group-by
    ``all`` took ≈ 0.5 s on 918,000 dwellings). [-]

    >>> complete_blocks(np.array([0, 0, 1, -1]), np.array([True, True, False, False]), 3).tolist()
    [True, False, False]
    """
    placed = d_block >= 0
    dwellings = np.bincount(d_block[placed], minlength=n)
    unknown = np.bincount(d_block[placed & ~known], minlength=n)
    return np.asarray((dwellings > 0) & (unknown == 0), dtype=bool)


def _plan_area(nbh: Neighbourhood, block_ids: np.ndarray, d_block: np.ndarray) -> FloatArray:
    """Plan area of each block: the ground of its plots (``plot_area``) where every dwelling's plot
    is known and it exceeds the block outline, else the block geometry's area (which, drawn from
    buildings, may be their footprint only). [m2]"""
    d = nbh.dwellings
    plots = d.groupby("block_id")["plot_area"].sum(min_count=1).reindex(block_ids)
    known = d["plot_area"].notna().to_numpy(dtype=bool)
    plots = plots.where(complete_blocks(d_block, known, len(block_ids))).to_numpy(
        dtype=float, na_value=np.nan
    )
    if nbh.blocks.geometry.notna().all():
        outline = nbh.blocks.geometry.area.to_numpy(dtype=float)
        return np.asarray(np.fmax(outline, plots), dtype=float)
    return np.asarray(np.nan_to_num(plots), dtype=float)


def prepare(nbh: Neighbourhood, a: Assumptions) -> Inputs:
    """Build :class:`Inputs` for one neighbourhood and one set of assumptions."""
    d = nbh.dwellings
    year0 = int(a.general.reference_year.value)
    block_ids = np.asarray(nbh.blocks.index, dtype=object)
    d_block = positions(d["block_id"], nbh.blocks.index)
    block_level = d.groupby("block_id")["ground_floor_level"].transform("mean").astype(float)
    hh = nbh.households
    unknown = a.renewal.return_share_if_unknown.value
    wish = mapped(hh["wish_to_return"], {"yes": 1.0, "no": 0.0}, unknown).astype(float)
    h_dwelling = positions(hh["dwelling_id"], d.index)
    by_dwelling = np.full(len(d), np.nan)  # the wish of the household living there [-]
    lives = h_dwelling >= 0  # always, once validated
    by_dwelling[h_dwelling[lives]] = wish[lives]
    owner = (d["tenure"] == "owner_occupier").to_numpy(dtype=bool, na_value=False)
    has_household = ~np.isnan(by_dwelling)
    d_return = np.where(owner, by_dwelling, 0.0)
    d_return = np.where(
        owner & ~has_household, unknown if len(hh) == 0 else 0.0, np.nan_to_num(d_return)
    )
    labels = ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")
    ps = nbh.public_space
    due = (
        ps["sewer_build_year"].astype(float) + a.public_space.sewer_lifetime.value - year0
    ).to_numpy(dtype=float, na_value=np.nan)
    has_sewer = ~np.isnan(due) & (ps["sewer_length"].to_numpy(dtype=float) > 0)
    b_area = _plan_area(nbh, block_ids, d_block)
    counts = np.bincount(d_block, minlength=len(block_ids)).astype(float)
    tenant = ~owner & has_household
    ages = hh[["age_1", "age_2"]].astype(float).max(axis=1)
    crit = _years_until_critical(d, a)
    damaged = d["damage_class"].isin(DAMAGED).to_numpy()
    # an array, not a Series (see _wood_and_piled)
    apartment = d["dwelling_type"].str.startswith("apartment").to_numpy(dtype=bool)
    return Inputs(
        assumptions=a,
        label=nbh.label,
        year0=year0,
        horizon=int(a.general.horizon.value),
        block_ids=block_ids,
        d_block=d_block,
        d_id=d.index,
        d_tenure=mapped(d["tenure"], _TENURE_CODE, -1).astype(int),
        d_footprint=d["footprint"].to_numpy(dtype=float),
        d_level=d["ground_floor_level"].to_numpy(dtype=float, na_value=0.0),
        d_woz=d["woz_value"].to_numpy(dtype=float),
        d_woz_year=d["woz_reference_date"].dt.year.to_numpy(dtype=float),
        d_model_value=d["floor_area"].to_numpy(dtype=float)
        * np.where(
            apartment,
            a.renewal.model_value.values["apartment"],
            a.renewal.model_value.values["ground_bound"],
        ),
        d_appraisal=d["appraisal_value"].to_numpy(dtype=float, na_value=np.nan),
        d_repair_cost=_repair_cost(d, a, block_level),
        d_crit=crit,
        d_damaged=damaged,
        d_known=_known(damaged, crit, a),
        d_damage_growth=_damage_growth(d, a),
        d_label_rank=mapped(d["energy_label"], {lab: i for i, lab in enumerate(labels)}, -1).astype(
            int
        ),
        d_return=np.asarray(d_return, dtype=float),
        d_tenant=tenant,
        d_assoc_tenant=tenant & (d["tenure"] == "housing_association").to_numpy(),
        d_tenant_return=np.where(tenant, np.nan_to_num(by_dwelling), 0.0),
        d_floor_area=d["floor_area"].to_numpy(dtype=float),
        d_ground_bound=~apartment,
        h_dwelling=h_dwelling,
        h_income_1=hh["income_1"].to_numpy(dtype=float, na_value=0.0),
        h_income_2=hh["income_2"].to_numpy(dtype=float, na_value=0.0),
        h_age=ages.to_numpy(dtype=float, na_value=0.0),
        h_adults=hh["adults"].to_numpy(dtype=float, na_value=1.0),
        h_pension=(
            hh["pension_income"].to_numpy(dtype=float, na_value=np.nan)
            if "pension_income" in hh
            else np.full(len(hh), np.nan)
        ),
        h_mortgage=hh["mortgage_outstanding"].to_numpy(dtype=float, na_value=0.0),
        h_rate=hh["mortgage_rate"].to_numpy(dtype=float, na_value=0.0),
        h_term=hh["mortgage_remaining_term"].to_numpy(dtype=float, na_value=0.0),
        h_interest_only=hh["mortgage_interest_only"].to_numpy(dtype=float, na_value=0.0),
        h_wish=shared_labels(hh["wish_to_return"].astype(str)),
        h_savings=hh["savings"].to_numpy(dtype=float, na_value=np.nan),
        h_preference=shared_labels(hh["preferred_home_type"].astype(str)),
        h_id=hh.index,
        b_area=np.asarray(b_area, dtype=float),
        b_share=counts / counts.sum(),
        street_area=float(ps["street_area"].sum()) if len(ps) else 0.0,
        green_area=float(ps["green_area"].sum()) if len(ps) else 0.0,
        parking_spaces=float(ps["parking_spaces"].sum()) if len(ps) else 0.0,
        sewer_due=np.clip(due[has_sewer], 0, None),
        sewer_length=ps["sewer_length"].to_numpy(dtype=float)[has_sewer],
        **_non_residential(nbh, a),
        b_site_value=np.nan_to_num(
            np.asarray(pd.to_numeric(nbh.blocks["site_value"], errors="coerce"), dtype=float)
            if "site_value" in nbh.blocks
            else np.zeros(len(block_ids))
        ),
    )


def _non_residential(nbh: Neighbourhood, a: Assumptions) -> dict[str, FloatArray]:
    """Non-residential units per block and their market value at the peildatum: the block's
    ``non_residential_value``, else its floor area (or units × ``acquisition.non_residential_floor_area``)
    × ``acquisition.non_residential_value_per_m2`` brought to the peildatum with the house-price
    index. [-], [EUR]"""
    b, acq = nbh.blocks, a.acquisition
    n = len(b)

    def column(name: str) -> FloatArray:
        if name not in b:
            return np.full(n, np.nan)
        return np.asarray(pd.to_numeric(b[name], errors="coerce"), dtype=float)

    units = np.nan_to_num(column("non_residential_units"))
    area = column("non_residential_floor_area")
    area = np.where(np.isnan(area), units * acq.non_residential_floor_area.value, area)
    p = acq.non_residential_value_per_m2
    year0 = a.general.reference_year.value
    per_m2 = p.value * index_factor(house_price_rate(a), p.price_level or year0, year0)
    value = column("non_residential_value")
    value = np.where(np.isnan(value), area * per_m2, value)
    return {"b_nonres_units": units, "b_nonres_value": np.where(units > 0, value, 0.0)}
