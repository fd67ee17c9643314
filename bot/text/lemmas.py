"""Lemmas: the dictionary form of a word, so that one rule term covers every inflection.

Ukrainian and Russian go through pymorphy3 with its ``pymorphy3-dicts-uk`` and
``pymorphy3-dicts-ru`` dictionaries; English, German and French through simplemma.  A
word the language's dictionary does not know (a new name: Умєрова, Witkoff's) is left as
it is — pymorphy3 would guess a lemma from the word's ending, and a wrong guess would
break wildcards written for names (``умєров*``).  Results are folded keys (`fold_word`):
lower case, Latin accents stripped, ё → е, apostrophes ``'``.

    >>> lemmatise("гарантіями", "uk"), lemmatise("переговорах", "ru"), lemmatise("trêves", "fr")
    ('гарантія', 'переговоры', 'treve')
    >>> lemmas("Sicherheitsgarantien für die Ukraine", "de")
    ['sicherheitsgarantie', 'fur', 'der', 'ukraine']

A Latin word with an inner apostrophe is split there ("Kyiv's" → ``kyiv s``, "l'accord"
→ ``l accord``); a Cyrillic one keeps it (перемир'я).  Everything is cached: a word costs
a dictionary look-up the first time and a ``dict`` access after that.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

import pymorphy3
import simplemma

from bot.text.fold import fold_word, lex_fold

LANGS: tuple[str, ...] = ("en", "de", "fr", "uk", "ru")
"""The languages with a lemmatiser.  Latin script: en, de, fr; Cyrillic: uk, ru."""
LATIN: tuple[str, ...] = ("en", "de", "fr")
CYRILLIC: tuple[str, ...] = ("uk", "ru")

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
"""A word in lex-folded text: letters and digits, with apostrophes inside."""

_UK_LETTERS = frozenset("іїєґ")
_RU_LETTERS = frozenset("ыэъё")
_DE_LETTERS = frozenset("äöüß")
_FR_LETTERS = frozenset("éèêàâçôîûùëïœæÿ")
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is for on with that by from".split()),
    "de": frozenset("der die das und nicht mit für ist zu den von im ein eine auf dem".split()),
    "fr": frozenset("le la les des et du une un pour est dans sur au aux en que".split()),
}


@lru_cache(maxsize=2)
def _morph(lang: str) -> Any:
    """The pymorphy3 analyser for "uk" or "ru" (loaded once, on first use)."""
    return pymorphy3.MorphAnalyzer(lang=lang)


def is_cyrillic_word(word: str) -> bool:
    return any("а" <= c <= "я" or c in "іїєґёў" for c in word.lower())


def word_langs(word: str) -> tuple[str, ...]:
    """The languages a written word may belong to, from its script and its letters."""
    low = word.lower()
    letters = set(low)
    if is_cyrillic_word(low):
        if letters & _UK_LETTERS:
            return ("uk",)
        if letters & _RU_LETTERS:
            return ("ru",)
        return CYRILLIC
    if not any(c.isalpha() for c in low):
        return LANGS
    if letters & _DE_LETTERS:
        return ("de",)
    if letters & _FR_LETTERS:
        return ("fr",)
    return LATIN


@lru_cache(maxsize=400_000)
def known(word: str, lang: str) -> bool:
    """Whether `lang`'s dictionary knows `word` (lower case, accents as written)."""
    if lang in CYRILLIC:
        return bool(_morph(lang).word_is_known(word))
    if lang == "de" and simplemma.is_known(word[:1].upper() + word[1:], lang="de"):
        return True
    return bool(simplemma.is_known(word, lang=lang))


def _likeliest(parses: list[Any]) -> str:
    """The normal form most of the best-scored parses agree on.

    The Ukrainian dictionary scores every parse alike, and its first one is sometimes a
    rare reading ("мирного" → the noun мирне, against three parses of мирний); a vote
    picks the reading the word's forms share, save for the few forms in `_UK_TIES`.
    """
    best = max(p.score for p in parses)
    votes = Counter(p.normal_form for p in parses if p.score == best)
    preferred = _UK_TIES.get(parses[0].word)
    if preferred is not None and preferred in votes:
        return preferred
    return votes.most_common(1)[0][0]


_UK_TIES = {
    "війну": "війна",
    "зону": "зона",
    "раду": "рада",
    "вільну": "вільний",
    "точку": "точка",
    "києві": "київ",
    "харкові": "харків",
    "львові": "львів",
    "львова": "львів",
    "львову": "львів",
}
"""Ukrainian forms whose tied readings the vote gets wrong, for words the topics use (the
war, a zone, the Rada, a free economic zone) and for the cities whose oblique forms the
dictionary also reads as names ("у Києві" as the name Кий, "у Львові" as Лев): the vote
picks a rare reading (the verb війнути, the noun зон) where no frequency says otherwise."""


def _is_own_surname(parse: Any, word: str) -> bool:
    """A surname in its dictionary form: "Песков" is Peskov before it is "of the sands"
    (песок), "Дмитриев" is Dmitriev before "of the Dmitrys" — news names people, and a
    name must stay the same word whatever its case."""
    tag = parse.tag
    return "Surn" in tag and "nomn" in tag and "sing" in tag and parse.normal_form == word


@lru_cache(maxsize=400_000)
def _lemma_one(word: str, lang: str) -> str:
    """One apostrophe-free (or Cyrillic) lower-case word → its folded lemma."""
    if not any(c.isalpha() for c in word):
        return word
    if lang in CYRILLIC:
        if not known(word, lang):
            return fold_word(word)
        parses = _morph(lang).parse(word)
        if any(_is_own_surname(p, word) for p in parses):
            return fold_word(word)
        return fold_word(_likeliest(parses))
    if lang == "de":
        return fold_word(_german_lemma(word))
    return fold_word(simplemma.lemmatize(word, lang=lang))


def _german_lemma(word: str) -> str:
    """German nouns are capitalised, and the text was lower-cased: "plan" alone is read
    as the verb planen, "Plan" as the noun (topic words are mostly nouns).

    simplemma stops half-way on the past tense of many verbs ("verlangte" → verlangt,
    "vereinbarten" → Vereinbarte): a lemma that still reads as a participle (a lower-case
    word, or a noun made of one) is looked up again, as a verb, and kept only if that
    reaches an infinitive (verlangen, verhandeln).  A noun stays (Gebiete → Gebiet).
    """
    noun = word[:1].upper() + word[1:]
    lemma = simplemma.lemmatize(noun if simplemma.is_known(noun, lang="de") else word, lang="de")
    if lemma.lower() + "en" == word and simplemma.lemmatize(word, lang="de") == word:
        # an infinitive read as the noun it builds ("erhalten" as Erhalt, "austauschen"
        # as Austausch) stays the verb, as "erhält" and "tauschte aus" do
        return word
    participle = lemma.islower() or lemma.endswith("te")
    if not word.endswith(("te", "ten")) or lemma.lower() == word or not participle:
        return lemma
    step = lemma.lower()
    for _ in range(2):
        if not step.endswith(("t", "te")):
            break
        again = simplemma.lemmatize(step, lang="de").lower()
        if again == step:
            break
        step = again
    return step if step.endswith(("en", "ln", "rn")) and step != lemma.lower() else lemma


@lru_cache(maxsize=400_000)
def lemma_key(word: str, lang: str) -> str:
    """A word as `bot.text.fold.lex_fold` leaves it → its folded lemma in `lang`, one word
    (a lemma that folds to several, like по-русски, is written without the spaces)."""
    return _lemma_one(word, lang).replace(" ", "")


def guess_lang(text: str) -> str:
    """The most likely of `LANGS` for `text`: script first, then letters and common words.

    Cyrillic text is Ukrainian when it has more і ї є ґ than ы э ъ ё, otherwise Russian.
    Latin text is German or French when more of its words are German or French function
    words than English ones (or when a single word carries their letters), else English.
    """
    low = text.lower()
    cyrillic = sum(1 for c in low if "а" <= c <= "я" or c in "іїєґё")
    latin = sum(1 for c in low if "a" <= c <= "z")
    if cyrillic > latin:
        uk = sum(1 for c in low if c in _UK_LETTERS)
        ru = sum(1 for c in low if c in _RU_LETTERS)
        return "uk" if uk > ru else "ru"
    words = low.split()
    counts = {lang: sum(w in fws for w in words) for lang, fws in _FUNCTION_WORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    if counts[best] == 0 or counts[best] == counts["en"]:
        langs = word_langs(low)
        return langs[0] if len(langs) == 1 and langs[0] in LATIN else "en"
    return best


def lemmatise(word: str, lang: str | None = None) -> str:
    """The folded lemma of one word; `lang` guessed from the word when None.

    Unknown words come back folded but otherwise unchanged.
    """
    folded, _ = lex_fold(word.strip())
    lang = lang if lang in LANGS else guess_lang(word)
    return " ".join(lemma_key(w, lang) for w in WORD.findall(folded))


def lemmas(text: str, lang: str | None = None) -> list[str]:
    """The folded lemmas of every word of `text`, in order; `lang` guessed when None.

    `lang` applies to words of its script; words of the other script (a Latin name in a
    Ukrainian text) are lemmatised in English or, if Cyrillic, in Ukrainian or Russian
    as their letters say.
    """
    folded, _ = lex_fold(text)
    lang = lang if lang in LANGS else guess_lang(text)
    latin = lang if lang in LATIN else "en"
    cyrillic = lang if lang in CYRILLIC else ("uk" if guess_lang(text) == "uk" else "ru")
    return [
        lemma_key(word, cyrillic if is_cyrillic_word(word) else latin)
        for word in WORD.findall(folded)
    ]
