"""Polling many feeds: the per-host limit over real loopback HTTP, connections kept alive
and reused per host, and feed states written in batches (httpx.MockTransport) — every
feed's state and backoff right, and a feed whose items cannot be stored never costs the
others of its batch theirs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, select

from bot.config import Settings
from bot.domain import PollStatus
from bot.ingest.fetch import Fetcher, Validators, body_hash
from bot.store.feeds import FeedToPoll
from bot.store.items import StoredItem
from bot.store.models import Feed, FeedState
from tests.support.feed_server import FeedServer, rss_feed, sample_items
from tests.support.polling import (
    INTERVAL,
    Clock,
    InlineExecutor,
    add_feeds,
    by_feed,
    feed_row,
    running_poller,
    stored_items,
)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def second_server() -> Any:
    """A feed server on another loopback address: another host to the poller."""
    with FeedServer(host="127.0.0.2", latency=0.02) as server:
        yield server


def serve_feeds(server: FeedServer, prefix: str, count: int) -> dict[str, str]:
    urls = {}
    for n in range(count):
        server.feed(f"/{prefix}{n}.rss", rss_feed(sample_items(2, prefix=f"{prefix}{n}")))
        urls[f"{prefix}-{n}"] = server.url(f"/{prefix}{n}.rss")
    return urls


async def test_no_host_sees_more_than_per_host_requests_at_once(
    sqlite_engine: Engine, feed_server: FeedServer, second_server: FeedServer, clock: Clock
) -> None:
    feed_server.latency = 0.02
    feeds = serve_feeds(feed_server, "a", 8) | serve_feeds(second_server, "b", 8)
    add_feeds(sqlite_engine, clock, feeds)

    async with running_poller(sqlite_engine, clock, concurrency=16, per_host=2) as poller:
        reports = by_feed(await poller.poll_due())

    assert {r.status for r in reports.values()} == {PollStatus.NEW}
    assert len(reports) == 16
    assert 1 <= feed_server.max_in_flight <= 2
    assert 1 <= second_server.max_in_flight <= 2


async def test_a_hosts_feeds_reuse_its_kept_alive_connections(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    add_feeds(sqlite_engine, clock, serve_feeds(feed_server, "a", 6))

    async with running_poller(sqlite_engine, clock, per_host=1) as poller:
        cold = by_feed(await poller.poll_due())
        assert feed_server.connections_accepted == 1  # six 200s, one connection
        clock.advance(INTERVAL)
        warm = by_feed(await poller.poll_due())

    assert {r.status for r in cold.values()} == {PollStatus.NEW}
    assert {r.status for r in warm.values()} == {PollStatus.NOT_MODIFIED}
    assert [r.status for r in feed_server.requests] == [200] * 6 + [304] * 6
    # The 304s reuse a connection too: at most one more (if the first was closed as idle).
    assert feed_server.connections_accepted <= 2


async def test_a_host_falling_idle_has_its_connections_closed(feed_server: FeedServer) -> None:
    feed_server.feed("/a.rss", rss_feed(sample_items(1)))
    async with Fetcher.build_client("test-agent", 2, idle_close=0.05) as client:
        fetcher = Fetcher(client, timeout=5, max_body_bytes=1_000_000)
        result = await fetcher.fetch(feed_server.url("/a.rss"), Validators())
        assert result.body and feed_server.connections_accepted == 1
        for _ in range(500):  # a signal, not a sleep: until the server sees it closed (5 s)
            if feed_server.open_connections == 0:
                break
            await asyncio.sleep(0.01)
        assert feed_server.open_connections == 0


# Batched state writes, with every feed answered in-process (httpx.MockTransport) and
# parsed inline, so that a whole cycle reaches the writer as one batch.

DOC = rss_feed(sample_items(3))


def answers(routes: dict[str, httpx.Response]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        return routes[request.url.host]

    return httpx.MockTransport(answer)


def set_state(engine: Engine, name: str, **values: Any) -> None:
    with Session(engine) as session:
        feed = session.exec(select(Feed).where(Feed.name == name)).one()
        for key, value in values.items():
            setattr(feed, key, value)
        session.add(feed)
        session.commit()


def count_state_writes(engine: Engine) -> list[int]:
    """How many feed rows each `UPDATE feed` statement carries (an executemany is one)."""
    writes: list[int] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE FEED SET"):
            writes.append(len(parameters) if isinstance(parameters, list) else 1)

    event.listen(engine, "before_cursor_execute", seen)
    return writes


async def test_one_batch_writes_every_feeds_state_and_backoff(
    sqlite_engine: Engine, clock: Clock
) -> None:
    hosts = ["fresh", "same", "notmod", "broken", "busy", "gone"]
    add_feeds(sqlite_engine, clock, {host: f"https://{host}.example/rss" for host in hosts})
    set_state(sqlite_engine, "same", body_hash=body_hash(DOC), baseline_done=True, quiet_polls=2)
    set_state(sqlite_engine, "notmod", etag='"v1"', baseline_done=True, error_count=2)
    set_state(sqlite_engine, "broken", error_count=2)
    transport = answers(
        {
            "fresh.example": httpx.Response(200, content=DOC, headers={"ETag": '"f1"'}),
            "same.example": httpx.Response(200, content=DOC),
            "notmod.example": httpx.Response(304),
            "broken.example": httpx.Response(500),
            "busy.example": httpx.Response(429, headers={"Retry-After": "3600"}),
            "gone.example": httpx.Response(410),
        }
    )
    writes = count_state_writes(sqlite_engine)

    async with running_poller(
        sqlite_engine, clock, InlineExecutor(), concurrency=10, transport=transport
    ) as poller:
        reports = by_feed(await poller.poll_due())

    # Every feed's state, in one statement per batch: the five answers that need no
    # parsing reach the writer together, the parsed feed a turn of the event loop later.
    assert sum(writes) == len(hosts) and len(writes) <= 2
    statuses = {name: report.status for name, report in reports.items()}
    assert statuses == {
        "fresh": PollStatus.NEW,
        "same": PollStatus.UNCHANGED,
        "notmod": PollStatus.NOT_MODIFIED,
        "broken": PollStatus.ERROR,
        "busy": PollStatus.ERROR,
        "gone": PollStatus.GONE,
    }
    interval = timedelta(seconds=INTERVAL)
    fresh = feed_row(sqlite_engine, "fresh")
    assert (fresh.etag, fresh.baseline_done, fresh.error_count) == ('"f1"', True, 0)
    assert fresh.next_poll_at == clock.now + interval
    assert len(stored_items(sqlite_engine, "fresh")) == 3
    same = feed_row(sqlite_engine, "same")
    assert (same.quiet_polls, same.last_status, same.last_success_at) == (3, "unchanged", clock())
    notmod = feed_row(sqlite_engine, "notmod")
    assert (notmod.error_count, notmod.etag, notmod.last_error) == (0, '"v1"', None)
    broken = feed_row(sqlite_engine, "broken")
    assert (broken.error_count, broken.last_error) == (3, "HTTP 500 Internal Server Error")
    assert broken.next_poll_at is not None
    assert clock.now + interval * 4 * 0.8 <= broken.next_poll_at <= clock.now + interval * 4 * 1.2
    busy = feed_row(sqlite_engine, "busy")
    assert busy.error_count == 1
    assert busy.next_poll_at is not None and busy.next_poll_at >= clock.now + timedelta(hours=1)
    assert feed_row(sqlite_engine, "gone").state is FeedState.GONE
    assert all(feed_row(sqlite_engine, name).last_polled_at == clock() for name in hosts)


class FailsFor:
    """A hook (like matching and story filing) that cannot store one feed's items."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rolled_back_calls = 0

    def __call__(
        self,
        session: Session,
        feed: FeedToPoll,
        new: Sequence[StoredItem],
        baseline: bool,
        duplicates: int = 0,
    ) -> None:
        if feed.name == self.name:
            raise OSError("disk full")

    def rolled_back(self) -> None:
        self.rolled_back_calls += 1


async def test_a_feed_that_cannot_be_stored_does_not_lose_the_others_of_its_batch(
    sqlite_engine: Engine, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    names = ["a", "b", "bad", "c"]
    add_feeds(sqlite_engine, clock, {name: f"https://{name}.example/rss" for name in names})
    transport = answers(
        {
            f"{name}.example": httpx.Response(
                200, content=rss_feed(sample_items(2, prefix=name, base_url=f"https://{name}.x"))
            )
            for name in names
        }
    )
    hook = FailsFor("bad")
    caplog.set_level(logging.WARNING, logger="bot.ingest.poll")

    async with running_poller(
        sqlite_engine, clock, InlineExecutor(), concurrency=10, hooks=[hook], transport=transport
    ) as poller:
        reports = by_feed(await poller.poll_due())

    assert "poll_batch_failed" in caplog.messages  # tried as one batch, then feed by feed
    for name in ("a", "b", "c"):
        assert (reports[name].status, reports[name].new_items) == (PollStatus.NEW, 2)
        assert len(stored_items(sqlite_engine, name)) == 2
        assert feed_row(sqlite_engine, name).baseline_done
    assert reports["bad"].status is PollStatus.ERROR
    assert "disk full" in (reports["bad"].error or "")
    bad = feed_row(sqlite_engine, "bad")
    assert (bad.error_count, bad.baseline_done, bad.body_hash) == (1, False, None)
    assert bad.next_poll_at is not None and bad.next_poll_at > clock()
    assert stored_items(sqlite_engine, "bad") == []
    assert hook.rolled_back_calls == 2  # the batch, then the feed alone


def test_the_default_limits_are_polite_and_validated() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.poll_concurrency, settings.poll_per_host) == (500, 6)
    for bad in ({"poll_per_host": 0}, {"poll_concurrency": 0}, {"poll_per_host": 101}):
        with pytest.raises(ValueError):
            Settings(_env_file=None, **bad)  # type: ignore[call-arg, arg-type]


async def test_each_round_ends_with_one_line_saying_how_long_it_took(
    sqlite_engine: Engine, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    add_feeds(sqlite_engine, clock, {name: f"https://{name}.example/rss" for name in "abc"})
    transport = answers(
        {
            "a.example": httpx.Response(200, content=DOC),
            "b.example": httpx.Response(304),
            "c.example": httpx.Response(500),
        }
    )
    caplog.set_level(logging.INFO, logger="bot.ingest.poll")

    async with running_poller(sqlite_engine, clock, transport=transport) as poller:
        await poller.poll_due()

    [line] = [r for r in caplog.records if r.getMessage() == "poll_round_finished"]
    fields = line.__dict__["_fields"]
    assert (fields["feeds"], fields["new"], fields["errors"]) == (3, 3, 1)
    assert fields["seconds"] >= 0
