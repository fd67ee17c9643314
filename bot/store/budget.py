"""PostgreSQL: the one send budget every process draws from, kept in two tables.

`send_budget` is one row, the next free slot of the global budget: a reservation takes
that slot and moves it one spacing on, so slots handed out to all processes together
are never closer than the spacing.  `chat_pace` holds, per chat, the generic cell rate
algorithm's state (`next_at`: when the chat is back at its steady pace; it may receive
while now is within its burst allowance of that), and a 429's pause.  Times are the
database's clock, so processes on different machines agree.  See `bot.delivery.pacing`
for how a process uses the answers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, text
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from bot.store.models import ChatPace, SendBudget

_BUDGET = 1
"""The budget row's id."""


def _now(session: Session) -> datetime:
    now: datetime = session.execute(text("SELECT clock_timestamp()")).scalar_one()
    return now


def reserve(
    session: Session, chat_id: int, spacing: float, interval: float, burst: int
) -> tuple[bool, float]:
    """(True, seconds until the slot reserved for one message to `chat_id`), or (False,
    seconds until the chat may receive again), when it is busy with another process's
    messages or paused; then nothing is reserved.

    A private chat takes `burst` messages at once, then one per `interval`; a group,
    one per `interval` (`burst` 1).
    """
    now = _now(session)
    pace = session.exec(
        select(ChatPace).where(col(ChatPace.chat_id) == chat_id).with_for_update()
    ).first()
    if pace is not None:
        free_at = pace.next_at - timedelta(seconds=(burst - 1) * interval)
        if pace.paused_until is not None:
            free_at = max(free_at, pace.paused_until)
        if free_at > now:
            return False, (free_at - now).total_seconds()
    step = timedelta(seconds=spacing)
    taken = insert(SendBudget).values(id=_BUDGET, next_slot=now + step)
    next_slot: datetime = session.execute(
        taken.on_conflict_do_update(
            index_elements=[col(SendBudget.id)],
            set_={
                "next_slot": func.greatest(
                    col(SendBudget.next_slot),
                    now,
                    func.coalesce(col(SendBudget.paused_until), now),
                )
                + step
            },
        ).returning(col(SendBudget.next_slot))
    ).scalar_one()
    slot = next_slot - step
    after = timedelta(seconds=interval)
    paced = insert(ChatPace).values(chat_id=chat_id, next_at=slot + after)
    session.execute(
        paced.on_conflict_do_update(
            index_elements=[col(ChatPace.chat_id)],
            set_={"next_at": func.greatest(col(ChatPace.next_at), slot) + after},
        )
    )
    return True, max(0.0, (slot - now).total_seconds())


def pause(session: Session, chat_id: int | None, seconds: float) -> None:
    """Telegram answered 429 for `chat_id` (None: for the bot as a whole): nobody sends
    there for `seconds`."""
    now = _now(session)
    until = now + timedelta(seconds=seconds)
    if chat_id is None:
        paused = insert(SendBudget).values(id=_BUDGET, next_slot=now, paused_until=until)
        column = col(SendBudget.paused_until)
        index = col(SendBudget.id)
    else:
        paused = insert(ChatPace).values(chat_id=chat_id, next_at=now, paused_until=until)
        column = col(ChatPace.paused_until)
        index = col(ChatPace.chat_id)
    session.execute(
        paused.on_conflict_do_update(
            index_elements=[index],
            set_={"paused_until": func.greatest(func.coalesce(column, until), until)},
        )
    )


def forget_rested(session: Session, older_than: float) -> int:
    """Chats back at rest for `older_than` seconds: their rows say nothing any more."""
    before = _now(session) - timedelta(seconds=older_than)
    result = session.execute(
        delete(ChatPace)
        .where(col(ChatPace.next_at) < before)
        .where((col(ChatPace.paused_until).is_(None)) | (col(ChatPace.paused_until) < before))
    )
    return int(getattr(result, "rowcount", 0) or 0)
