"""`python -m bot run`: the poller on its schedule, matching, storage, the bot, delivery.

Three independent ticks on one APScheduler (asyncio) scheduler:

* poll tick (every `POLL_TICK` s): asks the database which feeds are due and
  starts a poll for each one not already in flight; it never waits for them;
* delivery tick (every `DELIVERY_TICK` s): sends due outbox rows;
* digest tick (every `DIGEST_TICK` s): sends the daily digests that are due.

Every job has `max_instances=1`, `coalesce=True` and no misfire grace limit: a
tick that runs late still runs (once), instead of APScheduler's default of
silently skipping anything more than a second late.

With no TELEGRAM_BOT_TOKEN the same service runs in console mode: a console
subscriber follows every topic, and its alerts and digests are printed.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine
from telegram.ext import Application

from bot.app import (
    Config,
    build_delivery,
    build_matcher,
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
from bot.logs import log_event
from bot.matching.engine import Matcher
from bot.telegram.app import build_application, publish_profile
from bot.telegram.callbacks import CallbackSigner
from bot.telegram.deps import BotDeps
from bot.telegram.sender import TelegramSender

log = logging.getLogger(__name__)

POLL_TICK = 2.0
DELIVERY_TICK = 1.0
DIGEST_TICK = 30.0


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
    application: Application | None = None
    ticks: Ticks = field(default_factory=Ticks)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        token = self.settings.telegram_bot_token
        sender: Sender
        if token is not None:
            deps = BotDeps(
                engine=self.engine,
                topics=[(t.id, t.name, t.description) for t in self.config.feeds_file.topics],
                admin_ids=frozenset(self.settings.admin_chat_ids),
                clock=utc_now,
                signer=CallbackSigner.for_token(token.get_secret_value()),
            )
            self.application = build_application(
                token.get_secret_value(), self.settings.telegram_api_base_url, deps
            )
            await self.application.initialize()
            await publish_profile(self.application, deps)  # run_polling would call post_init
            await self.application.start()
            assert self.application.updater is not None
            await self.application.updater.start_polling(drop_pending_updates=False)
            sender = TelegramSender(self.application.bot)
        else:
            ensure_console_subscriber(self.engine, self.config)
            sender = ConsoleSender(self.out)
        executor = parse_executor(len(self.config.feeds_file.feeds))
        async with http_client(self.settings) as client:
            poller = build_poller(
                self.settings, self.engine, client, self.matcher, executor=executor
            )
            worker, digests = build_delivery(self.engine, self.config, sender)
            scheduler = AsyncIOScheduler(timezone="UTC")
            self._add(scheduler, "poll", poller.start_due, POLL_TICK)
            self._add(scheduler, "deliver", worker.run_once, DELIVERY_TICK)
            self._add(scheduler, "digests", digests.run_once, DIGEST_TICK)
            scheduler.start()
            log_event(
                log,
                logging.INFO,
                "service_started",
                mode="telegram" if token else "console",
                feeds=len(self.config.feeds_file.feeds),
            )
            try:
                await self._stop.wait()
            finally:
                scheduler.shutdown(wait=False)
                await poller.drain()
                poller.close()
                if executor is not None:
                    executor.shutdown()
                await self._shutdown_bot()
        log_event(log, logging.INFO, "service_stopped")

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
        await self.application.stop()
        await self.application.shutdown()


def build_service(settings: Settings, out: TextIO = sys.stdout) -> Service:
    config = load_config(settings.feeds_file)
    engine = open_store(settings.effective_database_url)
    sync_config(engine, config)
    return Service(
        settings=settings,
        config=config,
        engine=engine,
        matcher=build_matcher(config),
        out=out,
    )


async def run_forever(settings: Settings) -> None:
    service = build_service(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, service.stop)
    await service.run()
