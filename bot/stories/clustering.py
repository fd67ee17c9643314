"""Group news items that report the same development into stories, in a sliding window.

How an item finds its story (each step costs the same however many items are stored):

1. **Features** (`bot.stories.features.extract`): lemmas, entities, concepts, names,
   figures with what they count, dates, and flags (handover, preview, rebuttal).
2. **Candidates from an inverted index**, never a scan of the store: the item's
   `QUERY_KEYS` rarest keys each name a posting list of the `POSTING_LIMIT` most recent
   items that carry the key; the `MAX_CANDIDATES` items sharing the most rarity with the
   new one are verified.  Rare keys (a name, a figure, a rare word) find the reports of
   the same development in any language; common ones ("Ukraine", "talks") are never
   looked up.
3. **Verification** (`bot.stories.similarity.score`): the spec's vetoes, then a cosine
   similarity weighted by rarity, against a threshold that rises with the time apart.
4. The item joins the story whose candidates score highest on average — a member that
   vetoes the item or falls short pulls its story down, so one close headline in a story
   about something else does not win over a story whose every report agrees — if at
   least half of that story's candidates take it (`AGREEMENT`) and the story began at
   most `MAX_STORY_SPAN` earlier; with none, it leads a new story.
   Stories never merge, so one round-up article cannot chain two developments together.

Rarity is the inverse document frequency of a key among the items in the window, kept up
to date on every insert and eviction.  Items older than `window` relative to the newest
publication time seen are evicted, with their index entries; a story disappears once all
its items are evicted.

Precision over recall: a wrong merge hides a development from a subscriber who reads
only the first item of a story; a wrong split costs a second alert.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.stories.features import Features, extract
from bot.stories.similarity import day_vetoed, lead_excludes, score

QUERY_KEYS = 32
"""The new item's rarest keys that are looked up in the index.  Ranking candidates by the
rarity they share over 32 keys rather than 16 finds more of each open story's reports, so
the story's verdict (`AGREEMENT`) rests on more of them: held out over five folds of the
tuning streams 33 fewer wrong merges for 56 fewer found, and laid over one another, as
busy as a full window, 159 fewer wrong merges and 95 more found (docs/stories.md, round
24)."""
POSTING_LIMIT = 32
"""Each key remembers only the items that carried it most recently."""
MAX_CANDIDATES = 48
"""Stored items verified per insert, whatever the store size."""
MAX_STORY_SPAN = timedelta(hours=54)
"""A story takes no item published this long after its first (the spec's longest story,
a three-day shuttle round, spans 53 hours)."""
RARITY_PRIOR = 50
"""Pseudo-items added to the window's size in the rarity formula, so that a nearly empty
window (just after a start) does not make every key look rare."""
AGREEMENT = 0.5
"""Share of a story's compared members that must take an item for it to join.  One close
report is not enough when the story's other reports veto the item or fall short: on a busy
day the item is usually a neighbouring development by the same actors (Putin's truce
order the afternoon of Patriarch Kirill's call for one), and joining would hide it."""
CALENDAR = UTC
"""Whose calendar day counts for "published on an earlier day" and "handover day": UTC,
the day a report's timestamp shows; Kyiv's midnight would cut the evening reports of a
meeting in Washington or Florida from their event."""


@dataclass(frozen=True, slots=True)
class StoryInput:
    """One item as the clusterer sees it."""

    id: str
    lang: str | None
    source: str
    published: datetime
    """Timezone-aware (UTC)."""
    title: str
    summary: str

    def __post_init__(self) -> None:
        if self.published.tzinfo is None or self.published.utcoffset() is None:
            raise ValueError(f"item {self.id!r}: published must be timezone-aware")


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    story_id: str
    """The id of the story's lead (first) item."""
    is_new_story: bool
    similarity: float
    """Score against the best-matching item of the story; 0 for a new story."""


@dataclass(frozen=True, slots=True)
class Story:
    story_id: str
    lead_id: str
    member_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    """Distinct sources, in the order they first carried the story."""
    outlet_first_seen: tuple[datetime, ...]
    """When each outlet in `outlets` first carried it (feed `is_breaking` with this)."""
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class Comparison:
    """A new item and a stored one, the earlier of the two first."""

    seq: int
    stored_id: str
    story_id: str
    first: Features
    second: Features
    apart: timedelta
    days_apart: int


@dataclass(slots=True)
class _Entry:
    """What the clusterer keeps of a stored item (not its text: features suffice)."""

    seq: int
    id: str
    published: datetime
    features: Features
    assignment: StoryAssignment


@dataclass(slots=True)
class _StoryState:
    lead_id: str
    lead_features: Features
    members: list[str]
    outlets: dict[str, datetime]
    first_seen: datetime
    last_seen: datetime
    live: int = 0
    previewed_on: datetime | None = None
    """The first calendar day a member previewed the event (rule 2): from the next day on,
    the story is the announcement, and the event is a story of its own — the lead may be
    the delegation waiting at the venue, with the preview joining it that day."""


class StoryClusterer:
    """Online story clustering; feed items in (roughly) publication order with `add`."""

    def __init__(self, window: timedelta = timedelta(hours=48)) -> None:
        if window <= timedelta(0):
            raise ValueError("window must be positive")
        self.window = window
        self._seq = 0
        self._entries: dict[int, _Entry] = {}
        self._order: deque[int] = deque()
        self._by_id: dict[str, int] = {}
        self._postings: dict[str, deque[int]] = {}
        self._df: Counter[str] = Counter()
        self._stories: dict[str, _StoryState] = {}
        self._newest: datetime | None = None
        self.last_candidates = 0
        """How many stored items the last `add` verified (at most MAX_CANDIDATES)."""

    def __len__(self) -> int:
        """Items currently stored (inside the window)."""
        return len(self._entries)

    @property
    def story_count(self) -> int:
        return len(self._stories)

    def rarity(self, key: str) -> float:
        """Inverse document frequency of `key` among the stored items (smoothed)."""
        return math.log((len(self._entries) + RARITY_PRIOR) / (self._df[key] + 1))

    def add(self, item: StoryInput) -> StoryAssignment:
        """File one item and say which story it belongs to.

        Adding an id that is still stored returns its original assignment unchanged.
        """
        known = self._by_id.get(item.id)
        if known is not None:
            return self._entries[known].assignment
        self._advance(item.published)
        features = extract(item.title, item.summary, item.lang, _day(item.published).date())
        best_story, best_score = self._best_match(features, item.published)
        if best_story is None:
            assignment = StoryAssignment(item.id, True, 0.0)
            self._stories[item.id] = _StoryState(
                lead_id=item.id,
                lead_features=features,
                members=[],
                outlets={},
                first_seen=item.published,
                last_seen=item.published,
            )
        else:
            assignment = StoryAssignment(best_story, False, best_score)
        self._store(item, features, assignment)
        return assignment

    def story(self, story_id: str) -> Story | None:
        """A snapshot of a story still in the window, else None."""
        state = self._stories.get(story_id)
        if state is None:
            return None
        return Story(
            story_id=story_id,
            lead_id=state.lead_id,
            member_ids=tuple(state.members),
            outlets=tuple(state.outlets),
            outlet_first_seen=tuple(state.outlets.values()),
            first_seen=state.first_seen,
            last_seen=state.last_seen,
        )

    def stories(self) -> list[Story]:
        """Snapshots of every story in the window, oldest lead first."""
        return [s for s in (self.story(sid) for sid in self._stories) if s is not None]

    def _candidates(self, features: Features) -> list[int]:
        """Stored items sharing the most rarity with `features`, through the rarest keys."""
        rarity = {key: self.rarity(key) for key in features.terms if key in self._postings}
        query = sorted(rarity, key=lambda k: (-rarity[k], k))[:QUERY_KEYS]
        shared: dict[int, float] = {}
        for key in query:
            for seq in self._postings[key]:
                shared[seq] = shared.get(seq, 0.0) + rarity[key]
        ranked = sorted(shared.items(), key=lambda hit: (-hit[1], hit[0]))[:MAX_CANDIDATES]
        return [seq for seq, _ in ranked]

    def comparisons(self, item: StoryInput) -> list[Comparison]:
        """The pairs `add` would weigh for `item`, without filing it (for fitting the
        same-story model on labelled streams: `bot.stories.fit`)."""
        self._advance(item.published)
        features = extract(item.title, item.summary, item.lang, _day(item.published).date())
        return list(self._comparisons(features, item.published))

    def _comparisons(self, features: Features, published: datetime) -> Iterator[Comparison]:
        """The new item against each retrieved item whose story is still open to it."""
        candidates = self._candidates(features)
        self.last_candidates = len(candidates)
        day = _day(published)
        for seq in candidates:
            entry = self._entries.get(seq)
            if entry is None:
                continue
            story_id = entry.assignment.story_id
            state = self._stories.get(story_id)
            if state is None or not self._open_to(state, features, published, day):
                continue
            first, second = entry.features, features
            days_apart = (day - _day(entry.published)).days
            apart = published - entry.published
            if apart < timedelta(0):
                first, second, apart, days_apart = features, entry.features, -apart, -days_apart
            yield Comparison(seq, entry.id, story_id, first, second, apart, days_apart)

    def _best_match(self, features: Features, published: datetime) -> tuple[str | None, float]:
        scores: dict[str, list[tuple[float, int]]] = {}
        for pair in self._comparisons(features, published):
            value = score(pair.first, pair.second, pair.apart, pair.days_apart, self.rarity)
            scores.setdefault(pair.story_id, []).append((value, pair.seq))
        return choose_story(scores)

    def _open_to(
        self, state: _StoryState, features: Features, published: datetime, day: datetime
    ) -> bool:
        """Whether a story still takes an item: not past `MAX_STORY_SPAN`, not a story led by
        a preview or a handover on an earlier day (its later members may read like the event
        itself), and not one with a member previewing the event on an earlier day."""
        if published - state.first_seen > MAX_STORY_SPAN:
            return False
        days_apart = (day - _day(state.first_seen)).days
        if days_apart >= 2 and not _round_goes_on(state.lead_features, features):
            return False
        apart = published - state.first_seen
        lead = state.lead_features
        return not (
            day_vetoed(lead, features, apart, days_apart)
            or lead_excludes(lead, features, apart, days_apart)
            or (state.previewed_on is not None and state.previewed_on < day)
        )

    def _store(self, item: StoryInput, features: Features, assignment: StoryAssignment) -> None:
        seq = self._seq
        self._seq += 1
        self._entries[seq] = _Entry(seq, item.id, item.published, features, assignment)
        self._order.append(seq)
        self._by_id[item.id] = seq
        for key in features.terms:
            self._df[key] += 1
            posting = self._postings.get(key)
            if posting is None:
                self._postings[key] = deque((seq,), maxlen=POSTING_LIMIT)
            else:
                posting.append(seq)
        state = self._stories[assignment.story_id]
        state.members.append(item.id)
        state.outlets.setdefault(item.source, item.published)
        if item.published < state.outlets[item.source]:
            state.outlets[item.source] = item.published
        state.first_seen = min(state.first_seen, item.published)
        state.last_seen = max(state.last_seen, item.published)
        state.live += 1
        if features.preview and not features.talks_resume:
            day = _day(item.published)
            if state.previewed_on is None or day < state.previewed_on:
                state.previewed_on = day

    def _advance(self, published: datetime) -> None:
        if self._newest is None or published > self._newest:
            self._newest = published
        cutoff = self._newest - self.window
        while self._order:
            entry = self._entries[self._order[0]]
            if entry.published >= cutoff:
                break
            self._order.popleft()
            self._evict(entry)

    def _evict(self, entry: _Entry) -> None:
        del self._entries[entry.seq]
        del self._by_id[entry.id]
        for key in entry.features.terms:
            self._df[key] -= 1
            if not self._df[key]:
                del self._df[key]
            posting = self._postings.get(key)
            if posting is None:
                continue
            while posting and posting[0] not in self._entries:
                posting.popleft()
            if not posting:
                del self._postings[key]
        state = self._stories.get(entry.assignment.story_id)
        if state is not None:
            state.live -= 1
            if state.live <= 0:
                del self._stories[entry.assignment.story_id]


def choose_story(scores: dict[str, list[tuple[float, int]]]) -> tuple[str | None, float]:
    """The story an item joins, and its best member's score; (None, 0.0) for a new story.

    `scores` gives each open story's retrieved members as (score, sequence number).  A
    story qualifies when at least one member, and at least the share `AGREEMENT` of them,
    score above zero; among those, the highest mean wins — a member that vetoes the item
    or falls short (score 0) pulls its story down — and ties go to the story with the
    earliest best member.
    """
    best: tuple[str | None, float, float, int] = (None, 0.0, 0.0, 0)
    for story_id, members in scores.items():
        agreeing = sum(1 for value, _ in members if value > 0)
        if not agreeing or agreeing < AGREEMENT * len(members):
            continue
        top, seq = max(members, key=lambda member: (member[0], -member[1]))
        mean = sum(value for value, _ in members) / len(members)
        if mean > best[2] or (mean == best[2] and seq < best[3]):
            best = (story_id, top, mean, seq)
    return best[0], best[1]


def _round_goes_on(lead: Features, item: Features) -> bool:
    """Whether a story two calendar days old takes `item`: only a story led by talks, a
    meeting or a summit (the spec's three-day shuttle rounds), and only for its own
    reports — not a preview of the next round, nor a dismissal or a statement by someone
    the lead does not name (rule 5: a later day's statement by an outsider is new)."""
    if not (lead.meeting or lead.venues) or item.preview or item.rebuttal:
        return False
    return not item.speakers - lead.terms.keys()


def _day(moment: datetime) -> datetime:
    """Midnight of the calendar day (in `CALENDAR`) that `moment` falls on."""
    local = moment.astimezone(CALENDAR)
    return local.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
