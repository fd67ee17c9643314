"""What the handlers need from the rest of the program, passed in explicitly."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from bot.telegram.callbacks import CallbackSigner


@dataclass
class BotDeps:
    engine: Engine
    topics: Sequence[tuple[str, str, str]]
    """(id, name, description) of every topic, in display order."""
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    """Operators (`ADMIN_CHAT_IDS`): /stats, /feeds, /link, /channel."""
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    """Aware "now" (UTC in production); tests pass a fixed or movable clock."""
    signer: CallbackSigner = field(default_factory=lambda: CallbackSigner(secrets.token_bytes(32)))
    """Signs button data; the service derives it from the bot token, so buttons sent before
    a restart keep working."""
    feeds_path: Path | None = None
    """feeds.yaml: /opml exports it, an OPML file sent by an operator adds to it."""

    @property
    def topic_pairs(self) -> list[tuple[str, str]]:
        return [(topic_id, name) for topic_id, name, _ in self.topics]

    @property
    def topic_names(self) -> dict[str, str]:
        return {topic_id: name for topic_id, name, _ in self.topics}

    @property
    def topic_ids(self) -> list[str]:
        return [topic_id for topic_id, _, _ in self.topics]

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admin_ids
