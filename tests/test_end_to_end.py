"""The whole service, `python -m bot run`'s `Service`, over real loopback HTTP.

A user talks to the real bot through the fake Telegram; a feed is served by
the local feed server; the scheduler polls it; the alert reaches the user.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from pydantic import SecretStr

from bot.config import Settings
from bot.service import Service, build_service
from tests.support.feed_server import FeedItem, FeedServer, rss_feed
from tests.support.telegram_api import FakeMessage, FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "4242:END-TO-END"
OLENA = 501
HOSTILE = 'Ceasefire <script>alert(1)</script> & <b>unclosed <i>tags "Kyiv" </a> <'


def _old_item() -> FeedItem:
    return FeedItem(
        "Kyiv weather: snow expected",
        "https://news.example/weather",
        guid="weather-1",
        published=datetime.now(UTC) - timedelta(hours=5),
        summary="Snow in Kyiv.",
    )


def _publish(feeds: FeedServer, path: str, report: FeedItem) -> None:
    """`path`'s feed now carries `report`, published this moment, after its old item."""
    feeds.update(path, rss_feed([_old_item(), replace(report, published=datetime.now(UTC))]))


def _write_feeds_file(
    folder: Path, feed_url: str, *more: tuple[str, str, str], model: bool = False
) -> Path:
    """Kyiv Wire (English) at `feed_url`, and `more` feeds as (name, url, language); the
    project's topic rules, and with `model` its topic model."""
    project = yaml.safe_load((ROOT / "feeds.yaml").read_text(encoding="utf-8"))
    feeds = [("Kyiv Wire", feed_url, "en"), *more]
    config = {
        "feeds": [
            {"name": name, "url": url, "interval": "1s", "lang": lang} for name, url, lang in feeds
        ],
        "contexts": project["contexts"],
        "topics": project["topics"],
    }
    if model:
        config["model"] = project["model"]
    path = folder / "feeds.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram(token=TOKEN) as server:
        server.add_user(OLENA, "Olena")
        yield server


@contextlib.asynccontextmanager
async def running(service: Service) -> AsyncIterator[Service]:
    task = asyncio.create_task(service.run())
    try:
        yield service
    finally:
        service.stop()
        await asyncio.wait_for(task, timeout=20)


@pytest.fixture
def feeds(feed_server: FeedServer) -> FeedServer:
    feed_server.feed("/wire.rss", rss_feed([_old_item()]))
    return feed_server


def _service(
    tmp_path: Path,
    fake: FakeTelegram,
    feeds: FeedServer,
    *more: tuple[str, str, str],
    model: bool = False,
) -> Service:
    settings = Settings(
        data_dir=tmp_path,
        feeds_file=_write_feeds_file(tmp_path, feeds.url("/wire.rss"), *more, model=model),
        telegram_bot_token=SecretStr(TOKEN),
        telegram_api_base_url=fake.base_url,
        http_timeout=5,
    )
    return build_service(settings)


async def _tap_topic(fake: FakeTelegram, topic_name: str) -> FakeMessage:
    before = len(fake.sent_to(OLENA))
    fake.user_sends(OLENA, OLENA, "/start")
    [keyboard] = (await fake.wait_for_messages_async(OLENA, before + 1))[before:]
    fake.user_taps(OLENA, OLENA, keyboard.message_id, _button_data(keyboard, topic_name))
    await fake.wait_for_async(
        lambda: "✓" in str(fake.message(OLENA, keyboard.message_id).reply_markup), timeout=10
    )
    return keyboard


def _button_data(message: FakeMessage, label: str) -> str:
    for button in message.buttons():
        if label in button["text"]:
            return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} in {message.buttons()}")


async def test_tapped_topic_alerts_within_one_poll_and_digest_lists_it(
    tmp_path: Path, fake: FakeTelegram, feeds: FeedServer
) -> None:
    service = _service(tmp_path, fake, feeds)
    async with running(service):
        await fake.wait_for_async(lambda: bool(fake.calls_to("setMyCommands")), timeout=10)
        await _tap_topic(fake, "Ceasefire")
        await fake.wait_for_async(lambda: bool(feeds.requests_to("/wire.rss")), timeout=10)
        before = len(fake.sent_to(OLENA))
        _publish(
            feeds,
            "/wire.rss",
            FeedItem(
                "Russia and Ukraine agree energy truce",
                "https://news.example/truce?utm_source=rss",
                guid="truce-1",
                summary="Kyiv and Moscow agreed a 30-day ceasefire on energy strikes.",
            ),
        )
        [alert] = (await fake.wait_for_messages_async(OLENA, before + 1, timeout=15))[before:]
        assert (
            "Russia and Ukraine agree energy truce",
            "https://news.example/truce",
        ) in alert.links()
        assert "#ceasefire" in alert.shown_text
        assert "Kyiv Wire" in alert.shown_text
        assert "ceasefire" in alert.entity_texts("bold")
        before = len(fake.sent_to(OLENA))
        fake.user_sends(OLENA, OLENA, "/digest")
        [digest] = (await fake.wait_for_messages_async(OLENA, before + 1, timeout=10))[before:]
        assert "Russia and Ukraine agree energy truce" in digest.shown_text
        assert "snow" not in digest.shown_text.lower()


async def test_the_topic_model_alerts_a_wording_no_rule_foresaw(
    tmp_path: Path, fake: FakeTelegram, feeds: FeedServer
) -> None:
    """No ceasefire rule names "halt where you stand … stop along the battle line"; the
    topic model, reading the whole item, does, and the subscriber hears of it."""
    service = _service(tmp_path, fake, feeds, model=True)
    async with running(service):
        await fake.wait_for_async(lambda: bool(fake.calls_to("setMyCommands")), timeout=10)
        await _tap_topic(fake, "Ceasefire")
        await fake.wait_for_async(lambda: bool(feeds.requests_to("/wire.rss")), timeout=10)
        before = len(fake.sent_to(OLENA))
        halt = FeedItem(
            "Halt where you stand, Trump tells Moscow and Kyiv",
            "https://news.example/halt",
            guid="halt-1",
            published=datetime.now(UTC),
            summary="After a lunch with Zelenskyy that ended without Tomahawks, the US "
            "president said both armies should stop along the current battle line and go home.",
        )
        feeds.update("/wire.rss", rss_feed([_old_item(), halt]))
        [alert] = (await fake.wait_for_messages_async(OLENA, before + 1, timeout=15))[before:]
        assert (halt.title, halt.link) in alert.links()
        assert "#ceasefire" in alert.shown_text


async def test_baseline_poll_of_a_new_feed_alerts_nobody(
    tmp_path: Path, fake: FakeTelegram, feed_server: FeedServer
) -> None:
    feed_server.feed(
        "/wire.rss",
        rss_feed(
            [
                FeedItem(
                    "Ceasefire talks resume in Geneva",
                    "https://news.example/geneva",
                    guid="g-1",
                    published=datetime.now(UTC),
                    summary="Ukraine and Russia resume ceasefire talks.",
                )
            ]
        ),
    )
    service = _service(tmp_path, fake, feed_server)
    async with running(service):
        await _tap_topic(fake, "Ceasefire")
        await fake.wait_for_async(
            lambda: len(feed_server.requests_to("/wire.rss")) >= 3, timeout=15
        )
        await service.ticks.wait("deliver", 2)  # nothing was queued, so nothing is sent
    assert [m for m in fake.sent_to(OLENA) if "Geneva" in m.shown_text] == []


async def test_hostile_title_is_delivered_without_telegram_rejecting_it(
    tmp_path: Path, fake: FakeTelegram, feeds: FeedServer
) -> None:
    service = _service(tmp_path, fake, feeds)
    async with running(service):
        await _tap_topic(fake, "Ceasefire")
        await fake.wait_for_async(lambda: bool(feeds.requests_to("/wire.rss")), timeout=10)
        before = len(fake.sent_to(OLENA))
        _publish(
            feeds,
            "/wire.rss",
            FeedItem(
                HOSTILE,
                "https://news.example/hostile",
                guid="h-1",
                summary="Ukraine & Russia: <b>ceasefire</b> &lt;maybe&gt; <unclosed",
            ),
        )
        [alert] = (await fake.wait_for_messages_async(OLENA, before + 1, timeout=15))[before:]
    assert alert.parse_mode == "HTML"
    # Titles are reduced to plain text (markup and scripts dropped); what is left of
    # the markup, `&`, quotes and a bare `<`, reaches the reader as typed.
    title = alert.shown_text.splitlines()[0]
    assert title == 'Ceasefire & unclosed tags "Kyiv" <'
    assert "alert(1)" not in alert.shown_text
    assert "<unclosed" in alert.shown_text
    assert not [c for c in fake.calls_to("sendMessage") if c.status == 400]


STORY_TITLE = "Zelensky and Putin envoys agree 30-day energy ceasefire in Riyadh talks"
STORY_SUMMARY = (
    "Ukrainian and Russian delegations meeting in Riyadh agreed a 30-day halt to "
    "strikes on energy infrastructure, U.S. envoy Steve Witkoff said on Tuesday."
)


async def test_second_outlet_of_a_story_edits_the_first_alert_instead_of_alerting(
    tmp_path: Path, fake: FakeTelegram, feeds: FeedServer
) -> None:
    feeds.feed("/other.rss", rss_feed([_old_item()]))
    service = _service(tmp_path, fake, feeds, ("Other Wire", feeds.url("/other.rss"), "en"))
    async with running(service):
        await _tap_topic(fake, "Ceasefire")
        await fake.wait_for_async(lambda: bool(feeds.requests_to("/other.rss")), timeout=10)
        before = len(fake.sent_to(OLENA))
        _publish(
            feeds,
            "/wire.rss",
            FeedItem(
                STORY_TITLE,
                "https://wire.example/riyadh",
                guid="w-1",
                summary=STORY_SUMMARY,
            ),
        )
        [alert] = (await fake.wait_for_messages_async(OLENA, before + 1, timeout=15))[before:]
        _publish(
            feeds,
            "/other.rss",
            FeedItem(
                "Energy ceasefire: Zelensky and Putin envoys agree 30-day truce in Riyadh talks",
                "https://other.example/riyadh-truce",
                guid="o-1",
                summary=STORY_SUMMARY,
            ),
        )
        await fake.wait_for_async(
            lambda: "Also reported by" in fake.message(OLENA, alert.message_id).shown_text,
            timeout=15,
        )
        await service.ticks.wait("deliver", 2)  # still no second alert
    edited = fake.message(OLENA, alert.message_id)
    assert "Also reported by 1 more:\n• Other Wire: Energy ceasefire:" in edited.shown_text
    assert (
        "Energy ceasefire: Zelensky and Putin envoys agree 30-day truce in Riyadh talks",
        "https://other.example/riyadh-truce",
    ) in edited.links()
    assert len([m for m in fake.sent_to(OLENA) if "Riyadh" in m.shown_text]) == 1


async def test_one_event_in_two_languages_is_one_alert_that_names_both_outlets(
    tmp_path: Path, fake: FakeTelegram, feeds: FeedServer
) -> None:
    feeds.feed("/suspilne.rss", rss_feed([_old_item()]))
    service = _service(tmp_path, fake, feeds, ("Suspilne", feeds.url("/suspilne.rss"), "uk"))
    async with running(service):
        await _tap_topic(fake, "Ceasefire")
        await fake.wait_for_async(lambda: bool(feeds.requests_to("/suspilne.rss")), timeout=10)
        before = len(fake.sent_to(OLENA))
        _publish(
            feeds,
            "/wire.rss",
            FeedItem(
                "Ukraine and Russia agree 30-day energy ceasefire at Riyadh talks",
                "https://wire.example/riyadh",
                guid="w-1",
                summary=STORY_SUMMARY,
            ),
        )
        [alert] = (await fake.wait_for_messages_async(OLENA, before + 1, timeout=15))[before:]
        _publish(
            feeds,
            "/suspilne.rss",
            FeedItem(
                "Україна і Росія в Ер-Ріяді погодили 30-денне енергетичне перемир'я",
                "https://suspilne.example/riyadh",
                guid="s-1",
                summary="Делегації України та Росії в Ер-Ріяді домовилися на 30 днів "
                "припинити удари по енергетиці, заявив Стів Віткофф.",
            ),
        )
        await fake.wait_for_async(
            lambda: "Suspilne" in fake.message(OLENA, alert.message_id).shown_text, timeout=15
        )
        await service.ticks.wait("deliver", 2)  # and no second alert
    edited = fake.message(OLENA, alert.message_id).shown_text
    assert "Kyiv Wire" in edited and "• Suspilne: Україна і Росія" in edited
    assert len(fake.sent_to(OLENA)) == before + 1
