"""Precision and recall of topic matching against a labelled set, and the naive baseline.

Pure functions: the caller loads the labelled items (see tests/data/matching_eval.jsonl)
and passes a predictor; the result can be printed as a table for the README or checked
against a floor in a test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.evaluation import Score
from bot.matching.engine import Matcher

Predictor = Callable[[Mapping[str, str]], set[str]]

NAIVE_KEYWORDS: dict[str, str] = {
    "ceasefire": "ceasefire",
    "security-guarantees": "security guarantee",
    "territory": "territor",
    "nato-neutrality": "nato",
    "sanctions": "sanction",
    "nuclear-plant": "nuclear",
    "peace-plan": "peace plan",
    "talks-summit": "talks",
    "prisoners": "prisoner",
    "elections-legitimacy": "election",
}
"""The baseline: one obvious English keyword per topic, matched as a raw substring."""


@dataclass(frozen=True, slots=True)
class Report:
    per_topic: dict[str, Score]
    items: int

    @property
    def micro(self) -> Score:
        return Score(
            sum(s.tp for s in self.per_topic.values()),
            sum(s.fp for s in self.per_topic.values()),
            sum(s.fn for s in self.per_topic.values()),
        )


def evaluate(
    items: Iterable[Mapping[str, object]], predict: Predictor, topics: Sequence[str]
) -> Report:
    """Score `predict` on labelled items (each with ``title``, ``summary``, ``topics``)."""
    counts = {t: [0, 0, 0] for t in topics}
    n = 0
    for item in items:
        n += 1
        gold = set(item["topics"])  # type: ignore[call-overload]
        fields = {
            "title": str(item["title"]),
            "summary": str(item.get("summary", "")),
            "lang": str(item.get("lang") or ""),
        }
        got = predict(fields)
        for t in topics:
            if t in got and t in gold:
                counts[t][0] += 1
            elif t in got:
                counts[t][1] += 1
            elif t in gold:
                counts[t][2] += 1
    return Report({t: Score(*c) for t, c in counts.items()}, n)


def matcher_predictor(matcher: Matcher) -> Predictor:
    def predict(item: Mapping[str, str]) -> set[str]:
        return set(matcher.match(item["title"], item["summary"], item.get("lang")).topics)

    return predict


def naive_predict(item: Mapping[str, str]) -> set[str]:
    text = f"{item['title']} {item['summary']}".lower()
    return {topic for topic, word in NAIVE_KEYWORDS.items() if word in text}


def _precision(score: Score) -> str:
    """Precision, or a dash when nothing was predicted (precision is then undefined)."""
    return f"{score.precision:.2f}" if score.tp + score.fp else "–"


def format_table(ours: Report, naive: Report, title: str = "") -> str:
    """A Markdown table: per-topic P/R/F1 for our rules next to the naive baseline."""
    lines = []
    if title:
        lines.append(f"{title} ({ours.items} items)")
        lines.append("")
    lines.append("| topic | P | R | F1 | naive P | naive R | naive F1 |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    rows = [*ours.per_topic.items(), ("micro", ours.micro)]
    naive_rows = dict(naive.per_topic, micro=naive.micro)
    for topic, s in rows:
        n = naive_rows[topic]
        name = f"**{topic}**" if topic == "micro" else topic
        lines.append(
            f"| {name} | {_precision(s)} | {s.recall:.2f} | {s.f1:.2f} "
            f"| {_precision(n)} | {n.recall:.2f} | {n.f1:.2f} |"
        )
    return "\n".join(lines)
