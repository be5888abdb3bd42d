"""The participation defaults shipped as data (``data/participation``): the report's process
blueprint, the stakeholder register and analysis, the default questionnaire and the glossary of
words residents meet."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import ValidationError

from wijkaanpak.model.survey import Questionnaire


def _read(name: str) -> Any:
    text = resources.files("wijkaanpak.data").joinpath("participation", name).read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def blueprint() -> dict[str, Any]:
    """Phases (goal, steps 0–3 with activities and involved groups, checkpoints) and the groups of
    the involvement matrix."""
    data: dict[str, Any] = _read("blueprint.yaml")
    return data


@lru_cache(maxsize=1)
def stakeholders() -> dict[str, Any]:
    """The report's stakeholder identification table (``register``) and analysis (``analysis``)."""
    data: dict[str, Any] = _read("stakeholders.yaml")
    return data


@lru_cache(maxsize=1)
def questionnaire() -> Questionnaire:
    return Questionnaire.model_validate(_read("questionnaire.yaml"))


def default_questionnaire_text() -> str:
    text: str = (
        resources.files("wijkaanpak.data").joinpath("participation", "questionnaire.yaml")
    ).read_text("utf-8")
    return text


@lru_cache(maxsize=32)
def questionnaire_from(text: str) -> Questionnaire:
    """A project's own questionnaire (YAML in the shipped file's format), or the default when
    ``text`` is empty. Raises ValueError with a message that names the problem."""
    if not text.strip():
        return questionnaire()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        msg = f"not valid YAML{where}: {getattr(err, 'problem', err)}"
        raise ValueError(msg) from None
    if not isinstance(data, dict):
        msg = "the questionnaire must be a mapping with 'source', 'aspects' and 'questions'"
        raise ValueError(msg)
    try:
        own = Questionnaire.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        msg = f"{where}: {first['msg']}"
        raise ValueError(msg) from None
    own.check_compatible(questionnaire())
    return own


@lru_cache(maxsize=2)
def glossary(lang: str = "nl") -> tuple[tuple[str, str], ...]:
    """The words residents meet that must stay, each with a plain explanation, in ``lang``
    (``nl`` or ``en``): (term, explanation) pairs in the order of ``glossary.yaml``."""
    rows = _read("glossary.yaml")
    return tuple((r["term"][lang], r["explanation"][lang]) for r in rows)
