"""Read models for digests, /latest and operator statistics."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from bot.digest import DigestItem
from bot.store.models import Delivery, Feed, Item, ItemTopic, Subscription


def _matching_item_ids(chat_id: int, topic: str | None = None) -> Any:
    """Items on the chat's topics, or alerted to it (its keywords), as a subquery."""
    topics = select(Subscription.topic_id).where(Subscription.chat_id == chat_id)
    if topic is not None:
        topics = topics.where(Subscription.topic_id == topic)
    by_topic = select(ItemTopic.item_id).where(col(ItemTopic.topic_id).in_(topics))
    if topic is not None:
        return by_topic
    by_alert = select(Delivery.item_id).where(Delivery.chat_id == chat_id)
    return by_topic.union(by_alert)


def _digest_items(
    session: Session, chat_id: int, rows: list[tuple[Item, Feed]]
) -> list[DigestItem]:
    ids = [item.id for item, _ in rows if item.id is not None]
    mine = select(Subscription.topic_id).where(Subscription.chat_id == chat_id)
    topic_rows = session.exec(
        select(ItemTopic.item_id, ItemTopic.topic_id)
        .where(col(ItemTopic.item_id).in_(ids), col(ItemTopic.topic_id).in_(mine))
    ).all() if ids else []
    topics: dict[int, list[str]] = {}
    for item_id, topic_id in topic_rows:
        topics.setdefault(item_id, []).append(topic_id)
    return [
        DigestItem(
            item_id=item.id or 0, story_id=item.story_id, title=item.title, link=item.link,
            outlet=feed.name, published=item.published_at,
            topics=tuple(sorted(topics.get(item.id or 0, []))),
        )
        for item, feed in rows
    ]


def digest_items(
    session: Session, chat_id: int, start: datetime, end: datetime, topic: str | None = None
) -> list[DigestItem]:
    """Matching items that arrived in [start, end).

    "Arrived" is when we first saw the item: what is new to the subscriber.  Old
    articles stored by a new feed's first poll are left out.
    """
    query = (
        select(Item, Feed)
        .join(Feed, col(Feed.id) == Item.feed_id)
        .where(col(Item.id).in_(_matching_item_ids(chat_id, topic)))
        .where(col(Item.first_seen_at) >= start, col(Item.first_seen_at) < end)
        .where(or_(col(Item.is_baseline).is_(False), col(Item.published_at) >= start))
        .order_by(col(Item.published_at))
    )
    return _digest_items(session, chat_id, list(session.exec(query).all()))


def latest_items(session: Session, chat_id: int, limit: int) -> list[DigestItem]:
    """The most recent matching items, newest first (for /latest)."""
    query = (
        select(Item, Feed)
        .join(Feed, col(Feed.id) == Item.feed_id)
        .where(col(Item.id).in_(_matching_item_ids(chat_id)))
        .order_by(col(Item.published_at).desc(), col(Item.id).desc())
        .limit(limit)
    )
    return _digest_items(session, chat_id, list(session.exec(query).all()))


def last_match_at(session: Session, chat_id: int, topic: str | None = None) -> datetime | None:
    query = (
        select(Item.first_seen_at)
        .where(col(Item.id).in_(_matching_item_ids(chat_id, topic)))
        .order_by(col(Item.first_seen_at).desc())
        .limit(1)
    )
    return session.exec(query).first()
