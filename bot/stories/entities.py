"""The gazetteer: people, places, organisations and event concepts in en/uk/ru.

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
from collections.abc import Callable, Mapping
from functools import lru_cache

from bot.text import APOSTROPHES

# fmt: off
_ENTITIES: dict[str, tuple[str, ...]] = {
    # people
    "putin": ("putin", "путін", "путин"),
    "zelensky": ("zelensk", "зеленськ", "зеленск"),
    "trump": ("trump", "трамп$", "трампа$", "трампу$", "трампом$", "трампі$", "трампе$",
              "трампові$"),
    "witkoff": ("witkoff", "віткоф", "уиткоф", "виткоф"),
    "kushner": ("kushner", "кушнер"),
    "rubio": ("rubio", "рубіо", "рубио"),
    "vance": ("vance", "венс", "вэнс"),
    "kellogg": ("kellogg", "келлог"),
    "driscoll": ("driscoll", "дрісколл", "дрисколл"),
    "umerov": ("umerov", "умєров", "умеров"),
    "budanov": ("budanov", "буданов"),
    "yermak": ("yermak", "єрмак", "ермак"),
    "sybiha": ("sybiha", "сибіг", "сибиг"),
    "zaluzhny": ("zaluzhn", "залужн"),
    "syrskyi": ("syrsk", "сирськ", "сырск"),
    "kyslytsya": ("kyslyts", "кислиц"),
    "lavrov": ("lavrov", "лавров"),
    "peskov": ("peskov", "пєсков", "песков"),
    "ushakov": ("ushakov", "ушаков"),
    "dmitriev": ("dmitriev", "dmitryev", "дмитрієв", "дмитриев"),
    "medinsky": ("medinsk", "мединськ", "мєдінськ", "мединск"),
    "kostyukov": ("kostyukov", "kostiukov", "костюков"),
    "zakharova": ("zakharova", "захаров"),
    "shoigu": ("shoigu", "шойгу"),
    "grossi": ("grossi", "гроссі", "гросси"),
    "rutte": ("rutte", "рютте"),
    "macron": ("macron", "макрон"),
    "starmer": ("starmer", "стармер"),
    "merz": ("merz", "мерц"),
    "erdogan": ("erdogan", "ердоган", "эрдоган"),
    "fidan": ("fidan", "фідан", "фидан"),
    "vonderleyen": ("von der leyen", "фон дер ляєн", "фон дер ляйен"),
    "xi": ("xi jinping", "сі цзіньпін", "си цзиньпин"),
    "lukashenko": ("lukashenk", "лукашенк"),
    "orban": ("orban", "орбан"),
    "pope": ("pope leo", "папа лев"),
    "hegseth": ("hegseth", "гегсет", "хегсет"),
    "kallas": ("kallas", "каллас"),
    "podolyak": ("podolyak", "podoliak", "подоляк"),
    "graham": ("lindsey graham", "ліндсі грем", "линдси грэм"),
    "netanyahu": ("netanyahu", "нетаньях", "нетаньяг"),
    # places
    "geneva": ("geneva", "женев"),
    "istanbul": ("istanbul", "стамбул"),
    "abudhabi": ("abu dhabi", "абу дабі", "абу даби"),
    "riyadh": ("riyadh", "ріяд", "рияд", "эр рияд"),
    "jeddah": ("jeddah", "джидд", "джедд"),
    "doha": ("doha$", "доха$", "дохи$", "дохе$"),
    "miami": ("miami", "маямі", "майами"),
    "florida": ("florida", "флорид"),
    "maralago": ("mar a lago", "мар а лаго"),
    "alaska": ("alaska", "аляск", "алясц"),
    "anchorage": ("anchorage", "анкоридж"),
    "bishkek": ("bishkek", "бішкек", "бишкек"),
    "minsk": ("minsk", "мінськ", "минск"),
    "berlin": ("berlin", "берлін", "берлин"),
    "paris": ("paris", "париж"),
    "london": ("london", "лондон"),
    "brussels": ("brussels", "брюссел"),
    "davos": ("davos", "давос"),
    "vatican": ("vatican", "ватикан"),
    "zaporizhzhia": ("zaporizh", "zaporozh", "запоріж", "запорож", "заес", "заэс"),
    "donbas": ("donbas", "донбас"),
    "donetsk": ("donetsk", "донецьк", "донецк"),
    "luhansk": ("luhansk", "луганськ", "луганск"),
    "kherson": ("kherson", "херсон"),
    "crimea": ("crimea", "крим$", "криму$", "кримом$", "кримськ", "крым"),
    "kharkiv": ("kharkiv", "kharkov", "харків", "харьков"),
    "pokrovsk": ("pokrovsk", "покровськ", "покровск"),
    "kursk": ("kursk", "курськ", "курск"),
    "blacksea": ("black sea", "чорне мор", "чорному мор", "чорного мор", "черное мор", "черном мор",
                 "черного мор", "чорноморськ", "черноморск"),
    "turkey": ("turkey", "turkiye", "turkish", "туреччин", "турци", "турецьк", "турецк"),
    "kyrgyzstan": ("kyrgyz", "киргиз", "кыргыз"),
    "saudi": ("saudi", "саудів", "саудов"),
    "uae": ("uae", "emirates", "оае", "оаэ", "емірат", "эмират"),
    "qatar": ("qatar", "катар"),
    "belarus": ("belarus", "білорус", "беларус", "белорус"),
    "china": ("china", "chinese", "китай", "китаї", "китае"),
    "britain": ("britain", "british", "britis", "британ"),
    "france": ("france", "french", "франці", "франци"),
    "germany": ("germany", "german", "німеччин", "німец", "германи", "немец"),
    "iran": ("iran", "іран", "иран"),
    "gaza": ("gaza", "газа$", "гази$", "газі$", "газе$", "газу$", "газы$", "сектор газ"),
    "israel": ("israel", "ізраїл", "израил"),
    "hamas": ("hamas", "хамас", "хамаc"),
    "lebanon": ("lebanon", "lebanese", "ліван", "ливан"),
    "hezbollah": ("hezbollah", "хезболл", "хезбол"),
    "india": ("india", "індія", "індії", "индия", "индии"),
    "eu": ("eu$", "european union", "євросоюз", "евросоюз", "єс$", "ес$"),
    "rosneft": ("rosneft", "роснефт", "роснафт"),
    "lukoil": ("lukoil", "лукойл"),
    "valdai": ("valdai", "валда"),
    # organisations and institutions
    "iaea": ("iaea", "магате", "магатэ"),
    "nato": ("nato$", "нато$"),
    "un": ("united nations", "оон$"),
    "nabu": ("nabu$", "набу$"),
    "rosatom": ("rosatom", "росатом"),
    "whitehouse": ("white house", "білий дім", "білому домі", "белый дом", "белом доме"),
    "pentagon": ("pentagon", "пентагон"),
    "defenceministry": ("defence ministry", "defense ministry", "ministry of defence",
                        "міноборони", "минобороны", "міністерство оборони",
                        "министерство обороны"),
    "hur": ("hur$", "гур$"),
    "gru": ("gru$", "гру$"),
    # media cited as the source of a report ("Axios reports…", "citing Liga.net"): two
    # items citing the same scoop are likely one story.  Wire agencies are left out: their
    # names are boilerplate on every item they move.
    "axios": ("axios", "аксіос", "аксиос"),
    "ft": ("financial times", "файненшл таймс", "файнэншл таймс"),
    "kyivindependent": ("kyiv independent",),
    "kyivpost": ("kyiv post",),
    "liga": ("liga net", "ліга нет", "лига нет"),
    "pravda": ("ukrainska pravda", "українська правда", "украинская правда"),
    "wsj": ("wall street journal",),
    "nyt": ("new york times",),
    "wapo": ("washington post",),
    "bloomberg": ("bloomberg", "блумберг"),
    "politico": ("politico", "політико", "политико"),
    # very common in this domain: they say little about which event an item reports
    "ukraine": ("ukrain", "україн", "украин"),
    "russia": ("russia", "росія", "росії", "росію", "росією", "російськ", "росси", "российск"),
    "usa": ("united states", "america", "сша$", "америк"),
    "kremlin": ("kremlin", "кремл"),
    "kyiv": ("kyiv", "kiev", "київ", "києв", "киев"),
    "moscow": ("moscow", "москв"),
    "washington": ("washington", "вашингтон"),
    "europe": ("europe", "європ", "европ"),
}


PEOPLE = frozenset({
    "putin", "zelensky", "trump", "witkoff", "kushner", "rubio", "vance", "kellogg",
    "driscoll", "umerov", "budanov", "yermak", "sybiha", "zaluzhny", "syrskyi", "kyslytsya",
    "lavrov", "peskov", "ushakov", "dmitriev", "medinsky", "kostyukov", "zakharova", "shoigu",
    "grossi", "rutte", "macron", "starmer", "merz", "erdogan", "fidan", "vonderleyen", "xi",
    "lukashenko", "orban", "pope", "hegseth", "kallas", "podolyak", "graham", "netanyahu",
})
"""Gazetteer entries that are people: the actors of calls, meetings and statements."""

COMMON = frozenset({"putin", "zelensky", "trump", "kremlin", "kyiv", "moscow", "washington",
                    "europe", "eu", "ukraine", "russia", "usa"})
"""Entities named in so many items that by themselves they point at no event."""

_VENUE_REGION = {
    "geneva": "geneva", "istanbul": "istanbul", "abudhabi": "abudhabi", "riyadh": "riyadh",
    "jeddah": "jeddah", "doha": "doha", "miami": "florida", "florida": "florida",
    "maralago": "florida", "alaska": "alaska", "anchorage": "alaska", "bishkek": "bishkek",
    "minsk": "minsk", "berlin": "berlin", "paris": "paris", "london": "london",
    "brussels": "brussels", "davos": "davos", "vatican": "vatican",
}


_CONCEPTS: dict[str, tuple[str, ...]] = {
    "prisoners": ("prisoner", "pows", "captive", "полон", "пленн", "плен$", "плена$", "военнопленн",
                  "військовополон"),
    "exchange": ("exchang", "swap", "обмін", "обмен", "обміня"),
    "ceasefire": ("ceasefire", "truce", "перемир", "припинення вогн", "припинити вогон",
                  "прекращение огня", "прекращения огня", "прекращении огня", "прекратить огонь",
                  "режим тишин", "halt fighting", "halt to fighting"),
    "guarantees": ("guarantee", "гаранті", "гаранти"),
    "summit": ("summit", "саміт", "саммит"),
    "call": ("phone", "telephone", "телефон"),
    "resign": ("resign", "quits$", "quit$", "stepped down", "steps down", "відставк", "отставк"),
    "sanctions": ("sanction", "санкці", "санкци"),
    "energy": ("energy", "енергет", "энергет"),
    "nuclearplant": ("nuclear", "аес", "аэс", "атомн"),
    "repair": ("repair", "ремонт"),
    "powerline": ("power line", "лінії електропередач", "линии электропередач", "лэп$"),
    "territory": ("territor", "територі", "территори"),
    "plan": ("plan$", "plans$", "план$", "плану$", "плана$", "плані$", "плане$", "планом$",
             "планів$", "планов$"),
    "legitimacy": ("legitima", "легітимн", "легитимн"),
    "elections": ("election", "вибор", "выбор"),
    "navigation": ("navigation", "shipping", "судноплав", "судоходств"),
    "european": ("european", "європейськ", "европейск"),
    "deadline": ("deadline", "дедлайн", "срок", "термін$", "терміну$", "терміни$"),
    "appoint": ("appoint", "призначи", "назначи", "очолить", "очолити"),
    "talks": ("talks$", "negotiat", "переговор"),
    "meeting": ("meeting", "meet$", "met$", "meets$", "зустр", "встреч", "встрет"),
    "trilateral": ("trilateral", "three way", "тристоронн", "трехсторонн"),
    "progress": ("progress", "прогрес"),
    "agreement": ("agreement", "deal$", "угод", "соглашени", "домовленост", "договоренност"),
    "round": ("round$", "rounds$", "раунд"),
    "interview": ("interview", "інтерв", "интервью", "телемарафон"),
    "bodies": ("bodies", "body$", "remains", "тіл$", "тіла$", "тілами$", "тел$", "тела$",
               "телами$", "останк"),
    "repatriation": ("repatriat", "репатріац", "репатриац"),
    "easter": ("easter", "великод", "великдн", "пасх"),
    "christmas": ("christmas", "різдв", "рождеств"),
    "victoryday": ("victory day", "день перемоги", "дня перемоги", "день победы", "дня победы"),
    "drone": ("drone", "uav", "дрон", "безпілотн", "беспилотн", "бпла"),
    "missile": ("missile", "ракет"),
    "oil": ("oil$", "нафт", "нефт"),
    "address": ("address", "звернен", "обращени"),
    "visit": ("visit", "візит", "визит"),
    "referendum": ("referendum", "референдум"),
    "memorandum": ("memorandum", "меморандум"),
    "leak": ("leak", "злив", "утечк", "утекш"),
    "draft": ("draft", "проект", "проєкт"),
    "peacekeepers": ("peacekeep", "миротвор"),
    "troops": ("troops", "army", "армі", "арми", "військ", "войск", "контингент", "contingent"),
    "inspectors": ("inspector", "інспектор", "инспектор"),
    "rotation": ("rotation", "ротац"),
    "moratorium": ("moratorium", "мораторі", "моратори"),
    "demilitarised": ("demilitari", "buffer zone", "демілітар", "демилитар", "буферн"),
    "neutrality": ("neutral", "нейтрал"),
    "withdrawal": ("withdraw", "виведення", "вивести", "вывод", "вывести", "відвед"),
    "frontline": ("front line", "frontline", "лінія фронту", "лінії фронту", "лінію фронту",
                  "линия фронта", "линии фронта", "линию фронта"),
    "signing": ("sign$", "signs$", "signed", "signing", "підпис", "подпис"),
    "assets": ("asset", "актив"),
    "children": ("children", "child$", "діт$", "дітей", "дітьми", "дети$", "детей", "детьми"),
    "coalition": ("coalition", "коаліц", "коалиц"),
    "conditions": ("condition", "terms$", "умов", "услови"),
    "hostages": ("hostage", "заручник", "заложник"),
    "corridor": ("corridor", "коридор"),
    "embassy": ("embass", "посольств"),
    "mediation": ("mediat", "посеред", "посредни"),
    "envoy": ("envoy", "спецпослан", "спецпосланник"),
}

_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
})

_FIRST_NAMES = tuple("""
donald дональд vladimir volodymyr володимир владимир steve стів стив marco марко jared джаред
yuri юрій юрий dmitry dmitriy дмитро дмитрий kirill kyrylo кирило кирилл andriy andrii андрі
андре rustem рустем sergey sergei сергій сергей dan ден дэн rafael рафаель рафаэль igor ігор
игорь maria марія мария mark марк emmanuel keir friedrich recep hakan mykhailo михайло михаил
oleksandr олександр александр joe джо denys денис ivan іван иван
""".split())


# fmt: on

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


_TABLES = {"e": _build_tables(_ENTITIES, "e"), "c": _build_tables(_CONCEPTS, "c")}
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


def is_entity(word: str) -> bool:
    """A single folded word that by itself names a gazetteer entity (Путін, Geneva)."""
    return _single(normalise(word), "e") is not None


def skeleton(word: str) -> str:
    """A name's consonant skeleton, the same in Latin and Cyrillic: Подоляк, Podolyak → pdlk.

    Letters that transliterations disagree on fold together: г/h/g/х/kh → h, w → v,
    c/ck/q → k.
    """
    latin = word.lower().translate(_TRANSLIT)
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
        if lowered.startswith(_FIRST_NAMES) or skip(lowered):
            continue
        key = skeleton(lowered)
        if len(key) >= 3:
            found.append(f"s:{key}")
    return found


def is_specific(key: str) -> bool:
    """A key that by itself points at few events: a non-common entity, a figure, a name."""
    kind, _, name = key.partition(":")
    if kind == "e":
        return name not in COMMON
    return kind in ("n", "s", "d")


def venue(key: str) -> str | None:
    """The region of a venue key (``e:maralago`` → florida), else None."""
    return _VENUE_REGION.get(key[2:]) if key.startswith("e:") else None


def person(key: str) -> bool:
    return key.startswith("e:") and key[2:] in PEOPLE


_INSTITUTIONS = frozenset(
    {"kremlin", "whitehouse", "pentagon", "defenceministry", "iaea", "nato", "un", "hur", "eu"}
)


def speaker(key: str) -> bool:
    """A key that can be a headline's source: a person or an institution that speaks."""
    return person(key) or (key.startswith("e:") and key[2:] in _INSTITUTIONS)
