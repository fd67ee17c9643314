"""Quiet hours, on the mute machinery: a quiet night is a mute that starts by itself.

When a chat's quiet period begins (`Chat.next_quiet_at` has come), the delivery worker
mutes it until the period ends (`Chat.muted_until`, kept if a longer /mute is running),
and schedules the next period.  From there everything is the mute's: held alerts wait,
and arrive as one summary when it ends.  One exception: a chat that chose "breaking news
may wake me" is still claimed while quiet, and an alert whose story is breaking
(`stories.breaking`) goes out at once; the others are held until the period ends.

/unmute during quiet hours resumes alerts for the rest of that night; the next night is
quiet again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.delivery.schedule import QuietHours
from bot.store.chats import chats_entering_quiet
from bot.store.models import Chat
from bot.store.sending import PendingAlert


def quiet_hours_of(chat: Chat) -> QuietHours | None:
    return QuietHours.parse(chat.quiet_hours) if chat.quiet_hours else None


def begin_quiet_periods(session: Session, now: datetime) -> int:
    """Mute every chat whose quiet period has begun, until it ends; how many were muted.

    A chat whose period passed entirely while nothing ran (the service was down) is not
    muted after the fact: only its next start is scheduled.
    """
    muted = 0
    for chat in chats_entering_quiet(session, now):
        quiet = quiet_hours_of(chat)
        if quiet is None:
            chat.next_quiet_at = None
            session.add(chat)
            continue
        zone = ZoneInfo(chat.timezone)
        period = quiet.period_at(now, zone)
        if period is not None:
            end = period[1]
            chat.muted_until = max(end, chat.muted_until) if chat.muted_until else end
            muted += 1
        chat.next_quiet_at = quiet.next_start(now, zone)
        session.add(chat)
    return muted


def mute_until(chat: Chat, wanted: datetime, now: datetime) -> datetime:
    """`/mute` never ends a quiet period early: the later of the two ends."""
    quiet = quiet_hours_of(chat)
    period = quiet.period_at(now, ZoneInfo(chat.timezone)) if quiet is not None else None
    return max(wanted, period[1]) if period is not None else wanted


def is_muted(chat: Chat, now: datetime) -> bool:
    return chat.muted_until is not None and chat.muted_until > now


def may_wake(chat: Chat, now: datetime) -> bool:
    """A breaking story may come through now: the chat chose so and it is quiet time."""
    quiet = quiet_hours_of(chat)
    return (
        chat.breaking_wakes
        and quiet is not None
        and quiet.period_at(now, ZoneInfo(chat.timezone)) is not None
    )


def held_reason(chat: Chat, alerts: Sequence[PendingAlert], now: datetime) -> str | None:
    """Why these alerts were held, now that they go out: "quiet", "mute", or None.

    None when none was queued before the mute's end, or while the chat is still muted (a
    breaking alert let through during quiet hours is not a summary).
    """
    until = chat.muted_until
    if until is None or until > now:
        return None
    if not any(a.queued_at is not None and a.queued_at < until for a in alerts):
        return None
    quiet = quiet_hours_of(chat)
    last_instant = until - timedelta(seconds=1)
    if quiet is not None and quiet.period_at(last_instant, ZoneInfo(chat.timezone)) is not None:
        return "quiet"
    return "mute"
