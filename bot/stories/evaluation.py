"""How well stories are grouped: a labelled stream, clustered whole, scored (pure).

The labelled file is run the way the live bot sees news: every item, in publication
order, through one `StoryClusterer`.  Nothing is scored pair by pair in isolation, so an
item may join a story through any earlier member, and one wrong merge costs every pair it
drags along.  Figures:

* **pairs**: precision and recall over the pairs of items published at most `horizon`
  (48 h) apart — the pairs a subscriber could see folded into one alert;
* **cross-language pairs**: the same, for pairs whose items are in different languages;
* **B-cubed** precision and recall over items, where a big story does not outweigh the rest.

A labelled stream holds a few stories a day; a window fed by fifty outlets holds many.
`overlay` lays several streams over one another — each stream's busy periods moved onto
one shared calendar, its gold stories kept its own — so the same figures can be read in a
window as busy as the live one (``python -m bot stories --overlay FILE FILE…``).

Each input line is a labelled item ``{"id", "story", "lang", "source", "published",
"title", "summary"}`` (``"case"`` and other keys are ignored), or a labelled pair
``{"a": item, "b": item, "events": [story_a, story_b], ...}`` whose two items are taken
with their events as stories (``tests/data/story_pairs.jsonl``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import combinations

from bot.evaluation import BCubed, Score, bcubed
from bot.stories.clustering import StoryClusterer, StoryInput
from bot.stories.jsonl import BadLine, item_from_json

HORIZON = timedelta(hours=48)
"""Pairs further apart than this are not scored: the spec's stories span about two days."""
OVERLAY_START = datetime(2030, 1, 5, tzinfo=UTC)
"""Where the shared calendar of `overlay` begins (a date no labelled item has)."""
OVERLAY_SPACING = timedelta(days=7)
"""The k-th busy period of every stream starts k of these after `OVERLAY_START`."""
QUIET_GAP = timedelta(days=2)
"""Two days without an item end a stream's busy period."""
SAME_EVENT_SPAN = timedelta(days=10)
"""Two streams' items this close in real time may report one real event under two gold
stories: `overlay` leaves such pairs unscored."""

PairFilter = Callable[["LabelledItem", "LabelledItem"], bool]


@dataclass(frozen=True, slots=True)
class LabelledItem:
    item: StoryInput
    story: str
    """The gold story."""


@dataclass(frozen=True, slots=True)
class PairError:
    """A pair the clusterer got wrong: merged across gold stories, or split inside one."""

    merged: bool
    """True for a wrong merge, False for a missed pair."""
    first: LabelledItem
    second: LabelledItem
    predicted: tuple[str, str]


@dataclass(frozen=True, slots=True)
class StreamReport:
    items: int
    gold_stories: int
    predicted_stories: int
    pairs: Score
    cross_language: Score
    b_cubed: BCubed
    errors: tuple[PairError, ...]


def parse_labelled(lines: Iterable[str]) -> list[LabelledItem]:
    """Labelled items from JSON lines (items with "story", or pairs with "events").

    An id seen twice must carry the same gold story; it is kept once.
    """
    seen: dict[str, LabelledItem] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            for labelled in _labelled_from_line(line):
                earlier = seen.setdefault(labelled.item.id, labelled)
                if earlier.story != labelled.story:
                    raise BadLine(
                        f"id {labelled.item.id!r} is labelled both "
                        f"{earlier.story!r} and {labelled.story!r}"
                    )
        except BadLine as exc:
            raise ValueError(f"line {number}: {exc}") from exc
    return list(seen.values())


def _labelled_from_line(line: str) -> list[LabelledItem]:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(raw, dict):
        raise BadLine("expected a JSON object")
    if "a" in raw and "b" in raw:
        events = raw.get("events")
        if not (isinstance(events, list) and len(events) == 2):
            raise BadLine('a pair needs "events": [story of a, story of b]')
        return [
            LabelledItem(item_from_json(raw[key]), str(event))
            for key, event in zip(("a", "b"), events, strict=True)
        ]
    story = raw.get("story")
    if not isinstance(story, str | int) or isinstance(story, bool) or str(story) == "":
        raise BadLine('"story" must name the gold story')
    return [LabelledItem(item_from_json(raw), str(story))]


def cluster_stream(
    items: Iterable[StoryInput], window: timedelta = timedelta(hours=48)
) -> dict[str, str]:
    """Item id → story id, every item through one clusterer in publication order."""
    clusterer = StoryClusterer(window)
    ordered = sorted(items, key=lambda item: (item.published, item.id))
    return {item.id: clusterer.add(item).story_id for item in ordered}


def score_stream(
    labelled: Sequence[LabelledItem],
    window: timedelta = timedelta(hours=48),
    horizon: timedelta = HORIZON,
    counted: PairFilter | None = None,
) -> StreamReport:
    """Cluster the labelled items as a stream and score the result against the labels
    (only the pairs `counted` accepts, when given)."""
    predicted = cluster_stream((entry.item for entry in labelled), window)
    ordered = sorted(labelled, key=lambda e: (e.item.published, e.item.id))
    tally = {"all": [0, 0, 0], "cross": [0, 0, 0]}
    errors: list[PairError] = []
    for first, second in combinations(ordered, 2):
        if second.item.published - first.item.published > horizon:
            continue
        gold_same = first.story == second.story
        ours = (predicted[first.item.id], predicted[second.item.id])
        ours_same = ours[0] == ours[1]
        if not (gold_same or ours_same):
            continue
        if counted is not None and not counted(first, second):
            continue
        slot = 0 if gold_same and ours_same else (1 if ours_same else 2)
        tally["all"][slot] += 1
        if (first.item.lang or "") != (second.item.lang or ""):
            tally["cross"][slot] += 1
        if slot:
            errors.append(PairError(slot == 1, first, second, ours))
    gold = {e.item.id: e.story for e in labelled}
    return StreamReport(
        items=len(labelled),
        gold_stories=len(set(gold.values())),
        predicted_stories=len(set(predicted.values())),
        pairs=Score(*tally["all"]),
        cross_language=Score(*tally["cross"]),
        b_cubed=bcubed(gold, predicted),
        errors=tuple(errors),
    )


def overlay(streams: Sequence[Sequence[LabelledItem]]) -> tuple[list[LabelledItem], PairFilter]:
    """The streams laid over one another, and which of their pairs to score.

    Each stream's busy periods (items with no `QUIET_GAP` between them) are moved, in
    order, onto one calendar: the k-th period of every stream starts on the day
    `OVERLAY_START` + k × `OVERLAY_SPACING`, each item keeping its time of day and its
    days from the period's first.  Ids and gold stories are prefixed with the stream's
    number (``0:``, ``1:``…), so two streams never share a story.  Pairs from two streams
    published within `SAME_EVENT_SPAN` in real time are not scored: two writers may have
    reported one real event."""
    moved: list[LabelledItem] = []
    origin: dict[str, tuple[int, datetime]] = {}
    """Each moved item's stream and real publication time."""
    for number, stream in enumerate(streams):
        period = -1
        last: datetime | None = None
        first_day = OVERLAY_START
        for entry in sorted(stream, key=lambda e: (e.item.published, e.item.id)):
            published = entry.item.published
            if last is None or published - last > QUIET_GAP:
                period += 1
                first_day = published.replace(hour=0, minute=0, second=0, microsecond=0)
            last = published
            shifted = OVERLAY_START + period * OVERLAY_SPACING + (published - first_day)
            item = replace(entry.item, id=f"{number}:{entry.item.id}", published=shifted)
            moved.append(LabelledItem(item, f"{number}:{entry.story}"))
            origin[item.id] = (number, published)

    def counted(first: LabelledItem, second: LabelledItem) -> bool:
        (one, one_real), (other, other_real) = origin[first.item.id], origin[second.item.id]
        return one == other or abs(one_real - other_real) >= SAME_EVENT_SPAN

    return moved, counted


def format_report(report: StreamReport, *, errors: bool = False) -> str:
    """The figures; with `errors`, every wrong pair after them.

    A blind set's errors must stay unseen (its figures are the honest estimate), so
    they are printed only when asked for.
    """
    p, x, b = report.pairs, report.cross_language, report.b_cubed
    lines = [
        f"{report.items} items, {report.gold_stories} gold stories, "
        f"{report.predicted_stories} predicted stories",
        f"pairs (at most 48 h apart): precision {p.precision:.3f}  recall {p.recall:.3f}  "
        f"(TP {p.tp}, FP {p.fp}, FN {p.fn})",
        f"cross-language pairs:       precision {x.precision:.3f}  recall {x.recall:.3f}  "
        f"(TP {x.tp}, FP {x.fp}, FN {x.fn})",
        f"B-cubed:                    precision {b.precision:.3f}  recall {b.recall:.3f}",
    ]
    if errors:
        lines.append("")
        lines.extend(_format_error(error) for error in report.errors)
    return "\n".join(lines)


def _format_error(error: PairError) -> str:
    a, b = error.first, error.second
    hours = (b.item.published - a.item.published).total_seconds() / 3600
    kind = "WRONG MERGE" if error.merged else "MISSED"
    return (
        f"{kind} gold {a.story} / {b.story}, ours {error.predicted[0]} / {error.predicted[1]},"
        f" {hours:.1f} h apart\n"
        f"  {a.item.id} [{a.item.lang}] {a.item.published:%Y-%m-%d %H:%M} {a.item.title}\n"
        f"  {b.item.id} [{b.item.lang}] {b.item.published:%Y-%m-%d %H:%M} {b.item.title}"
    )
