"""Feed health, pushed to operators: one notice when a feed starts failing, goes silent
or churns its identities, and one when it recovers; never one per poll.

On its tick the watch judges every polled feed (`health.rules.assess`, pure) from what
its row and its health row say; a change of state is written together with one notice
per operator (`OperatorNotice`, an outbox of its own), and the notices are then sent
through the same `Sender` as alerts, so they share the bot's one budget.  A notice whose
send may have failed is sent again after its lease: at least once, like alerts.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from functools import partial

from sqlalchemy import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.delivery.contract import Message, Sender, SendOutcome
from bot.delivery.outbox import retry_delay
from bot.health.rules import Health, Limits, Verdict, assess, notice_for
from bot.logs import log_event
from bot.render.operators import health_notice
from bot.store.db import in_transaction
from bot.store.health import (
    Watched,
    claim_notices,
    notice_done,
    operators_languages,
    queue_notice,
    set_health,
    watched_feeds,
)
from bot.store.locks import hold_until_commit
from bot.store.models import DeliveryStatus

log = logging.getLogger(__name__)


class FeedWatch:
    def __init__(
        self,
        engine: Engine,
        sender: Sender,
        *,
        clock: Clock,
        operators: Sequence[int],
        limits: Limits,
    ) -> None:
        self._engine = engine
        self._sender = sender
        self._clock = clock
        self._operators = list(operators)
        self._limits = limits

    async def run_once(self) -> int:
        """Judge every feed, then send the notices due; the number of changes found."""
        now = self._clock()
        changes = await in_transaction(self._engine, lambda s: self._judge(s, now))
        await self._send_notices()
        return changes

    def _judge(self, session: Session, now: datetime) -> int:
        hold_until_commit(session, "feed-health")  # one process judges at a time
        languages = operators_languages(session, self._operators)
        changes = 0
        for feed in watched_feeds(session):
            verdict = assess(feed.facts, now, self._limits)
            news = notice_for(feed.health, verdict)
            if news is None:
                continue
            changes += 1
            set_health(session, feed.feed_id, news, now)
            log_event(
                log,
                logging.WARNING if news is not Health.HEALTHY else logging.INFO,
                "feed_health_changed",
                feed=feed.name,
                health=news.value,
                was=feed.health.value,
            )
            for chat_id in self._operators:
                html = _notice(languages.get(chat_id, "en"), feed, verdict, now)
                queue_notice(session, chat_id, html, now)
        return changes

    async def _send_notices(self) -> None:
        now = self._clock()
        for notice in await in_transaction(self._engine, lambda s: claim_notices(s, now)):
            result = await self._sender.send(Message(chat_id=notice.chat_id, html=notice.html))
            at = self._clock()
            if result.outcome is SendOutcome.SENT:
                status, error = DeliveryStatus.SENT, None
            elif result.outcome is SendOutcome.RETRY:
                status, error = DeliveryStatus.PENDING, result.error
                at += retry_delay(notice.attempts, result.retry_after)
            else:  # the operator never opened a chat with the bot, or blocked it
                status, error = DeliveryStatus.DROPPED, result.error or result.outcome.value
                log_event(log, logging.WARNING, "operator_notice_dropped", chat=notice.chat_id)
            done = partial(notice_done, notice_id=notice.id, status=status, at=at, error=error)
            await in_transaction(self._engine, done)


def _notice(lang: str, feed: Watched, verdict: Verdict, now: datetime) -> str:
    since = feed.since if feed.health is not Health.HEALTHY else None
    return health_notice(
        lang,
        feed.name,
        verdict,
        error_count=feed.facts.error_count,
        last_error=feed.facts.last_error,
        last_success_at=feed.facts.last_success_at,
        gone=feed.facts.gone,
        was=feed.health,
        lasted=now - since if since is not None else None,
    )
