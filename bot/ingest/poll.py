"""The poll use case: due feeds → fetch → parse → store → match → save the feed's state.

Three stages, each bounded so that ten thousand feeds cost flat memory:

- **dispatch** (`HostQueues`): due feeds wait in a queue per host; one starts when fewer
  than `per_host` feeds of its host and fewer than `concurrency` feeds in all are in
  flight.  A feed holds its slot until its outcome is handed to the writer, so a slow
  writer slows fetching instead of piling parsed items up in memory.
- **fetch and parse**: conditional GET on kept-alive connections; a 304 or an unchanged
  body ends here, and only a changed body is parsed (in the parse workers).
- **write**: one writer thread (SQLite never sees two writers from us) takes whatever
  outcomes have accumulated, up to `BATCH_FEEDS` feeds and `BATCH_ITEMS` items, and
  writes them in one transaction: each feed's new items with their matches, stories and
  outbox rows, then every feed's new state in one statement.  Outcomes wait for it while
  at most `WRITE_BACKLOG` items are queued.

Every feed's outcome is a `FeedPollReport`; one feed's failure is data on that feed and
never stops the others.  When a batch's transaction fails, its feeds are written again
one transaction each, so only the feed at fault is recorded as an error (and backs off).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.domain import FeedPollReport, FetchResult, FetchStatus, ParsedFeed, PollStatus
from bot.ingest.dispatch import HostQueues, host_of
from bot.ingest.fetch import Fetcher, Validators
from bot.ingest.parse import parse_feed
from bot.ingest.schedule import next_poll_at
from bot.logs import log_event
from bot.metrics import record_poll
from bot.store.claims import claimer_id
from bot.store.db import transaction
from bot.store.feeds import FeedToPoll, FeedUpdate, claim_due_feeds, save_feed_states
from bot.store.items import StoredItem, lock_for_filing, store_items

log = logging.getLogger(__name__)

#: One write transaction holds at most this many feeds, and this many new items: enough
#: that a cycle of 304s is a handful of transactions, few enough that a transaction (and
#: the lock that orders story filing) is short.
BATCH_FEEDS = 500
BATCH_ITEMS = 2000
#: Items handed to the writer and not yet written; a feed with more waits (and keeps its
#: fetch slot) until they are.
WRITE_BACKLOG = 2 * BATCH_ITEMS


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


@dataclass(frozen=True, slots=True)
class _Outcome:
    """One feed's fetch (and parse), waiting to be written."""

    feed: FeedToPoll
    fetched: FetchResult
    parsed: ParsedFeed | None

    @property
    def weight(self) -> int:
        """Its share of the write backlog: its items, and one for its state."""
        return 1 + (len(self.parsed.items) if self.parsed is not None else 0)


class Poller:
    """Polls due feeds: `concurrency` in flight, `per_host` of them to one host."""

    def __init__(
        self,
        engine: Engine,
        fetcher: Fetcher,
        *,
        concurrency: int,
        per_host: int | None = None,
        clock: Clock,
        default_lang: str | None = None,
        hooks: Sequence[ItemHook] = (),
        parse_executor: Executor | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._engine = engine
        self._fetcher = fetcher
        self._queues: HostQueues[FeedToPoll] = HostQueues(concurrency, per_host or concurrency)
        self._clock = clock
        self._default_lang = default_lang
        self._hooks = list(hooks)
        self._parse_executor = parse_executor
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
        self._rng = rng or random.Random()
        self._claimer = claimer_id()
        """Due feeds are claimed in this name: other poll processes leave them alone."""
        self._reports: dict[int, asyncio.Future[FeedPollReport]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._to_write: list[tuple[_Outcome, asyncio.Future[FeedPollReport]]] = []
        self._backlog = 0
        self._room = asyncio.Condition()
        self._write_task: asyncio.Task[None] | None = None
        self._round: _Round | None = None
        self._asking = 0
        self._saved_meanwhile: set[int] = set()

    def close(self) -> None:
        self._writer.shutdown(wait=True)

    async def start_due(self) -> int:
        """Queue every due feed not already queued or in flight; return at once.

        The scheduler's tick calls this: a slow feed occupies one slot and never delays
        the tick, the other feeds, or delivery.
        """
        asked = time.monotonic()
        due = await self._ask_due()
        return len(self._queue(due, asked))

    async def poll_due(
        self, on_done: Callable[[FeedPollReport], None] | None = None
    ) -> list[FeedPollReport]:
        """Poll every feed that is due now; reports in completion order."""
        asked = time.monotonic()
        due = await self._ask_due()
        reports: list[FeedPollReport] = []

        def collect(done: asyncio.Future[FeedPollReport]) -> None:
            if done.cancelled():
                return
            reports.append(done.result())
            if on_done is not None:
                on_done(done.result())

        waiting = [self._reports[feed.id] for feed in due if feed.id in self._reports]
        waiting += self._queue(due, asked)
        for future in waiting:
            future.add_done_callback(collect)
        if waiting:
            await asyncio.wait(waiting)
        return reports

    async def drain(self) -> None:
        """Wait for the polls queued and in flight (at shutdown)."""
        if self._reports:
            await asyncio.wait(list(self._reports.values()))

    async def _ask_due(self) -> list[FeedToPoll]:
        """The due feeds, less those whose poll was saved while the question was asked
        (the answer may predate their new `next_poll_at`)."""
        self._asking += 1
        try:
            due = await asyncio.to_thread(_claim, self._engine, self._clock(), self._claimer)
        finally:
            self._asking -= 1
        due = [feed for feed in due if feed.id not in self._saved_meanwhile]
        if not self._asking:
            self._saved_meanwhile.clear()
        return due

    def _queue(
        self, due: Sequence[FeedToPoll], asked: float
    ) -> list[asyncio.Future[FeedPollReport]]:
        """Queue the feeds not queued yet; a round starts (at `asked`) if none is running."""
        loop = asyncio.get_running_loop()
        queued = []
        for feed in due:
            if feed.id in self._reports:  # queued, in flight, or not yet written
                continue
            future: asyncio.Future[FeedPollReport] = loop.create_future()
            self._reports[feed.id] = future
            self._queues.add(host_of(feed.url), feed)
            queued.append(future)
        if queued and self._round is None:
            self._round = _Round(asked)
        self._launch()
        return queued

    def _launch(self) -> None:
        while (started := self._queues.next()) is not None:
            host, feed = started
            task = asyncio.create_task(self._poll(host, feed), name=f"poll {feed.name}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _poll(self, host: str, feed: FeedToPoll) -> None:
        """Poll one feed; its report future is resolved once its state is written and
        logged (a cancelled poll cancels it)."""
        future = self._reports[feed.id]
        try:
            report = await self._fetch_parse_write(host, feed)
        except BaseException:
            del self._reports[feed.id]
            future.cancel()
            raise
        del self._reports[feed.id]
        if self._asking:
            self._saved_meanwhile.add(feed.id)
        self._log(report)
        self._finish_round(report)
        future.set_result(report)

    async def _fetch_parse_write(self, host: str, feed: FeedToPoll) -> FeedPollReport:
        try:
            fetched, parsed = await self._fetch_and_parse(feed)
            written = await self._hand_over(_Outcome(feed, fetched, parsed))
        finally:  # the host's slot is free once the writer has taken the outcome
            self._queues.done(host)
            self._launch()
        return await written

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

    # the writer

    async def _hand_over(self, outcome: _Outcome) -> asyncio.Future[FeedPollReport]:
        """Queue `outcome` for the writer once the backlog has room for it; the future
        is the feed's report, once written."""
        weight = outcome.weight
        async with self._room:
            await self._room.wait_for(
                lambda: not self._backlog or self._backlog + weight <= WRITE_BACKLOG
            )
            self._backlog += weight
        written: asyncio.Future[FeedPollReport] = asyncio.get_running_loop().create_future()
        self._to_write.append((outcome, written))
        if self._write_task is None:
            self._write_task = asyncio.create_task(self._write_all(), name="poll writer")
        return written

    async def _write_all(self) -> None:
        """Write batches until nothing waits; each batch is what accumulated meanwhile."""
        loop = asyncio.get_running_loop()
        try:
            while self._to_write:
                batch = self._take_batch()
                outcomes = [outcome for outcome, _ in batch]
                try:
                    reports = await loop.run_in_executor(self._writer, self._write, outcomes)
                except Exception as exc:  # only if even the error records failed
                    reports = [_unsaved(outcome, exc) for outcome in outcomes]
                for (_, future), report in zip(batch, reports, strict=True):
                    future.set_result(report)
                async with self._room:
                    self._backlog -= sum(outcome.weight for outcome in outcomes)
                    self._room.notify_all()
        finally:
            self._write_task = None

    def _take_batch(self) -> list[tuple[_Outcome, asyncio.Future[FeedPollReport]]]:
        items = 0
        for taken, (outcome, _) in enumerate(self._to_write):
            items += outcome.weight - 1
            if taken and (taken >= BATCH_FEEDS or items > BATCH_ITEMS):
                break
        else:
            taken = len(self._to_write)
        batch, self._to_write = self._to_write[:taken], self._to_write[taken:]
        return batch

    def _write(self, outcomes: list[_Outcome]) -> list[FeedPollReport]:
        """In the writer thread: the batch in one transaction, else each feed alone."""
        try:
            return self._write_batch(outcomes)
        except Exception as exc:
            if len(outcomes) > 1:
                failure = _short(exc)
                log_event(
                    log, logging.WARNING, "poll_batch_failed", feeds=len(outcomes), error=failure
                )
                return [self._write_alone(outcome) for outcome in outcomes]
            return [self._write_failure(outcomes[0], exc)]

    def _write_alone(self, outcome: _Outcome) -> FeedPollReport:
        try:
            return self._write_batch([outcome])[0]
        except Exception as exc:
            return self._write_failure(outcome, exc)

    def _write_failure(self, outcome: _Outcome, exc: Exception) -> FeedPollReport:
        """The feed's items could not be stored: record that as its error, and back off."""
        reason = _short(exc)
        log_event(log, logging.ERROR, "feed_store_failed", feed=outcome.feed.name, error=reason)
        failed = replace(
            outcome.fetched, status=FetchStatus.ERROR, error=f"could not store items ({reason})"
        )
        try:
            return self._write_batch([_Outcome(outcome.feed, failed, None)])[0]
        except Exception:
            log.exception("feed_state_not_saved", extra={"_fields": {"feed": outcome.feed.name}})
            return _unsaved(outcome, exc, error=failed.error)

    def _write_batch(self, outcomes: list[_Outcome]) -> list[FeedPollReport]:
        now = self._clock()
        reports: list[FeedPollReport] = []
        updates: list[FeedUpdate] = []
        try:
            with transaction(self._engine) as session:
                if any(o.parsed is not None and o.parsed.items for o in outcomes):
                    lock_for_filing(session)
                for outcome in outcomes:
                    report, update = self._apply(session, outcome, now)
                    reports.append(report)
                    updates.append(update)
                save_feed_states(session, updates)
        except BaseException:
            for hook in self._hooks:
                hook.rolled_back()
            raise
        return reports

    def _apply(
        self, session: Session, outcome: _Outcome, now: datetime
    ) -> tuple[FeedPollReport, FeedUpdate]:
        """Store the outcome's items (if any) and say what the feed's state becomes."""
        feed, fetched, parsed = outcome.feed, outcome.fetched, outcome.parsed
        new_ids: tuple[int, ...] = ()
        updated = 0
        if parsed is not None and parsed.items:
            baseline = not feed.baseline_done
            stored = store_items(session, feed.id, parsed.items, now, baseline=baseline)
            for hook in self._hooks:
                hook(session, feed, stored.new, baseline, stored.duplicates)
            new_ids = tuple(item.id for item in stored.new)
            updated = stored.updated
        return feed_state(feed, fetched, parsed, new_ids, updated, now, self._rng)

    # reporting

    def _log(self, report: FeedPollReport) -> None:
        record_poll(report.status.value, report.elapsed, report.new_items)
        level = logging.WARNING if report.status is PollStatus.ERROR else logging.INFO
        log_event(
            log,
            level,
            "feed_polled",
            feed=report.feed,
            status=report.status.value,
            new=report.new_items,
            updated=report.updated_items,
            baseline=report.baseline,
            error=report.error,
            elapsed=round(report.elapsed, 3),
        )

    def _finish_round(self, report: FeedPollReport) -> None:
        """Count the report; when nothing is queued, in flight or unwritten, log the round."""
        current = self._round
        if current is None:
            return
        current.feeds += 1
        current.new += report.new_items
        current.errors += report.status is PollStatus.ERROR
        if self._queues.idle and not self._reports:
            self._round = None
            log_event(
                log,
                logging.INFO,
                "poll_round_finished",
                feeds=current.feeds,
                new=current.new,
                errors=current.errors,
                seconds=round(time.monotonic() - current.started, 3),
            )


@dataclass
class _Round:
    """From the due-feed query that found work for an idle poller until it is idle again:
    one line per round (`poll_round_finished`) tells an operator how long a cycle takes."""

    started: float
    feeds: int = 0
    new: int = 0
    errors: int = 0


def feed_state(
    feed: FeedToPoll,
    fetched: FetchResult,
    parsed: ParsedFeed | None,
    new_ids: tuple[int, ...],
    updated: int,
    now: datetime,
    rng: random.Random,
) -> tuple[FeedPollReport, FeedUpdate]:
    """What one poll means for the feed: its report and its new state (no I/O).

    Everything is decided from the snapshot taken when the feed was found due, so the
    states of a whole batch are written without reading a row back.
    """
    elapsed = fetched.elapsed
    kept = FeedUpdate(
        id=feed.id,
        polled_at=now,
        status="",
        error=None,
        error_count=feed.error_count,
        quiet_polls=feed.quiet_polls,
        next_poll_at=now,
        etag=feed.etag,
        last_modified=feed.last_modified,
        body_hash=feed.body_hash,
        baseline_done=feed.baseline_done,
        moved_to=fetched.permanent_redirect,
    )
    if fetched.status is FetchStatus.GONE:
        report = FeedPollReport(feed.name, PollStatus.GONE, error=fetched.error, elapsed=elapsed)
        return report, replace(kept, status="gone", error=fetched.error, gone=True)
    error = fetched.error if fetched.status is FetchStatus.ERROR else None
    if parsed is not None and not parsed.items and parsed.problem:
        error = parsed.problem
    if error is not None:
        errors = feed.error_count + 1
        failed = replace(
            kept,
            status="error",
            error=error[:500],
            error_count=errors,
            next_poll_at=_next(feed, now, rng, errors, feed.quiet_polls, fetched.retry_after),
        )
        return FeedPollReport(feed.name, PollStatus.ERROR, error=error, elapsed=elapsed), failed
    succeeded = replace(
        kept,
        error_count=0,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        body_hash=fetched.body_hash,
        succeeded_at=now,
    )
    if parsed is None:  # 304, or a body identical to the last one
        status = (
            PollStatus.NOT_MODIFIED
            if fetched.status is FetchStatus.NOT_MODIFIED
            else PollStatus.UNCHANGED
        )
        quiet = feed.quiet_polls + 1
        unchanged = replace(
            succeeded,
            status=status.value,
            quiet_polls=quiet,
            next_poll_at=_next(feed, now, rng, 0, quiet, None),
        )
        return FeedPollReport(feed.name, status, elapsed=elapsed), unchanged
    status = PollStatus.NEW if new_ids else PollStatus.NOTHING_NEW
    quiet = 0 if new_ids else feed.quiet_polls + 1
    stored = replace(
        succeeded,
        status=status.value,
        quiet_polls=quiet,
        next_poll_at=_next(feed, now, rng, 0, quiet, None),
        baseline_done=True,
        title=parsed.title,
    )
    report = FeedPollReport(
        feed.name,
        status,
        new_items=len(new_ids),
        updated_items=updated,
        baseline=not feed.baseline_done,
        elapsed=elapsed,
        new_ids=new_ids,
    )
    return report, stored


def _next(
    feed: FeedToPoll,
    now: datetime,
    rng: random.Random,
    error_count: int,
    quiet_polls: int,
    retry_after: float | None,
) -> datetime:
    return next_poll_at(
        now,
        timedelta(seconds=feed.interval_s),
        error_count=error_count,
        quiet_polls=quiet_polls,
        retry_after=retry_after,
        rng=rng,
    )


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}"


def _unsaved(outcome: _Outcome, exc: BaseException, error: str | None = None) -> FeedPollReport:
    return FeedPollReport(
        outcome.feed.name,
        PollStatus.ERROR,
        error=error or f"could not store items ({_short(exc)})",
        elapsed=outcome.fetched.elapsed,
    )


def _claim(engine: Engine, now: datetime, claimer: str) -> list[FeedToPoll]:
    """The feeds to poll now, claimed in this poller's name (other poll processes leave
    them alone until their state is saved or the lease ends)."""
    with transaction(engine) as session:
        return claim_due_feeds(session, now, claimer)
