"""Benchmark of story clustering (``python -m bench cluster``).

50,000 synthetic items over a simulated week: about 5,000 events (an actor, a counterpart,
a place, a figure and an event type), each reported by several outlets in English,
Ukrainian or Russian through different headline templates, so that stories form the way
they do in the live feeds.

Run 1 keeps every item (window longer than the week) so the store grows to 50,000, and
prints the per-item insert time (mean and p95 over the 500 inserts before the store
reaches 1k, 10k and 50k items) — flat is the point — and the process RSS.
Run 2 replays the stream with the default 48 h window under tracemalloc: the store
plateaus and the peak traced memory is printed.
In run 1 the naive approach (verify the new item against every stored item) is measured at
1k stored items on a sample of inserts, and extrapolated to 10k and 50k from the measured
per-comparison cost; the output labels which figures are extrapolated.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.stories.clustering import StoryClusterer, StoryInput, match_score
from bot.stories.entities import extract

START = datetime(2025, 11, 17, tzinfo=UTC)
WEEK = timedelta(days=7)
CHECKPOINTS = (1_000, 10_000, 50_000)
SAMPLE = 500

# (English, Ukrainian, Russian) forms: names in the nominative, places in the locative.
_ACTORS = [
    ("Putin", "Путін", "Путин"), ("Zelensky", "Зеленський", "Зеленский"),
    ("Trump", "Трамп", "Трамп"), ("Witkoff", "Віткофф", "Уиткофф"),
    ("Rubio", "Рубіо", "Рубио"), ("Umerov", "Умєров", "Умеров"),
    ("Lavrov", "Лавров", "Лавров"), ("Peskov", "Пєсков", "Песков"),
    ("Ushakov", "Ушаков", "Ушаков"), ("Dmitriev", "Дмитрієв", "Дмитриев"),
    ("Budanov", "Буданов", "Буданов"), ("Kushner", "Кушнер", "Кушнер"),
    ("Sybiha", "Сибіга", "Сибига"), ("Grossi", "Гроссі", "Гросси"),
    ("Erdogan", "Ердоган", "Эрдоган"), ("Macron", "Макрон", "Макрон"),
    ("Merz", "Мерц", "Мерц"), ("Starmer", "Стармер", "Стармер"),
    ("Rutte", "Рютте", "Рютте"), ("Medinsky", "Мединський", "Мединский"),
]
_PLACES = [
    ("Geneva", "Женеві", "Женеве"), ("Istanbul", "Стамбулі", "Стамбуле"),
    ("Abu Dhabi", "Абу-Дабі", "Абу-Даби"), ("Riyadh", "Ер-Ріяді", "Эр-Рияде"),
    ("Miami", "Маямі", "Майами"), ("Berlin", "Берліні", "Берлине"),
    ("Paris", "Парижі", "Париже"), ("London", "Лондоні", "Лондоне"),
    ("Bishkek", "Бішкеку", "Бишкеке"), ("Doha", "Досі", "Дохе"),
    ("Jeddah", "Джидді", "Джидде"), ("Brussels", "Брюсселі", "Брюсселе"),
]
_EVENTS = [
    ("talks on a {n}-point plan", "переговори щодо плану з {n} пунктів",
     "переговоры по плану из {n} пунктов"),
    ("a swap of {n} prisoners", "обмін {n} полоненими", "обмен {n} пленными"),
    ("a {n}-day ceasefire", "перемир'я на {n} днів", "перемирие на {n} дней"),
    ("security guarantees for {n} years", "гарантії безпеки на {n} років",
     "гарантии безопасности на {n} лет"),
    ("sanctions on {n} companies", "санкції проти {n} компаній", "санкции против {n} компаний"),
    ("repairs to a {n}-kilovolt line", "ремонт лінії {n} кВ", "ремонт линии {n} кВ"),
]
_EN_TEMPLATES = [
    ("{a} and {b} discuss {e} in {p}",
     "{a} met {b} in {p} on {day} to discuss {e}, officials said."),
    ("{a}: agreement on {e} reached in {p}",
     "Speaking in {p}, {a} said {b} had agreed to {e}; details are still being worked out."),
    ("{b} says talks with {a} in {p} were constructive",
     "After the meeting in {p}, {b} described the talks with {a} on {e} as constructive."),
]
_UK_TEMPLATES = [
    ("{a} і {b} обговорили в {p} {e}",
     "{a} зустрівся з {b} у {p}, щоб обговорити {e}, повідомили посадовці."),
    ("{a}: у {p} досягли домовленості про {e}",
     "У {p} {a} заявив, що {b} погодився на {e}; деталі ще узгоджуються."),
]
_RU_TEMPLATES = [
    ("{a} и {b} обсудили в {p} {e}",
     "{a} встретился с {b} в {p}, чтобы обсудить {e}, сообщили чиновники."),
    ("{a}: в {p} достигнута договоренность о {e}",
     "В {p} {a} заявил, что {b} согласился на {e}; детали еще согласуются."),
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
        events.append(_Event(actor, counterpart, rng.randrange(len(_PLACES)),
                             rng.randrange(len(_EVENTS)), rng.randrange(2, 1900),
                             START + WEEK * rng.random()))
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
        items.append(StoryInput(
            id=f"event{index}-item{n}", lang=("en", "uk", "ru")[lang], source=rng.choice(_OUTLETS),
            published=published, title=title.format(**values), summary=summary.format(**values),
        ))
    items.sort(key=lambda item: item.published)
    return items


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timed_inserts(clusterer: StoryClusterer, items: Sequence[StoryInput]) -> Iterator[float]:
    clock = time.perf_counter
    for item in items:
        started = clock()
        clusterer.add(item)
        yield clock() - started


def _naive_seconds_per_comparison(items: Sequence[StoryInput], stored: int,
                                  probes: int) -> float:
    """Verify `probes` new items against all of `stored` earlier items, the naive way."""
    features = [extract(i.title, i.summary) for i in items[: stored + probes]]
    started = time.perf_counter()
    for probe in range(stored, stored + probes):
        new = features[probe]
        for old in features[:stored]:
            match_score(new, old)
    return (time.perf_counter() - started) / (probes * stored)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench cluster", description=__doc__)
    parser.add_argument("--items", type=int, default=50_000)
    args = parser.parse_args(argv)
    total = args.items
    checkpoints = [c for c in CHECKPOINTS if c <= total]

    build_started = time.perf_counter()
    items = synthetic_items(total)
    print(f"generated {total:,} synthetic items over 7 days "
          f"in {time.perf_counter() - build_started:.1f} s")

    gc.collect()
    rss_before = _rss_mib()
    clusterer = StoryClusterer(window=timedelta(days=8))
    timings: list[float] = []
    started = time.perf_counter()
    timings.extend(_timed_inserts(clusterer, items))
    elapsed = time.perf_counter() - started
    stories = clusterer.story_count
    print(f"\nrun 1: window 8 days (nothing evicted): {total:,} inserts in {elapsed:.1f} s, "
          f"{stories:,} stories ({total / stories:.1f} items per story)")
    print(f"  RSS (max resident) grew from {rss_before:.0f} MiB to {_rss_mib():.0f} MiB")

    naive_probes = 20
    per_comparison = _naive_seconds_per_comparison(items, min(1_000, total - naive_probes),
                                                   naive_probes)
    print(f"  naive baseline: {per_comparison * 1e6:.1f} µs per verified pair "
          f"(measured over {naive_probes} inserts against 1,000 stored items)")
    print(f"\n  {'stored':>8} | {'LSH mean':>9} | {'LSH p95':>9} | {'naive mean':>14} | "
          f"{'naive / LSH':>11}")
    for checkpoint in checkpoints:
        window = timings[max(0, checkpoint - SAMPLE) : checkpoint]
        mean = statistics.fmean(window)
        naive = per_comparison * checkpoint
        label = "measured" if checkpoint <= 1_000 else "extrapolated"
        print(f"  {checkpoint:>8,} | {mean * 1e3:>6.2f} ms | "
              f"{_percentile(window, 0.95) * 1e3:>6.2f} ms | {naive * 1e3:>7.1f} ms "
              f"({label[:5]}.) | {naive / mean:>10.0f}x")
    first = statistics.fmean(timings[: min(SAMPLE, total)])
    last = statistics.fmean(timings[-SAMPLE:])
    print(f"  flatness: mean insert over the last {SAMPLE} / first {SAMPLE} = {last / first:.2f}")
    del clusterer

    gc.collect()
    tracemalloc.start()
    windowed = StoryClusterer()
    largest = 0
    started = time.perf_counter()
    for item in items:
        windowed.add(item)
        largest = max(largest, len(windowed))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\nrun 2: default 48 h window, under tracemalloc ({elapsed:.1f} s, slower because "
          f"traced): at most {largest:,} items stored, {len(windowed):,} at the end; "
          f"peak traced memory {peak / 2**20:.0f} MiB "
          f"({peak / max(largest, 1) / 1024:.1f} KiB per stored item)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
