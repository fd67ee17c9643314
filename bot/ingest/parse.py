"""Fetched bytes → `ParsedFeed` of normalised `Item`s.

feedparser's objects never leave this module.  feedparser is only ever given a
byte stream we fetched ourselves: handed a string it would treat it as a URL
or a file name and open it.  Before parsing, any DOCTYPE that declares
entities is removed, so neither an external entity (which could read a local
file) nor an entity-expansion "bomb" reaches the XML parser.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser

from bot.domain import Item, ParsedFeed
from bot.ingest.normalize import (
    canonical_link,
    content_hash,
    item_key,
    plain_text,
    primary_language,
    sane_published,
)

MAX_TITLE = 500
MAX_SUMMARY = 2000
MAX_ITEMS = 1000
#: The stored guid is informative only (identity is `Item.key`, a hash for long guids), so a
#: longer one is cut to the store's column width.
MAX_GUID = 2000

# A DOCTYPE with an internal subset: `<!DOCTYPE rss [ ... ]>`.  The subset is where
# ENTITY declarations live; documents that need one are attacks or curiosities.  Every
# pattern here is used in one forward pass: a backtracking `<!DOCTYPE[^>]*\[.*?\]>` over
# thousands of unclosed DOCTYPEs takes quadratic time, and the bytes are hostile.
_DOCTYPE_START = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_SUBSET_END = re.compile(rb"\]\s*>")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
# An unclosed declaration runs to the end of the document (so no attempt fails and retries).
_WHOLE_ENTITY_DECL = re.compile(rb"<!ENTITY[^>]*(?:>|\Z)", re.IGNORECASE)
_PROLOG_WINDOW = 65536


def defuse_xml(data: bytes) -> tuple[bytes, str | None]:
    """Remove entity declarations; return the safe bytes and a note when something was removed."""
    if not _ENTITY_DECL.search(data, 0, _PROLOG_WINDOW):
        return data, None
    cleaned = _without_internal_subset(data)
    if _ENTITY_DECL.search(cleaned, 0, _PROLOG_WINDOW):
        # Declarations outside a well-formed DOCTYPE: drop each declaration itself.
        cleaned = _WHOLE_ENTITY_DECL.sub(b"", cleaned)
    return cleaned, "entity declarations removed (external or expanding entities are refused)"


def _without_internal_subset(data: bytes) -> bytes:
    """The first DOCTYPE removed when it has an internal subset `[...]`."""
    start = _DOCTYPE_START.search(data)
    if start is None:
        return data
    bracket = data.find(b"[", start.end())
    close = data.find(b">", start.end())
    if bracket < 0 or 0 <= close < bracket:
        return data
    end = _SUBSET_END.search(data, bracket)
    if end is None:
        return data
    return data[: start.start()] + data[end.end() :]


def _struct_to_datetime(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError, OSError):
        return None


def _raw(entry: Mapping[str, Any], key: str) -> Any:
    """A key as stored: feedparser's mapping of a missing key to another one warns (#310)."""
    return dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)


def _entry_language(entry: Mapping[str, Any]) -> str | None:
    for detail in ("title_detail", "summary_detail"):
        lang = primary_language((entry.get(detail) or {}).get("language"))
        if lang:
            return lang
    return None


def _entry_to_item(
    entry: Mapping[str, Any], base_url: str, feed_lang: str | None, now: datetime
) -> Item | None:
    title = plain_text(entry.get("title"), MAX_TITLE)
    raw_summary = entry.get("summary") or ""
    if not raw_summary and entry.get("content"):
        raw_summary = entry["content"][0].get("value", "")
    summary = plain_text(raw_summary, MAX_SUMMARY)
    link = canonical_link(entry.get("link"), base_url)
    if not (title or summary or link):
        return None
    published = _struct_to_datetime(
        _raw(entry, "published_parsed") or _raw(entry, "updated_parsed")
    )
    guid = (entry.get("id") or "").strip() or None
    return Item(
        key=item_key(guid, link, title, summary),
        title=title or summary[:120] or (link or "")[:MAX_TITLE],
        summary=summary,
        link=link,
        published=sane_published(published, now),
        lang=_entry_language(entry) or feed_lang,
        content_hash=content_hash(title, summary),
        guid=guid[:MAX_GUID] if guid else None,
    )


def parse_feed(
    data: bytes,
    url: str,
    now: datetime,
    headers: Mapping[str, str] | None = None,
    default_lang: str | None = None,
) -> ParsedFeed:
    """Parse one fetched document.  Never raises for bad input: problems are data.

    `url` is where the bytes came from (it resolves relative links); `now` is the
    first-seen time given to items without a trustworthy date; `default_lang` is
    the feed's configured language, used when the document names none.
    """
    safe, defused = defuse_xml(data)
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    response_headers.setdefault("content-location", url)
    try:
        parsed = feedparser.parse(
            io.BytesIO(safe),
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,  # links are made absolute by canonical_link
        )
    except Exception as exc:  # feedparser is not supposed to raise, but input is hostile
        return ParsedFeed(title=None, items=(), problem=f"parser failed: {type(exc).__name__}")
    feed_lang = primary_language(parsed.feed.get("language")) or default_lang
    items: list[Item] = []
    seen: set[str] = set()
    for entry in parsed.entries[:MAX_ITEMS]:
        item = _entry_to_item(entry, url, feed_lang, now)
        if item is not None and item.key not in seen:
            seen.add(item.key)
            items.append(item)
    problem = defused
    # A missing or odd Content-Type says nothing about the document itself; no items and no
    # recognised format (an empty or HTML body is not bozo to feedparser) is reported, so an
    # empty answer is an error and never a feed's baseline.
    bozo = parsed.get("bozo") and not isinstance(
        parsed.get("bozo_exception"), feedparser.NonXMLContentType
    )
    if not items and (bozo or not parsed.get("version")):
        problem = f"not a readable feed: {_bozo_reason(parsed.get('bozo_exception'))}"
    return ParsedFeed(
        title=plain_text(parsed.feed.get("title"), MAX_TITLE) or None,
        items=tuple(items),
        problem=problem,
    )


def _bozo_reason(exc: Any) -> str:
    if exc is None:
        return "unknown format"
    text = plain_text(str(exc), 200)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def warm_up_parser() -> None:
    """Run in a new parse worker: importing this module (feedparser with it) is the work."""
