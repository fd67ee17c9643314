"""When a subscriber's daily digest is due, and the one "HH:MM" of the digest time.

Pure functions of plain values and a clock value passed in: the digest job and the
settings store the answer in the database (`Chat.next_digest_at`), so a restart resumes
the same schedule, and a daylight-saving change neither skips nor doubles a digest.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_HHMM = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def parse_hhmm(text: str) -> time | None:
    """`HH:MM` (also `H:MM` and `HH.MM`) as a time of day; None when it is not one."""
    found = _HHMM.match(text.strip())
    if found is None:
        return None
    return time(int(found.group(1)), int(found.group(2)))


def format_hhmm(at: time) -> str:
    """How a digest time is stored and shown: always `HH:MM`."""
    return at.strftime("%H:%M")


def local_slot(day: date, at: time, tz: ZoneInfo) -> datetime:
    """`at` o'clock on `day` in `tz`, as an aware datetime that really exists.

    On the spring-forward day a time inside the gap (03:30 when clocks jump from
    03:00 to 04:00) is moved forward by the jump (04:30); on the fall-back day
    an ambiguous time is its first occurrence.  Either way there is exactly one
    slot per local day.
    """
    # fold=0 means: for a time in the gap, the offset before the jump (so 02:30
    # becomes 03:30 after it); for an ambiguous time, the first occurrence.
    candidate = datetime.combine(day, at).replace(tzinfo=tz, fold=0)
    return candidate.astimezone(UTC).astimezone(tz)


def next_digest_at(after: datetime, at: time, tz: ZoneInfo) -> datetime:
    """The first daily digest slot strictly after `after`."""
    local_day = after.astimezone(tz).date()
    for offset in range(3):
        slot = local_slot(local_day + timedelta(days=offset), at, tz)
        if slot > after:
            return slot
    raise AssertionError("a daily slot always exists within three days")


def next_digest_slot(after: datetime, digest_time: str | None, tz: str) -> datetime | None:
    """The next daily digest after `after` for a stored `HH:MM` (None: no daily digest)."""
    if digest_time is None:
        return None
    at = parse_hhmm(digest_time)
    if at is None:
        raise ValueError(f"stored digest time {digest_time!r} is not HH:MM")
    return next_digest_at(after, at, ZoneInfo(tz))
