"""The rule language: what is accepted, and how a mistake is explained."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from bot.matching.rules import TopicSpec, load_matching_config, parse_keyword

ROOT = Path(__file__).resolve().parent.parent
TOPIC_IDS = [
    "ceasefire",
    "security-guarantees",
    "territory",
    "nato-neutrality",
    "sanctions",
    "nuclear-plant",
    "peace-plan",
    "talks-summit",
    "prisoners",
    "elections-legitimacy",
]


def _topic(**overrides: Any) -> dict[str, Any]:
    topic: dict[str, Any] = {
        "id": "ceasefire",
        "name": "Ceasefire",
        "description": "Truces",
        "rules": [{"any": ["truce*"]}],
    }
    topic.update(overrides)
    return topic


def _errors(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as info:
        load_matching_config(data)
    return [(tuple(e["loc"]), e["msg"]) for e in info.value.errors()]


def test_shipped_topics_load_with_the_ten_ids() -> None:
    cfg = load_matching_config(yaml.safe_load((ROOT / "feeds.yaml").read_text("utf-8")))
    assert [t.id for t in cfg.topics] == TOPIC_IDS
    assert all(t.name and t.description for t in cfg.topics)


def test_empty_group_is_an_error_at_its_place() -> None:
    errors = _errors({"topics": [_topic(rules=[{"all": [["truce"], []]}])]})
    assert errors == [
        (
            ("topics", 0, "rules", 0, "all", 1),
            "empty group: list at least one term, or remove the key",
        )
    ]


def test_short_wildcard_is_an_error_saying_what_to_write() -> None:
    ((loc, msg),) = _errors({"topics": [_topic(rules=[{"any": ["truce", "пе*"]}])]})
    assert loc == ("topics", 0, "rules", 0, "any", 1)
    assert "at least 3 letters before *" in msg


def test_unknown_key_is_named_with_the_allowed_ones() -> None:
    ((loc, msg),) = _errors({"topics": [_topic(keywords=["truce"])]})
    assert loc == ("topics", 0, "keywords")
    assert "unknown key 'keywords'" in msg and "rules" in msg


def test_unknown_key_inside_a_rule() -> None:
    ((loc, msg),) = _errors({"topics": [_topic(rules=[{"any": ["truce"], "none": ["x"]}])]})
    assert loc == ("topics", 0, "rules", 0, "none")
    assert "allowed keys here are any, all, near, not" in msg


def test_rule_without_positive_part_is_an_error() -> None:
    ((loc, msg),) = _errors({"topics": [_topic(rules=[{"not": ["gaza"]}])]})
    assert loc == ("topics", 0, "rules", 0)
    assert "needs an 'any' list or an 'all' list" in msg


def test_context_must_be_defined() -> None:
    ((loc, msg),) = _errors(
        {"contexts": {"ukraine-war": ["ukrain*"]}, "topics": [_topic(context="ukraine")]}
    )
    assert loc == ("topics", 0, "context")
    assert "'ukraine' is not defined" in msg and "ukraine-war" in msg


def test_a_not_context_must_be_defined() -> None:
    ((loc, msg),) = _errors(
        {
            "contexts": {"ukraine-war": ["ukrain*"], "other-wars": ["karabakh*"]},
            "topics": [_topic(not_contexts=["other-wars", "other-war"])],
        }
    )
    assert loc == ("topics", 0, "not_contexts", 1)
    assert "'other-war' is not defined" in msg and "other-wars" in msg


def test_a_topic_needing_more_of_the_model_must_be_defined() -> None:
    ((loc, msg),) = _errors({"topics": [_topic()], "model": {"with_rule_for": {"talks": 0.3}}})
    assert loc == ("model", "with_rule_for", "talks")
    assert "names topic 'talks', which is not under topics:" in msg


def test_duplicate_topic_ids_are_refused() -> None:
    ((loc, _),) = _errors({"topics": [_topic(), _topic()]})
    assert loc == ("topics", 1, "id")


def test_regex_in_a_rule_is_refused() -> None:
    ((_, msg),) = _errors({"topics": [_topic(rules=[{"any": ["cease.*fire"]}])]})
    assert "regular expression" in msg


def test_a_phrase_across_a_comma_is_refused_saying_what_to_write() -> None:
    """The lemma stream keeps punctuation, so such a phrase could never match."""
    ((_, msg),) = _errors({"topics": [_topic(rules=[{"any": ["stop there, where they are"]}])]})
    assert "never matches across a comma" in msg and "near:" in msg


def test_topic_spec_rejects_bad_slug() -> None:
    with pytest.raises(ValidationError, match="not a valid id"):
        TopicSpec.model_validate(_topic(id="Cease Fire"))


def test_group_may_be_a_single_string() -> None:
    cfg = load_matching_config({"topics": [_topic(rules=[{"all": ["energy", ["truce"]]}])]})
    assert cfg.topics[0].rules[0].all_ == [["energy"], ["truce"]]


def test_other_top_level_sections_are_left_alone() -> None:
    cfg = load_matching_config({"feeds": [{"url": "x"}], "topics": [_topic()]})
    assert cfg.contexts == {}


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Ceasefire", "ceasefire"),
        ('"Peace  Plan"', "peace plan"),
        ("перемир*", "перемир*"),
        ("cease-fire", "cease-fire"),
        ("Kyiv's", "kyiv's"),
    ],
)
def test_keywords_accepted(text: str, normalised: str) -> None:
    assert parse_keyword(text) == normalised


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 65, "at most 64 characters"),
        ("1234", "at least one letter"),
        ("!!!", "at least one letter"),
        ("пе*", "at least 3 letters before *"),
        ("(war|peace)", "regular expression"),
        ("war.*", "regular expression"),
        ("\\bwar\\b", "regular expression"),
        ("пере*мир", "may only end the term"),
        ("truce<script>", "contains < >"),
        ("truce, Easter", "across a comma"),
    ],
)
def test_keywords_refused_with_a_message_for_the_subscriber(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("*", r"\*")):
        parse_keyword(text)


def test_near_is_a_number_of_words_for_two_or_more_groups() -> None:
    cfg = load_matching_config(
        {"topics": [_topic(rules=[{"all": [["lift"], ["sanction*"]], "near": 5}])]}
    )
    assert cfg.topics[0].rules[0].near == 5


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"all": [["lift"], ["sanction*"]], "near": 0}, "from 1 to 50"),
        ({"all": [["lift"], ["sanction*"]], "near": "close"}, "whole number of words"),
        ({"all": [["lift"], ["sanction*"]], "near": True}, "whole number of words"),
        ({"any": ["truce"], "near": 5}, "at least two groups"),
        ({"all": [["truce"]], "near": 5}, "at least two groups"),
    ],
)
def test_near_mistakes_say_what_to_write(rule: dict[str, Any], message: str) -> None:
    ((_, msg),) = _errors({"topics": [_topic(rules=[rule])]})
    assert message in msg
