"""Pacing sends under Telegram's limits, so we never provoke a 429.

Telegram allows about 30 messages per second overall, one per second sustained
to one private chat, and 20 per minute to one group or channel.  Each send
reserves the earliest slot that satisfies all three, then sleeps until it; a
429 pauses everything for the server's retry_after.  python-telegram-bot's
AIORateLimiter does not pace single private chats nor retry by default, which
is why this exists.
"""

from __future__ import annotations

import asyncio
import time
from bisect import bisect_left, insort
from collections import deque
from collections.abc import Callable

#: Under Telegram's ~30/s: the fan-out bench under machine load saw 429s at 29/s.
GLOBAL_PER_SECOND = 28.0
#: A little over Telegram's 1/s and 20/min: a slot exactly at the limit turns into a 429
#: when the request that used the previous slot reached Telegram a few milliseconds late.
PRIVATE_INTERVAL = 1.05
GROUP_INTERVAL = 3.1
_PRUNE_EVERY = 1000
_EPSILON = 1e-9


class SendPacer:
    def __init__(
        self,
        per_second: float = GLOBAL_PER_SECOND,
        private_interval: float = PRIVATE_INTERVAL,
        group_interval: float = GROUP_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._spacing = 1.0 / per_second
        self._private = private_interval
        self._group = group_interval
        self._clock = clock
        self._per_window = max(1, int(per_second))
        self._sent: deque[float] = deque()
        """When the sends of the last second really went out."""
        self._booked: list[float] = []
        """Global slots booked from `now - spacing` on, sorted: new ones fill the gaps."""
        self._next_chat: dict[int, float] = {}
        self._paused_until = 0.0
        self._reservations = 0

    def reserve(self, chat_id: int, is_group: bool) -> float:
        """Book the next slot for this chat; return how long to wait for it.

        The slot is the earliest time the chat may send (its own limit, a 429 pause)
        that is at least `1 / per_second` away from every other booked slot.  Slots are
        not booked in time order: a chat waiting out its own one-second limit takes a
        slot a second ahead without holding up the chats that may send now.
        """
        now = self._clock()
        earliest = max(now, self._next_chat.get(chat_id, 0.0), self._paused_until)
        start = self._global_slot(now, earliest)
        self._next_chat[chat_id] = start + (self._group if is_group else self._private)
        self._reservations += 1
        if self._reservations % _PRUNE_EVERY == 0:
            self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
        return start - now

    def _global_slot(self, now: float, earliest: float) -> float:
        booked, spacing = self._booked, self._spacing
        del booked[: bisect_left(booked, now - spacing)]
        slot = earliest
        for taken in booked[bisect_left(booked, earliest - spacing + _EPSILON) :]:
            if taken >= slot + spacing - _EPSILON:
                break  # a gap wide enough before this slot
            if taken > slot - spacing + _EPSILON:
                slot = taken + spacing
        insort(booked, slot)
        return slot

    def chat_ready_in(self, chat_id: int) -> float:
        """Seconds until this chat may be sent to (its own limit, a 429 pause); books nothing."""
        now = self._clock()
        return max(0.0, self._next_chat.get(chat_id, 0.0) - now, self._paused_until - now)

    async def wait_turn(self, chat_id: int, is_group: bool) -> None:
        delay = self.reserve(chat_id, is_group)
        if delay > 0:
            await asyncio.sleep(delay)
        # A busy event loop wakes sleepers late, and late senders then go out together: the
        # sends that really happened in the last second are counted too.
        while True:
            now = self._clock()
            if now < self._paused_until:  # a 429 arrived while we slept: wait it out too
                await asyncio.sleep(self._paused_until - now)
                continue
            while self._sent and self._sent[0] <= now - 1.0:
                self._sent.popleft()
            if len(self._sent) < self._per_window:
                break
            await asyncio.sleep(self._sent[0] + 1.0 - now)
        self._sent.append(now)

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nobody sends until retry_after has passed."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)
