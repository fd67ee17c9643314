"""Button data only this bot made, for the chat it was shown in.

Anyone can send a callback query with any data for any message of the bot: a modified
client, a button copied between chats.  Every button's data therefore carries a short
signature of (chat id, payload) under a secret derived from the bot's token, and data
that does not verify is refused with no effect and no information.  The payload stays
readable (`t:ceasefire`); the whole stays within Telegram's 64 bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

MAX_CALLBACK_BYTES = 64
_SIGNATURE_CHARS = 11
_SEPARATOR = "|"


class CallbackSigner:
    def __init__(self, secret: bytes) -> None:
        self._key = hashlib.sha256(b"peacewatch/callbacks/" + secret).digest()

    @classmethod
    def for_token(cls, token: str) -> CallbackSigner:
        return cls(token.encode())

    def _signature(self, chat_id: int, payload: str) -> str:
        mac = hmac.new(self._key, f"{chat_id}:{payload}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode()[:_SIGNATURE_CHARS]

    def sign(self, chat_id: int, payload: str) -> str:
        """`payload|signature`, for a button shown in `chat_id`."""
        data = f"{payload}{_SEPARATOR}{self._signature(chat_id, payload)}"
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {payload!r}")
        return data

    def verify(self, chat_id: int, data: str) -> str | None:
        """The payload, when `data` is a button this bot made for `chat_id`; else None."""
        payload, separator, signature = data.rpartition(_SEPARATOR)
        if not separator:
            return None
        expected = self._signature(chat_id, payload)
        return payload if hmac.compare_digest(expected, signature) else None
