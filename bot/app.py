"""The composition root: settings and feeds.yaml → store, matcher, stories, poller, delivery.

`run` (bot.service), `demo` (bot.tools.demo) and `poll --once` (bot.__main__) all build
their parts here, so the three run the same pipeline.  Nothing runs at import time.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import Engine

from bot.clock import Clock, utc_now
from bot.config import FeedsFile, Settings, feed_urls, read_feeds_file
from bot.delivery.budget import DatabaseBudget
from bot.delivery.contract import Sender
from bot.delivery.daily import DailyDigests
from bot.delivery.feed_watch import FeedWatch
from bot.delivery.outbox import DeliveryWorker
from bot.delivery.pacing import Pacer
from bot.delivery.schedule import next_digest_at
from bot.health.rules import Limits
from bot.ingest.enqueue import AlertQueue
from bot.ingest.fetch import Fetcher
from bot.ingest.health import HealthEvidence
from bot.ingest.parse import warm_up_parser
from bot.ingest.poll import Poller
from bot.matching.engine import Matcher
from bot.store.chats import ensure_chat, set_topic
from bot.store.db import make_engine, transaction
from bot.store.feeds import sync_feeds
from bot.store.locks import hold_until_commit
from bot.store.models import ChatKind
from bot.store.schema import upgrade

CONSOLE_CHAT_ID = 0
CONSOLE_DIGEST_TIME = time(8, 0)


@dataclass
class Config:
    """What feeds.yaml says, with local feed paths made absolute."""

    path: Path
    feeds_file: FeedsFile
    urls: dict[str, str]

    @property
    def topic_names(self) -> dict[str, str]:
        """Topic id → name, in feeds.yaml's order."""
        return {topic.id: topic.name for topic in self.feeds_file.topics}


def load_config(path: Path) -> Config:
    """Read and validate feeds.yaml (raises `ConfigError` with file:line problems)."""
    feeds_file = read_feeds_file(path)
    return Config(path=path, feeds_file=feeds_file, urls=feed_urls(feeds_file, path))


def open_store(database_url: str) -> Engine:
    """The engine, its schema brought up to date first (under a lock: `store.schema`)."""
    engine = make_engine(database_url)
    upgrade(engine)
    return engine


def sync_config(engine: Engine, config: Config) -> None:
    """The feed table as feeds.yaml says; processes starting together take turns."""
    with transaction(engine) as session:
        hold_until_commit(session, "feeds.yaml")
        sync_feeds(session, config.feeds_file.feeds, config.urls, utc_now())


def parse_executor(feed_count: int) -> Executor | None:
    """Processes parse in parallel when there are enough feeds to pay for them.

    They are spawned, not forked: a spawned worker imports the parser alone (25 MB resident),
    where a forked one starts as a copy of the whole bot that its garbage collector soon
    makes private, page by page.
    """
    workers = os.cpu_count() or 1
    if workers < 2 or feed_count < 20:
        return None  # the event loop's default thread pool
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(workers):  # start them now, not when the first feed waits for one
        pool.submit(warm_up_parser)
    return pool


def build_pacer(settings: Settings, engine: Engine) -> Pacer:
    """The process's one pacer (`SEND_RATE`); on PostgreSQL it draws on the budget every
    process shares, so several processes together keep Telegram's limits."""
    shared = DatabaseBudget(engine) if engine.dialect.name == "postgresql" else None
    return Pacer(settings.send_rate, budget=shared)


def http_client(settings: Settings) -> httpx.AsyncClient:
    """Kept-alive connections, at most `POLL_PER_HOST` of them to one host."""
    return Fetcher.build_client(settings.user_agent, settings.poll_per_host)


def build_matcher(config: Config) -> Matcher:
    """The matcher for feeds.yaml's topics (subscribers' keywords are loaded by the poller,
    from the database, and kept up to date there: `ingest.keywords`)."""
    return Matcher.from_config(config.feeds_file)


def build_poller(
    settings: Settings,
    engine: Engine,
    client: httpx.AsyncClient,
    matcher: Matcher,
    *,
    clock: Clock = utc_now,
    executor: Executor | None = None,
) -> Poller:
    """Fetch → parse → store → match → file into stories → queue alerts, on a schedule."""
    fetcher = Fetcher(client, timeout=settings.http_timeout, max_body_bytes=settings.max_body_bytes)
    queue = AlertQueue(matcher, clock)
    return Poller(
        engine,
        fetcher,
        concurrency=settings.poll_concurrency,
        per_host=settings.poll_per_host,
        clock=clock,
        default_lang=settings.default_lang,
        hooks=[queue, HealthEvidence(clock, health_limits(settings))],
        parse_executor=executor,
    )


def build_delivery(
    engine: Engine, config: Config, sender: Sender, *, clock: Clock = utc_now
) -> tuple[DeliveryWorker, DailyDigests]:
    """The outbox worker and the daily digests, both sending through `sender`."""
    names = config.topic_names
    worker = DeliveryWorker(engine, sender, clock=clock, topic_names=names)
    digests = DailyDigests(engine, sender, clock=clock, topic_order=list(names), topic_names=names)
    return worker, digests


def health_limits(settings: Settings) -> Limits:
    """When a feed counts as failing or silent, as the environment sets it."""
    return Limits(
        failing_errors=settings.feed_failing_errors,
        failing_after=timedelta(seconds=settings.feed_failing_after),
        silent_factor=settings.feed_silent_factor,
    )


def build_feed_watch(
    engine: Engine,
    settings: Settings,
    sender: Sender,
    operators: list[int],
    *,
    clock: Clock = utc_now,
) -> FeedWatch:
    """Feed health, told to `operators` (the console's one chat in console mode)."""
    return FeedWatch(
        engine, sender, clock=clock, operators=operators, limits=health_limits(settings)
    )


def ensure_console_subscriber(engine: Engine, config: Config, tz: str = "Europe/Kyiv") -> None:
    """Console mode's one subscriber: every topic, a daily digest at 08:00."""
    with transaction(engine) as session:
        chat = ensure_chat(session, CONSOLE_CHAT_ID, ChatKind.CONSOLE, "console")
        if chat.digest_time is None:
            chat.timezone = tz
            chat.digest_time = CONSOLE_DIGEST_TIME.strftime("%H:%M")
            chat.next_digest_at = next_digest_at(utc_now(), CONSOLE_DIGEST_TIME, ZoneInfo(tz))
            session.add(chat)
        for topic in config.feeds_file.topics:
            set_topic(session, CONSOLE_CHAT_ID, topic.id, True)
