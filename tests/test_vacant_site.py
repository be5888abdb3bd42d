"""Doorschuiven onto a vacant site (issue #12 §3): a block without dwellings, with the value of its
land (``site_value``), on which a renewal phase builds first, so that the owners of the next block
move straight into a new home. Hand calculations on examples/mini in a flat world
(tests.test_engine.FLAT: no indexation, no plan costs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import EXAMPLES
from tests.test_engine import FLAT, category
from wijkaanpak.analysis.evaluate import evaluate_plan
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.inputs import Inputs, prepare
from wijkaanpak.model.issues import InputError
from wijkaanpak.model.ledger import CATEGORY_LIST
from wijkaanpak.model.plan import Intervention, Plan

# a former school plot of 40 m × 30 m = 1,200 m² next to the blocks, land worth 100,000
SITE = 'S,"Voormalig schoolterrein",100000,"POLYGON ((105100 423000, 105140 423000, 105140 423030, 105100 423030, 105100 423000))"'


def _mini(tmp: Path, site_row: str = SITE) -> Inputs:
    folder = tmp / "mini"
    shutil.copytree(EXAMPLES / "mini", folder)
    lines = (EXAMPLES / "mini" / "blocks.csv").read_text("utf-8").splitlines()
    head = lines[0].replace("geometry", "site_value,geometry")
    rows = [line.replace(',"POLYGON', ',,"POLYGON', 1) for line in lines[1:]]
    (folder / "blocks.csv").write_text("\n".join([head, *rows, site_row]) + "\n", "utf-8")
    path = tmp / "flat.yaml"
    path.write_text(FLAT, "utf-8")
    return prepare(read_neighbourhood(folder), load_assumptions(path))


def _plan(inp: Inputs, site: Intervention | None, **extra: object) -> Plan:
    blocks = {
        "A": Intervention(intervention="renew", densification=1.5, start_year=inp.year0 + 4),
        "B": Intervention(intervention="none"),
    }
    if site is not None:
        blocks["S"] = site
    return Plan(name="p", default=Intervention(intervention="none"), blocks=blocks, **extra)


def test_owners_move_straight_into_homes_on_a_vacant_site(tmp_path: Path) -> None:
    inp = _mini(tmp_path)
    first = Intervention(intervention="renew", new_homes=6, start_year=inp.year0 + 1)
    built = evaluate_plan(_plan(inp, first, doorschuiven=True), inp)
    alone = evaluate_plan(_plan(inp, None, doorschuiven=True), inp)
    c, c0 = built.evaluation.counts, alone.evaluation.counts
    # the site's 6 homes are delivered in year 1 + 3 (build_years) = 4, the year block A starts:
    # A's returning owners move straight in, none needs a temporary home
    assert c0["temporary_housing_households"] > 0
    assert c["temporary_housing_households"] == 0
    assert c["returning_owners"] == c0["returning_owners"]
    assert c["vacant_sites_built"] == 1
    assert c["new_homes"] == c0["new_homes"] + 6
    assert c["demolished"] == c0["demolished"]  # nothing to demolish on the site
    # the land: 100,000 in year 1 (flat world), a real cost (its other use given up)
    land = built.evaluation.ledger.actor("municipality")[CATEGORY_LIST.index("vacant_site")]
    assert np.flatnonzero(land).tolist() == [1]
    assert land[1] == pytest.approx(-100_000)
    # site preparation on its 1,200 m² (renewal.site_preparation per m²)
    prep = inp.assumptions.renewal.site_preparation.value * 1_200
    site_prep = category(built, "municipality", "site_preparation")
    assert site_prep - category(alone, "municipality", "site_preparation") == pytest.approx(-prep)


def test_the_plans_default_leaves_a_vacant_site_alone(tmp_path: Path) -> None:
    inp = _mini(tmp_path)
    for name in ("all-renew", "all-repair", "mix"):
        counts = evaluate_plan(name, inp).evaluation.counts
        assert counts["vacant_sites_built"] == 0, name


def test_a_site_must_be_renewed_with_a_number_of_homes(tmp_path: Path) -> None:
    inp = _mini(tmp_path)
    with pytest.raises(InputError, match=r"block S.*new_homes"):
        evaluate_plan(_plan(inp, Intervention(intervention="renew")), inp)
    with pytest.raises(InputError, match=r"block S.*no homes to repair"):
        evaluate_plan(_plan(inp, Intervention(intervention="repair")), inp)
    # 1,200 m² × max FSI 2.5 = 3,000 m² gross: 60 homes of 75–110 m² do not fit
    with pytest.raises(InputError, match=r"block S.*gross floor area"):
        evaluate_plan(_plan(inp, Intervention(intervention="renew", new_homes=60)), inp)


def test_a_block_without_dwellings_needs_a_site_value(tmp_path: Path) -> None:
    row = SITE.replace(",100000,", ",,")
    with pytest.raises(InputError, match=r"blocks.csv, row 4 \(S\).*give site_value"):
        _mini(tmp_path, row)


def test_the_densification_curve_leaves_the_sites_homes(tmp_path: Path) -> None:
    from wijkaanpak.model.engine import assign, fitted, scheduled

    inp = _mini(tmp_path)
    plan = _plan(inp, Intervention(intervention="renew", new_homes=6, start_year=inp.year0 + 1))
    base = assign(plan, inp)
    s = list(inp.block_ids).index("S")
    assert base.fixed_homes[s] and base.densification[s] == 6  # homes = 6 × 1 on a site
    fit = plan.model_copy(update={"fit_to_space": True})
    assert scheduled(inp, fit, fitted(inp, fit, base)).densification[s] == 6
