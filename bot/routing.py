"""New items → topics and keywords matched → alerts queued, in the item's transaction.

The poller calls `ItemRouter` with the items a poll stored for the first time.
Matching is pure (the matcher); this module writes what it found: which topics
each item matched (for digests and "why did I get this?") and one outbox row
per subscribed chat.  Items of a feed's baseline poll are matched and stored
but never alerted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from bot.domain import Item
from bot.matching.engine import Matcher, MatchResult
from bot.store.deliveries import ItemMatches, enqueue_alerts
from bot.store.feeds import FeedToPoll
from bot.store.items import StoredItem
from bot.store.models import Item as ItemRow
from bot.store.models import ItemTopic
from bot.stories.clustering import StoryClusterer, StoryInput


def story_input(item_id: int, outlet: str, item: Item) -> StoryInput:
    return StoryInput(id=str(item_id), lang=item.lang, source=outlet, published=item.published,
                      title=item.title, summary=item.summary)


def _keyword_surfaces(result: MatchResult) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for keyword_id, hits in result.keywords.items():
        if keyword_id.isdigit():
            out[int(keyword_id)] = list(dict.fromkeys(hit.surface for hit in hits))
    return out


class ItemRouter:
    """The poller's hook: match, record topics, queue alerts."""

    def __init__(
        self,
        matcher: Matcher,
        clock: Callable[[], datetime],
        stories: StoryClusterer | None = None,
    ) -> None:
        self._matcher = matcher
        self._clock = clock
        self._stories = stories
        self.last_results: dict[int, MatchResult] = {}
        """Match results of the items of the last call (item id → result), for reports."""

    def __call__(
        self, session: Session, feed: FeedToPoll, new: Sequence[StoredItem], baseline: bool
    ) -> None:
        matches: list[ItemMatches] = []
        self.last_results = {}
        for stored in new:
            story_id, first_of_story = self._file_story(session, feed, stored)
            result = self._matcher.match(stored.item.title, stored.item.summary, stored.item.lang)
            self.last_results[stored.id] = result
            topics = {t: result.topic_terms(t) for t in result.topics}
            for topic_id, terms in topics.items():
                session.add(ItemTopic(item_id=stored.id, topic_id=topic_id,
                                      terms=json.dumps(terms, ensure_ascii=False)))
            keywords = _keyword_surfaces(result)
            if topics or keywords:
                matches.append(ItemMatches(stored.id, topics, keywords, story_id, first_of_story))
        session.flush()
        if matches and not baseline:
            enqueue_alerts(session, matches, self._clock())

    def _file_story(
        self, session: Session, feed: FeedToPoll, stored: StoredItem
    ) -> tuple[int | None, bool]:
        """Which story the item joins (its lead item's id), and whether it starts one."""
        if self._stories is None:
            return None, True
        assignment = self._stories.add(story_input(stored.id, feed.name, stored.item))
        story_id = int(assignment.story_id)
        session.execute(
            update(ItemRow).where(col(ItemRow.id) == stored.id).values(story_id=story_id)
        )
        return story_id, assignment.is_new_story
