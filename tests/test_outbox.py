"""The outbox: one delivery per (chat, item), written with the item; safe claims; requeue."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import yaml
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.ingest.enqueue import AlertQueue
from bot.ingest.fetch import Fetcher
from bot.ingest.poll import Poller
from bot.matching import load_matching_config
from bot.matching.engine import Matcher
from bot.store.chats import add_keyword, ensure_chat, set_topic
from bot.store.db import transaction
from bot.store.models import (
    ChatKind,
    Delivery,
    DeliveryStatus,
    Feed,
    Item,
    ItemTopic,
)
from bot.store.outbox import ItemMatches, enqueue_alerts
from bot.store.sending import PendingAlert, claim_due, mark_sent, requeue_expired
from tests.support.fanout import add_subscribers, enqueue, make_feed, make_items, outbox
from tests.support.feed_server import FeedItem, FeedServer, rss_feed

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
OLENA, TARAS = 1001, 1002
TRIPLE_MATCH = (
    "Putin and Zelensky agree to ceasefire ahead of Istanbul peace talks; Witkoff to attend"
)


def claim(engine: Engine, now: datetime, limit: int) -> list[PendingAlert]:
    with transaction(engine) as session:
        return claim_due(session, now, limit, claimer="test:1:a")


def real_matcher() -> Matcher:
    with (ROOT / "feeds.yaml").open(encoding="utf-8") as handle:
        return Matcher.from_config(load_matching_config(yaml.safe_load(handle)))


def subscribe(
    engine: Engine, chat_id: int, topics: list[str], keywords: list[str], matcher: Matcher
) -> None:
    with Session(engine) as session:
        ensure_chat(session, chat_id, ChatKind.PRIVATE)
        for topic in topics:
            set_topic(session, chat_id, topic, True)
        for text in keywords:
            keyword = add_keyword(session, chat_id, text, text.lower())
            assert keyword is not None and keyword.id is not None
            matcher.add_keyword(str(keyword.id), keyword.normalized)
        session.commit()


def deliveries(engine: Engine) -> list[Delivery]:
    with Session(engine) as session:
        return list(session.exec(select(Delivery).order_by(col(Delivery.id))).all())


async def poll(engine: Engine, server: FeedServer, router: AlertQueue) -> None:
    async with httpx.AsyncClient() as client:
        poller = Poller(
            engine,
            Fetcher(client, timeout=5.0, max_body_bytes=1_000_000),
            concurrency=2,
            clock=lambda: datetime.now(UTC),
            hooks=[router],
        )
        try:
            await poller.poll_due()
        finally:
            poller.close()


def make_due(engine: Engine) -> None:
    with Session(engine) as session:
        for feed in session.exec(select(Feed)).all():
            feed.next_poll_at = datetime.now(UTC) - timedelta(seconds=1)
            session.add(feed)
        session.commit()


async def test_item_matching_two_topics_and_a_keyword_queues_one_alert_listing_all(
    engine: Engine, feed_server: FeedServer
) -> None:
    matcher = real_matcher()
    subscribe(engine, OLENA, ["ceasefire", "talks-summit"], ["Witkoff"], matcher)
    subscribe(engine, TARAS, ["prisoners"], [], matcher)
    router = AlertQueue(matcher, lambda: NOW)
    feed_server.feed(
        "/kyiv.rss", rss_feed([FeedItem("Sanctions list grows", "https://k.example/0")])
    )
    with Session(engine) as session:
        session.add(
            Feed(
                name="kyiv",
                config_url=feed_server.url("/kyiv.rss"),
                url=feed_server.url("/kyiv.rss"),
                next_poll_at=NOW,
            )
        )
        session.commit()
    await poll(engine, feed_server, router)  # the baseline
    feed_server.update(
        "/kyiv.rss",
        rss_feed(
            [
                FeedItem(TRIPLE_MATCH, "https://k.example/1"),
                FeedItem("Sanctions list grows", "https://k.example/0"),
            ]
        ),
    )
    make_due(engine)

    await poll(engine, feed_server, router)

    rows = deliveries(engine)
    assert [(d.chat_id, d.status) for d in rows] == [(OLENA, DeliveryStatus.PENDING)]
    reasons = json.loads(rows[0].reasons)
    assert set(reasons["topics"]) == {"ceasefire", "talks-summit"}
    assert reasons["topics"]["ceasefire"] == ["ceasefire"]
    assert list(reasons["keywords"]) == ["Witkoff"]


async def test_baseline_poll_of_a_new_feed_never_creates_deliveries(
    engine: Engine, feed_server: FeedServer
) -> None:
    matcher = real_matcher()
    subscribe(engine, OLENA, ["ceasefire", "talks-summit"], [], matcher)
    feed_server.feed(
        "/new.rss",
        rss_feed(
            [
                FeedItem(TRIPLE_MATCH, "https://n.example/1"),
                FeedItem(
                    "Ukraine and Russia swap prisoners as ceasefire talks continue",
                    "https://n.example/2",
                ),
            ]
        ),
    )
    with Session(engine) as session:
        session.add(
            Feed(
                name="new",
                config_url=feed_server.url("/new.rss"),
                url=feed_server.url("/new.rss"),
                next_poll_at=NOW,
            )
        )
        session.commit()

    await poll(engine, feed_server, AlertQueue(matcher, lambda: NOW))

    assert deliveries(engine) == []
    with Session(engine) as session:
        baseline = session.exec(select(Item)).all()
        matched = session.exec(select(ItemTopic)).all()
    assert len(baseline) == 2 and all(item.is_baseline for item in baseline)
    assert {m.topic_id for m in matched} >= {"ceasefire", "talks-summit"}


def test_enqueueing_the_same_item_again_is_a_no_op(engine: Engine) -> None:
    add_subscribers(engine, [OLENA, TARAS])
    [item] = make_items(engine, make_feed(engine), ["Ceasefire talks resume in Geneva"])
    assert enqueue(engine, [item]) == 2
    claimed = claim(engine, datetime.now(UTC) + timedelta(seconds=1), 10)
    with transaction(engine) as session:
        mark_sent(session, [claimed[0].delivery_id], 77, datetime.now(UTC))

    with Session(engine) as session:  # the same item, now matched by another topic too
        enqueue_alerts(
            session,
            [ItemMatches(item, {"ceasefire": ["truce"], "talks-summit": ["talks"]}, {})],
            datetime.now(UTC),
        )
        session.commit()

    rows = deliveries(engine)
    assert len(rows) == 2
    assert sorted(d.status for d in rows) == [DeliveryStatus.SENDING, DeliveryStatus.SENT]
    assert next(d for d in rows if d.status == DeliveryStatus.SENT).message_id == 77


def test_inactive_and_muted_chats_are_not_claimed(engine: Engine) -> None:
    add_subscribers(engine, [OLENA, TARAS, 1003])
    [item] = make_items(engine, make_feed(engine), ["Truce holds along the front line"])
    with Session(engine) as session:
        muted = ensure_chat(session, TARAS, ChatKind.PRIVATE)
        muted.muted_until = NOW + timedelta(hours=2)
        session.add(muted)
        session.commit()
    enqueue(engine, [item], now=NOW)
    from bot.store.chats import deactivate_chat

    with Session(engine) as session:
        deactivate_chat(session, 1003, "blocked")
        session.commit()

    during_mute = claim(engine, NOW + timedelta(minutes=1), 10)
    after_mute = claim(engine, NOW + timedelta(hours=2), 10)

    assert [a.chat_id for a in during_mute] == [OLENA]
    assert [a.chat_id for a in after_mute] == [TARAS]
    assert outbox(engine)[DeliveryStatus.DROPPED] == 1


def test_two_concurrent_claimers_never_claim_the_same_row(engine: Engine) -> None:
    chats = list(range(5000, 5400))
    add_subscribers(engine, chats)
    items = make_items(engine, make_feed(engine), ["Armistice draft", "Ceasefire monitors named"])
    enqueue(engine, items)
    total = len(chats) * len(items)
    claimed: list[list[int]] = [[], [], [], []]
    start = threading.Barrier(len(claimed))
    errors: list[BaseException] = []

    def claimer(mine: list[int]) -> None:
        try:
            start.wait()
            while batch := claim(engine, datetime.now(UTC) + timedelta(seconds=1), 9):
                mine.extend(a.delivery_id for a in batch)
        except BaseException as exc:  # surfaced below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=claimer, args=(mine,)) for mine in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    everything = [i for mine in claimed for i in mine]
    assert len(everything) == len(set(everything)) == total
    assert sum(1 for mine in claimed if mine) >= 2  # the claimers really overlapped
    assert outbox(engine) == {DeliveryStatus.SENDING: total}


def test_rows_of_a_live_claim_stay_with_it_until_its_lease_ends(engine: Engine) -> None:
    add_subscribers(engine, [OLENA, TARAS, 1003])
    [item] = make_items(engine, make_feed(engine), ["Ceasefire violated overnight"])
    enqueue(engine, [item])
    claimed_at = datetime.now(UTC) + timedelta(seconds=1)
    first, *in_flight = claim(engine, claimed_at, 10)
    with transaction(engine) as session:
        mark_sent(session, [first.delivery_id], 5, datetime.now(UTC))

    with transaction(engine) as session:  # a peer starting now: the lease still runs
        assert requeue_expired(session, claimed_at + timedelta(minutes=4)) == 0
    with transaction(engine) as session:  # the claimer died: after the lease, they go back
        assert requeue_expired(session, claimed_at + timedelta(minutes=6)) == len(in_flight) == 2

    assert outbox(engine) == {DeliveryStatus.PENDING: 2, DeliveryStatus.SENT: 1}
    again = claim(engine, claimed_at + timedelta(minutes=6), 10)
    assert sorted(a.delivery_id for a in again) == sorted(a.delivery_id for a in in_flight)
    assert all(a.attempts == 2 for a in again)


@pytest.mark.parametrize("baseline", [True, False])
def test_router_queues_alerts_only_after_the_baseline(
    sqlite_engine: Engine, baseline: bool
) -> None:
    from bot import domain
    from bot.store.feeds import FeedToPoll
    from bot.store.items import StoredItem

    matcher = real_matcher()
    subscribe(sqlite_engine, OLENA, ["ceasefire"], [], matcher)
    feed_id = make_feed(sqlite_engine)
    [item_id] = make_items(sqlite_engine, feed_id, [TRIPLE_MATCH])
    record = domain.Item(
        key="k",
        title=TRIPLE_MATCH,
        summary="",
        link=None,
        published=NOW,
        lang="en",
        content_hash="h",
    )
    snapshot = FeedToPoll(
        feed_id, "kyiv", "https://k.example", 300, "en", None, None, None, True, 0, 0
    )
    with Session(sqlite_engine) as session:
        AlertQueue(matcher, lambda: NOW)(session, snapshot, [StoredItem(item_id, record)], baseline)
        session.commit()

    assert len(deliveries(sqlite_engine)) == (0 if baseline else 1)
