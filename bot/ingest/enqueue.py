"""New items → topics and keywords matched → filed into stories → alerts queued.

The poller calls `AlertQueue` with the items a poll stored for the first time, inside
that poll's transaction.  Matching and story grouping are pure (the matcher, the
clusterer); this module writes what they found: which topics each item matched (for
digests and "why did I get this?"), which story it joined, and one outbox row per
subscribed chat.  Items of a feed's baseline poll are matched (digests list them) but
neither filed into stories nor alerted: a baseline is an outlet's archive, not news, and
ten thousand new feeds' archives would fill the clusterer with hundreds of thousands of
items (docs/design.md, 2026-12-05).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from bot.clock import Clock
from bot.ingest.keywords import SubscriberKeywords
from bot.ingest.stories import StoryFiling
from bot.matching.engine import Matcher
from bot.matching.results import MatchResult
from bot.metrics import record_matches
from bot.store.feeds import FeedToPoll
from bot.store.items import StoredItem, record_topics
from bot.store.outbox import ItemMatches, enqueue_alerts


def _keyword_surfaces(result: MatchResult) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for keyword_id, hits in result.keywords.items():
        if keyword_id.isdecimal():
            out[int(keyword_id)] = list(dict.fromkeys(hit.surface for hit in hits))
    return out


class AlertQueue:
    """The poller's hook: match each new item, file it into its story, queue its alerts."""

    def __init__(self, matcher: Matcher, clock: Clock) -> None:
        self._matcher = matcher
        self._keywords = SubscriberKeywords(matcher)
        self._stories = StoryFiling(clock)
        self._clock = clock
        self._refreshed_in: Session | None = None

    def __call__(
        self,
        session: Session,
        feed: FeedToPoll,
        new: Sequence[StoredItem],
        baseline: bool,
        duplicates: int = 0,
    ) -> None:
        """Match, file and queue the new items of one feed, in the poll's transaction."""
        if session is not self._refreshed_in:  # once per transaction (a batch of feeds)
            self._keywords.refresh(session)
            self._refreshed_in = session
        matches: list[ItemMatches] = []
        for stored in new:
            story_id: int | None = None
            first_of_story = False
            if not baseline:
                story_id, first_of_story = self._stories.file(session, feed.name, stored)
            result = self._matcher.match(stored.item.title, stored.item.summary, stored.item.lang)
            topics = {topic: result.topic_terms(topic) for topic in result.topics}
            record_matches(topics)
            record_topics(session, stored.id, topics)
            keywords = _keyword_surfaces(result)
            if topics or keywords:
                matches.append(ItemMatches(stored.id, topics, keywords, story_id, first_of_story))
        session.flush()
        if matches and not baseline:
            enqueue_alerts(session, matches, self._clock())

    def rolled_back(self) -> None:
        """The poll's transaction failed: what was filed in memory was never stored."""
        self._stories.forget()
