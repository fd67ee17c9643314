"""Repository functions for feeds and their fetch state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel import Session, col, or_, select

from bot.domain import SourceKind
from bot.store.models import Feed, FeedState


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


def due_feeds(session: Session, now: datetime, limit: int | None = None) -> list[FeedToPoll]:
    """Active feeds whose next poll time has come, the most overdue first."""
    query = (
        select(Feed)
        .where(Feed.state == FeedState.ACTIVE)
        .where(or_(col(Feed.next_poll_at).is_(None), col(Feed.next_poll_at) <= now))
        .order_by(col(Feed.next_poll_at))
    )
    if limit is not None:
        query = query.limit(limit)
    return [_snapshot(feed) for feed in session.exec(query).all()]


def all_feeds(session: Session) -> list[Feed]:
    return list(session.exec(select(Feed).order_by(col(Feed.name))).all())


def feed_row(session: Session, feed_id: int) -> Feed | None:
    return session.get(Feed, feed_id)


def outlet_kinds(session: Session) -> dict[str, SourceKind]:
    """Outlet name → its kind, for every labelled feed (digests show them)."""
    rows = session.exec(select(Feed.name, Feed.kind).where(col(Feed.kind).is_not(None))).all()
    return {name: SourceKind(kind) for name, kind in rows if kind is not None}
