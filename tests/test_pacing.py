"""The one send budget: what `Pacer` grants, on the event loop's clock.

Limits are scaled down (a tenth of a second stands for a second, and so on) so that each
test takes a fraction of a second; the ratios are Telegram's.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_right

import pytest

from bot.delivery.pacing import Pacer, Priority

SCALE = 0.05
"""Seconds of test time per second of Telegram time."""
PER_SECOND = 28


def pacer() -> Pacer:
    loop = asyncio.get_running_loop()
    return Pacer(
        per_second=PER_SECOND / SCALE,
        private_interval=1.05 * SCALE,
        group_interval=3.1 * SCALE,
        clock=loop.time,
    )


def most_in_any_window(times: list[float], window: float) -> int:
    ordered = sorted(times)
    return max(i + 1 - bisect_right(ordered, t - window) for i, t in enumerate(ordered))


async def grants(
    budget: Pacer, requests: list[tuple[int, bool, Priority]]
) -> list[tuple[int, Priority, float]]:
    """Ask for every slot at once; (chat, priority, when granted) in the order granted."""
    loop = asyncio.get_running_loop()
    granted: list[tuple[int, Priority, float]] = []

    async def one(chat: int, group: bool, priority: Priority) -> None:
        await budget.acquire(chat, group, priority)
        granted.append((chat, priority, loop.time()))

    await asyncio.gather(*(one(*request) for request in requests))
    return granted


async def test_never_more_than_the_global_rate() -> None:
    granted = await grants(pacer(), [(chat, False, Priority.BULK) for chat in range(200)])
    times = [when for _, _, when in granted]
    assert most_in_any_window(times, SCALE) <= PER_SECOND + 1
    assert times[-1] - times[0] == pytest.approx(199 / PER_SECOND * SCALE, rel=0.25)


async def test_a_private_chat_gets_a_burst_of_three_then_one_a_second() -> None:
    granted = await grants(pacer(), [(42, False, Priority.INTERACTIVE)] * 6)
    times = [when for _, _, when in granted]
    assert times[2] - times[0] < 0.5 * SCALE
    for n in range(3, 6):  # a token bucket: the (n+1)th send needs n-2 refills after the first
        assert times[n] - times[0] >= (n - 2) * 1.05 * SCALE


async def test_a_group_gets_at_most_twenty_a_minute() -> None:
    granted = await grants(pacer(), [(-100500, True, Priority.BULK)] * 25)
    times = [when for _, _, when in granted]
    assert most_in_any_window(times, 60 * SCALE) <= 20


async def test_a_reply_goes_ahead_of_a_queued_fan_out() -> None:
    budget = pacer()
    fan_out = asyncio.gather(
        *(budget.acquire(chat, False, Priority.BULK) for chat in range(1000, 1100))
    )
    await asyncio.sleep(SCALE)  # the fan-out is under way, most of it still waiting
    before = budget.granted
    await budget.acquire(7, False, Priority.INTERACTIVE)
    assert budget.granted - before <= 2
    await fan_out


async def test_the_fan_out_keeps_a_quarter_of_the_slots_while_replies_wait() -> None:
    requests = [(chat, False, Priority.INTERACTIVE) for chat in range(100)]
    requests += [(chat, False, Priority.BULK) for chat in range(1000, 1100)]
    granted = await grants(pacer(), requests)
    first = [priority for _, priority, _ in granted[:40]]
    assert first.count(Priority.BULK) >= 10
    assert first.count(Priority.INTERACTIVE) >= 25


async def test_a_429_for_one_chat_pauses_that_chat_only() -> None:
    budget = pacer()
    loop = asyncio.get_running_loop()
    budget.flood(5, 2 * SCALE)
    start = loop.time()
    granted = await grants(budget, [(6, False, Priority.BULK), (5, False, Priority.BULK)])
    when = {chat: at - start for chat, _, at in granted}
    assert when[6] < SCALE / 2 <= 2 * SCALE <= when[5]


async def test_429s_for_two_chats_at_once_pause_everything() -> None:
    budget = pacer()
    loop = asyncio.get_running_loop()
    budget.flood(5, 2 * SCALE)
    budget.flood(6, 2 * SCALE)
    start = loop.time()
    [(_, _, at)] = await grants(budget, [(7, False, Priority.INTERACTIVE)])
    assert at - start >= 2 * SCALE


async def test_a_shorter_429_never_shortens_a_longer_pause() -> None:
    budget = pacer()
    loop = asyncio.get_running_loop()
    budget.flood(None, 3 * SCALE)
    budget.flood(None, SCALE)
    start = loop.time()
    await budget.acquire(1, False, Priority.INTERACTIVE)
    assert loop.time() - start >= 3 * SCALE


async def test_a_request_given_up_while_waiting_holds_up_nobody() -> None:
    budget = pacer()
    budget.flood(9, 100.0)
    stuck = asyncio.create_task(budget.acquire(9, False, Priority.BULK))
    await asyncio.sleep(0)
    stuck.cancel()
    await asyncio.wait_for(budget.acquire(10, False, Priority.BULK), timeout=SCALE * 10)
    assert stuck.cancelled()
