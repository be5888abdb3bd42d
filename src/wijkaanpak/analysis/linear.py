"""The optimiser's linear model of a plan (issue #15 §2): per block a few options, and what each
option adds to every quantity the optimiser looks at, measured with the exact engine.

**Options.** Per block ``none``, ``repair`` and ``renew`` at a few densification levels (default
:data:`DEFAULT_LEVELS` up to ``renewal.densification_cap``). A level that does not fit on the block
(:mod:`wijkaanpak.model.space`) is lowered to the largest that fits (on the 0.05 grid, as the
built-in plans do); levels that end up equal are one option. A vacant site is left alone.

**Linearisation.** Around a base plan (default: ``all-none``, the nulalternatief) the contribution
of option *o* on block *b* to quantity *q* is

    Δq[b, o] = q(base plan with only block b set to o) − q(base plan),

each term an exact engine evaluation. The linear model of a plan is then
q(base) + Σ_b Δq[b, o_b]. It ignores the interactions between blocks: the interest on the
exploitation's running balance (its term ends with the last renewed block), the market's yearly
take-up of new homes (:func:`capacity.absorb`), start years the capacity would move, and
doorschuiven. The optimiser therefore re-evaluates every plan it proposes with the exact engine and
reports the gap (:mod:`wijkaanpak.analysis.optimise`).

An option the engine refuses on its own (a block larger than one year's capacity, new homes that do
not fit even at 0.5×) is dropped, with the engine's reason kept in :attr:`Linear.dropped`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from wijkaanpak.analysis.evaluate import Result
from wijkaanpak.model import programme, space
from wijkaanpak.model.engine import assign, evaluate
from wijkaanpak.model.finance import FloatArray
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.plan import FIRST_YEAR, LAST_YEAR, Intervention, Plan
from wijkaanpak.model.swap import summary as swap_summary

#: Densification levels offered for renewal when none are given [-]. *Assumption*: like for like,
#: halfway and the cap (``renewal.densification_cap``, 1.5, the report's "no more than 1.5×");
#: levels above the cap are left out.
DEFAULT_LEVELS = (1.0, 1.25, 1.5)

#: The quantities of a plan the optimiser uses, each a sum over blocks in the linear model.
QUANTITIES = (
    "mkba",  # MKBA balance [EUR, real, peildatum, mkba.discount_rate]
    "exploitation",  # GREX NPV [EUR, nominal flows, peildatum, general.discount_rate]
    "returning_candidates",  # owner households in renewed blocks who did not say no [-]
    "returning_closed_purse",  # of whom can return with closed purses [-]
    "tenants_displaced",  # tenant households to rehouse [-]
    "net_new_homes",  # new homes − dwellings demolished [-]
)

NONE_OPTION = "none"


@dataclass(frozen=True)
class Option:
    """One choice for one block."""

    block: int  # block index in the Inputs
    label: str  # ``none``, ``repair`` or ``renew@1.50``; with a start year ``repair/2030``
    intervention: Intervention

    @property
    def kind(self) -> str:
        """``none``, ``repair`` or ``renew``. [-]"""
        return self.intervention.intervention


@dataclass(frozen=True)
class Linear:
    """The linear model: one variable per block and option; ``none`` is each block's first."""

    inputs: Inputs
    options: list[Option]  # one per variable, grouped by block in block order
    base: dict[str, float]  # the base plan's quantities
    base_choice: dict[int, str]  # block index → option label of the base plan
    delta: dict[str, FloatArray]  # per quantity: contribution of each variable [unit of q]
    demolished: FloatArray  # dwellings demolished by each variable [-]
    new_homes: FloatArray  # new homes built by each variable [-]
    start: np.ndarray  # start year index of each variable: its own, else the block's planned [-]
    dropped: list[tuple[str, str, str]]  # (block id, option, the engine's reason)
    evaluations: int  # exact evaluations it took [-]

    @property
    def var_block(self) -> np.ndarray:
        """Block index of each variable. [-]"""
        return np.array([o.block for o in self.options], dtype=int)

    def is_renew(self) -> np.ndarray:
        """Per variable: a renewal option. [-]"""
        return np.array([o.kind == "renew" for o in self.options], dtype=bool)

    def value(self, quantity: str, chosen: np.ndarray) -> float:
        """The linear model's value of ``quantity`` for the variables ``chosen`` (a 0/1 vector
        with one 1 per block). [unit of the quantity]"""
        return float(self.base[quantity] + self.delta[quantity] @ chosen)


def check_start_years(inp: Inputs, start_years: tuple[int, ...]) -> tuple[int, ...]:
    """The start years offered (sorted, once each); each must lie after the peildatum and within
    the analysis period, else :class:`InputError` naming it. [yr]"""
    # within a plan file's years too (Intervention.start_year)
    first = max(inp.year0 + 1, FIRST_YEAR)
    last = min(inp.year0 + inp.horizon - 1, LAST_YEAR)
    wrong = [y for y in start_years if not first <= y <= last]
    if wrong:
        msg = (
            f"start year(s) {', '.join(map(str, wrong))} outside the analysis period: "
            f"choose years from {first} to {last}"
        )
        raise InputError([_issue("start_years", msg)])
    return tuple(sorted(set(start_years)))


def block_options(
    inp: Inputs, levels: tuple[float, ...] = DEFAULT_LEVELS, start_years: tuple[int, ...] = ()
) -> dict[int, list[Option]]:
    """Per block: ``none``, ``repair`` and ``renew`` at each level up to the cap, each lowered to
    the largest densification that fits on the block; duplicates removed. A vacant site gets
    ``none`` only. With ``start_years``, every repair and renewal also once per start year
    (labels ``repair/2030``, ``renew@1.50/2030``) besides at the block's planned start, so that
    offering start years can only improve the linear model's optimum."""
    years = check_start_years(inp, start_years)
    cap = inp.assumptions.renewal.densification_cap.value
    usable = sorted({round(k, 4) for k in levels if 0.5 <= k <= cap + 1e-9})
    if not usable:
        msg = f"no densification level between 0.5 and the cap ({cap:g}); got {levels}"
        raise InputError([_issue("levels", msg)])
    houses = np.flatnonzero(~inp.b_site)
    shares = np.tile(programme.default_shares(inp), (len(houses), 1))
    fitted = {
        k: space.largest_fitting(
            inp, houses, inp.b_base[houses], np.full(len(houses), k), shares, parking_hub=True
        )
        for k in usable
    }
    out: dict[int, list[Option]] = {}
    for b in range(len(inp.block_ids)):
        out[b] = [Option(b, NONE_OPTION, Intervention(intervention="none"))]
    for j, b in enumerate(houses.tolist()):
        chosen = [("repair", Intervention(intervention="repair"))]
        seen: set[float] = set()
        for k in usable:
            eff = round(float(fitted[k][j]), 2)
            if eff not in seen:
                seen.add(eff)
                renew = Intervention(intervention="renew", densification=eff)
                chosen.append((f"renew@{eff:.2f}", renew))
        for label, choice in chosen:
            out[b].append(Option(b, label, choice))  # at the block's planned start
            for y in years:
                timed = choice.model_copy(update={"start_year": y})
                out[b].append(Option(b, f"{label}/{y}", timed))
    return out


def make_plan(inp: Inputs, name: str, choice: Mapping[int, Option]) -> Plan:
    """A plan file's worth: the default ``none`` and every other block's option, with explicit
    densification (already fitted to the space, so ``fit_to_space`` is off)."""
    blocks = {
        str(inp.block_ids[b]): o.intervention
        for b, o in sorted(choice.items())
        if o.kind != NONE_OPTION
    }
    return Plan(name=name, default=Intervention(intervention="none"), blocks=blocks)


def quantities(result: Result) -> dict[str, float]:
    """The :data:`QUANTITIES` of an exact evaluation. [EUR or count, see QUANTITIES]"""
    e = result.evaluation
    counts = e.counts
    renewing = bool((e.assignment.code == 2).any())
    homes = swap_summary(result.swap, e.inputs) if renewing else {}
    return {
        "mkba": e.mkba.balance,
        "exploitation": e.exploitation_npv,
        "returning_candidates": homes.get("returning_candidates", 0.0),
        "returning_closed_purse": homes.get("returning_closed_purse", 0.0),
        "tenants_displaced": counts.get("tenants_to_rehouse", 0.0),
        "net_new_homes": counts.get("new_homes", 0.0) - counts.get("demolished", 0.0),
    }


def exact(inp: Inputs, plan: Plan) -> Result:
    """The exact engine's evaluation of ``plan``."""
    return Result(evaluate(inp, plan))


def linearise(
    inp: Inputs,
    options: dict[int, list[Option]],
    base_choice: Mapping[int, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Linear:
    """Measure each option's contribution around the base plan (default all-none) with the exact
    engine, one block changed at a time (see the module docstring)."""
    chosen = {b: _find(options[b], (base_choice or {}).get(b, NONE_OPTION)) for b in options}
    base_plan = make_plan(inp, "base", chosen)
    base = quantities(exact(inp, base_plan))
    start = assign(base_plan, inp).planned_start
    kept: list[Option] = []
    rows: list[dict[str, float]] = []
    dem: list[float] = []
    new: list[float] = []
    dropped: list[tuple[str, str, str]] = []
    total = sum(len(v) for v in options.values())
    done = 0
    for b, opts in options.items():
        for o in opts:
            done += 1
            if progress is not None:
                progress(done, total)
            if o.label == chosen[b].label:
                kept.append(o)
                rows.append(dict.fromkeys(QUANTITIES, 0.0))
                dem.append(_demolished(inp, o))
                new.append(_new_homes(inp, o))
                continue
            try:
                q = quantities(exact(inp, make_plan(inp, "option", {**chosen, b: o})))
            except InputError as err:
                dropped.append((str(inp.block_ids[b]), o.label, str(err.issues[0].message)))
                continue
            kept.append(o)
            rows.append({k: q[k] - base[k] for k in QUANTITIES})
            dem.append(_demolished(inp, o))
            new.append(_new_homes(inp, o))
    return Linear(
        inputs=inp,
        options=kept,
        base=base,
        base_choice={b: o.label for b, o in chosen.items()},
        delta={k: np.array([r[k] for r in rows]) for k in QUANTITIES},
        demolished=np.array(dem),
        new_homes=np.array(new),
        start=np.array(
            [
                start[o.block]
                if o.intervention.start_year is None
                else o.intervention.start_year - inp.year0
                for o in kept
            ],
            dtype=int,
        ),
        dropped=dropped,
        evaluations=total - len(options) + 1,
    )


def _demolished(inp: Inputs, o: Option) -> float:
    return float(inp.b_dwellings[o.block]) if o.kind == "renew" else 0.0


def _new_homes(inp: Inputs, o: Option) -> float:
    if o.kind != "renew":
        return 0.0
    b = np.array([o.block])
    shares = programme.default_shares(inp)[None, :]
    k = np.array([o.intervention.densification])
    return float(programme.homes(inp, b, inp.b_base[b], k, shares).per_block[0])


def _find(opts: list[Option], label: str) -> Option:
    for o in opts:
        if o.label == label:
            return o
    msg = f"no option {label!r} for this block; options: {', '.join(o.label for o in opts)}"
    raise InputError([_issue("base", msg)])


def _issue(field: str, message: str) -> Issue:
    return Issue("optimiser", "", field, message)
