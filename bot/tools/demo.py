"""`python -m bot demo`: the main job on the bundled sample feeds, in the console.

No token, no network: SQLite under DATA_DIR/demo, the feeds of `seeds/`, and
the topics of feeds.yaml.  The outlets "publish" in three steps (what their
feeds held before 2025, before 2026, and now), so the demo shows a new feed's
baseline (stored, never alerted), then new items being matched, stored and
alerted, and finally a digest — all through the real poller, router, outbox
worker and digest builder.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TextIO

import httpx
from sqlalchemy import Engine

from bot.app import (
    CONSOLE_CHAT_ID,
    Config,
    build_delivery,
    build_matcher,
    build_poller,
    ensure_console_subscriber,
    load_config,
    open_store,
    sync_config,
)
from bot.clock import utc_now
from bot.config import FeedConfig, FeedsFile, Settings
from bot.delivery.console import ConsoleSender
from bot.delivery.digests import digest_messages, load_digest
from bot.domain import SourceKind
from bot.ingest.parse import parse_feed
from bot.matching.rules import parse_keyword
from bot.render.tables import poll_table
from bot.store.chats import add_keyword, get_chat
from bot.store.db import transaction
from bot.store.feeds import outlet_kinds
from bot.store.items import items_with_topics

DEMO_KEYWORD = "Geneva"
SEED_KINDS = {
    "antiwar": SourceKind.INDEPENDENT,
    "marketdash": SourceKind.INDEPENDENT,
    "prismedia": SourceKind.INDEPENDENT,
    "thepublic-en": SourceKind.INDEPENDENT,
    "thepublic-uk": SourceKind.INDEPENDENT,
}
"""Who speaks in the sample feeds (AnewZ, whose ownership we could not establish, has none)."""
_BLOCK = re.compile(rb"<(item|entry)\b.*?</\1>", re.DOTALL)
_DATE = re.compile(rb"<(pubDate|published|updated)>(.*?)</\1>", re.DOTALL)


@dataclass(frozen=True)
class Step:
    until: datetime | None
    title: str


STEPS = (
    Step(
        datetime(2025, 1, 1, tzinfo=UTC),
        "Step 1: the feeds are added. Their first poll is a baseline: stored, never alerted.",
    ),
    Step(datetime(2026, 1, 1, tzinfo=UTC), "Step 2: the outlets publish their late-2025 stories."),
    Step(None, "Step 3: the outlets publish their 2026 stories (MarketDash twice)."),
)


def _published(block: bytes) -> datetime | None:
    found = _DATE.search(block)
    if not found:
        return None
    raw = found.group(2).decode().strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return parsedate_to_datetime(raw)


def feed_as_of(document: bytes, until: datetime | None) -> bytes:
    """The feed without the items published at or after `until`."""
    if until is None:
        return document

    def keep(found: re.Match[bytes]) -> bytes:
        when = _published(found.group(0))
        return found.group(0) if when is None or when < until else b""

    return _BLOCK.sub(keep, document)


def _say(out: TextIO, text: str = "") -> None:
    print(text, file=out, flush=True)


def _publish(seed_files: list[Path], published: Path, until: datetime | None) -> None:
    for path in seed_files:
        (published / path.name).write_bytes(feed_as_of(path.read_bytes(), until))


def _outlet(path: Path) -> str:
    """The feed's own title ("MarketDash"), else its file name."""
    parsed = parse_feed(path.read_bytes(), path.as_uri(), utc_now())
    return (parsed.title or path.name.split(".")[0])[:100]


def demo_config(main: Config, seed_files: list[Path], published: Path) -> Config:
    """feeds.yaml's topics, with the sample feeds (as "published" so far) as the feeds."""
    feeds = [
        FeedConfig(
            name=_outlet(p),
            url=str(published / p.name),
            interval=1,
            kind=SEED_KINDS.get(p.name.split(".")[0]),
        )
        for p in seed_files
    ]
    return Config(
        path=main.path,
        feeds_file=FeedsFile(
            feeds=feeds, contexts=main.feeds_file.contexts, topics=main.feeds_file.topics
        ),
        urls={
            f.name: (published / p.name).as_uri() for f, p in zip(feeds, seed_files, strict=True)
        },
    )


def run_demo(settings: Settings, seeds: Path, out: TextIO) -> int:
    main = load_config(settings.feeds_file)
    data = settings.data_dir / "demo"
    shutil.rmtree(data, ignore_errors=True)
    seed_files = sorted(seeds.glob("*.xml"))
    if not seed_files:
        print(f"no sample feeds (*.xml) in {seeds}", file=out)
        return 1
    published = Path(tempfile.mkdtemp(prefix="peacewatch-demo-"))
    try:
        config = demo_config(main, seed_files, published)
        engine = open_store(f"sqlite:///{(data / 'peacewatch.db').resolve()}")
        sync_config(engine, config)
        ensure_console_subscriber(engine, config)
        with transaction(engine) as session:
            add_keyword(session, CONSOLE_CHAT_ID, DEMO_KEYWORD, parse_keyword(DEMO_KEYWORD))
        _say(
            out,
            f"Peacewatch demo: {len(seed_files)} sample feeds from {seeds}, "
            f"{len(config.feeds_file.topics)} topics, SQLite at {data / 'peacewatch.db'}",
        )
        _say(out, f"The console subscriber follows every topic and the keyword “{DEMO_KEYWORD}”.")
        asyncio.run(_steps(settings, config, engine, seed_files, published, out))
    finally:
        shutil.rmtree(published, ignore_errors=True)
    return 0


async def _steps(
    settings: Settings,
    config: Config,
    engine: Engine,
    seed_files: list[Path],
    published: Path,
    out: TextIO,
) -> None:
    matcher = build_matcher(config)
    start = utc_now()
    offset = timedelta()

    def clock() -> datetime:
        return start + offset

    names = config.topic_names
    sender = ConsoleSender(out)
    worker, _ = build_delivery(engine, config, sender, clock=clock)
    async with httpx.AsyncClient() as client:
        poller = build_poller(settings, engine, client, matcher, clock=clock)
        try:
            for step in STEPS:
                await asyncio.to_thread(_publish, seed_files, published, step.until)
                _say(out, f"\n{'=' * 72}\n{step.title}\n{'=' * 72}")
                reports = await poller.poll_due()
                _say(out, poll_table(reports))
                new_ids = [i for r in reports for i in r.new_ids]
                with transaction(engine) as session:
                    new_items = items_with_topics(session, new_ids)
                for item, topics in new_items:
                    found = (
                        ", ".join(
                            f"{names.get(topic, topic)} ({', '.join(terms)})"
                            for topic, terms in topics.items()
                        )
                        or "no topic"
                    )
                    _say(out, f"  • [{item.lang}] {item.title[:90]}\n      → {found}")
                sent = await worker.run_once()
                _say(out, f"\nAlerts delivered to the console subscriber: {sent}")
                offset += timedelta(hours=1)
        finally:
            poller.close()
    _say(out, f"\n{'=' * 72}\n/digest: what happened during the demo\n{'=' * 72}")
    with transaction(engine) as session:
        chat = get_chat(session, CONSOLE_CHAT_ID)
        assert chat is not None
        digest = load_digest(session, chat.id, start - timedelta(minutes=1), clock(), list(names))
        kinds = outlet_kinds(session)
    for message in digest_messages(digest, chat, names, kinds):
        await sender.send(message)
