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
from functools import partial

from sqlalchemy import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.delivery.contract import Sender, SendOutcome
from bot.delivery.digests import digest_messages, load_digest
from bot.delivery.outcomes import follow_chat
from bot.delivery.schedule import next_digest_slot
from bot.domain import SourceKind
from bot.logs import log_event
from bot.metrics import DIGESTS
from bot.store.chats import claim_due_digests, give_back_digest, record_digest_sent
from bot.store.db import in_transaction
from bot.store.feeds import outlet_kinds
from bot.store.models import Chat
from bot.stories.digest import Digest

log = logging.getLogger(__name__)

FIRST_DIGEST_PERIOD = timedelta(hours=24)
DIGEST_BATCH = 50


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
        """Send every digest that is due; the number sent.

        Digests are claimed a batch at a time (`claim_due_digests`), so several deliver
        processes share the work and never send one twice.  Those that could not be
        sent are given back at the end, due again for the next tick.
        """
        sent = 0
        not_sent: list[tuple[int, datetime]] = []
        kinds = await in_transaction(self._engine, outlet_kinds)
        while True:
            now = self._clock()
            due = await in_transaction(self._engine, partial(self._due, now=now))
            for chat, digest in due:
                chat_id = await self._send(chat, digest, now, kinds)
                if chat_id is None:
                    sent += 1
                else:
                    not_sent.append((chat_id, now))
            if len(due) < DIGEST_BATCH:
                break
        if not_sent:
            await in_transaction(self._engine, partial(_give_back, not_sent))
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
            for chat in claim_due_digests(session, now, DIGEST_BATCH)
        ]

    async def _send(
        self, chat: Chat, digest: Digest, now: datetime, kinds: Mapping[str, SourceKind]
    ) -> int | None:
        """None when sent; otherwise the chat whose digest is still due (a group that
        became a supergroup has a new id)."""
        for message in digest_messages(digest, chat, self._topic_names, kinds):
            result = await self._sender.send(message)
            if result.outcome is SendOutcome.SENT:
                continue
            # Gone: the chat is deactivated.  Migrated: its row, with this digest still
            # due, moves to the supergroup's id, and the next tick sends it there.
            if await follow_chat(self._engine, chat.id, result):
                return result.new_chat_id or chat.id
            log_event(
                log,
                logging.WARNING,
                "digest_not_sent",
                chat=chat.id,
                outcome=result.outcome.value,
                error=result.error,
            )
            return chat.id  # the slot has not moved: the next tick tries again
        next_at = next_digest_slot(now, chat.digest_time, chat.timezone)
        await in_transaction(self._engine, lambda s: record_digest_sent(s, chat.id, now, next_at))
        DIGESTS.inc()
        log_event(log, logging.INFO, "digest_sent", chat=chat.id, stories=digest.story_count)
        return None


def _give_back(due: list[tuple[int, datetime]], session: Session) -> None:
    for chat_id, due_at in due:
        give_back_digest(session, chat_id, due_at)
