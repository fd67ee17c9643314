"""What matching an item yields: which topics and keywords matched, and by which text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Field = Literal["title", "summary"]


class TermHit(NamedTuple):
    """One occurrence of a term in an item (a named tuple: items make many of them)."""

    term: str
    """The term as written in the rule or keyword, e.g. ``перемир*``."""
    surface: str
    """The matched text exactly as it appears in the original field, e.g. ``перемир'я``."""
    field: Field
    start: int
    """Offsets of `surface` in the original field: ``text[start:end] == surface``."""
    end: int


class KeywordHits(Mapping[str, tuple[TermHit, ...]]):
    """Keyword id → its hits, stored per group of ids that share a term and a spelling.

    Popular words are followed by many subscribers: an item then costs one entry per
    word, not one per subscriber; iterating gives every id."""

    __slots__ = ("_groups",)

    def __init__(self, groups: Iterable[tuple[frozenset[str], tuple[TermHit, ...]]]) -> None:
        self._groups = tuple(groups)

    def __getitem__(self, keyword_id: str) -> tuple[TermHit, ...]:
        for ids, hits in self._groups:
            if keyword_id in ids:
                return hits
        raise KeyError(keyword_id)

    def __iter__(self) -> Iterator[str]:
        for ids, _ in self._groups:
            yield from ids

    def __len__(self) -> int:
        return sum(len(ids) for ids, _ in self._groups)

    def __repr__(self) -> str:
        return f"KeywordHits({dict(self)!r})"


NO_KEYWORDS = KeywordHits(())
"""The empty hits, shared."""


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Which topics and personal keywords matched an item, and by which terms."""

    topics: dict[str, tuple[TermHit, ...]] = field(default_factory=dict)
    keywords: Mapping[str, tuple[TermHit, ...]] = field(default_factory=dict)
    """Keyword id → hits (a `KeywordHits` when any matched)."""
    rules: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Topic → the indexes (in its ``rules:`` list) of the rules that fired; empty for a
    topic the model matched alone."""
    model: dict[str, float] = field(default_factory=dict)
    """Topic → the topic model's probability, for the topics it judges (none without it)."""
    overruled: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Topics whose rules fired (their indexes) but the model ruled out."""

    def topic_terms(self, topic_id: str) -> list[str]:
        """Distinct surfaces that made `topic_id` match, in reading order."""
        out: list[str] = []
        for hit in self.topics.get(topic_id, ()):
            if hit.surface not in out:
                out.append(hit.surface)
        return out
