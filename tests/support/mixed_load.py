"""Many users talking to the bot while a fan-out runs: replies and alerts under one budget.

`mixed_load` starts the real bot (python-telegram-bot against the fake Telegram, its flood
limits on) and, through the same bot and limiter, the outbox worker fanning one alert out
to `subscribers` chats.  Meanwhile `users` people each send /start and /subscribe within
`spread` seconds.  It measures how long each reply took, how fast the fan-out went, and
how many 429s Telegram answered.  Used by a test and by `bench/fanout`.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from bot.clock import utc_now
from bot.delivery.outbox import DeliveryWorker
from bot.matching import Matcher
from bot.telegram.sender import TelegramSender
from tests.support.bot import running
from tests.support.fanout import (
    TOPIC_NAMES,
    add_subscribers,
    drain,
    enqueue,
    make_feed,
    make_items,
)
from tests.support.telegram_api import FakeTelegram

FIRST_USER = 10_000
FIRST_SUBSCRIBER = 500_000


@dataclass(frozen=True)
class MixedLoad:
    users: int
    subscribers: int
    replies: int
    """Replies received (two are due to each user)."""
    users_fully_answered: int
    reply_p50: float
    reply_p95: float
    reply_max: float
    fan_out_seconds: float
    fan_out_sent: int
    calls: int
    """Requests that produce a message (sendMessage), all of them, 429s included."""
    flood_429: int
    apologies: int
    """"Sorry, something went wrong" answers: a handler failed."""

    @property
    def fan_out_rate(self) -> float:
        return self.fan_out_sent / self.fan_out_seconds if self.fan_out_seconds else 0.0

    def summary(self) -> str:
        return (
            f"{self.users} users × 2 commands while fanning out to {self.subscribers} chats: "
            f"{self.replies}/{2 * self.users} replies ({self.users_fully_answered} users fully "
            f"answered), reply latency p50 {self.reply_p50:.1f} s, p95 {self.reply_p95:.1f} s, "
            f"max {self.reply_max:.1f} s; fan-out {self.fan_out_sent} in "
            f"{self.fan_out_seconds:.1f} s ({self.fan_out_rate:.1f}/s); "
            f"{self.flood_429} × 429 in {self.calls} calls; {self.apologies} apologies"
        )


async def mixed_load(
    fake: FakeTelegram,
    engine: Engine,
    matcher: Matcher,
    topics: list[tuple[str, str, str]],
    *,
    users: int,
    subscribers: int,
    spread: float = 2.0,
    within: float = 600.0,
) -> MixedLoad:
    for chat in range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + subscribers):
        fake.add_user(chat)
    add_subscribers(engine, range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + subscribers))
    enqueue(engine, make_items(engine, make_feed(engine), ["Ceasefire agreed along the front"]))
    people = range(FIRST_USER, FIRST_USER + users)
    async with running(fake, engine, matcher, topics, clock=utc_now) as bot:
        worker = DeliveryWorker(
            engine, TelegramSender(bot.app.bot), clock=utc_now, topic_names=TOPIC_NAMES
        )
        started = time.monotonic()
        fan_out = asyncio.create_task(drain(worker, engine, within=within))
        asked = await _users_write(fake, people, spread)
        await fake.wait_for_async(
            lambda: all(len(fake.sent_to(user)) >= 2 for user in people), timeout=within
        )
        await fan_out
        fan_out_seconds = time.monotonic() - started
    return _figures(fake, asked, users, subscribers, fan_out_seconds)


async def _users_write(fake: FakeTelegram, people: range, spread: float) -> dict[int, float]:
    """Each user sends /start and /subscribe ceasefire, spread over `spread` seconds."""
    asked: dict[int, float] = {}
    loop = asyncio.get_running_loop()
    start = loop.time()
    for index, user in enumerate(people):
        await asyncio.sleep(max(0.0, start + index * spread / len(people) - loop.time()))
        asked[user] = time.time()
        fake.user_sends(user, user, "/start")
        fake.user_sends(user, user, "/subscribe ceasefire")
    return asked


def _figures(
    fake: FakeTelegram, asked: dict[int, float], users: int, subscribers: int, seconds: float
) -> MixedLoad:
    latencies: list[float] = []
    for call in fake.calls_to("sendMessage"):
        chat = _chat_of(call.params)
        if chat in asked and call.status == 200:
            latencies.append(call.wall_time - asked[chat])
    answered = sum(1 for user in asked if len(fake.sent_to(user)) >= 2)
    fan_out_sent = sum(
        1 for chat in range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + subscribers) if fake.sent_to(chat)
    )
    ordered = sorted(latencies) or [0.0]
    return MixedLoad(
        users=users,
        subscribers=subscribers,
        replies=len(latencies),
        users_fully_answered=answered,
        reply_p50=statistics.median(ordered),
        reply_p95=ordered[int(0.95 * (len(ordered) - 1))],
        reply_max=ordered[-1],
        fan_out_seconds=seconds,
        fan_out_sent=fan_out_sent,
        calls=len(fake.calls_to("sendMessage")),
        flood_429=fake.stats["flood_429"],
        apologies=sum(
            1 for user in asked for m in fake.sent_to(user) if "went wrong" in m.shown_text
        ),
    )


def _chat_of(params: dict[str, Any]) -> int | None:
    chat = params.get("chat_id")
    return chat if isinstance(chat, int) else None
