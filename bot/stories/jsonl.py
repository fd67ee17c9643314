"""Items as JSON objects: the one reader of the `stories` tool's input lines.

A line is ``{"id", "lang", "source", "published", "title", "summary"}``; `published` is
ISO 8601 with a timezone.  Anything else is a `BadLine` whose message says what to fix.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.stories.clustering import StoryInput

_REQUIRED_TEXT = ("id", "source", "title")


class BadLine(ValueError):
    """A line the tool cannot use; the message says why."""


def parse_line(line: str) -> StoryInput:
    """One input line as a StoryInput, or BadLine with a readable reason."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    return item_from_json(raw)


def item_from_json(raw: object) -> StoryInput:
    """A decoded JSON object as a StoryInput, or BadLine with a readable reason."""
    if not isinstance(raw, dict):
        raise BadLine("expected a JSON object")
    for name in _REQUIRED_TEXT:
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise BadLine(f'"{name}" must be a non-empty string')
    summary = raw.get("summary", "")
    if summary is None:
        summary = ""
    if not isinstance(summary, str):
        raise BadLine('"summary" must be a string')
    lang = raw.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise BadLine('"lang" must be a string or null')
    published_raw = raw.get("published")
    if not isinstance(published_raw, str):
        raise BadLine('"published" must be an ISO 8601 string')
    try:
        published = datetime.fromisoformat(published_raw)
    except ValueError as exc:
        raise BadLine(f'"published" is not ISO 8601: {published_raw!r}') from exc
    if published.tzinfo is None:
        raise BadLine(f'"published" has no timezone: {published_raw!r} (add Z or +00:00)')
    return StoryInput(
        id=raw["id"],
        lang=lang,
        source=raw["source"],
        published=published.astimezone(UTC),
        title=raw["title"],
        summary=summary,
    )
