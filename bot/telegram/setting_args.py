"""A chat's settings as typed (`/settings quiet 23:00-07:00`) or sent by a settings button.
Pure, no I/O; errors are `ArgError`s, answered in the chat's language."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from bot.delivery.schedule import QuietHours, parse_hhmm
from bot.domain import SourceKind
from bot.telegram.args import ArgError, clean, unquote

LANGUAGES = ("en", "uk", "ru")
OFF = ("off", "none", "no", "вимк", "ні", "выкл", "нет")


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def parse_timezone(text: str) -> str:
    """An IANA zone name, in its canonical spelling (`europe/kyiv` → `Europe/Kyiv`)."""
    value = clean(text)
    name = _zones().get(value.lower())
    if name is None:
        near = difflib.get_close_matches(value.lower(), list(_zones()), n=1, cutoff=0.8)
        params = {"given": value}
        if near:
            params["suggestion"] = _zones()[near[0]]
            raise ArgError("bad_timezone_near", params)
        raise ArgError("bad_timezone", params)
    ZoneInfo(name)
    return name


def parse_digest_time(text: str) -> time | None:
    """`HH:MM` (or `H:MM`, `HH.MM`) for a daily digest; `off` for none."""
    value = clean(text).lower()
    if value in OFF:
        return None
    at = parse_hhmm(value)
    if at is None:
        raise ArgError("bad_time", {"given": value})
    return at


def parse_language(text: str) -> str:
    value = clean(text).lower()
    aliases = {
        "english": "en",
        "ua": "uk",
        "ukrainian": "uk",
        "українська": "uk",
        "russian": "ru",
        "русский": "ru",
        "російська": "ru",
    }
    value = aliases.get(value, value)
    if value not in LANGUAGES:
        raise ArgError("bad_language", {"given": value})
    return value


def parse_quiet(text: str) -> QuietHours | None:
    """`23:00-07:00` (local time; past midnight when it ends earlier); `off` for none."""
    value = clean(text).lower()
    if value in OFF:
        return None
    quiet = QuietHours.parse(value)
    if quiet is None:
        raise ArgError("bad_quiet", {"given": value})
    return quiet


def parse_kind(text: str) -> SourceKind:
    value = clean(text).lower().replace("_", "-")
    value = {"state": "state-affiliated", "wires": "wire"}.get(value, value)
    if value not in {kind.value for kind in SourceKind}:
        raise ArgError("bad_kind", {"given": text})
    return SourceKind(value)


def parse_sources(words: Sequence[str]) -> tuple[tuple[SourceKind, bool], ...]:
    """`-state-affiliated +wire`: kinds left out (-) or taken back (+); `all`: every kind."""
    if [w.lower() for w in words] == ["all"]:
        return tuple((kind, True) for kind in SourceKind)
    changes = []
    for word in words:
        sign, name = word[:1], word[1:]
        if sign not in "+-" or not name:
            raise ArgError("bad_kind", {"given": word})
        changes.append((parse_kind(name), sign == "+"))
    return tuple(changes)


@dataclass(frozen=True)
class SettingChange:
    name: str
    """One of "tz", "digest", "lang", "every", "quiet", "breaking", "sources", "kind"."""
    value: str | time | bool | QuietHours | SourceKind | tuple[tuple[SourceKind, bool], ...] | None


_SETTING_NAMES = {
    "tz": "tz",
    "timezone": "tz",
    "zone": "tz",
    "digest": "digest",
    "time": "digest",
    "daily": "digest",
    "lang": "lang",
    "language": "lang",
    "мова": "lang",
    "язык": "lang",
    "mode": "every",
    "alerts": "every",
    "every": "every",
    "quiet": "quiet",
    "night": "quiet",
    "breaking": "breaking",
    "sources": "sources",
    "kind": "kind",
}
_MODES = {"every": True, "all": True, "first": False, "story": False, "stories": False}
_BREAKING = {"wake": True, "on": True, "yes": True, "hold": False, "off": False, "no": False}


def parse_setting(args: Sequence[str]) -> SettingChange:
    """`/settings tz Europe/Kyiv`, `digest 08:00|off`, `quiet 23:00-07:00|off`,
    `breaking wake|hold`, `sources -state-affiliated|+wire|all`, `lang uk`,
    `mode every|first`; `kind <kind>` (a settings button) toggles one source kind."""
    if len(args) < 2:
        raise ArgError("settings_usage")
    name = _SETTING_NAMES.get(args[0].lower())
    words = [unquote(a) for a in args[1:]]
    value = " ".join(words)
    if name is None:
        raise ArgError("settings_usage")
    if name == "tz":
        return SettingChange(name, parse_timezone(value))
    if name == "digest":
        return SettingChange(name, parse_digest_time(value))
    if name == "lang":
        return SettingChange(name, parse_language(value))
    if name == "quiet":
        return SettingChange(name, parse_quiet(value))
    if name == "sources":
        return SettingChange(name, parse_sources(words))
    if name == "kind":
        return SettingChange(name, parse_kind(value))
    if name == "breaking":
        wakes = _BREAKING.get(value.lower())
        if wakes is None:
            raise ArgError("bad_breaking", {"given": value})
        return SettingChange(name, wakes)
    mode = _MODES.get(value.lower())
    if mode is None:
        raise ArgError("bad_mode", {"given": value})
    return SettingChange(name, mode)
