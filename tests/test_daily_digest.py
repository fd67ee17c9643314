"""The daily digest at 08:00 Europe/Kyiv: once a day across DST changes and restarts.

An injectable clock steps through the days in 1–5 minute steps; the fake Telegram and
the pacer read the same clock, so no real time passes between the simulated days.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.delivery.daily import DailyDigests
from bot.delivery.pacing import Pacer
from bot.delivery.schedule import next_digest_at
from bot.store.chats import ensure_chat, set_topic
from bot.store.models import Chat, ChatKind
from bot.telegram.sender import TelegramSender
from tests.support.fanout import TOKEN, TOPIC_NAMES, PacedBot, telegram_bot
from tests.support.telegram_api import FakeTelegram, FloodLimits

KYIV = ZoneInfo("Europe/Kyiv")
EIGHT = time(8, 0)
OLENA = 3001


class SteppingClock:
    """Simulated time, moved forward by the test."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def seconds(self) -> float:
        return self.now.timestamp()


Setup = tuple[FakeTelegram, PacedBot, SteppingClock]


@pytest.fixture
async def setup(sqlite_engine: Engine) -> AsyncIterator[Setup]:
    """The fake Telegram's flood control runs on the simulated clock too."""
    clock = SteppingClock(datetime(2026, 1, 1, tzinfo=UTC))
    with FakeTelegram(TOKEN, flood_limits=FloodLimits(), clock=clock.seconds) as fake:
        fake.add_user(OLENA)
        async with telegram_bot(fake.base_url, pacer=Pacer(clock=clock.seconds)) as bot:
            yield fake, bot, clock


def subscribe_with_digest(engine: Engine, now: datetime) -> None:
    with Session(engine) as session:
        chat = ensure_chat(session, OLENA, ChatKind.PRIVATE)
        chat.timezone, chat.digest_time = "Europe/Kyiv", "08:00"
        chat.next_digest_at = next_digest_at(now, EIGHT, KYIV)
        session.add(chat)
        set_topic(session, OLENA, "ceasefire", True)
        session.commit()


def digests(engine: Engine, bot: PacedBot, clock: SteppingClock) -> DailyDigests:
    """A fresh job object, as after a restart: everything it knows is in the database."""
    sender = TelegramSender(bot)
    return DailyDigests(
        engine, sender, clock=clock, topic_order=list(TOPIC_NAMES), topic_names=TOPIC_NAMES
    )


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), KYIV).astimezone(UTC)


@pytest.mark.parametrize(
    "change_day", [date(2026, 3, 29), date(2026, 10, 25)], ids=["spring-forward", "fall-back"]
)
async def test_digest_at_eight_kyiv_arrives_once_a_day_across_the_dst_change(
    sqlite_engine: Engine, setup: Setup, change_day: date
) -> None:
    fake, bot, clock = setup
    clock.now = local(change_day - timedelta(days=2), 0)
    fake_clock_at = {}
    subscribe_with_digest(sqlite_engine, clock.now)
    job = digests(sqlite_engine, bot, clock)
    rng = random.Random(change_day.toordinal())
    restart_at = local(change_day, 7, 58)
    restarted = False
    end = local(change_day + timedelta(days=2), 12)

    while clock.now < end:
        if await job.run_once():
            fake_clock_at[len(fake.sent_to(OLENA))] = clock.now
        clock.now += timedelta(minutes=rng.randint(1, 5))
        if not restarted and clock.now >= restart_at:  # restart just before the digest
            job, restarted = digests(sqlite_engine, bot, clock), True

    sent_at = [when.astimezone(KYIV) for when in fake_clock_at.values()]
    assert Counter(when.date() for when in sent_at) == {
        change_day + timedelta(days=offset): 1 for offset in (-2, -1, 0, 1, 2)
    }
    assert all(time(8, 0) <= when.time() <= time(8, 5) for when in sent_at)
    assert len(fake.sent_to(OLENA)) == 5
    hours_between = {
        (b - a).total_seconds() / 3600
        for a, b in zip(
            list(fake_clock_at.values()), list(fake_clock_at.values())[1:], strict=False
        )
    }
    assert any(abs(h - 24) > 0.5 for h in hours_between)  # the UTC gap really was 23 or 25 h


async def test_digest_missed_while_the_bot_was_down_is_sent_once_when_it_is_back(
    sqlite_engine: Engine, setup: Setup
) -> None:
    fake, bot, clock = setup
    day = date(2026, 10, 25)
    clock.now = local(day, 7, 30)
    subscribe_with_digest(sqlite_engine, clock.now)
    assert await digests(sqlite_engine, bot, clock).run_once() == 0

    clock.now = local(day, 9, 10)  # down from 07:30 to 09:10
    back = digests(sqlite_engine, bot, clock)
    sent_now = await back.run_once()
    clock.now += timedelta(minutes=3)
    sent_again = await back.run_once()
    clock.now = local(day + timedelta(days=1), 8, 1)
    next_day = await digests(sqlite_engine, bot, clock).run_once()

    assert (sent_now, sent_again, next_day) == (1, 0, 1)
    assert len(fake.sent_to(OLENA)) == 2
    with Session(sqlite_engine) as session:
        chat = session.get(Chat, OLENA)
        assert chat is not None and chat.next_digest_at == local(day + timedelta(days=2), 8)
