"""The engine (SQLite, the embedded default, or PostgreSQL), transactions."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, create_engine

from bot.store import models  # noqa: F401  (registers the tables)

SQLITE_BUSY_TIMEOUT_MS = 10_000

T = TypeVar("T")


def normalise_url(url: str) -> str:
    """Plain `postgresql://` means the psycopg 3 driver we ship."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten, not just unlinked: after /stop, a chat's words cannot
    # be read back out of the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """WAL mode, which the file keeps once set.  Switching a new file needs it to itself,
    and SQLite answers "locked" at once — without waiting out the busy timeout — while
    another process (a second service starting on the same empty database) is setting
    it up; that process is done within moments, so try again for a while."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def make_engine(url: str) -> Engine:
    """An engine for `url`; for SQLite, the folder is created and WAL switched on."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def create_schema(engine: Engine) -> None:
    """Every table at once, as the models say: the tests' fast path.

    Deployments get their schema from the migrations (`store.schema.upgrade`); a test
    checks that the two agree.
    """
    SQLModel.metadata.create_all(engine)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits when the block ends, rolls back if it raises.

    Rows read inside stay readable after the commit (`expire_on_commit=False`), so a
    caller can use them once the transaction, and its locks, are gone — for example
    while it waits for Telegram.
    """
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.commit()


def _run(engine: Engine, work: Callable[[Session], T]) -> T:
    with transaction(engine) as session:
        return work(session)


async def in_transaction(engine: Engine, work: Callable[[Session], T]) -> T:
    """`work(session)` in one transaction on a worker thread, never on the event loop.

    Database work can wait (SQLite's lock held by another process, a slow PostgreSQL):
    running it here keeps every other handler and sender going meanwhile.
    """
    return await asyncio.to_thread(_run, engine, work)


def erase_traces(engine: Engine) -> None:
    """After deleting a chat: copies of its rows left in SQLite's write-ahead log are gone.

    `secure_delete` zeroes what a delete frees in the database file; the WAL may still hold
    the pages as they were before the delete until a checkpoint writes them back and
    truncates it.  (PostgreSQL keeps dead rows until vacuum: there, autovacuum does it.)
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
