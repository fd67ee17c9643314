"""The topic model beside the rules: its features, its verdicts, its settings and its fit."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml

from bot.config import ConfigError, read_feeds_file
from bot.matching import Matcher, load_matching_config
from bot.matching.cli import explain, readable
from bot.matching.fit import fit
from bot.matching.model import (
    FeatureReader,
    TopicModel,
    item_features,
    lede,
    shipped_model,
)
from bot.matching.rules import ModelSettings, TopicSpec
from tests.support import ROOT

CEASEFIRE = TopicSpec.model_validate(
    {
        "id": "ceasefire",
        "name": "Ceasefire",
        "description": "Truces",
        "rules": [{"any": ["truce"]}],
    }
)
PRISONERS_NOT_HOCKEY = {
    "id": "prisoners",
    "name": "Prisoners",
    "description": "Swaps",
    "rules": [{"any": ["prisoner"]}],
    "not": ["hockey"],
}
PRISONERS = TopicSpec.model_validate(
    {
        "id": "prisoners",
        "name": "Prisoners",
        "description": "Swaps",
        "rules": [{"any": ["prisoner"]}],
    }
)
TOY = TopicModel(
    ["ceasefire", "prisoners"],
    [-3.0, -3.0],
    {
        "truce": [(0, 2.0)],
        "sport": [(0, -4.0)],
        "^swap": [(1, 3.0)],
        "swap": [(1, 1.0)],
        "prisoner swap": [(1, 1.0)],
    },
)
"""Two topics: "truce" raises ceasefire, "sport" rules it out; a swap in a headline is
prisoners even without the rule's word."""
STANDFIRST = "Officials on both sides confirmed the news on Tuesday evening in the capital."


def _matcher(settings: ModelSettings | None = None) -> Matcher:
    return Matcher([CEASEFIRE, PRISONERS], model=TOY, settings=settings)


def _p(total: float) -> float:
    return 1.0 / (1.0 + math.exp(-total))


def test_features_are_words_headline_words_and_neighbours_in_one_field() -> None:
    features = item_features(["truce", "", "hold", "", "", "two", "day"], summary_part=4)
    assert features == {
        "truce",
        "^truce",
        "hold",
        "^hold",
        "truce hold",
        "two",
        "day",
        "two day",
    }


def test_the_model_does_not_read_a_role_clause() -> None:
    read = FeatureReader()
    summary = "Medinsky, who led Russia's delegation in Istanbul, wrote the preface."
    features = read("New history textbook", summary, "en")
    assert {"medinsky", "write", "preface"} <= features
    assert not {"delegation", "istanbul", "lead"} & features


def test_probabilities_sum_the_weights_of_the_features_present() -> None:
    chances = TOY.probabilities({"truce", "swap", "unknown"})
    assert chances["ceasefire"] == pytest.approx(_p(-3.0 + 2.0))
    assert chances["prisoners"] == pytest.approx(_p(-3.0 + 1.0))
    rows = TOY.rows(["swap"], ["prisoner", "swap", "truce"])
    assert TOY.strongest(rows, "prisoners") == [
        "^swap",
        "prisoner swap",
        "swap",
    ]


def test_an_item_far_against_every_topic_reads_nought_without_overflow() -> None:
    against = TopicModel(["ceasefire"], [-900.0], {"sport": [(0, -900.0)]})
    assert against.probabilities({"sport"})["ceasefire"] < 1e-300
    assert against.chances(against.rows(["sport"], []))[0] < 1e-300


def test_reading_lemmas_gives_the_probabilities_of_their_features() -> None:
    lemmas = ["prisoner", "swap", "", "truce", "sport", "swap"]
    features = item_features(lemmas, summary_part=3)
    title, summary, _ = lede(lemmas, summary_part=3)
    read = dict(zip(TOY.topics, TOY.chances(TOY.rows(title, summary)), strict=True))
    assert read == TOY.probabilities(features)


def test_the_model_survives_its_file_format() -> None:
    again = TopicModel.from_json(TOY.to_json())
    features = {"truce", "^swap", "sport"}
    assert again.probabilities(features) == pytest.approx(TOY.probabilities(features))
    assert TOY.to_gzip() == again.to_gzip()


def test_a_rule_the_model_rules_out_is_dropped_when_the_item_has_a_standfirst() -> None:
    result = _matcher().match("Sport truce agreed", STANDFIRST, "en")
    assert "ceasefire" not in result.topics
    assert result.overruled == {"ceasefire": (0,)}
    assert result.model["ceasefire"] < 0.1


def test_a_bare_headline_keeps_what_its_rules_found() -> None:
    """The model was fitted on items with a standfirst: on a headline alone it is unsure."""
    result = _matcher().match("Sport truce agreed", "", "en")
    assert set(result.topics) == {"ceasefire"}
    assert result.overruled == {}


def test_a_long_article_body_keeps_what_its_rules_found() -> None:
    """Past a standfirst's length the rest of an article outweighs a topic it mentions."""
    body = " ".join([STANDFIRST] * 6)
    result = _matcher().match("Sport truce agreed", body, "en")
    assert set(result.topics) == {"ceasefire"}
    assert result.overruled == {}


def test_the_model_reads_a_long_body_by_its_lede() -> None:
    lemmas = ["swap", *(["word"] * 100), "truce"]
    title, summary, words = lede(lemmas, summary_part=1)
    assert title == ["swap"] and words == 101 and len(summary) == 60
    assert TOY.chances(TOY.rows(title, ["truce"])) != TOY.chances(TOY.rows(title, summary))


def test_the_model_alone_adds_a_topic_it_is_sure_of_and_shows_why() -> None:
    result = _matcher().match("Swap on the border", f"A big swap. {STANDFIRST}", "en")
    assert set(result.topics) == {"prisoners"}
    assert result.rules["prisoners"] == ()
    assert result.model["prisoners"] == pytest.approx(_p(-3.0 + 3.0 + 1.0))
    assert [(h.surface, h.field) for h in result.topics["prisoners"]] == [("Swap", "title")]


def test_a_topic_s_own_veto_holds_against_the_model_too() -> None:
    matcher = Matcher(
        [CEASEFIRE, TopicSpec.model_validate(PRISONERS_NOT_HOCKEY)], model=TOY, settings=None
    )
    result = matcher.match("Swap on the border", f"A big hockey swap. {STANDFIRST}", "en")
    assert result.topics == {}
    assert result.model["prisoners"] > 0.7


def test_the_thresholds_come_from_the_settings() -> None:
    strict = _matcher(ModelSettings(alone=0.99, with_rule=0.5))
    result = strict.match("Swap on the border", f"A big swap. {STANDFIRST}", "en")
    assert result.topics == {}
    assert strict.match("A truce", STANDFIRST, "en").topics == {}


def test_one_topic_s_rules_can_need_more_of_the_model() -> None:
    """A truce reads σ(-3 + 2) = 0.27 for ceasefire: kept at the usual `with_rule`, ruled
    out when ceasefire needs 0.5; a swap's prisoners (σ(-3 + 3 + 1) = 0.73) is untouched."""
    item = ("Truce and prisoner swap", STANDFIRST, "en")
    assert set(_matcher().match(*item).topics) == {"ceasefire", "prisoners"}
    stricter = _matcher(ModelSettings(with_rule=0.1, with_rule_for={"ceasefire": 0.5}))
    result = stricter.match(*item)
    assert set(result.topics) == {"prisoners"}
    assert "ceasefire" in result.overruled
    assert "below with_rule 0.5: overruled" in readable(result, stricter, True)


def test_personal_keywords_are_the_subscriber_s_and_never_judged() -> None:
    matcher = _matcher()
    matcher.add_keyword("k1", "sport")
    result = matcher.match("Sport truce agreed", STANDFIRST, "en")
    assert set(result.keywords) == {"k1"}


def test_without_a_model_section_topics_match_by_rules_alone() -> None:
    data = yaml.safe_load((ROOT / "feeds.yaml").read_text("utf-8"))
    del data["model"]
    matcher = Matcher.from_config(load_matching_config(data))
    result = matcher.match("Russia and Ukraine agree a truce", STANDFIRST, "en")
    assert result.model == {} and "ceasefire" in result.topics


@pytest.mark.parametrize(
    ("section", "fix"),
    [
        ("model:\n  alone: 1.5\n", "probability between 0 and 1"),
        ("model:\n  alone: 0.4\n  with_rule: 0.6\n", "with_rule must not be above alone"),
        ("model:\n  alone: 0.6\n  veto: 0.1\n", "unknown key 'veto'"),
        (
            "model:\n  alone: 0.6\n  with_rule_for:\n    ceasefire: 0.8\n",
            "with_rule_for ceasefire must not be above alone",
        ),
    ],
)
def test_a_bad_model_section_names_its_line_and_the_fix(
    tmp_path: Path, section: str, fix: str
) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(f"feeds:\n  - name: A\n    url: https://a.example/rss\n{section}", "utf-8")
    with pytest.raises(ConfigError) as caught:
        read_feeds_file(path)
    [problem] = caught.value.problems
    assert problem.line is not None and problem.line >= 4
    assert fix in problem.message


def test_the_shipped_model_judges_the_shipped_topics() -> None:
    topics = [t.id for t in read_feeds_file(ROOT / "feeds.yaml").topics]
    assert list(shipped_model().topics) == topics


def test_fitting_learns_the_words_of_each_topic() -> None:
    """Scikit-learn's logistic regression on a small labelled set: the fitted model puts
    new items with the topic's words above one half and others far below."""
    truces = ["truce holds", "truce broken", "new truce", "truce talks", "easter truce"]
    swaps = ["prisoner swap", "swap of prisoners", "prisoners home", "swap done", "big swap"]
    other = ["football final", "oil prices", "weather news", "stock market", "film award"]
    items = [
        {"title": t, "summary": "", "lang": "en", "topics": topics}
        for titles, topics in ((truces, ["ceasefire"]), (swaps, ["prisoners"]), (other, []))
        for t in titles * 3
    ]
    model = fit(items, ["ceasefire", "prisoners"])
    read = FeatureReader()
    assert model.probabilities(read("A truce at last", "", "en"))["ceasefire"] > 0.5
    assert model.probabilities(read("Swap of prisoners", "", "en"))["prisoners"] > 0.5
    assert max(model.probabilities(read("Football prices", "", "en")).values()) < 0.2
    assert json.loads(model.to_json())["topics"] == ["ceasefire", "prisoners"]


def test_explain_shows_the_model_s_verdict_beside_the_rules() -> None:
    matcher = _matcher()
    overruled = readable(matcher.match("Sport truce agreed", STANDFIRST, "en"), matcher, True)
    assert "ceasefire  rule 0: any [truce]" in overruled
    assert "below with_rule 0.1: overruled" in overruled
    alone = explain(matcher.match("Swap on the border", f"A big swap. {STANDFIRST}", "en"), matcher)
    [verdict] = alone["prisoners"]
    assert verdict["rule"] == "model" and verdict["model"] == pytest.approx(0.731, abs=0.001)
    assert "matched without a rule" in verdict["text"]
    assert [h["text"] for h in verdict["hits"]] == ["Swap"]
