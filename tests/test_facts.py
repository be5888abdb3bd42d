"""The neighbourhood's facts are made once and combined with many sets of assumptions (the risk
analysis, break-even, the tornado): inputs prepared from them must equal inputs prepared from the
neighbourhood itself, also after other sets were prepared and evaluated from the same facts."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pandas as pd
import pytest

from wijkaanpak.analysis.evaluate import evaluate_plan, prepare_inputs
from wijkaanpak.analysis.sensitivity import scaled
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.inputs import Inputs, facts


def _same(a: Inputs, b: Inputs) -> None:
    for field in fields(Inputs):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if isinstance(x, np.ndarray) and x.dtype != object:
            np.testing.assert_array_equal(x, y, err_msg=field.name)
        elif isinstance(x, (np.ndarray, pd.Index)):
            assert list(x) == list(y), field.name
        else:
            assert x == y, field.name


def test_inputs_from_facts_equal_inputs_from_the_neighbourhood() -> None:
    nbh, shipped = read_neighbourhood(), load_assumptions()
    known = facts(nbh)
    # other sets first (cost index, reference subsidence, model values × 1.3), evaluated too
    for key in ("finance.cost_index", "foundation.reference_subsidence", "renewal.model_value"):
        other = scaled(shipped, key, 1.3)
        evaluate_plan("all-renew", prepare_inputs(known, other))
        _same(prepare_inputs(known, other), prepare_inputs(nbh, other))
    _same(prepare_inputs(known, shipped), prepare_inputs(nbh, shipped))


def test_the_facts_cannot_be_changed_through_the_inputs() -> None:
    inp = prepare_inputs(facts(read_neighbourhood()), load_assumptions())
    with pytest.raises(ValueError, match="read-only"):
        inp.d_footprint[0] = 0.0
