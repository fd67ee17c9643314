"""SIGKILL in the middle of a fan-out, then a restart: nothing lost, at most one
duplicate per message that was in flight (the at-least-once policy of the outbox)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.store.models import Delivery, DeliveryStatus
from tests.support.fanout import (
    TOKEN,
    add_subscribers,
    enqueue,
    make_feed,
    make_items,
    outbox,
)
from tests.support.telegram_api import FakeTelegram, FloodLimits

ROOT = Path(__file__).resolve().parent.parent
CHATS = list(range(30_001, 30_601))
TITLE = "Ceasefire agreed for the Black Sea ports"


def start_fan_out(engine: Engine, fake: FakeTelegram, log: Path) -> subprocess.Popen[bytes]:
    """The fan-out process; its log goes to a file (a full pipe would stall it)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("ab") as errors:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.crash_fanout",
                str(engine.url),
                fake.base_url,
                "290",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )


def statuses(engine: Engine) -> dict[int, DeliveryStatus]:
    with Session(engine) as session:
        rows = session.exec(select(Delivery.chat_id, Delivery.status)).all()
        return {chat_id: DeliveryStatus(status) for chat_id, status in rows}


def test_fan_out_killed_midway_and_restarted_loses_nothing(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    log = tmp_path / "fan_out.log"
    with FakeTelegram(TOKEN, flood_limits=FloodLimits(global_per_second=300)) as fake:
        for chat_id in CHATS:
            fake.add_user(chat_id)
        add_subscribers(sqlite_engine, CHATS)
        enqueue(sqlite_engine, make_items(sqlite_engine, make_feed(sqlite_engine), [TITLE]))

        first = start_fan_out(sqlite_engine, fake, log)
        try:
            fake.wait_for(lambda: len(fake.messages) >= 150 or first.poll() is not None, timeout=60)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        assert first.returncode == -signal.SIGKILL, log.read_text()
        time.sleep(0.5)  # requests the dead process had sent are answered into the void
        at_kill = Counter(m.chat_id for m in fake.messages)
        after_kill = statuses(sqlite_engine)
        in_flight = {c for c in at_kill if after_kill[c] is not DeliveryStatus.SENT}

        second = start_fan_out(sqlite_engine, fake, log)
        second.wait(timeout=120)

        assert second.returncode == 0, log.read_text()
        assert 0 < sum(at_kill.values()) < len(CHATS), "the kill did not land mid-fan-out"
        assert DeliveryStatus.SENDING in after_kill.values()
        assert outbox(sqlite_engine) == {DeliveryStatus.SENT: len(CHATS)}
        received = Counter(m.chat_id for m in fake.messages if TITLE in m.shown_text)
        assert sorted(received) == CHATS
        duplicated = {chat for chat, n in received.items() if n > 1}
        assert duplicated <= in_flight
        assert max(received.values()) <= 2
