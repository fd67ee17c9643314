"""Repository functions for items: idempotent inserts that return only what is new."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, insert, text, update
from sqlmodel import Session, col, select

from bot import domain
from bot.store.models import Feed, Item, ItemTopic

CHUNK = 500
#: The table, not the ORM class: a Core INSERT skips the ORM's bulk layer (a third of the
#: cost of storing a new item).
_item_table: Table = Item.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class StoredItem:
    """A new item as stored: its database id and the normalised record."""

    id: int
    item: domain.Item


@dataclass(frozen=True, slots=True)
class StoreOutcome:
    new: list[StoredItem]
    updated: int
    duplicates: int
    """Items already stored under the same canonical link (from this feed or another)."""


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def store_items(
    session: Session,
    feed_id: int,
    items: Sequence[domain.Item],
    now: datetime,
    *,
    baseline: bool,
) -> StoreOutcome:
    """Insert the items not seen before; update those whose text was edited.

    Identity is the per-feed key; across feeds (and across guids of one feed)
    the canonical link decides.  Dates never decide.
    """
    keys = [item.key for item in items]
    known: dict[str, Item] = {}
    for chunk in _chunks(keys):
        query = select(Item).where(Item.feed_id == feed_id, col(Item.key).in_(chunk))
        known.update({row.key: row for row in session.exec(query).all()})
    digests = [item.link_hash for item in items]  # a SHA-256 each: computed once
    hashes = [digest for digest in digests if digest]
    taken: set[str] = set()
    for chunk in _chunks(hashes):
        taken.update(
            h
            for h in session.exec(select(Item.link_hash).where(col(Item.link_hash).in_(chunk)))
            if h is not None
        )
    fresh: list[tuple[dict[str, object], domain.Item]] = []
    updated = duplicates = 0
    for item, digest in zip(items, digests, strict=True):
        row = known.get(item.key)
        if row is not None:
            if row.content_hash != item.content_hash:
                row.title, row.summary = item.title, item.summary
                row.content_hash, row.updated_at = item.content_hash, now
                session.add(row)
                updated += 1
            continue
        if digest is not None and digest in taken:
            duplicates += 1
            continue
        if digest is not None:
            taken.add(digest)
        fresh.append((_row(feed_id, item, digest, now, baseline), item))
    new: list[StoredItem] = []
    if fresh:
        # Multi-row INSERTs returning each row's id with its key: several times cheaper
        # than ORM objects, and no second query.  (Asking for the ids in parameter order
        # instead makes SQLite insert one row per statement.)
        inserted = session.execute(
            insert(_item_table).returning(_item_table.c.key, _item_table.c.id),
            [row for row, _ in fresh],
        )
        ids: dict[str, int] = {key: row_id for key, row_id in inserted}
        new = [StoredItem(id=ids[item.key], item=item) for _, item in fresh]
    return StoreOutcome(new=new, updated=updated, duplicates=duplicates)


def _row(
    feed_id: int, item: domain.Item, digest: str | None, now: datetime, baseline: bool
) -> dict[str, object]:
    return {
        "feed_id": feed_id,
        "key": item.key,
        "guid": item.guid,
        "link": item.link,
        "link_hash": digest,
        "title": item.title,
        "summary": item.summary,
        "lang": item.lang,
        "content_hash": item.content_hash,
        "published_at": item.published,
        "first_seen_at": now,
        "updated_at": None,
        "is_baseline": baseline,
        "story_id": None,
    }


def record_topics(session: Session, item_id: int, topics: dict[str, list[str]]) -> None:
    """Which topics an item matched and by which words (digests, "why did I get this?")."""
    for topic_id, terms in topics.items():
        session.add(
            ItemTopic(
                item_id=item_id, topic_id=topic_id, terms=json.dumps(terms, ensure_ascii=False)
            )
        )


def set_story(session: Session, item_id: int, story_id: int) -> None:
    session.execute(update(Item).where(col(Item.id) == item_id).values(story_id=story_id))


@dataclass(frozen=True, slots=True)
class RecentItem:
    """A stored item with its outlet: what the story clusterer is replayed from."""

    id: int
    outlet: str
    item: domain.Item


def items_between(
    session: Session, after_id: int, before_id: int, since: datetime
) -> list[RecentItem]:
    """Items filed into stories (every item but a baseline's) stored after `after_id` and
    before `before_id`, first seen at or after `since`, in the order they were stored."""
    rows = session.exec(
        select(Item, Feed.name)
        .join(Feed, col(Feed.id) == Item.feed_id)
        .where(col(Item.id) > after_id, col(Item.id) < before_id)
        .where(col(Item.first_seen_at) >= since)
        .where(col(Item.is_baseline).is_(False))
        .order_by(col(Item.id))
    ).all()
    return [RecentItem(id=row.id or 0, outlet=outlet, item=_record(row)) for row, outlet in rows]


def items_with_topics(
    session: Session, ids: Sequence[int]
) -> list[tuple[domain.Item, dict[str, list[str]]]]:
    """The items with these ids, in id order, each with its matched topics and words."""
    items = session.exec(select(Item).where(col(Item.id).in_(ids)).order_by(col(Item.id))).all()
    topics: dict[int, dict[str, list[str]]] = {}
    for row in session.exec(select(ItemTopic).where(col(ItemTopic.item_id).in_(ids))):
        topics.setdefault(row.item_id, {})[row.topic_id] = json.loads(row.terms)
    return [(_record(item), topics.get(item.id or 0, {})) for item in items]


def _record(row: Item) -> domain.Item:
    return domain.Item(
        key=row.key,
        title=row.title,
        summary=row.summary,
        link=row.link,
        published=row.published_at,
        lang=row.lang,
        content_hash=row.content_hash,
        guid=row.guid,
    )


#: Any number: the PostgreSQL advisory lock that orders filing across processes.
_FILING_LOCK = 0x70EACE


def lock_for_filing(session: Session) -> None:
    """Until this transaction ends, no other process stores and files new items.

    Items then get their ids in the order they are filed, in every process, so each
    process's story clusterer sees the same sequence.  SQLite needs nothing: it has one
    writer at a time, from the first write of a transaction to its end.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _FILING_LOCK})
