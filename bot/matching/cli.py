"""The operator's matching tools behind ``python -m bot match``.

Three ways to look at the rules of ``feeds.yaml`` before they are deployed:

* items on stdin — JSON lines in (``{"id", "title", "summary", "lang"}``), one JSON line
  out per item in the same order::

      {"id": 7, "topics": ["ceasefire"], "terms": {"ceasefire": ["truce", "перемирʼя"]},
       "rule_terms": {"ceasefire": ["truce*", "перемир*"]}}

  ``terms`` are the matched words as they appear in the item (what an alert bolds);
  ``rule_terms`` the rule terms that produced them.  A line that is not a JSON object
  gets ``{"id": null, "error": "..."}`` in its place.  Input that does not start with
  ``{`` is read as plain text (first line the title, the rest the summary) and the
  result printed for a person.  With ``explain`` every fired rule is shown with the
  exact text each of its terms matched (``"rules"`` in JSON).
* `replay` — stored items (``--since 7d``): what the current rules would alert, next to
  the topics stored when the items arrived (``+`` new, ``-`` gone).
* ``--score`` — see `bot.matching.evaluation.score_report`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from bot.matching.engine import Matcher
from bot.matching.results import MatchResult, TermHit
from bot.matching.rules import Rule

_SHOWN_TERMS = 4


def _as_json(item_id: Any, result: MatchResult) -> dict[str, Any]:
    terms = {topic: result.topic_terms(topic) for topic in result.topics}
    rule_terms: dict[str, list[str]] = {}
    for topic, hits in result.topics.items():
        written = rule_terms.setdefault(topic, [])
        for hit in hits:
            if hit.term not in written:
                written.append(hit.term)
    out = {"id": item_id, "topics": list(result.topics), "terms": terms, "rule_terms": rule_terms}
    if result.model:
        out["model"] = {topic: round(p, 3) for topic, p in result.model.items()}
    return out


def _rule_terms(rule: Rule) -> set[str]:
    terms = set(rule.any_ or ())
    for group in rule.all_ or ():
        terms.update(group)
    return terms


def describe_rule(rule: Rule) -> str:
    """A rule on one line, long term lists cut: ``all [pause*, …] [strike*, …] near 8``."""

    def terms(values: Sequence[str]) -> str:
        shown = ", ".join(values[:_SHOWN_TERMS])
        return f"[{shown}{', …' if len(values) > _SHOWN_TERMS else ''}]"

    parts = []
    if rule.any_ is not None:
        parts.append(f"any {terms(rule.any_)}")
    if rule.all_ is not None:
        parts.append("all " + " ".join(terms(group) for group in rule.all_))
    if rule.near is not None:
        parts.append(f"near {rule.near}")
    if rule.not_ is not None:
        parts.append(f"not {terms(rule.not_)}")
    return " ".join(parts)


def _hit_json(hit: TermHit) -> dict[str, Any]:
    return {
        "term": hit.term,
        "text": hit.surface,
        "field": hit.field,
        "start": hit.start,
        "end": hit.end,
    }


def explain(result: MatchResult, matcher: Matcher) -> dict[str, list[dict[str, Any]]]:
    """Topic → every rule that fired (its number, its text and the hits of its terms),
    then the topic model's verdict when it judged the topic (``"rule": "model"``); a
    topic the model overruled is listed with its rules and ``"overruled": true``."""
    out: dict[str, list[dict[str, Any]]] = {}
    fired_rules = {**result.rules, **result.overruled}
    for topic, numbers in fired_rules.items():
        spec = matcher.topic_spec(topic)
        fired = []
        hits = result.topics.get(topic, ())
        for number in numbers:
            rule = spec.rules[number]
            own = _rule_terms(rule)
            fired.append(
                {
                    "rule": number,
                    "text": describe_rule(rule),
                    "hits": [_hit_json(h) for h in hits if h.term in own],
                }
            )
        if topic in result.model:
            fired.append(_verdict(result, matcher, topic, alone=not numbers))
        out[topic] = fired
    return out


def _verdict(result: MatchResult, matcher: Matcher, topic: str, alone: bool) -> dict[str, Any]:
    """The topic model's part in a topic: what it gave, and against which threshold."""
    p = result.model[topic]
    settings = matcher.model_settings
    if topic in result.overruled:
        needed = settings.needed_with_rule(topic)
        text = f"topic model {p:.2f}, below with_rule {needed}: overruled"
    elif alone:
        text = f"topic model {p:.2f}, at least alone {settings.alone}: matched without a rule"
    else:
        text = f"topic model {p:.2f}: kept"
    verdict: dict[str, Any] = {"rule": "model", "model": round(p, 3), "text": text}
    verdict["hits"] = [_hit_json(h) for h in result.topics[topic]] if alone else []
    if topic in result.overruled:
        verdict["overruled"] = True
    return verdict


def _json_line(line: str, matcher: Matcher, with_rules: bool) -> tuple[dict[str, Any], bool]:
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
    out = _as_json(item.get("id"), result)
    if with_rules:
        out["rules"] = explain(result, matcher)
    return out, True


def _label(hit: TermHit) -> str:
    label = (
        hit.surface
        if hit.surface.casefold() == hit.term.casefold()
        else (f"{hit.surface} ← {hit.term}")
    )
    return label + ("" if hit.field == "title" else " (summary)")


def readable(result: MatchResult, matcher: Matcher, with_rules: bool = False) -> str:
    """The result for a person: one line per topic; with `with_rules`, one per fired rule
    and one for the topic model's verdict (topics it overruled included)."""
    if not result.topics and not (with_rules and result.overruled):
        return "no topic matched\n"
    width = max(len(t) for t in [*result.topics, *result.overruled])
    lines = []
    if not with_rules:
        for topic, hits in result.topics.items():
            shown = list(dict.fromkeys(_label(hit) for hit in hits))
            lines.append(f"{topic:<{width}}  {', '.join(shown)}")
        return "\n".join(lines) + "\n"
    for topic, entries in explain(result, matcher).items():
        for fired in entries:
            name = "" if fired["rule"] == "model" else "rule "
            lines.append(f"{topic:<{width}}  {name}{fired['rule']}: {fired['text']}")
            for hit in fired["hits"]:
                lines.append(
                    f"{'':<{width}}    {hit['field']} [{hit['start']}:{hit['end']}] "
                    f"{hit['text']!r} ← {hit['term']}"
                )
    return "\n".join(lines) + "\n"


def run_match_tool(
    stdin: TextIO, stdout: TextIO, matcher: Matcher, explain_rules: bool = False
) -> int:
    """Run the tool over `stdin`; returns the exit status (1 if any JSON line was bad)."""
    text = stdin.read()
    if not text.lstrip().startswith("{"):
        title, _, summary = text.strip().partition("\n")
        result = matcher.match(title.strip(), summary.strip())
        stdout.write(readable(result, matcher, explain_rules))
        return 0
    status = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        out, ok = _json_line(line, matcher, explain_rules)
        if not ok:
            status = 1
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return status


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An item as stored, with the topics it matched when it arrived."""

    id: int
    outlet: str
    arrived: datetime
    lang: str | None
    title: str
    summary: str
    stored_topics: frozenset[str]


def replay(
    items: Iterable[StoredItem],
    matcher: Matcher,
    topic: str | None = None,
    explain_rules: bool = False,
) -> str:
    """What the current rules would alert on stored items, against what was stored.

    One line per item that matches now or matched then (restricted to `topic` when
    given): ``+topic`` would be new, ``-topic`` would be gone, a bare topic is unchanged.
    The last lines count, per topic, what would alert now and what was stored.
    """
    lines: list[str] = []
    now_counts: Counter[str] = Counter()
    then_counts: Counter[str] = Counter()
    total = 0
    for item in items:
        total += 1
        result = matcher.match(item.title, item.summary, item.lang)
        now = set(result.topics)
        then = set(item.stored_topics)
        if topic is not None:
            now &= {topic}
            then &= {topic}
        now_counts.update(now)
        then_counts.update(then)
        if not now and not then:
            continue
        marks = [t if t in then else f"+{t}" for t in sorted(now)]
        marks += [f"-{t}" for t in sorted(then - now)]
        lines.append(
            f"{item.arrived:%Y-%m-%d %H:%M}  {item.outlet}  [{' '.join(marks)}]  {item.title}"
        )
        kept = MatchResult(
            {t: h for t, h in result.topics.items() if t in now},
            {},
            {t: r for t, r in result.rules.items() if t in now},
        )
        if kept.topics:
            lines.extend(
                "    " + row
                for row in readable(kept, matcher, explain_rules).rstrip("\n").split("\n")
            )
    topics = [topic] if topic is not None else matcher.topic_ids
    if lines:
        lines.append("")
    lines.append(f"{total} stored items; per topic: would alert now (stored then)")
    for t in topics:
        lines.append(f"  {t}: {now_counts[t]} ({then_counts[t]})")
    return "\n".join(lines) + "\n"
