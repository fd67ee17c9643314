"""SendPacer under a fake clock: the slots it books never exceed Telegram's limits."""

from __future__ import annotations

import itertools
import random
from bisect import bisect_right

import pytest

from bot.delivery.pacing import GLOBAL_PER_SECOND, SendPacer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def most_in_any_window(slots: list[float], window: float) -> int:
    """The largest number of slots in any half-open window (t - window, t]."""
    ordered = sorted(slots)
    return max(i + 1 - bisect_right(ordered, t - window) for i, t in enumerate(ordered))


def book(pacer: SendPacer, clock: FakeClock, chat_id: int, is_group: bool = False) -> float:
    """Reserve a slot and return when it is (the clock does not move)."""
    return clock.now + pacer.reserve(chat_id, is_group)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_never_more_than_thirty_per_second_overall(clock: FakeClock) -> None:
    pacer = SendPacer(clock=clock)
    slots = [book(pacer, clock, chat_id) for chat_id in range(1, 1001)]

    assert most_in_any_window(slots, 1.0) <= 30
    assert slots[-1] - slots[0] == pytest.approx(999 / GLOBAL_PER_SECOND, rel=1e-6)  # not slower


def test_one_per_second_to_a_private_chat(clock: FakeClock) -> None:
    pacer = SendPacer(clock=clock)
    slots = [book(pacer, clock, 42) for _ in range(10)]

    assert all(b - a >= 1.0 for a, b in itertools.pairwise(slots))
    assert most_in_any_window(slots, 1.0) == 1


def test_twenty_per_minute_to_a_group(clock: FakeClock) -> None:
    pacer = SendPacer(clock=clock)
    slots = [book(pacer, clock, -100500, is_group=True) for _ in range(60)]

    assert most_in_any_window(slots, 60.0) <= 20


def test_a_busy_chat_does_not_hold_up_the_others(clock: FakeClock) -> None:
    pacer = SendPacer(clock=clock)
    busy = [book(pacer, clock, 7) for _ in range(5)]
    other = book(pacer, clock, 8)

    assert other - clock.now < 1.0 < busy[1] - clock.now


def test_mixed_traffic_respects_every_limit_at_once(clock: FakeClock) -> None:
    pacer = SendPacer(clock=clock)
    rng = random.Random(3)
    booked: dict[int, list[float]] = {}
    for _ in range(3000):
        chat_id = rng.choice([*range(1, 40), -1, -2, -3])
        booked.setdefault(chat_id, []).append(book(pacer, clock, chat_id, chat_id < 0))
        clock.now += rng.uniform(0, 0.01)

    everything = [slot for slots in booked.values() for slot in slots]
    assert most_in_any_window(everything, 1.0) <= 30
    for chat_id, slots in booked.items():
        if chat_id < 0:
            assert most_in_any_window(slots, 60.0) <= 20
        else:
            assert most_in_any_window(slots, 1.0) == 1


def test_429_pauses_every_send_for_retry_after(clock: FakeClock) -> None:
    pacer = SendPacer(clock=clock)
    book(pacer, clock, 1)
    clock.now += 0.5

    pacer.pause(5)

    assert min(book(pacer, clock, chat_id) for chat_id in (2, 3, 4)) >= clock.now + 5
    clock.now += 6
    assert book(pacer, clock, 5) == clock.now  # the pause is over


def test_a_shorter_429_never_shortens_a_longer_pause(clock: FakeClock) -> None:
    pacer = SendPacer(clock=clock)
    pacer.pause(10)
    pacer.pause(2)

    assert book(pacer, clock, 1) >= clock.now + 10


async def test_wait_turn_sleeps_until_the_booked_slot() -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    pacer = SendPacer(per_second=20, clock=loop.time)
    start = loop.time()
    for chat_id in range(5):
        await pacer.wait_turn(chat_id, False)

    assert loop.time() - start >= 4 / 20
