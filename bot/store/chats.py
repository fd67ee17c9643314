"""Repository functions for subscribers: chats, their topics, keywords and settings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from bot.store.models import Chat, ChatKind, Delivery, DeliveryStatus, Keyword, Subscription

MAX_KEYWORDS_PER_CHAT = 50
DIGEST_LEASE = timedelta(minutes=10)
"""How long a claimed digest is left to its sender (a batch of them takes seconds)."""


class KeywordLimitReached(Exception):
    pass


def ensure_chat(
    session: Session,
    chat_id: int,
    kind: ChatKind,
    title: str | None = None,
    *,
    ui_lang: str | None = None,
) -> Chat:
    """The chat's row, created on first contact (in `ui_lang`) and re-activated if it had left.

    Safe when two updates of a new chat arrive together (/start and /subscribe sent at
    once): the row is inserted only if absent, so neither of them fails.
    """
    new = Chat(id=chat_id, kind=kind, title=title)
    if ui_lang is not None:
        new.ui_lang = ui_lang
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(Chat).values(new.model_dump()).on_conflict_do_nothing())
    chat = session.get(Chat, chat_id, populate_existing=True)
    assert chat is not None
    if not chat.active:
        chat.active, chat.deactivated_reason = True, None
    if title:
        chat.title = title
    session.add(chat)
    session.flush()
    return chat


def topics_of(session: Session, chat_id: int) -> set[str]:
    query = select(Subscription.topic_id).where(Subscription.chat_id == chat_id)
    return set(session.exec(query).all())


def set_topic(session: Session, chat_id: int, topic_id: str, subscribed: bool) -> bool:
    """Subscribe or unsubscribe; True when something changed."""
    existing = session.get(Subscription, (chat_id, topic_id))
    if subscribed and existing is None:
        session.add(Subscription(chat_id=chat_id, topic_id=topic_id))
        return True
    if not subscribed and existing is not None:
        session.delete(existing)
        return True
    return False


def keywords_of(session: Session, chat_id: int) -> list[Keyword]:
    query = select(Keyword).where(Keyword.chat_id == chat_id).order_by(col(Keyword.id))
    return list(session.exec(query).all())


def add_keyword(session: Session, chat_id: int, text: str, normalized: str) -> Keyword | None:
    """The new keyword, or None when the chat already has it."""
    mine = keywords_of(session, chat_id)
    if any(k.normalized == normalized for k in mine):
        return None
    if len(mine) >= MAX_KEYWORDS_PER_CHAT:
        raise KeywordLimitReached
    keyword = Keyword(chat_id=chat_id, text=text, normalized=normalized)
    session.add(keyword)
    session.flush()
    return keyword


def find_keyword(session: Session, chat_id: int, normalized: str) -> Keyword | None:
    query = select(Keyword).where(Keyword.chat_id == chat_id, Keyword.normalized == normalized)
    return session.exec(query).first()


def remove_keyword(session: Session, chat_id: int, normalized: str) -> Keyword | None:
    query = select(Keyword).where(Keyword.chat_id == chat_id, Keyword.normalized == normalized)
    keyword = session.exec(query).first()
    if keyword is not None:
        session.delete(keyword)
    return keyword


def all_keywords(session: Session) -> list[Keyword]:
    """Keywords of active chats: what the matcher loads at start."""
    query = select(Keyword).join(Chat).where(col(Chat.active).is_(True))
    return list(session.exec(query).all())


def forget_chat(session: Session, chat_id: int) -> list[int]:
    """Delete everything we keep about a chat (/stop); the ids of its removed keywords."""
    keyword_ids = [k.id for k in keywords_of(session, chat_id) if k.id is not None]
    session.execute(delete(Delivery).where(col(Delivery.chat_id) == chat_id))
    session.execute(delete(Keyword).where(col(Keyword.chat_id) == chat_id))
    session.execute(delete(Subscription).where(col(Subscription.chat_id) == chat_id))
    session.execute(delete(Chat).where(col(Chat.id) == chat_id))
    return keyword_ids


def deactivate_chat(session: Session, chat_id: int, reason: str) -> int:
    """Stop sending to a chat (blocked, kicked, not found); its pending alerts are dropped."""
    chat = session.get(Chat, chat_id)
    if chat is not None:
        chat.active, chat.deactivated_reason = False, reason[:200]
        session.add(chat)
    result = session.execute(
        update(Delivery)
        .where(col(Delivery.chat_id) == chat_id)
        .where(col(Delivery.status).in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]))
        .values(status=DeliveryStatus.DROPPED, error=reason[:300])
    )
    return int(getattr(result, "rowcount", 0) or 0)


def migrate_chat(session: Session, old_id: int, new_id: int) -> None:
    """A group became a supergroup: everything of the old chat moves to the new id.

    The supergroup may already have a row (the bot saw a message from it first): then
    the old chat's topics, keywords and alerts are merged into it, never duplicated.
    """
    old = session.get(Chat, old_id)
    if old is None:
        return
    if session.get(Chat, new_id) is None:
        fields = old.model_dump(exclude={"id"})
        session.add(Chat(id=new_id, **{**fields, "kind": ChatKind.SUPERGROUP}))
        session.flush()
    has_topic = select(Subscription.topic_id).where(col(Subscription.chat_id) == new_id)
    has_keyword = select(Keyword.normalized).where(col(Keyword.chat_id) == new_id)
    has_item = select(Delivery.item_id).where(col(Delivery.chat_id) == new_id)
    for table, column, taken in (
        (Subscription, Subscription.topic_id, has_topic),
        (Keyword, Keyword.normalized, has_keyword),
        (Delivery, Delivery.item_id, has_item),
    ):
        session.execute(
            update(table)
            .where(col(table.chat_id) == old_id, col(column).not_in(taken))
            .values(chat_id=new_id)
        )
    for table in (Delivery, Keyword, Subscription):  # what the new chat already had
        session.execute(delete(table).where(col(table.chat_id) == old_id))
    session.execute(delete(Chat).where(col(Chat.id) == old_id))


def active_chat_count(session: Session) -> int:
    query = select(func.count()).select_from(Chat).where(col(Chat.active).is_(True))
    return int(session.exec(query).one())


def subscriber_count(session: Session) -> int:
    """Active chats with at least one topic or keyword."""
    with_topics = select(Subscription.chat_id)
    with_keywords = select(Keyword.chat_id)
    query = (
        select(func.count())
        .select_from(Chat)
        .where(col(Chat.active).is_(True))
        .where(col(Chat.id).in_(with_topics.union(with_keywords)))
    )
    return int(session.exec(query).one())


def claim_due_digests(
    session: Session, now: datetime, limit: int, lease: timedelta = DIGEST_LEASE
) -> Sequence[Chat]:
    """Up to `limit` chats whose daily digest is due, claimed: their `next_digest_at`
    moves to `now + lease`, so no other process sends the same digest meanwhile.

    Sending records the next slot (`record_digest_sent`); a digest that could not be
    sent is given back (`give_back_digest`).  PostgreSQL: FOR UPDATE SKIP LOCKED lets
    several processes claim at once; SQLite: one atomic UPDATE … RETURNING.
    """
    due = (
        select(Chat.id)
        .where(col(Chat.active).is_(True))
        .where(col(Chat.next_digest_at).is_not(None))
        .where(col(Chat.next_digest_at) <= now)
        .order_by(col(Chat.next_digest_at))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return session.scalars(
        update(Chat)
        .where(col(Chat.id).in_(due.scalar_subquery()))
        .values(next_digest_at=now + lease)
        .returning(Chat),
        execution_options={"synchronize_session": False},
    ).all()


def give_back_digest(session: Session, chat_id: int, due_at: datetime) -> None:
    """A claimed digest was not sent: it is due again (from `due_at`)."""
    session.execute(update(Chat).where(col(Chat.id) == chat_id).values(next_digest_at=due_at))


def chats_entering_quiet(session: Session, now: datetime) -> Sequence[Chat]:
    """Active chats whose next quiet period has begun (`Chat.next_quiet_at` has come)."""
    query = (
        select(Chat)
        .where(col(Chat.active).is_(True))
        .where(col(Chat.next_quiet_at).is_not(None))
        .where(col(Chat.next_quiet_at) <= now)
    )
    return session.exec(query).all()


def get_chat(session: Session, chat_id: int) -> Chat | None:
    return session.get(Chat, chat_id)


def update_chat(session: Session, chat_id: int, **values: object) -> None:
    """Change some of a chat's preferences (only those named: nothing else is touched)."""
    session.execute(update(Chat).where(col(Chat.id) == chat_id).values(**values))


def end_mute(session: Session, chat_id: int, now: datetime) -> None:
    """A mute that has run out is cleared (alerts held by it have just been sent)."""
    session.execute(
        update(Chat)
        .where(col(Chat.id) == chat_id, col(Chat.muted_until).is_not(None))
        .where(col(Chat.muted_until) <= now)
        .values(muted_until=None)
    )


def record_digest_sent(
    session: Session, chat_id: int, now: datetime, next_at: datetime | None
) -> None:
    session.execute(
        update(Chat)
        .where(col(Chat.id) == chat_id)
        .values(last_digest_at=now, next_digest_at=next_at)
    )


def channels(session: Session) -> list[Chat]:
    """Every linked channel, by id."""
    query = select(Chat).where(col(Chat.kind) == ChatKind.CHANNEL).order_by(col(Chat.id))
    return list(session.exec(query).all())


def find_channel(session: Session, given: str) -> Chat | None:
    """The linked channel named by its id or its @username / title (case ignored)."""
    value = given.lstrip("@").lower()
    for chat in channels(session):
        if str(chat.id) == value or (chat.title or "").lstrip("@").lower() == value:
            return chat
    return None


def set_last_digest(session: Session, chat_id: int, at: datetime) -> None:
    """The chat has read what happened until `at` (the next /digest starts there)."""
    session.execute(update(Chat).where(col(Chat.id) == chat_id).values(last_digest_at=at))


def keyword_fingerprint(session: Session) -> tuple[int, int]:
    """(how many keywords, the newest id): changes whenever a keyword is added or removed."""
    count, newest = session.exec(select(func.count(), func.max(Keyword.id))).one()
    return int(count), int(newest or 0)


def keyword_terms(session: Session) -> dict[int, str]:
    """Every keyword's id and the form the matcher uses."""
    rows = session.exec(select(Keyword.id, Keyword.normalized)).all()
    return {keyword_id: normalized for keyword_id, normalized in rows if keyword_id is not None}
