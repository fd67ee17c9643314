"""The topic model: a linear judge, beside the rules, of whether an item is about a topic.

Rules written from labelled examples read about 0.95 on those examples and 0.89–0.93 on
sets they were not tuned on, round after round: every new writer finds wordings no list
of terms foresaw.  A logistic regression per topic over the same lemma stream the rules
read, fitted on every labelled set (`bot.matching.fit`), weighs all of an item's words
at once and reads unseen sets better (docs/matching.md gives the held-out figures).  It
does not replace the rules: a topic matches when a rule fires and the model does not
rule the topic out (probability at least ``with_rule``), or when the model alone is
confident (at least ``alone``); see `ModelSettings`.

Features are binary: each lemma, each title lemma (``^lemma``) and each pair of
neighbouring lemmas in one field (``lemma lemma``), read off the matcher's lemma stream
so that fitting and matching see exactly the same words.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from itertools import pairwise

import numpy as np

from bot.matching.stream import PAIRS, ItemText, LemmaTable, item_pair

TITLE_MARK = "^"
"""Prefix of a title lemma's feature: a word in the headline says more than in the summary."""

STANDFIRST = range(8, 61)
"""Summary lengths (in words) at which the model may overrule a rule: those of the items
it was fitted on, a headline and a standfirst of one or two sentences (99.9% of them have
at most 49 words).  On a bare headline its probabilities run low (a plain "Russia and
Ukraine swap prisoners" reads 0.06); on a long article body a topic the rules found in
its fourth sentence is outweighed by everything else ("…with a potential easing of
sanctions against Russia" read 0.03).  Outside this range it only adds topics."""
LEDE_WORDS = STANDFIRST[-1]
"""The model reads the title and at most this many summary words: a feed that carries
whole articles is judged on their lede, the part shaped like what it was fitted on."""

MODEL_FILE = "topic_model.json.gz"
"""The fitted model, shipped beside this module (gzipped JSON, `TopicModel.to_json`)."""


def lede(lemmas: Sequence[str], summary_part: int) -> tuple[list[str], list[str], int]:
    """The words the model reads of an item whose lemma stream parts are `lemmas`: those
    of the title and the summary's first `LEDE_WORDS`; and how many words the whole
    summary has."""
    title, summary = _fields(lemmas, summary_part)
    return title, summary[:LEDE_WORDS], len(summary)


def _fields(lemmas: Sequence[str], summary_part: int) -> tuple[list[str], list[str]]:
    """The words of the title and of the summary (empty parts are punctuation)."""
    return list(filter(None, lemmas[:summary_part])), list(filter(None, lemmas[summary_part:]))


def item_features(lemmas: Sequence[str], summary_part: int) -> set[str]:
    """The features of an item whose lemma stream parts are `lemmas` (an empty part is
    punctuation or a run of spaces), the summary starting at part `summary_part`."""
    return word_features(*_fields(lemmas, summary_part))


def word_features(title: Sequence[str], summary: Sequence[str]) -> set[str]:
    """The features of an item whose title and summary have these words.

    A pair is two neighbouring words of one field, punctuation between them or not.
    Fitting and explaining name features so; matching reads the same ones without
    naming them (`TopicModel.rows`)."""
    features = {*title, *summary, *map(TITLE_MARK.__add__, title)}
    features.update(map(" ".join, pairwise(title)))
    features.update(map(" ".join, pairwise(summary)))
    return features


class TopicModel:
    """Per topic, a bias and a weight for each feature that counts (most count for none).

    The weights are one matrix, a row per feature and a column per topic, so an item's
    log-odds are one sum over the rows of its features.  The rows are found by word,
    headline word and pair of words (three dicts), so `rows` needs no feature strings.
    """

    def __init__(
        self,
        topics: Sequence[str],
        bias: Sequence[float],
        weights: Mapping[str, Sequence[tuple[int, float]]],
    ) -> None:
        """`weights`: feature → (topic index, weight) for each topic the feature moves."""
        self.topics = tuple(topics)
        self._bias = tuple(float(b) for b in bias)
        self._against = tuple(-b for b in self._bias)
        """Minus the bias: the log-odds against each topic of an item without features."""
        self._names = sorted(weights)
        self._none = len(self._names)
        """The row of a feature that counts for nothing: zeros, one past the last."""
        weights32 = np.zeros((self._none + 1, len(self.topics)), dtype=np.float32)
        self._words: dict[str, int] = {}
        self._headline: dict[str, int] = {}
        self._pairs: dict[tuple[str, str], int] = {}
        for row, name in enumerate(self._names):
            for index, weight in weights[name]:
                weights32[row, index] = weight
            if name.startswith(TITLE_MARK):
                self._headline[name[len(TITLE_MARK) :]] = row
            elif " " in name:
                first, second = name.split(" ", 1)
                self._pairs[first, second] = row
            else:
                self._words[name] = row
        self._matrix = weights32.astype(np.float64)
        """The weights, float32 as fitted (rounded so), held as float64: float32 numbers
        are summed exactly in float64, so the order of a set's features (which varies
        between runs) cannot move a probability, and summing needs no cast."""

    def __len__(self) -> int:
        """How many features count."""
        return len(self._names)

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """Topic → probability that an item with `features` is about it."""
        return dict(zip(self.topics, self.chances(list(map(self._row, features))), strict=True))

    def rows(self, title: Sequence[str], summary: Sequence[str]) -> list[int]:
        """The rows of the features that count, of an item whose title and summary have
        these words (its `word_features`), without building the features: rows are looked
        up by word, headline word and pair of words (tuples made in C, no string joined or
        hashed anew) — this runs for every item matched.  `chances` of the rows are the
        item's `probabilities`; `strongest` of them its reasons."""
        words, pairs = self._words.get, self._pairs.get
        found = set(map(words, title))
        found.update(map(words, summary))
        found.update(map(self._headline.get, title))
        found.update(map(pairs, pairwise(title)))
        found.update(map(pairs, pairwise(summary)))
        found.discard(None)
        return list(found)  # type: ignore[arg-type]

    def _row(self, feature: str) -> int:
        """The row of one feature as `item_features` names it (`_none` if it counts for
        nothing)."""
        if feature.startswith(TITLE_MARK):
            row = self._headline.get(feature[len(TITLE_MARK) :])
        elif " " in feature:
            first, second = feature.split(" ", 1)
            row = self._pairs.get((first, second))
        else:
            row = self._words.get(feature)
        return self._none if row is None else row

    def chances(self, rows: list[int]) -> list[float]:
        """Each topic's probability (in `topics` order), for an item with the features of
        `rows`."""
        totals = self._matrix.take(rows, axis=0).sum(axis=0).tolist()
        # minus the bias minus the sum is exactly minus (sum + bias); a long item full of
        # words against a topic can sum far below what `math.exp` takes, and then reads
        # as good as nought
        return [
            1.0 / (1.0 + math.exp(min(against - total, _EXP_LIMIT)))
            for against, total in zip(self._against, totals, strict=True)
        ]

    def strongest(self, rows: list[int], topic: str, limit: int = 3) -> list[str]:
        """The features of `rows` that most raised `topic`'s probability, strongest first
        (ties in alphabetical order)."""
        weights = self._matrix[rows, self.topics.index(topic)].tolist()
        names = self._names
        raised = sorted(
            (-weight, names[row]) for row, weight in zip(rows, weights, strict=True) if weight > 0
        )
        return [name for _, name in raised[:limit]]

    def to_json(self) -> str:
        """The model as the JSON `from_json` reads: a feature's weights as a flat list
        ``[topic index, weight, topic index, weight, …]``, features sorted."""
        weights: dict[str, list[float]] = {}
        for row, name in enumerate(self._names):
            weights[name] = [
                number
                for index, weight in enumerate(self._matrix[row].tolist())
                if weight
                for number in (index, round(weight, 3))
            ]
        raw = {"topics": list(self.topics), "bias": list(self._bias), "weights": weights}
        return json.dumps(raw, ensure_ascii=False, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, text: str) -> TopicModel:
        raw = json.loads(text)
        weights = {
            feature: [(int(flat[at]), float(flat[at + 1])) for at in range(0, len(flat), 2)]
            for feature, flat in raw["weights"].items()
        }
        return cls(raw["topics"], raw["bias"], weights)

    def to_gzip(self) -> bytes:
        """`to_json`, gzipped reproducibly (no timestamp): the shipped file's bytes."""
        return gzip.compress(self.to_json().encode("utf-8"), mtime=0)


class FeatureReader:
    """An item's features as the matcher reads them (one lemma table per language pair,
    remembering every word it has seen)."""

    def __init__(self) -> None:
        self._tables = [LemmaTable(latin, cyrillic) for latin, cyrillic in PAIRS]

    def __call__(self, title: str, summary: str, lang: str | None) -> set[str]:
        table = self._tables[item_pair(lang, title, summary)]
        item = ItemText(title, summary, table)
        return item_features(item.topic_lemmas, item.summary_part)


@functools.cache
def shipped_model() -> TopicModel:
    """The model fitted on the project's labelled sets (`MODEL_FILE`), read once."""
    data = resources.files(__package__).joinpath(MODEL_FILE).read_bytes()
    return TopicModel.from_json(gzip.decompress(data).decode("utf-8"))


_EXP_LIMIT = 700.0
"""The largest log-odds against a topic that `math.exp` is given (it overflows a little
past 709)."""
