"""The daily digest job: each subscriber's digest at their local time.

The schedule lives in the database (`Chat.next_digest_at`), so a restart
neither loses nor repeats a digest: a digest missed while the bot was down is
sent once when it is back, and the next slot is computed in the subscriber's
time zone, so daylight-saving changes neither skip nor double one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

from bot.digest import Digest, build_digest, digest_html, digest_text
from bot.logs import log_event
from bot.schedule import next_digest_at
from bot.sender import Message, Sender, SendOutcome
from bot.store.chats import chats_due_for_digest, deactivate_chat
from bot.store.models import Chat, ChatKind
from bot.store.queries import digest_items, last_match_at

log = logging.getLogger(__name__)

FIRST_DIGEST_PERIOD = timedelta(hours=24)


def load_digest(
    session: Session, chat: Chat, start: datetime, end: datetime,
    topic_order: Sequence[str], topic: str | None = None,
) -> Digest:
    """A chat's digest for [start, end): its matching items, as ranked stories."""
    items = digest_items(session, chat.id, start, end, topic)
    last = None if items else last_match_at(session, chat.id, topic)
    return build_digest(items, topic_order, start, end, last)


def digest_messages(
    digest: Digest, chat: Chat, topic_names: Mapping[str, str]
) -> list[Message]:
    parts = digest_html(digest, chat.timezone, chat.ui_lang, topic_names)
    text = digest_text(digest, chat.timezone, chat.ui_lang, topic_names)
    is_group = chat.kind in (ChatKind.GROUP, ChatKind.SUPERGROUP, ChatKind.CHANNEL)
    return [
        Message(chat_id=chat.id, html=part, text=text if len(parts) == 1 else part,
                is_group=is_group)
        for part in parts
    ]


def parse_digest_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


class DailyDigests:
    def __init__(
        self,
        engine: Engine,
        sender: Sender,
        *,
        clock: Callable[[], datetime],
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
        due = await asyncio.to_thread(self._due, now)
        sent = 0
        for chat, digest in due:
            if await self._send(chat, digest, now):
                sent += 1
        return sent

    def _due(self, now: datetime) -> list[tuple[Chat, Digest]]:
        with Session(self._engine) as session:
            out = []
            for chat in chats_due_for_digest(session, now):
                start = chat.last_digest_at or now - FIRST_DIGEST_PERIOD
                out.append((chat, load_digest(session, chat, start, now, self._topic_order)))
                session.expunge(chat)
            return out

    async def _send(self, chat: Chat, digest: Digest, now: datetime) -> bool:
        for message in digest_messages(digest, chat, self._topic_names):
            result = await self._sender.send(message)
            if result.outcome is SendOutcome.GONE:
                await asyncio.to_thread(self._deactivate, chat.id, result.error or "gone")
                return False
            if result.outcome is not SendOutcome.SENT:
                log_event(log, logging.WARNING, "digest_not_sent", chat=chat.id,
                          outcome=result.outcome.value, error=result.error)
                return False  # next tick tries again: the slot has not moved
        await asyncio.to_thread(self._advance, chat.id, now)
        log_event(log, logging.INFO, "digest_sent", chat=chat.id,
                  stories=digest.story_count)
        return True

    def _advance(self, chat_id: int, now: datetime) -> None:
        with Session(self._engine) as session:
            chat = session.get(Chat, chat_id)
            if chat is None:
                return
            chat.last_digest_at = now
            if chat.digest_time:
                chat.next_digest_at = next_digest_at(
                    now, parse_digest_time(chat.digest_time), ZoneInfo(chat.timezone)
                )
            else:
                chat.next_digest_at = None
            session.add(chat)
            session.commit()

    def _deactivate(self, chat_id: int, reason: str) -> None:
        with Session(self._engine) as session:
            deactivate_chat(session, chat_id, reason)
            session.commit()
