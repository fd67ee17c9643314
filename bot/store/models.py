"""The tables.  Unique constraints make every insert idempotent."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, Integer, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import utc_now
from bot.domain import SourceKind
from bot.health.rules import Health


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store: use UTC-aware values")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: 64-bit ids on PostgreSQL; on SQLite an INTEGER primary key is the auto-incrementing rowid.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def _utc() -> Any:
    return Field(default=None, sa_type=UTCDateTime)


class FeedState(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    """Switched off in feeds.yaml."""
    GONE = "gone"
    """The server answered 410 Gone: not polled again until feeds.yaml changes its URL."""
    REMOVED = "removed"
    """No longer in feeds.yaml; kept so its items keep their outlet."""


class Feed(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    config_url: str = Field(max_length=2000)
    """The URL as written in feeds.yaml: when it changes there, the feed starts afresh."""
    url: str = Field(max_length=2000)
    """Where we fetch now: follows permanent redirects."""
    interval_s: int = 300
    lang: str | None = Field(default=None, max_length=8)
    kind: SourceKind | None = Field(default=None, max_length=20)
    """Who is speaking (feeds.yaml's `kind:`), shown beside the outlet."""
    state: FeedState = Field(default=FeedState.ACTIVE, max_length=16)
    title: str | None = Field(default=None, max_length=500)
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=100)
    body_hash: str | None = Field(default=None, max_length=64)
    baseline_done: bool = False
    last_status: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, max_length=500)
    error_count: int = 0
    quiet_polls: int = 0
    last_polled_at: datetime | None = _utc()
    last_success_at: datetime | None = _utc()
    next_poll_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    claimed_by: str | None = Field(default=None, max_length=64)
    """The process polling the feed now (PostgreSQL): no other process fetches it meanwhile."""
    claim_until: datetime | None = _utc()
    """Until when that claim holds; after it, any poll process may fetch the feed."""


class Item(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("feed_id", "key", name="uq_item_feed_key"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    feed_id: int = Field(foreign_key="feed.id", index=True)
    key: str = Field(max_length=250)
    guid: str | None = Field(default=None, max_length=2000)
    link: str | None = Field(default=None, max_length=2000)
    link_hash: str | None = Field(default=None, max_length=40, unique=True)
    """One canonical link is one item, whichever feed brought it first."""
    title: str = Field(max_length=600)
    summary: str = ""
    lang: str | None = Field(default=None, max_length=8)
    content_hash: str = Field(max_length=32)
    published_at: datetime = Field(sa_type=UTCDateTime, index=True)
    first_seen_at: datetime = Field(sa_type=UTCDateTime, index=True)
    updated_at: datetime | None = _utc()
    is_baseline: bool = False
    """Stored by the first poll of a new feed: never alerted."""
    story_id: int | None = Field(default=None, sa_type=BigId, index=True)


class ItemTopic(SQLModel, table=True):
    """Which topic an item matched, and by which terms (for "why did I get this?")."""

    __tablename__ = "item_topic"
    item_id: int = Field(foreign_key="item.id", primary_key=True, sa_type=BigId)
    topic_id: str = Field(primary_key=True, max_length=64)
    terms: str = ""
    """JSON list of the matched surface forms."""


Index("ix_item_topic_topic", ItemTopic.topic_id)


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"
    CONSOLE = "console"
    """The terminal, when there is no Telegram token: `run` and `demo` print alerts."""

    @property
    def is_group(self) -> bool:
        """Groups, supergroups and channels: Telegram's 20-messages-a-minute chats."""
        return self in (ChatKind.GROUP, ChatKind.SUPERGROUP, ChatKind.CHANNEL)


class Chat(SQLModel, table=True):
    """A subscriber: a private chat, a group or a channel, with its preferences."""

    id: int = Field(primary_key=True, sa_type=BigInteger)
    """Telegram's chat id (64-bit: supergroups and channels are -100…)."""
    kind: ChatKind = Field(default=ChatKind.PRIVATE, max_length=16)
    title: str | None = Field(default=None, max_length=200)
    active: bool = True
    deactivated_reason: str | None = Field(default=None, max_length=200)
    ui_lang: str = Field(default="en", max_length=8)
    timezone: str = Field(default="Europe/Kyiv", max_length=64)
    digest_time: str | None = Field(default=None, max_length=5)
    """Local "HH:MM" of the daily digest, or None for no daily digest."""
    next_digest_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    last_digest_at: datetime | None = _utc()
    muted_until: datetime | None = _utc()
    every_item: bool = False
    """Alert for every item of a story, not only its first."""
    left_out_kinds: str = Field(default="", max_length=100)
    """Source kinds that never lead an alert here (`official,state-affiliated`; see README)."""
    quiet_hours: str | None = Field(default=None, max_length=11)
    """Local "HH:MM-HH:MM" when alerts are held (by `muted_until`), or None."""
    next_quiet_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    """When the next quiet period starts: the delivery worker mutes the chat then."""
    breaking_wakes: bool = False
    """During quiet hours, a breaking story's alert comes through at once."""
    linked_by: int | None = Field(default=None, sa_type=BigInteger)
    """For a channel: the operator who linked it."""
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Subscription(SQLModel, table=True):
    chat_id: int = Field(
        foreign_key="chat.id", primary_key=True, sa_type=BigInteger, ondelete="CASCADE"
    )
    topic_id: str = Field(primary_key=True, max_length=64, index=True)


class Keyword(SQLModel, table=True):
    """A subscriber's own keyword or phrase, as they typed it and as the matcher uses it."""

    __table_args__ = (UniqueConstraint("chat_id", "normalized", name="uq_keyword_chat_text"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    chat_id: int = Field(foreign_key="chat.id", index=True, sa_type=BigInteger, ondelete="CASCADE")
    text: str = Field(max_length=100)
    normalized: str = Field(max_length=200)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    """Claimed by a sender; after a crash it goes back to pending (at-least-once)."""
    SENT = "sent"
    DROPPED = "dropped"
    """Never to be sent: the chat blocked the bot or left."""


class DeliveryKind(StrEnum):
    ALERT = "alert"
    STORY_UPDATE = "story_update"
    """Another outlet reported a story the chat was alerted about: edit that alert."""


class Delivery(SQLModel, table=True):
    """The outbox: one row per (chat, item), written with the item in one transaction."""

    __table_args__ = (
        UniqueConstraint("chat_id", "item_id", name="uq_delivery_chat_item"),
        Index("ix_delivery_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    chat_id: int = Field(foreign_key="chat.id", index=True, sa_type=BigInteger, ondelete="CASCADE")
    item_id: int = Field(foreign_key="item.id", sa_type=BigInteger, ondelete="CASCADE")
    status: DeliveryStatus = Field(default=DeliveryStatus.PENDING, max_length=16)
    kind: DeliveryKind = Field(default=DeliveryKind.ALERT, max_length=16)
    edit_of: int | None = Field(default=None, sa_type=BigInteger, index=True)
    """For a story update: the delivery whose message is edited."""
    reasons: str = "{}"
    """JSON: {"topics": {topic: [terms]}, "keywords": {keyword: [terms]}} for this chat."""
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    claimed_at: datetime | None = _utc()
    claimed_by: str | None = Field(default=None, max_length=64)
    """The process sending it (`sending` rows): a live peer's rows are never taken over."""
    lease_until: datetime | None = _utc()
    """Until when the claim holds; after it, any process may send the row again."""
    sent_at: datetime | None = _utc()
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    error: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class SendBudget(SQLModel, table=True):
    """PostgreSQL: the send budget every process draws from, one row (`store.budget`)."""

    __tablename__ = "send_budget"
    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    next_slot: datetime = Field(sa_type=UTCDateTime)
    """The next free slot: each reservation takes it and moves it one spacing on."""
    paused_until: datetime | None = _utc()
    """Telegram refused the bot as a whole (429): nobody sends before this."""


class ChatPace(SQLModel, table=True):
    """PostgreSQL: one chat's own limit as every process sees it (a burst, then a pace).

    No foreign key: a reply may go to a chat that has no row yet, and a chat's pace
    outlives its row for the seconds it matters.
    """

    __tablename__ = "chat_pace"
    chat_id: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    next_at: datetime = Field(sa_type=UTCDateTime)
    """When the chat is back at its steady pace: it may receive while now is within its
    burst allowance of this (the generic cell rate algorithm's theoretical arrival time)."""
    paused_until: datetime | None = _utc()
    """Telegram refused a message to this chat (429): nothing goes to it before this."""


# ---------------------------------------------------------------- feed health (issue 13)


class FeedHealth(SQLModel, table=True):
    """What the feed watch knows of a feed beyond its fetch state (`bot.health.rules`).

    Evidence is written in the poll's transaction (`ingest.health`); the state is the last
    one announced to operators, so a restart neither repeats nor loses a notice.
    """

    __tablename__ = "feed_health"
    feed_id: int = Field(foreign_key="feed.id", primary_key=True, ondelete="CASCADE")
    state: Health = Field(default=Health.HEALTHY, max_length=16)
    since: datetime | None = _utc()
    """When the current state began (for "recovered after …")."""
    last_new_at: datetime | None = _utc()
    """When a poll last brought new items."""
    arrivals: str = "[]"
    """JSON: epoch seconds of the recent polls that brought new items (the usual cadence)."""
    polls: str = "[]"
    """JSON: [epoch, new, old-dated, recycled] of the recent polls that changed the body."""


class OperatorNotice(SQLModel, table=True):
    """A message to an operator (feed health, for now), queued with the state it announces."""

    __tablename__ = "operator_notice"
    __table_args__ = (Index("ix_operator_notice_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    chat_id: int = Field(sa_type=BigInteger)
    html: str
    status: DeliveryStatus = Field(default=DeliveryStatus.PENDING, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    sent_at: datetime | None = _utc()
    error: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
