"""The import report: every object an import dropped, changed or defaulted, and why.

Nothing changes silently. Each event is an :class:`Event` (file, object id or row, field, reason,
detail); events of one kind and reason form a group with a count. Three kinds change the data
and are refused by ``--strict``:

``dropped``    an object left out (a unit whose building is not in the pand file, a withdrawn or
               wrongly registered object, a duplicate row)
``changed``    a value that differs from the source (a repaired polygon, uplift read as no
               subsidence, a unit in several buildings assigned to one)
``defaulted``  a value the source did not give (foundation type ``unknown``, a placeholder cell)

Two kinds only inform and are never refused:

``selected``   the normal reading of a BAG extract: an object's earlier versions (history)
``noted``      units not counted (garages), FunderMaps columns not used and the like

Plain counts (:meth:`ImportReport.count`) hold what needs no list of objects: records read,
ids whose spelling was normalised (``NL.IMBAG.Pand.…`` → 16 digits), reliabilities.

Every join between files adds a :class:`Join` with its matched and unmatched counts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.validate import placeholder_mask

CHANGES = ("dropped", "changed", "defaulted")
KINDS = (*CHANGES, "selected", "noted")
SHOWN = 5  # ids shown per group on screen


@dataclass(frozen=True)
class Event:
    kind: str
    reason: str
    source: str
    record: str = ""
    field: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Join:
    """One join: rows of ``left`` looked up in ``right`` by ``key``."""

    left: str
    right: str
    key: str
    matched: int
    unmatched: int
    unmatched_ids: tuple[str, ...] = ()


@dataclass
class ImportReport:
    """Collects events and joins during one import."""

    events: list[Event] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(
        self,
        kind: str,
        reason: str,
        source: str,
        record: str = "",
        field: str = "",
        detail: str = "",
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        self.events.append(Event(kind, reason, str(source), str(record), field, detail))

    def placeholders(
        self, column: pd.Series, source: str, records: pd.Series, field: str
    ) -> pd.Series:
        """Report every placeholder cell (``n.b.``, ``NULL`` …) of ``column`` as read as empty,
        named by its record id; the mask of those cells."""
        held = placeholder_mask(column)
        for i in np.flatnonzero(held.to_numpy()).tolist():
            detail = repr(str(column.iloc[i]).strip())
            self.add(
                "defaulted",
                "placeholder read as empty",
                source,
                str(records.iloc[i]),
                field,
                detail,
            )
        return held

    def add_many(
        self, kind: str, reason: str, source: str, records: list[str], field: str = ""
    ) -> None:
        for record in records:
            self.add(kind, reason, source, record, field)

    def join(self, left: str, right: str, key: str, matched: int, unmatched_ids: list[str]) -> None:
        self.joins.append(Join(left, right, key, matched, len(unmatched_ids), tuple(unmatched_ids)))

    def count(self, what: str, n: int) -> None:
        """A plain count to show (objects read, versions in a history, …)."""
        self.counts[what] = self.counts.get(what, 0) + int(n)

    def groups(self) -> list[tuple[str, str, str, list[Event]]]:
        """Events grouped by kind, reason and file, in the order first seen."""
        order: dict[tuple[str, str, str], list[Event]] = {}
        for e in self.events:
            order.setdefault((e.kind, e.reason, e.source), []).append(e)
        ranked = sorted(order.items(), key=lambda kv: KINDS.index(kv[0][0]))
        return [(k, r, s, events) for (k, r, s), events in ranked]

    def changes(self) -> list[Event]:
        return [e for e in self.events if e.kind in CHANGES]

    def strict_issues(self) -> list[Issue]:
        """Each change as an error (``--strict``)."""
        return [
            Issue(
                e.source,
                f"object {e.record}" if e.record else "",
                e.field,
                f"{e.kind} ({e.reason}{': ' + e.detail if e.detail else ''}); "
                "--strict refuses every change",
            )
            for e in self.changes()
        ]

    def summary(self) -> Counter[str]:
        return Counter(e.kind for e in self.events)

    def lines(self, every: bool = False) -> list[str]:
        """The report as text; ``every`` lists each object, else the first few per group."""
        out = ["Import report"]
        if self.counts:
            out.append("")
            out.extend(f"  {what}: {n:,}" for what, n in self.counts.items())
        if self.joins:
            out.append("")
            out.append("Joins (matched / unmatched):")
            for j in self.joins:
                ids = list(j.unmatched_ids) if every else list(j.unmatched_ids[:SHOWN])
                more = "" if every or j.unmatched <= SHOWN else f", … ({j.unmatched - SHOWN} more)"
                tail = f" — unmatched: {', '.join(ids)}{more}" if ids else ""
                out.append(
                    f"  {j.left} → {j.right} on {j.key}: {j.matched:,} matched, "
                    f"{j.unmatched:,} unmatched{tail}"
                )
        groups = self.groups()
        if not groups:
            out.append("")
            out.append("Nothing dropped, changed or defaulted.")
        for kind, reason, source, events in groups:
            out.append("")
            out.append(f"{kind}: {reason} — {source}: {len(events):,}")
            shown = events if every else events[:SHOWN]
            for e in shown:
                where = ", ".join(
                    x for x in (e.record, f"field '{e.field}'" if e.field else "") if x
                )
                out.append("  " + ": ".join(x for x in (where, e.detail) if x))
            if not every and len(events) > SHOWN:
                out.append(f"  … {len(events) - SHOWN:,} more (all in --report FILE)")
        return out

    def to_json(self, errors: Sequence[Issue] = ()) -> str:
        """The whole report as JSON; with ``errors``, every error of a failed import too."""
        return json.dumps(
            {
                **({"errors": [asdict(i) for i in errors]} if errors else {}),
                "counts": self.counts,
                "joins": [asdict(j) for j in self.joins],
                "summary": dict(self.summary()),
                "groups": [
                    {
                        "kind": k,
                        "reason": r,
                        "source": s,
                        "count": len(ev),
                        "objects": [
                            {"record": e.record, "field": e.field, "detail": e.detail} for e in ev
                        ],
                    }
                    for k, r, s, ev in self.groups()
                ],
            },
            ensure_ascii=False,
            indent=2,
        )

    def write(self, path: Path, errors: Sequence[Issue] = ()) -> None:
        """Write the whole report: JSON for ``.json``, else text; with ``errors`` (an import
        that failed), every one of them first."""
        if path.suffix.lower() == ".json":
            text = self.to_json(errors)
        else:
            listed = [f"Errors ({len(errors):,}):", *(f"  ✗ {i}" for i in errors), ""]
            text = "\n".join([*(listed if errors else []), *self.lines(True)])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text + "\n", "utf-8")
        except OSError as err:  # a folder without write permission, a full disk …
            reason = err.strerror or type(err).__name__
            raise InputError(
                [Issue(str(path), "", "", f"cannot write the report: {reason}")]
            ) from None
