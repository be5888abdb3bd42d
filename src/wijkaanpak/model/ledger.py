"""The ledger: every cash flow of a plan, by actor, category and year.

Two kinds of booking keep the three views consistent:

* ``resource``: real money leaving or entering the neighbourhood's economy (construction paid to
  builders, repair work, the value of homes at the horizon). Booked once, on the actor who bears it,
  and also into the societal account.
* ``transfer``: money moving between actors (the WOM pays an owner the intake value, a buyer pays a
  developer). Booked twice, ``−amount`` on the payer and ``+amount`` on the payee; it cancels out in
  the societal view.

The societal account is kept separately from the actor accounts, so "actor NPVs sum to the societal
NPV" is a real check that no flow was booked one-sided.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wijkaanpak.model.finance import FloatArray

ACTORS = (
    "municipality",  # municipality or its WOM (wijkontwikkelingsmaatschappij)
    "owner_occupiers",
    "new_residents",  # buyers of new homes who do not come from the neighbourhood
    "tenants",
    "private_landlords",
    "housing_association",
    "non_residential_owners",  # owners of shops and workshops in the blocks ('overig vastgoed')
    "developers",
    "lenders",  # banks lending to the exploitation
    "water_board",
    "government",  # province / national government (taxes, subsidies)
    "society",  # everyone else: external effects such as CO₂ emissions (MKBA only)
)

#: Categories (grondexploitatie / opstalexploitatie / household terms) and whether they are
#: transfers between actors (True) or real resources (False).
CATEGORIES: dict[str, bool] = {
    "acquisition": True,
    "transfer_tax": True,
    "acquisition_side_costs": False,
    "non_residential_property": False,  # market value of shops and workshops demolished (issue #12)
    "business_relocation": False,  # moving their users' businesses
    "relocation": True,
    "temporary_housing": True,  # rent of a wisselwoning: pays for housing services from elsewhere
    "tenant_rehousing": False,
    "demolition": False,
    "vacant_site": False,  # land of a vacant site built on first: paid for, or its other use given up
    "site_preparation": False,
    "public_space": False,
    "water_storage": False,
    "parking_hub": False,
    "plan_costs": False,
    "land_issue": True,
    "construction": False,
    "sales": True,
    "vat": True,
    "return_discount": True,
    "subsidies": True,
    "financing": True,
    "foundation_repair": False,
    "sustainability": False,
    "energy_transition": False,
    "street_raising": False,
    "sewer_renewal": False,
    "consequential_damage": False,
    "enforcement": False,
    "distressed_sale": True,
    "canon": True,  # ground-lease canon paid by owners of leasehold new homes (issue #12 §4)
    "below_market_rent": True,  # rental new homes: the tenants' share of their value (issue #12)
    "contributions": True,  # parties covering the exploitation's deficit (issue #12 §5)
    "residual_value": False,
}
#: Municipal maintenance and enforcement of the kept neighbourhood: the municipality's own budget,
#: not the WOM's exploitation (issue #11 §4).
MAINTENANCE = ("street_raising", "sewer_renewal", "enforcement")

#: Welfare effects that are not cash flows (MKBA only), and whether they are transfers.
WELFARE: dict[str, bool] = {
    "housing_services": False,  # value of living in a home, per dwelling-year in use
    "foundation_quality": False,  # price effect of known unrepaired (−) or repaired (+) foundations
    "energy": False,  # energy bills without taxes: the resources used
    "energy_tax": True,  # energy tax and VAT on the bills
    "co2": False,  # CO₂ emissions at their shadow price
}
WELFARE_LIST = tuple(WELFARE)
CATEGORY_LIST = tuple(CATEGORIES)
_ACTOR = {a: i for i, a in enumerate(ACTORS)}
TAIL = 100  # years after the horizon kept for costs that are due then [yr]
_CATEGORY = {c: i for i, c in enumerate(CATEGORY_LIST)}
_WELFARE = {c: i for i, c in enumerate(WELFARE_LIST)}


class Ledger:
    """Yearly cash flows ``[actor, category, year]`` plus the societal account ``[category, year]``.

    Amounts are nominal euros of the year they are paid (already indexed). Positive = received.

    Bookings of single flows (:meth:`resource`, :meth:`transfer`) are kept as they come and summed
    into the accounts in one pass when an account is read (:meth:`_settle`): a plan books ≈ 100 of
    them, mostly a few dozen flows each, and one pass costs less than summing each on its own
    (Voorbeeldwijk, all-renew: ≈ 1 ms of 6.5 ms per plan, ``benchmarks/bench_engine.py``).
    """

    def __init__(self, years: int, blocks: int = 0) -> None:
        self.years = years
        self.blocks = blocks  # index ``blocks`` itself stands for "the neighbourhood as a whole"
        self._actors = np.zeros((len(ACTORS), len(CATEGORY_LIST), years))
        self._societal = np.zeros((len(CATEGORY_LIST), years))
        self._by_block = np.zeros((len(ACTORS), blocks + 1, years))  # flows attributed to blocks
        # real costs that fall after the horizon but belong to the homes standing at it (a
        # foundation repair still to come): years ``years … years + TAIL − 1``
        self.later = np.zeros((len(ACTORS), len(CATEGORY_LIST), TAIL))
        self.later_societal = np.zeros((len(CATEGORY_LIST), TAIL))
        self.welfare = np.zeros((len(ACTORS), len(WELFARE_LIST), years))  # non-cash, MKBA only
        self.welfare_societal = np.zeros((len(WELFARE_LIST), years))
        # bookings not yet summed (:meth:`_settle`): per booking its actor, category and whether
        # it is a resource (also society's), and its flows: block-year cell, year index, amount
        self._keys: list[tuple[int, int, bool]] = []
        self._cells: list[np.ndarray] = []
        self._years: list[np.ndarray] = []
        self._amounts: list[FloatArray] = []

    @property
    def actors(self) -> FloatArray:
        """``[actor, category, year]`` flows. [EUR, nominal]"""
        self._settle()
        return self._actors

    @property
    def societal(self) -> FloatArray:
        """``[category, year]`` resources of society (transfers cancel out). [EUR, nominal]"""
        self._settle()
        return self._societal

    @property
    def by_block(self) -> FloatArray:
        """``[actor, block, year]`` flows attributed to blocks; the last block row is the
        neighbourhood as a whole. [EUR, nominal]"""
        self._settle()
        return self._by_block

    def _flows(
        self, year_index: npt.ArrayLike, amounts: npt.ArrayLike, block: npt.ArrayLike | None
    ) -> tuple[np.ndarray, np.ndarray, FloatArray]:
        """One booking's flows: block-year cell, year index and amount, copied (a caller may
        change its arrays afterwards). Flows outside the horizon are left out when settled."""
        a = np.array(amounts, dtype=float).ravel()
        t = np.asarray(year_index)
        if t.size != a.size:
            t = np.broadcast_to(t, np.shape(amounts))
        t = t.astype(np.int64).ravel()
        b = np.asarray(self.blocks if block is None else block)
        if b.size != a.size:
            b = np.broadcast_to(b if b.size != 1 else b.reshape(()), np.shape(amounts))
        return b.astype(np.int64).ravel() * self.years + t, t, a

    def _keep(
        self,
        actor: str,
        category: str,
        flows: tuple[np.ndarray, np.ndarray, FloatArray],
        sign: float = 1.0,
    ) -> None:
        cell, t, a = flows
        self._keys.append((_ACTOR[actor], _CATEGORY[category], not CATEGORIES[category]))
        self._cells.append(cell)
        self._years.append(t)
        self._amounts.append(a if sign > 0 else -a)

    def _settle(self) -> None:
        """Sum the kept bookings into the accounts, in one pass per account; flows outside the
        horizon are left out."""
        if not self._keys:
            return
        keys = np.array(self._keys, dtype=np.int64).reshape(-1, 3)
        counts = [len(a) for a in self._amounts]
        cell, t = np.concatenate(self._cells), np.concatenate(self._years)
        a = np.concatenate(self._amounts)
        for kept in (self._keys, self._cells, self._years, self._amounts):
            kept.clear()
        inside = (t >= 0) & (t < self.years)
        years, blocks, categories = self.years, self.blocks + 1, len(CATEGORY_LIST)
        # a block index outside 0 … blocks is a bug of the caller: its cell would fall in another
        # actor's rows (within the horizon a cell is valid exactly when its block is)
        if (inside & ((cell < 0) | (cell >= blocks * years))).any():
            msg = f"a booking names a block outside 0 … {self.blocks}"
            raise ValueError(msg)
        if not inside.all():
            a, t, cell = np.where(inside, a, 0.0), np.where(inside, t, 0), np.where(inside, cell, 0)
        owner = cell + np.repeat(keys[:, 0] * (blocks * years), counts)
        self._by_block += np.bincount(owner, weights=a, minlength=self._by_block.size).reshape(
            self._by_block.shape
        )
        account = t + np.repeat((keys[:, 0] * categories + keys[:, 1]) * years, counts)
        self._actors += np.bincount(account, weights=a, minlength=self._actors.size).reshape(
            self._actors.shape
        )
        real = np.repeat(keys[:, 2].astype(bool), counts)
        category = t[real] + np.repeat(keys[:, 1] * years, counts)[real]
        self._societal += np.bincount(
            category, weights=a[real], minlength=self._societal.size
        ).reshape(self._societal.shape)

    def resource(
        self,
        actor: str,
        category: str,
        year_index: npt.ArrayLike,
        amounts: npt.ArrayLike,
        block: npt.ArrayLike | None = None,
    ) -> None:
        """Book a real cost (negative) or value (positive) on one actor and on society."""
        if CATEGORIES[category]:
            msg = f"category {category!r} is a transfer; book it with transfer()"
            raise ValueError(msg)
        flows = self._flows(year_index, amounts, block)
        if flows[2].size:
            self._keep(actor, category, flows)

    def resource_later(
        self, actor: str, category: str, year_index: npt.ArrayLike, amounts: npt.ArrayLike
    ) -> None:
        """Book real costs due after the horizon (year indices ≥ ``years``; beyond the tail of
        ``TAIL`` years they are left out)."""
        if CATEGORIES[category]:
            msg = (
                f"category {category!r} is a transfer; only real costs are booked after the horizon"
            )
            raise ValueError(msg)
        k = np.asarray(year_index, dtype=np.int64).ravel() - self.years
        a = np.asarray(amounts, dtype=float).ravel()
        inside = (k >= 0) & (k < TAIL)
        flows = np.bincount(k[inside], weights=a[inside], minlength=TAIL)
        self.later[_ACTOR[actor], _CATEGORY[category]] += flows
        self.later_societal[_CATEGORY[category]] += flows

    def extended(self, flows: FloatArray, later: FloatArray) -> FloatArray:
        """Flows over the horizon followed by those after it, along the last axis."""
        return np.concatenate([flows, later], axis=-1)

    def resource_blocks(self, actor: str, category: str, amounts: FloatArray) -> None:
        """Book a real cost or value already summed per block (rows, the last one the
        neighbourhood as a whole) and year (columns) on one actor and on society."""
        if CATEGORIES[category]:
            msg = f"category {category!r} is a transfer; book it with transfer()"
            raise ValueError(msg)
        yearly = amounts.sum(axis=0)
        self._actors[_ACTOR[actor], _CATEGORY[category]] += yearly
        self._societal[_CATEGORY[category]] += yearly
        self._by_block[_ACTOR[actor]] += amounts

    def transfer(
        self,
        payer: str,
        payee: str,
        category: str,
        year_index: npt.ArrayLike,
        amounts: npt.ArrayLike,
        block: npt.ArrayLike | None = None,
    ) -> None:
        """Book a payment from ``payer`` to ``payee`` (positive amounts; negative reverses it)."""
        if not CATEGORIES[category]:
            msg = f"category {category!r} is a resource; book it with resource()"
            raise ValueError(msg)
        flows = self._flows(year_index, amounts, block)
        if flows[2].size:
            self._keep(payer, category, flows, -1.0)
            self._keep(payee, category, flows)

    def effect(self, actor: str, key: str, amounts: FloatArray) -> None:
        """Book a non-cash welfare effect ``[year]`` (nominal EUR, + = gain) on one actor and society."""
        if WELFARE[key]:
            msg = f"welfare effect {key!r} is a transfer; book it with effect_transfer()"
            raise ValueError(msg)
        self.welfare[_ACTOR[actor], _WELFARE[key]] += amounts
        self.welfare_societal[_WELFARE[key]] += amounts

    def effect_transfer(self, payer: str, payee: str, key: str, amounts: FloatArray) -> None:
        """Book a non-cash transfer ``[year]`` (nominal EUR) from ``payer`` to ``payee``."""
        if not WELFARE[key]:
            msg = f"welfare effect {key!r} is not a transfer; book it with effect()"
            raise ValueError(msg)
        self.welfare[_ACTOR[payer], _WELFARE[key]] -= amounts
        self.welfare[_ACTOR[payee], _WELFARE[key]] += amounts

    def actor(self, name: str) -> FloatArray:
        """``[category, year]`` flows of one actor."""
        return np.asarray(self.actors[_ACTOR[name]], dtype=float)
