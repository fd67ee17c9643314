"""Sending through python-telegram-bot, and what Telegram's answer means for the outbox.

`TelegramSender` maps every Telegram error to an action (`SendOutcome`): sent, retry
later, the chat is gone, the chat moved, refused for good.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery.contract import Message, SendOutcome, SendResult
from bot.delivery.pacing import SendPacer
from bot.logs import log_event

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


#: Requests in the air at once.  Pacing is only exact if a paced request goes out at
#: once: waiting for a free connection after its slot would bunch requests together.
SEND_CONCURRENCY = 8


class TelegramSender:
    def __init__(self, bot: Bot, pacer: SendPacer, concurrency: int = SEND_CONCURRENCY) -> None:
        self._bot = bot
        self._pacer = pacer
        self._in_flight = asyncio.Semaphore(concurrency)

    async def send(self, message: Message) -> SendResult:
        # A chat still inside its own limit waits without holding a request slot.
        # (wait_turn still enforces it, should another send have booked the chat meanwhile.)
        delay = self._pacer.chat_ready_in(message.chat_id)
        if delay > 0:
            await asyncio.sleep(delay)
        async with self._in_flight:
            await self._pacer.wait_turn(message.chat_id, message.is_group)
            return await self._send_now(message)

    async def _send_now(self, message: Message) -> SendResult:
        try:
            return await self._send_html(message)
        except RetryAfter as exc:
            seconds = _seconds(exc.retry_after)
            self._pacer.pause(seconds)
            log_event(
                log,
                logging.WARNING,
                "telegram_flood_wait",
                chat=message.chat_id,
                retry_after=seconds,
            )
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
                self._pacer.pause(_seconds(again.retry_after))
                return SendResult(SendOutcome.RETRY, retry_after=_seconds(again.retry_after))
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
            )
            return message.edit_message_id
        sent = await self._bot.send_message(
            message.chat_id, message.text[:4096], link_preview_options=no_preview
        )
        return sent.message_id


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
