"""Non-residential units ('overig vastgoed': shops, workshops) in renewed blocks (issue #12 §6):
bought at market value with transfer tax by kind, their users moved, their value lost to the MKBA;
kept on BAG import. Hand calculations on examples/mini in a flat world (tests.test_engine.FLAT:
no indexation, no plan costs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from tests.test_bag import sources
from tests.test_engine import FLAT, category
from wijkaanpak.analysis.evaluate import evaluate_plan
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.bag import import_bag
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.inputs import Inputs, prepare
from wijkaanpak.model.issues import InputError
from wijkaanpak.model.plan import Intervention, Plan

NO_EXEMPTION = "taxes:\n  wom_exemption: {value: false, source: test}\n"


def _mini(tmp: Path, shops: str, extra: str = "") -> Inputs:
    """examples/mini with block A's non-residential columns set to ``shops`` (units,area,value)."""
    folder = tmp / "mini"
    if not folder.exists():
        shutil.copytree(EXAMPLES / "mini", folder)
    blocks = (EXAMPLES / "mini" / "blocks.csv").read_text("utf-8").splitlines()
    head = blocks[0].replace(
        "geometry",
        "non_residential_units,non_residential_floor_area,non_residential_value,geometry",
    )
    rows = [
        line.replace(',"POLYGON', f',{shops if line.startswith("A,") else "0,,"},"POLYGON', 1)
        for line in blocks[1:]
    ]
    (folder / "blocks.csv").write_text("\n".join([head, *rows]) + "\n", "utf-8")
    path = tmp / "a.yaml"
    path.write_text(FLAT + extra, "utf-8")
    return prepare(read_neighbourhood(folder), load_assumptions(path))


def _renew_a(acquisition: str = "amicable") -> Plan:
    return Plan(
        name="A",
        default=Intervention(intervention="none"),
        blocks={
            "A": Intervention(intervention="renew", densification=1.5, acquisition=acquisition)
        },
    )


def _diff(with_: object, without: object, actor: str, name: str) -> float:
    return category(with_, actor, name) - category(without, actor, name)


def test_shops_are_bought_moved_and_demolished_by_hand(tmp_path: Path) -> None:
    shops = evaluate_plan(_renew_a(), _mini(tmp_path, "2,140,300000"))
    none = evaluate_plan(_renew_a(), _mini(tmp_path / "b", "0,,"))
    assert shops.evaluation.counts["non_residential_units"] == 2
    # flat world: the WOM pays the market value 300,000 (a transfer to the shops' owners) …
    assert _diff(shops, none, "municipality", "acquisition") == pytest.approx(-300_000)
    assert category(shops, "non_residential_owners", "acquisition") == pytest.approx(300_000)
    # … whose buildings, worth 300,000, are demolished: their owners lose that real value
    lost = category(shops, "non_residential_owners", "non_residential_property")
    assert lost == pytest.approx(-300_000)
    # real costs to the WOM: side costs 1.5 % of 300,000 = 4,500; moving two businesses at
    # 25,000 (acquisition.business_relocation); demolition of two units at 15,000 (per dwelling)
    assert _diff(shops, none, "municipality", "acquisition_side_costs") == pytest.approx(-4_500)
    assert category(shops, "municipality", "business_relocation") == pytest.approx(-50_000)
    assert _diff(shops, none, "municipality", "demolition") == pytest.approx(-30_000)
    # the WOM is exempt from transfer tax (art. 15 lid 1 sub o): nothing more
    assert _diff(shops, none, "municipality", "transfer_tax") == pytest.approx(0)
    # the GREX falls by 300,000 + 4,500 + 50,000 + 30,000 (no interest in the flat world)
    grex = shops.evaluation.exploitation_npv - none.evaluation.exploitation_npv
    assert grex == pytest.approx(-384_500)
    # an owner paid the market value is as well off as before (MKBA distribution, any discounting)
    owners = shops.evaluation.mkba.distribution["non_residential_owners"]
    assert owners == pytest.approx(0, abs=1e-6)


def test_transfer_tax_by_kind_without_the_exemption(tmp_path: Path) -> None:
    shops = evaluate_plan(_renew_a(), _mini(tmp_path, "2,140,300000", NO_EXEMPTION))
    none = evaluate_plan(_renew_a(), _mini(tmp_path / "b", "0,,", NO_EXEMPTION))
    # Wet op belastingen van rechtsverkeer art. 14 lid 1 (2026): 10.4 % on non-residential
    # property, against 8 % on the homes (other residential) -> 31,200 more on 300,000
    assert _diff(shops, none, "government", "transfer_tax") == pytest.approx(31_200)
    # the homes' tax at 8 %: block A's four intake values in the flat world
    homes = category(none, "government", "transfer_tax")
    intake = -category(none, "municipality", "acquisition")
    assert homes == pytest.approx(0.08 * intake)


def test_expropriated_shops_get_the_surcharge_and_cost_legal_fees(tmp_path: Path) -> None:
    inp = _mini(tmp_path, "2,140,300000")
    taken = evaluate_plan(_renew_a("expropriation"), inp)
    homes_only = evaluate_plan(_renew_a("expropriation"), _mini(tmp_path / "b", "0,,"))
    # full compensation: 300,000 × 1.15 = 345,000 to the owners; legal costs 2 × 10,000
    assert category(taken, "non_residential_owners", "acquisition") == pytest.approx(345_000)
    side = _diff(taken, homes_only, "municipality", "acquisition_side_costs")
    assert side == pytest.approx(-4_500 - 20_000)
    assert taken.evaluation.mkba.distribution["non_residential_owners"] > 0


def test_value_from_floor_area_or_units(tmp_path: Path) -> None:
    # no value: 140 m² × 2,000 EUR/m² (acquisition.non_residential_value_per_m2; flat: no index)
    by_area = _mini(tmp_path, "2,140,")
    assert by_area.b_nonres_value[0] == pytest.approx(280_000)
    # no floor area either: 2 units × 100 m² (acquisition.non_residential_floor_area) × 2,000
    by_units = _mini(tmp_path / "b", "2,,")
    assert by_units.b_nonres_value[0] == pytest.approx(400_000)
    assert by_units.b_nonres_value[1] == 0


def test_a_value_without_units_is_refused_with_block_and_field(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        _mini(tmp_path, "0,,250000")
    text = str(err.value)
    assert "blocks.csv" in text and "non_residential_value" in text and "row 2 (A)" in text


@settings(max_examples=8, deadline=None)
@given(surcharge=st.floats(0, 50))
def test_the_surcharge_is_a_transfer(
    tmp_path_factory: pytest.TempPathFactory, surcharge: float
) -> None:
    # a transfer moves no welfare: the MKBA balance does not depend on the price the owners get
    tmp = tmp_path_factory.mktemp("s")
    extra = f"acquisition:\n  expropriation_surcharge: {{value: {surcharge}, source: test}}\n"
    base = evaluate_plan(_renew_a("expropriation"), _mini(tmp, "2,140,300000"))
    other = evaluate_plan(_renew_a("expropriation"), _mini(tmp / "b", "2,140,300000", extra))
    assert other.evaluation.mkba.balance == pytest.approx(base.evaluation.mkba.balance, abs=1e-3)


def test_bag_import_keeps_shops_in_blocks(tmp_path: Path) -> None:
    # examples/bag: shop Tuinstraat 14 (65 m², WOZ 195,000 in woningen.csv) in pand 0202 with two
    # homes -> block BLK0002; shop Bloemstraat 11 in a pand touching no homes is left out
    blocks = import_bag(sources()).blocks
    assert blocks.loc["BLK0002", "non_residential_units"] == 1
    assert blocks.loc["BLK0002", "non_residential_floor_area"] == 65
    assert blocks.loc["BLK0002", "non_residential_value"] == 195_000
    assert blocks.loc["BLK0001", "non_residential_units"] == 0
    # a second unit without a WOZ value: the block's value is left to the model (floor area);
    # a garage ('overige gebruiksfunctie' alone) is not counted
    shutil.copytree(EXAMPLES / "bag", tmp_path / "bag")
    vbo = tmp_path / "bag" / "verblijfsobject.csv"
    vbo.write_text(
        vbo.read_text("utf-8")
        + "9999010000000206,kantoorfunctie,30,9999100000000201,Tuinstraat,10,B,,3312AB\n"
        + "9999010000000207,overige gebruiksfunctie,15,9999100000000201,Tuinstraat,10,C,,3312AB\n",
        "utf-8",
    )
    blocks = import_bag(sources(tmp_path / "bag")).blocks
    assert blocks.loc["BLK0002", "non_residential_units"] == 2
    assert blocks.loc["BLK0002", "non_residential_floor_area"] == 95
    assert str(blocks.loc["BLK0002", "non_residential_value"]) in ("nan", "<NA>")
