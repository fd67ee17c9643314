"""Figures and dates in an item's text, with what each figure counts.

A figure's *kind* comes from the word it counts (prisoners, bodies, points of a plan, …):
the story grouping vetoes a match only between figures of one veto kind, so "390
prisoners" and "307 prisoners" are two developments while reports that disagree on a
duration, a sum or a clock time still meet.  Clock times and years are not figures; a day
of a month ("23 May", "23 травня") is a date.
"""

from __future__ import annotations

import re

from bot.stories.entities import normalise, tokens

VETO_KINDS = frozenset({"persons", "bodies", "points"})
"""Figure kinds whose difference means a different development (390 vs 307 prisoners
freed; a 28-point vs a 20-point plan).  Durations, sums, percentages, weapons counted in
an attack, and plain numbers never veto: reports of one event disagree on them."""

# fmt: off
_UNITS: dict[str, tuple[str, ...]] = {
    "persons": ("prisoner", "pow", "captive", "soldier", "servicem", "defender", "civilian",
                "people", "person", "detainee", "полонен", "військовополонен", "військов",
                "захисник", "цивільн", "людей", "осіб", "бійц", "пленн", "военнопленн",
                "военнослужащ", "военн", "человек", "гражданск", "бойц", "защитник"),
    "bodies": ("bodies", "body", "тіл", "тел", "загибл", "погибш"),
    "points": ("point", "пункт"),
    "percent": ("percent", "відсот", "процент"),
    "money": ("billion", "million", "trillion", "bn", "mln", "dollar", "euro", "мільярд",
              "мільйон", "млрд", "млн", "трлн", "миллиард", "миллион", "долар", "доллар", "євро",
              "евро"),
    "duration": ("minute", "hour", "day", "week", "month", "year", "хвилин", "годин", "днів",
                 "дні", "доб", "діб", "тиж", "місяц", "рок", "минут", "час", "дней", "дня",
                 "сут", "недел", "месяц", "лет", "год"),
    "distance": ("km", "kilomet", "mile", "км", "кілометр", "километр"),
    "places": ("region", "oblast", "област", "регіон", "регион", "territor", "територ",
               "территор", "city", "cities", "town", "village", "міст", "город", "сел"),
    "weapons": ("drone", "missile", "uav", "shahed", "дрон", "ракет", "безпілотн", "беспилотн",
                "бпла", "шахед"),
    "clock": ("am", "pm", "gmt", "utc", "cet", "kyiv time", "годині", "по київ", "по моск",
              "мск"),
}
_MONTHS: tuple[tuple[str, ...], ...] = (
    ("jan", "січ", "янв"), ("feb", "лют", "фев"), ("mar", "берез", "мар"), ("apr", "квіт", "апр"),
    ("may", "трав", "мая", "май"), ("jun", "черв", "июн"), ("jul", "лип", "июл"),
    ("aug", "серп", "авг"), ("sep", "верес", "сен"), ("oct", "жовт", "окт"),
    ("nov", "листоп", "ноя"), ("dec", "груд", "дек"),
)
_FILLERS = frozenset("""each more than over about some nearly almost around another additional
further of the a total least at по понад близько майже ще більше ніж щонайменше около более
почти еще свыше не менее""".split())
_PAIRING = frozenset({"for", "на", "за"})

# fmt: on

# fmt: off
_NUMBER_WORDS = {
    **dict.fromkeys(("two", "два", "дві", "две"), "2"),
    **dict.fromkeys(("three", "три"), "3"),
    **dict.fromkeys(("four", "чотири", "четыре"), "4"),
    **dict.fromkeys(("five", "пять"), "5"),
    **dict.fromkeys(("six", "шість", "шесть"), "6"),
    **dict.fromkeys(("seven", "сім", "семь"), "7"),
    **dict.fromkeys(("eight", "вісім", "восемь"), "8"),
    **dict.fromkeys(("nine", "девять"), "9"),
    **dict.fromkeys(("ten", "десять"), "10"),
    **dict.fromkeys(("thousand", "тисяча", "тисячу", "тисячі", "тысяча", "тысячу", "тысячи"),
                    "1000"),
}
# fmt: on
_NUMBER_WORD = re.compile(r"(?<![\w-])(?:" + "|".join(_NUMBER_WORDS) + r")(?![\w-])")
_NUMBER = re.compile(r"(?<![\w.,:])(\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+(?:[.,]\d+)?)(?![\d:])")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_YEAR = re.compile(r"(19|20)\d\d")
_SEPARATOR = re.compile(r"[,\u00a0\u202f ]")
_MERIDIEM = re.compile(r"\s*[ap]\.?\s?m\b")


def _digits(word: re.Match[str]) -> str:
    return _NUMBER_WORDS[word.group()]


def figures(text: str) -> list[tuple[str, str]]:
    """(kind, value) of every figure in `text`; clock times, years and dates left out.

    The kind is what the figure counts, read from the next words ("390 prisoners",
    "28-point", "1,000 for 1,000 POWs"); "" when nothing known follows.  Numbers written
    as words from two to ten, and a thousand, count as their digits ("тысяча на тысячу",
    "five hours").
    """
    text = _NUMBER_WORD.sub(_digits, _CLOCK.sub(" ", normalise(text)))
    found: list[tuple[str, str]] = []
    pending: list[str] = []
    for match in _NUMBER.finditer(text):
        raw = match.group(1)
        if _YEAR.fullmatch(raw) or _month(text, match) is not None:
            continue
        if _names(text, match):
            found.append(("name", raw))
            continue
        value = _SEPARATOR.sub("", raw) if re.search(r"\d[,\u00a0\u202f ]\d{3}", raw) else raw
        value = value.replace(",", ".")
        after = text[match.end() : match.end() + 40]
        if _pairs_with_next(after):
            pending.append(value)
            continue
        kind = _unit(after, text[max(0, match.start() - 1) : match.start()])
        if kind == "clock":
            pending.clear()
            continue
        found.extend((kind, v) for v in (*pending, value))
        pending.clear()
    found.extend(("", v) for v in pending)
    return found


def _names(text: str, match: re.Match[str]) -> bool:
    """The number is part of a name ("Стамбул-2", "Ил-76", "F-16"), not a count: it
    follows a word and a hyphen (but "1,000-for-1,000" counts)."""
    if text[match.start() - 1 : match.start()] != "-":
        return False
    before = tokens(text[max(0, match.start() - 20) : match.start()])[-1:]
    return bool(before) and before[0].isalpha() and before[0] not in _PAIRING


def _pairs_with_next(after: str) -> bool:
    """ "1,000 for 1,000 prisoners": the first figure counts what the second does."""
    words = after.replace("-", " ").split()
    return len(words) >= 2 and words[0] in _PAIRING and words[1][:1].isdigit()


def _unit(after: str, before: str) -> str:
    if before in "$€£" and before:
        return "money"
    if after.lstrip().startswith("%"):
        return "percent"
    if _MERIDIEM.match(after):
        return "clock"
    words = [w for w in tokens(after)[:4] if w not in _FILLERS][:2]
    for word in words[:1]:
        for kind, prefixes in _UNITS.items():
            if word.startswith(prefixes):
                return kind
    return ""


def _month(text: str, match: re.Match[str]) -> int | None:
    """The month named right after or right before a day number ("23 May", "May 23")."""
    raw = match.group(1)
    if not raw.isdigit() or not 1 <= int(raw) <= 31:
        return None
    following = tokens(text[match.end() : match.end() + 16])[:1]
    preceding = tokens(text[max(0, match.start() - 16) : match.start()])[-1:]
    for word in (*following, *preceding):
        for number, prefixes in enumerate(_MONTHS, 1):
            if word.startswith(prefixes) and (len(word) > 3 or word in ("may", "мая", "май")):
                return number
    return None


def dates(text: str) -> list[str]:
    """Date keys ``d:M-D`` for every day of a month named in `text`."""
    folded = normalise(text)
    out = []
    for match in _NUMBER.finditer(folded):
        month = _month(folded, match)
        if month is not None:
            out.append(f"d:{month}-{int(match.group(1))}")
    return out
