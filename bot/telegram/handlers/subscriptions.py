"""Choosing what to follow: /start, /topics, /subscribe, /unsubscribe and their buttons."""

from __future__ import annotations

from sqlmodel import Session

from bot.store.chats import (
    MAX_KEYWORDS_PER_CHAT,
    KeywordLimitReached,
    add_keyword,
    keywords_of,
    remove_keyword,
    set_topic,
    topics_of,
)
from bot.store.models import Keyword
from bot.telegram.args import (
    ArgError,
    TopicTarget,
    named_keyword,
    parse_new_keyword,
    parse_target,
)
from bot.telegram.handlers.turn import Turn
from bot.telegram.keyboards import topics_keyboard, unsubscribe_keyboard


async def start(turn: Turn) -> None:
    await _with_topics(turn, "start")


async def topics(turn: Turn) -> None:
    await _with_topics(turn, "topics_prompt")


async def _with_topics(turn: Turn, text_key: str) -> None:
    """A text and the topic keyboard, ✓ on the chat's subscriptions."""
    subscribed = await turn.db(lambda s: topics_of(s, turn.chat_id))
    keyboard = topics_keyboard(turn.sign, turn.deps.topic_pairs, subscribed, turn.lang)
    await turn.reply(turn.text(text_key), keyboard)


async def subscribe(turn: Turn) -> None:
    """`/subscribe <topic | word | "phrase">`; without one, the topic keyboard."""
    if not turn.args:
        await topics(turn)
        return
    if not await turn.may_change_or_say_so():
        return
    target = parse_target(turn.raw_args, turn.deps.topic_pairs)
    if isinstance(target, TopicTarget):
        changed = await turn.db(lambda s: set_topic(s, turn.chat_id, target.topic_id, True))
        key = "subscribed_topic" if changed else "already_topic"
        await turn.reply(turn.text(key, topic=turn.topic(target.topic_id)))
        return
    normalized = parse_new_keyword(target.text)
    try:
        keyword = await turn.db(lambda s: add_keyword(s, turn.chat_id, target.text, normalized))
    except KeywordLimitReached:
        raise ArgError("keyword_limit", {"max": str(MAX_KEYWORDS_PER_CHAT)}) from None
    if keyword is None:
        await turn.reply(turn.text("keyword_exists", keyword=target.text))
        return
    await turn.reply(turn.text("keyword_added", keyword=target.text))


async def unsubscribe(turn: Turn) -> None:
    """`/unsubscribe <topic | keyword>`; without one, a button per subscription."""
    if not turn.args:
        await _unsubscribe_buttons(turn)
        return
    if not await turn.may_change_or_say_so():
        return
    normalized = named_keyword(turn.raw_args)
    if normalized is not None:
        removed = await turn.db(lambda s: remove_keyword(s, turn.chat_id, normalized))
        if removed is not None:
            await turn.reply(turn.text("keyword_removed", keyword=removed.text))
            return
    target = parse_target(turn.raw_args, turn.deps.topic_pairs)
    if not isinstance(target, TopicTarget):
        await turn.reply(turn.text("keyword_unknown", keyword=target.text))
        return
    changed = await turn.db(lambda s: set_topic(s, turn.chat_id, target.topic_id, False))
    key = "unsubscribed_topic" if changed else "not_subscribed_topic"
    await turn.reply(turn.text(key, topic=turn.topic(target.topic_id)))


def _subscriptions(session: Session, chat_id: int) -> tuple[set[str], list[Keyword]]:
    return topics_of(session, chat_id), keywords_of(session, chat_id)


async def _unsubscribe_buttons(turn: Turn) -> None:
    subscribed, keywords = await turn.db(lambda s: _subscriptions(s, turn.chat_id))
    keyboard = unsubscribe_keyboard(
        turn.sign, turn.deps.topic_pairs, subscribed, keywords, turn.lang
    )
    key = "unsubscribe_prompt" if keyboard else "nothing_subscribed"
    await turn.reply(turn.text(key), keyboard)


def _toggle(session: Session, chat_id: int, topic_id: str) -> tuple[set[str], bool]:
    """Flip one topic of a chat; (its topics now, whether it is now subscribed)."""
    now_on = topic_id not in topics_of(session, chat_id)
    set_topic(session, chat_id, topic_id, now_on)
    session.flush()
    return topics_of(session, chat_id), now_on


async def toggle_topic(turn: Turn, chat_id: int, topic_id: str) -> None:
    """A topic button: subscribe or unsubscribe `chat_id` (this chat, or a linked channel)."""
    subscribed, now_on = await turn.db(lambda s: _toggle(s, chat_id, topic_id))
    channel = None if chat_id == turn.chat_id else chat_id
    await turn.edit_buttons(
        topics_keyboard(turn.sign, turn.deps.topic_pairs, subscribed, turn.lang, channel)
    )
    await turn.answer("cb_subscribed" if now_on else "cb_unsubscribed", topic=turn.topic(topic_id))


async def topic_button(turn: Turn, topic_id: str) -> None:
    """`t:<topic>`: toggle a topic of this chat."""
    if topic_id not in turn.deps.topic_ids:
        await turn.answer("cb_outdated")
        return
    await toggle_topic(turn, turn.chat_id, topic_id)


def _unsubscribe(
    session: Session, chat_id: int, what: str, ident: str
) -> tuple[Keyword | None, bool]:
    """Remove a topic (`t`) or one of the chat's own keywords (`k`, by id).

    (the keyword removed, whether a topic was removed).  A keyword id that is not this
    chat's removes nothing.
    """
    if what == "t":
        return None, set_topic(session, chat_id, ident, False)
    keyword = next((k for k in keywords_of(session, chat_id) if str(k.id) == ident), None)
    if keyword is not None:
        remove_keyword(session, chat_id, keyword.normalized)
    return keyword, False


async def unsubscribe_button(turn: Turn, rest: str) -> None:
    """`u:t:<topic>` or `u:k:<keyword id>`: remove one subscription, update the buttons."""
    what, _, ident = rest.partition(":")
    if not ((what == "t" and ident in turn.deps.topic_ids) or what == "k"):
        await turn.answer("cb_outdated")
        return
    removed, _ = await turn.db(lambda s: _unsubscribe(s, turn.chat_id, what, ident))
    subscribed, keywords = await turn.db(lambda s: _subscriptions(s, turn.chat_id))
    keyboard = unsubscribe_keyboard(
        turn.sign, turn.deps.topic_pairs, subscribed, keywords, turn.lang
    )
    if keyboard is None:
        await turn.edit(turn.text("nothing_subscribed"), None)
    else:
        await turn.edit_buttons(keyboard)
    if what == "t":
        await turn.answer("cb_unsubscribed", topic=turn.topic(ident))
    elif removed is not None:
        await turn.answer("cb_keyword_removed", keyword=removed.text)
    else:
        await turn.answer("cb_outdated")
