"""Precision and recall: the project's one implementation (pure).

Topic matching counts per item and topic; story grouping counts pairs of items and
B-cubed over items.  Both read their figures from `Score`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Score:
    """True positives, false positives and false negatives, and what follows from them.

    With nothing predicted precision is 1.0 (nothing was wrong); with nothing to find
    recall is 1.0 (nothing was missed).
    """

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True, slots=True)
class BCubed:
    """B-cubed precision and recall of a clustering (Bagga and Baldwin, 1998).

    For each item: precision is the share of its predicted cluster that shares its gold
    class, recall the share of its gold class that shares its predicted cluster; both are
    averaged over the items.  Unlike pair counts, a big story does not outweigh the rest.
    """

    precision: float
    recall: float
    items: int


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> BCubed:
    """B-cubed of `predicted` (item → cluster) against `gold` (item → class), same items."""
    if gold.keys() != predicted.keys():
        raise ValueError("gold and predicted must label the same items")
    if not gold:
        return BCubed(1.0, 1.0, 0)
    both = Counter((gold[i], predicted[i]) for i in gold)
    gold_size = Counter(gold.values())
    predicted_size = Counter(predicted.values())
    precision = recall = 0.0
    for (klass, cluster), shared in both.items():
        precision += shared * shared / predicted_size[cluster]
        recall += shared * shared / gold_size[klass]
    return BCubed(precision / len(gold), recall / len(gold), len(gold))
