"""Delivery at the send contract, in process: the outbox worker and the daily digests
talk to a recording `Sender` (no HTTP), on a real SQLite store."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot.delivery.contract import SendOutcome, SendResult
from bot.delivery.daily import DailyDigests
from bot.delivery.outbox import DeliveryWorker
from bot.delivery.schedule import next_digest_at
from bot.render.html import MESSAGE_LIMIT, utf16_len
from bot.store.chats import get_chat, update_chat
from bot.store.db import transaction
from bot.store.models import ChatKind, DeliveryStatus
from bot.store.sending import claim_due
from tests.support.fanout import (
    TOPIC_NAMES,
    add_subscribers,
    enqueue,
    make_feed,
    make_items,
    outbox,
)
from tests.support.sender import RecordingSender

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OLENA = 501
GROUP, SUPERGROUP = -4001, -1004001
KYIV = ZoneInfo("Europe/Kyiv")


def worker(engine: Engine, sender: RecordingSender) -> DeliveryWorker:
    """A worker whose clock runs a second ahead: what was queued just now is due."""
    return DeliveryWorker(
        engine,
        sender,
        clock=lambda: datetime.now(UTC) + timedelta(seconds=1),
        topic_names=TOPIC_NAMES,
    )


def daily(engine: Engine, sender: RecordingSender, at: datetime) -> DailyDigests:
    return DailyDigests(
        engine, sender, clock=lambda: at, topic_order=list(TOPIC_NAMES), topic_names=TOPIC_NAMES
    )


async def test_an_alert_is_html_with_its_plain_text_derived_from_it(sqlite_engine: Engine) -> None:
    add_subscribers(sqlite_engine, [OLENA])
    enqueue(sqlite_engine, make_items(sqlite_engine, make_feed(sqlite_engine), ["Truce <holds>"]))
    sender = RecordingSender()

    assert await worker(sqlite_engine, sender).run_once() == 1

    [message] = sender.sent
    assert "<b><a href=" in message.html and "Truce &lt;holds&gt;" in message.html
    assert message.text.startswith("Truce <holds> (https://news.example/")
    assert not message.is_group


async def test_a_chat_that_blocked_the_bot_is_deactivated_and_its_alerts_dropped(
    sqlite_engine: Engine,
) -> None:
    add_subscribers(sqlite_engine, [OLENA])
    enqueue(sqlite_engine, make_items(sqlite_engine, make_feed(sqlite_engine), ["A", "B"]))
    sender = RecordingSender([SendResult(SendOutcome.GONE, error="403 blocked")])

    await worker(sqlite_engine, sender).run_once()

    assert len(sender.sent) == 1
    assert outbox(sqlite_engine) == {DeliveryStatus.DROPPED: 2}
    with transaction(sqlite_engine) as session:
        chat = get_chat(session, OLENA)
        assert chat is not None and not chat.active


async def test_a_retry_keeps_the_alert_and_the_rest_of_the_chats_queue(
    sqlite_engine: Engine,
) -> None:
    add_subscribers(sqlite_engine, [OLENA])
    enqueue(sqlite_engine, make_items(sqlite_engine, make_feed(sqlite_engine), ["A", "B"]))
    sender = RecordingSender([SendResult(SendOutcome.RETRY, retry_after=7.0)])

    await worker(sqlite_engine, sender).run_once()

    assert len(sender.sent) == 1  # the second waits behind the first, in order
    assert outbox(sqlite_engine) == {DeliveryStatus.PENDING: 2}


async def test_a_message_telegram_refuses_for_good_is_dropped_not_retried(
    sqlite_engine: Engine,
) -> None:
    add_subscribers(sqlite_engine, [OLENA])
    enqueue(sqlite_engine, make_items(sqlite_engine, make_feed(sqlite_engine), ["A"]))
    sender = RecordingSender([SendResult(SendOutcome.FAILED, error="400 bad")])

    await worker(sqlite_engine, sender).run_once()

    assert outbox(sqlite_engine) == {DeliveryStatus.DROPPED: 1}


async def test_a_group_alert_follows_the_group_to_its_supergroup(sqlite_engine: Engine) -> None:
    add_subscribers(sqlite_engine, [GROUP], kind=ChatKind.GROUP)
    enqueue(sqlite_engine, make_items(sqlite_engine, make_feed(sqlite_engine), ["A"]))
    sender = RecordingSender(
        [SendResult(SendOutcome.MIGRATED, new_chat_id=SUPERGROUP, error="migrated")]
    )
    delivery = worker(sqlite_engine, sender)

    await delivery.run_once()
    await delivery.run_once()

    assert [m.chat_id for m in sender.sent] == [GROUP, SUPERGROUP]
    assert all(m.is_group for m in sender.sent)
    assert outbox(sqlite_engine) == {DeliveryStatus.SENT: 1}


def _digest_due(engine: Engine, chat_id: int, at: datetime) -> None:
    with transaction(engine) as session:
        update_chat(
            session,
            chat_id,
            digest_time="08:00",
            next_digest_at=at,
            last_digest_at=at - timedelta(days=1),
        )


async def test_a_daily_digest_follows_a_group_that_became_a_supergroup(
    sqlite_engine: Engine,
) -> None:
    add_subscribers(sqlite_engine, [GROUP], kind=ChatKind.GROUP)
    enqueue(sqlite_engine, make_items(sqlite_engine, make_feed(sqlite_engine), ["A"], NOW))
    _digest_due(sqlite_engine, GROUP, NOW)
    sender = RecordingSender(
        [SendResult(SendOutcome.MIGRATED, new_chat_id=SUPERGROUP, error="migrated")]
    )
    later = NOW + timedelta(minutes=1)

    assert await daily(sqlite_engine, sender, later).run_once() == 0
    assert await daily(sqlite_engine, sender, later).run_once() == 1

    assert [m.chat_id for m in sender.sent] == [GROUP, SUPERGROUP]
    with transaction(sqlite_engine) as session:
        moved = get_chat(session, SUPERGROUP)
        assert moved is not None and get_chat(session, GROUP) is None
        assert moved.next_digest_at == next_digest_at(later, time(8, 0), KYIV)


async def test_a_digest_in_several_parts_is_html_in_every_part(sqlite_engine: Engine) -> None:
    add_subscribers(sqlite_engine, [OLENA])
    titles = [f"Ceasefire talks <round {n}> " + "x" * 250 for n in range(40)]
    enqueue(sqlite_engine, make_items(sqlite_engine, make_feed(sqlite_engine), titles, NOW))
    _digest_due(sqlite_engine, OLENA, NOW)
    sender = RecordingSender()

    assert await daily(sqlite_engine, sender, NOW + timedelta(minutes=1)).run_once() == 1

    assert len(sender.sent) > 1
    for part in sender.sent:
        assert utf16_len(part.html) <= MESSAGE_LIMIT
        assert "<a href=" in part.html and "&lt;round" in part.html
        assert "<" not in part.text.replace("<round", "")


async def test_alerts_a_dead_process_on_this_machine_held_are_sent_at_once(
    sqlite_engine: Engine,
) -> None:
    add_subscribers(sqlite_engine, [OLENA, OLENA + 1])
    enqueue(sqlite_engine, make_items(sqlite_engine, make_feed(sqlite_engine), ["A"]))
    now = datetime.now(UTC) + timedelta(seconds=1)
    dead = f"{socket.gethostname()}:{2**22 + 17}:dead"  # a pid no process has
    live = f"{socket.gethostname()}:{os.getpid()}:peer"  # a live peer (this very process)
    with transaction(sqlite_engine) as session:
        claim_due(session, now, 1, claimer=dead)
        claim_due(session, now, 1, claimer=live)
    sender = RecordingSender()

    assert await worker(sqlite_engine, sender).run_once() == 1

    assert len(sender.sent) == 1
    assert outbox(sqlite_engine) == {DeliveryStatus.SENT: 1, DeliveryStatus.SENDING: 1}
