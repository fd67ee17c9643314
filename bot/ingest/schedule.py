"""When to poll a feed next: its interval, quiet-feed slowdown, backoff, server hints.

Pure functions of plain values and a clock value passed in: the poller asks here and
stores the answer in the database, so a restart resumes the same schedule.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

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
