"""Repository functions for feeds and their fetch state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import update
from sqlmodel import Session, col, or_, select

from bot.domain import SourceKind
from bot.store.models import Feed, FeedState

FEED_LEASE = timedelta(minutes=3)
"""How long a claimed feed is left to its poller: longer than a fetch (HTTP_TIMEOUT) and
its wait for a free slot; after a crash, the feed is polled again when this ends."""


class FeedSettings(Protocol):
    """What feeds.yaml says of one feed (`bot.config.FeedConfig` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def interval(self) -> int: ...
    @property
    def lang(self) -> str | None: ...
    @property
    def enabled(self) -> bool: ...
    @property
    def kind(self) -> SourceKind | None: ...


@dataclass(frozen=True, slots=True)
class FeedToPoll:
    """A snapshot of what the poller needs of one feed, detached from the session."""

    id: int
    name: str
    url: str
    interval_s: int
    lang: str | None
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    baseline_done: bool
    error_count: int
    quiet_polls: int


def sync_feeds(
    session: Session, configs: Sequence[FeedSettings], urls: dict[str, str], now: datetime
) -> None:
    """Make the feed table agree with feeds.yaml (`urls` are the resolved URLs by name)."""
    existing = {feed.name: feed for feed in session.exec(select(Feed)).all()}
    for config in configs:
        url = urls[config.name]
        feed = existing.pop(config.name, None)
        if feed is None:
            feed = Feed(name=config.name, config_url=url, url=url, next_poll_at=now)
        elif feed.config_url != url:  # a new address is a new source: start afresh
            feed.config_url = feed.url = url
            feed.etag = feed.last_modified = feed.body_hash = None
            feed.baseline_done = False
            feed.error_count = feed.quiet_polls = 0
            feed.last_error = None
            feed.next_poll_at = now
            feed.state = FeedState.ACTIVE
        feed.interval_s = config.interval
        feed.lang = config.lang
        feed.kind = config.kind
        if not config.enabled:
            feed.state = FeedState.DISABLED
        elif feed.state in (FeedState.DISABLED, FeedState.REMOVED):
            feed.state = FeedState.ACTIVE
            feed.next_poll_at = now
        session.add(feed)
    for gone in existing.values():
        gone.state = FeedState.REMOVED
        session.add(gone)


def _snapshot(feed: Feed) -> FeedToPoll:
    assert feed.id is not None
    return FeedToPoll(
        id=feed.id,
        name=feed.name,
        url=feed.url,
        interval_s=feed.interval_s,
        lang=feed.lang,
        etag=feed.etag,
        last_modified=feed.last_modified,
        body_hash=feed.body_hash,
        baseline_done=feed.baseline_done,
        error_count=feed.error_count,
        quiet_polls=feed.quiet_polls,
    )


def _due(now: datetime) -> Any:
    """Active feeds whose next poll time has come and that no process is polling."""
    return (
        select(Feed)
        .where(Feed.state == FeedState.ACTIVE)
        .where(or_(col(Feed.next_poll_at).is_(None), col(Feed.next_poll_at) <= now))
        .where(or_(col(Feed.claim_until).is_(None), col(Feed.claim_until) <= now))
        .order_by(col(Feed.next_poll_at))
    )


def due_feeds(session: Session, now: datetime, limit: int | None = None) -> list[FeedToPoll]:
    """Active feeds whose next poll time has come, the most overdue first."""
    query = _due(now)
    if limit is not None:
        query = query.limit(limit)
    return [_snapshot(feed) for feed in session.exec(query).all()]


def claim_due_feeds(
    session: Session, now: datetime, claimer: str, lease: timedelta = FEED_LEASE
) -> list[FeedToPoll]:
    """The due feeds, each held by `claimer` until `now + lease` (or until its poll is
    recorded, `claim_done`): a feed is fetched by one process per cycle.

    PostgreSQL: FOR UPDATE SKIP LOCKED, so poll processes claiming at the same moment
    divide the due feeds between them.  SQLite serves one process (scale-out needs
    PostgreSQL): the due feeds are read, and the tick stays a read beside the writer.
    """
    if session.get_bind().dialect.name != "postgresql":
        return due_feeds(session, now)
    due = _due(now).with_only_columns(col(Feed.id)).with_for_update(skip_locked=True)
    claimed = session.scalars(
        update(Feed)
        .where(col(Feed.id).in_(due.scalar_subquery()))
        .values(claimed_by=claimer, claim_until=now + lease)
        .returning(Feed),
        execution_options={"synchronize_session": False},
    ).all()
    return [_snapshot(feed) for feed in sorted(claimed, key=_overdue_first)]


def claim_done(feed: Feed) -> None:
    """The feed's poll is recorded: any process may claim it when it is next due."""
    feed.claimed_by = None
    feed.claim_until = None


def _overdue_first(feed: Feed) -> datetime:
    return feed.next_poll_at or datetime.min.replace(tzinfo=UTC)


def all_feeds(session: Session) -> list[Feed]:
    return list(session.exec(select(Feed).order_by(col(Feed.name))).all())


def feed_row(session: Session, feed_id: int) -> Feed | None:
    return session.get(Feed, feed_id)


def outlet_kinds(session: Session) -> dict[str, SourceKind]:
    """Outlet name → its kind, for every labelled feed (digests show them)."""
    rows = session.exec(select(Feed.name, Feed.kind).where(col(Feed.kind).is_not(None))).all()
    return {name: SourceKind(kind) for name, kind in rows if kind is not None}
