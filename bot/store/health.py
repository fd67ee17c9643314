"""Repository functions for feed health: its evidence, its state, the operators' notices,
and the read model of /feeds and `check`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.domain import SourceKind
from bot.health.rules import Facts, Health, Limits, PollEvidence, kept_arrivals, kept_polls
from bot.health.rules import usual_gap as _usual_gap
from bot.store.models import (
    Chat,
    DeliveryStatus,
    Feed,
    FeedHealth,
    FeedState,
    OperatorNotice,
)

NOTICE_LEASE = timedelta(minutes=5)


def _times(raw: str) -> list[datetime]:
    return [datetime.fromtimestamp(value, UTC) for value in json.loads(raw)]


def _polls(raw: str) -> list[PollEvidence]:
    return [
        PollEvidence(datetime.fromtimestamp(at, UTC), new, old, recycled)
        for at, new, old, recycled in json.loads(raw)
    ]


def _health_row(session: Session, feed_id: int) -> FeedHealth:
    row = session.get(FeedHealth, feed_id)
    return row if row is not None else FeedHealth(feed_id=feed_id)


def record_poll(session: Session, feed_id: int, poll: PollEvidence, limits: Limits) -> None:
    """One poll's evidence (a poll that stored items, past the feed's baseline)."""
    row = _health_row(session, feed_id)
    if poll.new:
        arrivals = kept_arrivals(_times(row.arrivals), poll.at, limits)
        row.arrivals = json.dumps([int(a.timestamp()) for a in arrivals])
        row.last_new_at = poll.at
    polls = kept_polls(_polls(row.polls), poll, limits)
    row.polls = json.dumps([[int(p.at.timestamp()), p.new, p.old_dated, p.recycled] for p in polls])
    session.add(row)


@dataclass(frozen=True, slots=True)
class Watched:
    """A feed the watch judges: its name, what is known of it, the state last announced."""

    feed_id: int
    name: str
    facts: Facts
    health: Health
    since: datetime | None


def watched_feeds(session: Session) -> list[Watched]:
    """Feeds that are polled or gone (disabled and removed ones are not watched)."""
    rows = session.exec(
        select(Feed, FeedHealth)
        .join(FeedHealth, col(FeedHealth.feed_id) == Feed.id, isouter=True)
        .where(col(Feed.state).in_([FeedState.ACTIVE, FeedState.GONE]))
        .order_by(col(Feed.name))
    ).all()
    watched = []
    for feed, health in rows:
        facts = Facts(
            gone=feed.state == FeedState.GONE,
            error_count=feed.error_count,
            last_success_at=feed.last_success_at,
            last_error=feed.last_error,
            arrivals=_times(health.arrivals) if health else [],
            polls=_polls(health.polls) if health else [],
        )
        state = Health(health.state) if health else Health.HEALTHY
        since = health.since if health else None
        watched.append(Watched(feed.id or 0, feed.name, facts, state, since))
    return watched


def set_health(session: Session, feed_id: int, health: Health, since: datetime) -> None:
    row = _health_row(session, feed_id)
    row.state, row.since = health, since
    session.add(row)


def queue_notice(session: Session, chat_id: int, html: str, now: datetime) -> None:
    session.add(OperatorNotice(chat_id=chat_id, html=html, next_attempt_at=now, created_at=now))


@dataclass(frozen=True, slots=True)
class Notice:
    id: int
    chat_id: int
    html: str
    attempts: int


def claim_notices(session: Session, now: datetime, limit: int = 50) -> list[Notice]:
    """Due notices, held for `NOTICE_LEASE` (a crashed sender's are taken back after it)."""
    rows = session.exec(
        select(OperatorNotice)
        .where(
            col(OperatorNotice.status).in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
            col(OperatorNotice.next_attempt_at) <= now,
        )
        .order_by(col(OperatorNotice.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for row in rows:
        row.status, row.next_attempt_at = DeliveryStatus.SENDING, now + NOTICE_LEASE
        row.attempts += 1
        session.add(row)
    return [Notice(row.id or 0, row.chat_id, row.html, row.attempts) for row in rows]


def notice_done(
    session: Session, notice_id: int, status: DeliveryStatus, at: datetime, error: str | None
) -> None:
    """SENT, DROPPED (refused for good), or PENDING again at `at`."""
    values: dict[str, object] = {"status": status, "error": (error or "")[:300] or None}
    if status is DeliveryStatus.SENT:
        values["sent_at"] = at
    else:
        values["next_attempt_at"] = at
    session.execute(
        update(OperatorNotice).where(col(OperatorNotice.id) == notice_id).values(**values)
    )


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """One feed as /feeds and `check` show it."""

    name: str
    kind: SourceKind | None
    state: FeedState
    health: Health
    last_status: str | None
    last_success_at: datetime | None
    error_count: int
    last_error: str | None
    next_poll_at: datetime | None
    usual_gap: timedelta | None


def feed_statuses(session: Session) -> list[FeedStatus]:
    rows = session.exec(
        select(Feed, FeedHealth)
        .join(FeedHealth, col(FeedHealth.feed_id) == Feed.id, isouter=True)
        .order_by(col(Feed.name))
    ).all()
    return [
        FeedStatus(
            name=feed.name,
            kind=feed.kind,
            state=feed.state,
            health=Health(health.state) if health else Health.HEALTHY,
            last_status=feed.last_status,
            last_success_at=feed.last_success_at,
            error_count=feed.error_count,
            last_error=feed.last_error,
            next_poll_at=feed.next_poll_at,
            usual_gap=_usual_gap(_times(health.arrivals)) if health else None,
        )
        for feed, health in rows
    ]


def operators_languages(session: Session, chat_ids: Sequence[int]) -> dict[int, str]:
    """The interface language of each operator who has a chat with the bot."""
    rows = session.exec(select(Chat.id, Chat.ui_lang).where(col(Chat.id).in_(chat_ids))).all()
    return {chat_id: lang for chat_id, lang in rows}
