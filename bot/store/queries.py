"""Read models for digests, /latest and operator statistics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import distinct, func, or_
from sqlmodel import Session, col, select

from bot.domain import DigestItem, parse_kinds
from bot.store.models import Chat, Delivery, DeliveryStatus, Feed, Item, ItemTopic, Subscription


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


def _sources_kept(query: Any, session: Session, chat_id: int) -> Any:
    """Leave out the items of outlets whose kind the chat leaves out (see README)."""
    chat = session.get(Chat, chat_id)
    left_out = [kind.value for kind in parse_kinds(chat.left_out_kinds if chat else "")]
    if not left_out:
        return query
    return query.where(or_(col(Feed.kind).is_(None), col(Feed.kind).not_in(left_out)))


def _digest_items(
    session: Session, chat_id: int, rows: list[tuple[Item, Feed]]
) -> list[DigestItem]:
    ids = [item.id for item, _ in rows if item.id is not None]
    mine = select(Subscription.topic_id).where(Subscription.chat_id == chat_id)
    topic_rows = (
        session.exec(
            select(ItemTopic.item_id, ItemTopic.topic_id).where(
                col(ItemTopic.item_id).in_(ids), col(ItemTopic.topic_id).in_(mine)
            )
        ).all()
        if ids
        else []
    )
    topics: dict[int, list[str]] = {}
    for item_id, topic_id in topic_rows:
        topics.setdefault(item_id, []).append(topic_id)
    return [
        DigestItem(
            item_id=item.id or 0,
            story_id=item.story_id,
            title=item.title,
            link=item.link,
            outlet=feed.name,
            published=item.published_at,
            topics=tuple(sorted(topics.get(item.id or 0, []))),
            first_seen=item.first_seen_at,
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
    query = _sources_kept(query, session, chat_id)
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
    query = _sources_kept(query, session, chat_id)
    return _digest_items(session, chat_id, list(session.exec(query).all()))


def last_match_at(session: Session, chat_id: int, topic: str | None = None) -> datetime | None:
    query = (
        select(Item.first_seen_at)
        .where(col(Item.id).in_(_matching_item_ids(chat_id, topic)))
        .order_by(col(Item.first_seen_at).desc())
        .limit(1)
    )
    return session.exec(query).first()


def _story_key() -> Any:
    """An item's story: its lead item's id, or the item itself while not clustered yet."""
    return func.coalesce(col(Item.story_id), col(Item.id))


def _arrived_on_topics(
    query: Any, start: datetime, end: datetime, topics: Sequence[str] | None
) -> Any:
    """Items matched to `topics` (all when None) that arrived in [start, end).

    As in digests, old articles stored by a new feed's first poll are left out: they
    would draw a spike on the day the feed was added.
    """
    query = (
        query.select_from(Item)
        .join(ItemTopic, col(ItemTopic.item_id) == col(Item.id))
        .where(col(Item.first_seen_at) >= start, col(Item.first_seen_at) < end)
        .where(or_(col(Item.is_baseline).is_(False), col(Item.published_at) >= start))
    )
    if topics is not None:
        query = query.where(col(ItemTopic.topic_id).in_(list(topics)))
    return query


def stories_per_topic_per_day(
    session: Session, start: datetime, end: datetime, topics: Sequence[str] | None, tz: str
) -> dict[date, dict[str, int]]:
    """Distinct stories per topic per local day (in `tz`) of arrival, for a trend chart.

    Every local day from `start`'s to the last instant before `end` is present, with a
    zero for every topic asked for (or seen, when `topics` is None), so the chart's axis
    is continuous.  The day is computed in Python: SQLite has no time zones.  The query
    is bounded by [start, end) and returns one small row per (item, topic).
    """
    zone = ZoneInfo(tz)
    query = _arrived_on_topics(
        select(_story_key(), col(ItemTopic.topic_id), col(Item.first_seen_at)).distinct(),
        start,
        end,
        topics,
    )
    stories: dict[tuple[date, str], set[int]] = {}
    for story, topic, seen in session.exec(query):
        stories.setdefault((seen.astimezone(zone).date(), topic), set()).add(story)
    names = set(topics) if topics is not None else {topic for _, topic in stories}
    first = start.astimezone(zone).date()
    last = (end - timedelta(microseconds=1)).astimezone(zone).date()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return {
        day: {topic: len(stories.get((day, topic), ())) for topic in sorted(names)} for day in days
    }


def story_count(
    session: Session, start: datetime, end: datetime, topics: Sequence[str] | None
) -> int:
    """How many distinct stories arrived in [start, end) on `topics` (all when None)."""
    query = _arrived_on_topics(select(func.count(distinct(_story_key()))), start, end, topics)
    return int(session.exec(query).one())


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


def items_arrived_since(
    session: Session, since: datetime
) -> list[tuple[Item, str, frozenset[str]]]:
    """Items first seen at or after `since` (baseline polls left out: they never alert),
    oldest first, each with its feed's name and the topics stored for it."""
    rows = session.exec(
        select(Item, Feed.name)
        .join(Feed, col(Feed.id) == col(Item.feed_id))
        .where(col(Item.first_seen_at) >= since, col(Item.is_baseline).is_(False))
        .order_by(col(Item.first_seen_at), col(Item.id))
    ).all()
    ids = [item.id for item, _ in rows if item.id is not None]
    stored: dict[int, set[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for item_id, topic_id in session.exec(
            select(ItemTopic.item_id, ItemTopic.topic_id).where(col(ItemTopic.item_id).in_(chunk))
        ):
            stored.setdefault(item_id, set()).add(topic_id)
    return [(item, name, frozenset(stored.get(item.id or 0, ()))) for item, name in rows]
