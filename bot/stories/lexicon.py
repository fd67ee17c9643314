"""Which Ukrainian and Russian words report what an English word reports, learned from the
labelled stories (``python -m bot stories --translations FILE…``).

Two reports of one development in two languages share no lemma, and the gazetteer's
entities and concepts name only what was listed by hand.  The labelled streams hold
thousands of stories told in English and in Ukrainian or Russian: a word pair that keeps
turning up in the same stories is a translation (перемирие / truce, указ / decree,
трехсторонний / trilateral).  Per story, the English items' lemmas and the other
language's are pooled; a pair's Dice coefficient over stories
(2 × stories with both ÷ (stories with one + stories with the other)) measures how
surely one stands for the other.  A Ukrainian or Russian lemma takes the English lemma it
scores best with, when it is among that English lemma's best few — so that "станция" goes
to "plant" but not "plant" to every word of a nuclear-plant story — and both then carry
the key ``t:<english lemma>`` (`bot.stories.features`).

Pure: the caller reads the labelled files and writes the table
(`bot.stories.translations`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from bot.stories.evaluation import LabelledItem
from bot.stories.features import content_lemmas

PIVOT = "en"
OTHERS = ("uk", "ru")

MIN_STORIES = 2
"""A pair must share at least this many stories: one is that story's vocabulary."""
MIN_DICE = 0.2
"""…and at least this Dice coefficient over stories."""
BEST_OF = 5
"""The English lemma's best few partners, by Dice, that a translation must be among."""


def _story_lemmas(
    streams: Iterable[Sequence[LabelledItem]],
) -> list[dict[str, set[str]]]:
    """For every gold story told in English and another language: each language's lemmas."""
    out: list[dict[str, set[str]]] = []
    for number, stream in enumerate(streams):
        stories: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for entry in stream:
            lang = (entry.item.lang or "")[:2]
            if lang == PIVOT or lang in OTHERS:
                words = stories[f"{number}:{entry.story}"][lang]
                words.update(content_lemmas(entry.item.title, lang))
                words.update(content_lemmas(entry.item.summary, lang))
        out.extend(by_lang for by_lang in stories.values() if PIVOT in by_lang)
    return out


def learn_translations(
    streams: Iterable[Sequence[LabelledItem]],
    *,
    min_stories: int = MIN_STORIES,
    min_dice: float = MIN_DICE,
    best_of: int = BEST_OF,
) -> dict[str, str]:
    """Lemma → the English lemma it translates (English lemmas map to themselves)."""
    stories = _story_lemmas(streams)
    table: dict[str, str] = {}
    for lang in OTHERS:
        both: Counter[tuple[str, str]] = Counter()
        english: Counter[str] = Counter()
        other: Counter[str] = Counter()
        for by_lang in stories:
            if lang not in by_lang:
                continue
            english.update(by_lang[PIVOT])
            other.update(by_lang[lang])
            both.update((e, o) for e in by_lang[PIVOT] for o in by_lang[lang])
        partners: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for (e, o), count in both.items():
            dice = 2 * count / (english[e] + other[o])
            if count >= min_stories and dice >= min_dice:
                partners[e].append((dice, o))
        # each other-language lemma's best English partner as (-dice, lemma): the least
        # is the highest Dice, ties to the alphabetically first
        best: dict[str, tuple[float, str]] = {}
        for e, found in partners.items():
            for dice, o in found:
                best[o] = min(best.get(o, (0.0, "")), (-dice, e))
        tops = {
            e: {o for _, o in sorted(found, reverse=True)[:best_of]}
            for e, found in partners.items()
        }
        for o, (_, e) in sorted(best.items()):
            if o in tops[e]:
                table[o] = e
                table[e] = e
    return table


def translations_module(table: dict[str, str], sources: Sequence[str]) -> str:
    """The source of `bot.stories.translations` for `table`."""
    lines = [
        '"""Ukrainian and Russian lemmas → the English lemma they translate '
        "(`bot.stories.lexicon`).",
        "",
        "Written by ``python -m bot stories --translations`` from "
        f"{len(sources)} labelled streams;",
        "relearn rather than edit by hand.",
        '"""',
        "",
        "TRANSLATIONS: dict[str, str] = {",
        *(f'    "{word}": "{english}",' for word, english in sorted(table.items())),
        "}",
        "",
    ]
    return "\n".join(lines)
