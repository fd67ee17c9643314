"""`python -m bot run`: the poller on its schedule, matching, storage, the bot, delivery.

One process does it all (`--role all`, the default).  On PostgreSQL the work splits into
roles, each run by as many processes as needed (`--role updates|poll|deliver`):

* updates: receives Telegram's updates and answers them, one process at a time; a second
  `updates` process waits as a hot standby (`telegram.receiving`);
* poll: the poll tick (every `POLL_TICK` s) claims the due feeds (each is fetched by
  one process per cycle) and starts a poll for each one not already in flight; it
  never waits for them;
* deliver: the delivery tick (every `DELIVERY_TICK` s) sends due outbox rows, the
  digest tick (every `DIGEST_TICK` s) the daily digests that are due, and the feed-health
  tick (every `HEALTH_TICK` s) tells operators of feeds failing, silent, churning or
  recovered (`delivery.feed_watch`).

Every process that talks to Telegram paces its messages on one budget shared through
the database (`bot.delivery.budget`), replies to commands included.

Every job has `max_instances=1`, `coalesce=True` and no misfire grace limit: a
tick that runs late still runs (once), instead of APScheduler's default of
silently skipping anything more than a second late.

With no TELEGRAM_BOT_TOKEN the same service runs in console mode: a console
subscriber follows every topic, and its alerts and digests are printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, TextIO

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from telegram.ext import Application

from bot.app import (
    CONSOLE_CHAT_ID,
    Config,
    build_delivery,
    build_feed_watch,
    build_matcher,
    build_pacer,
    build_poller,
    ensure_console_subscriber,
    http_client,
    load_config,
    open_store,
    parse_executor,
    sync_config,
)
from bot.clock import utc_now
from bot.config import Settings
from bot.delivery.console import ConsoleSender
from bot.delivery.contract import Sender
from bot.endpoint import HealthServer
from bot.ingest.poll import Poller
from bot.logs import log_event
from bot.matching.engine import Matcher
from bot.store import schema
from bot.store.db import normalise_url
from bot.telegram.app import build_application
from bot.telegram.callbacks import CallbackSigner
from bot.telegram.deps import BotDeps
from bot.telegram.receiving import UpdateReceiver
from bot.telegram.sender import TelegramSender

log = logging.getLogger(__name__)

POLL_TICK = 2.0
DELIVERY_TICK = 1.0
DIGEST_TICK = 30.0
HEALTH_TICK = 60.0


class Role(StrEnum):
    ALL = "all"
    UPDATES = "updates"
    POLL = "poll"
    DELIVER = "deliver"

    @property
    def parts(self) -> frozenset[Role]:
        if self is Role.ALL:
            return frozenset({Role.UPDATES, Role.POLL, Role.DELIVER})
        return frozenset({self})


class RoleError(ValueError):
    """A role this configuration cannot run."""


def check_role(settings: Settings, role: Role) -> None:
    """Raise `RoleError` when `role` cannot run with these settings."""
    if role is Role.ALL:
        return
    backend = make_url(normalise_url(settings.effective_database_url)).get_backend_name()
    if backend != "postgresql":
        raise RoleError(
            f"--role {role} needs PostgreSQL (DATABASE_URL=postgresql://…): "
            "with SQLite, run one process with --role all"
        )
    if role is not Role.POLL and settings.telegram_bot_token is None:
        raise RoleError(f"--role {role} needs TELEGRAM_BOT_TOKEN")


class Ticks:
    """How many times each job's tick has finished, and a way to wait for the next ones.

    Tests wait for "two more delivery ticks finished" instead of sleeping; the health
    check reads when the last poll tick finished.
    """

    def __init__(self) -> None:
        self.finished: Counter[str] = Counter()
        self.last_finished_at: dict[str, datetime] = {}
        self._changed = asyncio.Condition()

    async def record(self, name: str) -> None:
        async with self._changed:
            self.finished[name] += 1
            self.last_finished_at[name] = utc_now()
            self._changed.notify_all()

    async def wait(self, name: str, more: int = 1) -> None:
        """Until `more` ticks of the job `name` have finished after this call."""
        async with self._changed:
            target = self.finished[name] + more
            await self._changed.wait_for(lambda: self.finished[name] >= target)


@dataclass
class Service:
    settings: Settings
    config: Config
    engine: Engine
    matcher: Matcher
    out: TextIO = sys.stdout
    role: Role = Role.ALL
    application: Application[Any, Any, Any, Any, Any, Any] | None = None
    ticks: Ticks = field(default_factory=Ticks)
    telegram_ready: bool = False
    """The bot's `getMe` succeeded (the token works and Telegram answers)."""
    receiver: UpdateReceiver | None = None
    """Receives Telegram's updates (processes with the updates role)."""
    health: HealthServer | None = None
    """The /metrics, /healthz and /readyz endpoint (`METRICS_ADDR`), while running."""
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        address = self.settings.metrics_address
        if address is not None:
            self.health = HealthServer(address, self.engine, self.readiness)
            self.health.start()
        try:
            await self._run()
        finally:
            if self.health is not None:
                await self.health.stop()
            self.engine.dispose()

    async def readiness(self) -> dict[str, str]:
        """Each readiness check: "ok", or what is wrong (see `bot.endpoint`).

        The database answers and is at this build's schema; the bot's getMe succeeded
        (processes that talk to Telegram); the last poll tick finished within two tick
        intervals (processes that poll).
        """
        checks = {"database": await _database_state(self.engine)}
        if self.settings.telegram_bot_token is not None and self.role.parts & {
            Role.UPDATES,
            Role.DELIVER,
        }:
            checks["telegram"] = "ok" if self.telegram_ready else "getMe has not succeeded yet"
        if Role.POLL in self.role.parts:
            last = self.ticks.last_finished_at.get("poll")
            checks["poll_tick"] = tick_state(last, utc_now(), POLL_TICK)
        return checks

    async def _run(self) -> None:
        parts = self.role.parts
        token = self.settings.telegram_bot_token
        sender: Sender | None = None
        deps: BotDeps | None = None
        if token is None:
            if Role.DELIVER in parts:
                ensure_console_subscriber(self.engine, self.config)
                sender = ConsoleSender(self.out)
        elif parts & {Role.UPDATES, Role.DELIVER}:
            deps = self._deps(token.get_secret_value())
            self.application = build_application(
                token.get_secret_value(),
                self.settings.telegram_api_base_url,
                deps,
                build_pacer(self.settings, self.engine),
            )
            await self.application.initialize()  # getMe: the token works
            self.telegram_ready = True
            if Role.DELIVER in parts:
                sender = TelegramSender(self.application.bot)
        scheduler = AsyncIOScheduler(timezone="UTC")
        poller: Poller | None = None
        executor: Executor | None = None
        receiving: asyncio.Task[None] | None = None
        async with contextlib.AsyncExitStack() as stack:
            try:
                if Role.POLL in parts:
                    client = await stack.enter_async_context(http_client(self.settings))
                    executor = parse_executor(len(self.config.feeds_file.feeds))
                    poller = build_poller(
                        self.settings, self.engine, client, self.matcher, executor=executor
                    )
                    self._add(scheduler, "poll", poller.start_due, POLL_TICK)
                if sender is not None:
                    worker, digests = build_delivery(self.engine, self.config, sender)
                    self._add(scheduler, "deliver", worker.run_once, DELIVERY_TICK)
                    self._add(scheduler, "digests", digests.run_once, DIGEST_TICK)
                    operators = list(self.settings.admin_chat_ids) if token else [CONSOLE_CHAT_ID]
                    watch = build_feed_watch(self.engine, self.settings, sender, operators)
                    self._add(scheduler, "health", watch.run_once, HEALTH_TICK)
                scheduler.start()
                if Role.UPDATES in parts and self.application is not None and deps is not None:
                    self.receiver = UpdateReceiver(
                        self.application, deps, self.engine, self.settings, self._stop
                    )
                    receiving = asyncio.create_task(self.receiver.run(), name="updates")
                log_event(
                    log,
                    logging.INFO,
                    "service_started",
                    mode="telegram" if token else "console",
                    role=self.role.value,
                    feeds=len(self.config.feeds_file.feeds),
                )
                await self._until_stopped(receiving)
            finally:
                self._stop.set()
                if scheduler.running:
                    scheduler.shutdown(wait=False)
                if receiving is not None:
                    await asyncio.gather(receiving, return_exceptions=True)
                if poller is not None:
                    await poller.drain()
                    poller.close()
                if executor is not None:
                    executor.shutdown()
                await self._shutdown_bot()
        log_event(log, logging.INFO, "service_stopped")

    def _deps(self, token: str) -> BotDeps:
        return BotDeps(
            engine=self.engine,
            topics=[(t.id, t.name, t.description) for t in self.config.feeds_file.topics],
            admin_ids=frozenset(self.settings.admin_chat_ids),
            clock=utc_now,
            signer=CallbackSigner.for_token(token),
            feeds_path=self.config.path,
        )

    async def _until_stopped(self, receiving: asyncio.Task[None] | None) -> None:
        """Until `stop()`, or until receiving updates failed (raised here)."""
        stopped = asyncio.create_task(self._stop.wait())
        try:
            await asyncio.wait(
                {stopped} if receiving is None else {stopped, receiving},
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            stopped.cancel()
        if receiving is not None and receiving.done():
            receiving.result()

    def _add(
        self,
        scheduler: AsyncIOScheduler,
        name: str,
        job: Callable[[], Awaitable[object]],
        seconds: float,
    ) -> None:
        async def guarded() -> None:
            try:
                await job()
            except Exception:
                log.exception("job_failed", extra={"_fields": {"job": name}})
            await self.ticks.record(name)

        scheduler.add_job(
            guarded,
            "interval",
            seconds=seconds,
            id=name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            next_run_time=utc_now(),
        )

    async def _shutdown_bot(self) -> None:
        if self.application is None:
            return
        if self.application.updater is not None and self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()


def tick_state(last: datetime | None, now: datetime, interval: float) -> str:
    """ "ok" when a tick last finished within two of its intervals; else what is wrong."""
    if last is None:
        return "no tick has finished yet"
    age = (now - last).total_seconds()
    if age <= 2 * interval:
        return "ok"
    return f"the last tick finished {age:.0f} s ago (one is due every {interval:g} s)"


async def _database_state(engine: Engine) -> str:
    """ "ok" when the database answers and is at this build's schema."""
    try:
        revision = await asyncio.wait_for(asyncio.to_thread(schema.current, engine), 5.0)
    except Exception as exc:
        return f"unreachable: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    head = schema.head()
    if revision is None:
        return f"no schema (this build needs {head})"
    return "ok" if revision == head else f"schema at {revision}, this build needs {head}"


def build_service(settings: Settings, out: TextIO = sys.stdout, role: Role = Role.ALL) -> Service:
    """The service for `role`, its database migrated and feeds.yaml synced (raises
    `RoleError` when the role cannot run with these settings)."""
    check_role(settings, role)
    config = load_config(settings.feeds_file)
    engine = open_store(settings.effective_database_url)
    sync_config(engine, config)
    return Service(
        settings=settings,
        config=config,
        engine=engine,
        matcher=build_matcher(config),
        out=out,
        role=role,
    )


async def run_forever(settings: Settings, role: Role = Role.ALL) -> None:
    service = build_service(settings, role=role)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, service.stop)
    await service.run()
