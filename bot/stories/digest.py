"""Building a digest: what happened on a subscriber's topics in a period, as stories.

Pure: the caller loads the matching items of the period; here they are grouped
into stories (items of one story, or the same link, count once), placed under
one topic each, and ranked by how many outlets carried them, then by recency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import DigestItem
from bot.stories.breaking import is_breaking

KEYWORDS_SECTION = "_keywords"
MAX_PERIOD = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class DigestStory:
    title: str
    link: str | None
    outlets: tuple[str, ...]
    first: datetime
    last: datetime
    items: int
    topics: tuple[str, ...]
    breaking: bool


@dataclass(frozen=True, slots=True)
class Digest:
    start: datetime
    end: datetime
    sections: tuple[tuple[str, tuple[DigestStory, ...]], ...]
    last_match_at: datetime | None = None

    @property
    def story_count(self) -> int:
        return sum(len(stories) for _, stories in self.sections)

    @property
    def item_count(self) -> int:
        return sum(s.items for _, stories in self.sections for s in stories)


def _stories(items: Sequence[DigestItem], now: datetime) -> list[DigestStory]:
    groups: dict[object, list[DigestItem]] = {}
    for item in sorted(items, key=lambda i: (i.published, i.item_id)):
        key: tuple[str, object] = (
            ("story", item.story_id)
            if item.story_id is not None
            else ("link", item.link or item.item_id)
        )
        groups.setdefault(key, []).append(item)
    stories = []
    for members in groups.values():
        lead = members[0]
        outlets = tuple(dict.fromkeys(m.outlet for m in members))
        topics = tuple(dict.fromkeys(t for m in members for t in m.topics))
        first_by_outlet: dict[str, datetime] = {}
        for member in members:  # breaking reads when we saw each outlet's report
            first = first_by_outlet.get(member.outlet, member.first_seen)
            first_by_outlet[member.outlet] = min(first, member.first_seen)
        stories.append(
            DigestStory(
                title=lead.title,
                link=lead.link,
                outlets=outlets,
                first=lead.published,
                last=members[-1].published,
                items=len(members),
                topics=topics,
                breaking=is_breaking(list(first_by_outlet.values()), now),
            )
        )
    return stories


def _importance(story: DigestStory) -> tuple[int, float]:
    """Most outlets first, then the most recent."""
    return (-len(story.outlets), -story.last.timestamp())


def build_digest(
    items: Sequence[DigestItem],
    topic_order: Sequence[str],
    start: datetime,
    end: datetime,
    last_match_at: datetime | None = None,
) -> Digest:
    """Stories grouped by topic (each under its first topic in `topic_order`), ranked."""
    sections: dict[str, list[DigestStory]] = {}
    rank = {topic: i for i, topic in enumerate(topic_order)}
    for story in _stories(items, end):
        if story.topics:
            home = min(story.topics, key=lambda t: rank.get(t, len(rank)))
        else:
            home = KEYWORDS_SECTION
        sections.setdefault(home, []).append(story)
    ordered = sorted(sections, key=lambda t: rank.get(t, len(rank) + 1))
    return Digest(
        start=start,
        end=end,
        sections=tuple(
            (topic, tuple(sorted(sections[topic], key=_importance))) for topic in ordered
        ),
        last_match_at=last_match_at,
    )
