"""Quiet hours: alerts that arrive during a chat's quiet period come as one summary when it
ends, in the chat's time zone, across daylight-saving changes; a breaking story comes
through at once when the chat chose so.  The outbox worker against a recording Sender on
a real SQLite store, with a clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from bot.delivery.outbox import DeliveryWorker
from bot.delivery.quiet import mute_until
from bot.delivery.schedule import QuietHours
from bot.store.chats import get_chat, update_chat
from bot.store.db import transaction
from bot.store.models import Chat
from bot.store.outbox import ItemMatches, enqueue_alerts
from tests.support.fanout import TOPIC_NAMES, add_subscribers
from tests.support.reports import file_report
from tests.support.sender import RecordingSender

OLENA = 901
KYIV = ZoneInfo("Europe/Kyiv")
NIGHT = QuietHours.parse("23:00-07:00")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=KYIV).astimezone(UTC)


# ------------------------------------------------------------------ the quiet period itself


@pytest.mark.parametrize(
    ("night", "hours"),
    [
        ((2026, 3, 28), 7),  # clocks go forward at 03:00: a shorter night
        ((2026, 10, 24), 9),  # clocks go back at 04:00: a longer night
        ((2026, 6, 10), 8),
    ],
)
def test_a_quiet_night_runs_from_23_to_07_on_the_wall_clock(
    night: tuple[int, int, int], hours: int
) -> None:
    assert NIGHT is not None
    start = local(*night, 23, 30)
    period = NIGHT.period_at(start, KYIV)
    assert period is not None
    begins, ends = period
    assert begins.astimezone(KYIV).hour == 23 and ends.astimezone(KYIV).hour == 7
    assert ends - begins == timedelta(hours=hours)
    assert NIGHT.period_at(ends, KYIV) is None


def test_quiet_hours_are_read_as_typed_and_refused_when_not_a_period() -> None:
    assert str(QuietHours.parse("23.00 – 7:00")) == "23:00-07:00"
    assert QuietHours.parse("07:00-07:00") is None
    assert QuietHours.parse("late") is None


def test_a_mute_never_ends_a_quiet_night_early() -> None:
    chat = Chat(id=1, quiet_hours="23:00-07:00", timezone="Europe/Kyiv")
    now = local(2026, 6, 10, 23, 30)
    assert mute_until(chat, now + timedelta(minutes=10), now) == local(2026, 6, 11, 7)
    assert mute_until(chat, now + timedelta(days=1), now) == now + timedelta(days=1)


# ------------------------------------------------------------------ held and summarised


def _queue(engine: Engine, item: int, story: int, first: bool, at: datetime) -> None:
    with transaction(engine) as session:
        enqueue_alerts(session, [ItemMatches(item, {"ceasefire": ["truce"]}, {}, story, first)], at)


def _quiet_chat(engine: Engine, at: datetime, *, wakes: bool = False) -> None:
    add_subscribers(engine, [OLENA])
    with transaction(engine) as session:
        update_chat(
            session,
            OLENA,
            quiet_hours="23:00-07:00",
            next_quiet_at=at,
            breaking_wakes=wakes,
        )


@pytest.mark.parametrize(
    ("evening", "morning_utc"),
    [
        ((2026, 3, 28), datetime(2026, 3, 29, 4, 0, tzinfo=UTC)),  # after spring-forward: UTC+3
        ((2026, 10, 24), datetime(2026, 10, 25, 5, 0, tzinfo=UTC)),  # after fall-back: UTC+2
    ],
)
async def test_alerts_of_a_quiet_night_arrive_as_one_summary_at_seven_across_a_dst_change(
    sqlite_engine: Engine, evening: tuple[int, int, int], morning_utc: datetime
) -> None:
    clock = Clock(local(*evening, 22, 0))
    _quiet_chat(sqlite_engine, clock.now)
    sender = RecordingSender()
    delivery = DeliveryWorker(sqlite_engine, sender, clock=clock, topic_names=TOPIC_NAMES)
    await delivery.run_once()  # 22:00: not quiet yet; the night is scheduled
    with transaction(sqlite_engine) as session:
        chat = get_chat(session, OLENA)
        assert chat is not None and chat.next_quiet_at == local(*evening, 23, 0)

    for hour in (23, 25, 27):  # 23:00, 01:00, 03:00 local
        clock.now = local(*evening, 23, 0) + timedelta(hours=hour - 23, minutes=5)
        item = file_report(sqlite_engine, "Reuters", f"Truce news at {hour}", clock.now, None)
        _queue(sqlite_engine, item, item, True, clock.now)
        await delivery.run_once()
    assert sender.sent == []  # held all night

    clock.now = morning_utc - timedelta(minutes=1)
    await delivery.run_once()
    assert sender.sent == []
    clock.now = morning_utc
    await delivery.run_once()

    [summary] = sender.sent
    assert summary.text.startswith("During your quiet hours: 3 new alerts")
    with transaction(sqlite_engine) as session:
        chat = get_chat(session, OLENA)
        assert chat is not None and chat.muted_until is None  # the mute machinery ended it
        assert chat.next_quiet_at == morning_utc + timedelta(hours=16)  # 23:00 the same day


async def test_a_breaking_story_wakes_a_chat_that_chose_so_and_the_rest_still_waits(
    sqlite_engine: Engine,
) -> None:
    clock = Clock(local(2026, 6, 10, 23, 30))
    _quiet_chat(sqlite_engine, clock.now, wakes=True)
    sender = RecordingSender()
    delivery = DeliveryWorker(sqlite_engine, sender, clock=clock, topic_names=TOPIC_NAMES)
    quiet = file_report(sqlite_engine, "Meduza", "A small truce story", clock.now, None)
    _queue(sqlite_engine, quiet, quiet, True, clock.now)
    lead = file_report(sqlite_engine, "Reuters", "Ceasefire agreed", clock.now, None)
    _queue(sqlite_engine, lead, lead, True, clock.now)
    await delivery.run_once()
    assert sender.sent == []  # neither is breaking yet

    for minutes, outlet in ((10, "AP"), (20, "AFP"), (30, "BBC")):  # four outlets in an hour
        clock.now = local(2026, 6, 10, 23, 30) + timedelta(minutes=minutes)
        item = file_report(sqlite_engine, outlet, f"{outlet}: ceasefire agreed", clock.now, lead)
        _queue(sqlite_engine, item, lead, False, clock.now)
        await delivery.run_once()
    await delivery.run_once()  # the woken alert is due now

    [woken] = sender.sent
    assert woken.text.startswith("🔴 Ceasefire agreed")
    assert "Also reported by 3 more:" in woken.text

    clock.now = local(2026, 6, 11, 7, 0)
    await delivery.run_once()
    [morning] = sender.sent[1:]
    assert morning.text.startswith("A small truce story")


async def test_without_choosing_so_a_breaking_story_waits_for_the_morning(
    sqlite_engine: Engine,
) -> None:
    clock = Clock(local(2026, 6, 10, 23, 30))
    _quiet_chat(sqlite_engine, clock.now, wakes=False)
    sender = RecordingSender()
    delivery = DeliveryWorker(sqlite_engine, sender, clock=clock, topic_names=TOPIC_NAMES)
    lead = file_report(sqlite_engine, "Reuters", "Ceasefire agreed", clock.now, None)
    _queue(sqlite_engine, lead, lead, True, clock.now)
    for outlet in ("AP", "AFP", "BBC"):
        item = file_report(sqlite_engine, outlet, f"{outlet}: ceasefire agreed", clock.now, lead)
        _queue(sqlite_engine, item, lead, False, clock.now)
    await delivery.run_once()
    assert sender.sent == []

    clock.now = local(2026, 6, 11, 7, 0)
    await delivery.run_once()
    [morning] = [m for m in sender.sent if m.edit_message_id is None]  # not breaking by now
    assert morning.text.startswith("Ceasefire agreed")
    assert "Also reported by 3 more:" in morning.text
