"""A fan-out process for `test_crash_recovery`: killed with SIGKILL, then run again.

``python -m tests.support.crash_fanout DATABASE_URL TELEGRAM_BASE_URL PER_SECOND`` does what the
service does at start and on its delivery tick: requeue what a dead process was sending,
then send due alerts until the outbox is empty, through the real TelegramSender.
"""

from __future__ import annotations

import asyncio
import sys

from bot.delivery.pacing import Pacer
from bot.store.db import make_engine
from tests.support.fanout import delivery_worker, drain, telegram_bot, telegram_sender


async def fan_out(database_url: str, base_url: str, per_second: float) -> None:
    engine = make_engine(database_url)
    async with telegram_bot(base_url, read_timeout=2.0, pacer=Pacer(per_second)) as bot:
        worker = delivery_worker(engine, telegram_sender(bot))
        await drain(worker, engine, within=120)
    engine.dispose()


def main(argv: list[str]) -> int:
    database_url, base_url, per_second = argv
    asyncio.run(fan_out(database_url, base_url, float(per_second)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
