"""Stories fold whichever process stored the items, and a failed transaction leaves no
phantom item in the clusterer (the clusterer is a cache of the database)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from bot import domain
from bot.ingest.stories import StoryFiling
from bot.store.db import transaction
from bot.store.items import store_items
from tests.support.fanout import make_feed

NOW = datetime.now(UTC).replace(microsecond=0)
TRUCE_EN = (
    "Russia and Ukraine agree 30-day energy truce at Riyadh talks",
    "Delegations in Riyadh agreed to halt strikes on energy infrastructure for 30 days, "
    "Witkoff said.",
)
TRUCE_EN_2 = (
    "Ukraine, Russia agree to halt energy strikes for 30 days after Riyadh talks",
    "Witkoff said the delegations meeting in Riyadh agreed a 30-day halt to strikes on "
    "energy facilities.",
)


def item(key: str, text: tuple[str, str]) -> domain.Item:
    return domain.Item(
        key=key,
        title=text[0],
        summary=text[1],
        link=f"https://news.example/{key}",
        published=NOW,
        lang="en",
        content_hash=key,
    )


def store_and_file(
    engine: Engine, filing: StoryFiling, feed_id: int, outlet: str, record: domain.Item
) -> tuple[int, int, bool]:
    with transaction(engine) as session:
        [stored] = store_items(session, feed_id, [record], NOW, baseline=False).new
        story, new = filing.file(session, outlet, stored)
    return stored.id, story, new


def test_an_item_stored_by_another_process_is_in_this_ones_stories(engine: Engine) -> None:
    poll_a, poll_b = StoryFiling(lambda: NOW), StoryFiling(lambda: NOW)
    reuters, ap = make_feed(engine, "Reuters"), make_feed(engine, "AP")

    first, story_a, _ = store_and_file(engine, poll_a, reuters, "Reuters", item("r1", TRUCE_EN))
    _, story_b, new_b = store_and_file(engine, poll_b, ap, "AP", item("a1", TRUCE_EN_2))

    assert story_a == first
    assert (story_b, new_b) == (first, False)


def test_an_item_whose_transaction_failed_never_leads_a_story(engine: Engine) -> None:
    filing = StoryFiling(lambda: NOW)
    reuters, ap = make_feed(engine, "Reuters"), make_feed(engine, "AP")

    with pytest.raises(OSError), transaction(engine) as session:
        [stored] = store_items(session, reuters, [item("r1", TRUCE_EN)], NOW, baseline=False).new
        filing.file(session, "Reuters", stored)
        raise OSError("disk full")  # the poll's transaction is rolled back
    filing.forget()  # as the poller tells it

    second, story, new = store_and_file(engine, filing, ap, "AP", item("a1", TRUCE_EN_2))
    assert (story, new) == (second, True)
