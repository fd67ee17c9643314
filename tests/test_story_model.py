"""The same-story model: what it weighs, its fitted weights, and the tool that fits them."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from bot.stories.cli import run_fit_tool
from bot.stories.evaluation import parse_labelled
from bot.stories.features import extract
from bot.stories.fit import examples, fit
from bot.stories.pair_weights import WEIGHTS
from bot.stories.similarity import (
    BEYOND_THE_TOPIC,
    MIN_COSINE,
    MODEL_TERMS,
    ONLY_THE_TOPIC,
    PAIR_FEATURES,
    REBUTTAL_MIN_COSINE,
    SAME_STORY,
    SHARED_TRANSLATED_WORDS,
    below_floor,
    log_odds,
    model_terms,
    only_the_topic_across,
    pair_features,
    same_story_probability,
    score,
)

TUNE = Path(__file__).parent / "data" / "stories_tune.jsonl"


def rare(_: str) -> float:
    """Every key as rare as in a window of a few hundred items."""
    return 4.0


def test_the_shipped_weights_cover_every_feature() -> None:
    assert list(WEIGHTS) == list(MODEL_TERMS)


def test_the_model_weighs_each_feature_and_each_product_of_two() -> None:
    values = dict.fromkeys(PAIR_FEATURES, 0.0)
    values.update(bias=1.0, cosine=0.5, hours_apart=0.25)
    terms = dict(zip(MODEL_TERMS, model_terms(tuple(values.values())), strict=True))
    assert terms["cosine"] == 0.5 and terms["cosine × cosine"] == 0.25
    assert terms["cosine × hours_apart"] == 0.125 and "hours_apart × cosine" not in terms
    assert "bias × cosine" not in terms and len(terms) == 15 + 14 * 15 // 2


def test_two_reports_of_one_call_are_one_story_and_another_call_is_not() -> None:
    kremlin = extract("Putin and Trump discuss Ukraine in 90-minute phone call", "", "en")
    ria = extract("Путин и Трамп 90 минут обсуждали по телефону Украину", "", "ru")
    other = extract("EU ministers back new sanctions package against Moscow", "", "en")
    hours = timedelta(hours=1)
    same = same_story_probability(pair_features(kremlin, ria, hours, 0, rare))
    apart = same_story_probability(pair_features(kremlin, other, hours, 0, rare))
    assert same >= SAME_STORY > apart
    assert score(kremlin, ria, hours, 0, rare) == round(same, 4)
    assert score(kremlin, other, hours, 0, rare) == 0.0


def test_the_same_headline_a_day_later_weighs_less() -> None:
    first = extract("Umerov says Geneva talks were substantive", "", "en")
    second = extract("Umerov says Geneva talks were substantive", "", "en")
    soon = pair_features(first, second, timedelta(hours=1), 0, rare)
    late = pair_features(first, second, timedelta(hours=30), 1, rare)
    assert same_story_probability(late) < same_story_probability(soon)


def test_two_languages_that_share_only_the_topic_need_the_model_to_be_sure() -> None:
    """A leak about a ceasefire and an intelligence chief on Moscow's signals share only
    "security guarantees" — the topic, which a busy window's reports keep repeating (so
    it is less rare there than the rest).  The model would call them one story at the
    usual threshold; a pair that shares only the topic needs `ONLY_THE_TOPIC`."""
    leak = extract("US and Russia discuss a ceasefire without security guarantees", "", "en")
    budanov = extract(
        "Розвідка: Москва подала сигнали щодо американського плану",
        "Серед іншого йшлося про гарантії безпеки.",
        "uk",
    )
    topic = {"c:guarantees", "k:hrnt", "t:guarantee", "t:security"}

    def window(key: str) -> float:
        return 3.0 if key in topic else rare(key)

    hour = timedelta(hours=1)
    assert only_the_topic_across(leak, budanov)
    assert same_story_probability(pair_features(leak, budanov, hour, 0, window)) >= SAME_STORY
    assert score(leak, budanov, hour, 0, window) == 0.0
    named = extract("Умєров і Віткофф обговорили гарантії безпеки", "", "uk")
    witkoff = extract("Witkoff meets Umerov on security guarantees", "", "en")
    assert not only_the_topic_across(named, witkoff)


def test_two_languages_sharing_a_word_beyond_the_topic_need_less_of_the_model() -> None:
    """Trump's "settle now" threat reported in English and Russian: nothing specific in
    common, but levies and tariffs are no topic's own words, so the pair is one story
    from `BEYOND_THE_TOPIC` rather than `ONLY_THE_TOPIC`."""
    en = extract(
        "Trump tells Putin to 'settle now' or face steep levies on Russian goods",
        "The US president said tariffs on Russian exports would follow if Moscow stalled.",
        "en",
    )
    ru = extract(
        "Трамп пригрозил Москве пошлинами за отказ «урегулировать сейчас»",
        "Президент США пообещал ввести тарифы на российские товары.",
        "ru",
    )
    three_hours = timedelta(hours=3)
    assert only_the_topic_across(en, ru)
    assert {"c:tariff", "t:tariff"} <= en.inter & ru.inter
    probability = same_story_probability(pair_features(en, ru, three_hours, 0, rare))
    assert BEYOND_THE_TOPIC <= probability < ONLY_THE_TOPIC
    assert score(en, ru, three_hours, 0, rare) > 0


def test_one_statement_reported_in_two_languages_that_share_only_the_topic_is_one_story() -> None:
    """Nothing specific in common but Putin, Russia and Europe, worded apart — and the
    model is sure: one statement."""
    en = extract(
        "Putin says Russia is 'ready' if Europe wants war",
        "The remarks came hours before he was due to receive Trump's envoys in the Kremlin.",
        "en",
    )
    ru = extract(
        "Путин: Россия не собирается воевать с Европой, но если Европа начнет — готова",
        "Президент заявил, что европейцы «мешают» американским мирным усилиям.",
        "ru",
    )
    two_hours = timedelta(hours=2)
    assert only_the_topic_across(en, ru)
    assert score(en, ru, two_hours, 0, rare) >= ONLY_THE_TOPIC


def test_two_languages_whose_reports_share_three_translated_words_are_more_than_the_topic() -> None:
    """Headlines worded apart, no name or figure in common, but the summaries report the
    same outcome: humanitarian corridors for civilians and a third meeting."""
    en = extract(
        "Negotiators leave with little to show",
        "They agreed only on humanitarian corridors for civilians and a third meeting next week.",
        "en",
    )
    uk = extract(
        "Сторони розійшлися без прориву",
        "Домовилися лише про гуманітарні коридори для цивільних і третю зустріч наступного тижня.",
        "uk",
    )
    assert sum(key.startswith("t:") for key in en.inter & uk.inter) >= SHARED_TRANSLATED_WORDS
    assert not en.title & uk.title
    assert not only_the_topic_across(en, uk)


def test_a_pair_that_shares_a_few_words_is_not_weighed() -> None:
    truce = extract(
        "Turkey proposes a Black Sea truce to protect Ukrainian grain shipping", "", "en"
    )
    port = extract("Mariupol port reopens for grain ships after repairs", "", "en")
    values = pair_features(truce, port, timedelta(minutes=10), 0, rare)
    assert below_floor(values)
    assert score(truce, port, timedelta(minutes=10), 0, rare) == 0.0


def test_a_rebuttal_is_weighed_though_it_repeats_little_of_the_claim() -> None:
    """ "Podolyak calls Putin's terms absurd" shares a few keys with the terms it dismisses."""
    cosine = (MIN_COSINE[False] + REBUTTAL_MIN_COSINE) / 2

    def pair(rebuttal: float) -> tuple[float, ...]:
        values = dict.fromkeys(PAIR_FEATURES, 0.0)
        values.update(bias=1.0, cosine=cosine, headline_cosine=cosine, rebuttal=rebuttal)
        return tuple(values.values())

    assert below_floor(pair(rebuttal=0.0))
    assert not below_floor(pair(rebuttal=1.0))


def test_fitting_weighs_what_separates_the_examples() -> None:
    zeros = [0.0] * (len(PAIR_FEATURES) - 2)
    data = [((1.0, cos, *zeros), cos > 0.5) for cos in (0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9)]
    weights = fit(data * 5)
    assert list(weights) == list(MODEL_TERMS)
    close, far = ((1.0, cos, *zeros) for cos in (0.9, 0.1))
    assert log_odds(close, weights) > 0 > log_odds(far, weights)
    with pytest.raises(ValueError, match="pairs of one story and pairs of two"):
        fit([((1.0, 0.5, *zeros), True)])


def test_the_examples_of_a_labelled_stream_are_the_pairs_the_clusterer_weighs() -> None:
    with TUNE.open(encoding="utf-8") as lines:
        stream = parse_labelled(lines)[:60]
    found = examples(stream, timedelta(hours=48))
    assert found and all(len(values) == len(PAIR_FEATURES) for values, _ in found)
    assert {same for _, same in found} == {True, False}


def test_the_fit_tool_prints_a_weights_module(tmp_path: Path) -> None:
    labelled = tmp_path / "stream.jsonl"
    labelled.write_text("".join(TUNE.read_text(encoding="utf-8").splitlines(True)[:80]))
    out = io.StringIO()
    assert run_fit_tool([labelled], out) == 0
    module: dict[str, object] = {}
    exec(out.getvalue(), module)
    assert list(module["WEIGHTS"]) == list(MODEL_TERMS)  # type: ignore[call-overload]
