"""The real bot (`build_application`) running against the fake Telegram, for tests.

`running(...)` starts the application on the fake Bot API with long polling; `Bot` is what
a test drives and looks at: a user writes or taps, the test waits for the bot's answer.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session
from telegram.ext import Application

from bot.ingest.keywords import SubscriberKeywords
from bot.matching import Matcher
from bot.matching.results import MatchResult
from bot.telegram.app import build_application
from bot.telegram.callbacks import CallbackSigner
from bot.telegram.deps import BotDeps
from tests.support.telegram_api import FakeMessage, FakeTelegram

TOKEN = "123456:TEST-token"
OLENA = 42
TARAS = 43
OPERATOR = 7
GROUP = -100555
GROUP_ADMIN = 70
GROUP_MEMBER = 71
CHANNEL = -100777
NOW = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)
SIGNER = CallbackSigner(b"test secret")
"""Signs the test bot's buttons: a test can make data the bot would have made."""
HOSTILE = 'Talks <script>alert(1)</script> & <b>unclosed <i>tags & "quotes" </a> <'


@dataclass
class Bot:
    """The running application and what the tests look at."""

    app: Application[Any, Any, Any, Any, Any, Any]
    fake: FakeTelegram
    engine: Engine
    matcher: Matcher
    """A matcher as the poller has it: `match` brings its keywords up to date first."""
    _keywords: SubscriberKeywords

    def match(self, title: str) -> MatchResult:
        """What the poller would match in an item with this title, keywords as stored now."""
        with Session(self.engine) as session:
            self._keywords.refresh(session)
        return self.matcher.match(title, "")

    async def send(self, user_id: int, chat_id: int, text: str, count: int = 1) -> list[str]:
        """A user writes; wait for `count` new bot messages in that chat; their texts."""
        before = len(self.fake.sent_to(chat_id))
        self.fake.user_sends(user_id, chat_id, text)
        messages = await self.fake.wait_for_messages_async(chat_id, before + count)
        return [m.shown_text for m in messages[before:]]

    async def last(self, user_id: int, chat_id: int, text: str) -> FakeMessage:
        before = len(self.fake.sent_to(chat_id))
        self.fake.user_sends(user_id, chat_id, text)
        messages = await self.fake.wait_for_messages_async(chat_id, before + 1)
        return messages[before]

    async def tap(self, user_id: int, message: FakeMessage, payload: str) -> dict[str, Any]:
        """Tap the button of `message` whose data says `payload` (its signature aside)."""
        for button in message.buttons():
            data = str(button.get("callback_data", ""))
            if payload in (data, data.rpartition("|")[0]):
                return await self._tap(user_id, message, data, check_button=True)
        raise AssertionError(f"no button {payload!r} in {message.buttons()}")

    async def tap_data(self, user_id: int, message: FakeMessage, data: str) -> dict[str, Any]:
        """Send a callback query with exactly `data` (what a modified client can do)."""
        return await self._tap(user_id, message, data, check_button=False)

    async def _tap(
        self, user_id: int, message: FakeMessage, data: str, *, check_button: bool
    ) -> dict[str, Any]:
        query_id = self.fake.user_taps(
            user_id, message.chat_id, message.message_id, data, check_button=check_button
        )
        await self.fake.wait_for_async(lambda: query_id in self.fake.callback_answers)
        return self.fake.callback_answers[query_id]

    async def settled(self) -> None:
        """Every update consumed and handled (handlers finished sending)."""
        await self.fake.wait_for_async(lambda: self.fake.pending_updates() == [])
        await self.app.update_queue.join()


@contextlib.asynccontextmanager
async def running(
    fake: FakeTelegram,
    engine: Engine,
    matcher: Matcher,
    topics: list[tuple[str, str, str]],
    clock: Any = None,
    feeds_path: Path | None = None,
) -> AsyncIterator[Bot]:
    deps = BotDeps(
        engine=engine,
        topics=topics,
        admin_ids=frozenset({OPERATOR}),
        clock=clock or (lambda: NOW),
        signer=SIGNER,
        feeds_path=feeds_path,
    )
    app = build_application(TOKEN, fake.base_url, deps)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield Bot(app, fake, engine, matcher, SubscriberKeywords(matcher))
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
