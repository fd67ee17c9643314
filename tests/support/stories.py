"""Story items for the grouping tests, built from plain values."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.stories.clustering import StoryInput


def story_item(
    id: str,
    title: str,
    summary: str = "",
    *,
    at: datetime,
    hours: float = 0,
    lang: str = "en",
    source: str = "",
) -> StoryInput:
    """An item published `hours` after `at`, by its own outlet unless `source` names one."""
    return StoryInput(
        id, lang, source or f"outlet-{id}", at + timedelta(hours=hours), title, summary
    )
