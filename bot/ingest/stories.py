"""Filing new items into stories, with the in-memory clusterer as a cache of the database.

The clusterer (`bot.stories.clustering`, pure) decides which story an item joins.  Here it
is kept equal to what the database holds, whichever process stored the items:

- before filing, it catches up on the items stored since it last looked (by another poll
  process, say), in the order they were stored, so stories keep folding across processes
  (baseline items are never filed, so never replayed either);
- the poller files items under one lock across processes (`store.items.lock_for_filing`),
  so every process sees them in the same order and reaches the same stories;
- when a poll's transaction is rolled back, the clusterer may hold items that were never
  stored: it is dropped and rebuilt from the database on the next call.

A story's id is its lead item's id, so replaying the stored items rebuilds the same stories
after a restart.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from bot.clock import Clock
from bot.domain import Item
from bot.store.items import StoredItem, items_between, set_story
from bot.stories.clustering import StoryClusterer, StoryInput

STORY_WINDOW = timedelta(hours=48)


def story_input(item_id: int, outlet: str, item: Item) -> StoryInput:
    return StoryInput(
        id=str(item_id),
        lang=item.lang,
        source=outlet,
        published=item.published,
        title=item.title,
        summary=item.summary,
    )


class StoryFiling:
    def __init__(self, clock: Clock, window: timedelta = STORY_WINDOW) -> None:
        self._clock = clock
        self._window = window
        self._clusterer: StoryClusterer | None = None
        self._seen_up_to = 0
        """The newest stored item the clusterer has been given."""

    def file(self, session: Session, outlet: str, stored: StoredItem) -> tuple[int, bool]:
        """The story `stored` joins (its lead item's id) and whether it starts one."""
        clusterer = self._catch_up(session, before=stored.id)
        assignment = clusterer.add(story_input(stored.id, outlet, stored.item))
        self._seen_up_to = max(self._seen_up_to, stored.id)
        story_id = int(assignment.story_id)
        set_story(session, stored.id, story_id)
        return story_id, assignment.is_new_story

    def forget(self) -> None:
        """The transaction of the last filing was rolled back: rebuild from the database."""
        self._clusterer, self._seen_up_to = None, 0

    def _catch_up(self, session: Session, before: int) -> StoryClusterer:
        if self._clusterer is None:
            self._clusterer = StoryClusterer(window=self._window)
        since = self._clock() - self._window
        for stored in items_between(session, self._seen_up_to, before, since):
            self._clusterer.add(story_input(stored.id, stored.outlet, stored.item))
            self._seen_up_to = stored.id
        return self._clusterer
