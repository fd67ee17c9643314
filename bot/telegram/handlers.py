"""The conversation: command, button and membership handlers.

Every handler opens its own `Session`, commits, and answers in the chat's
language with Telegram HTML in which every interpolated value is escaped.  Store
calls are synchronous and short; running them on the event loop keeps one chat's
concurrent updates from interleaving inside a transaction.

In groups anyone may read (/list, /digest, /latest, /topics); only the group's
administrators may change its subscriptions or settings.  Channels are linked
and managed by operators from a private chat (/link, /channel).
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select
from telegram import (
    Chat as TgChat,
)
from telegram import (
    ChatFullInfo,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.digest import MAX_PERIOD, build_digest, digest_html
from bot.logs import log_event
from bot.matching.rules import MAX_KEYWORD_LENGTH, parse_keyword
from bot.render import MAX_TITLE, clip, escape, escape_attr, hashtag, local_time, pack
from bot.report import feeds_table
from bot.schedule import next_digest_at
from bot.store.chats import (
    MAX_KEYWORDS_PER_CHAT,
    KeywordLimitReached,
    active_chat_count,
    add_keyword,
    deactivate_chat,
    ensure_chat,
    forget_chat,
    keywords_of,
    migrate_chat,
    remove_keyword,
    set_topic,
    subscriber_count,
    topics_of,
)
from bot.store.deliveries import counts_since
from bot.store.feeds import all_feeds
from bot.store.models import Chat, ChatKind, FeedState, Keyword
from bot.store.queries import (
    digest_items,
    last_match_at,
    latest_items,
    stories_per_topic_per_day,
    story_count,
)
from bot.stories.trend import render_trend_png
from bot.telegram.args import (
    ArgError,
    KeywordTarget,
    SettingChange,
    TopicTarget,
    parse_channel_ref,
    parse_digest_args,
    parse_duration,
    parse_latest_count,
    parse_setting,
    parse_target,
    parse_trend_args,
    split_args,
    unquote,
)
from bot.telegram.deps import BotDeps
from bot.telegram.keyboards import settings_keyboard, topics_keyboard, unsubscribe_keyboard
from bot.telegram.texts import (
    ADMIN_COMMANDS,
    PUBLIC_COMMANDS,
    help_text,
    lang_of,
    plain,
    t,
    topic_name,
)

log = logging.getLogger(__name__)

HTML = ParseMode.HTML
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
ADMIN_STATUSES = frozenset({ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER})
_KINDS = {
    ChatType.PRIVATE: ChatKind.PRIVATE,
    ChatType.GROUP: ChatKind.GROUP,
    ChatType.SUPERGROUP: ChatKind.SUPERGROUP,
    ChatType.CHANNEL: ChatKind.CHANNEL,
}
_PRE_WRAP = len("<pre></pre>")
_TOPIC_IN_CAPTION = 100



def _quote(message: Message, chat: TgChat) -> ReplyParameters | None:
    """In groups an answer quotes the command, even if that message is gone meanwhile."""
    if chat.type == ChatType.PRIVATE:
        return None
    return ReplyParameters(message.message_id, allow_sending_without_reply=True)

class TokenBucket:
    """Per-user command budget: `capacity` at once, refilled at `rate` per second.

    Past the budget a user gets one "slow down" answer, then silence until the
    bucket has refilled a little: a flood costs the bot one message.
    """

    MAX_USERS = 10_000

    def __init__(
        self, capacity: float = 10, rate: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        self.capacity = capacity
        self.rate = rate
        self._clock = clock
        self._state: dict[int, tuple[float, float, bool]] = {}

    def take(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, warn): warn is true for the first refusal of a flood."""
        now = self._clock()
        tokens, at, warned = self._state.get(user_id, (self.capacity, now, False))
        tokens = min(self.capacity, tokens + (now - at) * self.rate)
        if tokens >= 1:
            self._state[user_id] = (tokens - 1, now, False)
            return True, False
        self._state[user_id] = (tokens, now, True)
        if len(self._state) > self.MAX_USERS:
            self._forget_idle(now)
        return False, not warned

    def _forget_idle(self, now: float) -> None:
        full = [u for u, (tok, at, _) in self._state.items()
                if tok + (now - at) * self.rate >= self.capacity]  # fmt: skip
        for user_id in full:
            del self._state[user_id]


@dataclass(frozen=True)
class _Here:
    """The chat an update is about, as stored, read inside one session."""

    id: int
    lang: str
    tz: str


def _raw_args(message: Message) -> str:
    """Everything after the command, quotes and all (`context.args` loses quoting)."""
    text = message.text or ""
    parts = text.split(None, 1)
    return parts[1] if len(parts) > 1 else ""


def _kind(chat: TgChat) -> ChatKind:
    return _KINDS.get(ChatType(chat.type), ChatKind.PRIVATE)


def _chat_label(chat: ChatFullInfo) -> str:
    return f"@{chat.username}" if chat.username else chat.title or str(chat.id)


class Conversation:
    """The handlers, bound to the program's dependencies."""

    def __init__(self, deps: BotDeps, bucket: TokenBucket | None = None) -> None:
        self.deps = deps
        self.bucket = bucket or TokenBucket()

    # ------------------------------------------------------------------ helpers

    def _chat_row(self, session: Session, update: Update) -> Chat:
        tg = update.effective_chat
        assert tg is not None
        existing = session.get(Chat, tg.id)
        title = tg.title if tg.type != ChatType.PRIVATE else None
        chat = ensure_chat(session, tg.id, _kind(tg), title)
        if existing is None and update.effective_user is not None:
            code = (update.effective_user.language_code or "").split("-")[0]
            chat.ui_lang = lang_of(code)
            session.add(chat)
        return chat

    def _peek_lang(self, session: Session, update: Update) -> str:
        """The chat's language without creating its row."""
        tg = update.effective_chat
        row = session.get(Chat, tg.id) if tg is not None else None
        if row is not None:
            return row.ui_lang
        user = update.effective_user
        return lang_of(((user.language_code if user else None) or "").split("-")[0])

    def _names(self, lang: str) -> dict[str, str]:
        return {tid: topic_name(lang, tid, name) for tid, name, _ in self.deps.topics}

    def _name(self, lang: str, topic_id: str) -> str:
        return self._names(lang).get(topic_id, topic_id)

    async def _reply(
        self,
        update: Update,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> Message | None:
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None:
            return None
        return await message.get_bot().send_message(
            chat.id, text, parse_mode=HTML, link_preview_options=NO_PREVIEW,
            reply_markup=markup, reply_parameters=_quote(message, chat),
        )  # fmt: skip

    async def _reply_photo(self, update: Update, png: bytes, caption: str) -> Message | None:
        """A photo with an HTML caption, quoting the command in groups like `_reply`."""
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None:
            return None
        return await message.get_bot().send_photo(
            chat.id, png, caption=caption, parse_mode=HTML,
            reply_parameters=_quote(message, chat),
            filename="trend.png",
        )  # fmt: skip

    async def _reply_all(self, update: Update, parts: Sequence[str]) -> None:
        for part in parts:
            await self._reply(update, part)

    async def _may_change(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """Private chats always; in a group, only its administrators (anonymous ones too)."""
        chat = update.effective_chat
        if chat is None:
            return False
        if chat.type == ChatType.PRIVATE:
            return True
        if chat.type == ChatType.CHANNEL:
            return False
        message = update.message
        if message is not None and message.sender_chat is not None:
            return message.sender_chat.id == chat.id
        user = update.effective_user
        if user is None:
            return False
        member = await context.bot.get_chat_member(chat.id, user.id)
        return member.status in ADMIN_STATUSES

    async def _refuse_non_admin(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """True (and a polite refusal sent) when the sender may not change this chat."""
        if await self._may_change(update, context):
            return False
        with Session(self.deps.engine) as session:
            lang = self._peek_lang(session, update)
        await self._reply(update, t(lang, "group_admins_only"))
        return True

    # ---------------------------------------------------------------- throttling

    async def throttle(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Runs before every handler: a user past their budget is answered once, then ignored."""
        user = update.effective_user
        is_command = update.message is not None and (update.message.text or "").startswith("/")
        if user is None or not (is_command or update.callback_query is not None):
            return
        allowed, warn = self.bucket.take(user.id)
        if allowed:
            return
        if warn:
            with Session(self.deps.engine) as session:
                lang = self._peek_lang(session, update)
            if update.callback_query is not None:
                await update.callback_query.answer(plain(lang, "slow_down"))
            else:
                await self._reply(update, t(lang, "slow_down"))
        log_event(log, logging.INFO, "throttled", user_id=user.id, warned=warn)
        raise ApplicationHandlerStop

    # ------------------------------------------------------------------ commands

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply_with_topics(update, "start")

    async def topics(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply_with_topics(update, "topics_prompt")

    async def _reply_with_topics(self, update: Update, text_key: str) -> None:
        """A text and the topic keyboard, ✓ on the chat's subscriptions."""
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            lang, subscribed = chat.ui_lang, topics_of(session, chat.id)
            session.commit()
        keyboard = topics_keyboard(self.deps.topic_pairs, subscribed, lang)
        await self._reply(update, t(lang, text_key), keyboard)

    async def subscribe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        raw = _raw_args(update.effective_message)
        if not split_args(raw):
            await self.topics(update, context)
            return
        if await self._refuse_non_admin(update, context):
            return
        new_keyword: Keyword | None = None
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            lang = chat.ui_lang
            try:
                target = parse_target(raw, self.deps.topic_pairs)
            except ArgError as exc:
                session.commit()
                await self._reply(update, t(lang, exc.key, **exc.params))
                return
            if isinstance(target, TopicTarget):
                changed = set_topic(session, chat.id, target.topic_id, True)
                key = "subscribed_topic" if changed else "already_topic"
                text = t(lang, key, topic=self._name(lang, target.topic_id))
            else:
                text, new_keyword = self._add_keyword(session, chat, target)
            session.commit()
            if new_keyword is not None and new_keyword.id is not None:
                self.deps.matcher.add_keyword(str(new_keyword.id), new_keyword.normalized)
        await self._reply(update, text)

    def _add_keyword(
        self, session: Session, chat: Chat, target: KeywordTarget
    ) -> tuple[str, Keyword | None]:
        lang, text = chat.ui_lang, target.text
        if len(text) > MAX_KEYWORD_LENGTH:
            return t(lang, "keyword_too_long", max=MAX_KEYWORD_LENGTH), None
        if not any(c.isalpha() for c in text):
            return t(lang, "keyword_no_letters"), None
        try:
            normalized = parse_keyword(text)
        except ValueError as exc:
            return t(lang, "keyword_invalid", reason=str(exc)), None
        try:
            keyword = add_keyword(session, chat.id, text, normalized)
        except KeywordLimitReached:
            return t(lang, "keyword_limit", max=MAX_KEYWORDS_PER_CHAT), None
        if keyword is None:
            return t(lang, "keyword_exists", keyword=text), None
        return t(lang, "keyword_added", keyword=text), keyword

    async def unsubscribe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        raw = _raw_args(update.effective_message)
        if not split_args(raw):
            with Session(self.deps.engine) as session:
                chat = self._chat_row(session, update)
                lang = chat.ui_lang
                keyboard = unsubscribe_keyboard(
                    self.deps.topic_pairs, topics_of(session, chat.id),
                    keywords_of(session, chat.id), lang,
                )  # fmt: skip
                session.commit()
            key = "unsubscribe_prompt" if keyboard else "nothing_subscribed"
            await self._reply(update, t(lang, key), keyboard)
            return
        if await self._refuse_non_admin(update, context):
            return
        removed: Keyword | None = None
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            lang = chat.ui_lang
            removed = self._own_keyword(session, chat.id, raw)
            if removed is not None:
                remove_keyword(session, chat.id, removed.normalized)
                text = t(lang, "keyword_removed", keyword=removed.text)
            else:
                try:
                    target = parse_target(raw, self.deps.topic_pairs)
                except ArgError as exc:
                    await self._reply(update, t(lang, exc.key, **exc.params))
                    return
                if isinstance(target, TopicTarget):
                    changed = set_topic(session, chat.id, target.topic_id, False)
                    key = "unsubscribed_topic" if changed else "not_subscribed_topic"
                    text = t(lang, key, topic=self._name(lang, target.topic_id))
                else:
                    text = t(lang, "keyword_unknown", keyword=target.text)
            session.commit()
            if removed is not None and removed.id is not None:
                self.deps.matcher.remove_keyword(str(removed.id))
        await self._reply(update, text)

    @staticmethod
    def _own_keyword(session: Session, chat_id: int, raw: str) -> Keyword | None:
        """The chat's keyword that `raw` names, if any (quotes and case ignored)."""
        wanted = " ".join(unquote(a) for a in split_args(raw))
        try:
            normalized = parse_keyword(wanted)
        except ValueError:
            return None
        return next((k for k in keywords_of(session, chat_id) if k.normalized == normalized),
                    None)  # fmt: skip

    async def list_(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            lines = self._summary(session, chat)
            session.commit()
        await self._reply_all(update, pack(lines))

    def _summary(self, session: Session, chat: Chat) -> list[str]:
        lang = chat.ui_lang
        subscribed = topics_of(session, chat.id)
        names = [self._name(lang, tid) for tid in self.deps.topic_ids if tid in subscribed]
        keywords = [k.text for k in keywords_of(session, chat.id)]
        none = t(lang, "list_none")
        now = self.deps.clock()
        lines = [
            t(lang, "list_header"),
            t(lang, "list_topics", topics=", ".join(names) if names else none),
            t(lang, "list_keywords",
              keywords=", ".join(f"“{k}”" for k in keywords) if keywords else none),
        ]  # fmt: skip
        return lines + self._settings_lines(chat, now)

    def _settings_lines(self, chat: Chat, now: datetime) -> list[str]:
        lang = chat.ui_lang
        muted = chat.muted_until is not None and chat.muted_until > now
        return [
            t(lang, "list_muted", until=local_time(chat.muted_until, chat.timezone))
            if muted and chat.muted_until is not None else t(lang, "list_not_muted"),
            t(lang, "list_timezone", tz=chat.timezone),
            t(lang, "list_digest", time=chat.digest_time)
            if chat.digest_time else t(lang, "list_digest_off"),
            t(lang, "list_lang"),
            t(lang, "list_mode_every") if chat.every_item else t(lang, "list_mode_first"),
        ]  # fmt: skip

    async def digest(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        args = split_args(_raw_args(update.effective_message))
        now = self.deps.clock()
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            here = _Here(chat.id, chat.ui_lang, chat.timezone)
            last_digest = chat.last_digest_at
            subscribed = topics_of(session, chat.id)
            has_keywords = bool(keywords_of(session, chat.id))
            session.commit()
            lang = here.lang
            try:
                request = parse_digest_args(args, self.deps.topic_pairs)
            except ArgError as exc:
                await self._reply(update, t(lang, exc.key, **exc.params))
                return
            if not subscribed and not has_keywords:
                await self._reply(update, t(lang, "no_subscriptions"))
                return
            if request.topic_id is not None and request.topic_id not in subscribed:
                await self._reply(update, t(lang, "digest_not_subscribed",
                                            topic=self._name(lang, request.topic_id),
                                            topic_id=request.topic_id))  # fmt: skip
                return
            if request.period is not None:
                start = now - request.period
            else:
                start = last_digest or now - timedelta(hours=24)
            start = min(max(start, now - MAX_PERIOD), now)
            items = digest_items(session, here.id, start, now, request.topic_id)
            last = None if items else last_match_at(session, here.id, request.topic_id)
        digest = build_digest(items, self.deps.topic_ids, start, now, last)
        await self._reply_all(update, digest_html(digest, here.tz, lang, self._names(lang)))
        if request.topic_id is None:
            with Session(self.deps.engine) as session:
                row = session.get(Chat, here.id)
                if row is not None:
                    row.last_digest_at = now
                    session.add(row)
                    session.commit()

    async def latest(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        args = split_args(_raw_args(update.effective_message))
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            here = _Here(chat.id, chat.ui_lang, chat.timezone)
            session.commit()
            try:
                count = parse_latest_count(args)
            except ArgError as exc:
                await self._reply(update, t(here.lang, exc.key, **exc.params))
                return
            items = latest_items(session, here.id, count)
        if not items:
            await self._reply(update, t(here.lang, "latest_empty"))
            return
        blocks = [t(here.lang, "latest_header", count=len(items))]
        for item in items:
            title = escape(clip(item.title, MAX_TITLE))
            head = f'<a href="{escape_attr(item.link)}">{title}</a>' if item.link else title
            tags = " ".join(hashtag(topic) for topic in item.topics)
            when = local_time(item.published, here.tz)
            blocks.append(f"• {head}\n  {escape(item.outlet)} · {when} {tags}".rstrip())
        await self._reply_all(update, pack(blocks))

    async def trend(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/trend [7d|30d] [topic]`: a chart of stories per topic per day, as a photo."""
        assert update.effective_message is not None
        args = split_args(_raw_args(update.effective_message))
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            lang, tz = chat.ui_lang, chat.timezone
            session.commit()
            try:
                request = parse_trend_args(args, self.deps.topic_pairs)
            except ArgError as exc:
                await self._reply(update, t(lang, exc.key, **exc.params))
                return
            start, end = request.window(self.deps.clock(), tz)
            topics = [request.topic_id] if request.topic_id is not None else None
            counts = stories_per_topic_per_day(session, start, end, topics, tz)
            total = story_count(session, start, end, topics)
        days = request.days
        if request.topic_id is None:
            scope: dict[str, object] = {}
            suffix = "all"
        else:
            scope = {"topic": clip(self._name(lang, request.topic_id), _TOPIC_IN_CAPTION)}
            suffix = "topic"
        if total == 0:
            await self._reply(update, t(lang, f"trend_empty_{suffix}", days=days, **scope))
            return
        title = plain(lang, f"trend_title_{suffix}", days=days, **scope)
        png = await asyncio.to_thread(render_trend_png, counts, self._names(lang), title,
                                      f"day ({tz})")
        amount = plain(lang, "trend_total_one" if total == 1 else "trend_total_many",
                       count=total)  # fmt: skip
        caption = t(lang, f"trend_caption_{suffix}", days=days, total=amount, **scope)
        await self._reply_photo(update, png, caption)

    async def mute(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        raw = _raw_args(update.effective_message)
        if await self._refuse_non_admin(update, context):
            return
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            lang = chat.ui_lang
            if not split_args(raw):
                text = t(lang, "mute_usage")
            else:
                try:
                    until = self.deps.clock() + parse_duration(raw)
                except ArgError as exc:
                    text = t(lang, exc.key, **exc.params)
                else:
                    chat.muted_until = until
                    session.add(chat)
                    text = t(lang, "muted", until=local_time(until, chat.timezone))
            session.commit()
        await self._reply(update, text)

    async def unmute(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self._refuse_non_admin(update, context):
            return
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            lang = chat.ui_lang
            was_muted = chat.muted_until is not None and chat.muted_until > self.deps.clock()
            chat.muted_until = None
            session.add(chat)
            session.commit()
        await self._reply(update, t(lang, "unmuted" if was_muted else "not_muted"))

    async def settings(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        args = split_args(_raw_args(update.effective_message))
        if args and await self._refuse_non_admin(update, context):
            return
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            if not args:
                text, markup = self._settings_view(chat), settings_keyboard(chat)
            else:
                markup = None
                try:
                    change = parse_setting(args)
                except ArgError as exc:
                    text = t(chat.ui_lang, exc.key, **exc.params)
                else:
                    text = self._apply_setting(chat, change)
                    session.add(chat)
            session.commit()
        await self._reply(update, text, markup)

    def _settings_view(self, chat: Chat) -> str:
        lines = [t(chat.ui_lang, "settings_header"),
                 *self._settings_lines(chat, self.deps.clock()),
                 "", t(chat.ui_lang, "settings_help")]  # fmt: skip
        return "\n".join(lines)

    def _apply_setting(self, chat: Chat, change: SettingChange) -> str:
        """Change `chat` in place; the confirmation in its (possibly new) language."""
        now = self.deps.clock()
        if change.name == "tz" and isinstance(change.value, str):
            chat.timezone = change.value
            self._reschedule(chat, now)
            return t(chat.ui_lang, "setting_tz", tz=chat.timezone)
        if change.name == "digest":
            if change.value is None:
                chat.digest_time, chat.next_digest_at = None, None
                return t(chat.ui_lang, "setting_digest_off")
            chat.digest_time = str(change.value)[:5]
            self._reschedule(chat, now)
            assert chat.next_digest_at is not None
            return t(chat.ui_lang, "setting_digest", time=chat.digest_time,
                     next=local_time(chat.next_digest_at, chat.timezone))  # fmt: skip
        if change.name == "lang" and isinstance(change.value, str):
            chat.ui_lang = change.value
            return t(chat.ui_lang, "setting_lang")
        chat.every_item = bool(change.value)
        return t(chat.ui_lang, "setting_every" if chat.every_item else "setting_first")

    @staticmethod
    def _reschedule(chat: Chat, now: datetime) -> None:
        if chat.digest_time is None:
            chat.next_digest_at = None
            return
        hours, minutes = (int(p) for p in chat.digest_time.split(":"))
        at = datetime.min.replace(hour=hours, minute=minutes).time()
        chat.next_digest_at = next_digest_at(now, at, ZoneInfo(chat.timezone))

    async def stop(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self._refuse_non_admin(update, context):
            return
        assert update.effective_chat is not None
        with Session(self.deps.engine) as session:
            lang = self._peek_lang(session, update)
            keyword_ids = forget_chat(session, update.effective_chat.id)
            session.commit()
        for keyword_id in keyword_ids:
            self.deps.matcher.remove_keyword(str(keyword_id))
        log_event(log, logging.INFO, "chat_forgotten", chat_id=update.effective_chat.id,
                  keywords=len(keyword_ids))  # fmt: skip
        await self._reply(update, t(lang, "stop_done"))

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        with Session(self.deps.engine) as session:
            lang = self._peek_lang(session, update)
        await self._reply(update, help_text(lang, self.deps.is_admin(user.id if user else None)))

    async def unknown(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A one-line hint, unless the command is another bot's (in groups: unaddressed)."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        command = (message.text or "").split(None, 1)[0]
        _, at, target = command.partition("@")
        if at:
            if target.lower() != (context.bot.username or "").lower():
                return
        elif chat.type != ChatType.PRIVATE:
            return
        with Session(self.deps.engine) as session:
            lang = self._peek_lang(session, update)
        await self._reply(update, t(lang, "unknown_command"))

    # ------------------------------------------------------------ operators

    async def _operator_lang(self, update: Update) -> str | None:
        """The language to answer an operator in, or None (after "not allowed")."""
        user = update.effective_user
        with Session(self.deps.engine) as session:
            lang = self._peek_lang(session, update)
        if not self.deps.is_admin(user.id if user else None):
            log_event(log, logging.WARNING, "admin_command_refused",
                      user_id=user.id if user else None)  # fmt: skip
            await self._reply(update, t(lang, "not_allowed"))
            return None
        return lang

    async def stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        lang = await self._operator_lang(update)
        if lang is None:
            return
        now = self.deps.clock()
        with Session(self.deps.engine) as session:
            tz = self._tz_of(session, update)
            local = now.astimezone(ZoneInfo(tz))
            midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
            items, alerts = counts_since(session, midnight)
            feeds = all_feeds(session)
            failing = [f for f in feeds if f.state == FeedState.GONE
                       or (f.state == FeedState.ACTIVE and f.error_count > 0)]  # fmt: skip
            text = t(lang, "stats", subscribers=subscriber_count(session),
                     active=active_chat_count(session), items=items, alerts=alerts,
                     errors=len(failing), feeds=len(feeds))  # fmt: skip
        blocks = [text] + [
            f"• {escape(f.name)}: {escape(clip(f.last_error or f.state.value, 120))}"
            for f in failing
        ]
        await self._reply_all(update, pack(blocks))

    def _tz_of(self, session: Session, update: Update) -> str:
        tg = update.effective_chat
        row = session.get(Chat, tg.id) if tg is not None else None
        return row.timezone if row is not None else Chat.model_fields["timezone"].default

    async def feeds(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        lang = await self._operator_lang(update)
        if lang is None:
            return
        with Session(self.deps.engine) as session:
            feeds = all_feeds(session)
            table = feeds_table(feeds) if feeds else ""
        if not table:
            await self._reply(update, t(lang, "feeds_empty"))
            return
        lines = [escape(line) for line in table.splitlines()]
        parts = pack(lines, limit=4096 - _PRE_WRAP)
        await self._reply_all(update, [f"<pre>{part}</pre>" for part in parts])

    async def link(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        lang = await self._operator_lang(update)
        if lang is None:
            return
        assert update.effective_message is not None and update.effective_user is not None
        args = split_args(_raw_args(update.effective_message))
        if len(args) != 1:
            await self._reply(update, t(lang, "link_usage"))
            return
        try:
            ref = parse_channel_ref(args[0])
        except ArgError as exc:
            await self._reply(update, t(lang, exc.key, **exc.params))
            return
        try:
            channel = await context.bot.get_chat(ref.api_value)
        except BadRequest:
            await self._reply(update, t(lang, "channel_not_found", given=args[0]))
            return
        if channel.type != ChatType.CHANNEL:
            await self._reply(update, t(lang, "not_a_channel", given=args[0]))
            return
        label = _chat_label(channel)
        try:
            member = await context.bot.get_chat_member(channel.id, context.bot.id)
        except (BadRequest, Forbidden):
            member = None
        if member is None or member.status not in ADMIN_STATUSES:
            await self._reply(update, t(lang, "bot_not_admin", channel=label))
            return
        with Session(self.deps.engine) as session:
            chat = ensure_chat(session, channel.id, ChatKind.CHANNEL, label)
            chat.linked_by = update.effective_user.id
            chat.ui_lang = lang
            session.add(chat)
            subscribed = topics_of(session, channel.id)
            session.commit()
        log_event(log, logging.INFO, "channel_linked", channel_id=channel.id,
                  by=update.effective_user.id)  # fmt: skip
        keyboard = topics_keyboard(self.deps.topic_pairs, subscribed, lang, channel.id)
        await self._reply(update, t(lang, "channel_linked", channel=label, id=channel.id), keyboard)

    async def channel(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/channel` lists linked channels; `/channel ID topics|list|unlink` manages one."""
        lang = await self._operator_lang(update)
        if lang is None:
            return
        assert update.effective_message is not None
        args = split_args(_raw_args(update.effective_message))
        if not args:
            await self._reply_all(update, self._channels_list(lang))
            return
        if len(args) > 2 or (len(args) == 2 and args[1].lower() not in
                             ("topics", "list", "unlink")):  # fmt: skip
            await self._reply(update, t(lang, "channel_usage"))
            return
        action = args[1].lower() if len(args) == 2 else "topics"
        with Session(self.deps.engine) as session:
            chat = self._linked_channel(session, args[0])
            if chat is None:
                await self._reply(update, t(lang, "channel_unknown", given=args[0]))
                return
            channel_id, label = chat.id, chat.title or str(chat.id)
            if action == "unlink":
                keyword_ids = forget_chat(session, channel_id)
                session.commit()
                for keyword_id in keyword_ids:
                    self.deps.matcher.remove_keyword(str(keyword_id))
                await self._reply(update, t(lang, "channel_unlinked", channel=label))
                return
            subscribed = topics_of(session, channel_id)
            lines = self._summary(session, chat)
        if action == "list":
            await self._reply_all(update, pack([escape(label), *lines]))
            return
        keyboard = topics_keyboard(self.deps.topic_pairs, subscribed, lang, channel_id)
        await self._reply(update, t(lang, "channel_topics_prompt", channel=label), keyboard)

    @staticmethod
    def _linked_channel(session: Session, given: str) -> Chat | None:
        value = unquote(given).lstrip("@").lower()
        channels = session.exec(select(Chat).where(col(Chat.kind) == ChatKind.CHANNEL)).all()
        for chat in channels:
            if str(chat.id) == value or (chat.title or "").lstrip("@").lower() == value:
                return chat
        return None

    def _channels_list(self, lang: str) -> list[str]:
        with Session(self.deps.engine) as session:
            channels = session.exec(
                select(Chat).where(col(Chat.kind) == ChatKind.CHANNEL).order_by(col(Chat.id))
            ).all()
            if not channels:
                return [t(lang, "channels_none")]
            rows = [
                f"• {escape(c.title or str(c.id))} · <code>{c.id}</code> · "
                f"{len(topics_of(session, c.id))}"
                for c in channels
            ]
        return pack([t(lang, "channels_header"), *rows])

    # ---------------------------------------------------------------- buttons

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        kind, _, rest = (query.data or "").partition(":")
        if kind == "c":
            await self._channel_button(update, context, rest)
            return
        if kind not in ("t", "u", "s"):
            await self._answer_outdated(update)
            return
        if not await self._may_change(update, context):
            with Session(self.deps.engine) as session:
                lang = self._peek_lang(session, update)
            await query.answer(plain(lang, "group_admins_only"), show_alert=True)
            return
        if kind == "t":
            await self._topic_button(update, rest)
        elif kind == "u":
            await self._unsubscribe_button(update, rest)
        else:
            await self._settings_button(update, rest)

    async def _answer_outdated(self, update: Update) -> None:
        assert update.callback_query is not None
        with Session(self.deps.engine) as session:
            lang = self._peek_lang(session, update)
        await update.callback_query.answer(plain(lang, "cb_outdated"))

    async def _edit_markup(self, update: Update, markup: InlineKeyboardMarkup | None) -> None:
        assert update.callback_query is not None
        try:
            await update.callback_query.edit_message_reply_markup(markup)
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                raise

    async def _edit_text(
        self, update: Update, text: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        assert update.callback_query is not None
        try:
            await update.callback_query.edit_message_text(
                text, parse_mode=HTML, link_preview_options=NO_PREVIEW, reply_markup=markup
            )
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                raise

    async def _toggle(self, chat_id: int, topic_id: str) -> tuple[set[str], bool]:
        """Flip one topic of a chat; (its topics now, whether it is now subscribed)."""
        with Session(self.deps.engine) as session:
            now_on = topic_id not in topics_of(session, chat_id)
            set_topic(session, chat_id, topic_id, now_on)
            session.commit()
            return topics_of(session, chat_id), now_on

    async def _topic_button(self, update: Update, topic_id: str) -> None:
        query = update.callback_query
        assert query is not None
        if topic_id not in self.deps.topic_ids:
            await self._answer_outdated(update)
            return
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            chat_id, lang = chat.id, chat.ui_lang
            session.commit()
        subscribed, now_on = await self._toggle(chat_id, topic_id)
        await self._edit_markup(update, topics_keyboard(self.deps.topic_pairs, subscribed, lang))
        key = "cb_subscribed" if now_on else "cb_unsubscribed"
        await query.answer(plain(lang, key, topic=self._name(lang, topic_id)))

    async def _channel_button(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, rest: str
    ) -> None:
        query = update.callback_query
        assert query is not None
        with Session(self.deps.engine) as session:
            lang = self._peek_lang(session, update)
        if not self.deps.is_admin(query.from_user.id):
            await query.answer(plain(lang, "not_allowed"), show_alert=True)
            return
        raw_id, _, topic_id = rest.partition(":")
        with Session(self.deps.engine) as session:
            chat = session.get(Chat, int(raw_id)) if raw_id.lstrip("-").isdigit() else None
            valid = chat is not None and chat.kind == ChatKind.CHANNEL
        if not valid or topic_id not in self.deps.topic_ids:
            await self._answer_outdated(update)
            return
        subscribed, now_on = await self._toggle(int(raw_id), topic_id)
        keyboard = topics_keyboard(self.deps.topic_pairs, subscribed, lang, int(raw_id))
        await self._edit_markup(update, keyboard)
        key = "cb_subscribed" if now_on else "cb_unsubscribed"
        await query.answer(plain(lang, key, topic=self._name(lang, topic_id)))

    async def _unsubscribe_button(self, update: Update, rest: str) -> None:
        query = update.callback_query
        assert query is not None
        what, _, ident = rest.partition(":")
        removed_id: int | None = None
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            lang = chat.ui_lang
            if what == "t" and ident in self.deps.topic_ids:
                set_topic(session, chat.id, ident, False)
                answer = plain(lang, "cb_unsubscribed", topic=self._name(lang, ident))
            elif what == "k" and ident.isdigit():
                keyword = session.get(Keyword, int(ident))
                if keyword is not None and keyword.chat_id == chat.id:
                    remove_keyword(session, chat.id, keyword.normalized)
                    removed_id = keyword.id
                answer = plain(lang, "cb_keyword_removed",
                               keyword=keyword.text if keyword else "")  # fmt: skip
            else:
                answer = plain(lang, "cb_outdated")
            session.commit()
            keyboard = unsubscribe_keyboard(
                self.deps.topic_pairs, topics_of(session, chat.id),
                keywords_of(session, chat.id), lang,
            )  # fmt: skip
        if removed_id is not None:
            self.deps.matcher.remove_keyword(str(removed_id))
        if keyboard is None:
            await self._edit_text(update, t(lang, "nothing_subscribed"), None)
        else:
            await self._edit_markup(update, keyboard)
        await query.answer(answer)

    async def _settings_button(self, update: Update, rest: str) -> None:
        query = update.callback_query
        assert query is not None
        name, _, value = rest.partition(":")
        with Session(self.deps.engine) as session:
            chat = self._chat_row(session, update)
            try:
                change = parse_setting([name, value])
            except ArgError:
                session.commit()
                await self._answer_outdated(update)
                return
            self._apply_setting(chat, change)
            session.add(chat)
            session.commit()
            text, keyboard, lang = self._settings_view(chat), settings_keyboard(chat), chat.ui_lang
        await self._edit_text(update, text, keyboard)
        await query.answer(plain(lang, "cb_saved"))

    # ------------------------------------------------------- membership, errors

    async def on_migrate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group became a supergroup: its subscriptions follow it to the new id."""
        message = update.effective_message
        if message is None or message.migrate_to_chat_id is None:
            return
        with Session(self.deps.engine) as session:
            migrate_chat(session, message.chat.id, message.migrate_to_chat_id)
            session.commit()
        log_event(log, logging.INFO, "chat_migrated", old=message.chat.id,
                  new=message.migrate_to_chat_id)  # fmt: skip

    async def on_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The bot was added to a group (a row for it), or removed from a chat (stop sending)."""
        change = update.my_chat_member
        if change is None:
            return
        status = change.new_chat_member.status
        chat = change.chat
        with Session(self.deps.engine) as session:
            if status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
                deactivate_chat(session, chat.id, f"bot {status}")
            elif chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
                ensure_chat(session, chat.id, _kind(chat), chat.title)
            session.commit()
        log_event(log, logging.INFO, "membership_changed", chat_id=chat.id, status=str(status))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure (never the token) and apologise to whoever was waiting."""
        error = context.error
        where = None
        if error is not None and error.__traceback__ is not None:
            frame = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
        chat_id = update.effective_chat.id if isinstance(update, Update) and \
            update.effective_chat else None  # fmt: skip
        detail = str(error)[:300].replace(context.bot.token, "***")
        log_event(
            log, logging.ERROR, "handler_failed",
            error=type(error).__name__, detail=detail, where=where, chat_id=chat_id,
            update_id=update.update_id if isinstance(update, Update) else None,
        )  # fmt: skip
        if not isinstance(update, Update) or isinstance(error, Forbidden):
            return
        lang = "en"
        try:
            with Session(self.deps.engine) as session:
                lang = self._peek_lang(session, update)
        except Exception:  # the store may be what failed: apologise in English then
            log_event(log, logging.WARNING, "language_lookup_failed", chat_id=chat_id)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(plain(lang, "error_apology"))
            elif update.effective_message is not None and update.message is not None:
                await self._reply(update, t(lang, "error_apology"))
        except TelegramError as exc:
            log_event(log, logging.WARNING, "apology_failed", error=type(exc).__name__,
                      chat_id=chat_id)  # fmt: skip


def register_handlers(
    app: Application[Any, Any, Any, Any, Any, Any], deps: BotDeps
) -> Conversation:
    """Wire every handler into `app`; returns the `Conversation` (its bucket, for tests)."""
    conv = Conversation(deps)
    app.add_handler(TypeHandler(Update, conv.throttle), group=-1)
    only_messages = filters.UpdateType.MESSAGE
    commands = {
        "start": conv.start, "topics": conv.topics, "subscribe": conv.subscribe,
        "unsubscribe": conv.unsubscribe, "list": conv.list_, "digest": conv.digest,
        "latest": conv.latest, "trend": conv.trend, "mute": conv.mute, "unmute": conv.unmute,
        "settings": conv.settings, "stop": conv.stop, "help": conv.help,
        "stats": conv.stats, "feeds": conv.feeds, "link": conv.link, "channel": conv.channel,
    }  # fmt: skip
    assert set(commands) == set(PUBLIC_COMMANDS) | set(ADMIN_COMMANDS)
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback, filters=only_messages))
    app.add_handler(MessageHandler(filters.COMMAND & only_messages, conv.unknown))
    app.add_handler(CallbackQueryHandler(conv.on_button))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, conv.on_migrate), group=1)
    app.add_handler(ChatMemberHandler(conv.on_membership, ChatMemberHandler.MY_CHAT_MEMBER),
                    group=1)  # fmt: skip
    app.add_error_handler(conv.on_error)
    return conv


__all__ = ["Conversation", "TokenBucket", "register_handlers"]
