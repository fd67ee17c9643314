"""Precision and recall of topic matching against a labelled set, and the naive baseline.

Pure functions: the caller loads the labelled items (tests/data/matching_tune.jsonl,
tests/data/matching_eval.jsonl, or any JSON lines with ``title``, ``summary``, ``lang``,
``topics`` and optionally ``negative``) and passes a predictor; `score_report` prints
the figures (``python -m bot match --score``), `evaluate` gives them to a test.
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


def is_negative(item: Mapping[str, object]) -> bool:
    """An item that should alert no topic: marked ``"negative": true`` or with no topics."""
    return bool(item.get("negative")) or not item.get("topics")


def _tally(pairs: Iterable[tuple[set[str], set[str]]], topics: Sequence[str]) -> Report:
    """A report from (gold, predicted) topic sets."""
    counts = {t: [0, 0, 0] for t in topics}
    n = 0
    for gold, got in pairs:
        n += 1
        for t in topics:
            if t in got and t in gold:
                counts[t][0] += 1
            elif t in got:
                counts[t][1] += 1
            elif t in gold:
                counts[t][2] += 1
    return Report({t: Score(*c) for t, c in counts.items()}, n)


def _row(name: str, score: Score, count: int) -> str:
    return f"| {name} | {_precision(score)} | {score.recall:.2f} | {score.f1:.2f} | {count} |"


def score_report(
    items: Sequence[Mapping[str, object]],
    predict: Predictor,
    topics: Sequence[str],
    *,
    errors: bool = False,
) -> str:
    """Figures for a labelled set: micro P/R/F1 overall and per language, per topic, and
    the share of negatives that alerted.  Per-item errors only when `errors` is true
    (a blind set's errors must not be seen: its figures are the honest estimate)."""
    known = set(topics)
    rows: list[tuple[str, set[str], set[str]]] = []
    for item in items:
        fields = {
            "title": str(item["title"]),
            "summary": str(item.get("summary") or ""),
            "lang": str(item.get("lang") or ""),
        }
        gold = {str(t) for t in item.get("topics") or () if t in known}  # type: ignore[attr-defined]
        rows.append((fields["lang"] or "?", gold, predict(fields)))
    whole = _tally(((gold, got) for _, gold, got in rows), topics)
    lines = [
        f"{len(items)} items",
        "",
        "| | P | R | F1 | items |",
        "|---|---:|---:|---:|---:|",
        _row("**all (micro)**", whole.micro, len(items)),
    ]
    for lang in sorted({lang for lang, _, _ in rows}):
        subset = [(gold, got) for code, gold, got in rows if code == lang]
        lines.append(_row(lang, _tally(subset, topics).micro, len(subset)))
    lines += ["", "| topic | P | R | F1 | labelled |", "|---|---:|---:|---:|---:|"]
    for topic, score in whole.per_topic.items():
        lines.append(_row(topic, score, score.tp + score.fn))
    negatives = [got for item, (_, _, got) in zip(items, rows, strict=True) if is_negative(item)]
    alerted = sum(1 for got in negatives if got)
    share = alerted / len(negatives) if negatives else 0.0
    lines += ["", f"negatives that alerted: {share:.1%} ({alerted} of {len(negatives)})"]
    if errors:
        lines += ["", "errors (id lang: -missed +wrong; title):"]
        for item, (lang, gold, got) in zip(items, rows, strict=True):
            marks = [f"-{t}" for t in sorted(gold - got)] + [f"+{t}" for t in sorted(got - gold)]
            if marks:
                lines.append(f"  {item.get('id')} {lang}: {' '.join(marks)}; {item['title']}")
    return "\n".join(lines) + "\n"
