"""The send contract: one message to send, and what its outcome means for the outbox.

Delivery (the outbox worker, daily digests) talks to a `Sender` and reads a
`SendResult`; it never sees python-telegram-bot.  `bot.telegram.sender` maps
Telegram's answers onto `SendOutcome`; `bot.delivery.console` prints instead; tests
put a recording `Sender` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from bot.render.html import to_plain


class SendOutcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    GONE = "gone"
    """Blocked, kicked, deactivated or not found: stop sending to this chat."""
    MIGRATED = "migrated"
    FAILED = "failed"
    """Telegram refused this message for good (not the chat): do not resend it."""


@dataclass(frozen=True, slots=True)
class SendResult:
    outcome: SendOutcome
    message_id: int | None = None
    retry_after: float | None = None
    new_chat_id: int | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """One message to send: its HTML, and the link to preview (or none)."""

    chat_id: int
    html: str
    preview_url: str | None = None
    is_group: bool = False
    """A group, supergroup or channel: paced at Telegram's per-group limit."""
    edit_message_id: int | None = None
    """Set: replace the text of this earlier message instead of sending a new one."""

    @property
    def text(self) -> str:
        """The plain text a reader sees (console mode; the fallback if HTML is refused)."""
        return to_plain(self.html)


class Sender(Protocol):
    async def send(self, message: Message) -> SendResult: ...
