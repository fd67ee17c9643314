"""Storage on SQLite and PostgreSQL alike: idempotent inserts, one item per canonical link,
edits as updates, baselines, feeds.yaml sync and the due-feed query."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bot import domain
from bot.config import FeedConfig, resolve_local_url
from bot.domain import PollStatus
from bot.ingest.normalize import canonical_link, content_hash, item_key
from bot.store.feeds import due_feeds, sync_feeds
from bot.store.items import store_items
from bot.store.models import Feed, FeedState, Item
from tests.support import SEEDS
from tests.support.feed_server import FeedItem, FeedServer, atom_feed, rss_feed, sample_items
from tests.support.polling import Clock, add_feeds, feed_row, poll, stored_items

NOW = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
MARKETDASH = (
    "https://www.marketdash.com/stock-market-news/63700/"
    "russia-might-accept-us-security-plan-for-ukraine-official-says-but-dont-pop-the-champagne-yet"
)


def make_item(
    title: str, link: str | None, guid: str | None = None, summary: str = "Summary"
) -> domain.Item:
    clean = canonical_link(link)
    return domain.Item(
        key=item_key(guid, clean, title, summary),
        title=title,
        summary=summary,
        link=clean,
        published=NOW - timedelta(hours=1),
        lang="en",
        content_hash=content_hash(title, summary),
        guid=guid,
    )


def new_feed(session: Session, name: str, url: str | None = None) -> int:
    url = url or f"https://{name.lower()}.example/rss"
    sync_feeds(
        session,
        [*_configs(session), FeedConfig(name=name, url=url)],
        {**_urls(session), name: url},
        NOW,
    )
    session.commit()
    feed_id = session.exec(select(Feed.id).where(Feed.name == name)).one()
    assert feed_id is not None
    return feed_id


def _configs(session: Session) -> list[FeedConfig]:
    return [FeedConfig(name=f.name, url=f.config_url) for f in session.exec(select(Feed))]


def _urls(session: Session) -> dict[str, str]:
    return {f.name: f.config_url for f in session.exec(select(Feed))}


def count_items(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Item)).one()


def test_storing_the_same_items_twice_stores_no_duplicate(engine: Engine) -> None:
    items = [make_item(f"Talks {n}", f"https://a.example/{n}", guid=f"g{n}") for n in range(3)]
    items.append(make_item("No guid, no link", None))
    with Session(engine) as session:
        feed_id = new_feed(session, "A")
        first = store_items(session, feed_id, items, NOW, baseline=True)
        session.commit()
        second = store_items(session, feed_id, items, NOW + timedelta(minutes=5), baseline=False)
        session.commit()
        assert (len(first.new), len(second.new), second.updated) == (4, 0, 0)
        assert count_items(session) == 4


async def test_polling_the_same_feeds_twice_stores_no_duplicate(
    engine: Engine, feed_server: FeedServer
) -> None:
    clock = Clock()
    feed_server.feed(
        "/a.rss", rss_feed(sample_items(3, prefix="a")), etag=False, last_modified=False
    )
    feed_server.feed("/b.rss", atom_feed_items(), etag=False, last_modified=False)
    add_feeds(engine, clock, {"A": feed_server.url("/a.rss"), "B": feed_server.url("/b.rss")})
    first = await poll(engine, clock)
    assert (first["A"].new_items, first["B"].new_items) == (3, 2)
    # The same items again, reordered and with one more: only the new one is stored.
    feed_server.update("/a.rss", rss_feed(sample_items(4, prefix="a")[::-1]))
    feed_server.update("/b.rss", atom_feed_items(extra=True))
    clock.advance(3600)
    second = await poll(engine, clock)
    assert (second["A"].status, second["A"].new_items) == (PollStatus.NEW, 1)
    assert second["B"].new_items == 1
    clock.advance(3600)
    third = await poll(engine, clock)
    assert {r.status for r in third.values()} == {PollStatus.UNCHANGED}
    assert len(stored_items(engine)) == 7


def atom_feed_items(extra: bool = False) -> bytes:
    items = [
        FeedItem("Kremlin reply", "https://b.example/1", guid="tag:b,1"),
        FeedItem("Kyiv reply", "https://b.example/2", guid="tag:b,2"),
    ]
    if extra:
        items.insert(0, FeedItem("Washington reply", "https://b.example/3", guid="tag:b,3"))
    return atom_feed(items)


async def test_same_canonical_link_from_two_feeds_is_one_item(
    engine: Engine, feed_server: FeedServer
) -> None:
    clock = Clock()
    link = "https://wire.example/2026/11/peace-plan"
    feed_server.feed(
        "/a.rss", rss_feed([FeedItem("Peace plan", link + "?utm_source=a", guid="a-1")])
    )
    feed_server.feed(
        "/b.rss",
        rss_feed(
            [FeedItem("Peace plan (wire)", link + "?fbclid=x&utm_medium=rss#top", guid="b-77")]
        ),
    )
    add_feeds(engine, clock, {"A": feed_server.url("/a.rss")})
    assert (await poll(engine, clock))["A"].new_items == 1
    add_feeds(engine, clock, {"A": feed_server.url("/a.rss"), "B": feed_server.url("/b.rss")})
    report = (await poll(engine, clock))["B"]
    assert (report.status, report.new_items) == (PollStatus.NOTHING_NEW, 0)
    [item] = stored_items(engine)
    assert item.link == link


def test_same_link_in_one_batch_from_two_feeds_stores_once(engine: Engine) -> None:
    with Session(engine) as session:
        a, b = new_feed(session, "A"), new_feed(session, "B")
        first = store_items(
            session,
            a,
            [make_item("X", "https://w.example/x?utm_campaign=1", guid="a")],
            NOW,
            baseline=False,
        )
        second = store_items(
            session,
            b,
            [make_item("X", "https://w.example/x?gclid=2", guid="b")],
            NOW,
            baseline=False,
        )
        session.commit()
        assert (len(first.new), len(second.new), second.duplicates) == (1, 0, 1)
        assert count_items(session) == 1


def test_an_edited_title_is_an_update_not_a_new_item(engine: Engine) -> None:
    with Session(engine) as session:
        feed_id = new_feed(session, "A")
        original = make_item("Talks stall", "https://a.example/1", guid="g1")
        store_items(session, feed_id, [original], NOW, baseline=True)
        session.commit()
        edited = make_item("Talks stall, Kremlin says", "https://a.example/1", guid="g1")
        later = NOW + timedelta(minutes=10)
        outcome = store_items(session, feed_id, [edited], later, baseline=False)
        session.commit()
        assert (outcome.new, outcome.updated) == ([], 1)
        [row] = session.exec(select(Item)).all()
        assert row.title == "Talks stall, Kremlin says"
        assert row.updated_at == later
        assert row.is_baseline


async def test_first_successful_poll_is_the_baseline(
    engine: Engine, feed_server: FeedServer
) -> None:
    clock = Clock()
    feed_server.sequence("/a.rss", [500])
    add_feeds(engine, clock, {"A": feed_server.url("/a.rss")})
    await poll(engine, clock)
    assert not feed_row(engine, "A").baseline_done
    feed_server.feed("/a.rss", rss_feed(sample_items(2)))
    clock.advance(86400)
    first = (await poll(engine, clock))["A"]
    assert (first.baseline, first.new_items) == (True, 2)
    feed_server.update("/a.rss", rss_feed(sample_items(3)))
    clock.advance(86400)
    second = (await poll(engine, clock))["A"]
    assert (second.baseline, second.new_items) == (False, 1)
    assert [i.is_baseline for i in stored_items(engine)] == [True, True, False]


async def test_seeds_store_the_marketdash_duplicate_once(engine: Engine) -> None:
    clock = Clock()
    seeds = {path.name: resolve_local_url(str(path), SEEDS) for path in SEEDS.glob("*.xml")}
    add_feeds(engine, clock, seeds)
    reports = await poll(engine, clock)
    assert reports["marketdash.rss.xml"].new_items == 1
    assert all(r.baseline for r in reports.values())
    assert sum(r.new_items for r in reports.values()) == 6
    [market] = stored_items(engine, "marketdash.rss.xml")
    assert market.link == MARKETDASH
    clock.advance(3600)
    again = await poll(engine, clock)
    assert {r.status for r in again.values()} == {PollStatus.UNCHANGED}
    assert len(stored_items(engine)) == 6


def test_feed_removed_from_the_file_is_marked_removed(engine: Engine) -> None:
    with Session(engine) as session:
        a = new_feed(session, "A")
        new_feed(session, "B")
        store_items(session, a, [make_item("Kept", "https://a.example/1")], NOW, baseline=True)
        sync_feeds(
            session,
            [FeedConfig(name="B", url="https://b.example/rss")],
            {"B": "https://b.example/rss"},
            NOW,
        )
        session.commit()
        states = {f.name: f.state for f in session.exec(select(Feed))}
        assert states == {"A": FeedState.REMOVED, "B": FeedState.ACTIVE}
        assert count_items(session) == 1
        assert [f.name for f in due_feeds(session, NOW)] == ["B"]


def test_changed_url_starts_a_new_baseline(engine: Engine) -> None:
    with Session(engine) as session:
        feed_id = new_feed(session, "A", "https://old.example/rss")
        feed = session.get(Feed, feed_id)
        assert feed is not None
        feed.baseline_done, feed.etag, feed.error_count = True, '"abc"', 3
        feed.state, feed.next_poll_at = FeedState.GONE, NOW + timedelta(days=9)
        session.add(feed)
        session.commit()
        later = NOW + timedelta(hours=1)
        sync_feeds(
            session,
            [FeedConfig(name="A", url="https://new.example/rss")],
            {"A": "https://new.example/rss"},
            later,
        )
        session.commit()
        session.refresh(feed)
        assert (feed.url, feed.config_url) == ("https://new.example/rss",) * 2
        assert (feed.baseline_done, feed.etag, feed.error_count) == (False, None, 0)
        assert (feed.state, feed.next_poll_at) == (FeedState.ACTIVE, later)


def test_unchanged_config_keeps_a_followed_redirect_and_state(engine: Engine) -> None:
    with Session(engine) as session:
        feed_id = new_feed(session, "A", "https://old.example/rss")
        feed = session.get(Feed, feed_id)
        assert feed is not None
        feed.url, feed.baseline_done = "https://moved.example/rss", True
        session.add(feed)
        session.commit()
        sync_feeds(
            session,
            [FeedConfig(name="A", url="https://old.example/rss", interval=60)],
            {"A": "https://old.example/rss"},
            NOW,
        )
        session.commit()
        session.refresh(feed)
        assert (feed.url, feed.baseline_done, feed.interval_s) == (
            "https://moved.example/rss",
            True,
            60,
        )


def test_disabled_feed_is_not_due_until_enabled_again(engine: Engine) -> None:
    with Session(engine) as session:
        url = "https://a.example/rss"
        sync_feeds(session, [FeedConfig(name="A", url=url, enabled=False)], {"A": url}, NOW)
        session.commit()
        assert due_feeds(session, NOW + timedelta(days=1)) == []
        sync_feeds(session, [FeedConfig(name="A", url=url)], {"A": url}, NOW)
        session.commit()
        assert [f.name for f in due_feeds(session, NOW)] == ["A"]


def test_due_feeds_returns_only_due_active_feeds(engine: Engine) -> None:
    with Session(engine) as session:
        for name in ("Due", "Later", "Gone", "Overdue"):
            new_feed(session, name)
        plan = {
            "Due": (FeedState.ACTIVE, NOW),
            "Later": (FeedState.ACTIVE, NOW + timedelta(seconds=1)),
            "Gone": (FeedState.GONE, NOW - timedelta(days=1)),
            "Overdue": (FeedState.ACTIVE, NOW - timedelta(hours=1)),
        }
        for feed in session.exec(select(Feed)):
            feed.state, feed.next_poll_at = plan[feed.name]
            session.add(feed)
        session.commit()
        assert [f.name for f in due_feeds(session, NOW)] == ["Overdue", "Due"]
        assert [f.name for f in due_feeds(session, NOW, limit=1)] == ["Overdue"]
        assert {f.name for f in due_feeds(session, NOW + timedelta(seconds=1))} == {
            "Overdue",
            "Due",
            "Later",
        }


def test_times_come_back_as_utc(engine: Engine) -> None:
    kyiv = datetime(2026, 6, 1, 15, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Kyiv"))
    with Session(engine) as session:
        feed_id = new_feed(session, "A")
        item = make_item("T", "https://a.example/t")
        store_items(session, feed_id, [item], kyiv, baseline=False)
        session.commit()
    with Session(engine) as session:
        row = session.exec(select(Item)).one()
        assert row.first_seen_at == datetime(2026, 6, 1, 15, 0, tzinfo=UTC)
        assert row.first_seen_at.utcoffset() == timedelta(0)
        assert row.published_at == item.published


async def test_a_new_url_in_the_file_is_polled_as_a_new_baseline(
    engine: Engine, feed_server: FeedServer
) -> None:
    clock = Clock()
    feed_server.feed("/old.rss", rss_feed(sample_items(2, prefix="old")))
    feed_server.feed("/new.rss", rss_feed(sample_items(3, prefix="new")))
    add_feeds(engine, clock, {"A": feed_server.url("/old.rss")})
    await poll(engine, clock)
    clock.advance(1)
    add_feeds(engine, clock, {"A": feed_server.url("/new.rss")})
    report = (await poll(engine, clock))["A"]
    assert (report.status, report.new_items, report.baseline) == (PollStatus.NEW, 3, True)
    assert [i.is_baseline for i in stored_items(engine)] == [True] * 5
