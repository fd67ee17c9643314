"""A `Sender` at the send contract, for fast in-process tests of delivery.

It records every `Message` it is given and answers with scripted outcomes (SENT by
default), so the outbox worker and the daily digests can be tested without HTTP.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from bot.delivery.contract import Message, SendOutcome, SendResult


class RecordingSender:
    def __init__(self, answers: Iterable[SendResult] = ()) -> None:
        self.sent: list[Message] = []
        self._answers = deque(answers)
        self._next_id = 100

    def answer_next(self, *results: SendResult) -> None:
        """The next sends get these answers, in order; after them, SENT again."""
        self._answers.extend(results)

    async def send(self, message: Message) -> SendResult:
        self.sent.append(message)
        if self._answers:
            return self._answers.popleft()
        if message.edit_message_id is not None:
            return SendResult(SendOutcome.SENT, message_id=message.edit_message_id)
        self._next_id += 1
        return SendResult(SendOutcome.SENT, message_id=self._next_id)

    def to(self, chat_id: int) -> list[Message]:
        return [m for m in self.sent if m.chat_id == chat_id]
