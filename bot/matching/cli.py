"""The operator's matching tool behind ``python -m bot match``.

JSON lines in (``{"id", "title", "summary", "lang"}``), one JSON line out per item in the
same order::

    {"id": 7, "topics": ["ceasefire"], "terms": {"ceasefire": ["truce", "перемирʼя"]},
     "rule_terms": {"ceasefire": ["truce*", "перемир*"]}}

``terms`` are the matched words as they appear in the item (what an alert bolds);
``rule_terms`` are the rule terms that produced them.  A line that is not a JSON object
gets ``{"id": null, "error": "..."}`` in its place, so output lines still pair with input
lines.  Input that does not start with ``{`` is read as plain text instead (first line the
title, the rest the summary) and the result is printed for a person to read.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from bot.matching.engine import Matcher, MatchResult


def _as_json(item_id: Any, result: MatchResult) -> dict[str, Any]:
    terms = {topic: result.topic_terms(topic) for topic in result.topics}
    rule_terms: dict[str, list[str]] = {}
    for topic, hits in result.topics.items():
        written = rule_terms.setdefault(topic, [])
        for hit in hits:
            if hit.term not in written:
                written.append(hit.term)
    return {"id": item_id, "topics": list(result.topics), "terms": terms, "rule_terms": rule_terms}


def _json_line(line: str, matcher: Matcher) -> tuple[dict[str, Any], bool]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"not JSON: {exc.msg} at column {exc.colno}"}, False
    if not isinstance(item, dict):
        return {"id": None, "error": "expected a JSON object"}, False
    title, summary, lang = item.get("title") or "", item.get("summary") or "", item.get("lang")
    if not isinstance(title, str) or not isinstance(summary, str):
        return {"id": item.get("id"), "error": "title and summary must be strings"}, False
    result = matcher.match(title, summary, lang if isinstance(lang, str) else None)
    return _as_json(item.get("id"), result), True


def _readable(result: MatchResult) -> str:
    if not result.topics:
        return "no topic matched\n"
    width = max(len(t) for t in result.topics)
    lines = []
    for topic, hits in result.topics.items():
        shown = []
        for hit in hits:
            label = (
                hit.surface
                if hit.surface.casefold() == hit.term.casefold()
                else (f"{hit.surface} ← {hit.term}")
            )
            where = "" if hit.field == "title" else " (summary)"
            if label + where not in shown:
                shown.append(label + where)
        lines.append(f"{topic:<{width}}  {', '.join(shown)}")
    return "\n".join(lines) + "\n"


def run_match_tool(stdin: TextIO, stdout: TextIO, matcher: Matcher) -> int:
    """Run the tool over `stdin`; returns the exit status (1 if any JSON line was bad)."""
    text = stdin.read()
    if not text.lstrip().startswith("{"):
        title, _, summary = text.strip().partition("\n")
        stdout.write(_readable(matcher.match(title.strip(), summary.strip())))
        return 0
    status = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        out, ok = _json_line(line, matcher)
        if not ok:
            status = 1
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return status
