"""Load the assumptions: the shipped defaults, optionally overridden by a user's YAML file.

Override rules
--------------
* The user's file has the same shape as ``data/assumptions.yaml`` and may give any part of it.
* A parameter whose ``value``/``values`` the user changes must say where the new value comes from
  (``source``) or why it is a guess (``assumption`` with ``range``); the default's provenance is
  not carried over to a value it does not describe. ``unit`` may be left out (the default's is
  kept) but, when given, must be the expected one.
* Unknown keys, wrong units and values outside their range are errors naming the file and key.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from wijkaanpak.model.assumptions import Assumptions, expected_unit
from wijkaanpak.model.issues import InputError, Issue

_LEAF_KEYS = {"value", "values", "file"}
_PROVENANCE = {"source", "assumption", "range", "note"}


def default_assumptions_text() -> str:
    return resources.files("wijkaanpak.data").joinpath("assumptions.yaml").read_text("utf-8")


def parse_mapping(
    text: str, source: str, expected: str = "a mapping of sections (general:, finance:, …)"
) -> dict[str, Any]:
    """A YAML text that must hold a mapping; InputError names ``source`` and the line."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err)
        raise InputError([Issue(source, where, "", f"not valid YAML: {problem}")]) from None
    if not isinstance(data, dict):
        raise InputError([Issue(source, "", "", f"expected {expected}")])
    return data


def _is_leaf(node: Any) -> bool:
    return isinstance(node, dict) and bool(_LEAF_KEYS & set(node))


def _merge(base: Any, override: Any, origin: str, path: str, issues: list[Issue]) -> Any:
    """Deep-merge ``override`` into ``base``; leaves follow the override rules above."""
    if _is_leaf(base) and isinstance(override, dict):
        if _LEAF_KEYS & set(override):
            if not {"source", "assumption"} & set(override):
                issues.append(
                    Issue(
                        origin,
                        "",
                        path,
                        "a changed value needs a 'source' or an "
                        "'assumption' (with 'range') saying where it comes from",
                    )
                )
            kept = {k: v for k, v in base.items() if k not in _PROVENANCE | _LEAF_KEYS}
            return {**kept, **override, "origin": origin}
        return {**base, **override, "origin": origin}
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = (
                _merge(base[key], value, origin, f"{path}.{key}" if path else str(key), issues)
                if key in base
                else _tag(value, origin)
            )
        return merged
    return override


def _tag(node: Any, origin: str) -> Any:
    """Mark leaves newly added by a user file (e.g. a norm set for another year) with their origin."""
    if _is_leaf(node):
        return {**node, "origin": origin}
    if isinstance(node, dict):
        return {k: _tag(v, origin) for k, v in node.items()}
    return node


def _issues_from(err: ValidationError, source: str) -> list[Issue]:
    issues = []
    for e in err.errors():
        loc = [
            str(p) for p in e["loc"] if not str(p).startswith(("function-after", "tagged-union"))
        ]
        if e["type"] == "extra_forbidden":
            message = "unknown key; check the spelling against `wijkaanpak assumptions`"
        elif e["type"] == "missing":
            message = "required key is missing"
        else:
            message = str(e["msg"]).removeprefix("Value error, ")
        issues.append(Issue(source, "", ".".join(loc), message, error=dict(e)))
    return issues


def _default_units(data: dict[str, Any]) -> None:
    """Give a leaf the user adds without ``unit`` (e.g. the optional ``finance.woz_index``) the
    unit its field expects."""
    for section_name, info in Assumptions.model_fields.items():
        section = data.get(section_name)
        model = info.annotation
        if not isinstance(section, dict) or not isinstance(model, type):
            continue
        for name, field in getattr(model, "model_fields", {}).items():
            unit = expected_unit(field)
            leaf = section.get(name)
            if (
                unit is not None
                and isinstance(leaf, dict)
                and _is_leaf(leaf)
                and "unit" not in leaf
            ):
                leaf["unit"] = unit


def load_assumptions(path: Path | str | None = None) -> Assumptions:
    """The default assumptions, overridden by the YAML file at ``path`` when given.

    Raises :class:`~wijkaanpak.model.issues.InputError` naming file and key of every problem.
    """
    data = parse_mapping(default_assumptions_text(), "assumptions.yaml (shipped)")
    source = "assumptions.yaml (shipped)"
    if path is not None:
        source = str(path)
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError([Issue(source, "", "", f"cannot be read: {err}")]) from None
        issues: list[Issue] = []
        data = _merge(data, parse_mapping(text, source), source, "", issues)
        if issues:
            raise InputError(issues)
    _default_units(data)
    try:
        return Assumptions.model_validate(data)
    except ValidationError as err:
        raise InputError(_issues_from(err, source)) from None
