"""Command arguments: from what a subscriber typed to checked values.  Pure, no I/O.

Errors are `ArgError`s carrying a text key and parameters rather than an English
sentence, so the handler can answer in the chat's interface language.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.durations import parse_duration as read_duration
from bot.matching.rules import MAX_KEYWORD_LENGTH, parse_keyword
from bot.stories.digest import MAX_PERIOD

LATEST_DEFAULT = 5
LATEST_MAX = 20
MAX_MUTE = timedelta(days=30)
MAX_ARGUMENT_CHARS = 300
"""Anything longer is cut before parsing: no command needs more."""

_QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "'": "'"}
_CHAT_ID = re.compile(r"^-?[0-9]{1,20}$")
_COUNT = re.compile(r"^[0-9]{1,6}$")
_USERNAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{3,31})$")


class ArgError(ValueError):
    """A bad argument: `key` names the text to show, `params` fill it in."""

    def __init__(self, key: str, params: dict[str, str] | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.params = dict(params or {})


def clean(text: str) -> str:
    """Control and format characters out, whitespace collapsed, length bounded.

    Right-to-left marks and zero-width joiners are format characters (Cf): they are
    dropped from arguments, while letters of any script stay.
    """
    kept = []
    for char in text[: MAX_ARGUMENT_CHARS * 2]:
        category = unicodedata.category(char)
        if char in "\t\n\r":
            kept.append(" ")
        elif category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            kept.append(char)
    return " ".join("".join(kept).split())[:MAX_ARGUMENT_CHARS]


def split_args(text: str) -> list[str]:
    """Words, with a quoted phrase (straight or typographic quotes) kept as one argument.

    An unclosed quote runs to the end.  The quotes are kept on the argument, so a
    caller can tell `"ceasefire"` (a keyword, on purpose) from `ceasefire`.
    """
    text = clean(text)
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == " ":
            i += 1
            continue
        closing = _QUOTES.get(char)
        if closing is not None:
            end = text.find(closing, i + 1)
            end = len(text) if end == -1 else end
            out.append(char + text[i + 1 : end] + closing)
            i = end + 1
        else:
            end = text.find(" ", i)
            end = len(text) if end == -1 else end
            out.append(text[i:end])
            i = end
    return out


def is_quoted(arg: str) -> bool:
    return len(arg) >= 2 and _QUOTES.get(arg[0]) == arg[-1]


def unquote(arg: str) -> str:
    return arg[1:-1].strip() if is_quoted(arg) else arg


def suggest(word: str, choices: Sequence[str]) -> str | None:
    """The closest choice to a near miss (`ceasfire` → `ceasefire`), if any is close."""
    found = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.75)
    return found[0] if found else None


def find_topic(word: str, topics: Sequence[tuple[str, str]]) -> str | None:
    """A topic id from its id or its name, in any case (`Ceasefire`, `nuclear-plant`)."""
    wanted = word.strip().lower().replace("_", "-")
    for topic_id, name in topics:
        if wanted in (topic_id, name.lower()):
            return topic_id
    return None


@dataclass(frozen=True)
class TopicTarget:
    topic_id: str


@dataclass(frozen=True)
class KeywordTarget:
    text: str
    """As the subscriber wrote it, quotes removed; `parse_keyword` validates it."""


def parse_target(raw: str, topics: Sequence[tuple[str, str]]) -> TopicTarget | KeywordTarget:
    """`/subscribe` and `/unsubscribe`: a topic id (or name), else a personal keyword.

    One unquoted word that nearly spells a topic id raises `did_you_mean`: a typo
    should not silently become a keyword.  Quotes force a keyword.
    """
    args = split_args(raw)
    if not args:
        raise ArgError("missing_argument")
    if len(args) == 1 and not is_quoted(args[0]):
        word = args[0]
        topic_id = find_topic(word, topics)
        if topic_id is not None:
            return TopicTarget(topic_id)
        near = suggest(word, [t for t, _ in topics])
        if near is not None:
            raise ArgError("did_you_mean", {"given": word, "topic": near})
        return KeywordTarget(word)
    if len(args) == 1:
        return KeywordTarget(unquote(args[0]))
    whole = " ".join(unquote(a) for a in args)
    topic_id = find_topic(whole, topics)
    return TopicTarget(topic_id) if topic_id is not None else KeywordTarget(whole)


def parse_duration(text: str) -> timedelta:
    """`/mute`: `30m`, `2h`, `1d`, `1w`, `1h30m`; at least a minute, at most 30 days."""
    value = clean(text).lower()
    try:
        duration = read_duration(value, units="mhdw")
    except ValueError:
        raise ArgError("bad_duration", {"given": value}) from None
    if duration < timedelta(minutes=1):
        raise ArgError("bad_duration", {"given": value})
    if duration > MAX_MUTE:
        raise ArgError("mute_too_long")
    return duration


def parse_latest_count(args: Sequence[str]) -> int:
    """`/latest [n]`: 1..20, default 5."""
    if not args:
        return LATEST_DEFAULT
    if len(args) > 1 or not _COUNT.match(args[0]):
        raise ArgError("bad_count", {"given": " ".join(args)})
    count = int(args[0])
    if not 1 <= count <= LATEST_MAX:
        raise ArgError("bad_count", {"given": args[0]})
    return count


@dataclass(frozen=True)
class DigestRequest:
    period: timedelta | None
    topic_id: str | None


def _period_and_topic(
    args: Sequence[str], topics: Sequence[tuple[str, str]], command: str
) -> tuple[str | None, str | None]:
    """`[period] [topic]` in either order: the period as written, and the topic id.

    `command` names the error keys: `bad_{command}_args`, and `did_you_mean` for
    /digest or `{command}_did_you_mean` otherwise.
    """
    period: str | None = None
    topic_id: str | None = None
    for arg in args:
        word = unquote(arg)
        if re.match(r"^[0-9]", word):
            if period is not None:
                raise ArgError(f"bad_{command}_args", {"given": word})
            period = word
            continue
        found = find_topic(word, topics)
        if found is None or topic_id is not None:
            near = suggest(word, [t for t, _ in topics])
            if near is not None and topic_id is None:
                key = "did_you_mean" if command == "digest" else f"{command}_did_you_mean"
                raise ArgError(key, {"given": word, "topic": near})
            raise ArgError(f"bad_{command}_args", {"given": word})
        topic_id = found
    return period, topic_id


def parse_period(text: str) -> timedelta:
    """`/digest`'s period: `6h`, `24h`, `3d`, `7d`, at most 30 days; ValueError otherwise."""
    try:
        period = read_duration(text.strip().lower(), units="hd")
    except ValueError:
        raise ValueError("a period looks like 6h, 24h, 3d or 7d") from None
    if period <= timedelta(0):
        raise ValueError("a period looks like 6h, 24h, 3d or 7d")
    if period > MAX_PERIOD:
        raise ValueError("a digest covers at most 30 days")
    return period


def parse_digest_args(args: Sequence[str], topics: Sequence[tuple[str, str]]) -> DigestRequest:
    """`/digest [period] [topic]`, in either order."""
    word, topic_id = _period_and_topic(args, topics, "digest")
    if word is None:
        return DigestRequest(None, topic_id)
    try:
        return DigestRequest(parse_period(word), topic_id)
    except ValueError:
        raise ArgError("bad_period", {"given": word}) from None


TREND_PERIODS = {"7d": 7, "30d": 30}
"""The chart's periods: a week shows days, a month shows the drift."""


@dataclass(frozen=True)
class TrendRequest:
    days: int
    topic_id: str | None

    @property
    def period(self) -> str:
        return f"{self.days}d"

    def window(self, now: datetime, tz: str) -> tuple[datetime, datetime]:
        """[start, now): from local midnight `days - 1` days ago, so today is the last point."""
        local = now.astimezone(ZoneInfo(tz))
        first = local.date() - timedelta(days=self.days - 1)
        start = datetime.combine(first, time(), tzinfo=local.tzinfo)
        return start.astimezone(now.tzinfo), now


def parse_trend_args(args: Sequence[str], topics: Sequence[tuple[str, str]]) -> TrendRequest:
    """`/trend [7d|30d] [topic]`, in either order; a week of all topics by default."""
    word, topic_id = _period_and_topic(args, topics, "trend")
    if word is None:
        return TrendRequest(TREND_PERIODS["7d"], topic_id)
    if word.lower() not in TREND_PERIODS:
        raise ArgError("bad_trend_period", {"given": word})
    return TrendRequest(TREND_PERIODS[word.lower()], topic_id)


@dataclass(frozen=True)
class ChannelRef:
    """A channel named by @username or by numeric id."""

    username: str | None = None
    chat_id: int | None = None

    @property
    def api_value(self) -> str | int:
        return f"@{self.username}" if self.username else int(self.chat_id or 0)


def parse_channel_ref(text: str) -> ChannelRef:
    """`@peace_news`, `peace_news`, `https://t.me/peace_news` or `-1001234567890`."""
    value = clean(text)
    value = re.sub(r"^(https?://)?t\.me/", "", value)
    if _CHAT_ID.match(value):
        return ChannelRef(chat_id=int(value))
    found = _USERNAME.match(value)
    if found is None:
        raise ArgError("bad_channel", {"given": value})
    return ChannelRef(username=found.group(1))


def parse_new_keyword(text: str) -> str:
    """A keyword a subscriber wants to follow, as the matcher will use it (normalised)."""
    if len(text) > MAX_KEYWORD_LENGTH:
        raise ArgError("keyword_too_long", {"max": str(MAX_KEYWORD_LENGTH)})
    if not any(c.isalpha() for c in text):
        raise ArgError("keyword_no_letters")
    try:
        return parse_keyword(text)
    except ValueError as exc:
        raise ArgError("keyword_invalid", {"reason": str(exc)}) from None


def named_keyword(raw: str) -> str | None:
    """The normalised keyword that `/unsubscribe <raw>` names (quotes and case ignored)."""
    wanted = " ".join(unquote(a) for a in split_args(raw))
    try:
        return parse_keyword(wanted)
    except ValueError:
        return None
