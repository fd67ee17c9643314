"""Building blocks shared by the delivery tests, the crash-recovery script and bench/fanout.

Everything here uses the real store, the real outbox functions and the real
python-telegram-bot `Bot` talking HTTP to the fake Telegram; nothing of ours is mocked.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, func, insert
from sqlmodel import Session, col, select
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.delivery.outbox import DeliveryWorker
from bot.delivery.pacing import Pacer, Priority
from bot.store.models import Chat, ChatKind, Delivery, DeliveryStatus, Feed, Item, Subscription
from bot.store.outbox import ItemMatches, enqueue_alerts
from bot.telegram.limiter import PacingLimiter
from bot.telegram.sender import TelegramSender
from tests.support.telegram_api import FakeMessage

TOKEN = "123456:fanout-token"
TOPIC = "ceasefire"
TOPIC_NAMES = {TOPIC: "Ceasefire", "talks-summit": "Talks and summits", "prisoners": "Prisoners"}


def utc_now() -> datetime:
    return datetime.now(UTC)


def make_feed(engine: Engine, name: str = "Kyiv Independent") -> int:
    with Session(engine) as session:
        feed = Feed(
            name=name,
            config_url=f"https://{name}.example/rss",
            url=f"https://{name}.example/rss",
            baseline_done=True,
        )
        session.add(feed)
        session.commit()
        assert feed.id is not None
        return feed.id


def make_items(
    engine: Engine, feed_id: int, titles: Sequence[str], now: datetime | None = None
) -> list[int]:
    """Stored items with these titles (already past the feed's baseline)."""
    now = now or utc_now()
    ids = []
    with Session(engine) as session:
        for title in titles:
            digest = hashlib.sha1(title.encode()).hexdigest()
            item = Item(
                feed_id=feed_id,
                key=digest,
                link=f"https://news.example/{digest[:12]}",
                link_hash=digest,
                title=title,
                summary="",
                lang="en",
                content_hash=digest[:32],
                published_at=now,
                first_seen_at=now,
            )
            session.add(item)
            session.flush()
            assert item.id is not None
            ids.append(item.id)
        session.commit()
    return ids


def add_subscribers(
    engine: Engine,
    chat_ids: Iterable[int],
    topic: str = TOPIC,
    kind: ChatKind = ChatKind.PRIVATE,
    chunk: int = 5000,
) -> None:
    """Bulk-insert chats following `topic` (fast enough for 10,000)."""
    ids = list(chat_ids)
    now = utc_now()
    with Session(engine) as session:
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            session.execute(
                insert(Chat),
                [
                    {
                        "id": i,
                        "kind": kind,
                        "active": True,
                        "ui_lang": "en",
                        "timezone": "Europe/Kyiv",
                        "every_item": False,
                        "created_at": now,
                    }
                    for i in part
                ],
            )
            session.execute(insert(Subscription), [{"chat_id": i, "topic_id": topic} for i in part])
        session.commit()


def enqueue(
    engine: Engine, item_ids: Sequence[int], topic: str = TOPIC, now: datetime | None = None
) -> int:
    """Queue the alerts for items matching `topic`, as the router does after a poll."""
    with Session(engine) as session:
        queued = enqueue_alerts(
            session,
            [ItemMatches(i, {topic: ["ceasefire"]}, {}) for i in item_ids],
            now or utc_now(),
        )
        session.commit()
    return queued


def outbox(engine: Engine) -> Counter[str]:
    """How many outbox rows are in each status."""
    with Session(engine) as session:
        rows = session.exec(
            select(Delivery.status, func.count()).group_by(col(Delivery.status))
        ).all()
    return Counter({str(status): int(n) for status, n in rows})


PacedBot = ExtBot[Priority]
"""The bot the application has: python-telegram-bot's ExtBot with our `PacingLimiter`."""


def telegram_bot(
    base_url: str, *, read_timeout: float = 5.0, pool: int = 8, pacer: Pacer | None = None
) -> PacedBot:
    """The real PTB bot against the fake, paced by our limiter, with a pool fit for fan-out."""
    request = HTTPXRequest(
        connection_pool_size=pool,
        read_timeout=read_timeout,
        write_timeout=read_timeout,
        connect_timeout=5.0,
        pool_timeout=30.0,
    )
    limiter = PacingLimiter(pacer or Pacer())
    return ExtBot(TOKEN, base_url=base_url, request=request, rate_limiter=limiter)


def telegram_sender(bot: PacedBot) -> TelegramSender:
    return TelegramSender(bot)


def delivery_worker(engine: Engine, sender: TelegramSender, batch: int = 500) -> DeliveryWorker:
    return DeliveryWorker(engine, sender, clock=utc_now, topic_names=TOPIC_NAMES, batch=batch)


async def drain(worker: DeliveryWorker, engine: Engine, within: float = 60.0) -> None:
    """Tick the worker until nothing is pending or being sent (retries included)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        handled = await worker.run_once()
        left = await asyncio.to_thread(outbox, engine)
        if not left[DeliveryStatus.PENDING] and not left[DeliveryStatus.SENDING]:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"outbox not drained: {dict(left)}")
        if not handled:
            await asyncio.sleep(0.05)


def alerts_received(
    messages: Iterable[FakeMessage], titles: Sequence[str]
) -> Counter[tuple[int, str]]:
    """(chat id, item title) → how many messages that chat got mentioning the item.

    A combined message lists several items: each counts once for each of them.
    """
    counts: Counter[tuple[int, str]] = Counter()
    for message in messages:
        text = message.shown_text
        chat_id = message.chat_id
        for title in titles:
            if title in text:
                counts[(chat_id, title)] += 1
    return counts


def faulted_alerts(
    messages: Iterable[FakeMessage], titles: Sequence[str]
) -> Counter[tuple[int, str]]:
    """Like `alerts_received`, only for messages whose answer the client never got."""
    return alerts_received((m for m in messages if m.fault), titles)
