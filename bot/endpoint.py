"""The operator's endpoint on `METRICS_ADDR`: Prometheus metrics, liveness, readiness.

- `/metrics`: everything `bot.metrics` counts, plus the database's gauges (the outbox's
  backlog and its oldest due alert, stories of the last 24 hours), read when scraped;
- `/healthz`: 200 while the process's event loop answers (the container's HEALTHCHECK);
- `/readyz`: 200 when every readiness check passes, else 503; both with a JSON body
  naming each check and what is wrong with it (`Service.readiness`).

Served by tornado on the service's own event loop (python-telegram-bot's webhook server
uses it too), so a loop too busy to answer is exactly what `/healthz` reports.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.clock import utc_now
from bot.logs import log_event
from bot.metrics import OUTBOX_OLDEST, OUTBOX_PENDING, STORIES
from bot.store.db import in_transaction
from bot.store.queries import story_count
from bot.store.sending import outbox_backlog

log = logging.getLogger(__name__)

Checks = Callable[[], Awaitable[dict[str, str]]]
"""Readiness: check name → "ok", or what is wrong."""

STORY_WINDOW = timedelta(hours=24)
DATABASE_TIMEOUT = 5.0


def read_gauges(session: Session) -> None:
    """The gauges only the database knows, as of now."""
    now = utc_now()
    pending, oldest = outbox_backlog(session, now)
    OUTBOX_PENDING.set(pending)
    OUTBOX_OLDEST.set(0 if oldest is None else max(0.0, (now - oldest).total_seconds()))
    STORIES.set(story_count(session, now - STORY_WINDOW, now, None))


class _Metrics(tornado.web.RequestHandler):
    def initialize(self, engine: Engine) -> None:
        self.engine = engine

    async def get(self) -> None:
        try:
            await asyncio.wait_for(in_transaction(self.engine, read_gauges), DATABASE_TIMEOUT)
        except Exception as exc:  # the counters are still worth serving
            log_event(log, logging.WARNING, "metrics_gauges_failed", error=type(exc).__name__)
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.write(generate_latest(REGISTRY))


class _Alive(tornado.web.RequestHandler):
    def get(self) -> None:
        self.write({"status": "alive"})


class _Ready(tornado.web.RequestHandler):
    def initialize(self, checks: Checks) -> None:
        self.checks = checks

    async def get(self) -> None:
        checks = await self.checks()
        failed = sorted(name for name, state in checks.items() if state != "ok")
        self.set_status(503 if failed else 200)
        self.set_header("Content-Type", "application/json")
        body: dict[str, Any] = {"status": "unready" if failed else "ready", "checks": checks}
        if failed:
            body["failed"] = failed
        self.write(json.dumps(body))


class HealthServer:
    """Listens on `address` (port 0: any free port, then `port` says which)."""

    def __init__(self, address: tuple[str, int], engine: Engine, checks: Checks) -> None:
        self._address = address
        app = tornado.web.Application(
            [
                (r"/metrics", _Metrics, {"engine": engine}),
                (r"/healthz", _Alive),
                (r"/readyz", _Ready, {"checks": checks}),
            ]
        )
        self._server = tornado.httpserver.HTTPServer(app)
        self.port = address[1]

    def start(self) -> None:
        host, port = self._address
        sockets = tornado.netutil.bind_sockets(port, host, family=socket.AF_UNSPEC)
        self.port = int(sockets[0].getsockname()[1])
        self._server.add_sockets(sockets)
        log_event(log, logging.INFO, "health_listening", host=host, port=self.port)

    async def stop(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()
