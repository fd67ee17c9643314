"""Alerts as subscribers read them: one alert, and several pending alerts combined.

Pure: plain values in, Telegram HTML out (its plain text is `html.to_plain` of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain import SourceKind, StoryReport
from bot.render.html import (
    MESSAGE_LIMIT,
    bold_terms,
    clip,
    escape,
    hashtag,
    link,
    local_time,
    pack,
    utf16_len,
)
from bot.render.sources import kinds_summary, outlet
from bot.render.texts import t

MAX_SNIPPET = 350
MAX_WHY = 500
ALSO_SHOWN = 5
ALSO_TITLE = 120
ALSO_NAMED = 12
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True, slots=True)
class AlertView:
    """One alert for one chat: the item and why this chat gets it."""

    title: str
    link: str | None
    outlet: str
    published: datetime
    summary: str
    topics: Mapping[str, Sequence[str]]
    """Topic id → matched terms, as they appear in the item."""
    keywords: Mapping[str, Sequence[str]] = field(default_factory=dict)
    also: Sequence[StoryReport] = ()
    """Other outlets' reports of the same story, in the order they came."""
    breaking: bool = False
    kind: SourceKind | None = None
    """Who is speaking: the outlet's kind, shown beside it."""


def snippet(summary: str, sentences: int = 2, limit: int = MAX_SNIPPET) -> str:
    """The first one or two sentences of a summary, clipped."""
    parts = _SENTENCE_END.split(summary.strip())
    return clip(" ".join(parts[:sentences]), limit)


def _distinct(terms: Iterable[str]) -> list[str]:
    """Terms once each, whatever their case, in the order found."""
    seen: dict[str, str] = {}
    for term in terms:
        seen.setdefault(term.casefold(), term)
    return list(seen.values())


def _why(alert: AlertView, lang: str, topic_names: Mapping[str, str]) -> str:
    """`matched: Ceasefire (truce); keyword “Geneva”`, escaped and clipped."""
    parts = [
        f"{topic_names.get(topic, topic)} ({', '.join(_distinct(terms))})"
        for topic, terms in alert.topics.items()
    ]
    parts += [f"{t(lang, 'alert_keyword')} “{keyword}”" for keyword in alert.keywords]
    return escape(clip(f"{t(lang, 'alert_matched')}: " + "; ".join(parts), MAX_WHY))


def _all_terms(alert: AlertView) -> list[str]:
    terms = [term for terms in alert.topics.values() for term in terms]
    return terms + [term for terms in alert.keywords.values() for term in terms]


def _also(alert: AlertView, lang: str, shown: int) -> list[str]:
    """The story's outlets counted by kind, then each further outlet with its kind and its
    own headline, linked; past `shown`, just the names."""
    reports = alert.also
    summary = kinds_summary(lang, [alert.kind, *(r.kind for r in reports)])
    lines = [f"<i>{summary}</i>"] if summary else []
    lines.append(t(lang, "alert_also", count=len(reports)))
    lines += [
        f"• {outlet(lang, r.outlet, r.kind)}: {link(r.title, r.link, ALSO_TITLE)}"
        for r in reports[:shown]
    ]
    rest = reports[shown:]
    if rest:
        names = ", ".join(r.outlet for r in rest[:ALSO_NAMED])
        if len(rest) > ALSO_NAMED:
            names += ", …"
        lines.append(t(lang, "alert_also_more", count=len(rest), outlets=names))
    return lines


def alert_html(alert: AlertView, tz: str, lang: str, topic_names: Mapping[str, str]) -> str:
    """The alert; with other outlets' reports, as many shown as fit in one message."""
    body = _alert_body(alert, tz, lang, topic_names)
    for shown in range(min(ALSO_SHOWN, len(alert.also)), -1, -1):
        html = "\n".join([*body, *_also(alert, lang, shown)]) if alert.also else "\n".join(body)
        if utf16_len(html) <= MESSAGE_LIMIT:
            return html
    return html  # the body alone is clipped well under the limit


def _alert_body(alert: AlertView, tz: str, lang: str, topic_names: Mapping[str, str]) -> list[str]:
    lines = [
        ("🔴 " if alert.breaking else "") + f"<b>{link(alert.title, alert.link)}</b>",
        f"{outlet(lang, alert.outlet, alert.kind)} · {local_time(alert.published, tz)}",
    ]
    tags = " ".join(hashtag(topic) for topic in alert.topics)
    if tags:
        lines.append(tags)
    text = snippet(alert.summary)
    if text:
        lines += ["", bold_terms(text, _all_terms(alert))]
    lines += ["", f"<i>{_why(alert, lang, topic_names)}</i>"]
    return lines


def _alert_line(alert: AlertView, tz: str, lang: str) -> str:
    tags = " ".join(hashtag(topic) for topic in alert.topics)
    when = local_time(alert.published, tz)
    source = outlet(lang, alert.outlet, alert.kind)
    mark = "🔴 " if alert.breaking else ""
    headline = link(alert.title, alert.link, 200)
    return f"• {mark}<b>{headline}</b>\n  {source} · {when} {tags}".rstrip()


def combined_html(
    alerts: Sequence[AlertView], tz: str, lang: str, held: str | None = None
) -> list[str]:
    """Several pending alerts for one chat as one message (split only past the limit).

    `held`: why they were held, when they were: "mute" or "quiet" (quiet hours).
    """
    key = {"mute": "alerts_held", "quiet": "alerts_held_quiet"}.get(held or "", "alerts_new")
    header = t(lang, key, count=len(alerts))
    return pack([f"<b>{header}</b>", *(_alert_line(alert, tz, lang) for alert in alerts)])
