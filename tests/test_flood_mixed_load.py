"""A popular bot under Telegram's real flood limits: 500 people send /start and /subscribe
within two seconds while an alert fans out to 2,000 chats.  Everyone gets both answers, the
fan-out finishes, and Telegram almost never has to say 429 (each one waited out and
retried).  Takes about two minutes: the limits are Telegram's, 30 messages a second."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.matching import Matcher
from tests.support.bot import TOKEN
from tests.support.mixed_load import mixed_load
from tests.support.telegram_api import FakeTelegram, FloodLimits


@pytest.fixture
def flood_limited() -> Iterator[FakeTelegram]:
    with FakeTelegram(TOKEN, flood_limits=FloodLimits()) as fake:
        yield fake


async def test_every_user_is_answered_while_a_fan_out_runs_within_telegrams_limits(
    flood_limited: FakeTelegram, sqlite_engine: Engine, matcher: Matcher, topics: Any
) -> None:
    load = await mixed_load(
        flood_limited, sqlite_engine, matcher, topics, users=500, subscribers=2000
    )
    print(load.summary())

    assert load.users_fully_answered == 500 and load.replies == 1000
    assert load.apologies == 0
    assert load.fan_out_sent == 2000
    assert load.flood_429 <= load.calls // 1000
    assert load.reply_p50 < load.fan_out_seconds / 2  # replies went ahead of the fan-out
