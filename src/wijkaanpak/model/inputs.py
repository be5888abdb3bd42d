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
from wijkaanpak.model.lookup import Coded, coded, mapped, positions, shared_labels
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


def _repair_cost(f: Facts, a: Assumptions) -> FloatArray:
    """Block-wise foundation repair per dwelling: footprint × cost by foundation type, research,
    jacking for subsided blocks, floor insulation. [EUR, price level of the peildatum]"""
    fd = a.foundation
    per_m2 = np.select(
        [f.d_wood, f.d_piled],
        [at_peildatum(fd.repair_cost_wood, a), at_peildatum(fd.repair_cost_concrete, a)],
        at_peildatum(fd.repair_cost_shallow, a),
    )
    footprint = f.d_footprint
    jack = f.d_block_level <= fd.jacking_threshold.value  # a block without levels: no jacking
    jacking = np.where(jack, at_peildatum(fd.jacking_cost, a) * footprint, 0.0)
    insulation = at_peildatum(fd.floor_insulation, a) * footprint
    return np.asarray(
        per_m2 * footprint + at_peildatum(fd.research_cost, a) + jacking + insulation, dtype=float
    )


def _damage_growth(f: Facts, a: Assumptions) -> FloatArray:
    """Real growth of the repair cost per year of postponement, by foundation group, scaled with
    the subsidence rate against the reference rate (factor 0.5–2). [1/yr]"""
    fd = a.foundation
    growth = fd.damage_growth.values
    base = np.select([f.d_wood, f.d_piled], [growth["wood"], growth["piled"]], growth["shallow"])
    rate = np.where(np.isnan(f.d_subsidence), fd.reference_subsidence.value, f.d_subsidence)
    scale = np.clip(rate / fd.reference_subsidence.value, 0.5, 2.0)
    return np.asarray(base / 100.0 * scale, dtype=float)


def _known(d_damaged: np.ndarray, d_crit: FloatArray, a: Assumptions) -> FloatArray:
    """Year index from which a dwelling's foundation problems are known: the peildatum for damage
    class moderate or worse, else ``known_before_critical`` years before repair is unavoidable."""
    lead = a.foundation.known_before_critical.value
    return np.where(d_damaged, 0.0, np.maximum(d_crit - lead, 0.0))


def _years_until_critical(f: Facts, a: Assumptions) -> FloatArray:
    fd = a.foundation
    table = {**fd.years_until_critical.values}
    # one look-up per distinct class (Series.map on a million Arrow strings loops in Python)
    base = np.asarray(f.d_damage_class.mapped(table, np.nan), dtype=float)
    base = np.where(np.isnan(base), table.get("slight", 20.0), base)
    speed = np.clip(fd.reference_subsidence.value / np.maximum(f.d_subsidence, 0.1), 0.5, 1.5)
    years = base * speed
    years = np.where(np.isnan(f.d_term), years, f.d_term)
    return np.where(f.d_piled, np.inf, np.floor(years))


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


@dataclass(frozen=True)
class Facts:
    """The neighbourhood as arrays, before any assumption (:func:`facts`): made once, then
    combined with each set of assumptions (:func:`prepare`) — the risk analysis prepares
    thousands of sets on one neighbourhood, and the pandas work here is most of a preparation.
    Units as in :class:`Inputs`; nan where a value is not given."""

    label: str
    block_ids: np.ndarray
    d_block: np.ndarray
    d_id: pd.Index
    d_tenure: np.ndarray
    d_owner: np.ndarray  # owner-occupied
    d_footprint: FloatArray
    d_level: FloatArray  # missing: 0
    d_block_level: FloatArray  # mean ground floor level of the dwelling's block (nan: none)
    d_woz: FloatArray
    d_woz_year: FloatArray
    d_floor_area: FloatArray
    d_apartment: np.ndarray
    d_appraisal: FloatArray
    d_wood: np.ndarray
    d_piled: np.ndarray
    d_subsidence: FloatArray
    d_term: FloatArray  # enforcement term [yr]
    d_damage_class: Coded
    d_damaged: np.ndarray
    d_label_rank: np.ndarray
    d_wish: FloatArray  # the wish of the household living there: 1 yes, 0 no, nan otherwise
    d_household: np.ndarray  # a household lives there
    h_dwelling: np.ndarray
    h_income_1: FloatArray
    h_income_2: FloatArray
    h_age: FloatArray
    h_adults: FloatArray
    h_pension: FloatArray
    h_mortgage: FloatArray
    h_rate: FloatArray
    h_term: FloatArray
    h_interest_only: FloatArray
    h_wish: np.ndarray
    h_savings: FloatArray
    h_preference: np.ndarray
    h_id: pd.Index
    b_area: FloatArray
    b_counts: FloatArray  # dwellings per block
    b_nonres_units: FloatArray
    b_nonres_area: FloatArray  # nan: from the units and the assumptions
    b_nonres_value: FloatArray  # nan: from the area and the assumptions
    b_site_value: FloatArray
    street_area: float
    green_area: float
    parking_spaces: float
    sewer_build_year: FloatArray
    sewer_length: FloatArray


def _column(frame: pd.DataFrame, name: str) -> FloatArray:
    """A column of numbers as floats, nan where missing or not a number (absent: all nan)."""
    if name not in frame:
        return np.full(len(frame), np.nan)
    return np.asarray(pd.to_numeric(frame[name], errors="coerce"), dtype=float)


def facts(nbh: Neighbourhood) -> Facts:
    """:class:`Facts` of a validated neighbourhood; its arrays are read-only, as every
    :class:`Inputs` prepared from it shares them."""
    made = _facts(nbh)
    for value in vars(made).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return made


def _facts(nbh: Neighbourhood) -> Facts:
    d, hh, ps = nbh.dwellings, nbh.households, nbh.public_space
    block_ids = np.asarray(nbh.blocks.index, dtype=object)
    d_block = positions(d["block_id"], nbh.blocks.index)
    block_level = d.groupby("block_id")["ground_floor_level"].transform("mean").astype(float)
    wish = mapped(hh["wish_to_return"], {"yes": 1.0, "no": 0.0}, np.nan).astype(float)
    h_dwelling = positions(hh["dwelling_id"], d.index)
    lives = h_dwelling >= 0  # always, once validated
    by_dwelling = np.full(len(d), np.nan)
    by_dwelling[h_dwelling[lives]] = wish[lives]
    household = np.zeros(len(d), dtype=bool)
    household[h_dwelling[lives]] = True
    wood, piled = _wood_and_piled(d)
    labels = ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")
    counts = np.bincount(d_block, minlength=len(block_ids)).astype(float)
    return Facts(
        label=nbh.label,
        block_ids=block_ids,
        d_block=d_block,
        d_id=d.index,
        d_tenure=mapped(d["tenure"], _TENURE_CODE, -1).astype(int),
        d_owner=(d["tenure"] == "owner_occupier").to_numpy(dtype=bool, na_value=False),
        d_footprint=d["footprint"].to_numpy(dtype=float),
        d_level=d["ground_floor_level"].to_numpy(dtype=float, na_value=0.0),
        d_block_level=block_level.to_numpy(dtype=float, na_value=np.nan),
        d_woz=d["woz_value"].to_numpy(dtype=float),
        d_woz_year=d["woz_reference_date"].dt.year.to_numpy(dtype=float),
        d_floor_area=d["floor_area"].to_numpy(dtype=float),
        # an array, not a Series (see _wood_and_piled)
        d_apartment=d["dwelling_type"].str.startswith("apartment").to_numpy(dtype=bool),
        d_appraisal=d["appraisal_value"].to_numpy(dtype=float, na_value=np.nan),
        d_wood=wood,
        d_piled=piled,
        d_subsidence=d["subsidence_rate"].to_numpy(dtype=float, na_value=np.nan),
        d_term=d["enforcement_term"].to_numpy(dtype=float, na_value=np.nan),
        d_damage_class=coded(d["damage_class"]),
        d_damaged=d["damage_class"].isin(DAMAGED).to_numpy(),
        d_label_rank=mapped(d["energy_label"], {lab: i for i, lab in enumerate(labels)}, -1).astype(
            int
        ),
        d_wish=by_dwelling,
        d_household=household,
        h_dwelling=h_dwelling,
        h_income_1=hh["income_1"].to_numpy(dtype=float, na_value=0.0),
        h_income_2=hh["income_2"].to_numpy(dtype=float, na_value=0.0),
        h_age=hh[["age_1", "age_2"]].astype(float).max(axis=1).to_numpy(dtype=float, na_value=0.0),
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
        b_area=_plan_area(nbh, block_ids, d_block),
        b_counts=counts,
        b_nonres_units=np.nan_to_num(_column(nbh.blocks, "non_residential_units")),
        b_nonres_area=_column(nbh.blocks, "non_residential_floor_area"),
        b_nonres_value=_column(nbh.blocks, "non_residential_value"),
        b_site_value=np.nan_to_num(_column(nbh.blocks, "site_value")),
        street_area=float(ps["street_area"].sum()) if len(ps) else 0.0,
        green_area=float(ps["green_area"].sum()) if len(ps) else 0.0,
        parking_spaces=float(ps["parking_spaces"].sum()) if len(ps) else 0.0,
        sewer_build_year=ps["sewer_build_year"]
        .astype(float)
        .to_numpy(dtype=float, na_value=np.nan),
        sewer_length=ps["sewer_length"].to_numpy(dtype=float),
    )


def prepare(nbh: Neighbourhood | Facts, a: Assumptions) -> Inputs:
    """Build :class:`Inputs` for one neighbourhood (or its :class:`Facts`, made once for many sets
    of assumptions) and one set of assumptions."""
    f = nbh if isinstance(nbh, Facts) else facts(nbh)
    year0 = int(a.general.reference_year.value)
    unknown = a.renewal.return_share_if_unknown.value
    # a household's wish to return: yes 1, no 0, else the assumption for an unknown wish
    wish = np.where(f.d_household & np.isnan(f.d_wish), unknown, f.d_wish)
    d_return = np.where(f.d_owner, wish, 0.0)
    d_return = np.where(
        f.d_owner & ~f.d_household,
        unknown if len(f.h_id) == 0 else 0.0,
        np.nan_to_num(d_return),
    )
    due = f.sewer_build_year + a.public_space.sewer_lifetime.value - year0
    has_sewer = ~np.isnan(due) & (f.sewer_length > 0)
    tenant = ~f.d_owner & f.d_household
    crit = _years_until_critical(f, a)
    model_value = a.renewal.model_value.values
    return Inputs(
        assumptions=a,
        label=f.label,
        year0=year0,
        horizon=int(a.general.horizon.value),
        block_ids=f.block_ids,
        d_block=f.d_block,
        d_id=f.d_id,
        d_tenure=f.d_tenure,
        d_footprint=f.d_footprint,
        d_level=f.d_level,
        d_woz=f.d_woz,
        d_woz_year=f.d_woz_year,
        d_model_value=f.d_floor_area
        * np.where(f.d_apartment, model_value["apartment"], model_value["ground_bound"]),
        d_appraisal=f.d_appraisal,
        d_repair_cost=_repair_cost(f, a),
        d_crit=crit,
        d_damaged=f.d_damaged,
        d_known=_known(f.d_damaged, crit, a),
        d_damage_growth=_damage_growth(f, a),
        d_label_rank=f.d_label_rank,
        d_return=np.asarray(d_return, dtype=float),
        d_tenant=tenant,
        d_assoc_tenant=tenant & (f.d_tenure == _TENURE_CODE["housing_association"]),
        d_tenant_return=np.where(tenant, np.nan_to_num(wish), 0.0),
        d_floor_area=f.d_floor_area,
        d_ground_bound=~f.d_apartment,
        h_dwelling=f.h_dwelling,
        h_income_1=f.h_income_1,
        h_income_2=f.h_income_2,
        h_age=f.h_age,
        h_adults=f.h_adults,
        h_pension=f.h_pension,
        h_mortgage=f.h_mortgage,
        h_rate=f.h_rate,
        h_term=f.h_term,
        h_interest_only=f.h_interest_only,
        h_wish=f.h_wish,
        h_savings=f.h_savings,
        h_preference=f.h_preference,
        h_id=f.h_id,
        b_area=f.b_area,
        b_share=f.b_counts / f.b_counts.sum(),
        street_area=f.street_area,
        green_area=f.green_area,
        parking_spaces=f.parking_spaces,
        sewer_due=np.clip(due[has_sewer], 0, None),
        sewer_length=f.sewer_length[has_sewer],
        **_non_residential(f, a),
        b_site_value=f.b_site_value,
    )


def _non_residential(f: Facts, a: Assumptions) -> dict[str, FloatArray]:
    """Non-residential units per block and their market value at the peildatum: the block's
    ``non_residential_value``, else its floor area (or units × ``acquisition.non_residential_floor_area``)
    × ``acquisition.non_residential_value_per_m2`` brought to the peildatum with the house-price
    index. [-], [EUR]"""
    acq = a.acquisition
    units = f.b_nonres_units
    area = np.where(
        np.isnan(f.b_nonres_area), units * acq.non_residential_floor_area.value, f.b_nonres_area
    )
    p = acq.non_residential_value_per_m2
    year0 = a.general.reference_year.value
    per_m2 = p.value * index_factor(house_price_rate(a), p.price_level or year0, year0)
    value = np.where(np.isnan(f.b_nonres_value), area * per_m2, f.b_nonres_value)
    return {"b_nonres_units": units, "b_nonres_value": np.where(units > 0, value, 0.0)}
