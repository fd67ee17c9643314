"""Console mode: alerts and digests printed as plain text (no Telegram token)."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.delivery.contract import Message, SendOutcome, SendResult


class ConsoleSender:
    """Console mode: alerts and digests printed as plain text."""

    def __init__(self, out: TextIO = sys.stdout) -> None:
        self._out = out
        self._next_id = 0

    async def send(self, message: Message) -> SendResult:
        rule = "─" * 72
        if message.edit_message_id is not None:
            print(
                f"{rule}\n(alert #{message.edit_message_id} updated)\n{message.text}",
                file=self._out,
                flush=True,
            )
            return SendResult(SendOutcome.SENT, message_id=message.edit_message_id)
        self._next_id += 1
        print(f"{rule}\n{message.text}", file=self._out, flush=True)
        return SendResult(SendOutcome.SENT, message_id=self._next_id)
