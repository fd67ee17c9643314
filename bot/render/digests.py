"""A digest as subscribers read it: stories by topic, most-reported first.

Pure: a built `Digest` (`bot.stories.digest`) in, Telegram HTML messages out, each under
Telegram's limit; the plain text is `html.to_plain` of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from bot.domain import SourceKind
from bot.render.html import escape, hashtag, link, local_time, pack
from bot.render.sources import kinds_summary, outlet
from bot.render.texts import t
from bot.stories.digest import KEYWORDS_SECTION, Digest, DigestStory

OUTLETS_SHOWN = 4


def _period(digest: Digest, tz: str) -> str:
    hours = round((digest.end - digest.start).total_seconds() / 3600)
    span = f"{hours} h" if hours < 72 else f"{round(hours / 24)} d"
    return f"{local_time(digest.start, tz)} – {local_time(digest.end, tz)} ({span})"


def _empty(digest: Digest, tz: str, lang: str) -> str:
    text = t(lang, "digest_empty", since=local_time(digest.start, tz))
    if digest.last_match_at is not None:
        return f"{text} {t(lang, 'digest_last_item', when=local_time(digest.last_match_at, tz))}"
    return f"{text} {t(lang, 'digest_never')}"


def _section(topic: str, lang: str, topic_names: Mapping[str, str]) -> str:
    if topic == KEYWORDS_SECTION:
        return f"\n<b>{t(lang, 'digest_keywords')}</b>"
    return f"\n<b>{escape(topic_names.get(topic, topic))}</b> {hashtag(topic)}"


def _outlets(story: DigestStory, lang: str, kinds: Mapping[str, SourceKind]) -> str:
    """`TASS · state-affiliated media` for one outlet; for several, their names and their
    kinds counted: `TASS, Reuters +1 more (3 outlets: 1 wire, 2 state-affiliated)`."""
    outlets = story.outlets
    if len(outlets) == 1:
        return outlet(lang, outlets[0], kinds.get(outlets[0]))
    text = escape(", ".join(outlets[:OUTLETS_SHOWN]))
    if len(outlets) > OUTLETS_SHOWN:
        text += " " + t(lang, "digest_more", count=len(outlets) - OUTLETS_SHOWN)
    summary = kinds_summary(lang, [kinds.get(name) for name in outlets])
    if summary:
        return f"{text} ({summary})"
    return f"{text} {t(lang, 'digest_outlets', count=len(outlets))}"


def _span(story: DigestStory, tz: str) -> str:
    first = local_time(story.first, tz)
    if story.last - story.first < timedelta(minutes=1):
        return first
    same_day = story.last.date() == story.first.date()
    return f"{first}–{local_time(story.last, tz, with_date=not same_day)}"


def digest_html(
    digest: Digest,
    tz: str,
    lang: str,
    topic_names: Mapping[str, str],
    kinds: Mapping[str, SourceKind] | None = None,
) -> list[str]:
    """The digest as one or more Telegram HTML messages, each under the limit.

    `kinds`: outlet name → its kind, shown beside the outlets (`store.feeds.outlet_kinds`).
    """
    if not digest.sections:
        return [_empty(digest, tz, lang)]
    header = t(
        lang,
        "digest_header",
        period=_period(digest, tz),
        stories=digest.story_count,
        items=digest.item_count,
    )
    blocks = [f"<b>{header}</b>"]
    for topic, stories in digest.sections:
        blocks.append(_section(topic, lang, topic_names))
        for story in stories:
            mark = "🔴 " if story.breaking else ""
            blocks.append(
                f"• {mark}{link(story.title, story.link)}\n"
                f"  {_outlets(story, lang, kinds or {})} · {_span(story, tz)}"
            )
    return pack(blocks)
