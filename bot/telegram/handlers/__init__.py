"""The bot's handlers, split by what the user does, and their registration.

- `subscriptions`: /start, /topics, /subscribe, /unsubscribe and their buttons;
- `reading`: /list, /digest, /latest, /trend, /help;
- `settings`: /settings and its buttons, /mute, /unmute, /stop;
- `operators`: /stats, /feeds, /link, /channel and the channel buttons;
- `opml`: /opml, and an OPML file an operator sends;
- `membership`: the bot added to or removed from a chat, a group migrated;
- `guard`: throttling, unknown commands, failures;
- `turn`: what every handler shares (`Turn`, `wrap`).

In groups anyone may read (/list, /digest, /latest, /topics); only the group's
administrators may change its subscriptions or settings.  Channels are linked and
managed by operators from a private chat (/link, /channel).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.logs import log_event
from bot.render.texts import ADMIN_COMMANDS, PUBLIC_COMMANDS
from bot.telegram.args import ArgError
from bot.telegram.deps import BotDeps
from bot.telegram.handlers import membership, operators, opml, reading, settings, subscriptions
from bot.telegram.handlers.guard import Guard, TokenBucket
from bot.telegram.handlers.turn import Callback, Handler, Turn, wrap

log = logging.getLogger(__name__)

#: command → (handler, who may use it).  Handlers that change the chat only when given
#: arguments (/subscribe, /unsubscribe, /settings) check that themselves.
_COMMANDS: dict[str, tuple[Handler, dict[str, bool]]] = {
    "start": (subscriptions.start, {}),
    "topics": (subscriptions.topics, {}),
    "subscribe": (subscriptions.subscribe, {}),
    "unsubscribe": (subscriptions.unsubscribe, {}),
    "list": (reading.list_, {}),
    "digest": (reading.digest, {}),
    "latest": (reading.latest, {}),
    "trend": (reading.trend, {}),
    "help": (reading.help_, {"create": False}),
    "settings": (settings.settings, {}),
    "mute": (settings.mute, {"changes": True}),
    "unmute": (settings.unmute, {"changes": True}),
    "stop": (settings.stop, {"create": False, "changes": True}),
    "stats": (operators.stats, {"create": False, "operator": True}),
    "feeds": (operators.feeds, {"create": False, "operator": True}),
    "opml": (opml.opml, {"create": False, "operator": True}),
    "link": (operators.link, {"create": False, "operator": True}),
    "channel": (operators.channel, {"create": False, "operator": True}),
}


async def on_button(turn: Turn) -> None:
    """Inline buttons: `t:` topics, `u:` unsubscribe, `s:` settings, `c:` channel topics.

    Data this bot did not sign for this chat, or a button on a message that is not one of
    our text messages (a photo, say), is answered as outdated: no effect, no information.
    """
    query = turn.update.callback_query
    assert query is not None
    payload = turn.deps.signer.verify(turn.chat_id, query.data or "")
    on_text = isinstance(query.message, Message) and query.message.text is not None
    if payload is None or not on_text:
        log_event(
            log,
            logging.WARNING,
            "callback_refused",
            chat_id=turn.chat_id,
            user_id=turn.user_id,
            signed=payload is not None,
        )
        await turn.answer("cb_outdated")
        return
    kind, _, rest = payload.partition(":")
    try:
        if kind == "c":
            await operators.channel_button(turn, rest)
        elif kind not in ("t", "u", "s"):
            await turn.answer("cb_outdated")
        elif not await turn.may_change():
            await turn.answer("group_admins_only", show_alert=True)
        elif kind == "t":
            await subscriptions.topic_button(turn, rest)
        elif kind == "u":
            await subscriptions.unsubscribe_button(turn, rest)
        else:
            await settings.settings_button(turn, rest)
    except ArgError:
        await turn.answer("cb_outdated")


def register_handlers(app: Application[Any, Any, Any, Any, Any, Any], deps: BotDeps) -> Guard:
    """Wire every handler into `app`; returns the `Guard` (its bucket, for tests)."""
    assert set(_COMMANDS) == set(PUBLIC_COMMANDS) | set(ADMIN_COMMANDS)
    guard = Guard(deps)
    app.add_handler(TypeHandler(Update, guard.throttle), group=-1)
    only_messages = filters.UpdateType.MESSAGE
    for name, (handler, options) in _COMMANDS.items():
        callback: Callback = wrap(deps, handler, **options)
        app.add_handler(CommandHandler(name, callback, filters=only_messages))
    app.add_handler(MessageHandler(filters.COMMAND & only_messages, guard.unknown))
    app.add_handler(
        MessageHandler(
            filters.Document.ALL & filters.ChatType.PRIVATE & only_messages,
            wrap(deps, opml.opml_file, create=False),
        )
    )
    app.add_handler(CallbackQueryHandler(wrap(deps, on_button)))
    app.add_handler(
        MessageHandler(filters.StatusUpdate.MIGRATE, membership.on_migrate(deps)), group=1
    )
    app.add_handler(
        ChatMemberHandler(membership.on_membership(deps), ChatMemberHandler.MY_CHAT_MEMBER), group=1
    )
    app.add_error_handler(guard.on_error)
    return guard


__all__ = ["Guard", "TokenBucket", "register_handlers"]
