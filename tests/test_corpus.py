"""Every file of the shared feeds corpus goes through parse + normalise, and every item it
yields through the shipped topic matcher, without an exception.

The corpus (`../shared/feeds-corpus/` beside the repository, or `FEEDS_CORPUS`) holds 2,289
real-world and edge-case feeds.  One test per folder parses its files, checks the item
invariants and prints the folder's figures (`pytest -rA tests/test_corpus.py -s` shows them).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine

from bot.config import Settings
from bot.domain import ParsedFeed, PollStatus
from bot.ingest.parse import MAX_SUMMARY, MAX_TITLE, parse_feed
from bot.matching import Matcher, load_matching_config
from tests.support.feed_server import FeedServer
from tests.support.polling import Clock, add_feeds, poll, stored_items

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
NEWS = "real-world-news"
SKIP = {"README.md", "LICENSE-NOTICE.md", "MANIFEST.tsv"}
_HEADER = re.compile(r"^Header:\s*([A-Za-z][\w-]*):\s*(.*?)\s*$", re.MULTILINE)
# What must never reach a chat message: C0/C1 controls (including tabs and newlines, since
# text is folded to one line), zero-width and bidi-override characters.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _corpus_dir() -> Path | None:
    env = os.environ.get("FEEDS_CORPUS")
    if env:
        return Path(env)
    candidate = ROOT.parent / "shared" / "feeds-corpus"
    return candidate if candidate.is_dir() else None


CORPUS = _corpus_dir()
FILES = (
    sorted(
        p
        for p in CORPUS.rglob("*")
        if p.is_file() and p.name not in SKIP and "licenses" not in p.relative_to(CORPUS).parts
    )
    if CORPUS
    else []
)
FOLDERS = sorted({p.parent for p in FILES})
needs_corpus = pytest.mark.skipif(
    CORPUS is None, reason="shared/feeds-corpus not found (set FEEDS_CORPUS)"
)


def declared_headers(data: bytes) -> dict[str, str]:
    """`Header: Name: value` lines of the leading comment (feedparser's test convention)."""
    head = data[:4096].replace(b"\x00", b"").decode("latin-1")
    comment_end = head.find("-->")
    if comment_end < 0:
        return {}
    return {name.lower(): value for name, value in _HEADER.findall(head[:comment_end])}


@dataclass
class Figures:
    files: int = 0
    with_items: int = 0
    items: int = 0
    with_header: int = 0
    reported: int = 0
    """Files whose problem (ill-formed, defused, unknown format) is reported as data."""


def _item_problems(parsed: ParsedFeed) -> list[str]:
    problems = []
    for item in parsed.items:
        if _FORBIDDEN.search(item.title) or _FORBIDDEN.search(item.summary):
            problems.append(f"control character in {item.title[:40]!r}")
        if len(item.title) > MAX_TITLE or len(item.summary) > MAX_SUMMARY:
            problems.append("text over its bound")
        if item.link is not None and not item.link.startswith(("http://", "https://")):
            problems.append(f"link {item.link[:60]!r}")
        if item.published.tzinfo is None or item.published.utcoffset() != timedelta(0):
            problems.append(f"published {item.published!r} is not UTC")
        if item.published > NOW + timedelta(days=1):
            problems.append(f"published {item.published} is in the future")
        if not item.key or not item.content_hash:
            problems.append("empty key")
        if not item.title:
            problems.append("empty title")
    if len({item.key for item in parsed.items}) != len(parsed.items):
        problems.append("repeated key")
    return problems


@cache
def _matcher() -> Matcher:
    """The shipped topics with the topic model, as the bot matches every stored item."""
    config = yaml.safe_load((ROOT / "feeds.yaml").read_text("utf-8"))
    return Matcher.from_config(load_matching_config(config))


def _match_problems(parsed: ParsedFeed) -> list[str]:
    problems = []
    for item in parsed.items:
        try:
            _matcher().match(item.title, item.summary, item.lang)
        except Exception as exc:  # the very thing under test: nothing may escape
            problems.append(f"matching {item.title[:40]!r} raised {type(exc).__name__}: {exc}")
    return problems


def _parse(path: Path) -> tuple[ParsedFeed, dict[str, str]]:
    data = path.read_bytes()
    headers = declared_headers(data)
    return parse_feed(data, "https://feeds.example.com/" + path.name, NOW, headers), headers


@needs_corpus
@pytest.mark.parametrize(
    "folder", FOLDERS, ids=lambda p: str(p.relative_to(CORPUS)) if CORPUS else str(p)
)
def test_corpus_folder_parses_without_exceptions(folder: Path) -> None:
    assert CORPUS is not None
    figures = Figures()
    failures: list[str] = []
    for path in sorted(p for p in FILES if p.parent == folder):
        name = str(path.relative_to(CORPUS))
        try:
            parsed, headers = _parse(path)
        except Exception as exc:  # the very thing under test: nothing may escape
            failures.append(f"{name}: raised {type(exc).__name__}: {exc}")
            continue
        figures.files += 1
        figures.with_header += "content-type" in headers
        figures.items += len(parsed.items)
        figures.with_items += bool(parsed.items)
        figures.reported += parsed.problem is not None
        failures.extend(f"{name}: {problem}" for problem in _item_problems(parsed))
        failures.extend(f"{name}: {problem}" for problem in _match_problems(parsed))
        if folder.name == NEWS and not parsed.items:
            failures.append(f"{name}: a news snapshot yields no items ({parsed.problem})")
    print(
        f"\ncorpus {folder.relative_to(CORPUS)}: files {figures.files}, "
        f"yielding items {figures.with_items}, items {figures.items}, "
        f"problems reported {figures.reported}, with Content-type header {figures.with_header}"
    )
    assert not failures, "\n".join(failures[:30])


@needs_corpus
def test_news_snapshots_are_all_checked() -> None:
    """The folder test above requires items from every file of `real-world-news/`."""
    assert CORPUS is not None
    assert CORPUS / NEWS in FOLDERS
    assert len([p for p in FILES if p.parent.name == NEWS]) == 25


@needs_corpus
def test_declared_content_type_headers_are_found_and_used() -> None:
    assert CORPUS is not None
    with_header = [p for p in FILES if "content-type" in declared_headers(p.read_bytes())]
    assert len(with_header) >= 45
    encoded = CORPUS / "feedparser/tests/encoding"
    cases = sorted(
        p
        for p in with_header
        if p.parent == encoded and "charset" in declared_headers(p.read_bytes())["content-type"]
    )
    assert cases
    for path in cases:
        parsed, headers = _parse(path)
        assert "charset" in headers["content-type"]
        assert _item_problems(parsed) == [], path.name


@needs_corpus
async def test_news_snapshots_served_over_http_are_stored(
    sqlite_engine: Engine, feed_server: FeedServer
) -> None:
    """The fetch → parse → store path on real news feeds, served from 127.0.0.1."""
    assert CORPUS is not None
    news = sorted(p for p in FILES if p.parent.name == NEWS)
    for path in news:
        feed_server.feed(f"/{path.name}", path.read_bytes(), gzip=True)
    clock = Clock()
    add_feeds(sqlite_engine, clock, {p.name: feed_server.url(f"/{p.name}") for p in news})
    # Real sizes (up to 1 MB, compressed per request by the server): the shipped limits.
    settings = Settings()
    reports = await poll(
        sqlite_engine,
        clock,
        max_body_bytes=settings.max_body_bytes,
        fetch_timeout=settings.http_timeout,
    )
    failed = {name: r.error for name, r in reports.items() if r.status is not PollStatus.NEW}
    assert failed == {}
    stored = stored_items(sqlite_engine)
    assert len(stored) == sum(r.new_items for r in reports.values()) > 500
    assert all(
        item.link is None or item.link.startswith(("http://", "https://")) for item in stored
    )
    assert all(not _FORBIDDEN.search(item.title) for item in stored)
