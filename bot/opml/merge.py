"""Adding an OPML file's feeds to feeds.yaml, keeping its comments and order.

`plan` decides what to add (pure): every outline with an http(s) feed address that
feeds.yaml does not already have, once, under a unique name, with a source kind (from
the file, else the one the operator gives).  `add_to_text` writes them after the last
feed with ruamel.yaml's round trip, applied to the `feeds:` section alone: everything
else in the file (the topics' hand-wrapped lists above all) stays byte for byte.
`import_opml` does both on the file, validating the result before replacing it.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.config import FeedConfig, FeedsFile, compose_yaml, parse_feeds_text
from bot.domain import SourceKind
from bot.opml.read import Outline, read_opml

MAX_NAME = 100
_LANG = re.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")
_writing = threading.Lock()
"""One import at a time in this process (the bot may get two files at once)."""


class Skip(StrEnum):
    """Why an outline was not added (the text keys are `opml_skip_<value>`)."""

    EXISTS = "exists"
    DUPLICATE = "duplicate"
    NO_URL = "no_url"
    BAD_URL = "bad_url"
    NO_KIND = "no_kind"


@dataclass(frozen=True, slots=True)
class NewFeed:
    name: str
    url: str
    kind: SourceKind
    lang: str | None


@dataclass
class ImportReport:
    added: list[NewFeed] = field(default_factory=list)
    skipped: list[tuple[str, Skip]] = field(default_factory=list)
    """(the outline's title or address, why)."""
    feeds: FeedsFile | None = None
    """feeds.yaml as it is after the import (to sync the feed table with)."""


def _same_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}?{parts.query}"


def _unique_name(wanted: str, url: str, taken: set[str]) -> str:
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    base = " ".join(wanted.split())[:MAX_NAME] or host[:MAX_NAME]
    candidates = [base, f"{base[: MAX_NAME - len(host) - 3]} ({host})"]
    candidates += [f"{base[: MAX_NAME - 5]} ({n})" for n in range(2, 100)]
    return next(name for name in candidates if name.lower() not in taken)


def plan(
    outlines: Sequence[Outline], existing: Sequence[FeedConfig], default_kind: SourceKind | None
) -> ImportReport:
    """What to add and what to skip, and why; feeds.yaml itself is not touched."""
    report = ImportReport()
    have = {_same_url(feed.url) for feed in existing}
    taken = {feed.name.lower() for feed in existing}
    seen: set[str] = set()
    for outline in outlines:
        label = outline.title or outline.xml_url or outline.html_url or "?"
        url = outline.xml_url
        if url is None:
            report.skipped.append((label, Skip.NO_URL))
            continue
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            report.skipped.append((label, Skip.BAD_URL))
            continue
        key = _same_url(url)
        if key in have:
            report.skipped.append((label, Skip.EXISTS))
            continue
        if key in seen:
            report.skipped.append((label, Skip.DUPLICATE))
            continue
        kind = outline.kind or default_kind
        if kind is None:
            report.skipped.append((label, Skip.NO_KIND))
            continue
        seen.add(key)
        name = _unique_name(outline.title, url, taken)
        taken.add(name.lower())
        lang = outline.lang if outline.lang and _LANG.match(outline.lang) else None
        report.added.append(NewFeed(name, url, kind, lang))
    return report


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def _feeds_section(text: str) -> tuple[int, int]:
    """The lines of the `feeds:` section: from its key to its last entry's last line.

    Comments and blank lines after the last entry belong to what follows (the topics'
    header), so new entries go before them.
    """
    root = compose_yaml(text)
    assert isinstance(root, yaml.MappingNode)  # feeds.yaml was read and validated first
    names = [key.value for key, _ in root.value]
    starts = [key.start_mark.line for key, _ in root.value]
    at = names.index("feeds")
    start = starts[at]
    lines = text.splitlines(keepends=True)
    end = starts[at + 1] if at + 1 < len(starts) else len(lines)
    while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return start, end


def add_to_text(text: str, feeds: Sequence[NewFeed], note: str) -> str:
    """feeds.yaml's text with `feeds` appended to its `feeds:` list, under a `# note`."""
    if not feeds:
        return text
    start, end = _feeds_section(text)
    lines = text.splitlines(keepends=True)
    yaml = _yaml()
    section = yaml.load("".join(lines[start:end]))
    entries: CommentedSeq = section["feeds"]
    first = len(entries)
    for feed in feeds:
        entry = CommentedMap(name=feed.name, url=feed.url, kind=feed.kind.value)
        if feed.lang:
            entry["lang"] = feed.lang
        entries.append(entry)
    entries.yaml_set_comment_before_after_key(first, before=note, indent=2)
    out = io.StringIO()
    yaml.dump(section, out)
    return "".join(lines[:start]) + out.getvalue() + "".join(lines[end:])


def _replace(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, then a rename."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def import_opml(
    feeds_path: Path,
    data: bytes,
    default_kind: SourceKind | None,
    *,
    source: str = "an OPML file",
    today: date | None = None,
) -> ImportReport:
    """Add the file's new feeds to feeds.yaml; what was added and skipped, and the result.

    Raises `OpmlError` (not OPML), `ConfigError` (feeds.yaml is wrong, before or after)
    or `OSError` (cannot write it); feeds.yaml is then unchanged.
    """
    outlines = read_opml(data)
    with _writing:
        text = feeds_path.read_text(encoding="utf-8")
        current = parse_feeds_text(text, str(feeds_path))
        report = plan(outlines, current.feeds, default_kind)
        if not report.added:
            report.feeds = current
            return report
        note = f"Imported from {source} on {(today or date.today()).isoformat()}"
        updated = add_to_text(text, report.added, note)
        report.feeds = parse_feeds_text(updated, str(feeds_path))
        _replace(feeds_path, updated)
    return report
