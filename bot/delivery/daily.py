"""The daily digest job: each subscriber's digest at their local time.

The schedule lives in the database (`Chat.next_digest_at`), so a restart neither loses
nor repeats a digest: a digest missed while the bot was down is sent once when it is
back, and the next slot is computed in the subscriber's time zone, so daylight-saving
changes neither skip nor double one.  A group that became a supergroup, or a chat that
blocked the bot, is followed exactly as the outbox worker follows it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.delivery.contract import Sender, SendOutcome
from bot.delivery.digests import digest_messages, load_digest
from bot.delivery.outcomes import follow_chat
from bot.delivery.schedule import next_digest_slot
from bot.domain import SourceKind
from bot.logs import log_event
from bot.store.chats import chats_due_for_digest, record_digest_sent
from bot.store.db import in_transaction
from bot.store.feeds import outlet_kinds
from bot.store.models import Chat
from bot.stories.digest import Digest

log = logging.getLogger(__name__)

FIRST_DIGEST_PERIOD = timedelta(hours=24)


class DailyDigests:
    def __init__(
        self,
        engine: Engine,
        sender: Sender,
        *,
        clock: Clock,
        topic_order: Sequence[str],
        topic_names: Mapping[str, str],
    ) -> None:
        self._engine = engine
        self._sender = sender
        self._clock = clock
        self._topic_order = list(topic_order)
        self._topic_names = topic_names

    async def run_once(self) -> int:
        """Send every digest that is due; the number sent."""
        now = self._clock()
        due, kinds = await in_transaction(
            self._engine, lambda s: (self._due(s, now), outlet_kinds(s))
        )
        sent = 0
        for chat, digest in due:
            if await self._send(chat, digest, now, kinds):
                sent += 1
        return sent

    def _due(self, session: Session, now: datetime) -> list[tuple[Chat, Digest]]:
        return [
            (
                chat,
                load_digest(
                    session,
                    chat.id,
                    chat.last_digest_at or now - FIRST_DIGEST_PERIOD,
                    now,
                    self._topic_order,
                ),
            )
            for chat in chats_due_for_digest(session, now)
        ]

    async def _send(
        self, chat: Chat, digest: Digest, now: datetime, kinds: Mapping[str, SourceKind]
    ) -> bool:
        for message in digest_messages(digest, chat, self._topic_names, kinds):
            result = await self._sender.send(message)
            if result.outcome is SendOutcome.SENT:
                continue
            # Gone: the chat is deactivated.  Migrated: its row, with this digest still
            # due, moves to the supergroup's id, and the next tick sends it there.
            if not await follow_chat(self._engine, chat.id, result):
                log_event(
                    log,
                    logging.WARNING,
                    "digest_not_sent",
                    chat=chat.id,
                    outcome=result.outcome.value,
                    error=result.error,
                )
            return False  # the slot has not moved: the next tick tries again
        next_at = next_digest_slot(now, chat.digest_time, chat.timezone)
        await in_transaction(self._engine, lambda s: record_digest_sent(s, chat.id, now, next_at))
        log_event(log, logging.INFO, "digest_sent", chat=chat.id, stories=digest.story_count)
        return True
