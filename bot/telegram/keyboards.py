"""Inline keyboards and their callback data.

Every button's data is signed for the chat the keyboard is shown in (`Sign`, from
`bot.telegram.callbacks`); the payloads are:

- ``t:<topic>``: toggle a topic of the chat the keyboard is in;
- ``c:<channel id>:<topic>``: toggle a topic of a linked channel (operators);
- ``u:t:<topic>`` / ``u:k:<keyword id>``: unsubscribe from a topic / remove a keyword;
- ``s:lang:<en|uk|ru>``, ``s:mode:<every|first>``, ``s:digest:<HH:MM|off>``,
  ``s:quiet:<HH:MM-HH:MM|off>``, ``s:breaking:<wake|hold>``, ``s:kind:<kind>`` (toggles
  whether alerts may be led by that kind of source), ``s:tz:<IANA name>``: settings.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain import SourceKind, parse_kinds
from bot.render.html import clip
from bot.render.sources import kind_button
from bot.render.texts import plain, topic_name
from bot.store.models import Chat, Keyword

CHECK = "✓ "
DIGEST_PRESETS = ("07:00", "08:00", "20:00")
QUIET_PRESETS = ("23:00-07:00", "22:00-08:00")
LANGUAGE_BUTTONS = (("en", "kb_lang_en"), ("uk", "kb_lang_uk"), ("ru", "kb_lang_ru"))
TIMEZONE_PRESETS = ("Europe/Kyiv", "Europe/Berlin", "Europe/London", "America/New_York", "UTC")


Sign = Callable[[str], str]
"""Payload → callback data signed for the chat the keyboard is shown in."""


def _button(sign: Sign, text: str, payload: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=sign(payload))


def topics_keyboard(
    sign: Sign,
    topics: Sequence[tuple[str, str]],
    subscribed: Collection[str],
    lang: str,
    channel_id: int | None = None,
) -> InlineKeyboardMarkup:
    """Every topic, one per row, ✓ on those subscribed; for a channel when `channel_id`."""
    rows = []
    for topic_id, name in topics:
        label = topic_name(lang, topic_id, name)
        mark = CHECK if topic_id in subscribed else ""
        data = f"t:{topic_id}" if channel_id is None else f"c:{channel_id}:{topic_id}"
        rows.append([_button(sign, mark + label, data)])
    return InlineKeyboardMarkup(rows)


def unsubscribe_keyboard(
    sign: Sign,
    topics: Sequence[tuple[str, str]],
    subscribed: Collection[str],
    keywords: Sequence[Keyword],
    lang: str,
) -> InlineKeyboardMarkup | None:
    """A button per subscribed topic and per keyword; None when there is nothing."""
    rows = [
        [_button(sign, "✕ " + topic_name(lang, topic_id, name), f"u:t:{topic_id}")]
        for topic_id, name in topics
        if topic_id in subscribed
    ]
    rows += [
        [_button(sign, "✕ " + plain(lang, "kb_keyword", keyword=clip(k.text, 40)), f"u:k:{k.id}")]
        for k in keywords
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def _choice(sign: Sign, label: str, chosen: bool, data: str) -> InlineKeyboardButton:
    return _button(sign, (CHECK if chosen else "") + label, data)


def settings_keyboard(sign: Sign, chat: Chat) -> InlineKeyboardMarkup:
    lang = chat.ui_lang
    left_out = parse_kinds(chat.left_out_kinds)
    kinds = [
        _choice(sign, kind_button(lang, kind), kind not in left_out, f"s:kind:{kind.value}")
        for kind in SourceKind
    ]
    wakes = chat.breaking_wakes
    rows = [
        [
            _choice(sign, plain(lang, key), lang == code, f"s:lang:{code}")
            for code, key in LANGUAGE_BUTTONS
        ],
        [
            _choice(sign, plain(lang, "kb_every"), chat.every_item, "s:mode:every"),
            _choice(sign, plain(lang, "kb_first"), not chat.every_item, "s:mode:first"),
        ],
        [_choice(sign, plain(lang, "kb_digest_off"), chat.digest_time is None, "s:digest:off")],
        [
            _choice(
                sign, plain(lang, "kb_digest_at", time=at), chat.digest_time == at, f"s:digest:{at}"
            )
            for at in DIGEST_PRESETS
        ],
        [
            _choice(sign, plain(lang, "kb_quiet_off"), chat.quiet_hours is None, "s:quiet:off"),
            *(
                _choice(
                    sign,
                    plain(lang, "kb_quiet", period=quiet.replace("-", "–")),
                    chat.quiet_hours == quiet,
                    f"s:quiet:{quiet}",
                )
                for quiet in QUIET_PRESETS
            ),
        ],
        [
            _choice(
                sign,
                plain(lang, "kb_breaking_wakes"),
                wakes,
                "s:breaking:hold" if wakes else "s:breaking:wake",
            )
        ],
        kinds[:2],
        kinds[2:],
        [_choice(sign, tz, chat.timezone == tz, f"s:tz:{tz}") for tz in TIMEZONE_PRESETS[:3]],
        [_choice(sign, tz, chat.timezone == tz, f"s:tz:{tz}") for tz in TIMEZONE_PRESETS[3:]],
    ]
    return InlineKeyboardMarkup(rows)
