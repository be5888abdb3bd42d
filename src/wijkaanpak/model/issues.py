"""Validation issues and the error that carries them.

Every problem with user input becomes an :class:`Issue` that names the file, the row, the field
and what was expected, so that a user can find and fix it without reading a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any


@dataclass(frozen=True)
class Issue:
    """One problem in the input.

    Attributes
    ----------
    source : file name (or file and layer) the value came from
    row : where in the source, e.g. ``"row 7"`` (spreadsheet numbering, header = row 1) or
        ``"feature 3"``; empty for a problem with a whole column or file
    field : the attribute (column) concerned; empty for a problem with a whole row or file
    message : what is wrong and what was expected
    record : the id of the row, when known, to help find it
    error : the validation error the issue came from (pydantic's ``type``, ``ctx``, ``msg``,
        ``input``), so that an interface can say it in its own language; not compared
    """

    source: str
    row: str
    field: str
    message: str
    record: str = ""
    error: Mapping[str, Any] | None = _field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        where = [self.source]
        if self.row:
            where.append(f"{self.row} ({self.record})" if self.record else self.row)
        if self.field:
            where.append(f"field '{self.field}'")
        return ", ".join(where) + ": " + self.message


class InputError(Exception):
    """Input that cannot be used. Carries every :class:`Issue` found, in input order."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = list(issues)
        first = str(self.issues[0]) if self.issues else "invalid input"
        more = f" (and {len(self.issues) - 1} more)" if len(self.issues) > 1 else ""
        super().__init__(first + more)
