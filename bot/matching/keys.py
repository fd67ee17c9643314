"""Rule terms → automaton keys, per language: where morphology meets the rule language.

An item is matched as a *lemma stream*: every word replaced by its dictionary form in
the item's language (see `bot.text.lemmas`).  A term is lemmatised the same way, but a
term has no language of its own, and one spelling can be a different word in another
language (English "war" is German "was"; German lemmatises it to "sein").  So a term's
word counts in a language L when:

* its script and letters allow L (Cyrillic: uk/ru, і ї є ґ → uk only, ы э ъ ё → ru
  only; Latin: en/de/fr, ä ö ü ß → de only, é è ç … → fr only), and
* L is Ukrainian or Russian (their homographs are rare and mostly the same word), or it is
  its own lemma in L (a dictionary form, or a word L does not know, like a name), or L
  is the only language of its script that knows it, or L is English and English knows
  it, or L knows it and no other language reads it as a dictionary form.

So "war" counts in English only (German reads it as "sein"), "sanctions" in English and
French (both read it as "sanction"), "переговорах" in Ukrainian and Russian.  A phrase
counts in a language when each of its words does, when one of its words is that
language's alone ("präsidenten"), or when that language's dictionary knows each word
that does not count there by itself ("des" in "plafonnement des prix", which English
claims as its own).  Writing
terms in their dictionary form ("talk", "гарантія", "Verhandlung") is the safe habit:
a dictionary form counts in every language and covers every inflection.

A term ending in ``*`` is a prefix of the lemma (and, for a word no dictionary knows,
of the word as written).  A hyphenated term also matches its joined form
(cease-fire = ceasefire); transliterated names match every listed spelling.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.text.fold import VARIANTS, fold_word, lex_fold
from bot.text.lemmas import CYRILLIC, LANGS, WORD, known, lemma_key, word_langs

_HYPHENS = re.compile(r"\s*[-‐‑‒–]\s*")


@lru_cache(maxsize=100_000)
def word_forms(word: str) -> dict[str, str]:
    """The languages a term's (lex-folded) word counts in, each with its lemma there."""
    langs = word_langs(word)
    plain = fold_word(word)
    lemma = {lang: lemma_key(word, lang) for lang in langs}
    knows = {lang: known(word, lang) for lang in langs}
    accepted: dict[str, str] = {}
    for lang in langs:
        dictionary_form_elsewhere = any(
            knows[other] and lemma[other] == plain for other in langs if other != lang
        )
        if (
            len(langs) == 1
            or lang in CYRILLIC
            or lemma[lang] == plain
            or [lang] == [x for x in langs if knows[x]]
            or (lang == "en" and knows[lang])
            or (knows[lang] and not dictionary_form_elsewhere)
        ):
            accepted[lang] = lemma[lang]
    return accepted or lemma


def _phrase_language(words: list[str]) -> str | None:
    """The one language a phrase's words point to, if any: a word whose letters, or whose
    being known to one dictionary only, tie it to a single language."""
    own: set[str] = set()
    for word in words:
        langs = word_langs(word)
        if len(langs) == 1:
            own.add(langs[0])
            continue
        knowing = [lang for lang in langs if known(word, lang)]
        if len(knowing) == 1:
            own.add(knowing[0])
    return own.pop() if len(own) == 1 and len(words) > 1 else None


def _phrase_languages(words: list[str], per_word: list[dict[str, str]]) -> list[str]:
    """The languages a phrase is read in as a whole, besides those all its words count in
    (`per_word`, each word's languages): the one language a word of it is tied to
    (`_phrase_language`), and each language whose letters allow every word and whose
    dictionary knows every word that does not count there by itself.  "plafonnement des
    prix" is French although English claims "des" as its own dictionary form, so "des"
    alone does not count in French."""
    if len(words) < 2:
        return []
    own = _phrase_language(words)
    knowing = [
        lang
        for lang in LANGS
        if all(
            lang in forms or (lang in word_langs(word) and known(word, lang))
            for word, forms in zip(words, per_word, strict=True)
        )
    ]
    return list(dict.fromkeys([own, *knowing] if own is not None else knowing))


def _variants(key: str) -> list[str]:
    """Every transliteration of the names in `key` (itself first)."""
    out = [""]
    for n, word in enumerate(key.split(" ")):
        options = VARIANTS.get(word, (word,))
        out = [f"{pre} {w}" if n else w for pre in out for w in options]
    return out


def term_keys(term: str) -> dict[str, list[str]]:
    """Language → the automaton keys of a validated term (see `rules.check_term`).

    A key is the term's lemmas with a space on both sides (`` cesser le feu ``), or on
    the left only for a prefix term (`` перемир``), so the automaton enforces word
    boundaries by itself.
    """
    prefix = term.endswith("*")
    body = term.rstrip("*").strip()
    parts = _HYPHENS.split(body)
    hyphenated = len(parts) > 1
    # (form, whether its words are a hyphenated name's): the term as written, and a
    # hyphenated term joined too (cease-fire = ceasefire)
    forms = [(body, hyphenated)] + ([("".join(parts), False)] if hyphenated else [])
    out: dict[str, list[str]] = {}
    for form, name_parts in forms:
        words = WORD.findall(lex_fold(form)[0])
        if not words:
            continue
        per_word: list[dict[str, str]] = []
        for i, word in enumerate(words):
            if prefix and i == len(words) - 1:
                per_word.append(dict.fromkeys(word_langs(word), fold_word(word)))
            elif name_parts:
                # a hyphenated name (Mar-a-Lago) is read in every language its letters
                # allow: French reads its "a" as avoir, and that is what the item says
                per_word.append({lang: lemma_key(word, lang) for lang in word_langs(word)})
            else:
                per_word.append(word_forms(word))
        whole = words[: len(words) - prefix]
        for lang in _phrase_languages(whole, per_word[: len(whole)]):
            # the phrase is `lang`'s: its other words ("des", "der", the "d" of
            # "d'accord") are read in that language too
            for i, word in enumerate(whole):
                per_word[i] = {**per_word[i], lang: lemma_key(word, lang)}
        for lang in LANGS:
            if not all(lang in forms_ for forms_ in per_word):
                continue
            key = " ".join(forms_[lang] for forms_ in per_word)
            for variant in _variants(key):
                written = f" {variant}" if prefix else f" {variant} "
                keys = out.setdefault(lang, [])
                if written not in keys:
                    keys.append(written)
    return out
