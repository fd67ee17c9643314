"""Items filed straight into the store, as the pipeline leaves them: an outlet's report,
first seen at a given moment and filed into a story — for tests of what the outbox does
with stories (edits, quiet hours, source kinds) without running the poller."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import select

from bot.domain import SourceKind
from bot.store.db import transaction
from bot.store.items import set_story
from bot.store.models import Feed, Item


def file_report(
    engine: Engine,
    outlet: str,
    title: str,
    seen: datetime,
    story: int | None = None,
    *,
    summary: str = "",
    kind: SourceKind | None = None,
) -> int:
    """The id of a new item of `outlet` published and first seen at `seen`, filed into
    `story` (a story of its own when None).  The outlet's feed is made on its first
    report, of `kind`."""
    host = outlet.replace(" ", "")
    with transaction(engine) as session:
        feed = session.exec(select(Feed).where(Feed.name == outlet)).first()
        if feed is None:
            feed = Feed(
                name=outlet,
                config_url=f"https://{host}.example/rss",
                url=f"https://{host}.example/rss",
                kind=kind,
                baseline_done=True,
            )
            session.add(feed)
            session.flush()
        key = f"{outlet}-{title}"
        item = Item(
            feed_id=feed.id or 0,
            key=key,
            link=f"https://{host}.example/{len(key)}",
            link_hash=key[:40],
            title=title,
            summary=summary,
            lang="en",
            content_hash=key[:32],
            published_at=seen,
            first_seen_at=seen,
        )
        session.add(item)
        session.flush()
        item_id = item.id or 0
        set_story(session, item_id, story if story is not None else item_id)
    return item_id
