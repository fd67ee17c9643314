"""The outbox, written with the items: one row per (chat, item) that a chat should hear of.

A chat that wants the first item of a story (not `every_item`) gets later items of the
same story as STORY_UPDATE rows that edit its alert.  Edits of one alert are coalesced:
an update is due no sooner than `EDIT_INTERVAL` after the last edit of that alert, and
the worker makes one edit for all the updates due together, naming every outlet since.
A later item that matches a topic or keyword the chat's alert did not show is not folded:
it is an alert of its own.  A chat that leaves out a kind of source (`Chat.left_out_kinds`)
gets no alert led by an outlet of that kind: such an item only edits an alert the chat
already has, and a later item of the story from another kind alerts as the story's first.
Sending the rows is `bot.store.sending`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from bot.domain import SourceKind, parse_kinds
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


EDIT_INTERVAL = timedelta(minutes=3)
"""At most one edit of an alert per this long: a story carried by 30 outlets and followed by
10,000 chats is a handful of edits per chat, not 30."""


@dataclass(frozen=True, slots=True)
class _Alerted:
    """The alert a chat already has for a story, and what it told the chat."""

    delivery_id: int
    topics: frozenset[str]
    keywords: frozenset[str]

    def covers(self, why: Mapping[str, Mapping[str, object]]) -> bool:
        """True when `why` names no topic or keyword this alert did not already show."""
        return set(why["topics"]) <= self.topics and set(why["keywords"]) <= self.keywords


def _earlier_alerts(
    session: Session, later: Sequence[ItemMatches]
) -> dict[tuple[int, int | None], _Alerted]:
    """(chat, story) → the alert that chat already has for the story.

    Only for chats that want the first item of a story (not `every_item`): a later
    item of the same story edits that alert instead of sending a new one.
    """
    stories = {m.story_id for m in later if m.story_id is not None}
    if not stories:
        return {}
    rows = session.exec(
        select(Delivery.chat_id, Item.story_id, Delivery.id, Delivery.reasons)
        .join(Item, col(Item.id) == Delivery.item_id)
        .join(Chat, col(Chat.id) == Delivery.chat_id)
        .where(col(Item.story_id).in_(stories))
        .where(col(Delivery.kind) == DeliveryKind.ALERT)
        .where(col(Delivery.status) != DeliveryStatus.DROPPED)
        .where(col(Chat.every_item).is_(False))
        .order_by(col(Delivery.id))
    ).all()
    earlier: dict[tuple[int, int | None], _Alerted] = {}
    for chat_id, story_id, delivery_id, reasons in rows:
        if delivery_id is not None and (chat_id, story_id) not in earlier:
            why = json.loads(reasons)
            earlier[(chat_id, story_id)] = _Alerted(
                delivery_id, frozenset(why.get("topics", {})), frozenset(why.get("keywords", {}))
            )
    return earlier


def _last_edits(session: Session, alerts: set[int]) -> dict[int, datetime]:
    """Alert → when it was last edited (alerts never edited are absent)."""
    if not alerts:
        return {}
    rows = session.exec(
        select(Delivery.edit_of, func.max(Delivery.sent_at))
        .where(col(Delivery.edit_of).in_(alerts), col(Delivery.status) == DeliveryStatus.SENT)
        .group_by(col(Delivery.edit_of))
    ).all()
    return {alert: at for alert, at in rows if alert is not None and at is not None}


def _left_out(
    session: Session, chats: set[int], items: set[int]
) -> tuple[dict[int, frozenset[SourceKind]], dict[int, SourceKind]]:
    """The kinds each of `chats` leaves out (only chats leaving some out), and the kind of
    each of `items` whose outlet has one."""
    rows = session.exec(
        select(Chat.id, Chat.left_out_kinds)
        .where(col(Chat.id).in_(chats))
        .where(col(Chat.left_out_kinds) != "")
    ).all()
    left_out = {chat_id: parse_kinds(kinds) for chat_id, kinds in rows}
    if not left_out:
        return {}, {}
    kinds = session.exec(
        select(Item.id, Feed.kind)
        .join(Feed, col(Feed.id) == Item.feed_id)
        .where(col(Item.id).in_(items), col(Feed.kind).is_not(None))
    ).all()
    return left_out, {item_id: SourceKind(kind) for item_id, kind in kinds if item_id and kind}


def enqueue_alerts(session: Session, matches: Sequence[ItemMatches], now: datetime) -> int:
    """One delivery per (chat, item), whatever number of topics and keywords matched.

    Runs in the caller's transaction (the one storing the items); the unique
    constraint makes a repeat a no-op.
    """
    reasons = _reasons(session, matches)
    if not reasons:
        return 0
    earlier = _earlier_alerts(session, [m for m in matches if not m.first_of_story])
    last_edit = _last_edits(session, {alert.delivery_id for alert in earlier.values()})
    story_of = {m.item_id: m.story_id for m in matches}
    left_out, kind_of = _left_out(session, {c for c, _ in reasons}, {i for _, i in reasons})
    rows = []
    for (chat_id, item_id), why in reasons.items():
        alerted = earlier.get((chat_id, story_of.get(item_id)))
        folds = alerted is not None and alerted.covers(why)
        if not folds and kind_of.get(item_id) in left_out.get(chat_id, ()):
            continue  # never leads an alert here; a later outlet of another kind will
        edit_of = alerted.delivery_id if alerted is not None and folds else None
        due = now
        if edit_of is not None and edit_of in last_edit:
            due = max(now, last_edit[edit_of] + EDIT_INTERVAL)
        rows.append(
            {
                "chat_id": chat_id,
                "item_id": item_id,
                "status": DeliveryStatus.PENDING,
                "kind": DeliveryKind.STORY_UPDATE if folds else DeliveryKind.ALERT,
                "edit_of": edit_of,
                "reasons": json.dumps(why, ensure_ascii=False),
                "attempts": 0,
                "next_attempt_at": due,
                "created_at": now,
            }
        )
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Delivery).on_conflict_do_nothing(index_elements=["chat_id", "item_id"])
    session.execute(statement, rows)
    return len(rows)
