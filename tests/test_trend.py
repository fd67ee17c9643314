"""/trend: stories per topic per day, as a chart in Telegram and as a PNG file on the console."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.matching import Matcher, load_matching_config
from bot.store.models import Feed, Item, ItemTopic
from bot.store.queries import stories_per_topic_per_day, story_count
from bot.telegram.args import ArgError, TrendRequest, parse_trend_args
from tests.support.bot import GROUP, GROUP_MEMBER, NOW, OLENA, TARAS, TOKEN, Bot, running
from tests.support.telegram_api import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MONDAY = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def store(
    engine: Engine,
    topics: list[str],
    seen: datetime,
    *,
    story: int | None = None,
    lead: bool = False,
    baseline: bool = False,
    published: datetime | None = None,
) -> int:
    """An item as the poller and the clustering leave it; its id.

    `lead` makes it the lead of its own story; `story` joins it to another's.
    """
    with Session(engine) as session:
        feed = session.exec(select(Feed)).first()
        if feed is None:
            feed = Feed(
                name="Ukrinform",
                config_url="https://example.org/rss",
                url="https://example.org/rss",
            )
            session.add(feed)
            session.flush()
        assert feed.id is not None
        number = len(session.exec(select(Item)).all()) + 1
        item = Item(
            feed_id=feed.id,
            key=f"k{number}",
            title=f"Item {number}",
            link_hash=f"h{number}",
            content_hash=f"c{number}",
            published_at=published or seen,
            first_seen_at=seen,
            is_baseline=baseline,
            story_id=story,
        )
        session.add(item)
        session.flush()
        assert item.id is not None
        if lead:
            item.story_id = item.id
            session.add(item)
        for topic in topics:
            session.add(ItemTopic(item_id=item.id, topic_id=topic))
        session.commit()
        return item.id


def week(engine: Engine, topics: list[str] | None, tz: str = "UTC") -> dict[date, dict[str, int]]:
    start = datetime(2025, 3, 10, tzinfo=UTC)
    with Session(engine) as session:
        return stories_per_topic_per_day(session, start, start + timedelta(days=7), topics, tz)


# ------------------------------------------------------------------ the query


def test_a_story_told_by_three_outlets_counts_once(engine: Engine) -> None:
    lead = store(engine, ["ceasefire"], MONDAY, lead=True)
    store(engine, ["ceasefire"], MONDAY + timedelta(hours=1), story=lead)
    store(engine, ["ceasefire"], MONDAY + timedelta(hours=2), story=lead)
    store(engine, ["ceasefire"], MONDAY + timedelta(hours=3))  # not clustered yet: its own
    assert week(engine, None)[date(2025, 3, 10)] == {"ceasefire": 2}
    with Session(engine) as session:
        assert (
            story_count(session, MONDAY - timedelta(hours=12), MONDAY + timedelta(days=1), None)
            == 2
        )


def test_a_story_that_goes_on_counts_on_each_day_it_has_news(engine: Engine) -> None:
    lead = store(engine, ["territory"], MONDAY, lead=True)
    store(engine, ["territory"], MONDAY + timedelta(days=2), story=lead)
    counts = week(engine, None)
    assert [counts[date(2025, 3, d)]["territory"] for d in (10, 11, 12)] == [1, 0, 1]
    with Session(engine) as session:
        assert story_count(session, MONDAY, MONDAY + timedelta(days=3), None) == 1


def test_an_item_on_two_topics_counts_for_each(engine: Engine) -> None:
    store(engine, ["ceasefire", "nuclear-plant"], MONDAY, lead=True)
    assert week(engine, None)[date(2025, 3, 10)] == {"ceasefire": 1, "nuclear-plant": 1}


def test_asking_for_one_topic_leaves_the_others_out(engine: Engine) -> None:
    store(engine, ["ceasefire"], MONDAY, lead=True)
    store(engine, ["sanctions"], MONDAY, lead=True)
    counts = week(engine, ["sanctions"])
    assert all(set(per_topic) == {"sanctions"} for per_topic in counts.values())
    assert sum(per_topic["sanctions"] for per_topic in counts.values()) == 1
    with Session(engine) as session:
        assert (
            story_count(
                session, MONDAY - timedelta(days=1), MONDAY + timedelta(days=1), ["sanctions"]
            )
            == 1
        )


def test_every_day_is_there_even_without_stories(engine: Engine) -> None:
    store(engine, ["ceasefire"], MONDAY, lead=True)
    counts = week(engine, ["ceasefire", "prisoners"])
    assert list(counts) == [date(2025, 3, 10) + timedelta(days=i) for i in range(7)]
    assert counts[date(2025, 3, 13)] == {"ceasefire": 0, "prisoners": 0}
    assert counts[date(2025, 3, 10)] == {"ceasefire": 1, "prisoners": 0}


def test_days_are_local_days_of_arrival(engine: Engine) -> None:
    # 23:30 UTC on Monday is already 01:30 on Tuesday in Kyiv.
    store(engine, ["ceasefire"], datetime(2025, 3, 10, 23, 30, tzinfo=UTC), lead=True)
    assert week(engine, None, "UTC")[date(2025, 3, 10)] == {"ceasefire": 1}
    kyiv = week(engine, None, "Europe/Kyiv")
    assert kyiv[date(2025, 3, 10)] == {"ceasefire": 0}
    assert kyiv[date(2025, 3, 11)] == {"ceasefire": 1}


def test_items_outside_the_window_are_not_counted(engine: Engine) -> None:
    store(engine, ["ceasefire"], datetime(2025, 3, 9, 23, 59, tzinfo=UTC), lead=True)
    store(engine, ["ceasefire"], datetime(2025, 3, 17, 0, 0, tzinfo=UTC), lead=True)
    assert sum(d.get("ceasefire", 0) for d in week(engine, None).values()) == 0


def test_old_articles_from_a_new_feeds_first_poll_are_no_spike(engine: Engine) -> None:
    store(
        engine,
        ["ceasefire"],
        MONDAY,
        lead=True,
        baseline=True,
        published=MONDAY - timedelta(days=40),
    )
    store(
        engine,
        ["ceasefire"],
        MONDAY,
        lead=True,
        baseline=True,
        published=MONDAY - timedelta(hours=1),
    )
    assert week(engine, None)[date(2025, 3, 10)] == {"ceasefire": 1}


# ------------------------------------------------------------------ arguments


TOPIC_PAIRS = [("ceasefire", "Ceasefire"), ("sanctions", "Sanctions")]


def test_trend_arguments_in_either_order() -> None:
    assert parse_trend_args([], TOPIC_PAIRS) == TrendRequest(7, None)
    assert parse_trend_args(["30d", "ceasefire"], TOPIC_PAIRS) == TrendRequest(30, "ceasefire")
    assert parse_trend_args(["Sanctions", "7D"], TOPIC_PAIRS) == TrendRequest(7, "sanctions")


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["9x"], "bad_trend_period"),
        (["3d"], "bad_trend_period"),
        (["ceasfire"], "trend_did_you_mean"),
        (["zzz"], "bad_trend_args"),
        (["7d", "30d"], "bad_trend_args"),
        (["ceasefire", "sanctions"], "bad_trend_args"),
    ],
)
def test_bad_trend_arguments_name_the_hint(args: list[str], key: str) -> None:
    with pytest.raises(ArgError) as raised:
        parse_trend_args(args, TOPIC_PAIRS)
    assert raised.value.key == key


def test_a_week_ends_today_and_starts_at_midnight_six_days_before() -> None:
    now = datetime(2025, 3, 12, 9, 30, tzinfo=UTC)
    start, end = TrendRequest(7, None).window(now, "Europe/Kyiv")
    assert end == now
    assert start == datetime(2025, 3, 5, 22, 0, tzinfo=UTC)  # 00:00 in Kyiv (UTC+2)


# ------------------------------------------------------------------ the console


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'peacewatch.db'}",
        "DATA_DIR": str(tmp_path / "data"),
        "FEEDS_FILE": str(ROOT / "feeds.yaml"),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "trend", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_console_trend_writes_a_png_and_prints_its_path(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    for days_ago in range(5):
        store(sqlite_engine, ["ceasefire"], now - timedelta(days=days_ago), lead=True)
    store(sqlite_engine, ["sanctions"], now, lead=True)
    done = run_cli(tmp_path, "7d", "ceasefire")
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    assert path == tmp_path / "data" / "trend-7d-ceasefire.png"
    width, height = png_size(path.read_bytes())
    assert width >= 600 and height >= 500


def test_console_trend_writes_where_asked(sqlite_engine: Engine, tmp_path: Path) -> None:
    store(sqlite_engine, ["sanctions"], datetime.now(UTC), lead=True)
    out = tmp_path / "charts" / "month.png"
    done = run_cli(tmp_path, "30d", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    assert out.read_bytes()[:8] == PNG_SIGNATURE


def test_console_trend_without_stories_writes_nothing(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    done = run_cli(tmp_path)
    assert done.returncode == 1
    assert "no stories" in done.stderr
    assert not (tmp_path / "data" / "trend-7d.png").exists()


def test_console_trend_rejects_a_bad_period(sqlite_engine: Engine, tmp_path: Path) -> None:
    done = run_cli(tmp_path, "9x")
    assert done.returncode == 2
    assert "9x" in done.stderr and "7d|30d" in done.stderr


# ------------------------------------------------------------------ the bot


@pytest.fixture(scope="module")
def bot_topics() -> list[tuple[str, str, str]]:
    config = load_matching_config(yaml.safe_load((ROOT / "feeds.yaml").read_text()))
    return [(t.id, t.name, t.description) for t in config.topics]


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram(token=TOKEN) as server:
        server.add_user(OLENA, "Olena")
        server.add_user(TARAS, "Taras", language_code="uk")
        server.add_chat(GROUP, "supergroup", "Peace talks watchers")
        server.add_member(GROUP, GROUP_MEMBER)
        yield server


@pytest.fixture
async def trend_bot(
    telegram: FakeTelegram, sqlite_engine: Engine, bot_topics: list[tuple[str, str, str]]
) -> AsyncIterator[Bot]:
    config = load_matching_config(yaml.safe_load((ROOT / "feeds.yaml").read_text()))
    async with running(telegram, sqlite_engine, Matcher.from_config(config), bot_topics) as bot:
        yield bot


def a_week_of_ceasefire_news(engine: Engine) -> None:
    for days_ago, stories in enumerate([3, 1, 0, 2, 4, 1, 2]):
        seen = NOW - timedelta(days=days_ago, minutes=5)
        for _ in range(stories):
            lead = store(engine, ["ceasefire"], seen, lead=True)
            store(engine, ["ceasefire"], seen, story=lead)
    store(engine, ["sanctions"], NOW - timedelta(hours=2), lead=True)


async def test_trend_for_ceasefire_sends_a_chart_with_a_caption(trend_bot: Bot) -> None:
    a_week_of_ceasefire_news(trend_bot.engine)
    reply = await trend_bot.last(OLENA, OLENA, "/trend 7d ceasefire")
    assert reply.photo is not None and reply.photo["file_size"] > 10_000
    assert reply.shown_text == "Ceasefire: stories per day, last 7 days · 13 stories"
    [call] = trend_bot.fake.calls_to("sendPhoto")
    assert call.params["parse_mode"] == "HTML"


async def test_trend_of_all_topics_counts_every_story(trend_bot: Bot) -> None:
    a_week_of_ceasefire_news(trend_bot.engine)
    reply = await trend_bot.last(OLENA, OLENA, "/trend")
    assert reply.photo is not None
    assert reply.shown_text == "Stories per day, last 7 days · 14 stories"


async def test_trend_in_ukrainian(trend_bot: Bot) -> None:
    a_week_of_ceasefire_news(trend_bot.engine)
    reply = await trend_bot.last(TARAS, TARAS, "/trend 30d ceasefire")
    assert reply.shown_text == (
        "Припинення вогню: сюжети за днями, останні 30 днів · усього сюжетів: 13"
    )


async def test_trend_in_a_group_quotes_the_command(trend_bot: Bot) -> None:
    a_week_of_ceasefire_news(trend_bot.engine)
    reply = await trend_bot.last(GROUP_MEMBER, GROUP, "/trend")
    assert reply.photo is not None and reply.reply_to_message_id is not None


async def test_bad_trend_period_gets_the_hint(trend_bot: Bot) -> None:
    [reply] = await trend_bot.send(OLENA, OLENA, "/trend 9x")
    assert reply == "9x is not a period for the chart: write 7d or 30d."
    assert trend_bot.fake.calls_to("sendPhoto") == []


async def test_misspelt_topic_gets_did_you_mean(trend_bot: Bot) -> None:
    [reply] = await trend_bot.send(OLENA, OLENA, "/trend ceasfire")
    assert "Did you mean ceasefire?" in reply and "/trend 7d ceasefire" in reply


async def test_trend_without_stories_says_so_instead_of_an_empty_chart(trend_bot: Bot) -> None:
    store(trend_bot.engine, ["sanctions"], NOW - timedelta(days=20), lead=True)
    [reply] = await trend_bot.send(OLENA, OLENA, "/trend 7d sanctions")
    assert reply == "No stories on Sanctions in the last 7 days, so there is nothing to chart."
    assert trend_bot.fake.calls_to("sendPhoto") == []


async def test_trend_is_in_the_menu_and_in_help(trend_bot: Bot) -> None:
    [help_text] = await trend_bot.send(OLENA, OLENA, "/help")
    assert "/trend — a chart of stories per day" in help_text
    menus: list[Any] = [c.params["commands"] for c in trend_bot.fake.calls_to("setMyCommands")]
    assert menus and all("trend" in str(menu) for menu in menus)
