"""The survey in the model: questionnaire validation, the top 5 (hand-counted examples and
invariants) and carrying answers into the household table (issue #7 §3)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkaanpak.analysis.evaluate import evaluate_plan
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.participation import blueprint, questionnaire, stakeholders
from wijkaanpak.model.inputs import prepare
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.survey import MIN_GROUP, apply_answers, top

ASPECTS = list(questionnaire().aspects)


def frame(rows: list[tuple[str, list[str], list[str]]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["group", "bad", "worries"])


def test_top5_counts_each_respondent_once_per_aspect() -> None:
    # Hand count: 6 owners. foundation: r0 (bad + worry: once), r1, r2 → 3; parking r0, r3 → 2;
    # moisture r4 (worry) → 1; flooding r5 → 1; green r5 → 1; safety r1 → 1.
    # Ties (1) are ordered by aspect id: flooding, green, moisture, safety → top 5 keeps flooding,
    # green, moisture.
    responses = frame(
        [
            ("eigenaar_bewoners", ["foundation", "parking"], ["foundation"]),
            ("eigenaar_bewoners", ["foundation", "safety"], []),
            ("eigenaar_bewoners", [], ["foundation"]),
            ("eigenaar_bewoners", ["parking"], []),
            ("eigenaar_bewoners", [], ["moisture"]),
            ("eigenaar_bewoners", ["green"], ["flooding"]),
        ]
    )
    result = top(responses, ("bad", "worries"))
    assert result["respondents"] == 6 and not result["suppressed"]
    assert result["top"] == [
        ("foundation", 3),
        ("parking", 2),
        ("flooding", 1),
        ("green", 1),
        ("moisture", 1),
    ]
    assert result["groups"]["eigenaar_bewoners"]["top"] == result["top"]


def test_groups_under_five_respondents_are_suppressed() -> None:
    responses = frame(
        [("eigenaar_bewoners", ["parking"], [])] * 5 + [("huurders_corporatie", ["green"], [])] * 4
    )
    result = top(responses, ("bad",))
    tenants = result["groups"]["huurders_corporatie"]
    assert tenants == {"respondents": None, "suppressed": True, "top": []}
    assert result["top"] == [("parking", 5), ("green", 4)]  # the whole (9) may be shown
    # …but then the owners' list must go too: whole minus owners = the 4 tenants and their answers
    assert result["groups"]["eigenaar_bewoners"]["suppressed"]


def test_the_overall_top_minus_the_shown_groups_never_gives_a_small_group_back() -> None:
    """Issue #16 §3: one tenant household among 12 owners and 9 private tenants. Before, the
    overall count of 'noise' (1) minus the owners' (0) and private tenants' (0) gave the tenant's
    answer, and the respondent counts 22 − 12 − 9 = 1 the group's size."""
    responses = frame(
        [("eigenaar_bewoners", ["parking"], [])] * 12
        + [("huurders_particulier", ["parking", "green"], [])] * 9
        + [("huurders_corporatie", ["noise"], [])]
    )
    result = top(responses, ("bad",))
    groups = result["groups"]
    shown = [g for g in groups.values() if not g["suppressed"]]
    hidden = [name for name, g in groups.items() if g["suppressed"]]
    assert result["respondents"] == 22 and ("noise", 1) in result["top"]
    assert sorted(hidden) == ["huurders_corporatie", "huurders_particulier"]
    assert all(groups[name]["respondents"] is None for name in hidden)
    # what is left of the total after the shown groups is shared by at least two groups
    assert result["respondents"] - sum(g["respondents"] for g in shown) == 10


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["eigenaar_bewoners", "huurders_corporatie", "huurders_particulier"]),
            st.lists(st.sampled_from(ASPECTS), max_size=5),
            st.lists(st.sampled_from(["foundation", "moisture", "flooding", "value"]), max_size=4),
        ),
        max_size=40,
    ),
    st.randoms(use_true_random=False),
)
def test_top5_invariants(rows: list[tuple[str, list[str], list[str]]], rnd: object) -> None:
    responses = frame(rows)
    result = top(responses, ("bad", "worries"))
    counts = [n for _a, n in result["top"]]
    assert counts == sorted(counts, reverse=True) and len(counts) <= 5
    assert all(n <= result["respondents"] for n in counts)
    assert result["suppressed"] == (len(rows) < MIN_GROUP)
    sizes = pd.Series([r[0] for r in rows]).value_counts()
    hidden = {name for name, g in result["groups"].items() if g["suppressed"]}
    for name, g in result["groups"].items():
        if sizes[name] < MIN_GROUP:
            assert g["suppressed"] and g["respondents"] is None and g["top"] == []
        assert g["suppressed"] or (len(g["top"]) <= 5 and g["respondents"] == sizes[name])
    if not result["suppressed"]:
        # the whole minus the groups shown never isolates one withheld group (issue #16 §3)
        assert len(hidden) != 1
    else:
        assert hidden == set(result["groups"])
    shuffled = rows[:]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert top(frame(shuffled), ("bad", "worries")) == result  # order of rows does not matter


def test_questionnaire_rejects_unknown_questions_and_options() -> None:
    q = questionnaire()
    with pytest.raises(ValueError, match="unknown questions: shoe_size"):
        q.clean({"shoe_size": "42"})
    with pytest.raises(ValueError, match="wish_to_return: unknown option 'maybe'"):
        q.clean({"wish_to_return": "maybe"})
    with pytest.raises(ValueError, match="good: unknown options \\['pizza'\\]"):
        q.clean({"good": ["pizza"]})
    clean = q.clean({"good": ["green", "green"], "wish_to_return": ""})
    assert clean["good"] == ["green"] and clean["wish_to_return"] == "unknown"


def test_questionnaire_has_the_reports_questions() -> None:
    q = questionnaire()
    assert set(q.question("worries").options) == {"foundation", "moisture", "flooding", "value"}
    wishes = set(q.question("wishes").options)
    assert {"more_green", "better_parking", "stay", "home_for_family", "senior_apartment"} <= wishes
    assert q.question("wish_to_return").model == "wish_to_return"
    assert q.question("preferred_home_type").model == "preferred_home_type"
    assert "temporary_move" in {x.id for x in q.questions}


def test_blueprint_has_four_phases_with_the_reports_steps() -> None:
    phases = blueprint()["phases"]
    assert [p["name"] for p in phases] == [
        "Verkennen & delen",
        "Samenbrengen & uitwerken",
        "Van scenario's naar besluitvorming",
        "Uitvoering",
    ]
    assert [[s["number"] for s in p["steps"]] for p in phases] == [
        [0, 1, 2, 3],
        [0, 1, 2, 3],
        [0, 1, 2, 3],
        [0, 1],  # the report gives phase 4 a step 0 and a step 1 only
    ]
    # The appendix marks the start meeting and composing the guidance group with 7 X's each.
    step2 = phases[0]["steps"][2]["activities"]
    assert [len(a["groups"]) for a in step2] == [7, 2, 5, 7]
    assert sum(len(p["checkpoints"]) for p in phases) == 6 + 7 + 5 + 2


def test_stakeholder_tables_are_the_reports() -> None:
    data = stakeholders()
    categories = {r["category"] for r in data["register"]}
    assert categories == {"woningen", "overig_vastgoed", "openbare_ruimte", "maatschappij"}
    names = [a["name"] for a in data["analysis"]]
    assert names == [
        "Bewoners/eigenaren",
        "Gemeente",
        "Provincie Zuid-Holland",
        "Rijksoverheid",
        "Hypotheekverstrekkers",
    ]


def test_apply_answers_replaces_only_given_values(voorbeeldwijk: Neighbourhood) -> None:
    hh = voorbeeldwijk.households
    first, second = hh.index[:2]
    answers = pd.DataFrame(
        {"wish_to_return": ["no", "unknown"], "income_1": [50_000.0, np.nan]},
        index=[first, second],
    )
    out = apply_answers(hh, answers)
    assert out.at[first, "wish_to_return"] == "no" and out.at[first, "income_1"] == 50_000.0
    assert out.at[second, "wish_to_return"] == hh.at[second, "wish_to_return"]  # unknown: keep
    assert out.at[second, "income_1"] == hh.at[second, "income_1"]
    assert out is not hh and hh.equals(voorbeeldwijk.households)
    with pytest.raises(KeyError, match="not in the neighbourhood: NOPE"):
        apply_answers(hh, pd.DataFrame({"wish_to_return": ["no"]}, index=["NOPE"]))
    with pytest.raises(KeyError, match="got shoe_size"):
        apply_answers(hh, pd.DataFrame({"shoe_size": [42]}, index=[first]))


def test_preferred_home_type_decides_the_new_home_in_the_model(
    voorbeeldwijk: Neighbourhood,
) -> None:
    a = load_assumptions()
    base = evaluate_plan("all-renew", prepare(voorbeeldwijk, a))
    s = base.swap
    inp = base.evaluation.inputs
    house = s.households[s.ground_bound][0]  # an owner who would get a ground-bound home
    hid = inp.h_id[house]
    answers = pd.DataFrame({"preferred_home_type": ["apartment"]}, index=[hid])
    nbh = replace(voorbeeldwijk, households=apply_answers(voorbeeldwijk.households, answers))
    after = evaluate_plan("all-renew", prepare(nbh, a)).swap
    k = int(np.flatnonzero(after.households == house)[0])
    assert not after.ground_bound[k]  # now an apartment, priced as one
    assert after.price[k] != s.price[int(np.flatnonzero(s.households == house)[0])]


def test_swap_summary_counts_who_may_return(voorbeeldwijk: Neighbourhood) -> None:
    from wijkaanpak.model.swap import summary

    result = evaluate_plan("all-renew", prepare(voorbeeldwijk, load_assumptions()))
    s, inp = result.swap, result.evaluation.inputs
    wish = inp.h_wish[s.households]
    out = summary(s, inp)
    # independent count over the same households: everyone but a "no" may return
    assert out["returning_candidates"] == sum(w != "no" for w in wish)
    assert out["returning_closed_purse"] == sum(
        c and w != "no" for c, w in zip(s.closed_purse, wish, strict=True)
    )
    assert out["returning_closed_purse"] <= out["closed_purse"] <= out["owner_households"]


def test_every_household_figure_has_a_label_in_both_languages(
    voorbeeldwijk: Neighbourhood,
) -> None:
    from wijkaanpak.texts import EN, NL

    result = evaluate_plan("all-renew", prepare(voorbeeldwijk, load_assumptions()))
    keys = set(result.to_dict()["households"])
    assert keys - set(NL) == set() and keys - set(EN) == set()
