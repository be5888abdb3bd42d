"""Counting sign-in attempts in the database, safe under concurrency (issue #16 §4).

:func:`take` counts an attempt *before* the secret is checked, inside one transaction that holds
the counter's row (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the first statement is a
write, so the transaction holds the database's write lock): of N simultaneous attempts at most
``Limit.attempts`` get through, whatever the number of server processes. A successful sign-in
gives its attempt back (:func:`give_back`), so only failures add up. Past the limit the key is
blocked for ``Limit.block`` seconds, doubled for each block in a row (back-off, at most a day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wijkaanpak.web.security.models import Throttle

DAY = 24 * 3600


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int  # allowed per window
    window: int  # [s]
    block: int  # [s] the first block; each further block in a row doubles it
    max_block: int = DAY  # [s]

    def key(self, subject: str) -> str:
        return f"{self.name}:{subject}"[:200]


def waiting(limit: Limit, subject: str) -> int:
    """Seconds ``subject`` is still blocked under ``limit`` (0: not blocked)."""
    until = (
        Throttle.objects.filter(key=limit.key(subject))
        .values_list("blocked_until", flat=True)
        .first()
    )
    return _remaining(until)


def counted(limit: Limit, subject: str) -> int:
    """Attempts counted against ``subject`` in its current window."""
    row = Throttle.objects.filter(key=limit.key(subject)).first()
    if row is None or row.window_start + timedelta(seconds=limit.window) <= timezone.now():
        return 0
    return row.count


def _remaining(until: Any) -> int:
    if until is None:
        return 0
    seconds = (until - timezone.now()).total_seconds()
    return max(int(seconds + 0.999), 0)


def take(limit: Limit, subject: str) -> int:
    """Count one attempt against ``subject``. Returns 0 when it may go ahead, else the seconds to
    wait: the key was blocked already (nothing counted), or this attempt went over the limit
    (the key is now blocked)."""
    key, now = limit.key(subject), timezone.now()
    with transaction.atomic():
        Throttle.objects.bulk_create([Throttle(key=key, window_start=now)], ignore_conflicts=True)
        row = Throttle.objects.select_for_update().get(key=key)
        if row.blocked_until is not None and row.blocked_until > now:
            return _remaining(row.blocked_until)
        fresh = row.count == 0
        if row.window_start + timedelta(seconds=limit.window) <= now:
            if row.blocked_until is None or now - row.blocked_until > timedelta(seconds=DAY):
                row.strikes = 0  # a quiet day forgets earlier blocks
            row.window_start, row.count, fresh = now, 0, True
        row.count += 1
        wait = 0
        if row.count > limit.attempts:
            row.strikes += 1
            wait = min(limit.block * 2 ** (row.strikes - 1), limit.max_block)
            row.blocked_until = now + timedelta(seconds=wait)
            row.window_start, row.count = now, 0
        row.save()
    if fresh or wait:
        forget_stale()  # once per key and window: cheap, and no address is kept long
    return wait


def give_back(limit: Limit, subject: str) -> None:
    """Undo one counted attempt (it succeeded)."""
    Throttle.objects.filter(key=limit.key(subject), count__gt=0).update(count=F("count") - 1)


def clear(limit: Limit, subject: str) -> None:
    Throttle.objects.filter(key=limit.key(subject)).delete()


def forget_stale() -> None:
    """Delete counters untouched for a day whose block has ended (they hold client addresses)."""
    now = timezone.now()
    Throttle.objects.filter(updated_at__lt=now - timedelta(seconds=DAY)).exclude(
        blocked_until__gt=now
    ).delete()
