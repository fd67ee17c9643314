"""The operator's stories tool: JSON lines in, story per item out, bad lines reported."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.stories.cli import (
    run_fit_tool,
    run_overlay_tool,
    run_stories_tool,
    run_translations_tool,
)

PAIRS_FILE = Path(__file__).parent / "data" / "story_pairs.jsonl"


def event_items(*events: str) -> list[dict[str, object]]:
    """Distinct items of the given labelled events, in publication order."""
    seen: dict[str, dict[str, object]] = {}
    for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        for key, event in zip(("a", "b"), pair["events"], strict=True):
            if event in events:
                seen[pair[key]["id"]] = pair[key]
    return sorted(seen.values(), key=lambda i: str(i["published"]))


def run(lines: list[str]) -> tuple[int, list[dict[str, str]], str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_stories_tool(io.StringIO("\n".join(lines) + "\n"), stdout, stderr=stderr)
    return code, [json.loads(line) for line in stdout.getvalue().splitlines()], stderr.getvalue()


def test_items_of_one_event_in_three_languages_share_a_story() -> None:
    items = event_items("E19")
    code, out, errors = run([json.dumps(i, ensure_ascii=False) for i in items])
    assert code == 0 and errors == ""
    assert [o["id"] for o in out] == [i["id"] for i in items]
    assert {o["story"] for o in out} == {items[0]["id"]}


def test_two_kremlin_statements_get_two_stories() -> None:
    items = event_items("E27", "E28")
    code, out, _ = run([json.dumps(i, ensure_ascii=False) for i in items])
    assert code == 0
    stories = {o["id"]: o["story"] for o in out}
    assert stories["e27-ria"] != stories["e28-tass"]


def test_bad_lines_are_reported_on_stderr_and_skipped() -> None:
    good = [json.dumps(i, ensure_ascii=False) for i in event_items("E12")]
    lines = [
        good[0],
        "{not json",
        json.dumps({"id": "x", "source": "s", "title": "t", "published": "yesterday"}),
        json.dumps({"id": "y", "source": "s", "title": "t", "published": "2025-05-24T12:00:00"}),
        json.dumps({"id": "z", "title": "t", "published": "2025-05-24T12:00:00Z"}),
        "",
        *good[1:],
    ]
    code, out, errors = run(lines)
    assert code == 1
    assert [o["id"] for o in out] == [json.loads(g)["id"] for g in good]
    assert "line 2: not valid JSON" in errors
    assert 'line 3: "published" is not ISO 8601' in errors
    assert 'line 4: "published" has no timezone' in errors
    assert 'line 5: "source" must be a non-empty string' in errors
    assert len(errors.splitlines()) == 4


LabelledFilesTool = Callable[..., int]


@pytest.mark.parametrize("tool", [run_fit_tool, run_overlay_tool, run_translations_tool])
def test_a_tool_that_reads_labelled_files_names_one_it_cannot_read(
    tool: LabelledFilesTool, tmp_path: Path
) -> None:
    """--fit, --overlay and --translations refuse a file that cannot be read whole."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x"}) + "\n")
    errors = io.StringIO()
    assert tool([bad], io.StringIO(), stderr=errors) == 2
    assert "bad.jsonl" in errors.getvalue()
