"""The alert worker: claim due outbox rows → render → send → record the outcome.

Delivery is decoupled from polling: the poller only writes outbox rows; this
worker, on its own tick, sends them.  Per chat, more than `BURST` pending
alerts (or alerts held by a mute that has ended) go out as one combined
message instead of a flood.  Each outcome is recorded as soon as Telegram
answers, so a crash loses nothing and repeats at most the messages in flight.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from bot.logs import log_event
from bot.render import (
    AlertView,
    alert_html,
    alert_text,
    combined_html,
    combined_text,
    to_plain,
)
from bot.sender import Message, Sender, SendOutcome, SendResult
from bot.store.chats import deactivate_chat, migrate_chat
from bot.store.deliveries import (
    PendingAlert,
    claim_due,
    mark_sent,
    release,
    retry_later,
    story_update,
)
from bot.store.models import Chat, ChatKind, Delivery, DeliveryKind, DeliveryStatus
from bot.stories.breaking import is_breaking

log = logging.getLogger(__name__)

BURST = 3
MAX_RETRY_DELAY = timedelta(minutes=10)
GROUP_KINDS = frozenset({ChatKind.GROUP, ChatKind.SUPERGROUP, ChatKind.CHANNEL})


def retry_delay(attempts: int, retry_after: float | None) -> timedelta:
    """Capped exponential backoff; a server's retry_after wins when longer."""
    backoff = min(timedelta(seconds=2 ** min(attempts, 10)), MAX_RETRY_DELAY)
    if retry_after is not None:
        return max(backoff, timedelta(seconds=retry_after))
    return backoff


def alert_view(alert: PendingAlert) -> AlertView:
    return AlertView(
        title=alert.title, link=alert.link, outlet=alert.outlet, published=alert.published,
        summary=alert.summary, topics=alert.reasons.get("topics", {}),
        keywords=alert.reasons.get("keywords", {}),
    )


class DeliveryWorker:
    def __init__(
        self,
        engine: Engine,
        sender: Sender,
        *,
        clock: Callable[[], datetime],
        topic_names: Mapping[str, str],
        batch: int = 500,
        chats_in_flight: int = 200,
    ) -> None:
        self._engine = engine
        self._sender = sender
        self._clock = clock
        self._topic_names = topic_names
        self._batch = batch
        self._in_flight = asyncio.Semaphore(chats_in_flight)

    async def run_once(self) -> int:
        """Send what is due now; the number of outbox rows handled."""
        claimed = await asyncio.to_thread(claim_due, self._engine, self._clock(), self._batch)
        if not claimed:
            return 0
        by_chat: dict[int, list[PendingAlert]] = defaultdict(list)
        for alert in claimed:
            by_chat[alert.chat_id].append(alert)
        chats = await asyncio.to_thread(self._load_chats, list(by_chat))
        await asyncio.gather(*(
            self._deliver_chat(chats[chat_id], alerts)
            for chat_id, alerts in by_chat.items() if chat_id in chats
        ))
        return len(claimed)

    def _load_chats(self, ids: Sequence[int]) -> dict[int, Chat]:
        with Session(self._engine) as session:
            rows = session.exec(select(Chat).where(col(Chat.id).in_(ids))).all()
            for row in rows:
                session.expunge(row)
        return {row.id: row for row in rows}

    async def _deliver_chat(self, chat: Chat, claimed: list[PendingAlert]) -> None:
        async with self._in_flight:
            alerts = [a for a in claimed if a.kind is DeliveryKind.ALERT]
            if alerts:
                await self._send_alerts(chat, alerts)
            # After the alerts: an update may be about an alert sent just now.
            for update in (a for a in claimed if a.kind is DeliveryKind.STORY_UPDATE):
                await self._update_story(chat, update)

    async def _send_alerts(self, chat: Chat, alerts: list[PendingAlert]) -> None:
        held = _held_by_mute(chat, alerts)
        if len(alerts) > BURST or (held and len(alerts) > 1):
            await self._send_combined(chat, alerts, held)
        else:
            for index, alert in enumerate(alerts):
                if not await self._send_one(chat, alert):
                    # The rest were claimed but not tried: left `sending`, they would
                    # wait for the next restart.  They go back to the queue, due with
                    # the one that failed.
                    rest = [a.delivery_id for a in alerts[index + 1:]]
                    if rest:
                        await asyncio.to_thread(release, self._engine, rest, alert.delivery_id)
                    break
        if chat.muted_until is not None:  # the mute is over (muted chats are not claimed)
            await asyncio.to_thread(self._end_mute, chat.id)

    async def _update_story(self, chat: Chat, update: PendingAlert) -> None:
        """Another outlet carried a story this chat was alerted about: edit that alert."""
        assert update.edit_of is not None
        story = await asyncio.to_thread(story_update, self._engine, update.edit_of)
        if story is None or story.message_id is None:
            # The first alert is gone or not sent yet: it will go out as it is.
            await asyncio.to_thread(mark_sent, self._engine, [update.delivery_id], None,
                                    self._clock())
            return
        view = replace(
            alert_view(story.original),
            also_reported_by=[o for o in story.outlets if o != story.original.outlet],
            breaking=is_breaking(story.outlet_first_seen, self._clock()),
        )
        message = Message(
            chat_id=chat.id,
            html=alert_html(view, chat.timezone, chat.ui_lang, self._topic_names),
            text=alert_text(view, chat.timezone, chat.ui_lang, self._topic_names),
            preview_url=story.original.link, is_group=chat.kind in GROUP_KINDS,
            edit_message_id=story.message_id,
        )
        result = await self._sender.send(message)
        await asyncio.to_thread(self._record, chat, [update], result)

    async def _send_one(self, chat: Chat, alert: PendingAlert) -> bool:
        view = alert_view(alert)
        message = Message(
            chat_id=chat.id,
            html=alert_html(view, chat.timezone, chat.ui_lang, self._topic_names),
            text=alert_text(view, chat.timezone, chat.ui_lang, self._topic_names),
            preview_url=alert.link, is_group=chat.kind in GROUP_KINDS,
        )
        result = await self._sender.send(message)
        return await asyncio.to_thread(self._record, chat, [alert], result)

    async def _send_combined(self, chat: Chat, alerts: list[PendingAlert], held: bool) -> None:
        views = [alert_view(a) for a in alerts]
        parts = combined_html(views, chat.timezone, chat.ui_lang, held)
        text = combined_text(views, chat.timezone, chat.ui_lang, held)
        result: SendResult | None = None
        for index, html in enumerate(parts):
            message = Message(chat_id=chat.id, html=html,
                              text=text if len(parts) == 1 else to_plain(html),
                              is_group=chat.kind in GROUP_KINDS)
            result = await self._sender.send(message)
            if result.outcome is not SendOutcome.SENT:
                if index:  # some parts arrived: the rest are retried as a whole
                    log_event(log, logging.WARNING, "combined_alert_partial", chat=chat.id,
                              parts_sent=index, parts=len(parts))
                break
        assert result is not None
        await asyncio.to_thread(self._record, chat, alerts, result)

    def _record(self, chat: Chat, alerts: Sequence[PendingAlert], result: SendResult) -> bool:
        """Write the outcome; True when more may be sent to this chat now."""
        ids = [a.delivery_id for a in alerts]
        now = self._clock()
        match result.outcome:
            case SendOutcome.SENT:
                mark_sent(self._engine, ids, result.message_id, now)
                return True
            case SendOutcome.RETRY:
                attempts = max(a.attempts for a in alerts)
                retry_later(self._engine, ids, now + retry_delay(attempts, result.retry_after),
                            result.error or "retry")
                return False
            case SendOutcome.GONE:
                with Session(self._engine) as session:
                    dropped = deactivate_chat(session, chat.id, result.error or "gone")
                    session.commit()
                log_event(log, logging.INFO, "chat_deactivated", chat=chat.id,
                          reason=result.error, dropped=dropped)
                return False
            case SendOutcome.MIGRATED:
                assert result.new_chat_id is not None
                with Session(self._engine) as session:
                    migrate_chat(session, chat.id, result.new_chat_id)
                    session.commit()
                retry_later(self._engine, ids, now, "chat migrated")
                log_event(log, logging.INFO, "chat_migrated", chat=chat.id,
                          new_chat=result.new_chat_id)
                return False
            case SendOutcome.FAILED:
                self._drop(ids, result.error or "refused")
                log_event(log, logging.ERROR, "alert_refused", chat=chat.id, error=result.error)
                return True
        return False

    def _drop(self, ids: Sequence[int], error: str) -> None:
        with Session(self._engine) as session:
            session.execute(
                update(Delivery).where(col(Delivery.id).in_(ids))
                .values(status=DeliveryStatus.DROPPED, error=error[:300])
            )
            session.commit()

    def _end_mute(self, chat_id: int) -> None:
        with Session(self._engine) as session:
            chat = session.get(Chat, chat_id)
            if chat is not None and chat.muted_until is not None \
                    and chat.muted_until <= self._clock():
                chat.muted_until = None
                session.add(chat)
                session.commit()


def _held_by_mute(chat: Chat, alerts: Sequence[PendingAlert]) -> bool:
    """True when some of these alerts were queued while the chat was muted."""
    until = chat.muted_until
    return until is not None and any(
        a.queued_at is not None and a.queued_at < until for a in alerts
    )
