"""The outbox: enqueue alerts with their items, claim them safely, record the outcome.

At-least-once: a row is `sending` while a sender holds it; if the process dies
then, the row goes back to `pending` at the next start and is sent again.  A
message that may have reached Telegram (read timeout, crash after the send) is
therefore sent at most one more time; nothing is ever silently lost.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from bot.store.models import (
    Chat,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Feed,
    Item,
    Keyword,
    Subscription,
)


@dataclass(frozen=True, slots=True)
class ItemMatches:
    """What one new item matched: topic → terms, keyword id → terms."""

    item_id: int
    topics: Mapping[str, Sequence[str]]
    keywords: Mapping[int, Sequence[str]]
    story_id: int | None = None
    """The story the item joined; `None` when stories are not tracked."""
    first_of_story: bool = True


@dataclass(frozen=True, slots=True)
class PendingAlert:
    """A claimed delivery with everything needed to render it."""

    delivery_id: int
    chat_id: int
    item_id: int
    title: str
    summary: str
    link: str | None
    outlet: str
    published: datetime
    reasons: dict[str, dict[str, list[str]]]
    attempts: int
    kind: DeliveryKind = DeliveryKind.ALERT
    edit_of: int | None = None
    story_id: int | None = None
    queued_at: datetime | None = None


def _reasons(session: Session, matches: Sequence[ItemMatches]) -> dict[tuple[int, int], dict]:
    topics = {t for m in matches for t in m.topics}
    keyword_ids = {k for m in matches for k in m.keywords}
    by_topic: dict[str, list[int]] = defaultdict(list)
    if topics:
        rows = session.exec(
            select(Subscription.chat_id, Subscription.topic_id)
            .join(Chat, col(Chat.id) == Subscription.chat_id)
            .where(col(Subscription.topic_id).in_(topics), col(Chat.active).is_(True))
        ).all()
        for chat_id, topic_id in rows:
            by_topic[topic_id].append(chat_id)
    keyword_owner: dict[int, tuple[int, str]] = {}
    if keyword_ids:
        rows2 = session.exec(
            select(Keyword.id, Keyword.chat_id, Keyword.text)
            .join(Chat, col(Chat.id) == Keyword.chat_id)
            .where(col(Keyword.id).in_(keyword_ids), col(Chat.active).is_(True))
        ).all()
        keyword_owner = {kid: (chat_id, text) for kid, chat_id, text in rows2 if kid is not None}
    reasons: dict[tuple[int, int], dict] = {}
    for match in matches:
        for topic_id, terms in match.topics.items():
            for chat_id in by_topic.get(topic_id, ()):
                entry = reasons.setdefault((chat_id, match.item_id), {"topics": {}, "keywords": {}})
                entry["topics"][topic_id] = list(terms)
        for keyword_id, terms in match.keywords.items():
            if keyword_id in keyword_owner:
                chat_id, text = keyword_owner[keyword_id]
                entry = reasons.setdefault((chat_id, match.item_id), {"topics": {}, "keywords": {}})
                entry["keywords"][text] = list(terms)
    return reasons


def _earlier_alerts(
    session: Session, later: Sequence[ItemMatches]
) -> dict[tuple[int, int | None], int]:
    """(chat, story) → the alert that chat already has for the story.

    Only for chats that want the first item of a story (not `every_item`): a later
    item of the same story edits that alert instead of sending a new one.
    """
    stories = {m.story_id for m in later if m.story_id is not None}
    if not stories:
        return {}
    rows = session.exec(
        select(Delivery.chat_id, Item.story_id, Delivery.id)
        .join(Item, col(Item.id) == Delivery.item_id)
        .join(Chat, col(Chat.id) == Delivery.chat_id)
        .where(col(Item.story_id).in_(stories))
        .where(col(Delivery.kind) == DeliveryKind.ALERT)
        .where(col(Delivery.status) != DeliveryStatus.DROPPED)
        .where(col(Chat.every_item).is_(False))
        .order_by(col(Delivery.id))
    ).all()
    earlier: dict[tuple[int, int | None], int] = {}
    for chat_id, story_id, delivery_id in rows:
        if delivery_id is not None:
            earlier.setdefault((chat_id, story_id), delivery_id)
    return earlier


def enqueue_alerts(session: Session, matches: Sequence[ItemMatches], now: datetime) -> int:
    """One delivery per (chat, item), whatever number of topics and keywords matched.

    Runs in the caller's transaction (the one storing the items); the unique
    constraint makes a repeat a no-op.
    """
    reasons = _reasons(session, matches)
    if not reasons:
        return 0
    earlier = _earlier_alerts(session, [m for m in matches if not m.first_of_story])
    story_of = {m.item_id: m.story_id for m in matches}
    rows = []
    for (chat_id, item_id), why in reasons.items():
        original = earlier.get((chat_id, story_of.get(item_id)))
        rows.append(
            {
                "chat_id": chat_id,
                "item_id": item_id,
                "status": DeliveryStatus.PENDING,
                "kind": DeliveryKind.STORY_UPDATE if original else DeliveryKind.ALERT,
                "edit_of": original,
                "reasons": json.dumps(why, ensure_ascii=False),
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
        )
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Delivery).on_conflict_do_nothing(index_elements=["chat_id", "item_id"])
    session.execute(statement, rows)
    return len(rows)


def requeue_in_flight(session: Session) -> int:
    """At start: rows a dead process was sending go back to pending (at-least-once)."""
    result = session.execute(
        update(Delivery)
        .where(col(Delivery.status) == DeliveryStatus.SENDING)
        .values(status=DeliveryStatus.PENDING, claimed_at=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


#: Due rows looked at per chat wanted when choosing which chats to claim.
CHAT_SAMPLE = 8


def claim_due(session: Session, now: datetime, limit: int) -> list[PendingAlert]:
    """Atomically move the due deliveries of up to `limit` unmuted, active chats to `sending`.

    Whole chats are claimed (every due row of each, oldest chat first): the worker's
    "more than three pending → one combined message" rule must see all of a chat's
    pending alerts, not the slice of them that fitted in a batch ordered by row id.

    PostgreSQL: FOR UPDATE SKIP LOCKED lets several workers claim without
    blocking or double-claiming; the chats are chosen among rows no other worker
    holds, so a second worker finds other chats instead of nothing.  SQLite: the
    UPDATE … RETURNING is one atomic write under the database lock.
    """
    due_now = (
        (col(Delivery.status) == DeliveryStatus.PENDING)
        & (col(Delivery.next_attempt_at) <= now)
        & col(Chat.active).is_(True)
        & ((col(Chat.muted_until).is_(None)) | (col(Chat.muted_until) <= now))
    )
    free = (
        select(Delivery.chat_id, Delivery.id)
        .join(Chat, col(Chat.id) == Delivery.chat_id)
        .where(due_now)
        .order_by(col(Delivery.id))
        .limit(limit * CHAT_SAMPLE)
        .with_for_update(skip_locked=True, of=Delivery)
        .subquery()
    )
    chats = (
        select(free.c.chat_id).group_by(free.c.chat_id).order_by(func.min(free.c.id)).limit(limit)
    )
    due = (
        select(Delivery.id)
        .join(Chat, col(Chat.id) == Delivery.chat_id)
        .where(due_now)
        .where(col(Delivery.chat_id).in_(chats.scalar_subquery()))
        .with_for_update(skip_locked=True, of=Delivery)
    )
    claimed = (
        session.execute(
            update(Delivery)
            .where(col(Delivery.id).in_(due.scalar_subquery()))
            .values(
                status=DeliveryStatus.SENDING, claimed_at=now, attempts=col(Delivery.attempts) + 1
            )
            .returning(col(Delivery.id))
        )
        .scalars()
        .all()
    )
    if not claimed:
        return []
    rows = session.exec(
        select(Delivery, Item, Feed)
        .join(Item, col(Item.id) == Delivery.item_id)
        .join(Feed, col(Feed.id) == Item.feed_id)
        .where(col(Delivery.id).in_(claimed))
        .order_by(col(Delivery.id))
    ).all()
    return [
        PendingAlert(
            delivery_id=d.id or 0,
            chat_id=d.chat_id,
            item_id=i.id or 0,
            title=i.title,
            summary=i.summary,
            link=i.link,
            outlet=f.name,
            published=i.published_at,
            reasons=json.loads(d.reasons),
            attempts=d.attempts,
            kind=d.kind,
            edit_of=d.edit_of,
            story_id=i.story_id,
            queued_at=d.created_at,
        )
        for d, i, f in rows
    ]


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """What editing an earlier alert needs: that alert, its message, the story's outlets."""

    original: PendingAlert
    message_id: int | None
    """None while the original alert has not been sent: then there is nothing to edit."""
    outlets: tuple[str, ...]
    """Every outlet that carried the story, in the order they first did."""
    outlet_first_seen: tuple[datetime, ...]


def _shares_message(session: Session, chat_id: int, message_id: int) -> bool:
    count = session.exec(
        select(func.count())
        .select_from(Delivery)
        .where(col(Delivery.chat_id) == chat_id, col(Delivery.message_id) == message_id)
    ).one()
    return int(count) > 1


def story_update(session: Session, original_delivery_id: int) -> StoryUpdate | None:
    row = session.exec(
        select(Delivery, Item, Feed)
        .join(Item, col(Item.id) == Delivery.item_id)
        .join(Feed, col(Feed.id) == Item.feed_id)
        .where(col(Delivery.id) == original_delivery_id)
    ).first()
    if row is None:
        return None
    delivery, item, feed = row
    members = (
        session.exec(
            select(Feed.name, func.min(Item.first_seen_at))
            .join(Item, col(Item.feed_id) == Feed.id)
            .where(col(Item.story_id) == item.story_id)
            .group_by(col(Feed.name))
            .order_by(func.min(Item.first_seen_at))
        ).all()
        if item.story_id is not None
        else []
    )
    message_id = delivery.message_id if delivery.status == DeliveryStatus.SENT else None
    if message_id is not None and _shares_message(session, delivery.chat_id, message_id):
        message_id = None  # a combined message: editing it would replace the others
    original = PendingAlert(
        delivery_id=delivery.id or 0,
        chat_id=delivery.chat_id,
        item_id=item.id or 0,
        title=item.title,
        summary=item.summary,
        link=item.link,
        outlet=feed.name,
        published=item.published_at,
        reasons=json.loads(delivery.reasons),
        attempts=delivery.attempts,
        story_id=item.story_id,
    )
    return StoryUpdate(
        original=original,
        message_id=message_id,
        outlets=tuple(name for name, _ in members),
        outlet_first_seen=tuple(when for _, when in members),
    )


def mark_sent(
    session: Session, delivery_ids: Sequence[int], message_id: int | None, now: datetime
) -> None:
    session.execute(
        update(Delivery)
        .where(col(Delivery.id).in_(delivery_ids))
        .values(status=DeliveryStatus.SENT, sent_at=now, message_id=message_id, error=None)
    )


def release(session: Session, delivery_ids: Sequence[int], with_id: int) -> None:
    """Claimed rows that were not tried after all go back to pending.

    They fall due together with `with_id` (the alert to the same chat that failed), so
    the chat's alerts keep their order.  Rows no longer `sending` (dropped because the
    chat blocked us meanwhile) are left alone.
    """
    failed = session.get(Delivery, with_id)
    values: dict[str, object] = {
        "status": DeliveryStatus.PENDING,
        "claimed_at": None,
        "attempts": col(Delivery.attempts) - 1,
    }
    if failed is not None:
        values["next_attempt_at"] = failed.next_attempt_at
    session.execute(
        update(Delivery)
        .where(col(Delivery.id).in_(delivery_ids))
        .where(col(Delivery.status) == DeliveryStatus.SENDING)
        .values(**values)
    )


def retry_later(session: Session, delivery_ids: Sequence[int], at: datetime, error: str) -> None:
    session.execute(
        update(Delivery)
        .where(col(Delivery.id).in_(delivery_ids))
        .values(
            status=DeliveryStatus.PENDING, next_attempt_at=at, claimed_at=None, error=error[:300]
        )
    )


def drop(session: Session, delivery_ids: Sequence[int], error: str) -> None:
    """Never to be sent (Telegram refused the message itself for good)."""
    session.execute(
        update(Delivery)
        .where(col(Delivery.id).in_(delivery_ids))
        .values(status=DeliveryStatus.DROPPED, error=error[:300])
    )


def counts_since(session: Session, since: datetime) -> tuple[int, int]:
    """(items first seen, alerts sent) since a moment: for /stats."""
    items = session.exec(
        select(func.count()).select_from(Item).where(col(Item.first_seen_at) >= since)
    ).one()
    alerts = session.exec(
        select(func.count())
        .select_from(Delivery)
        .where(col(Delivery.status) == DeliveryStatus.SENT, col(Delivery.sent_at) >= since)
    ).one()
    return int(items), int(alerts)
