"""Alerts as subscribers read them: one alert, and several pending alerts combined.

Pure: plain values in, Telegram HTML out (its plain text is `html.to_plain` of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.render.html import bold_terms, clip, escape, hashtag, link, local_time, pack
from bot.render.texts import t

MAX_SNIPPET = 350
MAX_WHY = 500
ALSO_SHOWN = 8
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
    also_reported_by: Sequence[str] = ()
    breaking: bool = False


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


def _also(outlets: Sequence[str], lang: str) -> str:
    shown = ", ".join(outlets[:ALSO_SHOWN])
    more = f" +{len(outlets) - ALSO_SHOWN}" if len(outlets) > ALSO_SHOWN else ""
    return t(lang, "alert_also", outlets=shown + more, count=len(outlets) + 1)


def alert_html(alert: AlertView, tz: str, lang: str, topic_names: Mapping[str, str]) -> str:
    lines = [
        ("🔴 " if alert.breaking else "") + f"<b>{link(alert.title, alert.link)}</b>",
        f"{escape(alert.outlet)} · {local_time(alert.published, tz)}",
    ]
    tags = " ".join(hashtag(topic) for topic in alert.topics)
    if tags:
        lines.append(tags)
    text = snippet(alert.summary)
    if text:
        lines += ["", bold_terms(text, _all_terms(alert))]
    lines += ["", f"<i>{_why(alert, lang, topic_names)}</i>"]
    if alert.also_reported_by:
        lines.append(_also(alert.also_reported_by, lang))
    return "\n".join(lines)


def _alert_line(alert: AlertView, tz: str) -> str:
    tags = " ".join(hashtag(topic) for topic in alert.topics)
    when = local_time(alert.published, tz)
    return (
        f"• <b>{link(alert.title, alert.link, 200)}</b>\n  {escape(alert.outlet)} · {when} {tags}"
    ).rstrip()


def combined_html(alerts: Sequence[AlertView], tz: str, lang: str, held: bool = False) -> list[str]:
    """Several pending alerts for one chat as one message (split only past the limit)."""
    header = t(lang, "alerts_held" if held else "alerts_new", count=len(alerts))
    return pack([f"<b>{header}</b>", *(_alert_line(alert, tz) for alert in alerts)])
