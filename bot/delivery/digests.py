"""A chat's digest for a period: its matching items loaded, built into ranked stories.

Shared by the daily digest job, `/digest` and the demo, so all three say the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlmodel import Session

from bot.delivery.contract import Message
from bot.domain import SourceKind
from bot.render.digests import digest_html
from bot.store.models import Chat
from bot.store.queries import digest_items, last_match_at
from bot.stories.digest import Digest, build_digest


def load_digest(
    session: Session,
    chat_id: int,
    start: datetime,
    end: datetime,
    topic_order: Sequence[str],
    topic: str | None = None,
) -> Digest:
    """A chat's digest for [start, end): its matching items, as ranked stories."""
    items = digest_items(session, chat_id, start, end, topic)
    last = None if items else last_match_at(session, chat_id, topic)
    return build_digest(items, topic_order, start, end, last)


def digest_messages(
    digest: Digest,
    chat: Chat,
    topic_names: Mapping[str, str],
    kinds: Mapping[str, SourceKind] | None = None,
) -> list[Message]:
    """The digest as messages to `chat`, in its language and time zone, each outlet with
    its kind (`kinds`: outlet name → kind)."""
    return [
        Message(chat_id=chat.id, html=part, is_group=chat.kind.is_group)
        for part in digest_html(digest, chat.timezone, chat.ui_lang, topic_names, kinds)
    ]
