"""Benchmark of story clustering (``python -m bench cluster``).

50,000 synthetic items over a simulated week: about 5,000 events (an actor, a counterpart,
a place, a figure and an event type), each reported by several outlets in English,
Ukrainian or Russian through different headline templates, so that stories form the way
they do in the live feeds.

Run 1 keeps every item (window longer than the week) so the store grows to 50,000, and
prints the per-item insert time (mean and p95 over the 500 inserts before the store
reaches 1k, 10k and 50k items) — flat is the point — and the process RSS.
The naive approach (verify the new item against every stored item) is measured in the same
run at 1k stored items on a sample of inserts, and extrapolated to 10k and 50k from the
measured per-pair cost; the output labels which figures are extrapolated.
Memory per stored item is measured with tracemalloc on a 3,000-item sample (tracing is
slow).  Run 2 replays every third item with the default 48 h window: the store plateaus.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import statistics
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.stories.clustering import MAX_CANDIDATES, StoryClusterer, StoryInput
from bot.stories.evaluation import LabelledItem, score_stream
from bot.stories.features import extract
from bot.stories.similarity import score

START = datetime(2025, 11, 17, tzinfo=UTC)
WEEK = timedelta(days=7)
CHECKPOINTS = (1_000, 10_000, 50_000)
SAMPLE = 500
GROUPING_ITEMS = 6_000
"""Items of run 3, which scores the grouping against the generated events: a window far
busier with look-alikes than any labelled stream (about 85 meetings a day)."""

# (English, Ukrainian, Russian) forms: names in the nominative, places in the locative.
_ACTORS = [
    ("Putin", "Путін", "Путин"),
    ("Zelensky", "Зеленський", "Зеленский"),
    ("Trump", "Трамп", "Трамп"),
    ("Witkoff", "Віткофф", "Уиткофф"),
    ("Rubio", "Рубіо", "Рубио"),
    ("Umerov", "Умєров", "Умеров"),
    ("Lavrov", "Лавров", "Лавров"),
    ("Peskov", "Пєсков", "Песков"),
    ("Ushakov", "Ушаков", "Ушаков"),
    ("Dmitriev", "Дмитрієв", "Дмитриев"),
    ("Budanov", "Буданов", "Буданов"),
    ("Kushner", "Кушнер", "Кушнер"),
    ("Sybiha", "Сибіга", "Сибига"),
    ("Grossi", "Гроссі", "Гросси"),
    ("Erdogan", "Ердоган", "Эрдоган"),
    ("Macron", "Макрон", "Макрон"),
    ("Merz", "Мерц", "Мерц"),
    ("Starmer", "Стармер", "Стармер"),
    ("Rutte", "Рютте", "Рютте"),
    ("Medinsky", "Мединський", "Мединский"),
]
_PLACES = [
    ("Geneva", "Женеві", "Женеве"),
    ("Istanbul", "Стамбулі", "Стамбуле"),
    ("Abu Dhabi", "Абу-Дабі", "Абу-Даби"),
    ("Riyadh", "Ер-Ріяді", "Эр-Рияде"),
    ("Miami", "Маямі", "Майами"),
    ("Berlin", "Берліні", "Берлине"),
    ("Paris", "Парижі", "Париже"),
    ("London", "Лондоні", "Лондоне"),
    ("Bishkek", "Бішкеку", "Бишкеке"),
    ("Doha", "Досі", "Дохе"),
    ("Jeddah", "Джидді", "Джидде"),
    ("Brussels", "Брюсселі", "Брюсселе"),
]
_EVENTS = [
    (
        "talks on a {n}-point plan",
        "переговори щодо плану з {n} пунктів",
        "переговоры по плану из {n} пунктов",
    ),
    ("a swap of {n} prisoners", "обмін {n} полоненими", "обмен {n} пленными"),
    ("a {n}-day ceasefire", "перемир'я на {n} днів", "перемирие на {n} дней"),
    (
        "security guarantees for {n} years",
        "гарантії безпеки на {n} років",
        "гарантии безопасности на {n} лет",
    ),
    ("sanctions on {n} companies", "санкції проти {n} компаній", "санкции против {n} компаний"),
    ("repairs to a {n}-kilovolt line", "ремонт лінії {n} кВ", "ремонт линии {n} кВ"),
]
_EN_TEMPLATES = [
    (
        "{a} and {b} discuss {e} in {p}",
        "{a} met {b} in {p} on {day} to discuss {e}, officials said.",
    ),
    (
        "{a}: agreement on {e} reached in {p}",
        "Speaking in {p}, {a} said {b} had agreed to {e}; details are still being worked out.",
    ),
    (
        "{b} says talks with {a} in {p} were constructive",
        "After the meeting in {p}, {b} described the talks with {a} on {e} as constructive.",
    ),
]
_UK_TEMPLATES = [
    (
        "{a} і {b} обговорили в {p} {e}",
        "{a} зустрівся з {b} у {p}, щоб обговорити {e}, повідомили посадовці.",
    ),
    (
        "{a}: у {p} досягли домовленості про {e}",
        "У {p} {a} заявив, що {b} погодився на {e}; деталі ще узгоджуються.",
    ),
]
_RU_TEMPLATES = [
    (
        "{a} и {b} обсудили в {p} {e}",
        "{a} встретился с {b} в {p}, чтобы обсудить {e}, сообщили чиновники.",
    ),
    (
        "{a}: в {p} достигнута договоренность о {e}",
        "В {p} {a} заявил, что {b} согласился на {e}; детали еще согласуются.",
    ),
]
_OUTLETS = [f"outlet{i:02d}" for i in range(60)]


@dataclass(frozen=True, slots=True)
class _Event:
    actor: int
    counterpart: int
    place: int
    kind: int
    number: int
    start: datetime


def synthetic_items(count: int, seed: int = 6) -> list[StoryInput]:
    """`count` items over a week, in publication order, about ten per event."""
    rng = random.Random(seed)
    events: list[_Event] = []
    for _ in range(count // 10):
        actor, counterpart = rng.sample(range(len(_ACTORS)), 2)
        events.append(
            _Event(
                actor,
                counterpart,
                rng.randrange(len(_PLACES)),
                rng.randrange(len(_EVENTS)),
                rng.randrange(2, 1900),
                START + WEEK * rng.random(),
            )
        )
    items = []
    for n in range(count):
        index = rng.randrange(len(events))
        event = events[index]
        lang = rng.choices((0, 1, 2), weights=(6, 2, 2))[0]
        templates = (_EN_TEMPLATES, _UK_TEMPLATES, _RU_TEMPLATES)[lang]
        title, summary = templates[rng.randrange(len(templates))]
        values = {
            "a": _ACTORS[event.actor][lang],
            "b": _ACTORS[event.counterpart][lang],
            "p": _PLACES[event.place][lang],
            "e": _EVENTS[event.kind][lang].format(n=event.number),
            "day": rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")),
        }
        published = event.start + timedelta(minutes=rng.expovariate(1 / 90))
        items.append(
            StoryInput(
                id=f"event{index}-item{n}",
                lang=("en", "uk", "ru")[lang],
                source=rng.choice(_OUTLETS),
                published=published,
                title=title.format(**values),
                summary=summary.format(**values),
            )
        )
    items.sort(key=lambda item: item.published)
    return items


def event_of(item: StoryInput) -> str:
    """The generated event an item of `synthetic_items` reports (its gold story)."""
    return item.id.split("-", 1)[0]


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timed_inserts(
    clusterer: StoryClusterer, items: Sequence[StoryInput]
) -> Iterator[tuple[float, int]]:
    """(CPU seconds, candidates verified) per insert.  CPU time, not wall time, so other
    processes on a busy machine inflate it less."""
    clock = time.process_time
    for item in items:
        started = clock()
        clusterer.add(item)
        yield clock() - started, clusterer.last_candidates


def _naive_costs(items: Sequence[StoryInput], stored: int, probes: int) -> tuple[float, float]:
    """CPU seconds (per insert for feature extraction, per verified pair) of the naive way:
    `probes` new items each verified against all `stored` earlier items, with the same
    features, rarity and score as the clusterer."""
    clusterer = StoryClusterer(window=timedelta(days=8))
    for item in items[:stored]:
        clusterer.add(item)
    features = [(i.published, extract(i.title, i.summary, i.lang)) for i in items[:stored]]
    started = time.process_time()
    probe = [
        (i.published, extract(i.title, i.summary, i.lang)) for i in items[stored : stored + probes]
    ]
    extracted = time.process_time()
    for published, new in probe:
        for when, old in features:
            score(old, new, published - when, 0, clusterer.rarity)
    finished = time.process_time()
    return (extracted - started) / probes, (finished - extracted) / (probes * stored)


def _traced_bytes_per_item(items: Sequence[StoryInput]) -> float:
    """tracemalloc's view of what a stored item costs (tracing is slow: a small sample)."""
    gc.collect()
    tracemalloc.start()
    clusterer = StoryClusterer(window=timedelta(days=8))
    before, _ = tracemalloc.get_traced_memory()
    for item in items:
        clusterer.add(item)
    after, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (after - before) / len(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench cluster", description=__doc__)
    parser.add_argument("--items", type=int, default=50_000)
    args = parser.parse_args(argv)
    total = args.items
    checkpoints = [c for c in CHECKPOINTS if c <= total]

    build_started = time.perf_counter()
    items = synthetic_items(total)
    print(
        f"generated {total:,} synthetic items over 7 days "
        f"in {time.perf_counter() - build_started:.1f} s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )

    gc.collect()
    rss_before = _rss_mib()
    clusterer = StoryClusterer(window=timedelta(days=8))
    started = time.perf_counter()
    measured = list(_timed_inserts(clusterer, items))
    timings = [seconds for seconds, _ in measured]
    candidates = [count for _, count in measured]
    elapsed = time.perf_counter() - started
    stories = clusterer.story_count
    rss_after = _rss_mib()
    print(
        f"\nrun 1: window 8 days, nothing evicted: {total:,} inserts in {elapsed:.1f} s, "
        f"{stories:,} stories from {total // 10:,} generated events"
    )
    print(
        f"  max RSS {rss_before:.0f} MiB before, {rss_after:.0f} MiB with "
        f"{len(clusterer):,} items stored"
    )
    del clusterer

    naive_probes = 50
    per_extract, per_pair = _naive_costs(items, min(1_000, total - naive_probes), naive_probes)
    print(
        f"  naive baseline (same features, verified against every stored item): "
        f"{per_extract * 1e3:.2f} ms features + {per_pair * 1e6:.2f} µs per stored item, "
        f"measured over {naive_probes} inserts against 1,000 stored items"
    )
    print(
        f"\n  CPU time per insert\n  {'stored':>8} | {'mean':>8} | {'median':>8} | "
        f"{'p95':>8} | {'verified':>8} | {'naive insert':>22} | {'naive / ours':>12}"
    )
    for checkpoint in checkpoints:
        window = timings[max(0, checkpoint - SAMPLE) : checkpoint]
        verified = statistics.fmean(candidates[max(0, checkpoint - SAMPLE) : checkpoint])
        mean = statistics.fmean(window)
        naive = per_extract + per_pair * checkpoint
        label = "measured" if checkpoint <= 1_000 else "extrapolated"
        print(
            f"  {checkpoint:>8,} | {mean * 1e3:>5.2f} ms | "
            f"{statistics.median(window) * 1e3:>5.2f} ms | "
            f"{_percentile(window, 0.95) * 1e3:>5.2f} ms | {verified:>8.1f} | "
            f"{naive * 1e3:>8.1f} ms {label:>12} | {naive / mean:>11.0f}x"
        )
    print(
        f"  (verified = stored items checked per insert: bounded by MAX_CANDIDATES = "
        f"{MAX_CANDIDATES}, whatever the store size; the naive way checks all of them)"
    )
    if len(checkpoints) > 1:
        first = statistics.fmean(timings[checkpoints[0] - SAMPLE : checkpoints[0]])
        last = statistics.fmean(timings[checkpoints[-1] - SAMPLE : checkpoints[-1]])
        print(
            f"  flatness: mean insert at {checkpoints[-1]:,} stored / at "
            f"{checkpoints[0]:,} stored = {last / first:.2f}"
        )

    sample = items[: min(3_000, total)]
    per_item = _traced_bytes_per_item(sample)
    print(
        f"\nmemory: tracemalloc over {len(sample):,} inserts: {per_item / 1024:.1f} KiB per "
        f"stored item; extrapolated to {total:,} stored: {per_item * total / 2**20:.0f} MiB"
    )

    replay = items[::3]
    windowed = StoryClusterer()
    largest = 0
    started = time.perf_counter()
    for item in replay:
        windowed.add(item)
        largest = max(largest, len(windowed))
    elapsed = time.perf_counter() - started
    print(
        f"run 2: default 48 h window over every third item ({len(replay):,} items spanning "
        f"the week, {elapsed:.1f} s): at most {largest:,} items stored, "
        f"{len(windowed):,} at the end, {windowed.story_count:,} stories kept"
    )

    busy = synthetic_items(GROUPING_ITEMS)
    report = score_stream([LabelledItem(item, event_of(item)) for item in busy])
    print(
        f"run 3: grouping against the generated events, {len(busy):,} items of "
        f"{report.gold_stories:,} look-alike meetings (the same people, twelve cities, six "
        f"kinds of event): pair precision {report.pairs.precision:.3f}, recall "
        f"{report.pairs.recall:.3f}, {report.predicted_stories:,} stories"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
