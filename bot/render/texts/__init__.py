"""Every word the bot says, in English, Ukrainian and Russian: the one translation table.

Templates are Telegram HTML.  `t(lang, key, **params)` fills one with every parameter
escaped, so a subscriber's input can never break a message; `plain` is the same text
for places that take no HTML (button labels, callback answers), derived from it.
`tn` picks the plural form of a counted text (`COUNTED`): its forms are separated by
"|", two in English (one, other), three in Ukrainian and Russian (one, few, many).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.render.html import escape, to_plain
from bot.render.texts import en, ru, uk

DEFAULT_LANG = "en"

#: Commands everyone sees in Telegram's menu and in /help, in this order.
PUBLIC_COMMANDS = (
    "start",
    "topics",
    "subscribe",
    "unsubscribe",
    "list",
    "digest",
    "latest",
    "trend",
    "mute",
    "unmute",
    "settings",
    "stop",
    "help",
)
#: Operator commands: shown in /help and the menu of operators only.
ADMIN_COMMANDS = ("stats", "feeds", "opml", "link", "channel")

TEXTS: Mapping[str, Mapping[str, str]] = {"en": en.TEXTS, "uk": uk.TEXTS, "ru": ru.TEXTS}
"""Language → key → Telegram HTML template."""

TOPIC_NAMES: Mapping[str, Mapping[str, str]] = {"uk": uk.TOPIC_NAMES, "ru": ru.TOPIC_NAMES}
"""Language → topic id → the topic's name; English names come from feeds.yaml."""


def lang_of(code: str | None) -> str:
    """The interface language for a stored or Telegram language code."""
    return code if code is not None and code in TEXTS else DEFAULT_LANG


def t(lang: str, key: str, **params: object) -> str:
    """The template `key` in `lang`, with every parameter escaped."""
    template = TEXTS[lang_of(lang)][key]
    return template.format(**{k: escape(str(v)) for k, v in params.items()})


COUNTED = (
    "count_outlets",
    "count_official",
    "count_wire",
    "count_independent",
    "count_state_affiliated",
    "count_other",
)
"""Texts with plural forms, filled by `tn`."""
PLURAL_FORMS = {"en": 2, "uk": 3, "ru": 3}


def plural_form(lang: str, count: int) -> int:
    """Which form of a counted text `count` takes (CLDR's rules for these languages)."""
    if PLURAL_FORMS.get(lang_of(lang)) == 3:
        if count % 10 == 1 and count % 100 != 11:
            return 0
        if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
            return 1
        return 2
    return 0 if count == 1 else 1


def tn(lang: str, key: str, count: int, **params: object) -> str:
    """The counted text `key` for `count`, in its plural form, with every parameter escaped."""
    forms = TEXTS[lang_of(lang)][key].split("|")
    template = forms[min(plural_form(lang, count), len(forms) - 1)]
    values = {k: escape(str(v)) for k, v in {**params, "count": count}.items()}
    return template.format(**values)


def plain(lang: str, key: str, **params: object) -> str:
    """The text of `t(lang, key, ...)` for places that take no HTML (buttons, answers)."""
    return to_plain(t(lang, key, **params))


def topic_name(lang: str, topic_id: str, default: str) -> str:
    return TOPIC_NAMES.get(lang_of(lang), {}).get(topic_id, default)


def help_text(lang: str, admin: bool) -> str:
    lines = [t(lang, "help_header")]
    lines += [f"/{name} — {t(lang, 'cmd_' + name)}" for name in PUBLIC_COMMANDS]
    if admin:
        lines += ["", t(lang, "help_admin_header")]
        lines += [f"/{name} — {t(lang, 'cmd_' + name)}" for name in ADMIN_COMMANDS]
        lines += [t(lang, "help_channel")]
    return "\n".join(lines)
