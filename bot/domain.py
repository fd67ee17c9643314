"""Plain records that flow through the pipeline.

They carry no behaviour that touches the outside world: the parser produces
`Item`s from bytes, the store persists them, the matcher and the clusterer read
them.  Everything here is frozen so a record can be shared between stages
without anyone mutating it behind another stage's back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class SourceKind(StrEnum):
    """Who is speaking: feeds.yaml's `kind:` of an outlet, shown beside it to readers."""

    OFFICIAL = "official"
    """A government or an international body speaking for itself (the Kremlin, the IAEA)."""
    WIRE = "wire"
    """A news agency whose copy other outlets carry (AFP, Interfax)."""
    INDEPENDENT = "independent"
    """Editorially independent media, public broadcasters with guaranteed independence too."""
    STATE_AFFILIATED = "state-affiliated"
    """Media whose editorial line a state controls by ownership, money or pressure (TASS)."""


def parse_kinds(text: str | None) -> frozenset[SourceKind]:
    """Kinds stored as `official,wire` (a chat's left-out kinds); unknown names are ignored."""
    names = {part.strip() for part in (text or "").split(",")}
    return frozenset(kind for kind in SourceKind if kind.value in names)


def format_kinds(kinds: frozenset[SourceKind] | set[SourceKind]) -> str:
    """The stored form of `parse_kinds`, in `SourceKind`'s order."""
    return ",".join(kind.value for kind in SourceKind if kind in kinds)


@dataclass(frozen=True, slots=True)
class Item:
    """One news item, normalised: plain-text title and summary, clean link, UTC time."""

    key: str
    """Stable identity within its feed: guid, else canonical link, else content hash."""
    title: str
    summary: str
    link: str | None
    published: datetime
    """Publication time in UTC; the first-seen time when the feed gave none we trust."""
    lang: str | None
    content_hash: str
    """Hash of title and summary: tells an edited item from an unchanged one."""
    guid: str | None = None

    @property
    def link_hash(self) -> str | None:
        """Fixed-size key of the canonical link: one link is one item, across feeds."""
        return hashlib.sha256(self.link.encode()).hexdigest()[:40] if self.link else None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What the parser made of one fetched document."""

    title: str | None
    items: tuple[Item, ...]
    problem: str | None = None
    """Why the document is ill-formed, when it is; items may still have been recovered."""


class FetchStatus(StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    UNCHANGED = "unchanged"
    """200, but the body hash equals the last one: nothing to parse."""
    ERROR = "error"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of one HTTP (or local file) fetch, as data."""

    status: FetchStatus
    url: str
    """The URL actually fetched from (after redirects)."""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    permanent_redirect: str | None = None
    """Where a 301/308 sent us: the feed's stored URL moves there."""
    retry_after: float | None = None
    """Seconds the server asked us to wait (429/503 Retry-After)."""
    http_status: int | None = None
    error: str | None = None
    elapsed: float = 0.0


@dataclass(frozen=True, slots=True)
class DigestItem:
    """A stored item that matched a subscriber, as digests and /latest list it."""

    item_id: int
    story_id: int | None
    title: str
    link: str | None
    outlet: str
    published: datetime
    topics: tuple[str, ...]
    """The subscriber's topics this item matched (empty: matched their keywords only)."""
    first_seen: datetime
    """When we first saw it: the one clock of "breaking"."""


@dataclass(frozen=True, slots=True)
class StoryReport:
    """One outlet's report of a story: its first item there (what "also reported by" lists)."""

    outlet: str
    title: str
    link: str | None
    first_seen: datetime
    kind: SourceKind | None = None


class PollStatus(StrEnum):
    """How a poll of one feed ended."""

    NEW = "new"
    NOTHING_NEW = "nothing new"
    NOT_MODIFIED = "not modified"
    UNCHANGED = "unchanged"
    ERROR = "error"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class FeedPollReport:
    """What one poll of one feed did: the poller's answer, the operator's table row."""

    feed: str
    status: PollStatus
    new_items: int = 0
    updated_items: int = 0
    baseline: bool = False
    error: str | None = None
    elapsed: float = 0.0
    new_ids: tuple[int, ...] = field(default=(), repr=False)
