"""Fan-out benchmark: one alert to N subscribers against the fake Telegram, flood limits on.

Run from the repository root::

    python -m bench fanout                          # 10,000 subscribers (about 6 minutes)
    python -m bench fanout --subscribers 2000       # quicker
    python -m bench fanout --latency-feeds 500      # only the publish-to-alert part
    python -m bench fanout --skip-fanout --skip-latency   # only the mixed load

Part 1, the fan-out.  The fake Telegram (``tests.support.telegram_api``, Telegram's flood
limits on: 30/s overall, 1/s per private chat) runs in this process; the sender runs in a
child process built like the service's delivery side: SQLite outbox → ``DeliveryWorker``
→ ``TelegramSender`` (real python-telegram-bot over HTTP) → ``PacingLimiter``.  The child's
peak memory is its own; it is measured at 1,000 subscribers and at N to show that memory
does not grow with the number of subscribers.  The naive baseline, in the same run, is
what a bot without pacing does: ``bot.send_message`` for every chat as fast as it can
(16 at a time), no retry; it is stopped after 1,000 chats.

Part 2, publish-to-alert latency: the real ``bot.service.Service`` (poll, deliver and digest
ticks on APScheduler, the PTB Application polling the fake) watches 1 hot feed polled every
5 s plus `--latency-feeds` other feeds on the local feed server
(``tests.support.feed_server``).  An item is appended to the hot feed every few seconds;
the latency is from the moment it is served to the moment the fake Telegram receives
the alert.

Part 3, mixed load: 500 people send /start and /subscribe within 2 s while an alert fans out
to 2,000 chats, through one bot and one budget (``tests.support.mixed_load``): reply
latency, the fan-out's rate and the 429s received.  The naive baseline, in the same run,
answers every command at once with ``send_message`` (16 at a time, no pacing, no retry),
as the bot did before every reply was paced.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.store.db import create_schema, make_engine
from tests.support.telegram_api import FakeTelegram, FloodLimits

ROOT = Path(__file__).resolve().parent.parent
ALERT = "Ceasefire agreed along the whole front line"


@dataclass
class FanOutFigures:
    subscribers: int
    seconds: float
    sent: int
    flood_429: int
    sustained_rate: float
    peak_rss_mb: float


def _child_fan_out(database_url: str, base_url: str, out: Any) -> None:
    """The sender process: requeue, then tick the worker until the outbox is empty."""
    from tests.support.fanout import delivery_worker, drain, telegram_bot, telegram_sender

    async def run() -> float:
        engine = make_engine(database_url)
        async with telegram_bot(base_url, read_timeout=10.0) as bot:
            worker = delivery_worker(engine, telegram_sender(bot))
            start = time.monotonic()
            await drain(worker, engine, within=3600)
            return time.monotonic() - start

    seconds = asyncio.run(run())
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out.send((seconds, peak_kb / 1024))


def fan_out(subscribers: int) -> FanOutFigures:
    from tests.support.fanout import add_subscribers, enqueue, make_feed, make_items

    with (
        tempfile.TemporaryDirectory() as folder,
        FakeTelegram("123456:fanout-token", flood_limits=FloodLimits()) as fake,
    ):
        url = f"sqlite:///{folder}/fanout.db"
        engine = make_engine(url)
        create_schema(engine)
        chats = list(range(1_000_001, 1_000_001 + subscribers))
        for chat_id in chats:
            fake.add_user(chat_id)
        add_subscribers(engine, chats)
        enqueue(engine, make_items(engine, make_feed(engine), [ALERT]))
        engine.dispose()
        receive, send = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.get_context("spawn").Process(
            target=_child_fan_out, args=(url, fake.base_url, send)
        )
        child.start()
        seconds, peak_mb = receive.recv()
        child.join()
        sends = sorted(c.at for c in fake.calls_to("sendMessage") if c.status == 200)
        # Sustained: the middle 90 % of the sends, away from the start-up and the tail.
        lo, hi = int(len(sends) * 0.05), int(len(sends) * 0.95)
        rate = (hi - lo) / (sends[hi - 1] - sends[lo]) if hi - 1 > lo else float("nan")
        return FanOutFigures(
            subscribers, seconds, len(fake.messages), fake.stats["flood_429"], rate, peak_mb
        )


async def _naive(base_url: str, chats: list[int]) -> tuple[int, float]:
    import telegram
    from telegram.request import HTTPXRequest

    sem = asyncio.Semaphore(16)
    errors = 0

    async def one(chat_id: int) -> None:
        nonlocal errors
        async with sem:
            try:
                await bot.send_message(chat_id, ALERT)
            except telegram.error.TelegramError:
                errors += 1

    request = HTTPXRequest(connection_pool_size=16)
    async with telegram.Bot("123456:fanout-token", base_url=base_url, request=request) as bot:
        start = time.monotonic()
        await asyncio.gather(*(one(c) for c in chats))
        return errors, time.monotonic() - start


def naive_baseline(subscribers: int) -> tuple[int, int, float]:
    """(delivered, 429s, seconds) for a bot that sends as fast as it can, no pacing."""
    with FakeTelegram("123456:fanout-token", flood_limits=FloodLimits()) as fake:
        chats = list(range(1, subscribers + 1))
        for chat_id in chats:
            fake.add_user(chat_id)
        _, seconds = asyncio.run(_naive(fake.base_url, chats))
        return len(fake.messages), fake.stats["flood_429"], seconds


def mixed(users: int, subscribers: int) -> str:
    """The mixed load through Peacewatch's bot: its summary line."""
    from bot.matching import Matcher, load_matching_config
    from tests.support.mixed_load import mixed_load

    rules = load_matching_config(yaml.safe_load((ROOT / "feeds.yaml").read_text()))
    topics = [(t.id, t.name, t.description) for t in rules.topics]
    with (
        tempfile.TemporaryDirectory() as folder,
        FakeTelegram("123456:TEST-token", flood_limits=FloodLimits()) as fake,
    ):
        engine = make_engine(f"sqlite:///{folder}/mixed.db")
        create_schema(engine)
        load = asyncio.run(
            mixed_load(
                fake,
                engine,
                Matcher.from_config(rules),
                topics,
                users=users,
                subscribers=subscribers,
            )
        )
        return load.summary()


def naive_replies(users: int) -> tuple[int, int, int]:
    """(replies delivered, users with both replies, 429s) answering at once, no retry."""
    with FakeTelegram("123456:fanout-token", flood_limits=FloodLimits()) as fake:
        people = list(range(1, users + 1))
        for chat_id in people:
            fake.add_user(chat_id)
        asyncio.run(_naive(fake.base_url, people + people))
        both = sum(1 for chat in people if len(fake.sent_to(chat)) >= 2)
        return len(fake.messages), both, fake.stats["flood_429"]


def latency(other_feeds: int, samples: int) -> list[float]:
    """Publish-to-alert seconds for `samples` items appended to a hot feed."""
    from tests.support.feed_server import FeedItem, FeedServer, rss_feed

    with (
        tempfile.TemporaryDirectory() as folder,
        FeedServer() as server,
        FakeTelegram("123456:fanout-token", flood_limits=FloodLimits()) as fake,
    ):
        fake.add_user(777)
        hot: list[FeedItem] = [FeedItem("Weather in Lviv", "https://hot.example/0")]
        server.feed("/hot.rss", rss_feed(hot))
        lines = ["feeds:", f"  - name: hot\n    url: {server.url('/hot.rss')}\n    interval: 5s"]
        for n in range(other_feeds):
            path = f"/other{n}.rss"
            server.feed(path, rss_feed([FeedItem(f"Local news {n}", f"https://o.example/{n}")]))
            lines.append(f"  - name: other {n}\n    url: {server.url(path)}\n    interval: 5s")
        source = ROOT / "topics.yaml"
        if not source.exists():
            source = ROOT / "feeds.yaml"
        rules = yaml.safe_load(source.read_text(encoding="utf-8"))
        topics = yaml.safe_dump(
            {k: rules[k] for k in ("contexts", "topics") if k in rules}, allow_unicode=True
        )
        feeds_file = Path(folder) / "feeds.yaml"
        feeds_file.write_text("\n".join(lines) + "\n\n" + topics, encoding="utf-8")
        return asyncio.run(_measure_latency(folder, feeds_file, server, fake, hot, samples))


async def _measure_latency(
    folder: str, feeds_file: Path, server: Any, fake: FakeTelegram, hot: list[Any], samples: int
) -> list[float]:
    from sqlmodel import Session

    from bot.config import Settings
    from bot.service import build_service
    from bot.store.chats import ensure_chat, set_topic
    from bot.store.models import ChatKind
    from tests.support.feed_server import FeedItem, rss_feed

    settings = Settings(
        data_dir=Path(folder),
        feeds_file=feeds_file,
        telegram_bot_token="123456:fanout-token",  # type: ignore[arg-type]
        telegram_api_base_url=fake.base_url,
        log_level=os.environ.get("BENCH_LOG", "ERROR"),
    )
    service = build_service(settings)
    with Session(service.engine) as session:
        ensure_chat(session, 777, ChatKind.PRIVATE)
        set_topic(session, 777, "ceasefire", True)
        session.commit()
    running = asyncio.create_task(service.run())
    rng = random.Random(5)
    await asyncio.sleep(12)  # every feed's baseline poll is done
    out: list[float] = []
    for n in range(1, samples + 1):
        title = f"Russia and Ukraine open ceasefire talks, round {n}, in Geneva"
        hot.insert(
            0,
            FeedItem(
                title,
                f"https://hot.example/{n}",
                published=datetime.now(UTC) - timedelta(seconds=1),
            ),
        )
        server.update("/hot.rss", rss_feed(hot))
        published = time.time()

        def arrived_at_777(t: str = title) -> bool:
            return any(t in m.shown_text for m in fake.sent_to(777))

        await fake.wait_for_async(arrived_at_777, timeout=60)
        arrived = next(
            c.wall_time
            for c in fake.calls_to("sendMessage")
            if title in str(c.params.get("text", "")) and c.status == 200
        )
        out.append(arrived - published)
        await asyncio.sleep(rng.uniform(1, 6))
    service.stop()
    await running
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench fanout")
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--latency-feeds", type=int, default=500)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--skip-fanout", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--mixed-users", type=int, default=500)
    parser.add_argument("--mixed-subscribers", type=int, default=2000)
    parser.add_argument("--skip-mixed", action="store_true")
    args = parser.parse_args(argv)
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    if not args.skip_fanout:
        delivered, floods, seconds = naive_baseline(1000)
        print(
            f"naive (no pacing, 16 at a time, no retry), 1,000 chats: {delivered} delivered, "
            f"{floods} × 429 in {seconds:.1f} s"
        )
        sizes = sorted({min(1000, args.subscribers), args.subscribers})
        for size in sizes:
            f = fan_out(size)
            print(
                f"peacewatch, {f.subscribers:,} subscribers: {f.sent:,} messages in "
                f"{f.seconds:.1f} s; sustained {f.sustained_rate:.1f} msg/s "
                f"({f.sustained_rate / 30:.0%} of 30/s); 429s received: {f.flood_429}; "
                f"peak memory of the sender process: {f.peak_rss_mb:.0f} MB"
            )
    if not args.skip_latency:
        values = latency(args.latency_feeds, args.samples)
        print(
            f"publish-to-alert, 1 hot feed (5 s) + {args.latency_feeds} others (5 s), "
            f"{len(values)} items: median {statistics.median(values):.1f} s, "
            f"p95 {_percentile(values, 0.95):.1f} s, max {max(values):.1f} s "
            f"(target p95 ≤ 7 s)"
        )
    if not args.skip_mixed:
        delivered, both, floods = naive_replies(args.mixed_users)
        print(
            f"naive replies (at once, 16 at a time, no retry), {args.mixed_users} users × 2: "
            f"{delivered} delivered, {both} users got both, {floods} × 429"
        )
        print("peacewatch, " + mixed(args.mixed_users, args.mixed_subscribers))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
