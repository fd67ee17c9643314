"""The one send budget: what `Pacer` grants, on a virtual clock (exact, whatever the load)."""

from __future__ import annotations

import asyncio
from bisect import bisect_right

import pytest

from bot.delivery.pacing import GROUP_INTERVAL, PRIVATE_INTERVAL, Pacer, Priority

PER_SECOND = 28


class VirtualTime:
    """A clock that moves only when the pacer sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        for _ in range(5):  # let everyone granted so far resume, at the time they were granted
            await asyncio.sleep(0)
        self.now += max(0.0, seconds)


@pytest.fixture
def time_() -> VirtualTime:
    return VirtualTime()


def pacer(time_: VirtualTime) -> Pacer:
    return Pacer(per_second=PER_SECOND, clock=time_, sleep=time_.sleep)


def most_in_any_window(times: list[float], window: float) -> int:
    ordered = sorted(times)
    return max(i + 1 - bisect_right(ordered, t - window) for i, t in enumerate(ordered))


async def grants(
    budget: Pacer, time_: VirtualTime, requests: list[tuple[int, bool, Priority]]
) -> list[tuple[int, Priority, float]]:
    """Ask for every slot at once; (chat, priority, when granted) in the order granted."""
    granted: list[tuple[int, Priority, float]] = []

    async def one(chat: int, group: bool, priority: Priority) -> None:
        await budget.acquire(chat, group, priority)
        granted.append((chat, priority, time_.now))

    await asyncio.gather(*(one(*request) for request in requests))
    return granted


async def test_never_more_than_the_global_rate_and_no_slower(time_: VirtualTime) -> None:
    granted = await grants(
        pacer(time_), time_, [(chat, False, Priority.BULK) for chat in range(200)]
    )
    times = [when for _, _, when in granted]
    assert most_in_any_window(times, 1.0) <= PER_SECOND
    assert times[-1] - times[0] == pytest.approx(199 / PER_SECOND)


async def test_a_private_chat_gets_a_burst_of_three_then_one_a_second(
    time_: VirtualTime,
) -> None:
    granted = await grants(pacer(time_), time_, [(42, False, Priority.INTERACTIVE)] * 6)
    times = [when - granted[0][2] for _, _, when in granted]
    assert times[2] == pytest.approx(2 / PER_SECOND)  # the burst: only the global spacing
    for n in range(3, 6):  # a token bucket: the (n+1)th send needs n-2 refills after the first
        assert times[n] >= (n - 2) * PRIVATE_INTERVAL - 1e-9


async def test_a_group_gets_at_most_twenty_a_minute(time_: VirtualTime) -> None:
    granted = await grants(pacer(time_), time_, [(-100500, True, Priority.BULK)] * 25)
    times = [when for _, _, when in granted]
    assert most_in_any_window(times, 60.0) <= 20
    assert times[1] - times[0] == pytest.approx(GROUP_INTERVAL)


async def test_a_reply_goes_ahead_of_a_queued_fan_out(time_: VirtualTime) -> None:
    budget = pacer(time_)
    fan_out = [(chat, False, Priority.BULK) for chat in range(1000, 1100)]
    granted = await grants(budget, time_, [*fan_out, (7, False, Priority.INTERACTIVE)])
    order = [chat for chat, _, _ in granted]
    assert order.index(7) <= 1


async def test_the_fan_out_keeps_a_quarter_of_the_slots_while_replies_wait(
    time_: VirtualTime,
) -> None:
    requests = [(chat, False, Priority.INTERACTIVE) for chat in range(100)]
    requests += [(chat, False, Priority.BULK) for chat in range(1000, 1100)]
    granted = await grants(pacer(time_), time_, requests)
    first = [priority for _, priority, _ in granted[:40]]
    assert first.count(Priority.BULK) == 10
    assert first.count(Priority.INTERACTIVE) == 30


async def test_a_429_for_one_chat_pauses_that_chat_only(time_: VirtualTime) -> None:
    budget = pacer(time_)
    start = time_.now
    budget.flood(5, 2.0)
    granted = await grants(budget, time_, [(6, False, Priority.BULK), (5, False, Priority.BULK)])
    when = {chat: at - start for chat, _, at in granted}
    assert when[6] < 0.1 and when[5] >= 2.0


async def test_429s_for_two_chats_at_once_pause_everything(time_: VirtualTime) -> None:
    budget = pacer(time_)
    start = time_.now
    budget.flood(5, 2.0)
    budget.flood(6, 2.0)
    [(_, _, at)] = await grants(budget, time_, [(7, False, Priority.INTERACTIVE)])
    assert at - start >= 2.0


async def test_a_shorter_429_never_shortens_a_longer_pause(time_: VirtualTime) -> None:
    budget = pacer(time_)
    start = time_.now
    budget.flood(None, 3.0)
    budget.flood(None, 1.0)
    await budget.acquire(1, False, Priority.INTERACTIVE)
    assert time_.now - start >= 3.0


async def test_a_request_given_up_while_waiting_holds_up_nobody() -> None:
    loop = asyncio.get_running_loop()
    budget = Pacer(clock=loop.time)
    budget.flood(9, 100.0)
    stuck = asyncio.create_task(budget.acquire(9, False, Priority.BULK))
    await asyncio.sleep(0)
    stuck.cancel()
    await asyncio.wait_for(budget.acquire(10, False, Priority.BULK), timeout=5)
    assert stuck.cancelled()
