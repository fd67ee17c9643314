"""Topic matching quality on the labelled set (tests/data/matching_eval.jsonl).

The floors are the issue's targets: micro-F1 ≥ 0.92 and every topic ≥ 0.85 F1, on the
whole set and on its Ukrainian/Russian items. The tables (ours next to the naive
one-keyword baseline, also per split) are printed; run with ``-s`` to see them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.matching import Matcher, load_matching_config
from bot.matching.evaluation import (
    Report,
    evaluate,
    format_table,
    matcher_predictor,
    naive_predict,
)

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "matching_eval.jsonl"
MICRO_FLOOR = 0.92
TOPIC_FLOOR = 0.85


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    return [json.loads(line) for line in EVAL.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    cfg = load_matching_config(yaml.safe_load((ROOT / "feeds.yaml").read_text("utf-8")))
    return Matcher.from_config(cfg)


def _score(items: list[dict[str, Any]], matcher: Matcher, title: str) -> Report:
    ours = evaluate(items, matcher_predictor(matcher), matcher.topic_ids)
    naive = evaluate(items, naive_predict, matcher.topic_ids)
    print()
    print(format_table(ours, naive, title))
    return ours


def _below_floor(report: Report) -> list[str]:
    low = [f"{t}: F1 {s.f1:.2f}" for t, s in report.per_topic.items() if s.f1 < TOPIC_FLOOR]
    if report.micro.f1 < MICRO_FLOOR:
        low.append(f"micro: F1 {report.micro.f1:.2f}")
    return low


def test_eval_set_is_big_multilingual_and_well_formed(
    items: list[dict[str, Any]], matcher: Matcher
) -> None:
    assert len(items) >= 250
    assert len({i["id"] for i in items}) == len(items)
    share = sum(i["lang"] in ("uk", "ru") for i in items) / len(items)
    assert 0.18 <= share <= 0.35
    known = set(matcher.topic_ids)
    assert all(set(i["topics"]) <= known for i in items)
    assert all(i["split"] in ("dev", "holdout", "holdout2") for i in items)
    for topic in known:
        assert sum(topic in i["topics"] for i in items if i["lang"] != "en") >= 4, topic


def test_topic_matching_meets_the_floor_on_all_items(
    items: list[dict[str, Any]], matcher: Matcher
) -> None:
    for split in ("dev", "holdout", "holdout2"):
        # printed for the record: the holdout splits are the honest estimate (see
        # tests/data/MATCHING_LABELS.md); the floor applies to the whole set
        _score([i for i in items if i["split"] == split], matcher, f"split {split}")
    assert _below_floor(_score(items, matcher, "all items")) == []


def test_topic_matching_meets_the_floor_on_ukrainian_and_russian_items(
    items: list[dict[str, Any]], matcher: Matcher
) -> None:
    subset = [i for i in items if i["lang"] in ("uk", "ru")]
    assert _below_floor(_score(subset, matcher, "Ukrainian and Russian items")) == []


def test_rules_beat_the_naive_baseline_on_every_topic(
    items: list[dict[str, Any]], matcher: Matcher
) -> None:
    ours = evaluate(items, matcher_predictor(matcher), matcher.topic_ids)
    naive = evaluate(items, naive_predict, matcher.topic_ids)
    worse = [t for t in matcher.topic_ids if ours.per_topic[t].f1 <= naive.per_topic[t].f1]
    assert worse == []
