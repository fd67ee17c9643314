"""Who is speaking: every outlet has a kind, readers see it beside the outlet and counted
over a story, and a chat can leave a kind out.  feeds.yaml, rendering, and the outbox
worker against a recording Sender on a real SQLite store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.config import ConfigError, read_feeds_file
from bot.delivery.digests import digest_messages, load_digest
from bot.delivery.outbox import DeliveryWorker
from bot.domain import SourceKind
from bot.render.sources import kinds_summary
from bot.store.chats import get_chat, update_chat
from bot.store.db import transaction
from bot.store.feeds import outlet_kinds
from bot.store.items import record_topics
from bot.store.models import Delivery, DeliveryKind
from bot.store.outbox import ItemMatches, enqueue_alerts
from tests.support import ROOT
from tests.support.fanout import TOPIC_NAMES, add_subscribers
from tests.support.reports import file_report
from tests.support.sender import RecordingSender

OLENA = 801
START = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
KINDS = {
    "Kremlin": SourceKind.OFFICIAL,
    "Reuters": SourceKind.WIRE,
    "AP": SourceKind.WIRE,
    "Meduza": SourceKind.INDEPENDENT,
    "TASS": SourceKind.STATE_AFFILIATED,
    "RIA Novosti": SourceKind.STATE_AFFILIATED,
}


def report(engine: Engine, outlet: str, title: str, story: int | None = None) -> int:
    """An item of `outlet` (with its kind) filed into `story` (its own when None)."""
    return file_report(
        engine, outlet, title, START, story, summary="Envoys met in Riyadh.", kind=KINDS.get(outlet)
    )


def queue(engine: Engine, item: int, story: int, first: bool) -> None:
    with transaction(engine) as session:
        matches = [ItemMatches(item, {"ceasefire": ["truce"]}, {}, story, first)]
        enqueue_alerts(session, matches, START)


def worker(engine: Engine, sender: RecordingSender) -> DeliveryWorker:
    return DeliveryWorker(engine, sender, clock=lambda: START, topic_names=TOPIC_NAMES)


# ------------------------------------------------------------------ feeds.yaml


def test_the_shipped_feeds_file_labels_every_outlet() -> None:
    feeds = read_feeds_file(ROOT / "feeds.yaml").feeds
    assert [feed.name for feed in feeds if feed.kind is None] == []
    kinds = {feed.name: feed.kind for feed in feeds}
    assert kinds["TASS"] is SourceKind.STATE_AFFILIATED
    assert kinds["Kremlin (President of Russia)"] is SourceKind.OFFICIAL
    assert kinds["Interfax (Russia)"] is SourceKind.WIRE
    assert kinds["Meduza"] is SourceKind.INDEPENDENT


def test_a_wrong_kind_is_reported_with_its_line_and_the_four_choices(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n  - name: A\n    url: https://a.example/rss\n    kind: state media\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        read_feeds_file(path)
    [problem] = caught.value.problems
    assert problem.line == 4
    assert "kind 'state media' is not a source kind" in problem.message
    assert "official, wire, independent, state-affiliated" in problem.message


# ------------------------------------------------------------------ rendering


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "5 outlets: 1 official, 2 wires, 2 state-affiliated"),
        ("uk", "5 видань: 1 офіційне, 2 агенції, 2 державні"),
        ("ru", "5 изданий: 1 официальное, 2 агентства, 2 государственных"),
    ],
)
def test_a_storys_outlets_are_counted_by_kind_in_every_language(lang: str, expected: str) -> None:
    kinds = [
        SourceKind.OFFICIAL,
        SourceKind.WIRE,
        SourceKind.WIRE,
        SourceKind.STATE_AFFILIATED,
        SourceKind.STATE_AFFILIATED,
    ]
    assert kinds_summary(lang, kinds) == expected


def test_outlets_without_a_kind_count_as_other_and_none_labelled_says_nothing() -> None:
    assert kinds_summary("en", [SourceKind.WIRE, None]) == "2 outlets: 1 wire, 1 other"
    assert kinds_summary("en", [None, None]) == ""


# ------------------------------------------------------------------ alerts and digests


async def test_an_alert_shows_who_is_speaking_and_its_story_counts_kinds(
    sqlite_engine: Engine,
) -> None:
    add_subscribers(sqlite_engine, [OLENA])
    sender = RecordingSender()
    lead = report(sqlite_engine, "TASS", "Kremlin says truce talks will continue")
    queue(sqlite_engine, lead, lead, first=True)
    await worker(sqlite_engine, sender).run_once()
    for outlet in ("Kremlin", "Reuters", "AP", "RIA Novosti"):
        item = report(sqlite_engine, outlet, f"{outlet} on the truce talks", lead)
        queue(sqlite_engine, item, lead, first=False)

    await worker(sqlite_engine, sender).run_once()

    alert, edit = sender.sent
    assert alert.text.splitlines()[1].startswith("TASS · state-affiliated media · ")
    assert "5 outlets: 1 official, 2 wires, 2 state-affiliated" in edit.text
    assert "• Reuters · news agency: Reuters on the truce talks" in edit.text
    assert "• Kremlin · official source: Kremlin on the truce talks" in edit.text


async def test_a_digest_shows_an_outlets_kind_and_a_storys_kinds(sqlite_engine: Engine) -> None:
    add_subscribers(sqlite_engine, [OLENA])
    lead = report(sqlite_engine, "TASS", "Kremlin says truce talks will continue")
    report(sqlite_engine, "Reuters", "Truce talks to continue", lead)
    alone = report(sqlite_engine, "Meduza", "A truce nobody believes in")
    with transaction(sqlite_engine) as session:
        for item_id in (lead, lead + 1, alone):
            record_topics(session, item_id, {"ceasefire": ["truce"]})
    with transaction(sqlite_engine) as session:
        chat = get_chat(session, OLENA)
        assert chat is not None
        digest = load_digest(
            session, OLENA, START - timedelta(hours=1), START + timedelta(hours=1), ["ceasefire"]
        )
        messages = digest_messages(digest, chat, TOPIC_NAMES, outlet_kinds(session))
    text = "\n".join(m.text for m in messages)
    assert "TASS, Reuters (2 outlets: 1 wire, 1 state-affiliated)" in text
    assert "Meduza · independent media" in text


# ------------------------------------------------------------------ leaving a kind out


def _kinds_of_rows(engine: Engine) -> list[tuple[int, DeliveryKind]]:
    with Session(engine) as session:
        rows = session.exec(
            select(Delivery.item_id, Delivery.kind).order_by(col(Delivery.id))
        ).all()
    return [(item_id, DeliveryKind(kind)) for item_id, kind in rows]


async def test_a_story_first_carried_by_a_left_out_kind_alerts_when_another_kind_carries_it(
    sqlite_engine: Engine,
) -> None:
    add_subscribers(sqlite_engine, [OLENA])
    with transaction(sqlite_engine) as session:
        update_chat(session, OLENA, left_out_kinds="state-affiliated")
    sender = RecordingSender()
    lead = report(sqlite_engine, "TASS", "Kremlin says truce talks will continue")
    queue(sqlite_engine, lead, lead, first=True)
    await worker(sqlite_engine, sender).run_once()
    assert sender.sent == []  # no alert led by state-affiliated media

    wire = report(sqlite_engine, "Reuters", "Truce talks to continue, Kremlin says", lead)
    queue(sqlite_engine, wire, lead, first=False)
    ria = report(sqlite_engine, "RIA Novosti", "Truce talks go on", lead)
    queue(sqlite_engine, ria, lead, first=False)
    await worker(sqlite_engine, sender).run_once()

    assert _kinds_of_rows(sqlite_engine) == [
        (wire, DeliveryKind.ALERT),
        (ria, DeliveryKind.STORY_UPDATE),
    ]
    alert, edit = sender.sent
    assert alert.text.startswith("Truce talks to continue, Kremlin says")
    assert "Reuters · news agency" in alert.text
    assert "• TASS · state-affiliated media: Kremlin says" in edit.text  # still named


async def test_a_digest_leaves_out_the_items_of_a_left_out_kind(sqlite_engine: Engine) -> None:
    add_subscribers(sqlite_engine, [OLENA])
    tass = report(sqlite_engine, "TASS", "Kremlin says truce talks will continue")
    meduza = report(sqlite_engine, "Meduza", "A truce nobody believes in")
    with transaction(sqlite_engine) as session:
        for item_id in (tass, meduza):
            record_topics(session, item_id, {"ceasefire": ["truce"]})
        update_chat(session, OLENA, left_out_kinds="state-affiliated")
    with transaction(sqlite_engine) as session:
        digest = load_digest(
            session, OLENA, START - timedelta(hours=1), START + timedelta(hours=1), ["ceasefire"]
        )
    titles = [story.title for _, stories in digest.sections for story in stories]
    assert titles == ["A truce nobody believes in"]
