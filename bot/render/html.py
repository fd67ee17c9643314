"""Telegram HTML: the primitives every message is built from, and its plain-text form.

Pure: plain values in, strings out.  Every interpolated value is escaped; every message
stays under Telegram's limits (4096 characters for a text, 1024 for a caption, counted in
UTF-16 units as Telegram does, on the HTML source, which is never shorter than the text
Telegram measures); long messages are split between blocks, never inside a tag.

There is one rendering: HTML.  The plain text that console mode prints, and that a
message falls back to if Telegram ever refuses our HTML, is derived from it by
`to_plain`, so the two can never drift apart.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
MAX_TITLE = 300

_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)


def escape(text: str) -> str:
    """Escape for Telegram HTML text: only &, < and > are special there."""
    return html.escape(text, quote=False)


def escape_attr(text: str) -> str:
    return html.escape(text, quote=True)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def link(title: str, url: str | None, limit: int = MAX_TITLE) -> str:
    """A headline, clipped and escaped, linked to its article when there is a link."""
    text = escape(clip(title, limit))
    return f'<a href="{escape_attr(url)}">{text}</a>' if url else text


def hashtag(topic_id: str) -> str:
    """Telegram hashtags stop at '-': `security-guarantees` → `#security_guarantees`."""
    return "#" + re.sub(r"\W", "_", topic_id)


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
    """`12 Mar 09:30` (or `09:30`) in the chat's time zone; UTC if the zone is unknown."""
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = when.astimezone(zone)
    return local.strftime("%d %b %H:%M" if with_date else "%H:%M")


def _plain_link(found: re.Match[str]) -> str:
    url, text = html.unescape(found.group(1)), found.group(2)
    return text if html.unescape(_TAG.sub("", text)) == url else f"{text} ({url})"


def to_plain(markup: str) -> str:
    """Telegram HTML → the text a reader sees: tags dropped, entities decoded.

    A link keeps its address after its text ("Talks resume (https://…)"), so the plain
    form loses nothing a reader needs.
    """
    return html.unescape(_TAG.sub("", _LINK.sub(_plain_link, markup)))


def pack(blocks: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks with newlines into as few messages as fit; a block is never split.

    A single block longer than the limit (it cannot happen with clipped titles)
    is replaced by its clipped plain text, escaped.
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
