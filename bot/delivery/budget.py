"""The send budget shared by every process, as rows of PostgreSQL (`store.budget`).

A `Pacer` given a `DatabaseBudget` reserves each slot here before it grants it, so all
deliver processes and the process answering commands stay, together, within Telegram's
limits: one global pace, and each chat's own.  One short transaction per message (a
few hundred microseconds on a local server); none is open while anything waits.
"""

from __future__ import annotations

from sqlalchemy import Engine

from bot.delivery.pacing import Reservation
from bot.store import budget
from bot.store.db import in_transaction

#: Reservations between two clean-ups of chats back at rest.
FORGET_EVERY = 1000
#: A chat's row is forgotten this long after it is back at rest (seconds).
REST = 60.0


class DatabaseBudget:
    """`bot.delivery.pacing.SharedBudget` on PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._reserved = 0

    async def reserve(
        self, chat_id: int, spacing: float, interval: float, burst: int
    ) -> Reservation:
        granted, wait = await in_transaction(
            self._engine, lambda s: budget.reserve(s, chat_id, spacing, interval, burst)
        )
        self._reserved += 1
        if self._reserved % FORGET_EVERY == 0:
            await in_transaction(self._engine, lambda s: budget.forget_rested(s, REST))
        return Reservation(granted, wait)

    async def pause(self, chat_id: int | None, seconds: float) -> None:
        await in_transaction(self._engine, lambda s: budget.pause(s, chat_id, seconds))
