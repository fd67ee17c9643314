"""One alert per story, never hiding a development: later outlets edit the alert, each
named with its own headline; edits are coalesced; a new topic or keyword alerts anew;
"breaking" reads when we first saw each outlet's report.  In process, on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.delivery.outbox import DeliveryWorker
from bot.store.db import transaction
from bot.store.models import Delivery, DeliveryKind
from bot.store.outbox import EDIT_INTERVAL, ItemMatches, enqueue_alerts
from tests.support.fanout import TOPIC_NAMES, add_subscribers
from tests.support.reports import file_report
from tests.support.sender import RecordingSender

OLENA = 701
START = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def report(engine: Engine, outlet: str, title: str, seen: datetime, story: int | None) -> int:
    """An item of `outlet` first seen at `seen`, filed into `story` (its own when None)."""
    return file_report(engine, outlet, title, seen, story, summary="Talks in Riyadh.")


def queue(
    engine: Engine, item: int, story: int, now: datetime, first: bool, topic: str = "ceasefire"
) -> None:
    with transaction(engine) as session:
        enqueue_alerts(session, [ItemMatches(item, {topic: ["truce"]}, {}, story, first)], now)


def worker(engine: Engine, sender: RecordingSender, clock: Clock) -> DeliveryWorker:
    return DeliveryWorker(engine, sender, clock=clock, topic_names=TOPIC_NAMES)


async def alerted(engine: Engine, sender: RecordingSender, clock: Clock) -> int:
    """Olena follows ceasefire and got Reuters' alert on a truce; the story's id."""
    add_subscribers(engine, [OLENA])
    lead = report(engine, "Reuters", "Envoys agree energy truce", START, None)
    queue(engine, lead, lead, START, first=True)
    await worker(engine, sender, clock).run_once()
    return lead


async def test_three_outlets_at_once_make_one_edit_naming_each_with_its_headline(
    sqlite_engine: Engine,
) -> None:
    clock, sender = Clock(), RecordingSender()
    lead = await alerted(sqlite_engine, sender, clock)
    for outlet in ("AP", "TASS", "Suspilne"):
        item = report(sqlite_engine, outlet, f"{outlet}: truce agreed in Riyadh", START, lead)
        queue(sqlite_engine, item, lead, START, first=False)

    await worker(sqlite_engine, sender, clock).run_once()

    alert, edit = sender.sent
    assert edit.edit_message_id is not None and alert.edit_message_id is None
    assert "Also reported by 3 more:" in edit.text
    for outlet in ("AP", "TASS", "Suspilne"):
        assert f'• {outlet}: <a href="https://{outlet}.example/' in edit.html
        assert f"{outlet}: truce agreed in Riyadh" in edit.text


async def test_a_story_edited_moments_ago_waits_before_the_next_edit(
    sqlite_engine: Engine,
) -> None:
    add_subscribers(sqlite_engine, [OLENA])
    clock, sender = Clock(), RecordingSender()
    lead = report(sqlite_engine, "Reuters", "Envoys agree energy truce", START, None)
    queue(sqlite_engine, lead, lead, START, first=True)
    second = report(sqlite_engine, "AP", "Truce agreed", START, lead)
    queue(sqlite_engine, second, lead, START, first=False)
    delivery = worker(sqlite_engine, sender, clock)
    await delivery.run_once()  # the alert, and at once its first edit
    assert len(sender.sent) == 2

    clock.now = START + timedelta(seconds=30)
    for outlet in ("TASS", "RIA"):
        item = report(sqlite_engine, outlet, f"{outlet} on the truce", clock.now, lead)
        queue(sqlite_engine, item, lead, clock.now, first=False)
    await delivery.run_once()
    assert len(sender.sent) == 2  # coalescing: not yet

    clock.now = START + EDIT_INTERVAL + timedelta(seconds=1)
    await delivery.run_once()
    assert len(sender.sent) == 3
    assert "Also reported by 3 more:" in sender.sent[-1].text


async def test_a_later_item_on_a_topic_the_alert_did_not_show_alerts_on_its_own(
    sqlite_engine: Engine,
) -> None:
    add_subscribers(sqlite_engine, [OLENA], topic="ceasefire")
    add_subscribers(sqlite_engine, [], topic="prisoners")
    with transaction(sqlite_engine) as session:
        from bot.store.chats import set_topic

        set_topic(session, OLENA, "prisoners", True)
    clock, sender = Clock(), RecordingSender()
    lead = report(sqlite_engine, "Reuters", "Envoys agree energy truce", START, None)
    queue(sqlite_engine, lead, lead, START, first=True)
    swap = report(sqlite_engine, "AP", "Truce deal includes a prisoner swap", START, lead)
    queue(sqlite_engine, swap, lead, START, first=False, topic="prisoners")

    await worker(sqlite_engine, sender, clock).run_once()

    assert [m.edit_message_id for m in sender.sent] == [None, None]
    with Session(sqlite_engine) as session:
        kinds = session.exec(select(Delivery.kind).order_by(col(Delivery.id))).all()
    assert kinds == [DeliveryKind.ALERT, DeliveryKind.ALERT]


async def test_past_five_outlets_the_rest_are_named_and_the_alert_fits_one_message(
    sqlite_engine: Engine,
) -> None:
    clock, sender = Clock(), RecordingSender()
    lead = await alerted(sqlite_engine, sender, clock)
    for n in range(12):
        item = report(sqlite_engine, f"Outlet{n}", "Truce " + "x" * 400, START, lead)
        queue(sqlite_engine, item, lead, START, first=False)

    await worker(sqlite_engine, sender, clock).run_once()

    edit = sender.sent[-1]
    assert edit.text.count("• Outlet") == 5
    assert "+7 more: Outlet5, Outlet6" in edit.text
    assert len(edit.html) <= 4096


async def test_a_story_four_outlets_carried_within_the_hour_is_breaking_on_its_alert(
    sqlite_engine: Engine,
) -> None:
    add_subscribers(sqlite_engine, [OLENA])
    clock, sender = Clock(), RecordingSender()
    lead = report(sqlite_engine, "Reuters", "Envoys agree energy truce", START, None)
    for n, outlet in enumerate(("AP", "TASS", "Suspilne")):
        report(sqlite_engine, outlet, "Truce", START + timedelta(minutes=10 * n), lead)
    queue(sqlite_engine, lead, lead, START, first=True)  # e.g. held while the chat was muted
    clock.now = START + timedelta(minutes=30)

    await worker(sqlite_engine, sender, clock).run_once()

    assert sender.sent[0].text.startswith("🔴 Envoys agree energy truce")
