"""Precision and recall of "same story" over labelled pairs (pure: lines in, figures out).

Each pair is run through a fresh `StoryClusterer`, the earlier item first; the clusterer
says "same story" when the second item joins the first item's story.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.stories.clustering import StoryClusterer, StoryInput


@dataclass(frozen=True, slots=True)
class LabelledPair:
    a: StoryInput
    b: StoryInput
    same: bool
    kind: str
    """e.g. "cross-language en-uk" or "hard: same-language"."""
    note: str = ""
    events: tuple[str, str] | None = None
    """The event each item reports, when the file says (used by `evaluate_stream`)."""


@dataclass(frozen=True, slots=True)
class PairOutcome:
    pair: LabelledPair
    predicted_same: bool
    similarity: float


class _PrecisionRecall:
    """Precision and recall from true positives, false positives and false negatives."""

    __slots__ = ()
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0


@dataclass(frozen=True, slots=True)
class PairScores(_PrecisionRecall):
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int
    outcomes: tuple[PairOutcome, ...] = field(repr=False)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """kind -> (pairs judged correctly, pairs)."""
        out: dict[str, tuple[int, int]] = {}
        for outcome in self.outcomes:
            right, total = out.get(outcome.pair.kind, (0, 0))
            correct = outcome.predicted_same == outcome.pair.same
            out[outcome.pair.kind] = (right + correct, total + 1)
        return dict(sorted(out.items()))

    def summary(self) -> str:
        lines = [
            f"pairs: {len(self.outcomes)} "
            f"(same {self.true_positives + self.false_negatives}, "
            f"different {self.false_positives + self.true_negatives})",
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"(TP {self.true_positives}, FP {self.false_positives}, "
            f"FN {self.false_negatives}, TN {self.true_negatives})",
        ]
        for kind, (right, total) in self.by_kind().items():
            lines.append(f"  {kind:<34} {right:>4}/{total:<4} correct")
        return "\n".join(lines)


def _item(raw: dict[str, object]) -> StoryInput:
    published = datetime.fromisoformat(str(raw["published"]))
    lang = raw.get("lang")
    return StoryInput(
        id=str(raw["id"]),
        lang=str(lang) if lang is not None else None,
        source=str(raw["source"]),
        published=published,
        title=str(raw["title"]),
        summary=str(raw.get("summary") or ""),
    )


def parse_pairs(lines: Iterable[str]) -> list[LabelledPair]:
    """Pairs from JSON lines: {"a": item, "b": item, "same": bool, "kind": str, "note": str}."""
    pairs = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            pairs.append(
                LabelledPair(
                    a=_item(raw["a"]),
                    b=_item(raw["b"]),
                    same=bool(raw["same"]),
                    kind=str(raw.get("kind", "")),
                    note=str(raw.get("note", "")),
                    events=(str(raw["events"][0]), str(raw["events"][1]))
                    if "events" in raw
                    else None,
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"pair line {number}: {exc}") from exc
    return pairs


def evaluate_pairs(
    pairs: Iterable[LabelledPair], window: timedelta = timedelta(hours=48)
) -> PairScores:
    """Run each pair through a fresh clusterer (earlier item first) and count the outcomes."""
    tp = fp = fn = tn = 0
    outcomes = []
    for pair in pairs:
        first, second = sorted((pair.a, pair.b), key=lambda item: item.published)
        clusterer = StoryClusterer(window)
        lead = clusterer.add(first)
        follow = clusterer.add(second)
        predicted = follow.story_id == lead.story_id
        outcomes.append(PairOutcome(pair, predicted, follow.similarity))
        if predicted and pair.same:
            tp += 1
        elif predicted:
            fp += 1
        elif pair.same:
            fn += 1
        else:
            tn += 1
    return PairScores(tp, fp, fn, tn, tuple(outcomes))


@dataclass(frozen=True, slots=True)
class StreamScores(_PrecisionRecall):
    """Pairwise precision/recall when every labelled item goes through one clusterer."""

    items: int
    events: int
    stories: int
    true_positives: int
    false_positives: int
    false_negatives: int

    def summary(self) -> str:
        return (
            f"stream: {self.items} items from {self.events} events -> {self.stories} stories; "
            f"pairwise precision {self.precision:.3f} recall {self.recall:.3f}"
        )


def evaluate_stream(
    pairs: Iterable[LabelledPair], window: timedelta = timedelta(hours=48)
) -> StreamScores:
    """All distinct items of the pairs, in publication order, through one clusterer.

    Closer to the live bot than `evaluate_pairs`: an item may join a story through any of
    its earlier members.  Needs the pairs' `events`.
    """
    event_of: dict[str, str] = {}
    items: dict[str, StoryInput] = {}
    for pair in pairs:
        if pair.events is None:
            raise ValueError("evaluate_stream needs pairs labelled with their events")
        for item, event in zip((pair.a, pair.b), pair.events, strict=True):
            items[item.id] = item
            event_of[item.id] = event
    ordered = sorted(items.values(), key=lambda item: (item.published, item.id))
    clusterer = StoryClusterer(window)
    story_of = {item.id: clusterer.add(item).story_id for item in ordered}
    tp = fp = fn = 0
    ids = [item.id for item in ordered]
    for i, first in enumerate(ids):
        for second in ids[i + 1 :]:
            same_event = event_of[first] == event_of[second]
            same_story = story_of[first] == story_of[second]
            tp += same_event and same_story
            fp += same_story and not same_event
            fn += same_event and not same_story
    return StreamScores(
        items=len(ids),
        events=len(set(event_of.values())),
        stories=len(set(story_of.values())),
        true_positives=tp,
        false_positives=fp,
        false_negatives=fn,
    )
