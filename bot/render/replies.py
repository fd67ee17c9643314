"""Answers to commands that list things: /list, /settings, /latest, /stats, /feeds, /channel.

Pure: plain values in (a chat's preferences as any object with the right attributes),
Telegram HTML out, split under the message limit where a list can grow.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.domain import DigestItem, parse_kinds
from bot.render.html import MESSAGE_LIMIT, clip, escape, hashtag, link, local_time, pack, to_plain
from bot.render.sources import kind_names
from bot.render.tables import FeedRow, FeedState, feeds_table
from bot.render.texts import t

_PRE_WRAP = len("<pre></pre>")
FAILURE_SHOWN = 120


class ChatSettings(Protocol):
    """A chat's preferences as the answers show them (`bot.store.models.Chat` is one)."""

    @property
    def ui_lang(self) -> str: ...
    @property
    def timezone(self) -> str: ...
    @property
    def muted_until(self) -> datetime | None: ...
    @property
    def digest_time(self) -> str | None: ...
    @property
    def every_item(self) -> bool: ...
    @property
    def quiet_hours(self) -> str | None: ...
    @property
    def breaking_wakes(self) -> bool: ...
    @property
    def left_out_kinds(self) -> str: ...


def _quiet_line(chat: ChatSettings) -> str:
    lang = chat.ui_lang
    if not chat.quiet_hours:
        return t(lang, "list_quiet_off")
    period = chat.quiet_hours.replace("-", "–")
    return t(lang, "list_quiet_wake" if chat.breaking_wakes else "list_quiet_hold", period=period)


def _sources_line(chat: ChatSettings) -> str:
    left_out = parse_kinds(chat.left_out_kinds)
    if not left_out:
        return t(chat.ui_lang, "list_sources_all")
    names = to_plain(kind_names(chat.ui_lang, left_out))
    return t(chat.ui_lang, "list_sources_some", kinds=names)


def settings_lines(chat: ChatSettings, now: datetime) -> list[str]:
    """Mute, time zone, daily digest, quiet hours, sources, language and alert mode."""
    lang = chat.ui_lang
    muted = chat.muted_until is not None and chat.muted_until > now
    return [
        t(lang, "list_muted", until=local_time(chat.muted_until, chat.timezone))
        if muted and chat.muted_until is not None
        else t(lang, "list_not_muted"),
        t(lang, "list_timezone", tz=chat.timezone),
        t(lang, "list_digest", time=chat.digest_time)
        if chat.digest_time
        else t(lang, "list_digest_off"),
        _quiet_line(chat),
        _sources_line(chat),
        t(lang, "list_lang"),
        t(lang, "list_mode_every") if chat.every_item else t(lang, "list_mode_first"),
    ]


def subscriptions_lines(
    chat: ChatSettings, topics: Sequence[str], keywords: Sequence[str], now: datetime
) -> list[str]:
    """/list: the chat's topic names and keywords, then its settings."""
    lang = chat.ui_lang
    none = t(lang, "list_none")
    quoted = ", ".join(f"“{keyword}”" for keyword in keywords)
    return [
        t(lang, "list_header"),
        t(lang, "list_topics", topics=", ".join(topics) if topics else none),
        t(lang, "list_keywords", keywords=quoted if keywords else none),
        *settings_lines(chat, now),
    ]


def settings_view(chat: ChatSettings, now: datetime) -> str:
    lang = chat.ui_lang
    return "\n".join(
        [t(lang, "settings_header"), *settings_lines(chat, now), "", t(lang, "settings_help")]
    )


def latest_html(items: Sequence[DigestItem], tz: str, lang: str) -> list[str]:
    """/latest: the newest matching items, linked, with outlet, time and topics."""
    blocks = [t(lang, "latest_header", count=len(items))]
    for item in items:
        tags = " ".join(hashtag(topic) for topic in item.topics)
        when = local_time(item.published, tz)
        blocks.append(
            f"• {link(item.title, item.link)}\n  {escape(item.outlet)} · {when} {tags}".rstrip()
        )
    return pack(blocks)


def channels_html(channels: Sequence[tuple[int, str, int]], lang: str) -> list[str]:
    """/channel: (id, label, topic count) of every linked channel."""
    if not channels:
        return [t(lang, "channels_none")]
    rows = [
        f"• {escape(label)} · <code>{chat_id}</code> · {topics}"
        for chat_id, label, topics in channels
    ]
    return pack([t(lang, "channels_header"), *rows])


def failing_feeds_html(header: str, failing: Sequence[FeedState]) -> list[str]:
    """/stats: the figures, then each feed in error with its last error."""
    lines = [
        f"• {escape(feed.name)}: {escape(clip(feed.last_error or feed.state.value, FAILURE_SHOWN))}"
        for feed in failing
    ]
    return pack([header, *lines])


def feeds_html(feeds: Sequence[FeedRow]) -> list[str]:
    """/feeds: the operator's feed table, monospaced, split under the limit."""
    lines = [escape(line) for line in feeds_table(feeds).splitlines()]
    return [f"<pre>{part}</pre>" for part in pack(lines, limit=MESSAGE_LIMIT - _PRE_WRAP)]
