"""What stands around the handlers: flood throttling, unknown commands, failures.

A user past their command budget is answered once and then ignored; a failing handler
is logged (never the token) and whoever was waiting gets an apology.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.logs import log_event
from bot.telegram.deps import BotDeps
from bot.telegram.handlers.turn import Context, Turn

log = logging.getLogger(__name__)


class TokenBucket:
    """Per-user command budget: `capacity` at once, refilled at `rate` per second.

    Past the budget a user gets one "slow down" answer, then silence until the
    bucket has refilled a little: a flood costs the bot one message.
    """

    MAX_USERS = 10_000

    def __init__(
        self, capacity: float = 10, rate: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = capacity
        self.rate = rate
        self._clock = clock
        self._state: dict[int, tuple[float, float, bool]] = {}

    def take(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, warn): warn is true for the first refusal of a flood."""
        now = self._clock()
        tokens, at, warned = self._state.get(user_id, (self.capacity, now, False))
        tokens = min(self.capacity, tokens + (now - at) * self.rate)
        if tokens >= 1:
            self._state[user_id] = (tokens - 1, now, False)
            return True, False
        self._state[user_id] = (tokens, now, True)
        if len(self._state) > self.MAX_USERS:
            self._forget_idle(now)
        return False, not warned

    def _forget_idle(self, now: float) -> None:
        full = [
            user
            for user, (tokens, at, _) in self._state.items()
            if tokens + (now - at) * self.rate >= self.capacity
        ]
        for user_id in full:
            del self._state[user_id]


class Guard:
    """The callbacks around the handlers, bound to the program's dependencies."""

    def __init__(self, deps: BotDeps, bucket: TokenBucket | None = None) -> None:
        self.deps = deps
        self.bucket = bucket or TokenBucket()

    async def throttle(self, update: Update, context: Context) -> None:
        """Runs before every handler: a user past their budget is answered once, then ignored."""
        user = update.effective_user
        is_command = update.message is not None and (update.message.text or "").startswith("/")
        if user is None or not (is_command or update.callback_query is not None):
            return
        allowed, warn = self.bucket.take(user.id)
        if allowed:
            return
        if warn:
            turn = await Turn.begin(update, context, self.deps, create=False)
            if update.callback_query is not None:
                await turn.answer("slow_down")
            else:
                await turn.reply(turn.text("slow_down"))
        log_event(log, logging.INFO, "throttled", user_id=user.id, warned=warn)
        raise ApplicationHandlerStop

    async def unknown(self, update: Update, context: Context) -> None:
        """A one-line hint, unless the command is another bot's (in groups: unaddressed)."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        command = (message.text or "").split(None, 1)[0]
        _, at, target = command.partition("@")
        if at:
            if target.lower() != (context.bot.username or "").lower():
                return
        elif chat.type != ChatType.PRIVATE:
            return
        turn = await Turn.begin(update, context, self.deps, create=False)
        await turn.reply(turn.text("unknown_command"))

    async def on_error(self, update: object, context: Context) -> None:
        """Log the failure (never the token) and apologise to whoever was waiting."""
        error = context.error
        where = None
        if error is not None and error.__traceback__ is not None:
            frame = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
        known = update if isinstance(update, Update) else None
        chat_id = known.effective_chat.id if known and known.effective_chat else None
        log_event(
            log,
            logging.ERROR,
            "handler_failed",
            error=type(error).__name__,
            detail=str(error)[:300].replace(context.bot.token, "***"),
            where=where,
            chat_id=chat_id,
            update_id=known.update_id if known else None,
        )
        if not isinstance(update, Update) or isinstance(error, Forbidden):
            return
        try:
            turn = await Turn.begin(update, context, self.deps, create=False)
        except Exception:  # the store may be what failed: apologise in English then
            log_event(log, logging.WARNING, "language_lookup_failed", chat_id=chat_id)
            turn = Turn(update, context, self.deps, None)
        try:
            if update.callback_query is not None:
                await turn.answer("error_apology")
            elif update.message is not None:
                await turn.reply(turn.text("error_apology"))
        except TelegramError as exc:
            log_event(
                log, logging.WARNING, "apology_failed", error=type(exc).__name__, chat_id=chat_id
            )
