"""`python -m bot match`: JSON lines in, JSON lines out; plain text in, readable out."""

from __future__ import annotations

import io
import json

import pytest

from bot.matching import Matcher, load_matching_config
from bot.matching.cli import run_match_tool


@pytest.fixture
def matcher() -> Matcher:
    cfg = load_matching_config({
        "contexts": {"ukraine-war": ["ukrain*", "kyiv", "україн*"]},
        "topics": [
            {"id": "ceasefire", "name": "Ceasefire", "description": "Truces",
             "context": "ukraine-war", "rules": [{"any": ["truce*", "перемир*"]}]},
            {"id": "prisoners", "name": "Prisoners", "description": "Exchanges",
             "context": "ukraine-war",
             "rules": [{"all": [["prisoner*", "pow*"], ["swap*", "exchange*"]]}]},
        ],
    })
    return Matcher.from_config(cfg)


def _run(text: str, matcher: Matcher) -> tuple[int, str]:
    out = io.StringIO()
    status = run_match_tool(io.StringIO(text), out, matcher)
    return status, out.getvalue()


def test_json_lines_come_back_in_order_with_topics_and_terms(matcher: Matcher) -> None:
    lines = [
        {"id": "a", "title": "Ukraine truce holds", "summary": "", "lang": "en"},
        {"id": 2, "title": "Weather", "summary": "Sunny in Kyiv"},
        {"id": "c", "title": "Україна: перемирʼя", "summary": "Prisoner swap in Ukraine",
         "lang": "uk"},
    ]
    status, out = _run("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), matcher)
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [r["id"] for r in rows] == ["a", 2, "c"]
    assert rows[0]["topics"] == ["ceasefire"] and rows[0]["terms"] == {"ceasefire": ["truce"]}
    assert rows[1]["topics"] == [] and rows[1]["terms"] == {}
    assert rows[2]["topics"] == ["ceasefire", "prisoners"]
    assert rows[2]["terms"]["ceasefire"] == ["перемирʼя"]
    assert rows[2]["rule_terms"]["ceasefire"] == ["перемир*"]


def test_a_bad_line_keeps_its_place_and_fails_the_run(matcher: Matcher) -> None:
    text = '{"id": 1, "title": "Ukraine truce"}\n{not json\n{"id": 3, "title": "x"}\n'
    status, out = _run(text, matcher)
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [r["id"] for r in rows] == [1, None, 3]
    assert "not JSON" in rows[1]["error"]


def test_plain_text_is_explained_for_a_person(matcher: Matcher) -> None:
    status, out = _run("Ukraine and Russia swap prisoners\nA truce was also discussed.\n",
                       matcher)
    assert status == 0
    assert "ceasefire" in out and "truce ← truce* (summary)" in out
    assert "prisoners" in out and "swap ← swap*" in out


def test_plain_text_without_topics_says_so(matcher: Matcher) -> None:
    assert _run("Sunny weather in Lviv", matcher) == (0, "no topic matched\n")
