"""When to poll a feed next, and when a subscriber's daily digest is due.

Pure functions of plain values and a clock value passed in: the poller and the
digest job ask here and store the answer in the database, so a restart resumes
the same schedule.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_BACKOFF = timedelta(hours=6)
MAX_SERVER_DELAY = timedelta(hours=24)
JITTER = 0.2
#: Consecutive polls without anything new after which the interval doubles, up to ×4.
QUIET_POLLS_PER_STEP = 6
MAX_QUIET_FACTOR = 4
MAX_ADAPTIVE_INTERVAL = timedelta(hours=1)


def adaptive_interval(configured: timedelta, quiet_polls: int) -> timedelta:
    """Busy feeds keep their configured interval; quiet ones slow down, within bounds."""
    factor = min(MAX_QUIET_FACTOR, 2 ** (quiet_polls // QUIET_POLLS_PER_STEP))
    if factor == 1:
        return configured
    return max(configured, min(configured * factor, MAX_ADAPTIVE_INTERVAL))


def backoff_delay(configured: timedelta, error_count: int, rng: random.Random) -> timedelta:
    """Exponential backoff with ±20 % jitter, capped at `MAX_BACKOFF`.

    The error count of a long-dead feed grows without bound, so the doubling stops
    once the cap is reached (a timedelta times 2**60 overflows).
    """
    base = configured
    for _ in range(max(0, error_count - 1)):
        if base >= MAX_BACKOFF:
            break
        base *= 2
    return min(base * (1 + rng.uniform(-JITTER, JITTER)), MAX_BACKOFF)


def next_poll_at(
    now: datetime,
    configured: timedelta,
    *,
    error_count: int,
    quiet_polls: int,
    retry_after: float | None,
    rng: random.Random,
) -> datetime:
    """The next poll time after a poll that ended at `now`.

    After an error the feed backs off; a server's Retry-After is honoured (up to
    a day) even when it asks for longer than the backoff.
    """
    if error_count:
        delay = backoff_delay(configured, error_count, rng)
    else:
        delay = adaptive_interval(configured, quiet_polls)
    if retry_after is not None:
        server_delay = min(retry_after, MAX_SERVER_DELAY.total_seconds())  # before timedelta
        delay = max(delay, timedelta(seconds=server_delay))
    return now + delay


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
