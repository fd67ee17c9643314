"""The poller's hook that records what feed health is judged by, in the poll's transaction:
when a poll brought new items, how many carried old dates, how many "new" ones had links
we already had (an identity scheme that churns).  The judging is `bot.health.rules`."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from bot.clock import Clock
from bot.health.rules import Limits, PollEvidence
from bot.store.feeds import FeedToPoll
from bot.store.health import record_poll
from bot.store.items import StoredItem


class HealthEvidence:
    def __init__(self, clock: Clock, limits: Limits) -> None:
        self._clock = clock
        self._limits = limits

    def __call__(
        self,
        session: Session,
        feed: FeedToPoll,
        new: Sequence[StoredItem],
        baseline: bool,
        duplicates: int = 0,
    ) -> None:
        if baseline:  # a new feed's archive: neither an arrival nor churn
            return
        now = self._clock()
        old = sum(1 for stored in new if now - stored.item.published > self._limits.old_age)
        poll = PollEvidence(at=now, new=len(new), old_dated=old, recycled=duplicates)
        record_poll(session, feed.id, poll, self._limits)

    def rolled_back(self) -> None:
        """Nothing kept in memory: what was recorded went with the transaction."""
