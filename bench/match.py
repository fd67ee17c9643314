"""Benchmark of topic and personal-keyword matching (``python -m bench match``).

100,000 synthetic news items (English, Ukrainian, Russian, German, French; title +
summary) are matched against the ten shipped topics plus 10,000 personal keywords in the
five languages, with our one-automaton matcher — lemmatiser in the loop — and, in the
same run, the naive approach: one compiled regular expression per term and keyword,
tried one after the other.  The naive loop is slow, so it runs on a subset and its rate
is extrapolated (the output says so).  The lemmatisers' dictionaries and the topic model
are loaded before the clock starts (the bot loads them once, at start) and reported
apart; the rate of the rules alone (``feeds.yaml`` without ``model:``) is measured too.
Each rate is CPU time, the fastest of ``--passes`` passes over the items: on a shared
machine one pass can run a third slower than the next.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import statistics
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

import yaml

from bot.matching import Matcher, MatchingConfig, load_matching_config
from bot.matching.model import shipped_model
from bot.text import LANGS, lemmatise

ROOT = Path(__file__).resolve().parent.parent

_EN_SUBJECTS = [
    "Zelensky",
    "Putin",
    "The Kremlin",
    "Kyiv",
    "Moscow",
    "EU leaders",
    "Trump",
    "NATO allies",
    "Ukraine's army",
    "Russian forces",
    "The IAEA",
    "Britain",
    "France",
    "Turkey",
    "US envoy Witkoff",
    "Peskov",
    "Lavrov",
    "Umerov",
]
_EN_VERBS = [
    "rejects",
    "backs",
    "proposes",
    "discusses",
    "warns over",
    "calls for",
    "signals openness to",
    "rules out",
    "welcomes",
    "criticises",
    "reports on",
]
_EN_OBJECTS = [
    "a 30-day ceasefire",
    "the energy truce",
    "security guarantees",
    "NATO membership",
    "new sanctions",
    "frozen Russian assets",
    "the Zaporizhzhia nuclear plant",
    "the 28-point peace plan",
    "talks in Istanbul",
    "a prisoner exchange",
    "elections in Ukraine",
    "territorial concessions",
    "grain exports",
    "air defence deliveries",
    "drone attacks on Kharkiv",
    "the price cap on oil",
    "a buffer zone",
    "reconstruction funding",
    "the mobilisation law",
    "winter heating",
]
_EN_FILLER = [
    "Officials said details were still being worked out.",
    "The statement came after a night of heavy shelling.",
    "Diplomats in Brussels described the mood as cautious.",
    "Markets reacted calmly to the news.",
    "The move drew sharp criticism from opposition lawmakers.",
    "Analysts expect further announcements later this week.",
    "Both sides accused each other of bad faith.",
    "Rescuers worked through the night in the affected districts.",
    "Energy companies warned of possible blackouts.",
    "The ministry did not respond to a request for comment.",
]
_UK = [
    "Зеленський заявив про готовність до перемирʼя",
    "Кремль відкинув пропозицію",
    "ЄС ухвалив новий пакет санкцій проти Росії",
    "МАГАТЕ повідомило про ЗАЕС",
    "Делегації зустрілися в Стамбулі",
    "Україна повернула з полону захисників",
    "Погода в Києві: морози",
    "Обстріл Харкова: є поранені",
    "Гарантії безпеки обговорили в Парижі",
    "Мирний план із 20 пунктів",
]
_RU = [
    "Песков: перемирие невозможно",
    "Путин обсудил с Трампом урегулирование",
    "Евросоюз продлил санкции против России",
    "Запорожская АЭС снова без питания",
    "Переговоры в Абу-Даби завершились",
    "Обмен пленными состоялся",
    "В Москве ожидаются сильные морозы",
    "Курс рубля упал",
]
_DE = [
    "Selenskyj lehnt Gebietsabtretungen ab",
    "Kreml weist Waffenruhe zurück",
    "EU beschließt neues Sanktionspaket gegen Russland",
    "IAEO: AKW Saporischschja ohne Strom",
    "Verhandlungen in Genf fortgesetzt",
    "Gefangenenaustausch zwischen Moskau und Kiew",
    "Wetter in Berlin: Frost erwartet",
    "Drohnenangriff auf Charkiw",
]
_FR = [
    "Zelensky refuse toute concession territoriale",
    "Le Kremlin rejette la trêve",
    "L'UE adopte un nouveau paquet de sanctions contre la Russie",
    "La centrale de Zaporijia privée de courant",
    "Les négociations reprennent à Genève",
    "Échange de prisonniers entre Moscou et Kiev",
    "Météo : grand froid sur Paris",
    "Frappe de drones sur Kharkiv",
]
_KEYWORD_WORDS = [
    "ceasefire",
    "truce",
    "armistice",
    "sanctions",
    "kharkiv",
    "odesa",
    "zaporizhzhia",
    "kherson",
    "crimea",
    "donbas",
    "witkoff",
    "umerov",
    "peskov",
    "lavrov",
    "grossi",
    "iaea",
    "drones",
    "refinery",
    "grain",
    "blackout",
    "mobilisation",
    "reconstruction",
    "перемир*",
    "санкці*",
    "санкци*",
    "переговор*",
    "полон*",
    "обмін*",
    "обмен*",
    "зеленськ*",
    "negotiat*",
    "sanction*",
    "prisoner*",
    "refiner*",
    "energ*",
    "Waffenruhe",
    "Verhandlung",
    "Sanktion*",
    "Gefangenenaustausch",
    "Selenskyj",
    "trêve",
    "négociation",
    "sanction",
    "prisonnier",
    "Zaporijia",
]
_SYLLABLES = [
    "ka",
    "lo",
    "mir",
    "zan",
    "tor",
    "vel",
    "pre",
    "dna",
    "sko",
    "rut",
    "bor",
    "gal",
    "ne",
    "vo",
    "chy",
    "ster",
    "lin",
    "qua",
    "ost",
    "iv",
]


def synthetic_items(n: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """`n` (title, summary, lang) triples: 60% English (40% of it with typographic quotes),
    10% each Ukrainian, Russian, German and French."""
    items = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.6:
            title = f"{rng.choice(_EN_SUBJECTS)} {rng.choice(_EN_VERBS)} {rng.choice(_EN_OBJECTS)}"
            if rng.random() < 0.4:
                # typographic quotes and apostrophes, as most outlets write them: the
                # item is no longer plain ASCII
                title = title.replace("'", "’").replace(" a ", " a “", 1) + "”"
            if rng.random() < 0.2:
                title = title.upper()
            summary = " ".join(
                [
                    f"{rng.choice(_EN_SUBJECTS)} {rng.choice(_EN_VERBS)} "
                    f"{rng.choice(_EN_OBJECTS)}.",
                    *rng.sample(_EN_FILLER, 2),
                ]
            )
            items.append((title, summary, "en"))
        else:
            pool, lang = [(_UK, "uk"), (_RU, "ru"), (_DE, "de"), (_FR, "fr")][
                min(3, int((roll - 0.6) / 0.1))
            ]
            title = rng.choice(pool)
            summary = ". ".join(rng.sample(pool, 3)) + "."
            items.append((title, summary, lang))
    return items


def synthetic_keywords(n: int, rng: random.Random) -> list[str]:
    """`n` subscriber keywords: common words, phrases, prefixes and rarer made-up words."""
    out = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.3:
            out.append(rng.choice(_KEYWORD_WORDS))
        elif roll < 0.45:
            a, b = rng.sample([w for w in _KEYWORD_WORDS if "*" not in w], 2)
            out.append(f'"{a} {b}"')
        else:
            word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            out.append(f"{word}{i}" + ("*" if roll > 0.9 else ""))
    return out


def warm_up_lemmatisers() -> None:
    """Load every language's dictionary (what the bot does once, on its first item)."""
    for lang in LANGS:
        lemmatise("test", lang)


def load_config() -> MatchingConfig:
    return load_matching_config(yaml.safe_load((ROOT / "feeds.yaml").read_text("utf-8")))


def build(cfg: MatchingConfig, keywords: Sequence[str]) -> Matcher:
    matcher = Matcher.from_config(cfg)
    for i, text in enumerate(keywords):
        matcher.add_keyword(f"kw{i}", text)
    matcher.prepare()
    return matcher


def naive_patterns(cfg: MatchingConfig, keywords: Sequence[str]) -> list[re.Pattern[str]]:
    """One regular expression per topic/context term and per keyword (the naive design)."""
    terms: list[str] = [t for ts in cfg.contexts.values() for t in ts]
    for topic in cfg.topics:
        for rule in topic.rules:
            terms += rule.any_ or []
            terms += [t for group in rule.all_ or [] for t in group]
            terms += rule.not_ or []
        terms += topic.not_ or []
    terms += [k.strip('"') for k in keywords]
    out = []
    for term in terms:
        stem = re.escape(term.rstrip("*").lower())
        tail = r"\w*" if term.endswith("*") else r"\b"
        out.append(re.compile(rf"\b{stem}{tail}", re.IGNORECASE))
    return out


def naive_match(patterns: Sequence[re.Pattern[str]], title: str, summary: str) -> int:
    text = f"{title}\n{summary}"
    return sum(1 for p in patterns if p.search(text))


def cpu_seconds(matcher: Matcher, items: Sequence[tuple[str, str, str]]) -> float:
    """CPU seconds this process spends matching every item once."""
    c0 = time.process_time()
    for title, summary, lang in items:
        matcher.match(title, summary, lang)
    return time.process_time() - c0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench match", description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--keywords", type=int, default=10_000)
    parser.add_argument(
        "--naive-items",
        type=int,
        default=300,
        help="items for the naive loop (its rate is extrapolated)",
    )
    parser.add_argument(
        "--passes",
        type=int,
        default=3,
        help="timed passes over the items; the fastest is reported (this machine's CPU "
        "time for one pass varies by up to a third from pass to pass)",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    cfg = load_config()
    items = synthetic_items(args.items, rng)
    keywords = synthetic_keywords(args.keywords, rng)
    print(
        f"matching benchmark: {len(items):,} items, {len(cfg.topics)} topics, "
        f"{len(keywords):,} personal keywords (one core; load average now "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    warm_up_lemmatisers()
    dictionaries = tracemalloc.get_traced_memory()[0] - before
    before = tracemalloc.get_traced_memory()[0]
    shipped_model()
    model_memory = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    t0 = time.perf_counter()
    build(cfg, keywords)
    compile_s = time.perf_counter() - t0
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    matcher = build(cfg, keywords)
    memory = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()

    add_ms, add_cpu_ms, remove_ms = [], [], []
    for i in range(50):
        t, c = time.perf_counter(), time.process_time()
        matcher.add_keyword(f"extra{i}", f"freshword{i}")
        matcher.prepare()
        add_ms.append((time.perf_counter() - t) * 1000)
        add_cpu_ms.append((time.process_time() - c) * 1000)
        t = time.perf_counter()
        matcher.remove_keyword(f"extra{i}")
        matcher.prepare()
        remove_ms.append((time.perf_counter() - t) * 1000)

    t0 = time.perf_counter()
    ours_passes = [cpu_seconds(matcher, items) for _ in range(args.passes)]
    ours_wall = (time.perf_counter() - t0) / args.passes
    ours_s = min(ours_passes)
    ours_rate = len(items) / ours_s
    topic_hits = keyword_hits = 0
    for title, summary, lang in items:
        result = matcher.match(title, summary, lang)
        topic_hits += len(result.topics)
        keyword_hits += len(result.keywords)

    topics_only = build(cfg, [])
    topics_only_rate = len(items) / min(cpu_seconds(topics_only, items) for _ in range(args.passes))
    rules_only = build(cfg.model_copy(update={"model": None}), keywords)
    rules_only_rate = len(items) / min(cpu_seconds(rules_only, items) for _ in range(args.passes))

    patterns = naive_patterns(cfg, keywords)
    subset = items[: args.naive_items]
    c0 = time.process_time()
    for title, summary, _ in subset:
        naive_match(patterns, title, summary)
    naive_s = time.process_time() - c0
    naive_rate = len(subset) / naive_s

    print(f"  compile (topics + {len(keywords):,} keywords): {compile_s * 1000:8.1f} ms")
    print(
        f"  add one keyword (+ relink), median of 50:  {statistics.median(add_ms):8.2f} ms"
        f"  (max {max(add_ms):.2f} ms; CPU median {statistics.median(add_cpu_ms):.2f} ms)"
    )
    print(f"  remove one keyword (+ relink), median:     {statistics.median(remove_ms):8.2f} ms")
    print(
        f"  memory of the matcher (tracemalloc):       {memory / 2**20:8.1f} MB"
        f"  (+ {dictionaries / 2**20:.0f} MB of lemmatiser dictionaries and "
        f"{model_memory / 2**20:.0f} MB of topic model, loaded once)"
    )
    print(
        "  rates are CPU time of this process, fastest of "
        f"{args.passes} passes (the machine may be shared); all passes of ours: "
        + ", ".join(f"{len(items) / s:,.0f}" for s in ours_passes)
        + f" items/s; wall time for ours: {len(items) / ours_wall:,.0f} items/s"
    )
    print(
        f"  ours (lemmatiser in the loop): {ours_rate:10,.0f} items/s  "
        f"({ours_s:.1f} s for {len(items):,} items; "
        f"{topic_hits / len(items):.2f} topics and {keyword_hits / len(items):.2f} "
        f"keywords matched per item)"
    )
    print(f"  ours, topics only (no personal keywords): {topics_only_rate:,.0f} items/s")
    print(f"  ours, rules alone (no topic model):       {rules_only_rate:,.0f} items/s")
    print(
        f"  naive: {naive_rate:10,.1f} items/s  ({len(patterns):,} regexes looped; measured "
        f"on {len(subset):,} items, extrapolated to {len(items):,}: "
        f"{len(items) / naive_rate:,.0f} s; rule evaluation not even included)"
    )
    print(f"  ratio: {ours_rate / naive_rate:,.0f}x")
    checks = [
        ("≥ 20,000 items/s", ours_rate >= 20_000),
        ("≥ 100x naive", ours_rate >= 100 * naive_rate),
        ("matcher < 50 MB", memory < 50 * 2**20),
        ("add one keyword < 50 ms", statistics.median(add_ms) < 50),
    ]
    print("  targets: " + ", ".join(f"{name} {'ok' if ok else 'MISSED'}" for name, ok in checks))
    return 0
