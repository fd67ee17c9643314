"""Feeds as OPML, for operators: /opml sends feeds.yaml's feeds as a file; an OPML file
sent to the bot adds its feeds to feeds.yaml, and they are polled from then on."""

from __future__ import annotations

import asyncio
import logging

from telegram import Document

from bot.config import ConfigError, FeedsFile, feed_urls, read_feeds_file
from bot.domain import SourceKind
from bot.logs import log_event
from bot.opml.merge import ImportReport, import_opml
from bot.opml.read import OpmlError
from bot.opml.write import write_opml
from bot.render.operators import import_report
from bot.store.feeds import sync_feeds
from bot.telegram.handlers.turn import Turn
from bot.telegram.setting_args import parse_kind

log = logging.getLogger(__name__)

MAX_OPML_BYTES = 1024 * 1024
OPML_NAME = "peacewatch-feeds.opml"


async def _send_export(turn: Turn, current: FeedsFile | None = None) -> None:
    """feeds.yaml's feeds as an OPML file: `current`'s when given (just written), else read."""
    path = turn.deps.feeds_path
    if path is None:
        await turn.reply(turn.text("feeds_empty"))
        return
    if current is None:
        current = await asyncio.to_thread(read_feeds_file, path)
    feeds = current.feeds
    document = write_opml(feeds, turn.now).encode()
    await turn.reply_document(document, OPML_NAME, turn.text("opml_caption", count=len(feeds)))


async def opml(turn: Turn) -> None:
    """/opml: feeds.yaml's feeds as an OPML file, grouped by source kind."""
    await _send_export(turn)


def _is_opml(document: Document) -> bool:
    name = (document.file_name or "").lower()
    mime = (document.mime_type or "").lower()
    return name.endswith((".opml", ".xml")) or "opml" in mime or mime.endswith("/xml")


async def opml_file(turn: Turn) -> None:
    """An operator sent a file: its feeds are added to feeds.yaml, then the export comes back.

    The caption may name the source kind of the feeds the file does not label (`wire`).
    Anyone else's file is ignored, like any message that is not a command.
    """
    message = turn.update.effective_message
    document = message.document if message is not None else None
    if document is None or not turn.deps.is_admin(turn.user_id):
        return
    path = turn.deps.feeds_path
    if path is None or not _is_opml(document):
        await turn.reply(turn.text("opml_not_opml"))
        return
    if (document.file_size or 0) > MAX_OPML_BYTES:
        await turn.reply(turn.text("opml_too_big", max=MAX_OPML_BYTES // 1024))
        return
    caption = (message.caption or "").strip() if message is not None else ""
    kind: SourceKind | None = parse_kind(caption) if caption else None
    data = bytes(await (await document.get_file()).download_as_bytearray())
    source = document.file_name or "an OPML file"
    try:
        report = await asyncio.to_thread(import_opml, path, data, kind, source=source)
    except OpmlError as exc:
        await turn.reply(turn.text("opml_bad_file", reason=str(exc)))
        return
    except (ConfigError, OSError) as exc:
        await turn.reply(turn.text("opml_cannot_write", reason=str(exc)[:300]))
        return
    await _sync(turn, report)
    log_event(
        log,
        logging.INFO,
        "opml_imported",
        by=turn.user_id,
        added=len(report.added),
        skipped=len(report.skipped),
    )
    added = [(feed.name, feed.kind) for feed in report.added]
    skipped = [(label, reason.value) for label, reason in report.skipped]
    await turn.reply_all(import_report(turn.lang, added, skipped))
    await _send_export(turn, report.feeds)


async def _sync(turn: Turn, report: ImportReport) -> None:
    """The feed table follows feeds.yaml at once: the new feeds are due now."""
    path, feeds = turn.deps.feeds_path, report.feeds
    if path is None or feeds is None or not report.added:
        return
    urls = feed_urls(feeds, path)
    await turn.db(lambda s: sync_feeds(s, feeds.feeds, urls, turn.now))
