"""The residents' survey (report §5a, fase 1 stap 3 and fase 2 stap 0): the questionnaire as data,
answer validation, the top 5 of positive and negative aspects (overall and per stakeholder group,
small groups suppressed) and carrying answers into the household table the model reads.

Pure: no files, no database. The questionnaire is read by :mod:`wijkaanpak.io.participation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, model_validator

from wijkaanpak.model.disclosure import hidden_groups

#: Smallest group whose aggregates may be shown outside the project team. [households]
#: Assumption: the app's suppression rule (also in the council report), in the spirit of
#: statistical disclosure control; not a legal figure. Plausible range 5–10.
MIN_GROUP = 5

#: Household columns a survey answer or a consented conversation may replace.
MODEL_FIELDS = (
    "wish_to_return",
    "preferred_home_type",
    "adults",
    "children",
    "age_1",
    "age_2",
    "income_1",
    "income_2",
    "mortgage_outstanding",
    "mortgage_rate",
    "mortgage_remaining_term",
    "mortgage_interest_only",
    "savings",
)


class Label(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class Question(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    kind: Literal["multi", "single", "text"]
    nl: str
    en: str
    options: dict[str, Label] = {}
    model: str | None = None  # household column this answer replaces

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class Questionnaire(BaseModel):
    """Questions with their options; ``options: aspects`` or a list of aspect ids in the file refer
    to the shared aspect list."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    source: str
    aspects: dict[str, Label]
    questions: list[Question]

    @model_validator(mode="before")
    @classmethod
    def _resolve_aspects(cls, data: Any) -> Any:
        aspects = data.get("aspects", {})
        for q in data.get("questions", []):
            opts = q.get("options")
            if opts == "aspects":
                q["options"] = dict(aspects)
            elif isinstance(opts, list):
                unknown = [o for o in opts if o not in aspects]
                if unknown:
                    msg = f"question {q.get('id')!r}: unknown aspects {unknown}"
                    raise ValueError(msg)
                q["options"] = {o: aspects[o] for o in opts}
        return data

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        msg = f"no question {qid!r}; the questionnaire has {[q.id for q in self.questions]}"
        raise KeyError(msg)

    def clean(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Answers checked against the questions: unknown questions or options raise ValueError
        naming them; a missing multi answer is ``[]``, a missing single answer ``"unknown"`` when
        that is an option (else absent), text is stripped and at most 2,000 characters."""
        extra = set(answers) - {q.id for q in self.questions}
        if extra:
            msg = f"unknown questions: {', '.join(sorted(extra))}"
            raise ValueError(msg)
        out: dict[str, Any] = {}
        for q in self.questions:
            out_value = _clean_one(q, answers.get(q.id))
            if out_value is not None:
                out[q.id] = out_value
        return out

    def check_compatible(self, default: Questionnaire) -> None:
        """A project's own questionnaire may add aspects, options and questions, but must keep the
        questions the top 5 and the model read, with their kind, and may not invent new values for
        the model-linked answers. Raises ValueError naming the question."""
        mine = {q.id: q for q in self.questions}
        for q in default.questions:
            if q.kind == "text" or (q.kind == "single" and not q.model):
                continue
            if q.id not in mine:
                msg = f"question {q.id!r} is needed (top 5 or model) and may not be removed"
                raise ValueError(msg)
            if mine[q.id].kind != q.kind:
                msg = f"question {q.id!r} must stay of kind {q.kind!r}"
                raise ValueError(msg)
            if q.model:
                extra = set(mine[q.id].options) - set(q.options)
                if extra:
                    msg = (
                        f"question {q.id!r} feeds the model: options must be among "
                        f"{', '.join(q.options)}; got {', '.join(sorted(extra))}"
                    )
                    raise ValueError(msg)
                if mine[q.id].model != q.model:
                    msg = f"question {q.id!r} must keep 'model: {q.model}'"
                    raise ValueError(msg)

    def readable(self, answers: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
        """(question, answer) in words, in the questionnaire's order; unanswered shown as '–'."""
        out = []
        for q in self.questions:
            value = answers.get(q.id)
            if q.kind == "text":
                words = str(value or "") or "–"
            else:
                chosen = value if isinstance(value, list) else [value] if value else []
                words = ", ".join(q.options[c].get(lang) for c in chosen if c in q.options) or "–"
            out.append((q.text(lang), words))
        return out


def _clean_one(q: Question, value: Any) -> Any:
    if q.kind == "text":
        text = str(value or "").strip()
        if len(text) > 2000:
            msg = f"{q.id}: at most 2,000 characters, got {len(text)}"
            raise ValueError(msg)
        return text
    if q.kind == "multi":
        chosen = [value] if isinstance(value, str) else list(value or [])
        bad = [v for v in chosen if v not in q.options]
        if bad:
            msg = f"{q.id}: unknown options {bad}; allowed: {', '.join(q.options)}"
            raise ValueError(msg)
        return sorted(set(chosen), key=list(q.options).index)
    if value in (None, ""):
        return "unknown" if "unknown" in q.options else None
    if value not in q.options:
        msg = f"{q.id}: unknown option {value!r}; allowed: {', '.join(q.options)}"
        raise ValueError(msg)
    return value


def mentions(responses: pd.DataFrame, questions: tuple[str, ...]) -> pd.DataFrame:
    """One row per (respondent, aspect) named in any of ``questions`` — a respondent counts once per
    aspect even if they name it as 'bad' and as a worry. Columns: respondent, group, aspect."""
    parts = []
    for q in questions:
        if q in responses:
            part = responses[["group", q]].explode(q).dropna()
            parts.append(part.rename(columns={q: "aspect"}).rename_axis("respondent").reset_index())
    if not parts:
        return pd.DataFrame(columns=["respondent", "group", "aspect"])
    return pd.concat(parts, ignore_index=True).drop_duplicates(["respondent", "aspect"])


def top(
    responses: pd.DataFrame, questions: tuple[str, ...], n: int = 5, min_group: int = MIN_GROUP
) -> dict[str, Any]:
    """Top ``n`` aspects by number of respondents naming them, overall and per stakeholder group.

    ``responses``: one row per respondent, column ``group`` and list columns per question.
    Returns ``{"respondents": int | None, "suppressed": bool, "top": [(aspect, count)],
    "groups": {group: {...}}}``. A group with fewer than ``min_group`` respondents is withheld
    (``"suppressed": True``, ``"respondents": None`` and no list), and so is, by complementary
    suppression (:func:`wijkaanpak.model.disclosure.hidden_groups`), at least one more group, so
    that the overall counts minus the groups shown never give a withheld group back (issue #16
    §3). Under ``min_group`` respondents in all, everything is withheld.
    Ties are broken by aspect id so the result does not depend on row order.
    """
    m = mentions(responses, questions)
    withheld: dict[str, Any] = {"respondents": None, "suppressed": True, "top": []}

    def ranked(rows: pd.DataFrame, size: int) -> dict[str, Any]:
        counts = rows.groupby("aspect")["respondent"].nunique()
        order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return {
            "respondents": size,
            "suppressed": False,
            "top": [(a, int(c)) for a, c in order],
        }

    sizes = responses.groupby("group").size() if len(responses) else pd.Series(dtype=int)
    groups = {str(g): int(sizes[g]) for g in sorted(sizes.index)}
    hidden = hidden_groups(groups, min_group)
    whole = ranked(m, len(responses)) if len(responses) >= min_group else dict(withheld)
    return {
        **whole,
        "groups": {
            g: dict(withheld) if g in hidden else ranked(m[m["group"] == g], size)
            for g, size in groups.items()
        },
    }


def apply_answers(households: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """Households with the given answers in place of the defaults.

    ``answers`` is indexed by household_id with any of :data:`MODEL_FIELDS` as columns; a missing
    value (or ``"unknown"`` for the categorical answers) keeps the household's own value. Rows for
    households that are not in the table raise KeyError naming them.
    """
    unknown = answers.index.difference(households.index)
    if len(unknown):
        msg = f"answers for households not in the neighbourhood: {', '.join(map(str, unknown))}"
        raise KeyError(msg)
    extra = set(answers.columns) - set(MODEL_FIELDS)
    if extra:
        msg = f"answers may only replace {', '.join(MODEL_FIELDS)}; got {', '.join(sorted(extra))}"
        raise KeyError(msg)
    out = households.copy()
    for column in answers.columns:
        values = answers[column]
        given = values.notna()
        if column in ("wish_to_return", "preferred_home_type"):
            given &= values.astype("string") != "unknown"
        rows = values.index[given]
        out.loc[rows, column] = values[given].astype(out[column].dtype)
    return out


__all__ = [
    "MIN_GROUP",
    "MODEL_FIELDS",
    "Question",
    "Questionnaire",
    "apply_answers",
    "mentions",
    "top",
]
