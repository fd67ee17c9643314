"""The real bot (build_application) against the fake Telegram: commands, buttons, groups."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine
from sqlmodel import Session, select
from telegram.ext import Application

from bot.matching import Matcher, load_matching_config
from bot.store.chats import keywords_of, topics_of
from bot.store.models import Chat, Feed, Item, ItemTopic, Keyword, Subscription
from bot.telegram.app import build_application
from bot.telegram.deps import BotDeps
from tests.fakes.telegram_api import FakeMessage, FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:TEST-token"
OLENA = 42
TARAS = 43
OPERATOR = 7
GROUP = -100555
GROUP_ADMIN = 70
GROUP_MEMBER = 71
CHANNEL = -100777
NOW = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)
HOSTILE = 'Talks <script>alert(1)</script> & <b>unclosed <i>tags & "quotes" </a> <'


@pytest.fixture(scope="module")
def matching_config() -> Any:
    return load_matching_config(yaml.safe_load((ROOT / "topics.yaml").read_text()))


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


@dataclass
class Bot:
    """The running application and what the tests look at."""

    app: Application[Any, Any, Any, Any, Any, Any]
    fake: FakeTelegram
    engine: Engine
    matcher: Matcher

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

    async def tap(self, user_id: int, message: FakeMessage, data: str) -> dict[str, Any]:
        """Tap a button; wait for the callback answer; its parameters."""
        query_id = self.fake.user_taps(user_id, message.chat_id, message.message_id, data)
        await self.fake.wait_for_async(lambda: query_id in self.fake.callback_answers)
        return self.fake.callback_answers[query_id]

    async def settled(self) -> None:
        """Every update consumed and handled (handlers finished sending)."""
        await self.fake.wait_for_async(lambda: self.fake.pending_updates() == [])
        await self.app.update_queue.join()


@pytest.fixture(scope="module")
def topics(matching_config: Any) -> list[tuple[str, str, str]]:
    return [(t.id, t.name, t.description) for t in matching_config.topics]


@contextlib.asynccontextmanager
async def running(
    fake: FakeTelegram, engine: Engine, matcher: Matcher, topics: list[tuple[str, str, str]],
    clock: Any = None,
) -> AsyncIterator[Bot]:  # fmt: skip
    deps = BotDeps(engine=engine, matcher=matcher, topics=topics,
                   admin_ids=frozenset({OPERATOR}), clock=clock or (lambda: NOW))  # fmt: skip
    app = build_application(TOKEN, fake.base_url, deps)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield Bot(app, fake, engine, matcher)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


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


def add_item(
    engine: Engine, title: str, topics: list[str], *, link: str | None = None,
    seen: datetime = NOW - timedelta(hours=1), feed: str = "Kyiv Independent",
) -> int:  # fmt: skip
    """A stored item matched to `topics`, as the poller would leave it."""
    with Session(engine) as session:
        row = session.exec(select(Feed).where(Feed.name == feed)).first()
        if row is None:
            row = Feed(name=feed, config_url="https://example.org/rss",
                       url="https://example.org/rss")  # fmt: skip
            session.add(row)
            session.flush()
        assert row.id is not None
        number = len(session.exec(select(Item)).all()) + 1
        item = Item(
            feed_id=row.id, key=f"k{number}", title=title,
            link=link or f"https://example.org/{number}", link_hash=f"h{number}",
            content_hash=f"c{number}", published_at=seen, first_seen_at=seen,
        )  # fmt: skip
        session.add(item)
        session.flush()
        assert item.id is not None
        for topic in topics:
            session.add(ItemTopic(item_id=item.id, topic_id=topic, terms=json.dumps([topic])))
        session.commit()
        return item.id


def subscribe(engine: Engine, chat_id: int, *topics: str) -> None:
    with Session(engine) as session:
        if session.get(Chat, chat_id) is None:
            session.add(Chat(id=chat_id))
            session.flush()
        for topic in topics:
            session.add(Subscription(chat_id=chat_id, topic_id=topic))
        session.commit()


# ------------------------------------------------------------------ start and topics


async def test_start_describes_the_bot_and_shows_the_topic_keyboard(bot: Bot) -> None:
    reply = await bot.last(OLENA, OLENA, "/start")
    assert "Peacewatch" in reply.shown_text
    assert len(reply.shown_text.splitlines()) == 3
    labels = [b["text"] for b in reply.buttons()]
    assert "Ceasefire" in labels and "Zaporizhzhia nuclear plant" in labels
    assert len(labels) == 10


async def test_starting_twice_is_harmless(bot: Bot) -> None:
    await bot.send(OLENA, OLENA, "/start")
    await bot.send(OLENA, OLENA, "/start")
    with Session(bot.engine) as session:
        assert len(session.exec(select(Chat).where(Chat.id == OLENA)).all()) == 1


async def test_tapping_ceasefire_subscribes_and_edits_the_same_message(bot: Bot) -> None:
    keyboard = await bot.last(OLENA, OLENA, "/start")
    answer = await bot.tap(OLENA, keyboard, "t:ceasefire")
    assert "Ceasefire" in answer["text"]
    edited = bot.fake.message(OLENA, keyboard.message_id)
    assert "✓ Ceasefire" in [b["text"] for b in edited.buttons()]
    assert len(edited.edits) == 1
    assert len(bot.fake.sent_to(OLENA)) == 1
    with Session(bot.engine) as session:
        assert topics_of(session, OLENA) == {"ceasefire"}


async def test_tapping_again_unsubscribes(bot: Bot) -> None:
    keyboard = await bot.last(OLENA, OLENA, "/topics")
    await bot.tap(OLENA, keyboard, "t:ceasefire")
    await bot.tap(OLENA, keyboard, "t:ceasefire")
    assert "Ceasefire" in [b["text"] for b in bot.fake.message(OLENA, keyboard.message_id)
                           .buttons()]  # fmt: skip
    with Session(bot.engine) as session:
        assert topics_of(session, OLENA) == set()


async def test_topics_marks_subscribed_topics(bot: Bot) -> None:
    subscribe(bot.engine, OLENA, "sanctions")
    reply = await bot.last(OLENA, OLENA, "/topics")
    assert "✓ Sanctions" in [b["text"] for b in reply.buttons()]


async def test_ukrainian_user_is_answered_in_ukrainian(bot: Bot) -> None:
    reply = await bot.last(TARAS, TARAS, "/start")
    assert "мирні переговори" in reply.shown_text
    assert "Припинення вогню" in [b["text"] for b in reply.buttons()]


# ------------------------------------------------------------------ subscribe


async def test_subscribe_topic_id(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, "/subscribe ceasefire")
    assert reply == "Subscribed to the topic Ceasefire."
    [again] = await bot.send(OLENA, OLENA, "/subscribe ceasefire")
    assert "already" in again


async def test_subscribe_phrase_adds_a_keyword_the_matcher_then_finds(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, '/subscribe "prisoner swap"')
    assert reply.startswith("Added the keyword prisoner swap")
    with Session(bot.engine) as session:
        [keyword] = keywords_of(session, OLENA)
    assert keyword.normalized == "prisoner swap"
    found = bot.matcher.match("Kyiv and Moscow agree a prisoner swap", "")
    assert list(found.keywords) == [str(keyword.id)]


async def test_near_miss_topic_gets_did_you_mean(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, "/subscribe ceasfire")
    assert "Did you mean ceasefire?" in reply
    with Session(bot.engine) as session:
        assert keywords_of(session, OLENA) == [] and topics_of(session, OLENA) == set()


async def test_subscribe_without_argument_shows_the_keyboard(bot: Bot) -> None:
    reply = await bot.last(OLENA, OLENA, "/subscribe")
    assert len(reply.buttons()) == 10


async def test_hostile_keyword_is_echoed_back_escaped(bot: Bot) -> None:
    text = '<b>bold</b> *md* _x_ 🕊 שָׁלוֹם\u202e\x07'
    reply = await bot.last(OLENA, OLENA, f'/subscribe "{text}"')
    assert "<b>bold</b>" in reply.shown_text
    assert "🕊 שָׁלוֹם" in reply.shown_text
    assert "\u202e" not in reply.shown_text and "\x07" not in reply.shown_text


@pytest.mark.parametrize(
    ("keyword", "refusal"),
    [("x" * 65, "at most 64 characters"), ('"1234 !!"', "at least one letter")],
)
async def test_bad_keywords_are_refused(bot: Bot, keyword: str, refusal: str) -> None:
    [reply] = await bot.send(OLENA, OLENA, f"/subscribe {keyword}")
    assert refusal in reply
    with Session(bot.engine) as session:
        assert keywords_of(session, OLENA) == []


async def test_the_51st_keyword_is_refused(bot: Bot) -> None:
    with Session(bot.engine) as session:
        session.add(Chat(id=OLENA))
        session.flush()
        for n in range(50):
            session.add(Keyword(chat_id=OLENA, text=f"word{n}x", normalized=f"word{n}x"))
        session.commit()
    [reply] = await bot.send(OLENA, OLENA, "/subscribe truce talks")
    assert "already have 50 keywords" in reply


# ------------------------------------------------------------------ help, unknown, admin


async def test_help_lists_every_command_one_line_each(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, "/help")
    for command in ("/start", "/topics", "/subscribe", "/unsubscribe", "/list", "/digest",
                    "/latest", "/mute", "/unmute", "/settings", "/stop", "/help"):  # fmt: skip
        assert [line for line in reply.splitlines() if line.startswith(command + " ")]
    assert "/stats" not in reply


async def test_unknown_command_gets_a_hint(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, "/frobnicate now")
    assert reply == "Unknown command. /help lists what I can do."


async def test_set_my_commands_was_called_at_start(bot: Bot) -> None:
    english = [c["command"] for c in bot.fake.commands()]
    assert english[:3] == ["start", "topics", "subscribe"] and "help" in english
    assert [c["command"] for c in bot.fake.commands(language_code="uk")] == english
    assert "Peacewatch" in bot.fake.descriptions[""]
    assert bot.fake.short_descriptions["uk"]


async def test_stats_for_non_admin_is_not_allowed(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, "/stats")
    assert reply == "Not allowed."
    await bot.settled()
    assert len(bot.fake.sent_to(OLENA)) == 1
