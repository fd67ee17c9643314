"""Alerts through the real python-telegram-bot against the fake Telegram: limits and faults.

The fan-out tests run at ten times Telegram's global rate (the fake allows 300 sends/s
and our pacer aims at 290/s, the same margin as 30 vs 29) so they stay within budget;
per-chat limits are Telegram's own.  1,000 subscribers get five items queued at once,
i.e. one combined message each; individual alerts under the same faults are covered by
50 subscribers × 3 items.  `bench/fanout` runs the real 30/s against 10,000 subscribers.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.delivery.contract import Message, SendOutcome
from bot.delivery.outbox import DeliveryWorker
from bot.delivery.pacing import Pacer
from bot.store.chats import ensure_chat
from bot.store.models import Chat, ChatKind, Delivery, DeliveryStatus, Subscription
from bot.telegram.sender import TelegramSender
from tests.support.fanout import (
    TOKEN,
    TOPIC_NAMES,
    PacedBot,
    add_subscribers,
    alerts_received,
    delivery_worker,
    drain,
    enqueue,
    faulted_alerts,
    make_feed,
    make_items,
    outbox,
    telegram_bot,
    telegram_sender,
)
from tests.support.telegram_api import FakeTelegram, FloodLimits

OLENA, TARAS = 2001, 2002
PEACE_DESK, PEACE_DESK_SUPERGROUP = -4001, -1004001
FIVE_ITEMS = [
    "Ceasefire talks open in Geneva",
    "Truce monitors arrive in Zaporizhzhia",
    "Armistice draft circulated to delegations",
    "Kremlin comments on cessation of hostilities",
    "Silence regime announced for Easter",
]


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram(TOKEN, flood_limits=FloodLimits(), hang_seconds=1.0) as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[PacedBot]:
    async with telegram_bot(fake.base_url, read_timeout=0.5) as real_bot:
        yield real_bot


def worker_for(engine: Engine, bot: PacedBot) -> DeliveryWorker:
    return delivery_worker(engine, telegram_sender(bot))


def chat_row(engine: Engine, chat_id: int) -> Chat | None:
    with Session(engine) as session:
        return session.get(Chat, chat_id)


async def fan_out_with_faults(
    engine: Engine, chats: list[int], titles: list[str], seed: int
) -> FakeTelegram:
    """All `titles` queued at once for every chat, sent with 10 % of calls failing.

    The client waits 2 s for an answer and a hung call answers after 3 s: a loaded CI
    machine can take longer than half a second to answer a healthy call, and a retry of a
    message that did arrive would be a duplicate no injected fault accounts for."""
    limits = FloodLimits(global_per_second=300)
    with FakeTelegram(TOKEN, flood_limits=limits, hang_seconds=3.0) as fake:
        for chat_id in chats:
            fake.add_user(chat_id)
        add_subscribers(engine, chats)
        enqueue(engine, make_items(engine, make_feed(engine), titles))
        fake.fail_ratio(0.1, kinds=("500", "hang", "drop", "drop_after"), seed=seed)
        for chat_id in chats[5:50:9]:
            fake.fail_next(1, "429", chat_id=chat_id, retry_after=1)
        async with telegram_bot(fake.base_url, read_timeout=2.0, pacer=Pacer(290)) as bot:
            worker = delivery_worker(engine, telegram_sender(bot))
            await drain(worker, engine, within=120)
    return fake


def assert_each_alert_arrived_once(
    fake: FakeTelegram, engine: Engine, chats: list[int], titles: list[str]
) -> None:
    """Exactly once, except one more copy per message whose answer was lost in flight."""
    messages = fake.messages
    received = alerts_received(messages, titles)
    in_flight = faulted_alerts(messages, titles)
    assert outbox(engine) == {DeliveryStatus.SENT: len(chats) * len(titles)}
    missing = [(c, t) for c in chats for t in titles if received[(c, t)] == 0]
    assert missing == []
    repeated = {key: n for key, n in received.items() if n - 1 > in_flight[key]}
    assert repeated == {}
    assert fake.stats["flood_429"] == 0, "our own pace provoked a 429"
    assert fake.stats["injected_429"] == 5
    assert fake.stats["injected_5xx"] > 0 and fake.stats["hung"] > 0
    assert fake.stats["dropped"] > 0


async def test_thousand_subscribers_get_five_alerts_once_despite_ten_percent_failures(
    sqlite_engine: Engine,
) -> None:
    """Five items pending at once: one combined message per chat (1,000 messages)."""
    chats = list(range(10_001, 11_001))

    fake = await fan_out_with_faults(sqlite_engine, chats, FIVE_ITEMS, seed=7)

    assert_each_alert_arrived_once(fake, sqlite_engine, chats, FIVE_ITEMS)
    combined = [m for m in fake.messages if m.shown_text.startswith("5 new alerts")]
    assert len({m.chat_id for m in combined}) == len(chats)


async def test_single_alerts_arrive_once_despite_ten_percent_failures(
    sqlite_engine: Engine,
) -> None:
    """Three items pending per chat: sent one by one, paced at 1/s per chat."""
    chats = list(range(20_001, 20_051))

    fake = await fan_out_with_faults(sqlite_engine, chats, FIVE_ITEMS[:3], seed=11)

    assert_each_alert_arrived_once(fake, sqlite_engine, chats, FIVE_ITEMS[:3])
    assert len(fake.messages) >= len(chats) * 3


async def test_a_failed_send_puts_the_chats_other_alerts_back_in_the_queue(
    sqlite_engine: Engine, fake: FakeTelegram, bot: PacedBot
) -> None:
    fake.add_user(OLENA)
    add_subscribers(sqlite_engine, [OLENA])
    items = make_items(sqlite_engine, make_feed(sqlite_engine), FIVE_ITEMS[:3])
    enqueue(sqlite_engine, items)
    fake.fail_next(1, "500", chat_id=OLENA)

    await drain(worker_for(sqlite_engine, bot), sqlite_engine, within=20)

    received = alerts_received(fake.sent_to(OLENA), FIVE_ITEMS[:3])
    assert received == {(OLENA, title): 1 for title in FIVE_ITEMS[:3]}


async def test_three_alerts_to_one_private_chat_are_paced_and_sent_one_by_one(
    sqlite_engine: Engine, bot: PacedBot
) -> None:
    with FakeTelegram(TOKEN, flood_limits=FloodLimits(private_burst=1)) as strict:
        strict.add_user(OLENA)
        add_subscribers(sqlite_engine, [OLENA])
        items = make_items(sqlite_engine, make_feed(sqlite_engine), FIVE_ITEMS[:3])
        enqueue(sqlite_engine, items)
        async with telegram_bot(strict.base_url, pacer=Pacer(private_burst=1)) as own_bot:
            await drain(worker_for(sqlite_engine, own_bot), sqlite_engine)

        sent = strict.sent_to(OLENA)
        assert [m.shown_text.splitlines()[0] for m in sent] == FIVE_ITEMS[:3]
        assert strict.stats["flood_429"] == 0
        sends = strict.calls_to("sendMessage")
        gaps = [b.at - a.at for a, b in pairwise(sends)]
        assert all(gap >= 0.9 for gap in gaps)


async def test_more_than_three_pending_alerts_go_out_as_one_combined_message(
    sqlite_engine: Engine, fake: FakeTelegram, bot: PacedBot
) -> None:
    fake.add_user(OLENA)
    add_subscribers(sqlite_engine, [OLENA])
    items = make_items(sqlite_engine, make_feed(sqlite_engine), FIVE_ITEMS[:4])
    enqueue(sqlite_engine, items)

    await drain(worker_for(sqlite_engine, bot), sqlite_engine)

    [message] = fake.sent_to(OLENA)
    assert message.shown_text.startswith("4 new alerts")
    assert all(title in message.shown_text for title in FIVE_ITEMS[:4])
    assert [text for text, _url in message.links()] == FIVE_ITEMS[:4]


async def test_blocked_user_is_deactivated_its_alerts_dropped_and_nothing_more_sent(
    sqlite_engine: Engine, fake: FakeTelegram, bot: PacedBot
) -> None:
    fake.add_user(OLENA)
    fake.add_user(TARAS)
    fake.block(OLENA)
    add_subscribers(sqlite_engine, [OLENA, TARAS])
    feed = make_feed(sqlite_engine)
    first = make_items(sqlite_engine, feed, FIVE_ITEMS[:2])
    enqueue(sqlite_engine, first)
    worker = worker_for(sqlite_engine, bot)

    await drain(worker, sqlite_engine)
    later = make_items(sqlite_engine, feed, FIVE_ITEMS[2:3])
    assert enqueue(sqlite_engine, later) == 1  # only Taras is still subscribed
    await drain(worker, sqlite_engine)

    olena = chat_row(sqlite_engine, OLENA)
    assert olena is not None and not olena.active
    assert "blocked" in (olena.deactivated_reason or "")
    with Session(sqlite_engine) as session:
        hers = session.exec(select(Delivery).where(Delivery.chat_id == OLENA)).all()
    assert sorted(d.status for d in hers) == [DeliveryStatus.DROPPED] * 2
    assert len([c for c in fake.calls_to("sendMessage") if c.params["chat_id"] == OLENA]) == 1
    assert len(fake.sent_to(TARAS)) == 3


@pytest.mark.parametrize(
    "supergroup_known", [False, True], ids=["supergroup-new", "supergroup-already-known"]
)
async def test_alerts_follow_a_group_migrated_to_a_supergroup(
    sqlite_engine: Engine, fake: FakeTelegram, bot: PacedBot, supergroup_known: bool
) -> None:
    fake.add_chat(PEACE_DESK, "group", "Peace desk")
    fake.migrate(PEACE_DESK, PEACE_DESK_SUPERGROUP)
    add_subscribers(sqlite_engine, [PEACE_DESK], kind=ChatKind.GROUP)
    if supergroup_known:  # the bot saw the supergroup's first message before any alert
        with Session(sqlite_engine) as session:
            ensure_chat(session, PEACE_DESK_SUPERGROUP, ChatKind.SUPERGROUP, "Peace desk")
            session.commit()
    items = make_items(sqlite_engine, make_feed(sqlite_engine), FIVE_ITEMS[:2])
    enqueue(sqlite_engine, items)

    await drain(worker_for(sqlite_engine, bot), sqlite_engine, within=20)

    received = alerts_received(fake.sent_to(PEACE_DESK_SUPERGROUP), FIVE_ITEMS[:2])
    assert received == {(PEACE_DESK_SUPERGROUP, t): 1 for t in FIVE_ITEMS[:2]}
    assert chat_row(sqlite_engine, PEACE_DESK) is None
    with Session(sqlite_engine) as session:
        moved = session.exec(select(Delivery.chat_id, Delivery.status)).all()
        topics = session.exec(
            select(Subscription.topic_id).where(Subscription.chat_id == PEACE_DESK_SUPERGROUP)
        ).all()
    assert moved == [(PEACE_DESK_SUPERGROUP, DeliveryStatus.SENT)] * 2
    assert topics == ["ceasefire"]
    assert fake.stats["flood_429"] == 0


async def test_title_full_of_markup_is_delivered_as_written(
    sqlite_engine: Engine, fake: FakeTelegram, bot: PacedBot
) -> None:
    title = 'Talks <in> "Geneva" & Vienna <script>alert(1)</script> <b>unclosed <i>truce &amp;'
    fake.add_user(OLENA)
    add_subscribers(sqlite_engine, [OLENA])
    enqueue(sqlite_engine, make_items(sqlite_engine, make_feed(sqlite_engine), [title]))

    await drain(worker_for(sqlite_engine, bot), sqlite_engine)

    [message] = fake.sent_to(OLENA)
    assert message.parse_mode == "HTML"  # no plain-text fallback was needed
    assert message.shown_text.splitlines()[0] == title
    assert [text for text, _url in message.links()] == [title]


async def test_html_telegram_cannot_parse_is_resent_as_plain_text_and_logged(
    fake: FakeTelegram, bot: PacedBot, caplog: pytest.LogCaptureFixture
) -> None:
    fake.add_user(OLENA)
    sender = TelegramSender(bot)
    broken = Message(chat_id=OLENA, html="<b>Ceasefire <i>talks</b> resume</i>")

    with caplog.at_level(logging.ERROR):
        result = await sender.send(broken)

    assert result.outcome is SendOutcome.SENT
    [message] = fake.sent_to(OLENA)
    assert message.text == "Ceasefire talks resume" and message.parse_mode is None
    [rejected, _resent] = fake.calls_to("sendMessage")
    assert rejected.status == 400 and "can't parse entities" in (rejected.description or "")
    assert any("telegram_rejected_html" in r.getMessage() for r in caplog.records)


async def test_muted_chat_gets_nothing_while_muted_then_one_summary(
    sqlite_engine: Engine, fake: FakeTelegram, bot: PacedBot
) -> None:
    now = [datetime(2026, 5, 4, 22, 0, tzinfo=UTC)]
    fake.add_user(OLENA)
    add_subscribers(sqlite_engine, [OLENA])
    with Session(sqlite_engine) as session:
        olena = ensure_chat(session, OLENA, ChatKind.PRIVATE)
        olena.muted_until = now[0] + timedelta(hours=8)
        session.add(olena)
        session.commit()
    items = make_items(sqlite_engine, make_feed(sqlite_engine), FIVE_ITEMS[:3], now[0])
    enqueue(sqlite_engine, items, now=now[0])
    worker = DeliveryWorker(
        sqlite_engine, telegram_sender(bot), clock=lambda: now[0], topic_names=TOPIC_NAMES
    )

    for _ in range(8 * 12):  # every five minutes through the night
        assert await worker.run_once() == 0
        now[0] += timedelta(minutes=5)
    now[0] += timedelta(seconds=1)
    assert await worker.run_once() == 3

    [summary] = fake.sent_to(OLENA)
    assert summary.shown_text.startswith("While you were muted: 3 new alerts")
    assert all(title in summary.shown_text for title in FIVE_ITEMS[:3])
    olena_after = chat_row(sqlite_engine, OLENA)
    assert olena_after is not None and olena_after.muted_until is None
    with Session(sqlite_engine) as session:
        assert (
            session.exec(select(Delivery.status).where(col(Delivery.chat_id) == OLENA)).all()
            == [DeliveryStatus.SENT] * 3
        )


async def test_alerts_after_a_quiet_mute_are_not_called_held(
    sqlite_engine: Engine, fake: FakeTelegram, bot: PacedBot
) -> None:
    now = [datetime(2026, 5, 4, 22, 0, tzinfo=UTC)]
    fake.add_user(OLENA)
    add_subscribers(sqlite_engine, [OLENA])
    with Session(sqlite_engine) as session:
        olena = ensure_chat(session, OLENA, ChatKind.PRIVATE)
        olena.muted_until = now[0] + timedelta(hours=1)  # nothing arrives during the mute
        session.add(olena)
        session.commit()
    worker = DeliveryWorker(
        sqlite_engine, telegram_sender(bot), clock=lambda: now[0], topic_names=TOPIC_NAMES
    )
    now[0] += timedelta(hours=2)
    items = make_items(sqlite_engine, make_feed(sqlite_engine), FIVE_ITEMS[:2], now[0])
    enqueue(sqlite_engine, items, now=now[0])

    assert await worker.run_once() == 2

    sent = fake.sent_to(OLENA)
    assert len(sent) == 2
    assert not any("muted" in message.shown_text for message in sent)
    olena_after = chat_row(sqlite_engine, OLENA)
    assert olena_after is not None and olena_after.muted_until is None
