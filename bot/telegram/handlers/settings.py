"""A chat's preferences: /settings and its buttons, /mute, /unmute, /stop."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time

from bot.delivery.quiet import mute_until, quiet_hours_of
from bot.delivery.schedule import QuietHours, format_hhmm, next_digest_slot
from bot.domain import SourceKind, format_kinds, parse_kinds
from bot.logs import log_event
from bot.render.html import local_time, to_plain
from bot.render.replies import settings_view
from bot.render.sources import kind_names
from bot.render.texts import t
from bot.store.chats import forget_chat, update_chat
from bot.store.db import erase_traces
from bot.store.models import Chat
from bot.telegram.args import parse_duration
from bot.telegram.handlers.turn import Turn
from bot.telegram.keyboards import settings_keyboard
from bot.telegram.setting_args import SettingChange, parse_setting

log = logging.getLogger(__name__)


def _left_out(chat: Chat, change: SettingChange) -> frozenset[SourceKind]:
    """The kinds left out after a `sources` change (+/-) or a `kind` button (a toggle)."""
    left_out = set(parse_kinds(chat.left_out_kinds))
    if isinstance(change.value, SourceKind):
        left_out ^= {change.value}
    elif isinstance(change.value, tuple):
        for kind, kept in change.value:
            (left_out.discard if kept else left_out.add)(kind)
    return frozenset(left_out)


def setting_values(chat: Chat, change: SettingChange, now: datetime) -> dict[str, object]:
    """The columns a setting changes; a new time zone or digest time moves the next digest,
    new quiet hours are looked at by the delivery worker at once (`next_quiet_at`)."""
    if change.name == "tz" and isinstance(change.value, str):
        return {
            "timezone": change.value,
            "next_digest_at": next_digest_slot(now, chat.digest_time, change.value),
            "next_quiet_at": now if chat.quiet_hours else None,
        }
    if change.name == "quiet":
        quiet = str(change.value) if isinstance(change.value, QuietHours) else None
        values: dict[str, object] = {"quiet_hours": quiet, "next_quiet_at": now if quiet else None}
        if quiet is None and chat.quiet_hours and chat.muted_until and chat.muted_until > now:
            values["muted_until"] = None  # quiet hours switched off during a quiet night
        return values
    if change.name == "breaking":
        return {"breaking_wakes": bool(change.value)}
    if change.name in ("sources", "kind"):
        return {"left_out_kinds": format_kinds(_left_out(chat, change))}
    if change.name == "digest":
        hhmm = format_hhmm(change.value) if isinstance(change.value, time) else None
        return {"digest_time": hhmm, "next_digest_at": next_digest_slot(now, hhmm, chat.timezone)}
    if change.name == "lang":
        return {"ui_lang": change.value}
    return {"every_item": bool(change.value)}


def confirmation(chat: Chat, change: SettingChange) -> str:
    """What a changed setting is now, said in the chat's (possibly new) language."""
    lang = chat.ui_lang
    if change.name == "tz":
        return t(lang, "setting_tz", tz=chat.timezone)
    if change.name == "digest":
        if chat.digest_time is None or chat.next_digest_at is None:
            return t(lang, "setting_digest_off")
        return t(
            lang,
            "setting_digest",
            time=chat.digest_time,
            next=local_time(chat.next_digest_at, chat.timezone),
        )
    if change.name == "lang":
        return t(lang, "setting_lang")
    if change.name == "quiet":
        quiet = quiet_hours_of(chat)
        if quiet is None:
            return t(lang, "setting_quiet_off")
        return t(lang, "setting_quiet", period=quiet.shown, tz=chat.timezone)
    if change.name == "breaking":
        return t(lang, "setting_breaking_wake" if chat.breaking_wakes else "setting_breaking_hold")
    if change.name in ("sources", "kind"):
        left_out = parse_kinds(chat.left_out_kinds)
        if not left_out:
            return t(lang, "setting_sources_all")
        return t(lang, "setting_sources", kinds=_plain_kinds(lang, left_out))
    return t(lang, "setting_every" if chat.every_item else "setting_first")


def _plain_kinds(lang: str, kinds: frozenset[SourceKind]) -> str:
    """The kinds' labels, unescaped (`t` escapes the parameters it is given)."""
    return to_plain(kind_names(lang, kinds))


async def _change(turn: Turn, change: SettingChange) -> Chat:
    """Apply one setting to this chat; the chat as it is now."""
    assert turn.chat is not None
    values = setting_values(turn.chat, change, turn.now)
    await turn.db(lambda s: update_chat(s, turn.chat_id, **values))
    return turn.chat.model_copy(update=values)


async def settings(turn: Turn) -> None:
    """`/settings` shows the settings with buttons; `/settings <name> <value>` changes one."""
    assert turn.chat is not None
    if not turn.args:
        await turn.reply(
            settings_view(turn.chat, turn.now), settings_keyboard(turn.sign, turn.chat)
        )
        return
    if not await turn.may_change_or_say_so():
        return
    change = parse_setting(turn.args)
    await turn.reply(confirmation(await _change(turn, change), change))


async def settings_button(turn: Turn, rest: str) -> None:
    """`s:<name>:<value>`: change one setting, redraw the settings message."""
    name, _, value = rest.partition(":")
    change = parse_setting([name, value])
    chat = await _change(turn, change)
    await turn.edit(settings_view(chat, turn.now), settings_keyboard(turn.sign, chat))
    await turn.answer("cb_saved")


async def mute(turn: Turn) -> None:
    """`/mute 2h`: hold alerts; they arrive as one summary when the mute ends."""
    if not turn.args:
        await turn.reply(turn.text("mute_usage"))
        return
    assert turn.chat is not None
    until = mute_until(turn.chat, turn.now + parse_duration(turn.raw_args), turn.now)
    await turn.db(lambda s: update_chat(s, turn.chat_id, muted_until=until))
    await turn.reply(turn.text("muted", until=local_time(until, turn.tz)))


async def unmute(turn: Turn) -> None:
    assert turn.chat is not None
    until = turn.chat.muted_until
    await turn.db(lambda s: update_chat(s, turn.chat_id, muted_until=None))
    await turn.reply(
        turn.text("unmuted" if until is not None and until > turn.now else "not_muted")
    )


async def stop(turn: Turn) -> None:
    """`/stop`: unsubscribe from everything and delete what we keep about the chat."""
    keyword_ids = await turn.db(lambda s: forget_chat(s, turn.chat_id))
    await asyncio.to_thread(erase_traces, turn.deps.engine)
    log_event(log, logging.INFO, "chat_forgotten", chat_id=turn.chat_id, keywords=len(keyword_ids))
    await turn.reply(turn.text("stop_done"))
