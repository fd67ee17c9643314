"""The poll use case over real loopback HTTP: fetch → parse → store, one feed's failure never
the cycle's, fetch state (validators, errors, backoff, redirects, 410) kept on the feed."""

from __future__ import annotations

import itertools
import random
import socket
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.config import Settings
from bot.domain import PollStatus
from bot.ingest.fetch import Fetcher
from bot.ingest.poll import Poller
from bot.store.feeds import FeedToPoll, due_feeds
from bot.store.items import StoredItem
from bot.store.models import FeedState
from tests.support.feed_server import (
    FeedItem,
    FeedServer,
    Reply,
    rss_feed,
    sample_items,
)
from tests.support.polling import (
    CAP,
    INTERVAL,
    TIMEOUT,
    Clock,
    CountingExecutor,
    add_feeds,
    feed_row,
    poll,
    running_poller,
    stored_items,
)

PASSWD_MARKERS = ("root:", "/bin/", "nologin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


DOC = rss_feed(sample_items(3))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def counting() -> Any:
    executor = CountingExecutor()
    yield executor
    executor.shutdown()


async def test_304_with_etag_costs_no_parsing(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock, counting: CountingExecutor
) -> None:
    feed_server.feed("/a.rss", DOC, last_modified=False)
    add_feeds(sqlite_engine, clock, {"A": feed_server.url("/a.rss")})
    first = (await poll(sqlite_engine, clock, counting))["A"]
    assert (first.status, first.new_items, first.baseline) == (PollStatus.NEW, 3, True)
    assert counting.jobs == 1
    assert feed_row(sqlite_engine, "A").etag

    clock.advance(INTERVAL)
    second = (await poll(sqlite_engine, clock, counting))["A"]
    assert (second.status, second.new_items) == (PollStatus.NOT_MODIFIED, 0)
    assert counting.jobs == 1
    sent = feed_server.requests_to("/a.rss")[-1]
    assert sent.headers["If-None-Match"] == feed_row(sqlite_engine, "A").etag
    assert sent.status == 304
    assert len(stored_items(sqlite_engine)) == 3


async def test_304_with_last_modified_costs_no_parsing(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock, counting: CountingExecutor
) -> None:
    feed_server.feed("/a.rss", DOC, etag=False, last_modified=datetime(2026, 11, 1, tzinfo=UTC))
    add_feeds(sqlite_engine, clock, {"A": feed_server.url("/a.rss")})
    await poll(sqlite_engine, clock, counting)
    stored = feed_row(sqlite_engine, "A")
    assert stored.etag is None and stored.last_modified == "Sun, 01 Nov 2026 00:00:00 GMT"
    clock.advance(INTERVAL)
    report = (await poll(sqlite_engine, clock, counting))["A"]
    assert report.status is PollStatus.NOT_MODIFIED
    assert counting.jobs == 1
    sent = feed_server.requests_to("/a.rss")[-1]
    assert sent.headers["If-Modified-Since"] == stored.last_modified


async def test_unchanged_body_without_validators_is_not_parsed(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock, counting: CountingExecutor
) -> None:
    feed_server.feed("/plain.rss", DOC, etag=False, last_modified=False)
    add_feeds(sqlite_engine, clock, {"Plain": feed_server.url("/plain.rss")})
    await poll(sqlite_engine, clock, counting)
    clock.advance(INTERVAL)
    report = (await poll(sqlite_engine, clock, counting))["Plain"]
    assert report.status is PollStatus.UNCHANGED
    assert counting.jobs == 1
    assert feed_row(sqlite_engine, "Plain").quiet_polls == 1


async def test_new_items_after_the_baseline_are_not_baseline(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.feed("/a.rss", rss_feed(sample_items(3)))
    add_feeds(sqlite_engine, clock, {"A": feed_server.url("/a.rss")})
    await poll(sqlite_engine, clock)
    feed_server.update("/a.rss", rss_feed(sample_items(5)))
    clock.advance(INTERVAL)
    report = (await poll(sqlite_engine, clock))["A"]
    assert (report.status, report.new_items, report.baseline) == (PollStatus.NEW, 2, False)
    assert [i.is_baseline for i in stored_items(sqlite_engine)] == [True] * 3 + [False] * 2


async def test_temporary_redirect_leaves_the_stored_url(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.feed("/new.rss", DOC)
    feed_server.redirect("/old.rss", "/new.rss", status=302)
    add_feeds(sqlite_engine, clock, {"A": feed_server.url("/old.rss")})
    report = (await poll(sqlite_engine, clock))["A"]
    assert report.new_items == 3
    assert feed_row(sqlite_engine, "A").url == feed_server.url("/old.rss")


@pytest.mark.parametrize("status", [301, 308])
async def test_permanent_redirect_updates_the_feed_url(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock, status: int
) -> None:
    feed_server.feed("/new.rss", DOC)
    feed_server.redirect("/old.rss", "/new.rss", status=status)
    add_feeds(sqlite_engine, clock, {"A": feed_server.url("/old.rss")})
    await poll(sqlite_engine, clock)
    stored = feed_row(sqlite_engine, "A")
    assert stored.url == feed_server.url("/new.rss")
    assert stored.config_url == feed_server.url("/old.rss")
    feed_server.clear_requests()
    clock.advance(INTERVAL)
    await poll(sqlite_engine, clock)
    assert [r.route for r in feed_server.requests] == ["/new.rss"]


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize("form", ["seconds", "http-date"])
async def test_retry_after_pushes_the_next_poll_at_least_that_far(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock, status: int, form: str
) -> None:
    wait = timedelta(minutes=15)
    # An HTTP-date is read against the real clock, a little later than the test's: 5 s slack.
    retry_after = int(wait.total_seconds()) if form == "seconds" else clock.now + wait
    slack = timedelta(0) if form == "seconds" else timedelta(seconds=5)
    feed_server.error("/busy.rss", status, retry_after=retry_after)
    add_feeds(sqlite_engine, clock, {"Busy": feed_server.url("/busy.rss")}, interval=1)
    report = (await poll(sqlite_engine, clock))["Busy"]
    assert report.status is PollStatus.ERROR and str(status) in (report.error or "")
    stored = feed_row(sqlite_engine, "Busy")
    assert stored.next_poll_at is not None
    assert stored.next_poll_at >= clock.now + wait - slack
    clock.now += wait - slack - timedelta(seconds=1)
    with Session(sqlite_engine) as session:
        assert due_feeds(session, clock.now) == []


async def test_500_then_recovery_stores_and_resets_the_error(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.sequence("/flaky.rss", [500, Reply(body=DOC)])
    add_feeds(sqlite_engine, clock, {"Flaky": feed_server.url("/flaky.rss")})
    failed = (await poll(sqlite_engine, clock))["Flaky"]
    assert failed.status is PollStatus.ERROR
    stored = feed_row(sqlite_engine, "Flaky")
    assert stored.error_count == 1
    assert stored.last_error == "HTTP 500 Internal Server Error"
    assert stored.last_status == "error"
    assert stored_items(sqlite_engine) == []

    assert stored.next_poll_at is not None
    clock.now = stored.next_poll_at
    recovered = (await poll(sqlite_engine, clock))["Flaky"]
    assert (recovered.status, recovered.new_items, recovered.baseline) == (PollStatus.NEW, 3, True)
    stored = feed_row(sqlite_engine, "Flaky")
    assert (stored.error_count, stored.last_error) == (0, None)
    assert stored.last_success_at == clock.now
    assert len(stored_items(sqlite_engine)) == 3


async def test_gone_feed_is_disabled(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.error("/dead.rss", 410)
    add_feeds(sqlite_engine, clock, {"Dead": feed_server.url("/dead.rss")})
    report = (await poll(sqlite_engine, clock))["Dead"]
    assert report.status is PollStatus.GONE
    assert feed_row(sqlite_engine, "Dead").state is FeedState.GONE
    clock.advance(30 * 86400)
    with Session(sqlite_engine) as session:
        assert due_feeds(session, clock.now) == []
    assert await poll(sqlite_engine, clock) == {}
    assert len(feed_server.requests_to("/dead.rss")) == 1


async def test_slow_feed_times_out_and_the_others_carry_on(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.slow("/slow.rss", DOC, delay=TIMEOUT * 4)
    feed_server.feed("/fast.rss", rss_feed(sample_items(2, prefix="fast")))
    add_feeds(
        sqlite_engine,
        clock,
        {"Slow": feed_server.url("/slow.rss"), "Fast": feed_server.url("/fast.rss")},
    )
    reports = await poll(sqlite_engine, clock)
    assert reports["Slow"].status is PollStatus.ERROR
    assert "timed out" in (reports["Slow"].error or "")
    assert reports["Fast"].new_items == 2
    assert "timed out" in (feed_row(sqlite_engine, "Slow").last_error or "")


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_body_over_the_cap_is_an_error(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock, chunked: bool
) -> None:
    feed_server.big("/big.rss", CAP * 3, chunked=chunked)
    add_feeds(sqlite_engine, clock, {"Big": feed_server.url("/big.rss")})
    report = (await poll(sqlite_engine, clock))["Big"]
    assert report.status is PollStatus.ERROR
    assert report.error == f"body larger than {CAP} bytes"
    assert stored_items(sqlite_engine) == []


async def test_gzip_feed_is_stored(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.feed("/gz.rss", DOC, gzip=True)
    add_feeds(sqlite_engine, clock, {"Gz": feed_server.url("/gz.rss")})
    assert (await poll(sqlite_engine, clock))["Gz"].new_items == 3


async def test_gzip_bomb_is_refused(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.gzip_bomb("/bomb.rss")
    add_feeds(sqlite_engine, clock, {"Bomb": feed_server.url("/bomb.rss")})
    report = (await poll(sqlite_engine, clock))["Bomb"]
    assert report.status is PollStatus.ERROR and "larger than" in (report.error or "")


async def test_user_agent_names_the_bot(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.feed("/a.rss", DOC)
    add_feeds(sqlite_engine, clock, {"A": feed_server.url("/a.rss")})
    await poll(sqlite_engine, clock)
    assert "Peacewatch" in feed_server.requests_to("/a.rss")[0].headers["User-Agent"]


async def test_a_broken_feed_never_stops_the_cycle(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.feed("/good.rss", rss_feed(sample_items(2, prefix="good")))
    feed_server.feed("/garbage.rss", b"<html><body>Service unavailable</body></html>")
    feed_server.feed("/empty.rss", b"")
    feed_server.feed(
        "/badlink.rss", rss_feed([FeedItem("Broken link", "http://[::1/x", guid="b1")])
    )
    feed_server.error("/missing.rss", 404)
    add_feeds(
        sqlite_engine,
        clock,
        {
            "Good": feed_server.url("/good.rss"),
            "Garbage": feed_server.url("/garbage.rss"),
            "Empty": feed_server.url("/empty.rss"),
            "Bad link": feed_server.url("/badlink.rss"),
            "Missing": feed_server.url("/missing.rss"),
            "Refused": f"http://127.0.0.1:{free_port()}/feed.rss",
            "Bad address": "http://xn--/feed.rss",  # passes feeds.yaml, fails in httpx
        },
    )
    reports = await poll(sqlite_engine, clock)
    assert len(reports) == 7
    assert reports["Good"].new_items == 2
    assert reports["Bad link"].new_items == 1
    for name in ("Garbage", "Empty", "Missing", "Refused", "Bad address"):
        assert reports[name].status is PollStatus.ERROR, name
        assert reports[name].error
        assert feed_row(sqlite_engine, name).error_count == 1
    assert not feed_row(sqlite_engine, "Empty").baseline_done


async def test_backoff_grows_with_consecutive_errors(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.error("/broken.rss", 500)
    add_feeds(sqlite_engine, clock, {"Broken": feed_server.url("/broken.rss")})
    gaps = []
    for _ in range(5):
        await poll(sqlite_engine, clock)
        next_poll = feed_row(sqlite_engine, "Broken").next_poll_at
        assert next_poll is not None
        gaps.append((next_poll - clock.now).total_seconds())
        clock.now = next_poll
    assert feed_row(sqlite_engine, "Broken").error_count == 5
    assert all(later > earlier for earlier, later in itertools.pairwise(gaps))
    assert gaps[0] <= INTERVAL * 1.2 and gaps[-1] >= INTERVAL * 16 * 0.8


async def test_entity_tricks_over_http_leak_nothing(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.billion_laughs("/laughs.rss")
    feed_server.external_entity("/xxe.rss")
    feed_server.feed("/good.rss", DOC)
    add_feeds(
        sqlite_engine,
        clock,
        {
            "Laughs": feed_server.url("/laughs.rss"),
            "XXE": feed_server.url("/xxe.rss"),
            "Good": feed_server.url("/good.rss"),
        },
    )
    reports = await poll(sqlite_engine, clock)
    assert reports["Good"].new_items == 3
    assert {reports["Laughs"].status, reports["XXE"].status} <= {PollStatus.NEW, PollStatus.ERROR}
    for item in stored_items(sqlite_engine):
        text = f"{item.title} {item.summary}"
        assert not any(marker in text for marker in PASSWD_MARKERS)
        assert "lollol" not in text and len(text) < 5000


async def test_every_due_feed_is_reported_as_it_finishes(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    for n in range(6):
        feed_server.feed(f"/f{n}.rss", rss_feed(sample_items(1, prefix=f"f{n}")))
    add_feeds(sqlite_engine, clock, {f"F{n}": feed_server.url(f"/f{n}.rss") for n in range(6)})
    seen: list[str] = []
    async with running_poller(sqlite_engine, clock) as poller:
        reports = await poller.poll_due(on_done=lambda report: seen.append(report.feed))
    assert sorted(seen) == sorted(r.feed for r in reports) == [f"F{n}" for n in range(6)]
    assert len(stored_items(sqlite_engine)) == 6


async def test_oversized_values_are_stored_on_every_database(
    engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    """A 3,000-character link or guid, or a huge ETag, must not make a feed unstorable
    (PostgreSQL enforces column sizes that SQLite ignores)."""
    long_link = "https://news.example/" + "a" * 3000
    feed_server.feed(
        "/long.rss",
        rss_feed(
            [
                FeedItem("Long link", long_link, guid="g" * 3000),
                FeedItem("Normal", "https://news.example/normal", guid="n"),
                FeedItem(None, "https://news.example/untitled/" + "u" * 1500),
            ]
        ),
        etag='"' + "e" * 800 + '"',
    )
    add_feeds(engine, clock, {"Long": feed_server.url("/long.rss")})
    report = (await poll(engine, clock))["Long"]
    assert (report.status, report.new_items) == (PollStatus.NEW, 3)
    titles = {item.title for item in stored_items(engine)}
    assert {"Long link", "Normal"} < titles
    assert all(len(title) <= 600 for title in titles)
    stored = feed_row(engine, "Long")
    assert (stored.error_count, stored.baseline_done) == (0, True)


async def test_absurd_retry_after_still_schedules_the_feed(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.error("/busy.rss", 429, retry_after="99999999999999")
    add_feeds(sqlite_engine, clock, {"Busy": feed_server.url("/busy.rss")})
    report = (await poll(sqlite_engine, clock))["Busy"]
    assert report.status is PollStatus.ERROR and "429" in (report.error or "")
    stored = feed_row(sqlite_engine, "Busy")
    assert stored.error_count == 1
    assert stored.next_poll_at == clock.now + timedelta(hours=24)


async def test_a_feed_whose_items_cannot_be_stored_backs_off(
    sqlite_engine: Engine, feed_server: FeedServer, clock: Clock
) -> None:
    feed_server.feed("/a.rss", rss_feed(sample_items(3)))
    add_feeds(sqlite_engine, clock, {"A": feed_server.url("/a.rss")})

    class DiskFull:
        rolled_back_calls = 0

        def __call__(
            self,
            session: Session,
            feed: FeedToPoll,
            new: Sequence[StoredItem],
            baseline: bool,
            duplicates: int = 0,
        ) -> None:
            raise OSError("disk full")

        def rolled_back(self) -> None:
            self.rolled_back_calls += 1

    disk_full = DiskFull()

    async with Fetcher.build_client(Settings().user_agent, 2) as client:
        poller = Poller(
            sqlite_engine,
            Fetcher(client, timeout=TIMEOUT, max_body_bytes=CAP),
            concurrency=2,
            clock=clock,
            hooks=[disk_full],
            rng=random.Random(0),
        )
        try:
            [report] = await poller.poll_due()
        finally:
            poller.close()

    assert report.status is PollStatus.ERROR
    assert "disk full" in (report.error or "")
    assert disk_full.rolled_back_calls == 1  # the hook knows what it did was never stored
    row = feed_row(sqlite_engine, "A")
    assert row.error_count == 1
    assert "disk full" in (row.last_error or "")
    assert row.next_poll_at is not None and row.next_poll_at > clock()
    assert stored_items(sqlite_engine, "A") == []
