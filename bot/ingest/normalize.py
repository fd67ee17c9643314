"""Pure normalisation of feed values: text, links, dates, languages, identity.

No I/O here: every function takes plain values (and a clock value where time
matters) and returns plain values, so each rule is tested with literals.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object"})
_SPACES = re.compile(r"\s+")
# Markup: a comment (an unclosed one runs to the end), a declaration or processing
# instruction, or a tag whose quoted attribute values may hold ">".  A lone "<", as in
# "2 < 3", is text.  Possessive quantifiers keep every attempt linear.
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<[!?][^<>]*+>"
    r"""|<(?P<end>/?)(?P<name>[A-Za-z][A-Za-z0-9:-]*+)(?:[^<>"']++|"[^"]*+"|'[^']*+')*+>""",
    re.DOTALL,
)
# C0/C1 controls, zero-width and bidi-override characters: they carry no meaning in a
# headline and can reorder or hide text in a chat client.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)

#: Query parameters that only track the reader; removing them makes one article one link.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "yclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "igshid",
        "ocid",
        "cmpid",
        "s_cid",
        "sr_share",
        "spm",
        "xtor",
        "__twitter_impression",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "ns_", "pk_", "mtm_", "hsa_", "oly_")

#: Longer links are refused: browsers and chat clients choke on them, and the store's link
#: column is this wide (PostgreSQL enforces it).
MAX_LINK_LENGTH = 2000

EARLIEST_PLAUSIBLE = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)


def _strip_tags(value: str) -> str:
    """Text content of an HTML fragment, character references resolved.

    A scanner of our own rather than `html.parser`: on unclosed quotes and comments that
    parser takes quadratic time (120 kB of `<a b='` costs over a minute on Python 3.11),
    and feed text is attacker-controlled.  Every step here moves forward.
    """
    parts: list[str] = []
    lowered: str | None = None
    pos = 0
    while (found := _MARKUP.search(value, pos)) is not None:
        parts.append(value[pos : found.start()])
        pos = found.end()
        name = found.group("name")
        if name is None:  # comment, declaration, processing instruction
            continue
        name = name.lower()
        if name in _SKIPPED_TAGS and not found.group("end"):
            lowered = lowered if lowered is not None else value.lower()
            close = lowered.find("</" + name, pos)
            close_end = value.find(">", close) if close >= 0 else -1
            pos = close_end + 1 if close_end >= 0 else len(value)
        elif name in _BLOCK_TAGS:
            parts.append(" ")
    parts.append(value[pos:])
    return html.unescape("".join(parts))


def plain_text(value: str | None, max_length: int | None = None) -> str:
    """HTML or text → one line of plain text: tags stripped, entities unescaped, spaces folded."""
    if not value:
        return ""
    # Feeds double-escape often enough (`&amp;amp;`, `&lt;p&gt;`) that a second pass helps:
    # markup that only appears once unescaped is stripped too.
    for _ in range(2):
        value = _strip_tags(value) if _MARKUP.search(value) else html.unescape(value)
    value = unicodedata.normalize("NFC", _INVISIBLE.sub("", value))
    value = _SPACES.sub(" ", value).strip()
    if max_length is not None and len(value) > max_length:
        value = value[: max_length - 1].rstrip() + "…"
    return value


def _is_tracking(param: str) -> bool:
    lowered = param.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


_ABSOLUTE_HTTP = re.compile(r"https?://[^/?#]", re.IGNORECASE)


def canonical_link(link: str | None, base: str | None = None) -> str | None:
    """An absolute http(s) link without tracking parameters or fragment; None otherwise."""
    if not link:
        return None
    link = _INVISIBLE.sub("", link).strip()
    try:  # a malformed link (e.g. "http://[::1") is no link, not an error
        if base and not _ABSOLUTE_HTTP.match(link):  # most links are: spare the join
            link = urljoin(base, link)
        parts = urlsplit(link)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    )
    canonical = urlunsplit((scheme, host, parts.path or "/", query, ""))
    return canonical if len(canonical) <= MAX_LINK_LENGTH else None


def sane_published(published: datetime | None, first_seen: datetime) -> datetime:
    """The publication time in UTC, or the first-seen time when it is missing or absurd."""
    if published is None:
        return first_seen
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    published = published.astimezone(UTC)
    if published < EARLIEST_PLAUSIBLE or published > first_seen + FUTURE_TOLERANCE:
        return first_seen
    return published


def primary_language(tag: str | None) -> str | None:
    """`en-US` → `en`; junk → None."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def content_hash(title: str, summary: str) -> str:
    return hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()[:32]


def item_key(guid: str | None, link: str | None, title: str, summary: str) -> str:
    """Stable identity within a feed: guid → canonical link → hash of the text. Never a date."""
    guid = (guid or "").strip()
    if guid:
        return "guid:" + (guid if len(guid) <= 200 else hashlib.sha256(guid.encode()).hexdigest())
    if link:
        return "link:" + hashlib.sha256(link.encode()).hexdigest()[:40]
    return "hash:" + content_hash(title, summary)
