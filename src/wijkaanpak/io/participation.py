"""The participation defaults shipped as data (``data/participation``): the report's process
blueprint, the stakeholder register and analysis, and the default questionnaire."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

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
