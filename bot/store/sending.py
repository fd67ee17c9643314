"""Sending the outbox: claim due rows under a lease, load what an alert shows, record outcomes.

At-least-once: a row is `sending` while a process holds it under a lease (`claimed_by`,
`lease_until`).  If that process dies, the row is taken back once the lease has expired
— never while a live peer is still sending it — and sent again.  A message that may have
reached Telegram (read timeout, crash after the send) is therefore sent at most one more
time; nothing is ever silently lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bot.domain import SourceKind, StoryReport
from bot.store.models import Chat, Delivery, DeliveryKind, DeliveryStatus, Feed, Item

LEASE = timedelta(minutes=5)
"""How long a claim holds: longer than a worker needs for one claimed batch."""


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
    outlet_kind: SourceKind | None = None
    """Who is speaking: the outlet's kind."""


def requeue_expired(session: Session, now: datetime, dead: Iterable[str] = ()) -> int:
    """Rows whose claim has expired, or whose claimer is known to be dead, go back to pending.

    A live peer's rows (its lease running, its claimer not in `dead`) are never touched.
    """
    expired = or_(col(Delivery.lease_until).is_(None), col(Delivery.lease_until) < now)
    gone = list(dead)
    if gone:
        expired = or_(expired, col(Delivery.claimed_by).in_(gone))
    result = session.execute(
        update(Delivery)
        .where(col(Delivery.status) == DeliveryStatus.SENDING, expired)
        .values(status=DeliveryStatus.PENDING, claimed_at=None, claimed_by=None, lease_until=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def claimers(session: Session) -> set[str]:
    """Who holds `sending` rows now."""
    query = (
        select(Delivery.claimed_by).where(col(Delivery.status) == DeliveryStatus.SENDING).distinct()
    )
    return {claimer for claimer in session.exec(query) if claimer is not None}


def outbox_backlog(session: Session, now: datetime) -> tuple[int, datetime | None]:
    """(rows waiting, the oldest due time among those that could be sent now).

    Rows of muted or inactive chats, and rows waiting for a retry, are waiting but not
    late: only rows a worker could claim now count for the oldest.
    """
    pending = session.exec(
        select(func.count())
        .select_from(Delivery)
        .where(col(Delivery.status) == DeliveryStatus.PENDING)
    ).one()
    oldest = session.exec(
        select(func.min(Delivery.next_attempt_at))
        .join(Chat, col(Chat.id) == Delivery.chat_id)
        .where(col(Delivery.status) == DeliveryStatus.PENDING)
        .where(col(Delivery.next_attempt_at) <= now)
        .where(col(Chat.active).is_(True))
        .where((col(Chat.muted_until).is_(None)) | (col(Chat.muted_until) <= now))
    ).one()
    return int(pending), oldest


#: Due rows looked at per chat wanted when choosing which chats to claim.
CHAT_SAMPLE = 8


def claim_due(
    session: Session, now: datetime, limit: int, claimer: str, lease: timedelta = LEASE
) -> list[PendingAlert]:
    """Atomically move the due deliveries of up to `limit` unmuted, active chats to `sending`,
    held by `claimer` until `now + lease`.  A muted chat that lets breaking news wake it
    is claimed too: the worker decides which of its alerts may go now.

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
        & (
            col(Chat.muted_until).is_(None)
            | (col(Chat.muted_until) <= now)
            # breaking news may wake it: the worker sends those, holds the rest (`hold`)
            | col(Chat.breaking_wakes).is_(True)
        )
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
                status=DeliveryStatus.SENDING,
                claimed_at=now,
                claimed_by=claimer,
                lease_until=now + lease,
                attempts=col(Delivery.attempts) + 1,
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
    return [_pending(delivery, item, feed) for delivery, item, feed in rows]


def _pending(delivery: Delivery, item: Item, feed: Feed) -> PendingAlert:
    return PendingAlert(
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
        kind=delivery.kind,
        edit_of=delivery.edit_of,
        story_id=item.story_id,
        queued_at=delivery.created_at,
        outlet_kind=feed.kind,
    )


def story_reports(session: Session, story_ids: Iterable[int]) -> dict[int, list[StoryReport]]:
    """Story → each outlet's first report of it, in the order the outlets carried it."""
    ids = set(story_ids)
    if not ids:
        return {}
    rows = session.execute(
        sa_select(
            col(Item.story_id),
            col(Feed.name),
            col(Item.title),
            col(Item.link),
            col(Item.first_seen_at),
            col(Feed.kind),
        )
        .join(Feed, col(Feed.id) == Item.feed_id)
        .where(col(Item.story_id).in_(ids))
        .order_by(col(Item.first_seen_at), col(Item.id))
    ).all()
    reports: dict[int, list[StoryReport]] = {}
    for story_id, outlet, title, link, seen, kind in rows:
        told = reports.setdefault(story_id or 0, [])
        if all(report.outlet != outlet for report in told):
            told.append(StoryReport(outlet, title, link, seen, kind))
    return reports


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """What editing an earlier alert needs: that alert and its message."""

    original: PendingAlert
    message_id: int | None
    """None while the original alert has not been sent: then there is nothing to edit."""


def _shares_message(session: Session, chat_id: int, message_id: int) -> bool:
    """True when several alerts went out as this one message (a combined message)."""
    count = session.exec(
        select(func.count())
        .select_from(Delivery)
        .where(col(Delivery.chat_id) == chat_id, col(Delivery.message_id) == message_id)
        .where(col(Delivery.kind) == DeliveryKind.ALERT)
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
    message_id = delivery.message_id if delivery.status == DeliveryStatus.SENT else None
    if message_id is not None and _shares_message(session, delivery.chat_id, message_id):
        message_id = None  # a combined message: editing it would replace the others
    return StoryUpdate(original=_pending(delivery, item, feed), message_id=message_id)


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
        "claimed_by": None,
        "lease_until": None,
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


def hold(session: Session, delivery_ids: Sequence[int], until: datetime) -> None:
    """Claimed rows of a muted chat go back to the queue, due when the mute ends."""
    session.execute(
        update(Delivery)
        .where(col(Delivery.id).in_(delivery_ids))
        .where(col(Delivery.status) == DeliveryStatus.SENDING)
        .values(
            status=DeliveryStatus.PENDING,
            next_attempt_at=until,
            claimed_at=None,
            claimed_by=None,
            lease_until=None,
            attempts=col(Delivery.attempts) - 1,
        )
    )


def wake(session: Session, delivery_id: int, now: datetime) -> None:
    """A held alert whose story turned breaking is due now (if it is still waiting)."""
    session.execute(
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.status) == DeliveryStatus.PENDING)
        .values(next_attempt_at=now)
    )


def retry_later(session: Session, delivery_ids: Sequence[int], at: datetime, error: str) -> None:
    session.execute(
        update(Delivery)
        .where(col(Delivery.id).in_(delivery_ids))
        .values(
            status=DeliveryStatus.PENDING,
            next_attempt_at=at,
            claimed_at=None,
            claimed_by=None,
            lease_until=None,
            error=error[:300],
        )
    )


def drop(session: Session, delivery_ids: Sequence[int], error: str) -> None:
    """Never to be sent (Telegram refused the message itself for good)."""
    session.execute(
        update(Delivery)
        .where(col(Delivery.id).in_(delivery_ids))
        .values(status=DeliveryStatus.DROPPED, error=error[:300])
    )
