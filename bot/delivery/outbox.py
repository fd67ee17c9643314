"""The alert worker: claim due outbox rows → render → send → record the outcome.

Delivery is decoupled from polling: the poller only writes outbox rows; this worker,
on its own tick, sends them.  Per chat, more than `BURST` pending alerts (or alerts held
by a mute or quiet hours that have ended) go out as one combined message instead of a
flood; quiet hours begin here too (`delivery.quiet`).  Each
outcome is recorded as soon as Telegram answers, in a short transaction of its own, so
a crash loses nothing and repeats at most the messages in flight; no transaction is
open while we wait for Telegram.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.delivery.contract import Message, Sender, SendOutcome, SendResult
from bot.delivery.outcomes import follow_chat
from bot.delivery.quiet import begin_quiet_periods, held_reason, is_muted, may_wake
from bot.domain import StoryReport
from bot.logs import log_event
from bot.metrics import record_alert_latency
from bot.render.alerts import AlertView, alert_html, combined_html
from bot.store.chats import end_mute, get_chat
from bot.store.claims import claimer_id, dead_claimers
from bot.store.db import in_transaction
from bot.store.models import Chat, DeliveryKind
from bot.store.sending import (
    PendingAlert,
    StoryUpdate,
    claim_due,
    claimers,
    drop,
    hold,
    mark_sent,
    release,
    requeue_expired,
    retry_later,
    story_reports,
    story_update,
    wake,
)
from bot.stories.breaking import is_breaking

log = logging.getLogger(__name__)
T = TypeVar("T")

BURST = 3
REQUEUE_EVERY = 30.0
"""Seconds between looks for rows whose claim expired (a peer process died)."""
MAX_RETRY_DELAY = timedelta(minutes=10)


def retry_delay(attempts: int, retry_after: float | None) -> timedelta:
    """Capped exponential backoff; a server's retry_after wins when longer."""
    backoff = min(timedelta(seconds=2 ** min(attempts, 10)), MAX_RETRY_DELAY)
    if retry_after is not None:
        return max(backoff, timedelta(seconds=retry_after))
    return backoff


def alert_view(alert: PendingAlert, story: Sequence[StoryReport], now: datetime) -> AlertView:
    """The alert as the chat sees it now: with the other outlets that carried its story so
    far, and 🔴 when the story is breaking (both read when we first saw each report)."""
    return AlertView(
        title=alert.title,
        link=alert.link,
        outlet=alert.outlet,
        published=alert.published,
        summary=alert.summary,
        topics=alert.reasons.get("topics", {}),
        keywords=alert.reasons.get("keywords", {}),
        also=[report for report in story if report.outlet != alert.outlet],
        breaking=is_breaking([report.first_seen for report in story], now),
        kind=alert.outlet_kind,
    )


class DeliveryWorker:
    def __init__(
        self,
        engine: Engine,
        sender: Sender,
        *,
        clock: Clock,
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
        self.claimer = claimer_id()
        """Who holds the rows this worker claims (a process's peers never take them over)."""
        self._next_requeue = 0.0

    async def run_once(self) -> int:
        """Send what is due now; the number of outbox rows handled."""
        await self._requeue_expired()
        now = self._clock()
        claimed = await self._db(
            lambda s: (begin_quiet_periods(s, now), claim_due(s, now, self._batch, self.claimer))[1]
        )
        if not claimed:
            return 0
        by_chat: dict[int, list[PendingAlert]] = defaultdict(list)
        for alert in claimed:
            by_chat[alert.chat_id].append(alert)
        chats, stories = await self._db(lambda s: _chats_and_stories(s, by_chat, claimed))
        await asyncio.gather(
            *(
                self._deliver_chat(chat, by_chat[chat_id], stories)
                for chat_id, chat in chats.items()
                if chat is not None
            )
        )
        return len(claimed)

    async def _requeue_expired(self) -> None:
        """At start and then now and then: rows a dead process claimed go back to the queue
        (at once when it ran on this machine, else when its lease ends)."""
        if time.monotonic() < self._next_requeue:
            return
        self._next_requeue = time.monotonic() + REQUEUE_EVERY
        now = self._clock()
        requeued = await self._db(lambda s: requeue_expired(s, now, dead_claimers(claimers(s))))
        if requeued:
            log_event(log, logging.WARNING, "alerts_requeued_after_lease", count=requeued)

    async def _db(self, work: Callable[[Session], T]) -> T:
        return await in_transaction(self._engine, work)

    async def _deliver_chat(
        self, chat: Chat, claimed: list[PendingAlert], stories: Stories
    ) -> None:
        async with self._in_flight:
            if is_muted(chat, self._clock()):  # claimed because breaking news may wake it
                claimed = await self._while_muted(chat, claimed, stories)
            alerts = [a for a in claimed if a.kind is DeliveryKind.ALERT]
            if alerts:
                await self._send_alerts(chat, alerts, stories)
            # After the alerts: an update may be about an alert sent just now.  All the
            # updates due for one alert become one edit.
            updates: dict[int, list[PendingAlert]] = defaultdict(list)
            for update in (a for a in claimed if a.kind is DeliveryKind.STORY_UPDATE):
                assert update.edit_of is not None
                updates[update.edit_of].append(update)
            for edit_of, due in updates.items():
                await self._update_story(chat, edit_of, due)

    async def _while_muted(
        self, chat: Chat, claimed: list[PendingAlert], stories: Stories
    ) -> list[PendingAlert]:
        """What a muted chat gets now: alerts of breaking stories, when it is quiet time and
        the chat chose to be woken (the rest wait for the mute's end), and the silent edits
        of alerts already sent.  A held alert whose story turns breaking is woken."""
        now = self._clock()
        wakes = may_wake(chat, now)
        go: list[PendingAlert] = []
        held: list[int] = []
        for row in claimed:
            breaking = wakes and alert_view(row, stories.get(row.story_id or 0, ()), now).breaking
            if row.kind is DeliveryKind.STORY_UPDATE:
                go.append(row)  # an edit makes no sound; an unsent alert goes out as it is
                if breaking and row.edit_of is not None:
                    await self._db(partial(wake, delivery_id=row.edit_of, now=now))
            elif breaking:
                go.append(row)
            else:
                held.append(row.delivery_id)
        if held and chat.muted_until is not None:
            until = chat.muted_until
            await self._db(lambda s: hold(s, held, until))
        return go

    async def _send_alerts(self, chat: Chat, alerts: list[PendingAlert], stories: Stories) -> None:
        now = self._clock()
        held = held_reason(chat, alerts, now)
        views = [alert_view(a, stories.get(a.story_id or 0, ()), now) for a in alerts]
        if len(alerts) > BURST or (held and len(alerts) > 1):
            await self._send_combined(chat, alerts, views, held)
        else:
            for index, (alert, view) in enumerate(zip(alerts, views, strict=True)):
                if not await self._send_one(chat, alert, view):
                    # The rest were claimed but not tried: left `sending`, they would
                    # wait for their lease to end.  They go back to the queue, due with
                    # the one that failed.
                    rest = [a.delivery_id for a in alerts[index + 1 :]]
                    if rest:
                        failed = alert.delivery_id
                        await self._db(partial(release, delivery_ids=rest, with_id=failed))
                    break
        if chat.muted_until is not None:  # a mute that is over is cleared (not a running one)
            await self._db(lambda s: end_mute(s, chat.id, self._clock()))

    def _message(
        self,
        chat: Chat,
        html: str,
        preview_url: str | None = None,
        edit_message_id: int | None = None,
    ) -> Message:
        return Message(
            chat_id=chat.id,
            html=html,
            preview_url=preview_url,
            is_group=chat.kind.is_group,
            edit_message_id=edit_message_id,
        )

    async def _update_story(self, chat: Chat, edit_of: int, due: list[PendingAlert]) -> None:
        """Other outlets carried a story this chat was alerted about: one edit of that alert
        names every one of them, each with its own headline."""
        found = await self._db(lambda s: _story_update_with_reports(s, edit_of))
        if found is None or found[0].message_id is None:
            # The first alert is gone or not sent yet: it will go out as it is.
            ids = [update.delivery_id for update in due]
            await self._db(lambda s: mark_sent(s, ids, None, self._clock()))
            return
        story, reports = found
        view = alert_view(story.original, reports, self._clock())
        html = alert_html(view, chat.timezone, chat.ui_lang, self._topic_names)
        message = self._message(chat, html, story.original.link, story.message_id)
        await self._record(chat, due, await self._sender.send(message))

    async def _send_one(self, chat: Chat, alert: PendingAlert, view: AlertView) -> bool:
        html = alert_html(view, chat.timezone, chat.ui_lang, self._topic_names)
        result = await self._sender.send(self._message(chat, html, alert.link))
        return await self._record(chat, [alert], result)

    async def _send_combined(
        self, chat: Chat, alerts: list[PendingAlert], views: list[AlertView], held: str | None
    ) -> None:
        parts = combined_html(views, chat.timezone, chat.ui_lang, held)
        result: SendResult | None = None
        for index, html in enumerate(parts):
            result = await self._sender.send(self._message(chat, html))
            if result.outcome is not SendOutcome.SENT:
                if index:  # some parts arrived: the rest are retried as a whole
                    log_event(
                        log,
                        logging.WARNING,
                        "combined_alert_partial",
                        chat=chat.id,
                        parts_sent=index,
                        parts=len(parts),
                    )
                break
        assert result is not None
        await self._record(chat, alerts, result)

    async def _record(self, chat: Chat, alerts: Sequence[PendingAlert], result: SendResult) -> bool:
        """Write the outcome; True when more may be sent to this chat now."""
        ids = [a.delivery_id for a in alerts]
        now = self._clock()
        match result.outcome:
            case SendOutcome.SENT:
                await self._db(lambda s: mark_sent(s, ids, result.message_id, now))
                for alert in alerts:
                    if alert.kind is DeliveryKind.ALERT:
                        record_alert_latency((now - alert.published).total_seconds())
                return True
            case SendOutcome.RETRY:
                at = now + retry_delay(max(a.attempts for a in alerts), result.retry_after)
                await self._db(lambda s: retry_later(s, ids, at, result.error or "retry"))
            case SendOutcome.GONE:
                await follow_chat(self._engine, chat.id, result)
            case SendOutcome.MIGRATED:
                await follow_chat(self._engine, chat.id, result)
                await self._db(lambda s: retry_later(s, ids, now, "chat migrated"))
            case SendOutcome.FAILED:
                await self._db(lambda s: drop(s, ids, result.error or "refused"))
                log_event(log, logging.ERROR, "alert_refused", chat=chat.id, error=result.error)
                return True
        return False


Stories = Mapping[int, Sequence[StoryReport]]
"""Story id → each outlet's first report of it, for the alerts of one claimed batch."""


def _chats_and_stories(
    session: Session, chat_ids: Iterable[int], claimed: Sequence[PendingAlert]
) -> tuple[dict[int, Chat | None], Stories]:
    chats = {chat_id: get_chat(session, chat_id) for chat_id in chat_ids}
    stories = story_reports(session, {a.story_id for a in claimed if a.story_id is not None})
    return chats, stories


def _story_update_with_reports(
    session: Session, edit_of: int
) -> tuple[StoryUpdate, list[StoryReport]] | None:
    story = story_update(session, edit_of)
    if story is None:
        return None
    story_id = story.original.story_id
    reports = story_reports(session, [story_id]).get(story_id, []) if story_id else []
    return story, reports
