"""Repository functions for feeds and their fetch state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Table, bindparam, func, update
from sqlalchemy import select as select_columns
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


_SNAPSHOT_COLUMNS = (
    col(Feed.id),
    col(Feed.name),
    col(Feed.url),
    col(Feed.interval_s),
    col(Feed.lang),
    col(Feed.etag),
    col(Feed.last_modified),
    col(Feed.body_hash),
    col(Feed.baseline_done),
    col(Feed.error_count),
    col(Feed.quiet_polls),
)


def _due(now: datetime) -> Any:
    """Active feeds whose next poll time has come and that no process is polling."""
    return (
        select_columns(*_SNAPSHOT_COLUMNS)
        .where(col(Feed.state) == FeedState.ACTIVE)
        .where(or_(col(Feed.next_poll_at).is_(None), col(Feed.next_poll_at) <= now))
        .where(or_(col(Feed.claim_until).is_(None), col(Feed.claim_until) <= now))
        .order_by(col(Feed.next_poll_at))
    )


def due_feeds(session: Session, now: datetime, limit: int | None = None) -> list[FeedToPoll]:
    """Active feeds whose next poll time has come, the most overdue first.

    Plain columns, no ORM objects: the service asks every tick, and with thousands of
    feeds in flight the answer is thousands of rows.
    """
    query = _due(now)
    if limit is not None:
        query = query.limit(limit)
    return [FeedToPoll(*row) for row in session.execute(query)]


def claim_due_feeds(
    session: Session, now: datetime, claimer: str, lease: timedelta = FEED_LEASE
) -> list[FeedToPoll]:
    """The due feeds, each held by `claimer` until `now + lease` (or until its state is
    saved, `save_feed_states`): a feed is fetched by one process per cycle.

    PostgreSQL: FOR UPDATE SKIP LOCKED, so poll processes claiming at the same moment
    divide the due feeds between them.  SQLite serves one process (scale-out needs
    PostgreSQL): the due feeds are read, and the tick stays a read beside the writer.
    """
    if session.get_bind().dialect.name != "postgresql":
        return due_feeds(session, now)
    due = _due(now).with_only_columns(col(Feed.id)).with_for_update(skip_locked=True)
    rows = session.execute(
        update(Feed)
        .where(col(Feed.id).in_(due.scalar_subquery()))
        .values(claimed_by=claimer, claim_until=now + lease)
        .returning(col(Feed.next_poll_at), *_SNAPSHOT_COLUMNS),
        execution_options={"synchronize_session": False},
    ).all()
    overdue_first = sorted(rows, key=lambda row: (row[0] is not None, row[0] or now))
    return [FeedToPoll(*row[1:]) for row in overdue_first]


@dataclass(frozen=True, slots=True)
class FeedUpdate:
    """A feed's state after one poll, as `save_feed_states` writes it."""

    id: int
    polled_at: datetime
    status: str
    error: str | None
    error_count: int
    quiet_polls: int
    next_poll_at: datetime
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    baseline_done: bool
    succeeded_at: datetime | None = None
    """Set on success; None keeps the last success time."""
    moved_to: str | None = None
    """A permanent redirect's target: the feed's URL from now on."""
    title: str | None = None
    """None keeps the stored title."""
    gone: bool = False
    """410 Gone: the feed is not polled again until feeds.yaml changes its URL."""


_feed_table: Table = Feed.__table__  # type: ignore[attr-defined]
_columns = _feed_table.c


def _param(name: str, column: str) -> Any:
    return bindparam(name, type_=_columns[column].type)


_SAVE_STATE = (
    update(_feed_table)
    .where(_columns.id == bindparam("b_id"))
    .values(
        last_polled_at=_param("b_polled_at", "last_polled_at"),
        last_status=_param("b_status", "last_status"),
        last_error=_param("b_error", "last_error"),
        error_count=_param("b_error_count", "error_count"),
        quiet_polls=_param("b_quiet_polls", "quiet_polls"),
        next_poll_at=_param("b_next_poll_at", "next_poll_at"),
        etag=_param("b_etag", "etag"),
        last_modified=_param("b_last_modified", "last_modified"),
        body_hash=_param("b_body_hash", "body_hash"),
        baseline_done=_param("b_baseline_done", "baseline_done"),
        last_success_at=func.coalesce(
            _param("b_succeeded_at", "last_success_at"), _columns.last_success_at
        ),
        url=func.coalesce(_param("b_moved_to", "url"), _columns.url),
        title=func.coalesce(_param("b_title", "title"), _columns.title),
        state=func.coalesce(_param("b_state", "state"), _columns.state),
        claimed_by=None,  # the poll is saved: any process may claim it when next due
        claim_until=None,
    )
)


def save_feed_states(session: Session, updates: Sequence[FeedUpdate]) -> None:
    """Write every feed's new state in one statement (executed once per row by the driver).

    A thousand polls that found nothing new cost one round of statements, not a
    thousand transactions with a read and a write each.
    """
    if not updates:
        return
    session.execute(
        _SAVE_STATE,
        [
            {
                "b_id": u.id,
                "b_polled_at": u.polled_at,
                "b_status": u.status,
                "b_error": u.error,
                "b_error_count": u.error_count,
                "b_quiet_polls": u.quiet_polls,
                "b_next_poll_at": u.next_poll_at,
                "b_etag": u.etag,
                "b_last_modified": u.last_modified,
                "b_body_hash": u.body_hash,
                "b_baseline_done": u.baseline_done,
                "b_succeeded_at": u.succeeded_at,
                "b_moved_to": u.moved_to,
                "b_title": u.title,
                "b_state": FeedState.GONE if u.gone else None,
            }
            for u in updates
        ],
    )


def all_feeds(session: Session) -> list[Feed]:
    return list(session.exec(select(Feed).order_by(col(Feed.name))).all())


def outlet_kinds(session: Session) -> dict[str, SourceKind]:
    """Outlet name → its kind, for every labelled feed (digests show them)."""
    rows = session.exec(select(Feed.name, Feed.kind).where(col(Feed.kind).is_not(None))).all()
    return {name: SourceKind(kind) for name, kind in rows if kind is not None}
