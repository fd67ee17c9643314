"""The breaking-story rule: >= 4 outlets first carrying a story within one hour, lately."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.stories.breaking import is_breaking

NOW = datetime(2025, 11, 27, 14, 0, tzinfo=UTC)


def minutes_ago(*values: float) -> list[datetime]:
    return [NOW - timedelta(minutes=v) for v in values]


def test_four_outlets_within_an_hour_is_breaking() -> None:
    assert is_breaking(minutes_ago(50, 30, 12, 2), NOW)


def test_three_outlets_is_not_breaking() -> None:
    assert not is_breaking(minutes_ago(30, 12, 2), NOW)


def test_four_outlets_spread_over_a_day_is_not_breaking() -> None:
    assert not is_breaking(minutes_ago(20 * 60, 14 * 60, 7 * 60, 5), NOW)


def test_a_burst_stays_breaking_for_six_hours_then_wears_off() -> None:
    burst = minutes_ago(5 * 60 + 50, 5 * 60 + 40, 5 * 60 + 20, 5 * 60)
    assert is_breaking(burst, NOW)
    assert not is_breaking(burst, NOW + timedelta(hours=2))


def test_outlets_after_now_do_not_count() -> None:
    times = [*minutes_ago(30, 12), NOW + timedelta(minutes=5), NOW + timedelta(minutes=9)]
    assert not is_breaking(times, NOW)
    assert is_breaking(times, NOW + timedelta(minutes=10))


def test_order_of_first_seen_times_does_not_matter() -> None:
    assert is_breaking(minutes_ago(2, 50, 12, 30), NOW)


def test_thresholds_can_be_tightened() -> None:
    assert not is_breaking(minutes_ago(50, 30, 12, 2), NOW, min_outlets=5)
    assert not is_breaking(minutes_ago(50, 30, 12, 2), NOW, span=timedelta(minutes=30))
