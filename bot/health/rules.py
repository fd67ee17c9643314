"""Judging a feed's health from plain values.  Pure: no I/O, no clock of its own.

- **failing**: `failing_errors` errors in a row, or any error and no success for longer
  than `failing_after`; also a feed that answered 410 Gone.
- **silent**: nothing new for much longer than usual: longer than `silent_factor` × its
  usual gap between polls that brought something new (the median), than 1.5 × the
  longest such gap of the last week (so a nightly lull is usual), and than `min_silence`.
  A feed is not judged silent before it has `min_arrivals` arrivals to learn from.
- **churning**: in the last `churn_window`, at least `churn_min` items it served as new
  carried a date older than `old_age` or a link we already had, and they were at least
  `churn_share` of what it served as new: its guids changed, not its news.

Failing wins over churning, churning over silent.  A notice is sent only when the state
changes (`notice_for`), so a feed that keeps failing is one message, and its recovery one
more: never a message per poll.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from statistics import median


class Health(StrEnum):
    HEALTHY = "healthy"
    FAILING = "failing"
    SILENT = "silent"
    CHURNING = "churning"


@dataclass(frozen=True, slots=True)
class Limits:
    failing_errors: int = 3
    failing_after: timedelta = timedelta(hours=1)
    silent_factor: float = 10.0
    longest_factor: float = 1.5
    min_silence: timedelta = timedelta(hours=2)
    min_arrivals: int = 6
    churn_window: timedelta = timedelta(hours=1)
    churn_min: int = 10
    churn_share: float = 0.5
    old_age: timedelta = timedelta(days=3)
    keep: timedelta = timedelta(days=7)
    """How long arrivals and poll evidence are kept."""
    max_kept: int = 500


@dataclass(frozen=True, slots=True)
class PollEvidence:
    """What one poll that changed the feed's body served: how many items it stored as new,
    how many of those carried an old date, and how many "new" ones had a known link."""

    at: datetime
    new: int
    old_dated: int
    recycled: int


@dataclass(frozen=True, slots=True)
class Facts:
    """A feed's state as plain values (from its row and its health row)."""

    gone: bool
    error_count: int
    last_success_at: datetime | None
    last_error: str | None
    arrivals: Sequence[datetime]
    """When polls brought new items (oldest first)."""
    polls: Sequence[PollEvidence]


@dataclass(frozen=True, slots=True)
class Verdict:
    health: Health
    silent_for: timedelta | None = None
    cadence: timedelta | None = None
    churned: int = 0
    served: int = 0


def _gaps(arrivals: Sequence[datetime]) -> list[float]:
    return [(b - a).total_seconds() for a, b in pairwise(arrivals)]


def usual_gap(arrivals: Sequence[datetime]) -> timedelta | None:
    """The median time between polls that brought something new (None: under two)."""
    gaps = _gaps(arrivals)
    return timedelta(seconds=median(gaps)) if gaps else None


def silence_limit(arrivals: Sequence[datetime], limits: Limits) -> timedelta | None:
    """How long this feed may bring nothing new before it counts as silent."""
    if len(arrivals) < limits.min_arrivals:
        return None
    gaps = _gaps(arrivals)
    return max(
        timedelta(seconds=median(gaps) * limits.silent_factor),
        timedelta(seconds=max(gaps) * limits.longest_factor),
        limits.min_silence,
    )


def _failing(facts: Facts, now: datetime, limits: Limits) -> bool:
    if facts.gone:
        return True
    if facts.error_count >= limits.failing_errors:
        return True
    last = facts.last_success_at
    return facts.error_count > 0 and last is not None and now - last > limits.failing_after


def assess(facts: Facts, now: datetime, limits: Limits) -> Verdict:
    """The feed's health now."""
    if _failing(facts, now, limits):
        return Verdict(Health.FAILING)
    recent = [p for p in facts.polls if now - p.at <= limits.churn_window]
    churned = sum(p.old_dated + p.recycled for p in recent)
    served = sum(p.new + p.recycled for p in recent)
    if churned >= limits.churn_min and churned >= limits.churn_share * served:
        return Verdict(Health.CHURNING, churned=churned, served=served)
    limit = silence_limit(facts.arrivals, limits)
    cadence = usual_gap(facts.arrivals)
    if limit is not None and facts.arrivals and now - facts.arrivals[-1] > limit:
        return Verdict(Health.SILENT, silent_for=now - facts.arrivals[-1], cadence=cadence)
    return Verdict(Health.HEALTHY, cadence=cadence)


def notice_for(previous: Health, verdict: Verdict) -> Health | None:
    """What to tell operators: the new state when it changed (HEALTHY: recovered)."""
    return verdict.health if verdict.health is not previous else None


def kept_arrivals(arrivals: Sequence[datetime], at: datetime, limits: Limits) -> list[datetime]:
    """The arrivals with one more at `at`, the old ones dropped."""
    kept = [a for a in arrivals if at - a <= limits.keep] + [at]
    return kept[-limits.max_kept :]


def kept_polls(
    polls: Sequence[PollEvidence], poll: PollEvidence, limits: Limits
) -> list[PollEvidence]:
    """The evidence with one more poll, what is past the churn window dropped."""
    kept = [p for p in polls if poll.at - p.at <= limits.churn_window] + [poll]
    return kept[-limits.max_kept :]
