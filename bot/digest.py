"""Building a digest: what happened on a subscriber's topics in a period, as stories.

Pure: the caller loads the matching items of the period; here they are grouped
into stories (items of one story, or the same link, count once), placed under
one topic each, and ranked by how many outlets carried them, then by recency.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.render import (
    MAX_TITLE,
    clip,
    escape,
    escape_attr,
    hashtag,
    labels,
    local_time,
    pack,
)
from bot.stories.breaking import is_breaking

KEYWORDS_SECTION = "_keywords"
MAX_PERIOD = timedelta(days=30)
_PERIOD = re.compile(r"^(\d{1,3})([hd])$")


def parse_period(text: str) -> timedelta:
    """`6h`, `24h`, `3d`, `7d` → timedelta (at most 30 days); ValueError with a hint otherwise."""
    found = _PERIOD.match(text.strip().lower())
    if not found or int(found.group(1)) == 0:
        raise ValueError("a period looks like 6h, 24h, 3d or 7d")
    amount, unit = int(found.group(1)), found.group(2)
    period = timedelta(hours=amount) if unit == "h" else timedelta(days=amount)
    if period > MAX_PERIOD:
        raise ValueError("a digest covers at most 30 days")
    return period


@dataclass(frozen=True, slots=True)
class DigestItem:
    item_id: int
    story_id: int | None
    title: str
    link: str | None
    outlet: str
    published: datetime
    topics: tuple[str, ...]
    """The subscriber's topics this item matched (empty: matched their keywords only)."""
    breaking: bool = False


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
            ("story", item.story_id) if item.story_id is not None
            else ("link", item.link or item.item_id)
        )
        groups.setdefault(key, []).append(item)
    stories = []
    for members in groups.values():
        lead = members[0]
        outlets = tuple(dict.fromkeys(m.outlet for m in members))
        topics = tuple(dict.fromkeys(t for m in members for t in m.topics))
        first_by_outlet: dict[str, datetime] = {}
        for member in members:
            first_by_outlet.setdefault(member.outlet, member.published)
        stories.append(DigestStory(
            title=lead.title, link=lead.link, outlets=outlets, first=lead.published,
            last=members[-1].published, items=len(members), topics=topics,
            breaking=any(m.breaking for m in members)
            or is_breaking(list(first_by_outlet.values()), now),
        ))
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


def _period_text(digest: Digest, tz: str) -> str:
    hours = round((digest.end - digest.start).total_seconds() / 3600)
    span = f"{hours} h" if hours < 72 else f"{round(hours / 24)} d"
    return f"{local_time(digest.start, tz)} – {local_time(digest.end, tz)} ({span})"


def _header(digest: Digest, tz: str, lang: str) -> str:
    words = labels(lang)
    return (f"{words['digest']} · {_period_text(digest, tz)} · {digest.story_count} "
            f"{words['stories']}, {digest.item_count} {words['items']}")


def _empty(digest: Digest, tz: str, lang: str) -> str:
    words = labels(lang)
    text = f"{words['empty']} {words['since']} {local_time(digest.start, tz)}."
    if digest.last_match_at is not None:
        return f"{text} {words['last_item']} {local_time(digest.last_match_at, tz)}."
    return f"{text} {words['never']}"


def _section_name(topic: str, lang: str, topic_names: Mapping[str, str]) -> str:
    return labels(lang)["other"] if topic == KEYWORDS_SECTION else topic_names.get(topic, topic)


def _story_outlets(story: DigestStory, lang: str) -> str:
    shown = ", ".join(story.outlets[:4])
    more = f" +{len(story.outlets) - 4} {labels(lang)['more']}" if len(story.outlets) > 4 else ""
    count = f" ({len(story.outlets)} {labels(lang)['outlets']})" if len(story.outlets) > 1 else ""
    return f"{shown}{more}{count}"


def _span(story: DigestStory, tz: str) -> str:
    first = local_time(story.first, tz)
    if story.last - story.first < timedelta(minutes=1):
        return first
    same_day = story.last.date() == story.first.date()
    return f"{first}–{local_time(story.last, tz, with_date=not same_day)}"


def digest_html(digest: Digest, tz: str, lang: str, topic_names: Mapping[str, str]) -> list[str]:
    """The digest as one or more Telegram HTML messages, each under the limit."""
    if not digest.sections:
        return [escape(_empty(digest, tz, lang))]
    blocks = [f"<b>{escape(_header(digest, tz, lang))}</b>"]
    for topic, stories in digest.sections:
        tag = "" if topic == KEYWORDS_SECTION else f" {hashtag(topic)}"
        blocks.append(f"\n<b>{escape(_section_name(topic, lang, topic_names))}</b>{tag}")
        for story in stories:
            title = escape(clip(story.title, MAX_TITLE))
            head = f'<a href="{escape_attr(story.link)}">{title}</a>' if story.link else title
            mark = "🔴 " if story.breaking else ""
            blocks.append(f"• {mark}{head}\n  {escape(_story_outlets(story, lang))} · "
                          f"{_span(story, tz)}")
    return pack(blocks)


def digest_text(digest: Digest, tz: str, lang: str, topic_names: Mapping[str, str]) -> str:
    if not digest.sections:
        return _empty(digest, tz, lang)
    lines = [_header(digest, tz, lang)]
    for topic, stories in digest.sections:
        lines.append("")
        lines.append(f"== {_section_name(topic, lang, topic_names)} ==")
        for story in stories:
            mark = "[BREAKING] " if story.breaking else ""
            lines.append(f"• {mark}{clip(story.title, MAX_TITLE)}")
            lines.append(f"  {_story_outlets(story, lang)} · {_span(story, tz)}"
                         + (f" · {story.link}" if story.link else ""))
    return "\n".join(lines)
