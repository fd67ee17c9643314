"""Composition root: settings → store, fetcher, matcher, poller.

Nothing here runs at import time; the CLI calls these builders.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.config import FeedsFile, Settings, read_feeds_file, resolve_local_url
from bot.fetcher import Fetcher
from bot.matching.engine import Matcher
from bot.pipeline import ItemHook, Poller
from bot.schedule import next_digest_at
from bot.store.chats import all_keywords, ensure_chat, set_topic
from bot.store.db import create_schema, make_engine
from bot.store.feeds import sync_feeds
from bot.store.models import ChatKind, Feed, Item
from bot.stories.clustering import StoryClusterer, StoryInput

CONSOLE_CHAT_ID = 0
CONSOLE_DIGEST_TIME = time(8, 0)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Config:
    """What feeds.yaml says, with local feed paths made absolute."""

    path: Path
    feeds_file: FeedsFile
    urls: dict[str, str]


def load_config(path: Path) -> Config:
    """Read and validate feeds.yaml (raises `ConfigError` with file:line problems)."""
    feeds_file = read_feeds_file(path)
    base = path.resolve().parent
    urls = {feed.name: resolve_local_url(feed.url, base) for feed in feeds_file.feeds}
    return Config(path=path, feeds_file=feeds_file, urls=urls)


def open_store(database_url: str) -> Engine:
    engine = make_engine(database_url)
    create_schema(engine)
    return engine


def sync_config(engine: Engine, config: Config) -> None:
    with Session(engine) as session:
        sync_feeds(session, config.feeds_file.feeds, config.urls, utc_now())
        session.commit()


def parse_executor(feed_count: int) -> Executor | None:
    """Processes parse in parallel when there are enough feeds to pay for them."""
    workers = os.cpu_count() or 1
    if workers < 2 or feed_count < 20:
        return None  # the event loop's default thread pool
    return ProcessPoolExecutor(max_workers=workers)


def build_poller(
    settings: Settings,
    engine: Engine,
    client: httpx.AsyncClient,
    *,
    hooks: Sequence[ItemHook] = (),
    executor: Executor | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> Poller:
    fetcher = Fetcher(client, timeout=settings.http_timeout, max_body_bytes=settings.max_body_bytes)
    return Poller(
        engine, fetcher, concurrency=settings.poll_concurrency, clock=clock,
        default_lang=settings.default_lang, hooks=hooks, parse_executor=executor,
    )


def http_client(settings: Settings) -> httpx.AsyncClient:
    return Fetcher.build_client(settings.user_agent, settings.poll_concurrency)


def build_matcher(config: Config, engine: Engine) -> Matcher:
    """The matcher for feeds.yaml's topics, with every subscriber's keywords loaded."""
    matcher = Matcher.from_config(config.feeds_file)
    with Session(engine) as session:
        for keyword in all_keywords(session):
            matcher.add_keyword(str(keyword.id), keyword.normalized)
    return matcher


def topic_names(config: Config) -> dict[str, str]:
    return {topic.id: topic.name for topic in config.feeds_file.topics}


def ensure_console_subscriber(engine: Engine, config: Config, tz: str = "Europe/Kyiv") -> None:
    """Console mode's one subscriber: every topic, a daily digest at 08:00."""
    with Session(engine) as session:
        chat = ensure_chat(session, CONSOLE_CHAT_ID, ChatKind.CONSOLE, "console")
        if chat.digest_time is None:
            chat.timezone = tz
            chat.digest_time = CONSOLE_DIGEST_TIME.strftime("%H:%M")
            chat.next_digest_at = next_digest_at(utc_now(), CONSOLE_DIGEST_TIME, ZoneInfo(tz))
            session.add(chat)
        for topic in config.feeds_file.topics:
            set_topic(session, CONSOLE_CHAT_ID, topic.id, True)
        session.commit()


STORY_WINDOW = timedelta(hours=48)


def build_story_clusterer(engine: Engine, now: datetime) -> StoryClusterer:
    """The clusterer, replayed from the items of the last window.

    Story ids are their lead item's id, so replaying the stored items in the order
    they arrived rebuilds the same stories after a restart.
    """
    clusterer = StoryClusterer(window=STORY_WINDOW)
    with Session(engine) as session:
        rows = session.exec(
            select(Item, Feed.name)
            .join(Feed, col(Feed.id) == Item.feed_id)
            .where(col(Item.first_seen_at) >= now - STORY_WINDOW)
            .order_by(col(Item.id))
        ).all()
        for row, outlet in rows:
            clusterer.add(StoryInput(id=str(row.id), lang=row.lang, source=outlet,
                                     published=row.published_at, title=row.title,
                                     summary=row.summary))
    return clusterer
