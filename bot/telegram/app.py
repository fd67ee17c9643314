"""The python-telegram-bot Application: built here, run by the caller.

`build_application` wires the handlers and a `post_init` that publishes the
command menu (English, Ukrainian, Russian, and the operators' extended menu) and the
bot's descriptions.  `Application.run_polling` calls `post_init` itself; a caller
driving the lifecycle by hand (`initialize`/`start`/`updater.start_polling`)
awaits `app.post_init(app)` after `initialize`.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot.delivery.pacing import Pacer
from bot.logs import log_event
from bot.render.texts import ADMIN_COMMANDS, PUBLIC_COMMANDS, plain
from bot.telegram.deps import BotDeps
from bot.telegram.handlers import register_handlers
from bot.telegram.limiter import PacingLimiter

log = logging.getLogger(__name__)

#: Menu languages: (our language, Telegram's language_code; None = everyone else).
MENU_LANGUAGES: tuple[tuple[str, str | None], ...] = (("en", None), ("uk", "uk"), ("ru", "ru"))


def file_url_for(base_url: str) -> str:
    """The file-download base matching a Bot API base URL.

    Telegram's own `https://api.telegram.org/bot` serves files under
    `https://api.telegram.org/file/bot`; a self-hosted server follows the same layout.
    """
    trimmed = base_url.rstrip("/")
    if trimmed.endswith("/bot"):
        return trimmed[: -len("/bot")] + "/file/bot"
    return trimmed + "/file"


def _commands(lang: str, names: tuple[str, ...]) -> list[BotCommand]:
    return [BotCommand(name, plain(lang, f"cmd_{name}")) for name in names]


async def publish_profile(app: Application[Any, Any, Any, Any, Any, Any], deps: BotDeps) -> None:
    """Command menus and descriptions, in every interface language."""
    bot = app.bot
    for lang, code in MENU_LANGUAGES:
        await bot.set_my_commands(_commands(lang, PUBLIC_COMMANDS), language_code=code)
        await bot.set_my_description(plain(lang, "description"), language_code=code)
        await bot.set_my_short_description(plain(lang, "short_description"), language_code=code)
    operator_menu = _commands("en", PUBLIC_COMMANDS + ADMIN_COMMANDS)
    for admin_id in sorted(deps.admin_ids):
        try:
            await bot.set_my_commands(operator_menu, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:
            # The operator has not opened a chat with the bot yet: the public menu it is.
            log_event(
                log,
                logging.WARNING,
                "operator_menu_failed",
                admin_id=admin_id,
                error=type(exc).__name__,
                detail=str(exc)[:200],
            )


def build_application(
    token: str, base_url: str, deps: BotDeps, pacer: Pacer | None = None
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The bot, ready for `initialize`/`start` (or `run_polling`); no jobs scheduled.

    Every request it makes goes through one `PacingLimiter` on `pacer` (a new one when not
    given): replies, edits and photos here, and the alerts of a `TelegramSender` using
    `app.bot`, share one budget.
    """

    async def post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await publish_profile(app, deps)

    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(file_url_for(base_url))
        .concurrent_updates(True)
        # A small pool is faster than PTB's 256 (httpx's cost grows with the pool); the
        # generous pool timeout lets a burst of replies and alerts queue for a connection.
        .connection_pool_size(32)
        .pool_timeout(10.0)
        .rate_limiter(PacingLimiter(pacer or Pacer()))
        .post_init(post_init)
        .build()
    )
    register_handlers(app, deps)
    return app
