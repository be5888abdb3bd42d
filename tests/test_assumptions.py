"""Assumptions: every number sourced or labelled, overrides validated (issue #2 §4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.norms import TABLES, load_financing_cost_table
from wijkaanpak.model.assumptions import Parameter, Table
from wijkaanpak.model.issues import InputError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, "utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_assumptions(path)
    return [str(i) for i in info.value.issues]


def test_every_parameter_has_unit_and_provenance() -> None:
    leaves = list(load_assumptions().leaves())
    assert len(leaves) > 60
    for key, leaf in leaves:
        assert leaf.unit, key
        assert (leaf.source is None) != (leaf.assumption is None), key
        if leaf.assumption is not None and not isinstance(getattr(leaf, "value", None), str | bool):
            assert leaf.range is not None, key
        if leaf.unit.startswith("EUR"):
            assert leaf.price_level is not None, key


def test_defaults_from_the_domain_brief() -> None:
    a = load_assumptions()
    assert a.general.discount_rate.value == 2.0  # BBV notitie grondbeleid 2019
    assert a.foundation.repair_cost_wood.value == 1950  # FunderMaps risk model §6.3
    assert a.foundation.repair_cost_shallow.value == 350
    assert a.renewal.densification_cap.value == 1.5  # report: "no more than 1.5×"
    assert a.taxes.wom_exemption.value is True


def test_energy_label_amounts_2025_and_2026_are_both_kept() -> None:
    labels = load_assumptions().mortgage.energy_label_amounts
    # 2025: the report's table (§5b): 50,000 / 40,000 / 30,000 / 20,000 / 10,000 / 5,000 / 0
    assert [
        labels[2025].values[k] for k in ("A++++_guarantee", "A++++", "A+++", "A++", "A", "C", "G")
    ] == [50000, 40000, 30000, 20000, 10000, 5000, 0]
    # 2026: Trhk art. 4 lid 3 (Stcrt. 2025, 36471): 40,000 / 30,000 / 25,000 / 20,000 / 10,000 / 5,000 / 0
    assert [
        labels[2026].values[k] for k in ("A++++_guarantee", "A++++", "A+++", "A++", "A", "C", "G")
    ] == [40000, 30000, 25000, 20000, 10000, 5000, 0]
    sustain = load_assumptions().mortgage.sustainability_amounts[2026].values
    assert (sustain["G"], sustain["D"], sustain["B"], sustain["A++"], sustain["A+++"]) == (
        20000,
        15000,
        10000,
        10000,
        0,
    )


def test_financing_cost_table_2026_matches_the_legal_example() -> None:
    frame = load_financing_cost_table(load_assumptions(), 2026)
    assert set(frame["table"]) == set(TABLES)
    assert len(frame) == 360 and frame.shape[1] == 14  # 4 tables, 12 interest bands
    # Domain brief §6: test income 60,000 at test rate 5.0 % -> 24.6 % (table 1, row 60,000)
    row = frame[(frame["table"] == "1_below_aow") & (frame["income_from_eur"] == 60000)]
    assert row["rate_upto_5.0"].item() == pytest.approx(24.6)
    with pytest.raises(InputError, match="no financing-cost table for 2024"):
        load_financing_cost_table(load_assumptions(), 2024)


def test_override_a_value_with_its_source(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
general:
  discount_rate: {value: 3.0, source: "Our council's 2026 budget rule"}
renewal:
  sale_price:
    values: {ground_bound: 4000, apartment: 4500}
    assumption: "local broker's estimate"
    range: [3500, 5000]
""",
    )
    a = load_assumptions(path)
    assert isinstance(a.general.discount_rate, Parameter)
    assert a.general.discount_rate.value == 3.0
    assert a.general.discount_rate.unit == "%/yr"  # kept from the default
    assert a.general.discount_rate.origin == str(path)
    assert isinstance(a.renewal.sale_price, Table)
    assert a.renewal.sale_price.price_level == 2026
    assert a.renewal.sale_price.source is None  # the default's provenance is not carried over
    assert a.renewal.demolition.origin == "default"


def test_a_changed_value_needs_provenance(tmp_path: Path) -> None:
    (msg,) = problems(write(tmp_path, "general:\n  discount_rate: {value: 3.0}\n"))
    assert "mine.yaml, field 'general.discount_rate'" in msg and "needs a 'source'" in msg


def test_wrong_unit_is_an_error(tmp_path: Path) -> None:
    (msg,) = problems(
        write(tmp_path, "general:\n  discount_rate: {value: 0.03, unit: '1/yr', source: x}\n")
    )
    assert "general" in msg and "unit must be '%/yr', got '1/yr'" in msg


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    (msg,) = problems(
        write(tmp_path, "general:\n  disount_rate: {value: 3.0, unit: '%/yr', source: x}\n")
    )
    assert "general.disount_rate" in msg and "unknown key" in msg


def test_value_outside_its_range(tmp_path: Path) -> None:
    text = "renewal:\n  demolition: {value: 90000, assumption: guess, range: [8000, 30000]}\n"
    (msg,) = problems(write(tmp_path, text))
    assert "renewal.demolition" in msg and "outside its range" in msg


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    (msg,) = problems(write(tmp_path, "general:\n  discount_rate: {value: 3.0\n"))
    assert "mine.yaml, line" in msg and "not valid YAML" in msg


def test_a_norm_set_for_another_year_can_be_added(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
mortgage:
  aow_age:
    2028: {value: 67.25, unit: yr, source: "AOW art. 7a: 67 years and 3 months in 2028"}
""",
    )
    a = load_assumptions(path)
    assert a.mortgage.aow_age[2028].value == 67.25
    assert a.mortgage.aow_age[2028].origin == str(path)
    assert a.mortgage.aow_age[2026].origin == "default"
