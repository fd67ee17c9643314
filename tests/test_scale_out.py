"""One bot across processes: real `python -m bot run --role …` subprocesses on one database.

On the PostgreSQL server: 1 `updates` + 2 `poll` + 2 `deliver` processes start together on
an empty database (they migrate it), 1,000 subscribers follow a topic and 5 items arrive.
Every (chat, item) is delivered exactly once — except that the messages one `deliver`
process had in flight when it is SIGKILLed mid-run may arrive twice, never zero times —
and the replacement starting meanwhile takes back the dead process's rows, never those of
its live peer.  Nobody calls getUpdates but the `updates` process; each feed is fetched by
one process per cycle; a keyword subscribed through the `updates` process matches items a
`poll` process stores; a story carried by two outlets, polled by two different `poll`
processes, folds into one alert and one edit.  The same run with one `--role all` process
on SQLite (killed and restarted mid-run) is the default deployment.

The fake Telegram's global limit is scaled ×10 (300 messages/s, `SEND_RATE=280`) so the
run takes seconds, not minutes; private chats keep Telegram's own limit (a burst of 3,
then 1/s).  Its global flood limit may answer 429 at most once per thousand sends.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, insert
from sqlmodel import Session, col, select

from bot.store.models import Delivery, DeliveryStatus, Feed, Item, Subscription
from tests.support.fanout import add_subscribers, alerts_received, outbox
from tests.support.feed_server import FeedItem, FeedServer, rss_feed
from tests.support.processes import BotProcess, database_url, start, write_feeds_file
from tests.support.telegram_api import Call, FakeMessage, FakeTelegram, FloodLimits

TOKEN = "777001:scale-out"
OLENA = 42
CHATS = list(range(100_001, 101_001))
PRISONER_WATCHERS = CHATS[:50]
CEASEFIRE = [
    (
        "Ceasefire talks resume in Geneva as Ukrainian and Russian envoys meet",
        "Delegations from Kyiv and Moscow sat down in Geneva to discuss a ceasefire.",
    ),
    (
        "IAEA chief calls for a ceasefire zone around the Zaporizhzhia nuclear plant",
        "Rafael Grossi urged Russia and Ukraine to stop shelling near the reactors.",
    ),
    (
        "Turkey proposes a Black Sea truce to protect Ukrainian grain shipping",
        "Ankara offered to host talks on a naval ceasefire covering Odesa's ports.",
    ),
    (
        "Kyiv and Moscow agree to halt strikes on power plants for 30 days",
        "The energy ceasefire starts on Monday, Ukraine's foreign ministry said.",
    ),
    (
        "Kremlin rejects Christmas ceasefire proposal from Kyiv",
        "Dmitry Peskov said Russia saw no basis for a holiday truce in Ukraine.",
    ),
]
TITLES = [title for title, _ in CEASEFIRE]
KEYWORD_ITEM = (
    "Mariupol port reopens for grain ships after repairs",
    "The port in occupied Mariupol handled its first grain ship, local officials said.",
)
STORY = [
    (
        "Ukraine and Russia swap 150 prisoners of war in UAE-brokered exchange",
        "Kyiv and Moscow each released 150 prisoners of war on Thursday in an exchange "
        "mediated by the United Arab Emirates, Ukrainian officials said.",
    ),
    (
        "Russia and Ukraine exchange 150 POWs each in UAE-mediated swap",
        "Moscow and Kyiv each freed 150 prisoners of war on Thursday in a swap mediated "
        "by the United Arab Emirates, the Russian defence ministry said.",
    ),
]
FEEDS = 8
"""Wire 0-4 carry the ceasefire items, 5 the keyword item, 6 and 7 the story."""
LAYOUTS = {"postgresql": ["updates", "poll", "poll", "deliver", "deliver"], "sqlite": ["all"]}


def _old(n: int) -> FeedItem:
    return FeedItem(
        f"Weather in Kyiv, day {n}",
        f"https://wire{n}.example/weather",
        guid=f"weather-{n}",
        published=datetime.now(UTC) - timedelta(hours=5),
    )


def _publish(feeds: FeedServer, n: int, title: str, summary: str) -> None:
    item = FeedItem(
        title,
        f"https://wire{n}.example/{abs(hash(title))}",
        guid=f"{n}-{title[:20]}",
        published=datetime.now(UTC),
        summary=summary,
    )
    feeds.update(f"/{n}.rss", rss_feed([_old(n), item]))


def _until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Until the database (or a log) shows `condition`; it is looked at every 0.1 s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.1)


def _all_baselines_done(engine: Engine) -> bool:
    with Session(engine) as session:
        pending = session.exec(
            select(func.count()).select_from(Feed).where(col(Feed.baseline_done).is_(False))
        ).one()
        return int(pending) == 0 and _feed_count(session) == FEEDS


def _feed_count(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Feed)).one())


def _bot_messages(fake: FakeTelegram) -> list[FakeMessage]:
    return [m for m in fake.messages if m.from_bot]


def _follow_prisoners(engine: Engine) -> None:
    with Session(engine) as session:
        session.execute(
            insert(Subscription),
            [{"chat_id": c, "topic_id": "prisoners"} for c in PRISONER_WATCHERS],
        )
        session.commit()


def _in_flight(engine: Engine, pid: int) -> set[tuple[int, str]]:
    """(chat, title) of the rows the process `pid` was sending."""
    with Session(engine) as session:
        rows = session.exec(
            select(Delivery.chat_id, Item.title)
            .join(Item, col(Item.id) == Delivery.item_id)
            .where(col(Delivery.status) == DeliveryStatus.SENDING)
            .where(col(Delivery.claimed_by).contains(f":{pid}:"))
        ).all()
    return {(chat, title) for chat, title in rows}


def _settled(engine: Engine) -> bool:
    left = outbox(engine)
    return not left[DeliveryStatus.PENDING] and not left[DeliveryStatus.SENDING]


@contextmanager
def _processes(roles: list[str], env: dict[str, str], folder: Path) -> Iterator[list[BotProcess]]:
    """Started together; stopped with SIGTERM at the end, each to exit cleanly."""
    running = [start(f"{role}-{n}", role, env, folder) for n, role in enumerate(roles)]
    try:
        yield running
    finally:
        codes = {p.name: p.stop() for p in running if p.popen.returncode is None}
    assert all(code == 0 for code in codes.values()), {
        p.name: p.tail() for p in running if codes.get(p.name)
    }


def test_one_bot_across_processes_delivers_everything_once(
    empty_engine: Engine, tmp_path: Path
) -> None:
    dialect = empty_engine.dialect.name
    flood = FloodLimits(global_per_second=300)
    with FakeTelegram(TOKEN, flood_limits=flood) as fake, FeedServer() as feeds:
        fake.add_user(OLENA, "Olena")
        for chat in CHATS:
            fake.add_user(chat)
        for n in range(FEEDS):
            feeds.feed(f"/{n}.rss", rss_feed([_old(n)]))
        env = {
            "DATABASE_URL": database_url(empty_engine),
            "DATA_DIR": str(tmp_path),
            "FEEDS_FILE": str(
                write_feeds_file(
                    tmp_path, {f"Wire {n}": feeds.url(f"/{n}.rss") for n in range(FEEDS)}
                )
            ),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "SEND_RATE": "280",
            "HTTP_TIMEOUT": "5",
        }
        with _processes(LAYOUTS[dialect], env, tmp_path) as processes:
            for process in processes:
                process.wait_for("service_started")
            [receiver] = [p for p in processes if p.role in ("updates", "all")]
            receiver.wait_for("updates_receiving")
            _until(lambda: _all_baselines_done(empty_engine), 60, "baseline polls")
            add_subscribers(empty_engine, CHATS)
            _follow_prisoners(empty_engine)

            # A keyword subscribed through the process that receives updates…
            fake.user_sends(OLENA, OLENA, "/start")
            fake.wait_for_messages(OLENA, 1, timeout=30)
            fake.user_sends(OLENA, OLENA, "/subscribe Mariupol")
            fake.wait_for_messages(OLENA, 2, timeout=30)
            assert "Mariupol" in fake.sent_to(OLENA)[1].shown_text

            # …the items, polled by whichever poll process claims each feed, a second
            # apart (so most chats get them one by one, not combined).
            for n, (title, summary) in enumerate(CEASEFIRE):
                _publish(feeds, n, title, summary)
                time.sleep(1.0)
            _publish(feeds, 5, *KEYWORD_ITEM)

            # One sending process dies mid-run; a replacement starts at once.
            fake.wait_for(lambda: len(_bot_messages(fake)) >= 800, timeout=120)
            victim = next(p for p in processes if p.role in ("deliver", "all"))
            victim.kill()
            killed_at = time.monotonic()
            in_flight = _in_flight(empty_engine, victim.pid)
            # what the live peer was sending when its neighbour died (read at once: by the
            # time a replacement has started, it may have sent it all)
            survivors = [p for p in processes if p.role == "deliver" and p is not victim]
            peers_sending = [_in_flight(empty_engine, p.pid) for p in survivors]
            replacement = start(f"{victim.role}-new", victim.role, env, tmp_path)
            processes.append(replacement)
            replacement.wait_for("service_started")

            # A story (once its watchers have had their other alerts, so that its alert
            # is a message of its own): the first outlet's report alerts, then the poll
            # process that fetched it stops; the second outlet's report, polled by
            # another process, edits the alert.
            fake.wait_for(lambda: _have_all(fake, PRISONER_WATCHERS), timeout=120)
            _publish(feeds, 6, *STORY[0])
            fake.wait_for(
                lambda: all(
                    any(STORY[0][0] in m.shown_text for m in fake.sent_to(c))
                    for c in PRISONER_WATCHERS
                ),
                timeout=90,
            )
            [first_fetch] = [r for r in feeds.requests_to("/6.rss") if r.status == 200][:1]
            fetched_by = first_fetch.headers["User-Agent"]
            if dialect == "postgresql":
                [poller] = [p for p in processes if p.user_agent == fetched_by]
                assert poller.stop() == 0
                assert any(p.role == "poll" and p.popen.poll() is None for p in processes)
            _publish(feeds, 7, *STORY[1])
            _until(lambda: _settled(empty_engine) and _story_edited(fake), 120, "delivery")
            # A 409 answers a getUpdates that another one cut short: none but the long
            # poll a killed receiver left behind (and, once stopping, the updates
            # process's own last one: PTB ends its polling so).
            since = killed_at if victim is receiver else 0.0
            conflicts = [c for c in fake.calls_to("getUpdates") if c.status == 409 and c.at > since]

        sends = [c for c in fake.calls_to("sendMessage") if c.status == 200]
        received = alerts_received(_bot_messages(fake), [*TITLES, KEYWORD_ITEM[0], STORY[0][0]])
        report(dialect, sends, flood, fake, received, in_flight)

        # Every (chat, item) arrived; twice only where the killed process was sending it.
        for chat in CHATS:
            for title in TITLES:
                assert received[(chat, title)] >= 1, (chat, title)
        duplicated = {pair for pair, n in received.items() if n > 1}
        assert duplicated <= in_flight
        assert max(received.values()) <= 2
        if dialect == "postgresql":
            assert any(peers_sending), "the live peer had nothing in flight: no test of it"
        assert outbox(empty_engine)[DeliveryStatus.SENT] == len(CHATS) * len(TITLES) + 1 + 100

        # The keyword matched an item a poll process stored; nobody else got it.
        assert received[(OLENA, KEYWORD_ITEM[0])] == 1
        assert [chat for chat, title in received if title == KEYWORD_ITEM[0]] == [OLENA]

        # The story: one alert per watcher, edited once to name the second outlet.
        for chat in PRISONER_WATCHERS:
            [alert] = [m for m in fake.sent_to(chat) if STORY[0][0] in m.shown_text]
            assert len(alert.edits) == 1 and "Also reported by" in alert.shown_text
            assert not [m for m in fake.sent_to(chat) if m.shown_text.startswith(STORY[1][0])]

        # Within Telegram's limits; one receiver of updates; one fetch per feed per cycle.
        assert fake.stats["flood_429"] * 1000 <= len(sends)
        assert conflicts == []
        if dialect == "postgresql":
            for n in range(FEEDS):
                times = sorted(r.at for r in feeds.requests_to(f"/{n}.rss"))
                assert min(b - a for a, b in itertools.pairwise(times)) > 0.9, n


def test_a_standby_receives_updates_as_soon_as_the_first_updates_process_dies(
    empty_postgres_engine: Engine, tmp_path: Path
) -> None:
    with FakeTelegram(TOKEN) as fake:
        fake.add_user(OLENA, "Olena")
        env = {
            "DATABASE_URL": database_url(empty_postgres_engine),
            "DATA_DIR": str(tmp_path),
            "FEEDS_FILE": str(write_feeds_file(tmp_path, {"Wire": "http://127.0.0.1:9/rss"})),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": fake.base_url,
        }
        with _processes(["updates"], env, tmp_path) as processes:
            [first] = processes
            first.wait_for("updates_receiving")
            processes.append(second := start("updates-standby", "updates", env, tmp_path))
            second.wait_for("updates_standby")
            fake.user_sends(OLENA, OLENA, "/start")
            fake.wait_for_messages(OLENA, 1, timeout=30)

            first.kill()
            killed_at = time.monotonic()
            second.wait_for("updates_receiving", timeout=30)
            fake.user_sends(OLENA, OLENA, "/help")
            fake.wait_for_messages(OLENA, 2, timeout=30)
            conflicts = [c for c in fake.calls_to("getUpdates") if c.status == 409]
        # While both lived, only one called getUpdates (a second caller would have cut the
        # first one's long polls short, again and again); after the kill, the successor
        # cut short the long poll the dead process left waiting.
        assert all(c.at < killed_at for c in conflicts) and len(conflicts) <= 1


def _have_all(fake: FakeTelegram, chats: list[int]) -> bool:
    """These chats have had every ceasefire alert."""
    received = alerts_received((m for c in chats for m in fake.sent_to(c)), TITLES)
    return all(received[(chat, title)] for chat in chats for title in TITLES)


def _story_edited(fake: FakeTelegram) -> bool:
    return all(
        any(STORY[0][0] in m.shown_text and m.edits for m in fake.sent_to(c))
        for c in PRISONER_WATCHERS
    )


def report(
    dialect: str,
    sends: list[Call],
    flood: FloodLimits,
    fake: FakeTelegram,
    received: Counter[tuple[int, str]],
    in_flight: set[tuple[int, str]],
) -> None:
    """The run's figures (shown with `pytest -s`)."""
    span = sends[-1].at - sends[0].at
    lost = sum(1 for chat in CHATS for title in TITLES if not received[(chat, title)])
    print(
        f"\n{dialect}: {len(sends)} messages in {span:.1f} s = {len(sends) / span:.0f}/s "
        f"(limit {flood.global_per_second}/s), 429s: {fake.stats['flood_429']}, "
        f"duplicates: {sum(n - 1 for n in received.values() if n > 1)} "
        f"(in flight at the kill: {len(in_flight)}), lost: {lost}"
    )
