"""The operators' commands (`ADMIN_CHAT_IDS`): /stats, /feeds, /link, /channel."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import ChatFullInfo
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden

from bot.logs import log_event
from bot.render.html import escape, pack
from bot.render.replies import channels_html, failing_feeds_html, feeds_html, subscriptions_lines
from bot.render.texts import topic_name
from bot.store.chats import (
    active_chat_count,
    channels,
    ensure_chat,
    find_channel,
    forget_chat,
    keywords_of,
    subscriber_count,
    topics_of,
)
from bot.store.feeds import all_feeds
from bot.store.health import feed_statuses
from bot.store.models import Chat, ChatKind, Feed, FeedState
from bot.store.queries import counts_since
from bot.telegram.args import ArgError, parse_channel_ref, unquote
from bot.telegram.handlers.subscriptions import toggle_topic
from bot.telegram.handlers.turn import ADMIN_STATUSES, Turn
from bot.telegram.keyboards import topics_keyboard

log = logging.getLogger(__name__)

CHANNEL_ACTIONS = ("topics", "list", "unlink")


def _stats(session: Session, since: datetime) -> tuple[dict[str, int], list[Feed]]:
    items, alerts = counts_since(session, since)
    feeds = all_feeds(session)
    failing = [
        f
        for f in feeds
        if f.state == FeedState.GONE or (f.state == FeedState.ACTIVE and f.error_count > 0)
    ]
    figures = {
        "subscribers": subscriber_count(session),
        "active": active_chat_count(session),
        "items": items,
        "alerts": alerts,
        "errors": len(failing),
        "feeds": len(feeds),
    }
    return figures, failing


async def stats(turn: Turn) -> None:
    """Subscribers, chats, today's items and alerts (the operator's day), feeds in error."""
    local = turn.now.astimezone(ZoneInfo(turn.tz))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    figures, failing = await turn.db(lambda s: _stats(s, midnight))
    await turn.reply_all(failing_feeds_html(turn.text("stats", **figures), failing))


async def feeds(turn: Turn) -> None:
    """Every feed with its kind, state (health), last success, errors and usual cadence."""
    stored = await turn.db(feed_statuses)
    if not stored:
        await turn.reply(turn.text("feeds_empty"))
        return
    await turn.reply_all(feeds_html(stored))


def _label(chat: ChatFullInfo) -> str:
    return f"@{chat.username}" if chat.username else chat.title or str(chat.id)


def _link(session: Session, channel_id: int, label: str, operator: int, lang: str) -> set[str]:
    chat = ensure_chat(session, channel_id, ChatKind.CHANNEL, label)
    chat.linked_by, chat.ui_lang = operator, lang
    session.add(chat)
    return topics_of(session, channel_id)


async def link(turn: Turn) -> None:
    """`/link @channel`: a channel the bot administers gets topics, chosen here."""
    if len(turn.args) != 1:
        await turn.reply(turn.text("link_usage"))
        return
    given = turn.args[0]
    bot = turn.context.bot
    try:
        channel = await bot.get_chat(parse_channel_ref(given).api_value)
    except BadRequest:
        raise ArgError("channel_not_found", {"given": given}) from None
    if channel.type != ChatType.CHANNEL:
        raise ArgError("not_a_channel", {"given": given})
    label = _label(channel)
    try:
        member = await bot.get_chat_member(channel.id, bot.id)
    except (BadRequest, Forbidden):
        member = None
    if member is None or member.status not in ADMIN_STATUSES:
        raise ArgError("bot_not_admin", {"channel": label})
    operator = turn.user_id
    assert operator is not None
    subscribed = await turn.db(lambda s: _link(s, channel.id, label, operator, turn.lang))
    log_event(log, logging.INFO, "channel_linked", channel_id=channel.id, by=operator)
    keyboard = topics_keyboard(turn.sign, turn.deps.topic_pairs, subscribed, turn.lang, channel.id)
    await turn.reply(turn.text("channel_linked", channel=label, id=channel.id), keyboard)


def _channel_rows(session: Session) -> list[tuple[int, str, int]]:
    return [(c.id, c.title or str(c.id), len(topics_of(session, c.id))) for c in channels(session)]


def _channel_summary(
    session: Session, channel: Chat, names: dict[str, str], now: datetime
) -> list[str]:
    subscribed = topics_of(session, channel.id)
    keywords = [k.text for k in keywords_of(session, channel.id)]
    shown = [name for tid, name in names.items() if tid in subscribed]
    return subscriptions_lines(channel, shown, keywords, now)


async def channel(turn: Turn) -> None:
    """`/channel` lists linked channels; `/channel ID topics|list|unlink` manages one."""
    args = turn.args
    if not args:
        await turn.reply_all(channels_html(await turn.db(_channel_rows), turn.lang))
        return
    if len(args) > 2 or (len(args) == 2 and args[1].lower() not in CHANNEL_ACTIONS):
        await turn.reply(turn.text("channel_usage"))
        return
    action = args[1].lower() if len(args) == 2 else "topics"
    found = await turn.db(lambda s: find_channel(s, unquote(args[0])))
    if found is None:
        raise ArgError("channel_unknown", {"given": args[0]})
    label = found.title or str(found.id)
    if action == "unlink":
        await turn.db(lambda s: forget_chat(s, found.id))
        await turn.reply(turn.text("channel_unlinked", channel=label))
    elif action == "list":
        names = {tid: topic_name(found.ui_lang, tid, name) for tid, name, _ in turn.deps.topics}
        lines = await turn.db(lambda s: _channel_summary(s, found, names, turn.now))
        await turn.reply_all(pack([escape(label), *lines]))
    else:
        subscribed = await turn.db(lambda s: topics_of(s, found.id))
        keyboard = topics_keyboard(
            turn.sign, turn.deps.topic_pairs, subscribed, turn.lang, found.id
        )
        await turn.reply(turn.text("channel_topics_prompt", channel=label), keyboard)


async def channel_button(turn: Turn, rest: str) -> None:
    """`c:<channel id>:<topic>`: toggle a topic of a linked channel (operators only)."""
    if not turn.deps.is_admin(turn.user_id):
        await turn.answer("not_allowed", show_alert=True)
        return
    raw_id, _, topic_id = rest.partition(":")
    channel_id = int(raw_id) if raw_id.lstrip("-").isdecimal() and raw_id.isascii() else None
    found = (
        await turn.db(lambda s: find_channel(s, str(channel_id)))
        if channel_id is not None
        else None
    )
    if found is None or topic_id not in turn.deps.topic_ids:
        await turn.answer("cb_outdated")
        return
    await toggle_topic(turn, found.id, topic_id)
