"""The poll use case: fetch → parse → store → match → save the feed's state.

Every feed's outcome is returned as a `FeedPollReport`; one feed's failure is
data on that feed and never stops the others.  Store work for one feed is one
transaction (items, their matches and the feed's new state together) and runs
on a single writer thread, so SQLite never sees two writers from us.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.domain import FeedPollReport, FetchResult, FetchStatus, ParsedFeed, PollStatus
from bot.ingest.fetch import Fetcher, Validators
from bot.ingest.parse import parse_feed
from bot.ingest.schedule import next_poll_at
from bot.logs import log_event
from bot.metrics import record_poll
from bot.store.claims import claimer_id
from bot.store.db import transaction
from bot.store.feeds import FeedToPoll, claim_done, claim_due_feeds, feed_row
from bot.store.items import StoredItem, lock_for_filing, store_items
from bot.store.models import Feed, FeedState

log = logging.getLogger(__name__)

T = TypeVar("T")


class ItemHook(Protocol):
    """Work done on newly stored items inside the same transaction (matching, outbox…)."""

    def __call__(
        self,
        session: Session,
        feed: FeedToPoll,
        new: Sequence[StoredItem],
        baseline: bool,
        duplicates: int = 0,
    ) -> None:
        """`duplicates`: items under keys not seen before whose link was already stored."""

    def rolled_back(self) -> None:
        """The transaction the last call ran in was rolled back."""


class Poller:
    """Polls due feeds with a bounded number in flight."""

    def __init__(
        self,
        engine: Engine,
        fetcher: Fetcher,
        *,
        concurrency: int,
        clock: Clock,
        default_lang: str | None = None,
        hooks: Sequence[ItemHook] = (),
        parse_executor: Executor | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._engine = engine
        self._fetcher = fetcher
        self._limit = asyncio.Semaphore(concurrency)
        self._clock = clock
        self._default_lang = default_lang
        self._hooks = list(hooks)
        self._parse_executor = parse_executor
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
        self._rng = rng or random.Random()
        self._in_flight: dict[int, asyncio.Task[FeedPollReport]] = {}
        self._claimer = claimer_id()
        """Due feeds are claimed in this name: other poll processes leave them alone."""

    def close(self) -> None:
        self._writer.shutdown(wait=True)

    async def start_due(self) -> int:
        """Start polling every due feed not already being polled; return at once.

        The scheduler's tick calls this: a slow feed occupies one slot of the
        semaphore and never delays the tick, the other feeds, or delivery.
        """
        due = await asyncio.to_thread(_claim, self._engine, self._clock(), self._claimer)
        started = 0
        for feed in due:
            if feed.id in self._in_flight:
                continue
            task = asyncio.create_task(self.poll_feed(feed), name=f"poll {feed.name}")
            self._in_flight[feed.id] = task
            task.add_done_callback(self._finished(feed.id))
            started += 1
        return started

    def _finished(self, feed_id: int) -> Callable[[asyncio.Task[FeedPollReport]], None]:
        def forget(_task: asyncio.Task[FeedPollReport]) -> None:
            self._in_flight.pop(feed_id, None)

        return forget

    async def drain(self) -> None:
        """Wait for the polls in flight (at shutdown)."""
        if self._in_flight:
            await asyncio.gather(*self._in_flight.values(), return_exceptions=True)

    async def poll_due(
        self, on_done: Callable[[FeedPollReport], None] | None = None
    ) -> list[FeedPollReport]:
        """Poll every feed that is due now; reports in completion order."""
        due = await asyncio.to_thread(_claim, self._engine, self._clock(), self._claimer)
        reports: list[FeedPollReport] = []

        async def one(feed: FeedToPoll) -> None:
            report = await self.poll_feed(feed)
            reports.append(report)
            if on_done is not None:
                on_done(report)

        await asyncio.gather(*(one(feed) for feed in due))
        return reports

    async def poll_feed(self, feed: FeedToPoll) -> FeedPollReport:
        async with self._limit:
            fetched, parsed = await self._fetch_and_parse(feed)
        try:
            report = await self._in_writer(lambda: self._record(feed, fetched, parsed))
        except Exception as exc:  # a store failure for one feed must not stop the cycle
            reason = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}"
            log_event(log, logging.ERROR, "feed_store_failed", feed=feed.name, error=reason)
            failed = replace(
                fetched, status=FetchStatus.ERROR, error=f"could not store items ({reason})"
            )
            try:  # back off like any other error, in a transaction of its own
                report = await self._in_writer(lambda: self._record(feed, failed, None))
            except Exception:
                log.exception("feed_state_not_saved", extra={"_fields": {"feed": feed.name}})
                return FeedPollReport(
                    feed.name, PollStatus.ERROR, error=failed.error, elapsed=fetched.elapsed
                )
        record_poll(report.status.value, report.elapsed, report.new_items)
        level = logging.WARNING if report.status is PollStatus.ERROR else logging.INFO
        log_event(
            log,
            level,
            "feed_polled",
            feed=feed.name,
            status=report.status.value,
            new=report.new_items,
            updated=report.updated_items,
            baseline=report.baseline,
            error=report.error,
            elapsed=round(report.elapsed, 3),
        )
        return report

    async def _fetch_and_parse(self, feed: FeedToPoll) -> tuple[FetchResult, ParsedFeed | None]:
        """Never raises: an unexpected failure is an error on this feed, like any other."""
        try:
            fetched = await self._fetcher.fetch(
                feed.url, Validators(feed.etag, feed.last_modified, feed.body_hash)
            )
            parsed = None
            if fetched.status is FetchStatus.OK:
                parsed = await self._parse(fetched, feed)
        except Exception as exc:
            log.exception("feed_poll_crashed", extra={"_fields": {"feed": feed.name}})
            return FetchResult(
                FetchStatus.ERROR, feed.url, error=f"internal error: {type(exc).__name__}"
            ), None
        return fetched, parsed

    async def _parse(self, fetched: FetchResult, feed: FeedToPoll) -> ParsedFeed:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._parse_executor,
            parse_feed,
            fetched.body,
            fetched.url,
            self._clock(),
            fetched.headers,
            feed.lang or self._default_lang,
        )

    async def _in_writer(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._writer, work)

    def _record(
        self, snapshot: FeedToPoll, fetched: FetchResult, parsed: ParsedFeed | None
    ) -> FeedPollReport:
        now = self._clock()
        try:
            with transaction(self._engine) as session:
                if parsed is not None and parsed.items:
                    lock_for_filing(session)
                feed = feed_row(session, snapshot.id)
                if feed is None:
                    raise LookupError(f"feed {snapshot.name} vanished")
                report = self._apply(session, feed, snapshot, fetched, parsed, now)
                claim_done(feed)
                session.add(feed)
        except BaseException:
            for hook in self._hooks:
                hook.rolled_back()
            raise
        return report

    def _apply(
        self,
        session: Session,
        feed: Feed,
        snapshot: FeedToPoll,
        fetched: FetchResult,
        parsed: ParsedFeed | None,
        now: datetime,
    ) -> FeedPollReport:
        feed.last_polled_at = now
        if fetched.permanent_redirect:
            feed.url = fetched.permanent_redirect
        if fetched.status is FetchStatus.GONE:
            feed.state = FeedState.GONE
            feed.last_status, feed.last_error = "gone", fetched.error
            return FeedPollReport(
                feed.name, PollStatus.GONE, error=fetched.error, elapsed=fetched.elapsed
            )
        error = fetched.error if fetched.status is FetchStatus.ERROR else None
        if parsed is not None and not parsed.items and parsed.problem:
            error = parsed.problem
        if error is not None:
            feed.error_count += 1
            feed.last_status, feed.last_error = "error", error[:500]
            feed.next_poll_at = self._next(feed, now, fetched.retry_after)
            return FeedPollReport(feed.name, PollStatus.ERROR, error=error, elapsed=fetched.elapsed)
        feed.error_count = 0
        feed.last_error = None
        feed.last_success_at = now
        feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
        feed.body_hash = fetched.body_hash
        if parsed is None:  # 304, or a body identical to the last one
            feed.quiet_polls += 1
            status = (
                PollStatus.NOT_MODIFIED
                if fetched.status is FetchStatus.NOT_MODIFIED
                else PollStatus.UNCHANGED
            )
            feed.last_status = status.value
            feed.next_poll_at = self._next(feed, now, None)
            return FeedPollReport(feed.name, status, elapsed=fetched.elapsed)
        baseline = not feed.baseline_done
        outcome = store_items(session, snapshot.id, parsed.items, now, baseline=baseline)
        for hook in self._hooks:
            hook(session, snapshot, outcome.new, baseline, outcome.duplicates)
        feed.baseline_done = True
        feed.title = parsed.title or feed.title
        feed.quiet_polls = 0 if outcome.new else feed.quiet_polls + 1
        status = PollStatus.NEW if outcome.new else PollStatus.NOTHING_NEW
        feed.last_status = status.value
        feed.next_poll_at = self._next(feed, now, None)
        return FeedPollReport(
            feed.name,
            status,
            new_items=len(outcome.new),
            updated_items=outcome.updated,
            baseline=baseline,
            elapsed=fetched.elapsed,
            new_ids=tuple(stored.id for stored in outcome.new),
        )

    def _next(self, feed: Feed, now: datetime, retry_after: float | None) -> datetime:
        return next_poll_at(
            now,
            timedelta(seconds=feed.interval_s),
            error_count=feed.error_count,
            quiet_polls=feed.quiet_polls,
            retry_after=retry_after,
            rng=self._rng,
        )


def _claim(engine: Engine, now: datetime, claimer: str) -> list[FeedToPoll]:
    with transaction(engine) as session:
        return claim_due_feeds(session, now, claimer)
