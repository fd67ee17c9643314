"""Receiving Telegram's updates: by long polling or by webhook, in one process at a time.

On PostgreSQL the receiving process holds a session-scoped advisory lock ("updates"); any
other process that would receive waits as a hot standby, retrying every `LEADER_RETRY`
seconds, and takes over the moment the lock is free (PostgreSQL frees it when its
holder's session dies).  The holder checks every `LEADER_CHECK` seconds that it still
holds it.  On SQLite there is one process and no lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine
from telegram.ext import Application

from bot.config import Settings
from bot.logs import log_event
from bot.metrics import RECEIVING_UPDATES
from bot.store.locks import SessionLock
from bot.telegram.app import publish_profile
from bot.telegram.deps import BotDeps

log = logging.getLogger(__name__)

LEADER_RETRY = 1.0
"""Seconds between a standby's tries for the updates lock."""
LEADER_CHECK = 5.0
"""Seconds between the updates process's checks that it still holds the lock."""


class UpdateReceiver:
    def __init__(
        self,
        app: Application[Any, Any, Any, Any, Any, Any],
        deps: BotDeps,
        engine: Engine,
        settings: Settings,
        stop: asyncio.Event,
    ) -> None:
        self._app = app
        self._deps = deps
        self._engine = engine
        self._settings = settings
        self._stop = stop
        self.receiving = False
        """This process holds the updates lock and is receiving updates now."""

    async def run(self) -> None:
        """Receive updates while this process holds the lock; wait for it before."""
        lock = (
            SessionLock(self._engine, "updates")
            if self._engine.dialect.name == "postgresql"
            else None
        )
        await self._app.start()
        waiting_said = False
        try:
            while not self._stop.is_set():
                if lock is not None and not await asyncio.to_thread(lock.try_acquire):
                    if not waiting_said:
                        log_event(log, logging.INFO, "updates_standby")
                        waiting_said = True
                    await self._pause(LEADER_RETRY)
                    continue
                waiting_said = False
                await self._while_leader(lock)
        finally:
            if lock is not None:
                await asyncio.to_thread(lock.release)

    async def _while_leader(self, lock: SessionLock | None) -> None:
        app = self._app
        assert app.updater is not None
        await publish_profile(app, self._deps)  # run_polling would call post_init
        url = self._settings.telegram_webhook_url
        if url is None:
            await app.updater.start_polling(drop_pending_updates=False)
        else:  # setWebhook, then listen; every request must carry the secret
            host, port = self._settings.webhook_address
            await app.updater.start_webhook(
                listen=host,
                port=port,
                url_path=urlsplit(url).path,
                webhook_url=url,
                secret_token=self._settings.webhook_secret,
                drop_pending_updates=False,
            )
        self.receiving = True
        RECEIVING_UPDATES.set(1)
        log_event(
            log, logging.INFO, "updates_receiving", via="polling" if url is None else "webhook"
        )
        try:
            while not self._stop.is_set():
                await self._pause(LEADER_CHECK)
                if lock is not None and not await asyncio.to_thread(lock.held):
                    log_event(log, logging.ERROR, "updates_lock_lost")
                    return
        finally:
            self.receiving = False
            RECEIVING_UPDATES.set(0)
            if app.updater.running:
                await app.updater.stop()

    async def _pause(self, seconds: float) -> None:
        """Sleep `seconds`, or less when the service stops meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)
