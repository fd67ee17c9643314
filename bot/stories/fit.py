"""Fitting the same-story model on labelled streams (``python -m bot stories --fit``).

Each labelled stream is clustered in publication order, as the bot would; every pair the
clusterer weighs (`StoryClusterer.comparisons`) that no rule decides outright (a veto, one
handover day, a cosine below the floor) is one example:
its `pair_features` and whether the two items share a gold story.  A logistic regression
over those features and their products (`MODEL_TERMS`) with a small L2 penalty, solved by
Newton's method, gives the weights, printed as the source of `bot.stories.pair_weights`.

The streams are clustered with the weights in use, so a refit can shift which pairs are
weighed; fit two or three times in a row, until a fit moves no more than a few pairs
(the products can leave successive fits a few pairs apart, 22,783 then 22,784 in round 19).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

import numpy as np

from bot.stories.clustering import StoryClusterer
from bot.stories.evaluation import LabelledItem
from bot.stories.similarity import MODEL_TERMS, below_floor, model_terms, pair_features, ruled

L2 = 1.0
"""Penalty on the squared weights: keeps them small where the streams say little."""
NEWTON_STEPS = 30

Example = tuple[tuple[float, ...], bool]
"""A pair's feature values, and whether its items share a gold story."""


def examples(stream: Sequence[LabelledItem], window: timedelta) -> list[Example]:
    """The pairs the clusterer weighs in one labelled stream, with their gold answer."""
    gold = {entry.item.id: entry.story for entry in stream}
    clusterer = StoryClusterer(window)
    out: list[Example] = []
    for entry in sorted(stream, key=lambda e: (e.item.published, e.item.id)):
        for pair in clusterer.comparisons(entry.item):
            if ruled(pair.first, pair.second, pair.apart, pair.days_apart) is not None:
                continue
            values = pair_features(
                pair.first, pair.second, pair.apart, pair.days_apart, clusterer.rarity
            )
            if not below_floor(values):
                out.append((values, gold[pair.stored_id] == entry.story))
        clusterer.add(entry.item)
    return out


def fit(data: Iterable[Example]) -> dict[str, float]:
    """Logistic-regression weights for `MODEL_TERMS`: the `PAIR_FEATURES` (the first is
    the constant 1) and their products."""
    rows = list(data)
    if not rows or len({same for _, same in rows}) < 2:
        raise ValueError("fitting needs pairs of one story and pairs of two")
    x = np.array([model_terms(values) for values, _ in rows], dtype=float)
    y = np.array([float(same) for _, same in rows])
    w = np.zeros(x.shape[1])
    penalty = L2 * np.eye(x.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        hessian = x.T @ (x * (p * (1.0 - p))[:, None]) + penalty
        w -= np.linalg.solve(hessian, x.T @ (p - y) + L2 * w)
    return {name: round(float(v), 4) for name, v in zip(MODEL_TERMS, w, strict=True)}


def weights_module(weights: dict[str, float], sources: Sequence[str], pairs: int) -> str:
    """The source of `bot.stories.pair_weights` for `weights`."""
    lines = [
        '"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).',
        "",
        "Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from "
        f"{len(sources)} labelled",
        f"streams ({pairs:,} weighed pairs); refit rather than edit by hand.",
        '"""',
        "",
        "WEIGHTS: dict[str, float] = {",
        *(f'    "{name}": {value},' for name, value in weights.items()),
        "}",
        "",
    ]
    return "\n".join(lines)
