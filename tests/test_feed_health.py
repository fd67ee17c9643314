"""Feed health, pushed: operators hear once when a feed starts failing, goes silent or
churns its identities, and once when it recovers; never once per poll.

The decisions are pure functions of plain values, tested with plain values; the watch
runs on a real SQLite store and tells a recording Sender; the churn evidence comes from
real polls of the local feed server."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.delivery.contract import SendOutcome, SendResult
from bot.delivery.feed_watch import FeedWatch
from bot.health.rules import Facts, Health, Limits, PollEvidence, Verdict, assess, notice_for
from bot.ingest.fetch import Fetcher
from bot.ingest.health import HealthEvidence
from bot.ingest.poll import Poller
from bot.render.tables import feeds_table
from bot.store.chats import ensure_chat
from bot.store.db import transaction
from bot.store.health import feed_statuses
from bot.store.models import ChatKind, DeliveryStatus, Feed, OperatorNotice
from tests.support.feed_server import FeedItem, FeedServer, rss_feed
from tests.support.polling import Clock, add_feeds
from tests.support.sender import RecordingSender

LIMITS = Limits()
NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
OPERATOR = 7


def facts(**values: object) -> Facts:
    base: dict[str, object] = {
        "gone": False,
        "error_count": 0,
        "last_success_at": NOW,
        "last_error": None,
        "arrivals": (),
        "polls": (),
    }
    return Facts(**{**base, **values})  # type: ignore[arg-type]


def every(minutes: int, count: int, until: datetime) -> list[datetime]:
    return [until - timedelta(minutes=minutes * n) for n in range(count)][::-1]


# ------------------------------------------------------------------ the rules, plain values


def test_a_feed_fails_after_three_errors_in_a_row() -> None:
    assert assess(facts(error_count=2), NOW, LIMITS).health is Health.HEALTHY
    assert assess(facts(error_count=3), NOW, LIMITS).health is Health.FAILING


def test_a_feed_fails_when_its_errors_outlast_the_set_time() -> None:
    recent = facts(error_count=1, last_success_at=NOW - timedelta(minutes=30))
    long_ago = facts(error_count=1, last_success_at=NOW - timedelta(hours=2))
    assert assess(recent, NOW, LIMITS).health is Health.HEALTHY
    assert assess(long_ago, NOW, LIMITS).health is Health.FAILING


def test_a_feed_that_answered_gone_is_failing() -> None:
    assert assess(facts(gone=True), NOW, LIMITS).health is Health.FAILING


def test_silence_is_measured_against_the_feeds_usual_cadence_and_its_nightly_lull() -> None:
    evening = every(10, 40, NOW - timedelta(days=1))  # every 10 minutes...
    morning = evening[-1] + timedelta(hours=7)  # ...then a 7-hour night...
    history = facts(arrivals=[*evening, *every(10, 20, morning + timedelta(hours=3))])
    last = history.arrivals[-1]
    assert assess(history, last + timedelta(hours=9), LIMITS).health is Health.HEALTHY
    silent = assess(history, last + timedelta(hours=11), LIMITS)  # 1.5 × the longest gap
    assert silent.health is Health.SILENT
    assert (silent.silent_for, silent.cadence) == (timedelta(hours=11), timedelta(minutes=10))


def test_a_feed_without_enough_history_is_never_called_silent() -> None:
    arrivals = every(10, LIMITS.min_arrivals - 1, NOW - timedelta(days=2))
    assert assess(facts(arrivals=arrivals), NOW, LIMITS).health is Health.HEALTHY


def test_a_burst_of_new_items_with_old_dates_or_known_links_is_churn() -> None:
    churn = [PollEvidence(NOW - timedelta(minutes=5), new=4, old_dated=4, recycled=20)]
    news = [PollEvidence(NOW - timedelta(minutes=5), new=30, old_dated=4, recycled=0)]
    past = [PollEvidence(NOW - timedelta(hours=2), new=4, old_dated=4, recycled=20)]
    verdict = assess(facts(polls=churn), NOW, LIMITS)
    assert (verdict.health, verdict.churned, verdict.served) == (Health.CHURNING, 24, 24)
    assert assess(facts(polls=news), NOW, LIMITS).health is Health.HEALTHY
    assert assess(facts(polls=past), NOW, LIMITS).health is Health.HEALTHY


def test_failing_wins_over_churn() -> None:
    churn = [PollEvidence(NOW, new=0, old_dated=0, recycled=20)]
    assert assess(facts(error_count=5, polls=churn), NOW, LIMITS).health is Health.FAILING


def test_operators_hear_of_a_change_only() -> None:
    assert notice_for(Health.HEALTHY, Verdict(Health.FAILING)) is Health.FAILING
    assert notice_for(Health.FAILING, Verdict(Health.FAILING)) is None
    assert notice_for(Health.FAILING, Verdict(Health.HEALTHY)) is Health.HEALTHY


# ------------------------------------------------------------------ the watch


class Moving:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def _feed(engine: Engine, name: str = "TASS") -> None:
    with transaction(engine) as session:
        session.add(
            Feed(
                name=name,
                config_url="https://t.example",
                url="https://t.example",
                baseline_done=True,
            )
        )


def _failing(engine: Engine, errors: int, error: str | None = "HTTP 503") -> None:
    with transaction(engine) as session:
        feed = session.exec(select(Feed)).one()
        feed.error_count, feed.last_error = errors, error
        feed.last_success_at = NOW - timedelta(minutes=30) if errors else NOW
        session.add(feed)


async def test_a_failing_feed_is_one_notice_and_its_recovery_one_more(
    sqlite_engine: Engine,
) -> None:
    _feed(sqlite_engine)
    clock, sender = Moving(), RecordingSender()
    watch = FeedWatch(sqlite_engine, sender, clock=clock, operators=[OPERATOR], limits=LIMITS)
    assert await watch.run_once() == 0

    _failing(sqlite_engine, 3)
    for minutes in (1, 2, 3, 4):  # it goes on failing: one notice
        clock.now = NOW + timedelta(minutes=minutes)
        await watch.run_once()
    _failing(sqlite_engine, 0)
    clock.now = NOW + timedelta(hours=2, minutes=1)
    await watch.run_once()

    failing, recovered = [m.text for m in sender.to(OPERATOR)]
    assert failing.startswith("⚠️ TASS is failing: 3 errors in a row")
    assert "Last error: HTTP 503" in failing
    assert recovered == "✅ TASS is healthy again, after 2h failing."


async def test_a_notice_is_in_the_operators_language_and_retried_until_sent(
    sqlite_engine: Engine,
) -> None:
    _feed(sqlite_engine)
    with transaction(sqlite_engine) as session:
        ensure_chat(session, OPERATOR, ChatKind.PRIVATE, ui_lang="uk")
    clock = Moving()
    sender = RecordingSender([SendResult(SendOutcome.RETRY, retry_after=30, error="429")])
    watch = FeedWatch(sqlite_engine, sender, clock=clock, operators=[OPERATOR], limits=LIMITS)
    _failing(sqlite_engine, 3)

    await watch.run_once()
    clock.now += timedelta(seconds=31)
    await watch.run_once()

    first, again = sender.to(OPERATOR)
    assert first.text == again.text and again.text.startswith("⚠️ TASS не працює: 3 помилок")
    with Session(sqlite_engine) as session:
        [notice] = session.exec(select(OperatorNotice)).all()
        assert notice.status == DeliveryStatus.SENT and notice.attempts == 2


async def test_feeds_shows_each_feeds_kind_health_errors_and_usual_cadence(
    sqlite_engine: Engine,
) -> None:
    _feed(sqlite_engine)
    _failing(sqlite_engine, 3)
    await FeedWatch(
        sqlite_engine, RecordingSender(), clock=Moving(), operators=[], limits=LIMITS
    ).run_once()
    with Session(sqlite_engine) as session:
        table = feeds_table(feed_statuses(session))
    header, _, row = table.splitlines()
    assert header.split()[:4] == ["feed", "kind", "state", "last"]
    assert "usually" in header
    assert row.split()[:3] == ["TASS", "-", "failing"]


# ------------------------------------------------------------------ evidence from real polls


async def test_a_feed_that_reissues_its_items_under_new_guids_is_reported_churning(
    sqlite_engine: Engine, feed_server: FeedServer
) -> None:
    clock = Clock()
    old = clock.now - timedelta(days=30)
    links = [f"https://wire.example/story/{n}" for n in range(15)]
    first = [
        FeedItem(f"Story {n}", link, guid=f"a-{n}", published=old) for n, link in enumerate(links)
    ]
    feed_server.feed("/wire.rss", rss_feed(first))
    add_feeds(sqlite_engine, clock, {"Wire": feed_server.url("/wire.rss")})
    settings_client = Fetcher.build_client("peacewatch-test", 2)
    async with settings_client as client:
        poller = Poller(
            sqlite_engine,
            Fetcher(client, timeout=2.0, max_body_bytes=1 << 20),
            concurrency=2,
            clock=clock,
            hooks=[HealthEvidence(clock, LIMITS)],
            rng=random.Random(0),
        )
        try:
            await poller.poll_due()  # the baseline: neither arrivals nor churn
            clock.advance(120)
            again = [
                FeedItem(f"Story {n}", link, guid=f"b-{n}", published=old)
                for n, link in enumerate(links)
            ]
            feed_server.feed("/wire.rss", rss_feed(again))
            await poller.poll_due()
        finally:
            poller.close()
    sender = RecordingSender()
    watch = FeedWatch(sqlite_engine, sender, clock=clock, operators=[OPERATOR], limits=LIMITS)
    await watch.run_once()

    [notice] = sender.to(OPERATOR)
    assert notice.text.startswith("🔁 Wire is churning its item identities: 15 of the 15")
