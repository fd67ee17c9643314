"""The bot and its chats: added to a group, removed from a chat, a group migrated."""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.logs import log_event
from bot.store.chats import deactivate_chat, ensure_chat, migrate_chat
from bot.store.db import in_transaction
from bot.telegram.deps import BotDeps
from bot.telegram.handlers.turn import Callback, Context, chat_kind

log = logging.getLogger(__name__)


def on_migrate(deps: BotDeps) -> Callback:
    async def migrated(update: Update, context: Context) -> None:
        """A group became a supergroup: its subscriptions follow it to the new id."""
        message = update.effective_message
        if message is None or message.migrate_to_chat_id is None:
            return
        old, new = message.chat.id, message.migrate_to_chat_id
        await in_transaction(deps.engine, lambda s: migrate_chat(s, old, new))
        log_event(log, logging.INFO, "chat_migrated", old=old, new=new)

    return migrated


def on_membership(deps: BotDeps) -> Callback:
    async def changed(update: Update, context: Context) -> None:
        """The bot was added to a group (a row for it), or removed from a chat (stop sending)."""
        change = update.my_chat_member
        if change is None:
            return
        status = change.new_chat_member.status
        chat = change.chat

        def record(session: Session) -> None:
            if status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
                deactivate_chat(session, chat.id, f"bot {status}")
            elif chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
                ensure_chat(session, chat.id, chat_kind(chat), chat.title)

        await in_transaction(deps.engine, record)
        log_event(log, logging.INFO, "membership_changed", chat_id=chat.id, status=str(status))

    return changed
