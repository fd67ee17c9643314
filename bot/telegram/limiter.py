"""Every request the bot makes passes here: messages are paced, 429s waited out and retried.

python-telegram-bot calls a `BaseRateLimiter` for each Bot API request; ours asks the
one `Pacer` (`bot.delivery.pacing`) for a slot before each call that produces a message
— replies, edits, photos, alerts, digests — so all of them share one budget.  A request
marked `Priority.BULK` (`rate_limit_args`, set by the outbox sender) waits behind replies
to users.  A 429 pauses the chat (or everything) for its `retry_after`, and the request is
tried again, up to `max_retries` times; after that the error goes to the caller (the
outbox keeps the alert queued; a handler's failure is logged with the chat and the call).
Every answer to a message call is counted here (`peacewatch_sends_total` by outcome).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from bot.delivery.pacing import Pacer, Priority
from bot.logs import log_event
from bot.metrics import FLOOD_WAIT, SENDS

log = logging.getLogger(__name__)

#: Bot API methods that put a message (or a new version of one) in a chat.
MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendAnimation",
        "sendVideo",
        "sendAudio",
        "sendVoice",
        "sendMediaGroup",
        "sendSticker",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageMedia",
        "editMessageReplyMarkup",
    }
)
MAX_RETRIES = 5

Result = bool | dict[str, Any] | list[dict[str, Any]]


def retry_seconds(exc: RetryAfter) -> float:
    value: float | timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _chat(data: dict[str, Any]) -> tuple[int, bool] | None:
    """The chat a message goes to, and whether it is a group or channel (not a person)."""
    chat_id = data.get("chat_id")
    if isinstance(chat_id, str):
        if chat_id.startswith("@"):  # a channel by username
            return hash(chat_id.lower()), True
        try:
            chat_id = int(chat_id)
        except ValueError:
            return None
    if not isinstance(chat_id, int):
        return None  # an inline message: no chat to pace
    return chat_id, chat_id < 0


class PacingLimiter(BaseRateLimiter[Priority]):
    def __init__(self, pacer: Pacer, max_retries: int = MAX_RETRIES) -> None:
        self.pacer = pacer
        self._max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Priority | None,
    ) -> Result:
        message = endpoint in MESSAGE_METHODS
        chat = _chat(data) if message else None
        priority = rate_limit_args if rate_limit_args is not None else Priority.INTERACTIVE
        for attempt in range(self._max_retries + 1):
            if chat is not None:
                await self.pacer.acquire(chat[0], chat[1], priority)
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                if message:
                    SENDS.labels("429").inc()
                    FLOOD_WAIT.inc(seconds)
                self.pacer.flood(chat[0] if chat else None, seconds)
                given_up = attempt == self._max_retries
                log_event(
                    log,
                    logging.ERROR if given_up else logging.WARNING,
                    "telegram_flood_gave_up" if given_up else "telegram_flood_wait",
                    chat=data.get("chat_id"),
                    method=endpoint,
                    retry_after=seconds,
                    attempt=attempt + 1,
                )
                if given_up:
                    raise
                if chat is None:
                    await asyncio.sleep(seconds)
            except TelegramError as exc:
                if message:
                    SENDS.labels("403" if isinstance(exc, Forbidden) else "error").inc()
                raise
            else:
                if message:
                    SENDS.labels("sent").inc()
                return result
        raise AssertionError("unreachable: the last attempt returns or raises")
