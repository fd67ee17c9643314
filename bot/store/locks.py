"""PostgreSQL advisory locks that coordinate processes: who migrates, who syncs feeds.yaml,
who receives updates.

A lock is named by two numbers: one for what it guards (`lock_key`) and the hash of the
schema in use, so two deployments (or two tests) sharing a PostgreSQL database in
different schemas never hold each other's locks.
"""

from __future__ import annotations

import contextlib
import zlib

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

_TRY = "SELECT pg_try_advisory_lock(:space, hashtext(current_schema()))"
_HELD = (
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND pid = pg_backend_pid() AND classid = CAST(:space AS oid)"
    " AND objid = CAST(hashtext(current_schema()) AS oid)"
)


def lock_key(name: str) -> int:
    """A stable 31-bit number for a lock's name."""
    return zlib.crc32(f"peacewatch:{name}".encode()) & 0x7FFFFFFF


def hold_until_commit(session: Session, name: str) -> None:
    """PostgreSQL: no other process passes this point with `name` until this transaction
    ends.  SQLite needs nothing: one process at a time uses it."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:space, hashtext(current_schema()))"),
            {"space": lock_key(name)},
        )


class SessionLock:
    """A lock held by one database session for as long as the session lives.

    When the process dies, PostgreSQL ends its session and the lock is free at once:
    that is how a standby notices that the process it waited for is gone.
    """

    def __init__(self, engine: Engine, name: str) -> None:
        self._engine = engine
        self._space = lock_key(name)
        self._connection: Connection | None = None

    def try_acquire(self) -> bool:
        """Take the lock if it is free; never waits."""
        if self._connection is not None:
            return self.held()
        connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            taken = bool(connection.execute(text(_TRY), {"space": self._space}).scalar())
        except BaseException:
            connection.close()
            raise
        if taken:
            self._connection = connection
        else:
            connection.close()
        return taken

    def held(self) -> bool:
        """True while our session is alive and still holds the lock."""
        if self._connection is None:
            return False
        try:
            count = self._connection.execute(text(_HELD), {"space": self._space}).scalar()
        except DBAPIError:
            self._drop()
            return False
        if not count:
            self._drop()
        return bool(count)

    def release(self) -> None:
        if self._connection is None:
            return
        # Closing the session releases the lock; an explicit unlock first keeps the pooled
        # connection clean for whoever uses it next.
        with contextlib.suppress(DBAPIError):
            self._connection.execute(
                text("SELECT pg_advisory_unlock(:space, hashtext(current_schema()))"),
                {"space": self._space},
            )
        self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
