"""A chat's preferences: /settings and its buttons, /mute, /unmute, /stop."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time

from bot.delivery.schedule import format_hhmm, next_digest_slot
from bot.logs import log_event
from bot.render.html import local_time
from bot.render.replies import settings_view
from bot.render.texts import t
from bot.store.chats import forget_chat, update_chat
from bot.store.db import erase_traces
from bot.store.models import Chat
from bot.telegram.args import SettingChange, parse_duration, parse_setting
from bot.telegram.handlers.turn import Turn
from bot.telegram.keyboards import settings_keyboard

log = logging.getLogger(__name__)


def setting_values(chat: Chat, change: SettingChange, now: datetime) -> dict[str, object]:
    """The columns a setting changes; a new time zone or digest time moves the next digest."""
    if change.name == "tz" and isinstance(change.value, str):
        return {
            "timezone": change.value,
            "next_digest_at": next_digest_slot(now, chat.digest_time, change.value),
        }
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
    return t(lang, "setting_every" if chat.every_item else "setting_first")


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
    until = turn.now + parse_duration(turn.raw_args)
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
