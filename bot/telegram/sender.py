"""Sending through python-telegram-bot, and what Telegram's answer means for the outbox.

`TelegramSender` maps every Telegram error to an action (`SendOutcome`): sent, retry
later, the chat is gone, the chat moved, refused for good.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

from bot.delivery.contract import Message, SendOutcome, SendResult
from bot.delivery.pacing import Priority
from bot.logs import log_event
from bot.telegram.limiter import retry_seconds

log = logging.getLogger(__name__)

_GONE_MARKERS = (
    "chat not found",
    "user not found",
    "bot was kicked",
    "have no rights",
    "not enough rights",
    "chat_write_forbidden",
    "peer_id_invalid",
)


#: Edits Telegram refuses for good: the alert stays as it was, which is fine.
_UNEDITABLE = (
    "message is not modified",
    "message to edit not found",
    "message can't be edited",
    "message_id_invalid",
)


class TelegramSender:
    """Sends alerts and digests as bulk traffic through the bot's one `PacingLimiter`.

    Pacing and 429 retries happen in the limiter, for every request the bot makes; what
    reaches here is Telegram's final answer.
    """

    def __init__(self, bot: ExtBot[Any]) -> None:
        self._bot = bot

    async def send(self, message: Message) -> SendResult:
        try:
            return await self._send_html(message)
        except RetryAfter as exc:  # still refused after the limiter's retries: keep it queued
            seconds = retry_seconds(exc)
            return SendResult(SendOutcome.RETRY, retry_after=seconds, error="429 flood wait")
        except ChatMigrated as exc:
            return SendResult(SendOutcome.MIGRATED, new_chat_id=exc.new_chat_id)
        except Forbidden as exc:
            return SendResult(SendOutcome.GONE, error=f"403 {exc.message}")
        except BadRequest as exc:
            return await self._bad_request(message, exc)
        except TimedOut as exc:
            # The message may have arrived: resending risks one duplicate, never a loss.
            return SendResult(SendOutcome.RETRY, error=f"timed out: {exc.message}")
        except NetworkError as exc:
            return SendResult(SendOutcome.RETRY, error=f"network: {exc.message}")

    async def _send_html(self, message: Message) -> SendResult:
        preview = (
            LinkPreviewOptions(url=message.preview_url, prefer_small_media=True)
            if message.preview_url
            else LinkPreviewOptions(is_disabled=True)
        )
        if message.edit_message_id is not None:
            return await self._edit(message, preview)
        sent = await self._bot.send_message(
            message.chat_id,
            message.html,
            parse_mode=ParseMode.HTML,
            link_preview_options=preview,
            rate_limit_args=Priority.BULK,
        )
        return SendResult(SendOutcome.SENT, message_id=sent.message_id)

    async def _edit(self, message: Message, preview: LinkPreviewOptions) -> SendResult:
        """Edit an earlier alert; an edit Telegram no longer allows is silently skipped."""
        assert message.edit_message_id is not None
        try:
            await self._bot.edit_message_text(
                message.html,
                chat_id=message.chat_id,
                message_id=message.edit_message_id,
                parse_mode=ParseMode.HTML,
                link_preview_options=preview,
                rate_limit_args=Priority.BULK,
            )
        except BadRequest as exc:
            text = exc.message.lower()
            if any(m in text for m in _UNEDITABLE):
                return SendResult(
                    SendOutcome.SENT,
                    message_id=message.edit_message_id,
                    error=f"not edited: {exc.message}",
                )
            raise
        return SendResult(SendOutcome.SENT, message_id=message.edit_message_id)

    async def _bad_request(self, message: Message, exc: BadRequest) -> SendResult:
        text = exc.message.lower()
        if any(marker in text for marker in _GONE_MARKERS):
            return SendResult(SendOutcome.GONE, error=f"400 {exc.message}")
        if "can't parse entities" in text or "too long" in text:
            # A rendering bug on our side: say so loudly, and still deliver the news.
            log_event(
                log,
                logging.ERROR,
                "telegram_rejected_html",
                chat=message.chat_id,
                error=exc.message,
            )
            try:
                message_id = await self._send_plain(message)
            except RetryAfter as again:
                return SendResult(SendOutcome.RETRY, retry_after=retry_seconds(again))
            except (TimedOut, NetworkError) as again:
                return SendResult(SendOutcome.RETRY, error=f"network: {again.message}")
            except (BadRequest, Forbidden) as again:
                return SendResult(SendOutcome.FAILED, error=f"plain text refused: {again.message}")
            return SendResult(SendOutcome.SENT, message_id=message_id)
        return SendResult(SendOutcome.FAILED, error=f"400 {exc.message}")

    async def _send_plain(self, message: Message) -> int:
        no_preview = LinkPreviewOptions(is_disabled=True)
        if message.edit_message_id is not None:
            await self._bot.edit_message_text(
                message.text[:4096],
                chat_id=message.chat_id,
                message_id=message.edit_message_id,
                link_preview_options=no_preview,
                rate_limit_args=Priority.BULK,
            )
            return message.edit_message_id
        sent = await self._bot.send_message(
            message.chat_id,
            message.text[:4096],
            link_preview_options=no_preview,
            rate_limit_args=Priority.BULK,
        )
        return sent.message_id
