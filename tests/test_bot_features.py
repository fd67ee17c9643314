"""Issue 13's features in Telegram, end to end: the real bot against the fake Bot API.

Russian from Telegram's language_code; quiet hours and source kinds set in /settings and
honoured by the outbox worker sending through the bot; feed-health notices reaching an
operator; OPML files sent to the bot and sent back."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.config import read_feeds_file
from bot.delivery.feed_watch import FeedWatch
from bot.delivery.outbox import DeliveryWorker
from bot.domain import SourceKind
from bot.health.rules import Limits
from bot.matching import Matcher
from bot.store.db import transaction
from bot.store.items import set_story
from bot.store.models import Feed, Item
from bot.store.outbox import ItemMatches, enqueue_alerts
from bot.telegram.sender import TelegramSender
from tests.support import ROOT
from tests.support.bot import NOW, OLENA, OPERATOR, Bot, running
from tests.support.telegram_api import FakeTelegram

MARIA = 44
TOPIC_NAMES = {"ceasefire": "Ceasefire"}


@pytest.fixture
def feeds_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.yaml"
    shutil.copy(ROOT / "feeds.yaml", path)
    return path


@pytest.fixture
async def opml_bot(
    fake: FakeTelegram, sqlite_engine: Engine, matcher: Matcher, topics: Any, feeds_yaml: Path
) -> Any:
    async with running(fake, sqlite_engine, matcher, topics, feeds_path=feeds_yaml) as bot:
        yield bot


def contents(path: Path) -> bytes:
    return path.read_bytes()


def _alert(engine: Engine, chat_id: int, outlet: str, kind: SourceKind, at: datetime) -> None:
    """An item of `outlet` matched to the ceasefire topic, queued for `chat_id` at `at`."""
    with transaction(engine) as session:
        feed = session.exec(select(Feed).where(Feed.name == outlet)).first()
        if feed is None:
            url = f"https://{outlet.lower()}.example/rss"
            feed = Feed(name=outlet, config_url=url, url=url, kind=kind, baseline_done=True)
            session.add(feed)
            session.flush()
        count = len(session.exec(select(Item)).all())
        item = Item(
            feed_id=feed.id or 0,
            key=f"k{count}",
            link=f"https://{outlet.lower()}.example/{count}",
            link_hash=f"h{count}",
            title=f"{outlet}: truce talks continue ({count})",
            content_hash=f"c{count}",
            published_at=at,
            first_seen_at=at,
        )
        session.add(item)
        session.flush()
        item_id = item.id or 0
        set_story(session, item_id, item_id)
        matches = [ItemMatches(item_id, {"ceasefire": ["truce"]}, {}, item_id, True)]
        enqueue_alerts(session, matches, at)


# ------------------------------------------------------------------ Russian


async def test_a_russian_speaker_is_answered_in_russian_and_gets_a_russian_menu(bot: Bot) -> None:
    bot.fake.add_user(MARIA, "Maria", language_code="ru")
    reply = await bot.last(MARIA, MARIA, "/start")
    assert "следит за новостями о мирных переговорах" in reply.shown_text
    assert "Прекращение огня" in [b["text"] for b in reply.buttons()]
    russian_menu = bot.fake.commands(language_code="ru")
    assert [c["command"] for c in russian_menu] == [c["command"] for c in bot.fake.commands()]
    assert russian_menu[0]["description"] == "что умеет бот, и темы"
    assert "мирных переговорах" in bot.fake.descriptions["ru"]


async def test_the_language_is_changed_to_russian_in_settings(bot: Bot) -> None:
    view = await bot.last(OLENA, OLENA, "/settings")
    await bot.tap(OLENA, view, "s:lang:ru")
    edited = bot.fake.message(OLENA, view.message_id)
    assert edited.shown_text.startswith("Настройки")
    assert "✓ Русский" in [b["text"] for b in edited.buttons()]
    [help_text] = await bot.send(OLENA, OLENA, "/help")
    assert help_text.startswith("Команды Peacewatch")


# ------------------------------------------------------------------ quiet hours


async def test_quiet_hours_set_in_settings_hold_alerts_until_the_morning_summary(bot: Bot) -> None:
    [set_quiet] = await bot.send(OLENA, OLENA, "/settings quiet 23:00-07:00")
    assert set_quiet.startswith("Quiet hours: 23:00–07:00 (Europe/Kyiv).")
    view = await bot.last(OLENA, OLENA, "/settings")
    assert "Quiet hours: 23:00–07:00; everything waits for the summary" in view.shown_text
    await bot.tap(OLENA, view, "s:breaking:wake")
    assert "breaking news comes through" in bot.fake.message(OLENA, view.message_id).shown_text
    await bot.send(OLENA, OLENA, "/subscribe ceasefire")
    await bot.settled()
    before = len(bot.fake.sent_to(OLENA))

    night = datetime(2026, 6, 10, 20, 30, tzinfo=UTC)  # 23:30 in Kyiv
    clock = {"now": night}
    delivery = DeliveryWorker(
        bot.engine,
        TelegramSender(bot.app.bot),
        clock=lambda: clock["now"],
        topic_names=TOPIC_NAMES,
    )
    for minutes in (0, 40):
        clock["now"] = night + timedelta(minutes=minutes)
        _alert(bot.engine, OLENA, "Reuters", SourceKind.WIRE, clock["now"])
        await delivery.run_once()
    assert len(bot.fake.sent_to(OLENA)) == before  # a quiet night

    clock["now"] = datetime(2026, 6, 11, 4, 0, tzinfo=UTC)  # 07:00 in Kyiv
    await delivery.run_once()
    [summary] = bot.fake.sent_to(OLENA)[before:]
    assert summary.shown_text.startswith("During your quiet hours: 2 new alerts")
    assert "Reuters · news agency" in summary.shown_text


# ------------------------------------------------------------------ source kinds


async def test_leaving_out_state_media_in_settings_keeps_their_lead_alerts_away(bot: Bot) -> None:
    await bot.send(OLENA, OLENA, "/subscribe ceasefire")
    view = await bot.last(OLENA, OLENA, "/settings")
    assert "✓ State-affiliated" in [b["text"] for b in view.buttons()]
    await bot.tap(OLENA, view, "s:kind:state-affiliated")
    edited = bot.fake.message(OLENA, view.message_id)
    assert "Sources: no alerts led by state-affiliated media" in edited.shown_text
    assert "State-affiliated" in [b["text"] for b in edited.buttons()]  # no ✓ now
    [back] = await bot.send(OLENA, OLENA, "/settings sources +state-affiliated -official")
    assert back.startswith("No alerts led by: official source.")
    await bot.send(OLENA, OLENA, "/settings sources -state-affiliated")
    await bot.settled()
    before = len(bot.fake.sent_to(OLENA))

    delivery = DeliveryWorker(
        bot.engine,
        TelegramSender(bot.app.bot),
        clock=lambda: datetime.now(UTC) + timedelta(seconds=1),
        topic_names=TOPIC_NAMES,
    )
    now = datetime.now(UTC)
    _alert(bot.engine, OLENA, "TASS", SourceKind.STATE_AFFILIATED, now)
    _alert(bot.engine, OLENA, "Meduza", SourceKind.INDEPENDENT, now)
    await delivery.run_once()

    [alert] = bot.fake.sent_to(OLENA)[before:]
    assert alert.shown_text.startswith("Meduza: truce talks continue")
    assert "Meduza · independent media" in alert.shown_text


# ------------------------------------------------------------------ feed health


async def test_an_operator_is_told_once_that_a_feed_is_failing(bot: Bot) -> None:
    with transaction(bot.engine) as session:
        url = "https://tass.example/rss"
        session.add(
            Feed(name="TASS", config_url=url, url=url, error_count=4, last_error="HTTP 502")
        )
    watch = FeedWatch(
        bot.engine,
        TelegramSender(bot.app.bot),
        clock=lambda: NOW,
        operators=[OPERATOR],
        limits=Limits(),
    )
    for _ in range(3):
        await watch.run_once()
    [notice] = bot.fake.sent_to(OPERATOR)
    assert notice.shown_text.startswith("⚠️ TASS is failing: 4 errors in a row")
    assert notice.entity_texts("bold") == ["TASS"]

    feeds = await bot.last(OPERATOR, OPERATOR, "/feeds")
    [row] = [line for line in feeds.shown_text.splitlines() if line.startswith("TASS")]
    assert row.split()[1:3] == ["-", "failing"]


# ------------------------------------------------------------------ OPML


SUBSCRIPTIONS = b"""<?xml version="1.0"?>
<opml version="1.0"><body>
  <outline text="Wires"><outline text="Reuters World" xmlUrl="https://reuters.example/w.rss"/></outline>
  <outline text="War on the Rocks" xmlUrl="https://warontherocks.example/feed/"/>
  <outline text="TASS again" xmlUrl="https://tass.com/rss/v2.xml"/>
</body></opml>
"""


async def test_an_operator_sends_an_opml_file_and_gets_the_export_back(
    opml_bot: Bot, feeds_yaml: Path
) -> None:
    fake = opml_bot.fake
    fake.user_sends_document(
        OPERATOR, OPERATOR, "subscriptions.opml", SUBSCRIPTIONS, caption="independent"
    )
    report, document = await fake.wait_for_messages_async(OPERATOR, 2)

    assert report.shown_text.splitlines() == [
        "Added to feeds.yaml: 2 (polled from now on):",
        "• Reuters World · news agency",
        "• War on the Rocks · independent media",
        "Skipped: 1:",
        "• TASS again: already in feeds.yaml",
    ]
    assert document.document is not None
    assert document.document["file_name"] == "peacewatch-feeds.opml"
    names = [feed.name for feed in read_feeds_file(feeds_yaml).feeds]
    assert document.shown_text == f"{len(names)} feeds of feeds.yaml, as OPML"
    exported = fake.files[document.document["file_id"]]
    assert b'text="Reuters World"' in exported
    assert exported.count(b"xmlUrl=") == len(names)
    assert names[-2:] == ["Reuters World", "War on the Rocks"]
    with Session(opml_bot.engine) as session:
        feed = session.exec(select(Feed).where(Feed.name == "Reuters World")).one()
        assert feed.kind == SourceKind.WIRE and feed.next_poll_at is not None  # polled at once


async def test_opml_sends_the_feeds_as_a_file_and_nobody_else_may_import(
    opml_bot: Bot, feeds_yaml: Path
) -> None:
    fake = opml_bot.fake
    sent = await opml_bot.last(OPERATOR, OPERATOR, "/opml")
    assert sent.document is not None and sent.document["file_name"] == "peacewatch-feeds.opml"
    shipped = len(read_feeds_file(feeds_yaml).feeds)
    assert fake.files[sent.document["file_id"]].count(b"xmlUrl=") == shipped

    before = contents(feeds_yaml)
    fake.user_sends_document(OLENA, OLENA, "subs.opml", SUBSCRIPTIONS)
    [refused] = await opml_bot.send(OLENA, OLENA, "/opml")
    assert refused == "Not allowed."
    await opml_bot.settled()
    assert len(fake.sent_to(OLENA)) == 1 and contents(feeds_yaml) == before


async def test_a_hostile_opml_file_is_refused_and_feeds_yaml_untouched(
    opml_bot: Bot, feeds_yaml: Path
) -> None:
    before = contents(feeds_yaml)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>'
    )
    opml_bot.fake.user_sends_document(OPERATOR, OPERATOR, "laughs.opml", laughs, caption="wire")
    [reply] = await opml_bot.fake.wait_for_messages_async(OPERATOR, 1)
    assert reply.shown_text.startswith("Cannot read this OPML file: it declares XML entities")
    assert contents(feeds_yaml) == before
