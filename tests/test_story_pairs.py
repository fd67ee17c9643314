"""Measured: the labelled sets clustered as one stream each, scored against their labels.

Labelling rules: tests/data/STORY_LABELS.md.  Targets from issue 10 (for the blind set):
pair precision >= 0.95 (a wrong merge hides a development), pair recall >= 0.8,
cross-language recall >= 0.6.  Every set here was tuned on, so their floors guard against
regressions; the honest figure is the blind set's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.cluster import event_of, synthetic_items
from bot.stories.evaluation import (
    LabelledItem,
    format_report,
    overlay,
    parse_labelled,
    score_stream,
)

DATA = Path(__file__).parent / "data"
PAIRS_FILE = DATA / "story_pairs.jsonl"


@pytest.fixture(scope="module")
def labelled() -> list[LabelledItem]:
    with PAIRS_FILE.open(encoding="utf-8") as lines:
        return parse_labelled(lines)


def test_labelled_set_is_big_and_mixes_languages(labelled: list[LabelledItem]) -> None:
    assert len(labelled) >= 100
    assert {e.item.lang for e in labelled} == {"en", "uk", "ru"}
    assert len({e.story for e in labelled}) >= 25


def test_stream_precision_and_recall_meet_the_targets(labelled: list[LabelledItem]) -> None:
    report = score_stream(labelled)
    print(format_report(report))
    assert report.pairs.precision >= 0.95, format_report(report)
    assert report.pairs.recall >= 0.8, format_report(report)
    assert report.cross_language.recall >= 0.6, format_report(report)


def test_two_kremlin_statements_the_same_morning_stay_apart(
    labelled: list[LabelledItem],
) -> None:
    """Ushakov on the European counter-proposal vs Peskov on the Geneva changes."""
    kremlin = [e for e in labelled if e.story in ("E27", "E28")]
    report = score_stream(kremlin)
    assert report.pairs.fp == 0, format_report(report, errors=True)


@pytest.mark.parametrize(
    ("name", "precision", "recall", "cross_recall"),
    [
        ("stories_tune.jsonl", 0.99, 0.79, 0.83),
        ("stories_tune_2022.jsonl", 0.95, 0.91, 0.92),
        ("stories_tune_2024.jsonl", 0.97, 0.83, 0.85),
        ("stories_tune_3.jsonl", 0.96, 0.77, 0.80),
        ("stories_tune_4.jsonl", 0.98, 0.73, 0.77),
        ("stories_tune_5.jsonl", 0.89, 0.71, 0.75),
        ("stories_tune_6.jsonl", 0.96, 0.81, 0.84),
        ("stories_tune_7.jsonl", 0.95, 0.77, 0.81),
        ("stories_tune_8.jsonl", 0.96, 0.82, 0.84),
        ("stories_tune_9.jsonl", 0.97, 0.86, 0.88),
        ("stories_tune_10.jsonl", 0.95, 0.79, 0.82),
        ("stories_tune_11.jsonl", 0.99, 0.81, 0.83),
        ("stories_tune_12.jsonl", 0.98, 0.83, 0.85),
        ("stories_tune_13.jsonl", 0.96, 0.82, 0.84),
        ("stories_tune_14.jsonl", 0.97, 0.69, 0.73),
        ("stories_tune_15.jsonl", 0.96, 0.63, 0.68),
        ("stories_tune_16.jsonl", 0.98, 0.75, 0.78),
        ("stories_tune_17.jsonl", 0.94, 0.79, 0.82),
        ("stories_tune_18.jsonl", 0.97, 0.79, 0.83),
        ("stories_tune_19.jsonl", 0.96, 0.72, 0.75),
        ("stories_tune_20.jsonl", 0.94, 0.73, 0.76),
        ("stories_tune_21.jsonl", 0.97, 0.71, 0.75),
        ("stories_tune_22.jsonl", 0.94, 0.74, 0.77),
        ("stories_tune_23.jsonl", 0.92, 0.73, 0.78),
        ("stories_tune_24.jsonl", 0.91, 0.69, 0.74),
        ("stories_tune_25.jsonl", 0.92, 0.71, 0.75),
        ("stories_tune_26.jsonl", 0.97, 0.67, 0.72),
        ("stories_tune_27.jsonl", 0.96, 0.63, 0.67),
        ("stories_tune_28.jsonl", 0.83, 0.65, 0.71),
        ("stories_tune_29.jsonl", 0.94, 0.49, 0.54),
        ("stories_tune_30.jsonl", 0.95, 0.69, 0.73),
        ("stories_tune_31.jsonl", 0.95, 0.73, 0.77),
        ("stories_tune_32.jsonl", 0.94, 0.69, 0.72),
        ("stories_tune_33.jsonl", 0.95, 0.76, 0.80),
        ("stories_tune_34.jsonl", 0.96, 0.63, 0.66),
        ("stories_tune_35.jsonl", 0.94, 0.71, 0.75),
        ("stories_tune_36.jsonl", 0.95, 0.76, 0.78),
        ("stories_tune_37.jsonl", 0.93, 0.72, 0.75),
        ("stories_tune_38.jsonl", 0.95, 0.69, 0.73),
        ("stories_tune_39.jsonl", 0.92, 0.61, 0.66),
        ("stories_tune_40.jsonl", 0.96, 0.75, 0.77),
        ("stories_tune_41.jsonl", 0.98, 0.65, 0.68),
        ("stories_tune_42.jsonl", 0.97, 0.68, 0.72),
        ("stories_tune_43.jsonl", 0.95, 0.73, 0.77),
    ],
)
def test_tuning_streams_keep_their_figures(
    name: str, precision: float, recall: float, cross_recall: float
) -> None:
    with (DATA / name).open(encoding="utf-8") as lines:
        tune = parse_labelled(lines)
    assert len(tune) >= 250
    report = score_stream(tune)
    print(format_report(report))
    assert report.pairs.precision >= precision, format_report(report)
    assert report.pairs.recall >= recall, format_report(report)
    assert report.cross_language.recall >= cross_recall, format_report(report)


def test_a_window_busy_with_look_alike_meetings_keeps_them_apart() -> None:
    """The labelled streams hold a few stories a day; a window fed by fifty outlets holds
    many, between the same people in the same cities.  Three hundred generated meetings
    over a week (`bench.cluster`), each reported about ten times in three languages: pair
    precision stays well above the 0.40 it fell to when any two headlines about talks in
    one city skipped the cosine floor."""
    items = synthetic_items(3_000)
    report = score_stream([LabelledItem(item, event_of(item)) for item in items])
    assert report.pairs.precision >= 0.48, format_report(report)


def test_five_streams_laid_over_one_another_keep_their_figures() -> None:
    """A window as busy as fifty outlets make it: the last five retired blind sets over one
    another (`overlay`) read 0.841 / 0.697 (0.844 / 0.697 before "прекращение боевых
    действий" and its kin were a ceasefire, 0.842 / 0.700 before round 19's blind set joined
    the streams and a headline's "on day …" clause left its main clause; 0.842 / 0.698
    before `ONLY_THE_TOPIC` rose to 0.97 with round 18's blind set among the streams, 0.857
    / 0.694 before the same-story model weighed products of its features at 0.65 —
    cross-validated over every fold's streams laid over one another, 0.838 / 0.701 → 0.835 /
    0.712; 0.859 / 0.695 before the last blind set was refitted with, 0.853 / 0.697 before
    pairs that share only the topic across languages were weighed at `ONLY_THE_TOPIC`, 0.852
    / 0.676 before three shared translated words were more than the topic, 0.811 / 0.698
    before a story needed half its compared reports to take an item, 0.787 / 0.689 before
    the learned translations) where each alone reads 0.92–0.99 precision; the floor keeps a
    change from trading that window for the streams."""
    names = [f"stories_tune_{n}.jsonl" for n in range(21, 26)]
    streams = []
    for name in names:
        with (DATA / name).open(encoding="utf-8") as lines:
            streams.append(parse_labelled(lines))
    labelled, counted = overlay(streams)
    report = score_stream(labelled, counted=counted)
    print(format_report(report))
    assert report.pairs.precision >= 0.84, format_report(report)
    assert report.pairs.recall >= 0.69, format_report(report)
