"""Group news items that report the same event into stories, in a sliding time window.

How an item finds its story (each step costs the same however many items are stored):

1. **Features** (`bot.stories.entities.extract`): stemmed words plus language-independent
   features — gazetteer entities (Putin/Путін/Путин), numbers, a few concepts, name
   skeletons.
2. **Candidates from LSH buckets**, never a scan of the store:

   - MinHash over the item's feature set, 16 bands of 2 rows: items whose feature sets
     overlap (same-language near-duplicates and close paraphrases) share a band bucket;
   - an entity-pair index: every pair among the item's eight strongest language-independent
     features (at least one of them specific: a number, a name, an entity other than
     Putin/Trump/Kremlin…) is a bucket key, so an English and a Ukrainian item naming
     Witkoff and Dmitriev, or "314" and a prisoner exchange, meet.

   Every bucket keeps only its `BUCKET_LIMIT` most recent items, and at most
   `MAX_CANDIDATES` candidates (those sharing most buckets with the item) are verified.
3. **Verification** (`match_score`): the weighted Jaccard similarity of the full feature
   sets, or of the language-independent features alone (for cross-language pairs), must
   reach its threshold; the cross-language one rises with the time between the two items
   (0.40 at the same moment, 0.60 from 24 hours apart).  Vetoes: two items never match
   when both carry figures and share none, or both headlines carry figures found nowhere
   in the other item (390 vs 307 prisoners freed, both "in the 1,000-for-1,000 swap"); the
   same for venues (Geneva vs Abu Dhabi); or when both headlines name specific actors
   (people, organisations, regions other than venues) and neither item names the other's.
4. The item joins the story of its best-scoring candidate; with none, it leads a new story.
   Stories never merge, so one round-up article cannot chain two events together.

Items older than `window` relative to the newest publication time seen are evicted, with
their bucket entries; a story disappears once all its items are evicted.

Precision over recall: a wrongly merged story hides news, a split story only costs a
second alert.  See docs/stories.md for what is and is not caught.
"""

from __future__ import annotations

import hashlib
import struct
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations

from bot.stories.entities import Features, extract, is_specific, strongest, weighted_jaccard

TEXT_THRESHOLD = 0.25
"""Weighted Jaccard of all features (same-language paraphrase or near-duplicate)."""
INTERLINGUA_THRESHOLD_NEAR = 0.40
"""Weighted Jaccard of the language-independent features (cross-language) needed between
items published at the same time..."""
INTERLINGUA_THRESHOLD_FAR = 0.60
"""...rising linearly to this for items `THRESHOLD_RAMP` or more apart.  Outlets report an
event in a burst of a few hours; a day later the same names come back in reactions,
follow-ups and the next round, so a late match needs stronger evidence."""
THRESHOLD_RAMP = timedelta(hours=24)
MIN_SHARED_INTERLINGUA = 4.0
"""...and they must share at least this much weight: two specific entities, or one and a number."""

NUM_PERMUTATIONS = 32
BANDS = 16
ROWS = NUM_PERMUTATIONS // BANDS
PAIR_FEATURES = 8
BUCKET_LIMIT = 24
MAX_CANDIDATES = 48

_HASH_LAYOUT = struct.Struct(f"<{NUM_PERMUTATIONS}H")


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


@dataclass(slots=True)
class _Entry:
    """What the clusterer keeps of a stored item (not its text: features suffice)."""

    seq: int
    id: str
    published: datetime
    features: Features
    keys: tuple[int, ...]
    assignment: StoryAssignment


@dataclass(slots=True)
class _StoryState:
    lead_id: str
    members: list[str]
    outlets: dict[str, datetime]
    first_seen: datetime
    last_seen: datetime
    live: int = 0


def _facts_conflict(
    title_a: frozenset[str], all_a: frozenset[str], title_b: frozenset[str], all_b: frozenset[str]
) -> bool:
    """Both items state facts of one kind (figures, venues) that cannot be the same event's.

    Conflict when both carry such facts and share none, or when both headlines carry such
    facts and neither headline's appear in the other item ("390 prisoners" vs "307
    soldiers" in the headlines, both mentioning the 1,000-for-1,000 deal below).
    """
    if not all_a or not all_b:
        return False
    if not all_a & all_b:
        return True
    return bool(title_a and title_b and not (title_a & all_b) and not (title_b & all_a))


def numbers_conflict(a: Features, b: Features) -> bool:
    """Different figures: "390 prisoners freed" vs an item about 307 prisoners."""
    return _facts_conflict(a.title_numbers, a.numbers, b.title_numbers, b.numbers)


def venues_conflict(a: Features, b: Features) -> bool:
    """Different venues: talks in Geneva vs talks in Abu Dhabi."""
    return _facts_conflict(a.title_venues, a.venues, b.title_venues, b.venues)


def entities_conflict(a: Features, b: Features) -> bool:
    """Both headlines name specific actors and neither item names the other's.

    "Witkoff says talks with Rutte in Miami were constructive" and "Sybiha says talks with
    Ushakov in Berlin were constructive" read alike but are two events.
    """
    return bool(
        a.title_entities
        and b.title_entities
        and not (a.title_entities & b.entities)
        and not (b.title_entities & a.entities)
    )


def interlingua_threshold(apart: timedelta) -> float:
    """The cross-language threshold for two items published `apart` from each other."""
    ramp = min(abs(apart) / THRESHOLD_RAMP, 1.0)
    return (
        INTERLINGUA_THRESHOLD_NEAR + (INTERLINGUA_THRESHOLD_FAR - INTERLINGUA_THRESHOLD_NEAR) * ramp
    )


def match_score(a: Features, b: Features, apart: timedelta = timedelta(0)) -> float:
    """How surely two items published `apart` report the same event: 0 when they do not."""
    if numbers_conflict(a, b) or venues_conflict(a, b) or entities_conflict(a, b):
        return 0.0
    score = 0.0
    text, _ = weighted_jaccard(a.all, b.all, a.all_weight, b.all_weight)
    if text >= TEXT_THRESHOLD:
        score = text
    inter, shared = weighted_jaccard(a.interlingua, b.interlingua, a.inter_weight, b.inter_weight)
    if inter >= interlingua_threshold(apart) and shared >= MIN_SHARED_INTERLINGUA:
        score = max(score, inter)
    return round(score, 4)


def minhash(features: Iterable[str]) -> tuple[int, ...]:
    """MinHash signature: NUM_PERMUTATIONS 16-bit minima.

    One 64-byte BLAKE2b digest per feature gives 32 independent 16-bit hash values; the
    signature is their column-wise minimum over the item's features.
    """
    rows = [
        _HASH_LAYOUT.unpack(hashlib.blake2b(f.encode(), digest_size=64).digest()) for f in features
    ]
    if not rows:
        return ()
    return tuple(map(min, zip(*rows, strict=True)))


def bucket_keys(features: Features) -> tuple[int, ...]:
    """The LSH band keys and entity-pair keys an item is filed under, as integers.

    A band key packs the band number and its 16-bit MinHash values; a pair key is the hash
    of the two feature names.  Integers keep the index small; a rare collision between keys
    only adds a candidate, which verification then rejects.
    """
    keys: list[int] = []
    signature = minhash(features.all)
    if signature:
        for band in range(BANDS):
            key = band + 1
            for value in signature[band * ROWS : (band + 1) * ROWS]:
                key = (key << 16) | value
            keys.append(key)
    strong = strongest(features.interlingua, PAIR_FEATURES)
    for x, y in combinations(sorted(strong), 2):
        if is_specific(x) or is_specific(y):
            keys.append(-_pair_hash(x, y))
    return tuple(keys)


def _pair_hash(x: str, y: str) -> int:
    """Stable across processes (unlike hash()), so bucket contents never depend on the run."""
    digest = hashlib.blake2b(f"{x}\x00{y}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") | 1


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
        self._buckets: dict[int, list[int]] = {}
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

    def add(self, item: StoryInput) -> StoryAssignment:
        """File one item and say which story it belongs to.

        Adding an id that is still stored returns its original assignment unchanged.
        """
        known = self._by_id.get(item.id)
        if known is not None:
            return self._entries[known].assignment
        self._advance(item.published)
        features = extract(item.title, item.summary)
        keys = bucket_keys(features)
        best_story, best_score = self._best_match(features, keys, item.published)
        if best_story is None:
            assignment = StoryAssignment(item.id, True, 0.0)
            self._stories[item.id] = _StoryState(
                lead_id=item.id,
                members=[],
                outlets={},
                first_seen=item.published,
                last_seen=item.published,
            )
        else:
            assignment = StoryAssignment(best_story, False, best_score)
        self._store(item, features, keys, assignment)
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

    def _best_match(
        self, features: Features, keys: tuple[int, ...], published: datetime
    ) -> tuple[str | None, float]:
        hits: Counter[int] = Counter()
        for key in keys:
            bucket = self._buckets.get(key)
            if bucket:
                hits.update(bucket)
        ranked = hits.most_common(MAX_CANDIDATES)
        self.last_candidates = len(ranked)
        best: tuple[str | None, float, int] = (None, 0.0, 0)
        for seq, _ in ranked:
            entry = self._entries.get(seq)
            if entry is None:
                continue
            score = match_score(features, entry.features, published - entry.published)
            if score <= 0.0:
                continue
            story_id = entry.assignment.story_id
            if story_id not in self._stories:
                continue
            if score > best[1] or (score == best[1] and seq < best[2]):
                best = (story_id, score, seq)
        return best[0], best[1]

    def _store(
        self,
        item: StoryInput,
        features: Features,
        keys: tuple[int, ...],
        assignment: StoryAssignment,
    ) -> None:
        seq = self._seq
        self._seq += 1
        self._entries[seq] = _Entry(seq, item.id, item.published, features, keys, assignment)
        self._order.append(seq)
        self._by_id[item.id] = seq
        for key in keys:
            bucket = self._buckets.get(key)
            if bucket is None:
                self._buckets[key] = [seq]
            else:
                bucket.append(seq)
                if len(bucket) > BUCKET_LIMIT:
                    del bucket[0]
        state = self._stories[assignment.story_id]
        state.members.append(item.id)
        state.outlets.setdefault(item.source, item.published)
        if item.published < state.outlets[item.source]:
            state.outlets[item.source] = item.published
        state.first_seen = min(state.first_seen, item.published)
        state.last_seen = max(state.last_seen, item.published)
        state.live += 1

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
        for key in entry.keys:
            bucket = self._buckets.get(key)
            if bucket is None:
                continue
            stale = 0
            while stale < len(bucket) and bucket[stale] not in self._entries:
                stale += 1
            if stale == len(bucket):
                del self._buckets[key]
            elif stale:
                del bucket[:stale]
        state = self._stories.get(entry.assignment.story_id)
        if state is not None:
            state.live -= 1
            if state.live <= 0:
                del self._stories[entry.assignment.story_id]
