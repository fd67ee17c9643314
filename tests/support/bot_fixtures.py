"""Fixtures for tests of the running bot (registered in conftest.py): the fake Telegram with
its cast of users and a group, feeds.yaml's topics and matcher, and the bot itself."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine

from bot.matching import Matcher, load_matching_config
from tests.support import ROOT
from tests.support.bot import (
    GROUP,
    GROUP_ADMIN,
    GROUP_MEMBER,
    OLENA,
    OPERATOR,
    TARAS,
    TOKEN,
    Bot,
    running,
)
from tests.support.telegram_api import FakeTelegram


@pytest.fixture(scope="module")
def matching_config() -> Any:
    return load_matching_config(yaml.safe_load((ROOT / "feeds.yaml").read_text()))


@pytest.fixture
def matcher(matching_config: Any) -> Matcher:
    return Matcher.from_config(matching_config)


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram(token=TOKEN) as server:
        server.add_user(OLENA, "Olena", username="olena")
        server.add_user(TARAS, "Taras", language_code="uk")
        server.add_user(OPERATOR, "Operator")
        server.add_chat(GROUP, "supergroup", "Peace talks watchers")
        server.make_admin(GROUP, GROUP_ADMIN, creator=True)
        server.add_member(GROUP, GROUP_MEMBER)
        yield server


@pytest.fixture(scope="module")
def topics(matching_config: Any) -> list[tuple[str, str, str]]:
    return [(t.id, t.name, t.description) for t in matching_config.topics]


@pytest.fixture
async def bot(
    fake: FakeTelegram, sqlite_engine: Engine, matcher: Matcher, topics: Any
) -> AsyncIterator[Bot]:
    async with running(fake, sqlite_engine, matcher, topics) as running_bot:
        yield running_bot


@pytest.fixture
async def bot_on_any_store(
    fake: FakeTelegram, engine: Engine, matcher: Matcher, topics: Any
) -> AsyncIterator[Bot]:
    async with running(fake, engine, matcher, topics) as running_bot:
        yield running_bot
