"""Alerts and digests as people read them: Telegram HTML and plain text.

Pure: plain values in, strings out.  Every interpolated value is escaped; every
message stays under Telegram's 4096-character limit (counted in UTF-16 units,
as Telegram does, on the HTML source, which is never shorter than the text
Telegram measures); long digests are split between entries, never inside a tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

MESSAGE_LIMIT = 4096
MAX_TITLE = 300
MAX_SNIPPET = 350
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")

LABELS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "matched": "matched",
        "keyword": "keyword",
        "alerts": "new alerts",
        "digest": "Digest",
        "stories": "stories",
        "items": "items",
        "outlets": "outlets",
        "empty": "Nothing new on your subscriptions",
        "last_item": "The last matching item was on",
        "never": "No matching item has been seen yet.",
        "since": "since",
        "other": "Your keywords",
        "more": "more",
        "held": "While you were muted",
    },
    "uk": {
        "matched": "збіг",
        "keyword": "ключове слово",
        "alerts": "нових сповіщень",
        "digest": "Дайджест",
        "stories": "сюжетів",
        "items": "матеріалів",
        "outlets": "видань",
        "empty": "Нічого нового за вашими підписками",
        "last_item": "Останній відповідний матеріал був",
        "never": "Відповідних матеріалів ще не було.",
        "since": "з",
        "other": "Ваші ключові слова",
        "more": "ще",
        "held": "Поки сповіщення були вимкнені",
    },
}


def labels(lang: str) -> Mapping[str, str]:
    return LABELS.get(lang, LABELS["en"])


def escape(text: str) -> str:
    """Escape for Telegram HTML text: only &, < and > are special there."""
    return html.escape(text, quote=False)


def escape_attr(text: str) -> str:
    return html.escape(text, quote=True)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def hashtag(topic_id: str) -> str:
    """Telegram hashtags stop at '-': `security-guarantees` → `#security_guarantees`."""
    return "#" + re.sub(r"\W", "_", topic_id)


def snippet(summary: str, sentences: int = 2, limit: int = MAX_SNIPPET) -> str:
    """The first one or two sentences of a summary, clipped."""
    parts = _SENTENCE_END.split(summary.strip())
    return clip(" ".join(parts[:sentences]), limit)


def bold_terms(text: str, terms: Iterable[str]) -> str:
    """Escape `text`, with every case-insensitive occurrence of a term in bold."""
    wanted = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not wanted:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in wanted), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<b>{escape(found.group(0))}</b>")
        last = found.end()
    out.append(escape(text[last:]))
    return "".join(out)


def local_time(when: datetime, tz: str, with_date: bool = True) -> str:
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = when.astimezone(zone)
    return local.strftime("%d %b %H:%M" if with_date else "%H:%M")


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


def _distinct(terms: Iterable[str]) -> list[str]:
    """Terms once each, whatever their case, in the order found."""
    seen: dict[str, str] = {}
    for term in terms:
        seen.setdefault(term.casefold(), term)
    return list(seen.values())


def _why(alert: AlertView, lang: str, topic_names: Mapping[str, str]) -> str:
    parts = [f"{topic_names.get(t, t)} ({', '.join(_distinct(terms))})"
             for t, terms in alert.topics.items()]
    parts += [f"{labels(lang)['keyword']} “{k}”" for k in alert.keywords]
    return f"{labels(lang)['matched']}: " + "; ".join(parts)


def _all_terms(alert: AlertView) -> list[str]:
    terms = [t for ts in alert.topics.values() for t in ts]
    return terms + [t for ts in alert.keywords.values() for t in ts]


def alert_html(alert: AlertView, tz: str, lang: str, topic_names: Mapping[str, str]) -> str:
    title = escape(clip(alert.title, MAX_TITLE))
    head = f'<a href="{escape_attr(alert.link)}">{title}</a>' if alert.link else title
    lines = [("🔴 " if alert.breaking else "") + f"<b>{head}</b>",
             f"{escape(alert.outlet)} · {local_time(alert.published, tz)}"]
    tags = " ".join(hashtag(t) for t in alert.topics)
    if tags:
        lines.append(tags)
    text = snippet(alert.summary)
    if text:
        lines.append("")
        lines.append(bold_terms(text, _all_terms(alert)))
    lines.append("")
    lines.append(f"<i>{escape(clip(_why(alert, lang, topic_names), 500))}</i>")
    if alert.also_reported_by:
        lines.append(escape(_also(alert.also_reported_by)))
    return "\n".join(lines)


def _also(outlets: Sequence[str]) -> str:
    shown = ", ".join(outlets[:8])
    more = f" +{len(outlets) - 8}" if len(outlets) > 8 else ""
    return f"also reported by: {shown}{more} ({len(outlets) + 1} outlets)"


def alert_text(alert: AlertView, tz: str, lang: str, topic_names: Mapping[str, str]) -> str:
    """The same alert as plain text (console mode, and the fallback Telegram never rejects)."""
    lines = [("[BREAKING] " if alert.breaking else "") + clip(alert.title, MAX_TITLE)]
    if alert.link:
        lines.append(alert.link)
    lines.append(f"{alert.outlet} · {local_time(alert.published, tz)}")
    tags = " ".join(hashtag(t) for t in alert.topics)
    if tags:
        lines.append(tags)
    text = snippet(alert.summary)
    if text:
        lines.append(text)
    lines.append(clip(_why(alert, lang, topic_names), 500))
    if alert.also_reported_by:
        lines.append(_also(alert.also_reported_by))
    return "\n".join(lines)


def _alert_line_html(alert: AlertView, tz: str) -> str:
    title = escape(clip(alert.title, 200))
    head = f'<a href="{escape_attr(alert.link)}">{title}</a>' if alert.link else title
    tags = " ".join(hashtag(t) for t in alert.topics)
    when = local_time(alert.published, tz)
    return f"• <b>{head}</b>\n  {escape(alert.outlet)} · {when} {tags}".rstrip()


def combined_html(alerts: Sequence[AlertView], tz: str, lang: str, held: bool = False) -> list[str]:
    """Several pending alerts for one chat as one message (split only past the limit)."""
    header = f"<b>{len(alerts)} {labels(lang)['alerts']}</b>"
    if held:
        header = f"<b>{labels(lang)['held']}: {len(alerts)} {labels(lang)['alerts']}</b>"
    return pack([header, *(_alert_line_html(a, tz) for a in alerts)])


def combined_text(alerts: Sequence[AlertView], tz: str, lang: str, held: bool = False) -> str:
    header = f"{len(alerts)} {labels(lang)['alerts']}"
    if held:
        header = f"{labels(lang)['held']}: {header}"
    lines = [header]
    for a in alerts:
        lines.append(f"• {clip(a.title, 200)}")
        lines.append(f"  {a.outlet} · {local_time(a.published, tz)}"
                     + (f" · {a.link}" if a.link else ""))
    return "\n".join(lines)


def to_plain(markup: str) -> str:
    """Telegram HTML → the text a reader sees (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def pack(blocks: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks with newlines into as few messages as fit; a block is never split.

    A single block longer than the limit (it cannot happen with clipped titles)
    is cut at a safe point: its plain-text form would be the caller's fallback.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        if utf16_len(block) > limit:
            block = escape(clip(to_plain(block), limit // 2))
        candidate = f"{current}\n{block}" if current else block
        if utf16_len(candidate) > limit:
            messages.append(current)
            current = block
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages
