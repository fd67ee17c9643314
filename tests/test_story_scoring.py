"""The one precision/recall, B-cubed, and `python -m bot stories --score`."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.evaluation import Score, bcubed
from bot.stories.cli import run_overlay_tool, run_score_tool
from bot.stories.clustering import StoryInput
from bot.stories.evaluation import LabelledItem, overlay, parse_labelled, score_stream

DATA = Path(__file__).parent / "data"


def test_score_counts() -> None:
    score = Score(tp=8, fp=2, fn=8)
    assert score.precision == 0.8
    assert score.recall == 0.5
    assert score.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert Score(0, 0, 0).precision == 1.0 and Score(0, 0, 0).recall == 1.0
    assert Score(1, 2, 3) + Score(1, 1, 1) == Score(2, 3, 4)


def test_bcubed_of_a_perfect_an_all_in_one_and_a_singleton_clustering() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert bcubed(gold, gold).precision == 1.0
    merged = bcubed(gold, dict.fromkeys(gold, "one"))
    assert (merged.precision, merged.recall) == (0.5, 1.0)
    split = bcubed(gold, {k: k for k in gold})
    assert (split.precision, split.recall) == (1.0, 0.5)
    with pytest.raises(ValueError):
        bcubed(gold, {"a": "x"})


def line(id: str, story: str, hour: int, title: str, lang: str = "en") -> str:
    return json.dumps(
        {
            "id": id,
            "story": story,
            "lang": lang,
            "source": f"outlet-{id}",
            "published": f"2025-05-23T{hour:02d}:00:00Z",
            "title": title,
            "summary": "",
            "case": "ignored",
        },
        ensure_ascii=False,
    )


SWAP = "Russia and Ukraine swap 390 prisoners each in first stage of exchange"
LINES = [
    line("a", "swap", 9, SWAP),
    line("b", "swap", 10, SWAP),
    line("c", "swap", 11, "Росія та Україна обміняли по 390 полонених", "uk"),
    line("d", "call", 12, "Macron and Starmer discuss security guarantees by phone"),
]


def test_a_stream_is_scored_on_pairs_cross_language_pairs_and_b_cubed() -> None:
    report = score_stream(parse_labelled(LINES))
    assert (report.items, report.gold_stories) == (4, 2)
    assert report.pairs.tp + report.pairs.fn == 3
    assert report.cross_language.tp + report.cross_language.fn == 2
    assert 0.0 <= report.b_cubed.recall <= 1.0


def test_pairs_further_apart_than_the_horizon_are_not_scored() -> None:
    far = json.loads(LINES[1])
    far["published"] = "2025-05-26T10:00:00Z"
    report = score_stream(parse_labelled([LINES[0], json.dumps(far)]))
    assert report.pairs == Score(0, 0, 0)


def test_pair_lines_expand_into_their_two_items_labelled_with_their_events() -> None:
    a, b = json.loads(LINES[0]), json.loads(LINES[3])
    pair = json.dumps({"a": a, "b": b, "same": False, "events": ["E1", "E2"]})
    labelled = parse_labelled([pair, pair])
    assert [(e.item.id, e.story) for e in labelled] == [("a", "E1"), ("d", "E2")]


def test_one_id_with_two_gold_stories_is_refused() -> None:
    clash = json.loads(LINES[0]) | {"story": "other"}
    with pytest.raises(ValueError, match="line 2: id 'a' is labelled both"):
        parse_labelled([LINES[0], json.dumps(clash)])


def test_the_tool_prints_figures_only_unless_errors_are_asked_for() -> None:
    out = io.StringIO()
    assert run_score_tool(io.StringIO("\n".join(LINES)), out) == 0
    text = out.getvalue()
    assert "pairs (at most 48 h apart): precision" in text
    assert "cross-language pairs:" in text and "B-cubed:" in text
    assert SWAP not in text and "MISSED" not in text and "WRONG MERGE" not in text
    wrong = [*LINES, line("e", "call", 13, SWAP)]
    detailed = io.StringIO()
    assert run_score_tool(io.StringIO("\n".join(wrong)), detailed, errors=True) == 0
    assert "WRONG MERGE gold swap / call" in detailed.getvalue()


def test_the_tool_refuses_a_file_with_a_bad_line() -> None:
    err = io.StringIO()
    bad = json.dumps({"id": "x", "source": "s", "title": "t", "published": "2025-05-23"})
    code = run_score_tool(io.StringIO(bad), io.StringIO(), stderr=err)
    assert code == 2
    assert err.getvalue().startswith("line 1: ")


def _labelled(item_id: str, story: str, published: str) -> LabelledItem:
    moment = datetime.fromisoformat(published).replace(tzinfo=UTC)
    return LabelledItem(StoryInput(item_id, "en", "Wire", moment, f"Headline {item_id}", ""), story)


def test_streams_laid_over_one_another_share_one_calendar_and_keep_their_stories() -> None:
    kyiv = [
        _labelled("a1", "talks", "2022-03-29T10:00"),
        _labelled("a2", "talks", "2022-03-30T12:00"),
        _labelled("a3", "swap", "2022-04-14T09:30"),
    ]
    geneva = [
        _labelled("b1", "talks", "2025-11-23T08:00"),
        _labelled("b2", "plan", "2022-04-03T07:00"),
    ]
    moved, counted = overlay([kyiv, geneva])
    when = {e.item.id: e.item.published.isoformat() for e in moved}
    assert when == {
        # each stream's first busy period starts on the first day of the shared calendar…
        "0:a1": "2030-01-05T10:00:00+00:00",
        "0:a2": "2030-01-06T12:00:00+00:00",
        # …its second a week later, whatever the real gap
        "0:a3": "2030-01-12T09:30:00+00:00",
        "1:b2": "2030-01-05T07:00:00+00:00",
        "1:b1": "2030-01-12T08:00:00+00:00",
    }
    story = {e.item.id: e.story for e in moved}
    assert story["0:a1"] == story["0:a2"] != story["1:b1"]
    by_id = {e.item.id: e for e in moved}
    assert counted(by_id["0:a1"], by_id["0:a2"])
    assert counted(by_id["0:a1"], by_id["1:b1"])  # years apart: two events
    assert not counted(by_id["0:a1"], by_id["1:b2"])  # five days apart: maybe one event


def test_the_overlay_tool_scores_several_files_as_one_busy_window(tmp_path: Path) -> None:
    lines = (DATA / "stories_tune.jsonl").read_text(encoding="utf-8").splitlines(True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:60]), encoding="utf-8")
    second.write_text("".join(lines[60:120]), encoding="utf-8")
    out = io.StringIO()
    assert run_overlay_tool([first, second], out) == 0
    assert out.getvalue().startswith("2 streams laid over one another\n120 items")
    errors = io.StringIO()
    assert run_overlay_tool([first, tmp_path / "missing.jsonl"], out, stderr=errors) == 2
    assert "missing.jsonl" in errors.getvalue()
