"""Topic matching quality on the tuning data: floors that catch a rule change gone wrong.

Two labelled sets, both tuning data (the rules were revised while reading their errors):

* ``tests/data/matching_tune.jsonl`` — 410 items in five languages written from
  ``shared/spec/topics.md`` by a writer who had not seen the rules (164 negatives).
  Every fourth item of each language, by id, is an internal holdout whose errors were
  never read: its figures are printed apart, as the nearest thing to an unseen estimate.
* ``tests/data/matching_eval.jsonl`` — 449 older items (en/uk/ru), relabelled where the
  spec disagrees (``tests/data/MATCHING_LABELS.md``).

The floors are on the rules alone: the topic model (`bot.matching.model`) is fitted on
every set here, so with it they would read near 1.0 and catch nothing.  The model is
checked held out instead: fitted without one set, it must read that set better than the
rules do.  The honest figure is the blind set (``tests/data/blind/``), which no test here
reads.  Run with ``-s`` to see the tables.
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
    is_negative,
    matcher_predictor,
    naive_predict,
    score_report,
)
from bot.matching.fit import fit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LANGS = ("en", "uk", "ru", "de", "fr")

TUNE_MICRO_FLOOR = 0.90
TUNE_LANG_FLOOR = 0.88
TOPIC_PRECISION_FLOOR = 0.85
TOPIC_F1_FLOOR = 0.80
NEGATIVES_ALERT_CEILING = 0.03
EVAL_MICRO_FLOOR = 0.90
EVAL_UK_RU_FLOOR = 0.90


def _load(name: str) -> list[dict[str, Any]]:
    text = (DATA / name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def holdout(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every fourth item of each language, ordered by id: never used to revise rules."""
    out = []
    for lang in LANGS:
        ours = sorted((i for i in items if i["lang"] == lang), key=lambda i: i["id"])
        out += ours[3::4]
    return out


@pytest.fixture(scope="module")
def tune() -> list[dict[str, Any]]:
    return _load("matching_tune.jsonl")


@pytest.fixture(scope="module")
def older() -> list[dict[str, Any]]:
    return _load("matching_eval.jsonl")


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    """The shipped rules without the topic model."""
    data = yaml.safe_load((ROOT / "feeds.yaml").read_text("utf-8"))
    del data["model"]
    return Matcher.from_config(load_matching_config(data))


def _report(items: list[dict[str, Any]], matcher: Matcher) -> Report:
    return evaluate(items, matcher_predictor(matcher), matcher.topic_ids)


def _weak(report: Report) -> list[str]:
    return [
        f"{topic}: P {s.precision:.2f} F1 {s.f1:.2f}"
        for topic, s in report.per_topic.items()
        if s.precision < TOPIC_PRECISION_FLOOR or s.f1 < TOPIC_F1_FLOOR
    ]


def test_tuning_set_is_five_languages_with_negatives(
    tune: list[dict[str, Any]], matcher: Matcher
) -> None:
    assert len(tune) >= 400
    assert len({i["id"] for i in tune}) == len(tune)
    assert {i["lang"] for i in tune} == set(LANGS)
    assert all(set(i["topics"]) <= set(matcher.topic_ids) for i in tune)
    assert sum(is_negative(i) for i in tune) >= len(tune) // 3
    for topic in matcher.topic_ids:
        assert sum(topic in i["topics"] for i in tune) >= 20, topic


def test_tuning_set_meets_the_floors(tune: list[dict[str, Any]], matcher: Matcher) -> None:
    predict = matcher_predictor(matcher)
    print()
    print(score_report(tune, predict, matcher.topic_ids))
    print("internal holdout (never used to revise rules):")
    print(score_report(holdout(tune), predict, matcher.topic_ids))
    report = _report(tune, matcher)
    assert report.micro.f1 >= TUNE_MICRO_FLOOR
    for lang in LANGS:
        subset = [i for i in tune if i["lang"] == lang]
        assert _report(subset, matcher).micro.f1 >= TUNE_LANG_FLOOR, lang
    assert _weak(report) == []


def test_negatives_rarely_alert(tune: list[dict[str, Any]], matcher: Matcher) -> None:
    negatives = [i for i in tune if is_negative(i)]
    predict = matcher_predictor(matcher)
    alerted = [
        i["id"]
        for i in negatives
        if predict({"title": i["title"], "summary": i["summary"], "lang": i["lang"]})
    ]
    assert len(alerted) / len(negatives) <= NEGATIVES_ALERT_CEILING, alerted


def test_older_set_meets_the_floors(older: list[dict[str, Any]], matcher: Matcher) -> None:
    print()
    print(score_report(older, matcher_predictor(matcher), matcher.topic_ids))
    assert _report(older, matcher).micro.f1 >= EVAL_MICRO_FLOOR
    for lang in ("uk", "ru"):
        subset = [i for i in older if i["lang"] == lang]
        assert _report(subset, matcher).micro.f1 >= EVAL_UK_RU_FLOOR, lang
    assert [t for t, s in _report(older, matcher).per_topic.items() if s.f1 < TOPIC_F1_FLOOR] == []


def test_rules_beat_the_naive_baseline_on_every_topic(
    tune: list[dict[str, Any]], older: list[dict[str, Any]], matcher: Matcher
) -> None:
    items = tune + older
    ours = _report(items, matcher)
    naive = evaluate(items, naive_predict, matcher.topic_ids)
    worse = [t for t in matcher.topic_ids if ours.per_topic[t].f1 <= naive.per_topic[t].f1]
    assert worse == []


def test_second_tuning_set_keeps_its_figures(matcher: Matcher) -> None:
    """The en/de/fr set written for round 2: floors just under what tuning reached."""
    second = _load("matching_tune_2.jsonl")
    assert len(second) >= 300
    report = _report(second, matcher)
    print(score_report(second, matcher_predictor(matcher), matcher.topic_ids))
    assert report.micro.f1 >= TUNE_MICRO_FLOOR
    negatives = [i for i in second if is_negative(i)]
    predict = matcher_predictor(matcher)
    alerted = [i["id"] for i in negatives if predict(i)]
    assert len(alerted) / len(negatives) <= NEGATIVES_ALERT_CEILING, alerted


def test_third_tuning_set_keeps_its_figures(matcher: Matcher) -> None:
    """The uk/ru set written for round 2, barely tuned on: a floor against regressions."""
    third = _load("matching_tune_3.jsonl")
    assert len(third) >= 200
    report = _report(third, matcher)
    print(score_report(third, matcher_predictor(matcher), matcher.topic_ids))
    assert report.micro.f1 >= 0.86


@pytest.mark.parametrize(
    "name",
    [
        "matching_tune_4.jsonl",
        "matching_tune_5.jsonl",
        "matching_tune_6.jsonl",
        "matching_tune_7.jsonl",
        "matching_tune_8.jsonl",
        "matching_tune_9.jsonl",
        "matching_tune_10.jsonl",
        "matching_tune_11.jsonl",
        "matching_tune_12.jsonl",
        "matching_tune_13.jsonl",
        "matching_tune_14.jsonl",
        "matching_tune_15.jsonl",
        "matching_tune_16.jsonl",
        "matching_tune_17.jsonl",
        "matching_tune_18.jsonl",
        "matching_tune_19.jsonl",
        "matching_tune_20.jsonl",
        "matching_tune_21.jsonl",
        "matching_tune_22.jsonl",
        "matching_tune_23.jsonl",
        "matching_tune_24.jsonl",
        "matching_tune_25.jsonl",
        "matching_tune_26.jsonl",
        "matching_tune_27.jsonl",
        "matching_tune_28.jsonl",
        "matching_tune_29.jsonl",
        "matching_tune_30.jsonl",
        "matching_tune_31.jsonl",
        "matching_tune_32.jsonl",
        "matching_tune_33.jsonl",
        "matching_tune_34.jsonl",
        "matching_tune_35.jsonl",
        "matching_tune_36.jsonl",
        "matching_tune_37.jsonl",
        "matching_tune_38.jsonl",
        "matching_tune_39.jsonl",
        "matching_tune_40.jsonl",
        "matching_tune_41.jsonl",
        "matching_tune_42.jsonl",
        "matching_tune_43.jsonl",
        "matching_tune_44.jsonl",
        "matching_tune_45.jsonl",
        "matching_tune_46.jsonl",
        "matching_tune_47.jsonl",
        "matching_tune_48.jsonl",
        "matching_tune_49.jsonl",
        "matching_tune_50.jsonl",
        "matching_tune_51.jsonl",
        "matching_tune_52.jsonl",
    ],
)
def test_retired_blind_sets_keep_their_figures(matcher: Matcher, name: str) -> None:
    """The retired blind sets (round 1 and 2's, tuned on in round 3; round 3's and 4's,
    tuned on in rounds 4 and 5 once fresh blind sets were frozen) and round 3's
    five-language tuning sets:
    floors under what tuning reached, and few false alerts on look-alikes."""
    items = _load(name)
    assert len(items) >= 250
    report = _report(items, matcher)
    print(score_report(items, matcher_predictor(matcher), matcher.topic_ids))
    assert report.micro.f1 >= 0.90
    negatives = [i for i in items if is_negative(i)]
    predict = matcher_predictor(matcher)
    alerted = [i["id"] for i in negatives if predict(i)]
    assert len(alerted) / len(negatives) <= 0.03, alerted


def test_the_topic_model_reads_a_set_it_was_not_fitted_on_better_than_the_rules(
    matcher: Matcher,
) -> None:
    """Fitted on every labelled set but round 10's blind one (`matching_tune_32`), the
    model beside the rules reads that set at 0.959 against the rules' 0.931 (P 0.964 R
    0.953 against P 0.934 R 0.927), fewer negatives alerting (2 of 236 against 3; round
    29's rules and sets; round 11's read 0.950 against 0.916)."""
    held_out = "matching_tune_32.jsonl"
    names = [*sorted(p.name for p in DATA.glob("matching_tune*.jsonl")), "matching_eval.jsonl"]
    training = [item for name in names if name != held_out for item in _load(name)]
    model = fit(training, matcher.topic_ids)
    cfg = load_matching_config(yaml.safe_load((ROOT / "feeds.yaml").read_text("utf-8")))
    judged = Matcher(list(cfg.topics), dict(cfg.contexts), None, model, cfg.model)
    items = _load(held_out)
    rules, both = _report(items, matcher), _report(items, judged)
    print(score_report(items, matcher_predictor(judged), judged.topic_ids))
    assert both.micro.f1 >= 0.94
    assert both.micro.f1 >= rules.micro.f1 + 0.02
    negatives = [i for i in items if is_negative(i)]
    alerted = [i["id"] for i in negatives if matcher_predictor(judged)(i)]
    assert len(alerted) / len(negatives) <= NEGATIVES_ALERT_CEILING, alerted
