"""What an outcome about the chat itself means, for alerts and digests alike.

Telegram can answer a send with news about the chat rather than the message: the chat
is gone (blocked the bot, kicked it, deleted) or a group became a supergroup with a new
id.  Both the outbox worker and the daily digests record such news here, in one
transaction each, so a digest follows a migrated group exactly as an alert does.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from bot.delivery.contract import SendOutcome, SendResult
from bot.logs import log_event
from bot.store.chats import deactivate_chat, migrate_chat
from bot.store.db import in_transaction

log = logging.getLogger(__name__)


async def follow_chat(engine: Engine, chat_id: int, result: SendResult) -> bool:
    """Record a chat-level outcome (gone, migrated); False when `result` is not one."""
    if result.outcome is SendOutcome.GONE:
        reason = result.error or "gone"
        dropped = await in_transaction(engine, lambda s: deactivate_chat(s, chat_id, reason))
        log_event(
            log,
            logging.INFO,
            "chat_deactivated",
            chat=chat_id,
            reason=result.error,
            dropped=dropped,
        )
        return True
    if result.outcome is SendOutcome.MIGRATED:
        new_id = result.new_chat_id
        assert new_id is not None
        await in_transaction(engine, lambda s: migrate_chat(s, chat_id, new_id))
        log_event(log, logging.INFO, "chat_migrated", chat=chat_id, new_chat=new_id)
        return True
    return False
