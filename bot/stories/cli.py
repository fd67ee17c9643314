"""The operator's stories tool: JSON lines in, one story assignment per item out.

Input, one JSON object per line (blank lines are skipped)::

    {"id": "...", "lang": "en", "source": "reuters", "published": "2025-11-23T21:30:00Z",
     "title": "...", "summary": "..."}

Output, one line per good input line, in the same order::

    {"id": "...", "story": "<id of the story's lead item>"}

A bad line (not JSON, missing or mistyped field, `published` not ISO 8601 or without a
timezone) writes nothing to stdout; it writes ``line N: <problem>`` to `stderr` and the
tool carries on with the next line.  The return code is 0 when every line was good and 1
when at least one was skipped, so scripts notice.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from typing import TextIO

from bot.stories.clustering import StoryClusterer, StoryInput

DEFAULT_WINDOW = timedelta(hours=48)
_REQUIRED_TEXT = ("id", "source", "title")


class BadLine(ValueError):
    """A line the tool cannot use; the message says why."""


def parse_line(line: str) -> StoryInput:
    """One input line as a StoryInput, or BadLine with a readable reason."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
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


def run_stories_tool(
    stdin: TextIO,
    stdout: TextIO,
    window: timedelta = DEFAULT_WINDOW,
    *,
    stderr: TextIO | None = None,
) -> int:
    """Cluster the items read from `stdin`; see the module docstring for the formats."""
    errors = stderr if stderr is not None else sys.stderr
    clusterer = StoryClusterer(window)
    bad = 0
    for number, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            item = parse_line(line)
        except BadLine as exc:
            bad += 1
            errors.write(f"line {number}: {exc}\n")
            continue
        assignment = clusterer.add(item)
        stdout.write(
            json.dumps({"id": item.id, "story": assignment.story_id}, ensure_ascii=False) + "\n"
        )
    return 1 if bad else 0
