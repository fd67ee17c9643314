"""Reading what happened: /list, /digest, /latest and /trend."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import Session

from bot.delivery.digests import load_digest
from bot.domain import DigestItem
from bot.render.digests import digest_html
from bot.render.html import clip, pack
from bot.render.replies import latest_html, subscriptions_lines
from bot.render.texts import help_text, plain
from bot.store.chats import keywords_of, set_last_digest, topics_of
from bot.store.feeds import outlet_kinds
from bot.store.queries import latest_items, stories_per_topic_per_day, story_count
from bot.stories.digest import MAX_PERIOD
from bot.telegram.args import parse_digest_args, parse_latest_count, parse_trend_args
from bot.telegram.handlers.turn import Turn

FIRST_DIGEST_PERIOD = timedelta(hours=24)
_TOPIC_IN_CAPTION = 100


def _subscriptions(session: Session, chat_id: int) -> tuple[set[str], list[str]]:
    return topics_of(session, chat_id), [k.text for k in keywords_of(session, chat_id)]


async def list_(turn: Turn) -> None:
    """/list: topics, keywords and settings."""
    subscribed, keywords = await turn.db(lambda s: _subscriptions(s, turn.chat_id))
    names = [name for tid, name in turn.topic_names().items() if tid in subscribed]
    assert turn.chat is not None
    await turn.reply_all(pack(subscriptions_lines(turn.chat, names, keywords, turn.now)))


async def digest(turn: Turn) -> None:
    """`/digest [period] [topic]`: what happened since the last digest, or in the period."""
    request = parse_digest_args(turn.args, turn.deps.topic_pairs)
    subscribed, keywords = await turn.db(lambda s: _subscriptions(s, turn.chat_id))
    if not subscribed and not keywords:
        await turn.reply(turn.text("no_subscriptions"))
        return
    topic = request.topic_id
    if topic is not None and topic not in subscribed:
        await turn.reply(
            turn.text("digest_not_subscribed", topic=turn.topic(topic), topic_id=topic)
        )
        return
    now = turn.now
    assert turn.chat is not None
    if request.period is not None:
        start = now - request.period
    else:
        start = turn.chat.last_digest_at or now - FIRST_DIGEST_PERIOD
    start = min(max(start, now - MAX_PERIOD), now)
    built, kinds = await turn.db(
        lambda s: (
            load_digest(s, turn.chat_id, start, now, turn.deps.topic_ids, topic),
            outlet_kinds(s),
        )
    )
    await turn.reply_all(digest_html(built, turn.tz, turn.lang, turn.topic_names(), kinds))
    if topic is None:
        await turn.db(lambda s: set_last_digest(s, turn.chat_id, now))


async def latest(turn: Turn) -> None:
    """`/latest [n]`: the newest matching items, already published or not."""
    count = parse_latest_count(turn.args)
    items: list[DigestItem] = await turn.db(lambda s: latest_items(s, turn.chat_id, count))
    if not items:
        await turn.reply(turn.text("latest_empty"))
        return
    await turn.reply_all(latest_html(items, turn.tz, turn.lang))


async def trend(turn: Turn) -> None:
    """`/trend [7d|30d] [topic]`: a chart of stories per topic per day, as a photo."""
    request = parse_trend_args(turn.args, turn.deps.topic_pairs)
    tz, lang = turn.tz, turn.lang
    start, end = request.window(turn.now, tz)
    topics = [request.topic_id] if request.topic_id is not None else None
    counts, total = await turn.db(
        lambda s: (
            stories_per_topic_per_day(s, start, end, topics, tz),
            story_count(s, start, end, topics),
        )
    )
    days = request.days
    scope: dict[str, object] = {}
    suffix = "all"
    if request.topic_id is not None:
        scope = {"topic": clip(turn.topic(request.topic_id), _TOPIC_IN_CAPTION)}
        suffix = "topic"
    if total == 0:
        await turn.reply(turn.text(f"trend_empty_{suffix}", days=days, **scope))
        return
    title = plain(lang, f"trend_title_{suffix}", days=days, **scope)
    # Imported here: matplotlib and numpy are half of the service's memory, for a command
    # some chats never send.
    from bot.render.trend import render_trend_png

    png = await asyncio.to_thread(
        render_trend_png, counts, turn.topic_names(), title, f"day ({tz})"
    )
    amount = plain(lang, "trend_total_one" if total == 1 else "trend_total_many", count=total)
    await turn.reply_photo(
        png, turn.text(f"trend_caption_{suffix}", days=days, total=amount, **scope)
    )


async def help_(turn: Turn) -> None:
    """The commands, and the operators' too for operators."""
    await turn.reply(help_text(turn.lang, turn.deps.is_admin(turn.user_id)))
