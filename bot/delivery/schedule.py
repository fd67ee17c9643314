"""When a subscriber's daily digest is due, when their quiet hours are, and the one "HH:MM".

Pure functions of plain values and a clock value passed in: the digest job, the delivery
worker and the settings store the answers in the database (`Chat.next_digest_at`,
`Chat.next_quiet_at`, `Chat.muted_until`), so a restart resumes the same schedule, and a
daylight-saving change neither skips nor doubles a digest or a quiet night.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


_PERIOD = re.compile(r"^\s*(\S+?)\s*(?:-|–|—|to)\s*(\S+)\s*$")


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily quiet period in local time; `end <= start` means it runs past midnight."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours | None:
        """`23:00-07:00` (also `23:00–07:00`, `23.00 - 7.00`); None when it is not one."""
        found = _PERIOD.match(text)
        if found is None:
            return None
        start, end = parse_hhmm(found.group(1)), parse_hhmm(found.group(2))
        if start is None or end is None or start == end:
            return None
        return cls(start, end)

    def __str__(self) -> str:
        """How quiet hours are stored and typed: `23:00-07:00`."""
        return f"{format_hhmm(self.start)}-{format_hhmm(self.end)}"

    @property
    def shown(self) -> str:
        """How they are shown: `23:00–07:00`."""
        return f"{format_hhmm(self.start)}–{format_hhmm(self.end)}"

    def period_at(self, now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
        """The quiet period containing `now`, as (start, end) in UTC; None outside one.

        Both ends are real local slots (`local_slot`), so the night the clocks go forward
        is an hour shorter and the night they go back an hour longer, as on a wall clock.
        """
        today = now.astimezone(tz).date()
        for day in (today - timedelta(days=1), today):
            start = local_slot(day, self.start, tz)
            end_day = day if self.end > self.start else day + timedelta(days=1)
            end = local_slot(end_day, self.end, tz)
            if start <= now < end:  # UTC: subtracting two times of one zone ignores DST
                return start.astimezone(UTC), end.astimezone(UTC)
        return None

    def next_start(self, after: datetime, tz: ZoneInfo) -> datetime:
        """The first start of a quiet period strictly after `after`."""
        return next_digest_at(after, self.start, tz)
