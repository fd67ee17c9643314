"""Poll scheduling and digest slots: pure functions of plain values."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.delivery.schedule import local_slot, next_digest_at
from bot.ingest.schedule import (
    JITTER,
    MAX_ADAPTIVE_INTERVAL,
    MAX_BACKOFF,
    MAX_SERVER_DELAY,
    QUIET_POLLS_PER_STEP,
    adaptive_interval,
    backoff_delay,
    next_poll_at,
)

KYIV = ZoneInfo("Europe/Kyiv")
NOW = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
FIVE_MIN = timedelta(minutes=5)


def test_busy_feed_keeps_its_configured_interval() -> None:
    assert adaptive_interval(FIVE_MIN, 0) == FIVE_MIN
    assert adaptive_interval(FIVE_MIN, QUIET_POLLS_PER_STEP - 1) == FIVE_MIN


def test_quiet_feed_slows_down_within_bounds() -> None:
    intervals = [adaptive_interval(FIVE_MIN, n) for n in range(0, 200)]
    assert intervals == sorted(intervals)
    assert adaptive_interval(FIVE_MIN, QUIET_POLLS_PER_STEP) == 2 * FIVE_MIN
    assert max(intervals) == 4 * FIVE_MIN
    assert max(adaptive_interval(timedelta(minutes=30), n) for n in range(200)) == (
        MAX_ADAPTIVE_INTERVAL
    )


def test_a_slow_configured_interval_is_never_shortened() -> None:
    assert adaptive_interval(timedelta(hours=3), 100) == timedelta(hours=3)


def test_new_items_reset_the_interval() -> None:
    quiet = next_poll_at(
        NOW, FIVE_MIN, error_count=0, quiet_polls=50, retry_after=None, rng=random.Random(1)
    )
    busy = next_poll_at(
        NOW, FIVE_MIN, error_count=0, quiet_polls=0, retry_after=None, rng=random.Random(1)
    )
    assert quiet - NOW == 4 * FIVE_MIN
    assert busy - NOW == FIVE_MIN


def test_backoff_grows_with_consecutive_errors() -> None:
    rng = random.Random(7)
    delays = [backoff_delay(FIVE_MIN, n, rng) for n in range(1, 7)]
    for n, delay in enumerate(delays, start=1):
        base = FIVE_MIN * 2 ** (n - 1)
        assert base * (1 - JITTER) <= delay <= base * (1 + JITTER)
    assert delays[-1] > delays[0] * 8


def test_backoff_has_jitter() -> None:
    rng = random.Random(3)
    assert len({backoff_delay(FIVE_MIN, 3, rng) for _ in range(20)}) > 10


@pytest.mark.parametrize("errors", [20, 64, 1000, 10**6])
def test_backoff_is_capped_even_for_a_long_dead_feed(errors: int) -> None:
    rng = random.Random(errors)
    for _ in range(50):
        delay = backoff_delay(FIVE_MIN, errors, rng)
        assert MAX_BACKOFF * (1 - JITTER) <= delay <= MAX_BACKOFF


def test_retry_after_longer_than_the_backoff_is_honoured() -> None:
    when = next_poll_at(
        NOW, FIVE_MIN, error_count=1, quiet_polls=0, retry_after=7200, rng=random.Random(1)
    )
    assert when == NOW + timedelta(hours=2)


def test_retry_after_shorter_than_the_backoff_does_not_shorten_it() -> None:
    when = next_poll_at(
        NOW, FIVE_MIN, error_count=3, quiet_polls=0, retry_after=1, rng=random.Random(1)
    )
    assert when - NOW >= FIVE_MIN * 4 * (1 - JITTER)


def test_an_absurd_retry_after_is_capped_at_a_day() -> None:
    when = next_poll_at(
        NOW, FIVE_MIN, error_count=1, quiet_polls=0, retry_after=10**9, rng=random.Random(1)
    )
    assert when == NOW + MAX_SERVER_DELAY


def _slots(start: datetime, at: time, count: int) -> list[datetime]:
    slots, after = [], start
    for _ in range(count):
        after = next_digest_at(after, at, KYIV)
        slots.append(after)
    return slots


@pytest.mark.parametrize(
    "start_day", [date(2026, 3, 26), date(2026, 10, 22)], ids=["spring-forward", "fall-back"]
)
def test_eight_o_clock_kyiv_is_one_slot_per_day_across_dst(start_day: date) -> None:
    start = datetime.combine(start_day, time(0, 0), KYIV)
    slots = _slots(start, time(8, 0), 8)
    local = [s.astimezone(KYIV) for s in slots]
    assert [s.date() for s in local] == [start_day + timedelta(days=n) for n in range(8)]
    assert all((s.hour, s.minute) == (8, 0) for s in local)
    offsets = {s.utcoffset() for s in local}
    assert offsets == {timedelta(hours=2), timedelta(hours=3)}


def test_a_slot_inside_the_spring_forward_gap_fires_once_after_the_jump() -> None:
    start = datetime(2026, 3, 28, 12, 0, tzinfo=KYIV)
    slots = _slots(start, time(3, 30), 3)
    local = [s.astimezone(KYIV) for s in slots]
    assert [s.date() for s in local] == [date(2026, 3, 29), date(2026, 3, 30), date(2026, 3, 31)]
    assert slots[0] == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 04:30 EEST, just after the jump
    assert (local[1].hour, local[1].minute) == (3, 30)


def test_an_ambiguous_fall_back_slot_fires_once() -> None:
    start = datetime(2026, 10, 24, 12, 0, tzinfo=KYIV)
    slots = _slots(start, time(3, 30), 3)
    assert [s.astimezone(KYIV).date() for s in slots] == [
        date(2026, 10, 25),
        date(2026, 10, 26),
        date(2026, 10, 27),
    ]
    # the first 03:30 (EEST); an ambiguous local time never compares equal across zones
    assert slots[0].astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_local_slot_is_an_existing_time() -> None:
    slot = local_slot(date(2026, 3, 29), time(3, 15), KYIV)
    assert slot.astimezone(UTC).astimezone(KYIV) == slot
    assert (slot.hour, slot.minute) == (4, 15)


def test_next_digest_is_strictly_after_the_given_time() -> None:
    at_eight = datetime(2026, 11, 21, 8, 0, tzinfo=KYIV)
    assert next_digest_at(at_eight, time(8, 0), KYIV) == at_eight + timedelta(days=1)
    just_before = at_eight - timedelta(seconds=1)
    assert next_digest_at(just_before, time(8, 0), KYIV) == at_eight


@pytest.mark.parametrize("retry_after", [1e14, float("inf")])
def test_a_retry_after_beyond_any_calendar_is_capped_at_a_day(retry_after: float) -> None:
    when = next_poll_at(
        NOW, FIVE_MIN, error_count=1, quiet_polls=0, retry_after=retry_after, rng=random.Random(1)
    )
    assert when == NOW + MAX_SERVER_DELAY
