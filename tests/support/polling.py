"""Polling helpers for tests: a movable clock, feeds added as feeds.yaml would, one poll
cycle through a real `Poller` with short timeouts, and what got stored."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.config import FeedConfig, Settings
from bot.domain import FeedPollReport
from bot.ingest.fetch import Fetcher
from bot.ingest.poll import ItemHook, Poller
from bot.store.feeds import sync_feeds
from bot.store.models import Feed, Item

TIMEOUT = 0.5
CAP = 256 * 1024
INTERVAL = 60


class Clock:
    """A clock the test moves by hand (starting now: Retry-After dates are real dates)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class InlineExecutor(Executor):
    """Parses at once, in the caller's thread: every feed of a cycle reaches the writer in
    the same turn of the event loop, so they are written as one batch."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


class CountingExecutor(ThreadPoolExecutor):
    """A real thread pool that counts the parse jobs it is given."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.jobs = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.jobs += 1
        return super().submit(fn, *args, **kwargs)


@asynccontextmanager
async def running_poller(
    engine: Engine,
    clock: Clock,
    executor: Executor | None = None,
    *,
    max_body_bytes: int = CAP,
    fetch_timeout: float = TIMEOUT,
    concurrency: int = 4,
    per_host: int = 4,
    hooks: Sequence[ItemHook] = (),
    transport: httpx.AsyncBaseTransport | None = None,
) -> AsyncIterator[Poller]:
    """A poller built like `bot.app.build_poller`, with short test timeouts and our clock."""
    settings = Settings()
    async with Fetcher.build_client(settings.user_agent, per_host, transport) as client:
        fetcher = Fetcher(client, timeout=fetch_timeout, max_body_bytes=max_body_bytes)
        poller = Poller(
            engine,
            fetcher,
            concurrency=concurrency,
            per_host=per_host,
            hooks=hooks,
            clock=clock,
            default_lang="en",
            parse_executor=executor,
            rng=random.Random(0),
        )
        try:
            yield poller
        finally:
            poller.close()


def add_feeds(
    engine: Engine, clock: Clock, feeds: Mapping[str, str], interval: int = INTERVAL
) -> None:
    configs = [FeedConfig(name=name, url=url, interval=interval) for name, url in feeds.items()]
    with Session(engine) as session:
        sync_feeds(session, configs, dict(feeds), clock())
        session.commit()


def feed_row(engine: Engine, name: str) -> Feed:
    with Session(engine) as session:
        feed = session.exec(select(Feed).where(Feed.name == name)).one()
        session.expunge(feed)
        return feed


def stored_items(engine: Engine, name: str | None = None) -> list[Item]:
    with Session(engine) as session:
        query = select(Item).join(Feed, Feed.id == Item.feed_id)  # type: ignore[arg-type]
        if name is not None:
            query = query.where(Feed.name == name)
        rows = list(session.exec(query.order_by(Item.id)).all())  # type: ignore[arg-type]
        for row in rows:
            session.expunge(row)
        return rows


def by_feed(reports: list[FeedPollReport]) -> dict[str, FeedPollReport]:
    return {report.feed: report for report in reports}


async def poll(
    engine: Engine,
    clock: Clock,
    executor: CountingExecutor | None = None,
    *,
    max_body_bytes: int = CAP,
    fetch_timeout: float = TIMEOUT,
) -> dict[str, FeedPollReport]:
    async with running_poller(
        engine, clock, executor, max_body_bytes=max_body_bytes, fetch_timeout=fetch_timeout
    ) as poller:
        return by_feed(await poller.poll_due())
