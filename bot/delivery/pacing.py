"""One budget for every message the bot sends, under Telegram's limits.

Telegram allows about 30 messages a second overall, a short burst then about one a second
to one private chat, and 20 a minute to one group or channel; past that it answers 429.
Every call that produces a message — command replies, button edits, photos, alerts, story
edits, digests, apologies — asks `Pacer.acquire` for a slot first (the Telegram edge does
it for every request, `bot.telegram.limiter`), so they all share one budget.

Two priorities: a user's answer to their own command (`INTERACTIVE`) goes ahead of alerts
and digests (`BULK`), so a fan-out to 10,000 chats never makes `/start` wait minutes, but
bulk keeps at least `bulk_share` of the slots while both wait, so it is never starved.

One dispatcher hands out slots: at most one every `1 / per_second` seconds, each to the
oldest waiter of the preferred priority whose chat may receive now.  A 429 pauses what
Telegram meant: the chat, or everything when several chats are refused at once (see
`flood`).  Pure logic on a clock passed in; no I/O.

Several processes (on PostgreSQL) share one budget through a `SharedBudget`: before a
slot is granted here, the same slot is reserved there, for the whole bot and for the
chat, and a 429 pauses every process.  Each process reserves one slot at a time, when
it is about to use it, so the queue ahead of a reply is at most one slot per process:
priorities hold within a process, and across processes nobody waits behind another
process's backlog.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol

from bot.logs import log_event

log = logging.getLogger(__name__)

#: Under Telegram's ~30/s: requests that leave on time can still arrive a little bunched.
GLOBAL_PER_SECOND = 28.0
#: A private chat takes a burst of 3, then one a second; a little slower here, so a slot
#: exactly at the limit never turns into a 429 when a request arrives a few ms late.
PRIVATE_BURST = 3
PRIVATE_INTERVAL = 1.05
#: 20 a minute to a group or channel, evenly spaced.
GROUP_INTERVAL = 3.1
BULK_SHARE = 0.25
#: 429s for this many distinct chats within `GLOBAL_FLOOD_WINDOW` mean the whole bot was
#: refused (Telegram's answer does not say which limit was hit).
GLOBAL_FLOOD_CHATS = 2
GLOBAL_FLOOD_WINDOW = 2.0
_PRUNE_EVERY = 1000
#: While the shared budget cannot be reached, say so at most this often (seconds).
_UNREACHABLE_LOG_EVERY = 60.0


class Priority(IntEnum):
    INTERACTIVE = 0
    """A reply to what a user just did: a command's answer, a button's edit."""
    BULK = 1
    """Alerts, story edits, digests: sent as fast as the budget allows, after replies."""


@dataclass
class _ChatState:
    tokens: float = PRIVATE_BURST
    """Private chats: sends available now (refilled one per interval, up to the burst)."""
    at: float = 0.0
    """When `tokens` was last brought up to date / when a group may receive next."""
    paused_until: float = 0.0


@dataclass
class _Waiter:
    chat_id: int
    is_group: bool
    priority: Priority
    future: asyncio.Future[None] = field(repr=False)


@dataclass(frozen=True, slots=True)
class Reservation:
    """A shared budget's answer for one message."""

    granted: bool
    wait: float
    """Granted: seconds until the slot reserved.  Not granted: seconds until the chat may
    receive again (another process is sending to it, or Telegram paused it)."""


class SharedBudget(Protocol):
    """The budget of every process together (`bot.delivery.budget`, on PostgreSQL)."""

    async def reserve(
        self, chat_id: int, spacing: float, interval: float, burst: int
    ) -> Reservation:
        """One slot for a message to `chat_id`: the next global slot, `spacing` after the
        last one handed out, if the chat (`burst` at once, then one per `interval`) may
        receive it."""
        ...

    async def pause(self, chat_id: int | None, seconds: float) -> None:
        """A 429: the chat (None: everything) waits `seconds`, in every process."""
        ...


class Pacer:
    def __init__(
        self,
        per_second: float = GLOBAL_PER_SECOND,
        *,
        private_burst: int = PRIVATE_BURST,
        private_interval: float = PRIVATE_INTERVAL,
        group_interval: float = GROUP_INTERVAL,
        bulk_share: float = BULK_SHARE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        budget: SharedBudget | None = None,
    ) -> None:
        """`clock` and `sleep` go together: tests pass a virtual clock and a sleep that
        moves it (then a new waiter does not cut a wait short; they all arrive together)."""
        self._spacing = 1.0 / per_second
        self._burst = float(private_burst)
        self._private = private_interval
        self._group = group_interval
        self._bulk_every = max(1, round(1 / bulk_share)) if bulk_share > 0 else 0
        self._clock = clock
        self._sleep = sleep
        self._queues: dict[Priority, deque[_Waiter]] = {p: deque() for p in Priority}
        self._chats: dict[int, _ChatState] = {}
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._since_bulk = 0
        self._floods: deque[tuple[float, int]] = deque()
        self._arrived = asyncio.Event()
        self._dispatcher: asyncio.Task[None] | None = None
        self._budget = budget
        self._sharing: set[asyncio.Task[None]] = set()
        self._unreachable_logged = -_UNREACHABLE_LOG_EVERY
        self.granted = 0

    # ------------------------------------------------------------------ asking

    async def acquire(self, chat_id: int, is_group: bool, priority: Priority) -> None:
        """Wait for a slot to send one message to `chat_id`; it is used up on return."""
        waiter = _Waiter(chat_id, is_group, priority, asyncio.get_running_loop().create_future())
        self._queues[priority].append(waiter)
        self._arrived.set()
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch(), name="pacer")
        await waiter.future

    def flood(self, chat_id: int | None, seconds: float) -> None:
        """Telegram answered 429 with `retry_after=seconds` for `chat_id` (None: not a chat).

        The chat waits that long.  When another chat was refused within the last
        `GLOBAL_FLOOD_WINDOW` seconds too (or the request was not for a chat), the limit
        hit was the bot's own, and everything waits.
        """
        now = self._clock()
        until = now + seconds
        while self._floods and self._floods[0][0] < now - GLOBAL_FLOOD_WINDOW:
            self._floods.popleft()
        others = {chat for _, chat in self._floods if chat != chat_id}
        everything = chat_id is None or len(others) + 1 >= GLOBAL_FLOOD_CHATS
        if everything:
            self._paused_until = max(self._paused_until, until)
        if chat_id is not None:
            self._floods.append((now, chat_id))
            state = self._chats.setdefault(chat_id, _ChatState(at=now))
            state.paused_until = max(state.paused_until, until)
        self._arrived.set()
        if self._budget is not None:  # the other processes wait too
            scopes: list[int | None] = [] if chat_id is None else [chat_id]
            if everything:
                scopes.append(None)
            for scope in scopes:
                task = asyncio.get_running_loop().create_task(self._share_pause(scope, seconds))
                self._sharing.add(task)
                task.add_done_callback(self._sharing.discard)

    def waiting(self) -> int:
        return sum(len(queue) for queue in self._queues.values())

    # ------------------------------------------------------------------ handing out

    async def _dispatch(self) -> None:
        while self.waiting():
            now = self._clock()
            gate = max(self._next_slot, self._paused_until)
            if now < gate:
                await (self._sleep or asyncio.sleep)(gate - now)
                continue
            self._arrived.clear()
            waiter, ready_at = self._pick(now)
            if waiter is not None:
                if await self._reserved(waiter):
                    self._grant(waiter, self._clock())
                continue
            if ready_at is None:
                continue  # only cancelled waiters were left
            await self._until_ready_or_arrival(ready_at - now)

    async def _until_ready_or_arrival(self, seconds: float) -> None:
        """Until a chat may receive, or someone new arrives (who may be ready now)."""
        if self._sleep is not None:
            await self._sleep(seconds)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._arrived.wait(), timeout=seconds)

    def _pick(self, now: float) -> tuple[_Waiter | None, float | None]:
        """The waiter to serve now, or (None, when the first one could be served)."""
        order = [Priority.INTERACTIVE, Priority.BULK]
        if self._bulk_every and self._since_bulk >= self._bulk_every - 1:
            order.reverse()  # bulk's turn: it keeps its share while replies wait
        earliest: float | None = None
        for priority in order:
            queue = self._queues[priority]
            for waiter in list(queue):
                if waiter.future.done():  # cancelled while waiting
                    queue.remove(waiter)
                    continue
                ready = self._ready_at(waiter, now)
                if ready <= now:
                    queue.remove(waiter)
                    self._since_bulk = 0 if priority is Priority.BULK else self._since_bulk + 1
                    return waiter, None
                earliest = ready if earliest is None else min(earliest, ready)
        return None, earliest

    async def _reserved(self, waiter: _Waiter) -> bool:
        """The shared budget's slot for `waiter`, waited for (True at once without one).

        False when its chat is busy in another process: the waiter keeps its place and
        the chat waits here as long as the budget says.
        """
        if self._budget is None:
            return True
        interval, burst = (self._group, 1) if waiter.is_group else (self._private, int(self._burst))
        try:
            answer = await self._budget.reserve(waiter.chat_id, self._spacing, interval, burst)
        except Exception as exc:  # the database is away: pace as one process meanwhile
            self._unreachable(exc)
            return not waiter.future.done()
        if not answer.granted:
            now = self._clock()
            state = self._chats.setdefault(waiter.chat_id, _ChatState(at=now))
            state.paused_until = max(state.paused_until, now + answer.wait)
            self._queues[waiter.priority].appendleft(waiter)
            return False
        if answer.wait > 0:
            await asyncio.sleep(answer.wait)
        return not waiter.future.done()  # given up meanwhile: the slot goes unused

    async def _share_pause(self, chat_id: int | None, seconds: float) -> None:
        assert self._budget is not None
        try:
            await self._budget.pause(chat_id, seconds)
        except Exception as exc:
            self._unreachable(exc)

    def _unreachable(self, exc: Exception) -> None:
        now = self._clock()
        if now - self._unreachable_logged >= _UNREACHABLE_LOG_EVERY:
            self._unreachable_logged = now
            log_event(
                log,
                logging.WARNING,
                "shared_budget_unreachable",
                error=f"{type(exc).__name__}: {str(exc)[:200]}",
            )

    def _ready_at(self, waiter: _Waiter, now: float) -> float:
        state = self._chats.get(waiter.chat_id)
        if state is None:
            return now
        if waiter.is_group:
            return max(state.at, state.paused_until)
        tokens = min(self._burst, state.tokens + (now - state.at) / self._private)
        ready = now if tokens >= 1.0 else now + (1.0 - tokens) * self._private
        return max(ready, state.paused_until)

    def _grant(self, waiter: _Waiter, now: float) -> None:
        state = self._chats.setdefault(waiter.chat_id, _ChatState(at=now))
        if waiter.is_group:
            state.at = now + self._group
        else:
            state.tokens = min(self._burst, state.tokens + (now - state.at) / self._private) - 1
            state.at = now
        self._next_slot = now + self._spacing  # a late wake-up never catches up in a burst
        self.granted += 1
        if self.granted % _PRUNE_EVERY == 0:
            self._prune(now)
        waiter.future.set_result(None)

    def _prune(self, now: float) -> None:
        """Forget chats that are back at rest (full burst, no pause): they cost memory."""
        self._chats = {
            chat: state
            for chat, state in self._chats.items()
            if state.paused_until > now
            or state.at > now
            or state.tokens + (now - state.at) / self._private < self._burst
        }
