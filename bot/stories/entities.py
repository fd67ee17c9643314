"""Reading the gazetteer (`bot.stories.gazetteer`): people, places, organisations and
event concepts in en/uk/ru.

A token sequence is scanned for gazetteer entries (``e:putin`` for Putin/Путін/Путина/
Путиным), event concepts (``c:exchange`` for swap/обмін/обмена) and the consonant
skeletons of other capitalised names (``s:pdlk`` for Podolyak/Подоляк).  These
**interlingua** keys are the same whatever language an item is written in; they carry
items across languages.  Entries are prefixes of folded tokens, so case endings count; an
entry ending in ``$`` must match its last word whole; multi-word entries match consecutive
tokens (the last one by prefix).

What is not caught: names outside the gazetteer whose transliterations change their
consonants beyond the skeleton's folds, metonyms ("the White House" for Washington), and
languages other than English, Ukrainian and Russian.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import lru_cache

from bot.stories.gazetteer import (
    COMMON,
    CONCEPTS,
    ENTITIES,
    FIRST_NAMES,
    LEADERS,
    NEGOTIATORS,
    OFFICES,
    PEOPLE,
    PRESIDENTS,
    SPECIFIC_CONCEPTS,
    TRANSLIT,
    US_PRESIDENT_ELECT,
    VENUE_REGION,
)
from bot.text import APOSTROPHES

_APOSTROPHE_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CAPITALISED = re.compile(r"(?<![\w])([A-ZА-ЯІЇЄҐЁ][a-zа-яіїєґё]{3,})")
_VOWELS = frozenset("aeiouy")
_MIN_PREFIX = 3


def normalise(text: str) -> str:
    """Unicode-fold, lower-case, drop apostrophes (перемир'я → перемиря), ё → е."""
    text = unicodedata.normalize("NFKC", text)
    text = _APOSTROPHE_RE.sub("", text)
    return text.lower().replace("ё", "е")


def tokens(text: str) -> list[str]:
    """The letter runs of `text`, normalised: what gazetteer entries are matched against."""
    return _WORD.findall(normalise(text))


def _build_tables(
    table: Mapping[str, tuple[str, ...]], kind: str
) -> tuple[dict[str, str], dict[str, str]]:
    """(prefix table, exact table).  An entry ending in "$" must match its last word whole."""
    prefixes: dict[str, str] = {}
    exact: dict[str, str] = {}
    for canonical, entries in table.items():
        for entry in entries:
            target = exact if entry.endswith("$") else prefixes
            target[" ".join(tokens(entry.rstrip("$")))] = f"{kind}:{canonical}"
    return prefixes, exact


_TABLES = {"e": _build_tables(ENTITIES, "e"), "c": _build_tables(CONCEPTS, "c")}
_MAX_WORDS = max(k.count(" ") + 1 for pair in _TABLES.values() for t in pair for k in t)
_HEADS = {
    kind: frozenset(k.split(" ", 1)[0] for t in pair for k in t if " " in k)
    for kind, pair in _TABLES.items()
}


@lru_cache(maxsize=1 << 16)
def _single(token: str, kind: str) -> str | None:
    prefixes, exact = _TABLES[kind]
    feature = exact.get(token)
    if feature is not None:
        return feature
    for cut in range(len(token), _MIN_PREFIX - 1, -1):
        feature = prefixes.get(token[:cut])
        if feature is not None:
            return feature
    return None


def _lookup(words: list[str], i: int, kind: str) -> tuple[str, int] | None:
    """Longest gazetteer entry of `kind` starting at word i: (key, words consumed)."""
    if words[i] in _HEADS[kind]:
        prefixes, exact = _TABLES[kind]
        for n in range(min(_MAX_WORDS, len(words) - i), 1, -1):
            lead = " ".join(words[i : i + n - 1]) + " "
            last = words[i + n - 1]
            feature = exact.get(lead + last)
            if feature is not None:
                return feature, n
            for cut in range(len(last), _MIN_PREFIX - 1, -1):
                feature = prefixes.get(lead + last[:cut])
                if feature is not None:
                    return feature, n
    feature = _single(words[i], kind)
    return (feature, 1) if feature is not None else None


def scan(words: list[str]) -> tuple[list[str], set[str]]:
    """(interlingua keys in order, the words that were part of an entity or concept)."""
    keys: list[str] = []
    used: set[str] = set()
    i = 0
    while i < len(words):
        entity = _lookup(words, i, "e")
        if entity is not None:
            keys.append(entity[0])
            used.update(words[i : i + entity[1]])
            i += entity[1]
            continue
        concept = _lookup(words, i, "c")
        if concept is not None:
            keys.append(concept[0])
            used.update(words[i : i + concept[1]])
        i += 1
    return keys, used


_COUNTRY = {
    "us": r"сша|америки|сполучених\s+штатів|соединенных\s+штатов|united\s+states",
    "russia": r"россии|росії|рф|russia",
    "ukraine": r"україни|украины|ukraine",
}
_COUNTRY_ADJECTIVE = {
    "us": r"us|u\.s\.|american|americas|американськ\w*|американск\w*",
    "russia": r"russian|russias|российск\w*|російськ\w*",
    "ukraine": r"ukrainian|ukraines|украинск\w*|українськ\w*",
}
_HEAD_OF = {"us": r"глав\w*\s+(?:білого\s+дому|белого\s+дома)", "russia": r"глав\w*\s+кремля"}
_ANY_COUNTRY = "|".join(_COUNTRY.values())
_OFFICE = re.compile(
    r"\bпрезидент\w*\s+(?P<genitive>(?:"
    + _ANY_COUNTRY
    + r")(?:\s+(?:и|і|та)\s+(?:"
    + _ANY_COUNTRY
    + r"))?)\b|\bpresidents?\s+of\s+(?:the\s+)?(?P<of>"
    + _ANY_COUNTRY
    + r")\b|\b(?P<adjective>"
    + "|".join(_COUNTRY_ADJECTIVE.values())
    + r")\s+(?:president|leader|президент|лидер|лідер)|(?P<head>"
    + "|".join(_HEAD_OF.values())
    + r")"
)
_ELECT = re.compile(r"elect|обран|новообран|избран|новоизбран")


_NAMING = {
    group: {country: re.compile(rf"\b(?:{words})") for country, words in patterns.items()}
    for group, patterns in (
        ("genitive", _COUNTRY),
        ("of", _COUNTRY),
        ("adjective", _COUNTRY_ADJECTIVE),
        ("head", _HEAD_OF),
    )
}
"""For each way `_OFFICE` names an office, which country each of its words belongs to."""


def _countries(found: re.Match[str]) -> list[str]:
    """The countries whose president `found` names (two for "президентов России и США")."""
    group = next(name for name in _NAMING if found[name])
    return [country for country, words in _NAMING[group].items() if words.search(found[group])]


def office_holders(text: str, day: date | None) -> list[str]:
    """The people a headline names by their office on `day`: "президента США" is Trump in
    2025 and Biden in 2023 ("the US president-elect" Trump in December 2024), "президенты
    России и США" are Putin and Trump, "the Ukrainian president" is Zelensky.  A call of
    "Путина и президента США" then has the same participants as "Putin and Trump"."""
    if day is None:
        return []
    low = normalise(text)
    out = []
    for found in _OFFICE.finditer(low):
        near = low[max(0, found.start() - 16) : found.end() + 8]
        for country in _countries(found):
            if holder := _holder(country, day, elect=bool(_ELECT.search(near))):
                out.append(f"e:{holder}")
    return out + _other_offices(low, day)


_OFFICES = [(re.compile(rf"\b(?:{pattern})"), holders) for pattern, holders in OFFICES.values()]


def _other_offices(low: str, day: date) -> list[str]:
    """Holders of the `OFFICES` that folded text `low` names on `day`."""
    return [
        f"e:{holder}"
        for pattern, holders in _OFFICES
        if pattern.search(low) and (holder := _held_on(holders, day))
    ]


def _holder(country: str, day: date, *, elect: bool) -> str | None:
    if elect and country == "us":
        elect_from, elect_until, name = US_PRESIDENT_ELECT
        if elect_from <= day < elect_until:
            return name
    return _held_on(PRESIDENTS[country], day)


def _held_on(holders: Sequence[tuple[date, str | None]], day: date) -> str | None:
    """Who held an office on `day`, from its holders by start date (None: nobody known)."""
    held = [name for start, name in holders if start <= day]
    return held[-1] if held else None


def is_entity(word: str) -> bool:
    """A single folded word that by itself names a gazetteer entity (Путін, Geneva)."""
    return _single(normalise(word), "e") is not None


def skeleton(word: str) -> str:
    """A name's consonant skeleton, the same in Latin and Cyrillic: Подоляк, Podolyak → pdlk.

    Letters that transliterations disagree on fold together: г/h/g/х/kh → h, w → v,
    c/ck/q → k.
    """
    latin = word.lower().translate(TRANSLIT)
    for old, new in (("kh", "h"), ("ck", "k"), ("c", "k"), ("q", "k"), ("w", "v"), ("g", "h")):
        latin = latin.replace(old, new)
    out: list[str] = []
    for ch in latin:
        if ch in _VOWELS or not ch.isalpha():
            continue
        if out and out[-1] == ch:
            continue
        out.append(ch)
    return "".join(out[:4])


def names(text: str, skip: Callable[[str], bool]) -> list[str]:
    """Skeleton keys (``s:…``) of capitalised words that are not first names and not to
    `skip` (gazetteer words, dictionary words: a headline's or sentence's first word, or
    a Title Case headline's, is a name only if no dictionary knows it)."""
    found = []
    for match in _CAPITALISED.finditer(text):
        lowered = normalise(match.group(1))
        if lowered.startswith(FIRST_NAMES) or skip(lowered):
            continue
        key = skeleton(lowered)
        if len(key) >= 3:
            found.append(f"s:{key}")
    return found


def is_specific(key: str) -> bool:
    """A key that by itself points at few events: a non-common entity, a rare kind of
    event, a figure, a name."""
    kind, _, name = key.partition(":")
    if kind == "e":
        return name not in COMMON
    if kind == "c":
        return name in SPECIFIC_CONCEPTS
    return kind in ("n", "s", "d")


def venue(key: str) -> str | None:
    """The region of a venue key (``e:maralago`` → florida), else None."""
    return VENUE_REGION.get(key[2:]) if key.startswith("e:") else None


def person(key: str) -> bool:
    return key.startswith("e:") and key[2:] in PEOPLE


def leader(key: str) -> bool:
    return key.startswith("e:") and key[2:] in LEADERS


def negotiator(key: str) -> bool:
    return key.startswith("e:") and key[2:] in NEGOTIATORS


_INSTITUTIONS = frozenset(
    {"kremlin", "whitehouse", "pentagon", "defenceministry", "iaea", "nato", "un", "hur", "eu"}
)


def speaker(key: str) -> bool:
    """A key that can be a headline's source: a person or an institution that speaks."""
    return person(key) or (key.startswith("e:") and key[2:] in _INSTITUTIONS)
