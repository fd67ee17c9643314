"""One update being answered: the chat it is about, its language, and how to reply.

Every handler is a function of a `Turn`.  `wrap` builds the python-telegram-bot
callback around it: it reads (or creates) the chat's row in a short transaction of its
own, checks who may use the command, and turns an `ArgError` into an answer in the
chat's language.  Database work runs in `Turn.db`, in one transaction on a worker
thread, committed before the handler awaits Telegram; HTML comes from `bot.render`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlmodel import Session
from telegram import (
    Chat as TgChat,
)
from telegram import (
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.logs import log_event
from bot.render.texts import lang_of, plain, t, topic_name
from bot.store.chats import ensure_chat, get_chat
from bot.store.db import in_transaction
from bot.store.models import Chat, ChatKind
from bot.telegram.args import ArgError, split_args
from bot.telegram.deps import BotDeps

log = logging.getLogger(__name__)

T = TypeVar("T")
Context = ContextTypes.DEFAULT_TYPE
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
ADMIN_STATUSES = frozenset({ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER})
_KINDS = {
    ChatType.PRIVATE: ChatKind.PRIVATE,
    ChatType.GROUP: ChatKind.GROUP,
    ChatType.SUPERGROUP: ChatKind.SUPERGROUP,
    ChatType.CHANNEL: ChatKind.CHANNEL,
}


def chat_kind(chat: TgChat) -> ChatKind:
    return _KINDS.get(ChatType(chat.type), ChatKind.PRIVATE)


def _user_lang(update: Update) -> str:
    user = update.effective_user
    return lang_of(((user.language_code if user else None) or "").split("-")[0])


def _chat_row(session: Session, update: Update, create: bool) -> Chat | None:
    """The chat's row; with `create`, made on first contact in the user's language."""
    tg = update.effective_chat
    if tg is None:
        return None
    if not create:
        return get_chat(session, tg.id)
    title = tg.title if tg.type != ChatType.PRIVATE else None
    lang = _user_lang(update) if update.effective_user is not None else None
    return ensure_chat(session, tg.id, chat_kind(tg), title, ui_lang=lang)


@dataclass
class Turn:
    """One update being answered."""

    update: Update
    context: Context
    deps: BotDeps
    chat: Chat | None
    """The chat's stored row as it was read (None only when not created and not stored)."""

    @classmethod
    async def begin(cls, update: Update, context: Context, deps: BotDeps, create: bool) -> Turn:
        chat = await in_transaction(deps.engine, lambda s: _chat_row(s, update, create))
        return cls(update, context, deps, chat)

    # ------------------------------------------------------------ what it is about

    @property
    def lang(self) -> str:
        return self.chat.ui_lang if self.chat is not None else _user_lang(self.update)

    @property
    def chat_id(self) -> int:
        tg = self.update.effective_chat
        assert tg is not None
        return tg.id

    @property
    def tz(self) -> str:
        return (
            self.chat.timezone if self.chat is not None else Chat.model_fields["timezone"].default
        )

    @property
    def user_id(self) -> int | None:
        user = self.update.effective_user
        return user.id if user is not None else None

    @property
    def raw_args(self) -> str:
        """Everything after the command, quotes and all (`context.args` loses quoting)."""
        message = self.update.effective_message
        parts = ((message.text if message else None) or "").split(None, 1)
        return parts[1] if len(parts) > 1 else ""

    @property
    def args(self) -> list[str]:
        return split_args(self.raw_args)

    @property
    def now(self) -> datetime:
        return self.deps.clock()

    def text(self, key: str, **params: object) -> str:
        return t(self.lang, key, **params)

    def sign(self, payload: str) -> str:
        """Button data for a keyboard shown in this chat."""
        return self.deps.signer.sign(self.chat_id, payload)

    def topic_names(self) -> dict[str, str]:
        """Topic id → name in this chat's language, in display order."""
        return {tid: topic_name(self.lang, tid, name) for tid, name, _ in self.deps.topics}

    def topic(self, topic_id: str) -> str:
        return self.topic_names().get(topic_id, topic_id)

    async def db(self, work: Callable[[Session], T]) -> T:
        """`work(session)` in one transaction, committed before this returns."""
        return await in_transaction(self.deps.engine, work)

    # ------------------------------------------------------------ permissions

    async def may_change(self) -> bool:
        """Private chats always; in a group, only its administrators (anonymous ones too)."""
        chat = self.update.effective_chat
        if chat is None or chat.type == ChatType.CHANNEL:
            return False
        if chat.type == ChatType.PRIVATE:
            return True
        message = self.update.message
        if message is not None and message.sender_chat is not None:
            return message.sender_chat.id == chat.id
        if self.user_id is None:
            return False
        member = await self.context.bot.get_chat_member(chat.id, self.user_id)
        return member.status in ADMIN_STATUSES

    async def may_change_or_say_so(self) -> bool:
        """`may_change`; when not, the sender is told politely."""
        if await self.may_change():
            return True
        await self.reply(self.text("group_admins_only"))
        return False

    # ------------------------------------------------------------ answering

    def _quote(self, message: Message) -> ReplyParameters | None:
        """In groups an answer quotes the command, even if that message is gone meanwhile."""
        chat = self.update.effective_chat
        if chat is None or chat.type == ChatType.PRIVATE:
            return None
        return ReplyParameters(message.message_id, allow_sending_without_reply=True)

    async def reply(self, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
        message = self.update.effective_message
        if message is None:
            return
        await self.context.bot.send_message(
            self.chat_id,
            html,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=markup,
            reply_parameters=self._quote(message),
        )

    async def reply_all(self, parts: Sequence[str]) -> None:
        for part in parts:
            await self.reply(part)

    async def reply_photo(self, png: bytes, caption: str) -> None:
        """A photo with an HTML caption, quoting the command in groups like `reply`."""
        message = self.update.effective_message
        if message is None:
            return
        await self.context.bot.send_photo(
            self.chat_id,
            png,
            caption=caption,
            parse_mode=ParseMode.HTML,
            reply_parameters=self._quote(message),
            filename="trend.png",
        )

    async def reply_document(self, content: bytes, filename: str, caption: str) -> None:
        """A file with an HTML caption (paced like every message: `sendDocument`)."""
        message = self.update.effective_message
        if message is None:
            return
        await self.context.bot.send_document(
            self.chat_id,
            content,
            filename=filename,
            caption=caption,
            parse_mode=ParseMode.HTML,
            reply_parameters=self._quote(message),
        )

    async def answer(self, key: str, *, show_alert: bool = False, **params: object) -> None:
        """Answer the button press with a short text (a toast, or an alert box)."""
        query = self.update.callback_query
        assert query is not None
        await query.answer(plain(self.lang, key, **params), show_alert=show_alert)

    async def edit(self, html: str, markup: InlineKeyboardMarkup | None) -> None:
        """Replace the text (and buttons) of the message whose button was pressed."""
        query = self.update.callback_query
        assert query is not None
        try:
            await query.edit_message_text(
                html,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=markup,
            )
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                raise

    async def edit_buttons(self, markup: InlineKeyboardMarkup | None) -> None:
        query = self.update.callback_query
        assert query is not None
        try:
            await query.edit_message_reply_markup(markup)
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                raise


Handler = Callable[[Turn], Awaitable[None]]


def wrap(
    deps: BotDeps,
    handler: Handler,
    *,
    create: bool = True,
    changes: bool = False,
    operator: bool = False,
) -> Callback:
    """The python-telegram-bot callback for `handler`.

    `create`: the chat gets a row on first contact (False for commands that must not
    create one, such as /stop and /help).  `changes`: only those who may change the
    chat's subscriptions may use it.  `operator`: only `ADMIN_CHAT_IDS` may use it.
    """

    async def callback(update: Update, context: Context) -> None:
        turn = await Turn.begin(update, context, deps, create)
        if operator and not deps.is_admin(turn.user_id):
            log_event(log, logging.WARNING, "admin_command_refused", user_id=turn.user_id)
            await turn.reply(turn.text("not_allowed"))
            return
        if changes and not await turn.may_change_or_say_so():
            return
        try:
            await handler(turn)
        except ArgError as exc:
            await turn.reply(turn.text(exc.key, **exc.params))

    return callback
