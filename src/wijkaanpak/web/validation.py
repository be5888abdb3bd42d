"""Validation errors in the interface's language (issue #16 §10).

pydantic writes its messages in English (``Input should be 'none', 'repair' or 'renew'``). Here
each error is rewritten from its ``type`` and ``ctx`` with Django's translations, so a Dutch page
says ``moet een van deze zijn: 'none', 'repair' of 'renew'``. An error type not listed keeps
pydantic's own text behind a translated "ongeldige waarde" so that it is still understandable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import yaml
from django.utils import translation
from django.utils.translation import gettext as _
from pydantic import BaseModel, ValidationError

from wijkaanpak.messages import issue_message, known, message
from wijkaanpak.model.issues import Issue
from wijkaanpak.model.plan import Plan
from wijkaanpak.model.survey import Questionnaire

M = TypeVar("M", bound=BaseModel)

#: At most this many errors are reported (a pasted file with thousands of bad blocks stays short).
MAX_ERRORS = 50
#: pydantic's location parts that name its own machinery, not a key of the input.
_MACHINERY = ("function-after", "function-before", "function-wrap", "tagged-union")


@dataclass(frozen=True)
class FieldError:
    """One problem: where (dotted keys of the input), pydantic's error type, and the message
    in the active language."""

    loc: str
    type: str
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.message}" if self.loc else self.message


def location(loc: Iterable[int | str]) -> str:
    """Dotted keys of the input, e.g. ``blocks.B1A01.densification``."""
    return ".".join(str(p) for p in loc if not str(p).startswith(_MACHINERY))


def issue_text(issue: Issue) -> str:
    """An issue for a form: the key and line concerned and the message (the file is the form's
    field, named on the page: its temporary name on the server is left out)."""
    line = re.fullmatch(r"line (\d+)", issue.row)
    row = _("regel %(n)s") % {"n": line.group(1)} if line else issue.row
    where = ", ".join(p for p in (issue.field, row) if p)
    return f"{where}: {issue_message(issue)}" if where else issue_message(issue)


def field_errors(err: ValidationError) -> list[FieldError]:
    """Every error of a pydantic validation, each with its location, in the active language."""
    found = err.errors()
    shown = [FieldError(location(e["loc"]), str(e["type"]), message(e)) for e in found[:MAX_ERRORS]]
    return shown + _more(len(found))


def _more(count: int) -> list[FieldError]:
    """The line that says how many errors past :data:`MAX_ERRORS` are not listed."""
    if count <= MAX_ERRORS:
        return []
    text = _("… en nog %(n)s fouten") % {"n": count - MAX_ERRORS}
    return [FieldError("", "more", text)]


def unknown_blocks(raw: Mapping[str, Any], block_ids: Iterable[str]) -> list[FieldError]:
    """One error per block of a plan that is not in the neighbourhood (checked even when other
    keys of the plan are wrong, so that one round of corrections is enough)."""
    blocks = raw.get("blocks")
    if not isinstance(blocks, Mapping):
        return []
    ids = set(block_ids)
    text = _("dit blok staat niet in de wijk")
    unknown = sorted(str(k) for k in blocks if str(k) not in ids)
    errors = [FieldError(f"blocks.{b}", "unknown_block", text) for b in unknown[:MAX_ERRORS]]
    return errors + _more(len(unknown))


def validate(
    model: type[M], raw: Any, extra: list[FieldError] | None = None
) -> tuple[M | None, list[FieldError]]:
    """``model`` validated from ``raw``, or None; with every error (pydantic's and ``extra``)."""
    errors = list(extra or [])
    try:
        result = model.model_validate(raw)
    except ValidationError as err:
        return None, field_errors(err) + errors
    return (None if errors else result), errors


def both_languages(errors: Callable[[], list[FieldError]]) -> list[dict[str, Any]]:
    """Errors for the JSON API: location, type and the message in Dutch and in English.
    ``errors`` computes the list in the active language (called once per language)."""
    out: dict[str, list[FieldError]] = {}
    for language in ("nl", "en"):
        with translation.override(language):
            out[language] = errors()
    return [
        {"loc": e.loc, "type": e.type, "message": {"nl": e.message, "en": en.message}}
        for e, en in zip(out["nl"], out["en"], strict=True)
    ]


def check_plan(
    raw: Mapping[str, Any], block_ids: Iterable[str] | None = None
) -> tuple[Plan | None, list[FieldError]]:
    """A plan from plain data (with its ``name``), or every error in it: pydantic's and, when
    ``block_ids`` is given, each block that is not in the neighbourhood."""
    extra = unknown_blocks(raw, block_ids) if block_ids is not None else []
    return validate(Plan, raw, extra)


def questionnaire_errors(text: str, err: ValueError) -> list[str]:
    """Why a project's own questionnaire (YAML) was refused, in the active language: every
    error of its form (the reader stops at the first), else the reader's message (YAML, or a
    question the top 5 or the model needs)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        errors = validate(Questionnaire, data)[1]
        if errors:
            return [str(e) for e in errors]
    return [known(str(err)) or str(err)]


class PlanInvalid(Exception):
    """A plan sent to the JSON API with errors; the API answers 422 with ``detail`` (text in
    the active language) and ``errors`` (each with its location and a Dutch and English
    message)."""

    def __init__(
        self,
        raw: Mapping[str, Any],
        block_ids: Iterable[str] | None,
        found: list[FieldError],
    ) -> None:
        """``found``: :func:`check_plan`'s errors in the active language (the caller has them)."""
        ids = None if block_ids is None else list(block_ids)
        self.errors = both_languages(lambda: check_plan(raw, ids)[1])
        self.detail = "; ".join(str(e) for e in found)
        super().__init__(self.detail)
