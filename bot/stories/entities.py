"""Language-aware features of a news item: words, named entities, numbers, concepts.

Everything an item says is turned into a set of string features, each with a weight.
Two families:

* **words** (``w:…``): lower-cased content words of the item's own language, cut to a
  six-letter prefix (a crude stemmer that folds most English, Ukrainian and Russian
  inflections: "переговори"/"переговорах" → "перего").  Stop words are dropped; words every
  item in this domain contains ("ukraine", "peace", "talks", "said") keep a low weight.
* **interlingua** features, identical whatever language the item is written in:

  - ``e:…`` a named entity from the gazetteer below (Putin/Путін/Путин → ``e:putin``),
    matched by prefix so inflected forms count (Путіна, Путину, Путиным);
  - ``n:…`` a number written in digits, with thousands separators folded
    ("1,000", "1 000", "1000" → ``n:1000``; "28-point" → ``n:28``); four-digit years are dropped;
  - ``c:…`` a concept from a small bilingual lexicon (prisoner exchange, ceasefire,
    security guarantees …), so "обмін полоненими" and "prisoner swap" share features;
  - ``s:…`` a consonant skeleton of a capitalised, non-sentence-initial name that is not
    in the gazetteer, transliterated from Cyrillic ("Подоляк" and "Podolyak" → ``s:pdlk``).

What is caught across languages: items whose titles and summaries share the same people,
places and organisations from the gazetteer (in any case form: Женеві, Женеве, Geneva),
the same figures written in digits, and the same core concepts.  What is not: numbers
written as words ("тысяча на тысячу", "five hours", "600 тисяч" vs "600,000"), names
outside the gazetteer whose transliterations differ in their consonants (Hallandale vs
Галландейл: h vs г), paraphrases with no shared entity or number, metonyms ("the White
House" vs "Washington"), and any language other than English, Ukrainian and Russian.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from bot.text.fold import APOSTROPHES

STEM_LENGTH = 6
"""Words are cut to this many letters: enough to keep "zaporizhzhia" apart from "zapad",
short enough to fold Slavic case endings."""

WEIGHT_WORD = 1.0
WEIGHT_GENERIC_WORD = 0.25
WEIGHT_ENTITY = 2.0
WEIGHT_COMMON_ENTITY = 0.5
WEIGHT_NUMBER = 2.0
WEIGHT_CONCEPT = 0.5
WEIGHT_SKELETON = 1.0
TITLE_BOOST = 2.0
"""Features that appear in the headline weigh this much more: the headline names the event,
the summary adds background."""

# Canonical entity id -> surface prefixes (lower-case) in en, uk and ru.  A token matches
# an entry when it starts with one of the prefixes; multi-word prefixes match consecutive
# tokens.  Prefixes are chosen long enough not to swallow ordinary words.
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
    "kremlin": ("kremlin", "кремл"),
    "kyiv": ("kyiv", "kiev", "київ", "києв", "киев"),
    "moscow": ("moscow", "москв"),
    "washington": ("washington", "вашингтон"),
    "europe": ("europe", "європ", "европ"),
}

# Where talks and meetings happen.  Two headlines naming different venues report different
# events; a venue inside a wider one counts as the wider one (Mar-a-Lago is in Florida).
_VENUE_REGION = {
    "geneva": "geneva", "istanbul": "istanbul", "abudhabi": "abudhabi", "riyadh": "riyadh",
    "jeddah": "jeddah", "doha": "doha", "miami": "florida", "florida": "florida",
    "maralago": "florida", "alaska": "alaska", "anchorage": "alaska", "bishkek": "bishkek",
    "minsk": "minsk", "berlin": "berlin", "paris": "paris", "london": "london",
    "brussels": "brussels", "davos": "davos", "vatican": "vatican",
}

_COMMON_ENTITIES = frozenset({"putin", "zelensky", "trump", "kremlin", "kyiv", "moscow",
                              "washington", "europe"})

# Concept id -> surface prefixes.  Deliberately few: these are the event types of the domain.
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
    "meeting": ("meeting", "met$", "meets$", "зустр", "встреч", "встрет"),
    "trilateral": ("trilateral", "three way", "тристоронн", "трехсторонн"),
    "progress": ("progress", "прогрес"),
    "agreement": ("agreement", "deal$", "угод", "соглашени", "домовленост", "договоренност"),
    "round": ("round$", "rounds$", "раунд"),
    "interview": ("interview", "інтерв", "интервью", "телемарафон"),
    "envoy": ("envoy", "спецпослан", "спецпосланник"),
}

_STOPWORDS = frozenset("""
a an the and or but if of to in on at by for from with without as is are was were be been
being it its this that these those there their they them he she his her we our you your i
not no nor so than then too very can could would should will may might must do does did done
has have had having about after before over under into out up down off again further once
also just only own same such both each few more most other some any all what which who whom
whose when where why how said says say told tell according reported reports report reuters
on friday monday tuesday wednesday thursday saturday sunday week weeks day days year years
month months new first last next while since until still yet already between against during
mr ms per via amid among including whether however though although because while
january february march april may june july august september october november december
і й та або але що як це ця цей ці цю той та те ті був була було були буде будуть бути є
в у на з із зі до від для по про за під над між при після перед через без щодо також вже
ще не ні так його її їх їм він вона воно вони ми ви я нас вас яка який яке які котр
заявив заявила заявили повідомив повідомила повідомили сказав сказала каже кажуть
понеділок вівторок середу середа четвер п'ятницю пятницю суботу неділю
и в во на с со к ко от до для по о об про за под над между при после перед через без
также уже еще ещё не ни так его ее её их им он она оно они мы вы я нас вас которая который
которое которые это эта этот эти то та те был была было были будет будут быть есть
заявил заявила заявили сообщил сообщила сообщили сказал сказала
понедельник вторник среду среда четверг пятницу субботу воскресенье
""".split())

# Words present in nearly every item of this feed set.  They stay features (so two
# otherwise-identical texts still match) but with little weight.
_GENERIC_PREFIXES = tuple("""
ukrain russia russian united states america americ u.s peace war talks negoti
presid offici minist govern countr leader deleg said source milita
україн росі росій сша америк мир мирн війн переговор президент офіційн міністр уряд
краї лідер делегац сторон
украин росси российск мирн войн переговор президент официальн министр правительств
стран лидер делегац сторон
""".split())

_APOSTROPHES = re.compile(f"[{re.escape(APOSTROPHES)}]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+(?:[.,]\d+)?)(?![\d])")
_CAPITALISED = re.compile(r"(?<![\w])([A-ZА-ЯІЇЄҐЁ][a-zа-яіїєґё]{3,})")

_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
})
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True, slots=True)
class Features:
    """What one item says, as weighted features.

    `all` feeds the same-language similarity; `interlingua` (a subset of `all`) is the
    language-independent part used to compare items across languages.  `title_numbers`
    are the numbers in the headline: two headlines with different figures report
    different events (390 vs 307 prisoners freed).
    """

    all: Mapping[str, float]
    interlingua: Mapping[str, float]
    title_numbers: frozenset[str]
    numbers: frozenset[str]
    title_entities: frozenset[str] = frozenset()
    """Specific gazetteer entities in the headline: not Putin/Trump/Kremlin…, not venues."""
    entities: frozenset[str] = frozenset()
    """The same, named anywhere in the item."""
    title_venues: frozenset[str] = frozenset()
    """Venues (cities where talks happen) named in the headline, as regions."""
    venues: frozenset[str] = frozenset()
    all_weight: float = 0.0
    """Sum of the weights in `all` (cached for the similarity)."""
    inter_weight: float = 0.0


def normalise(text: str) -> str:
    """Unicode-fold, lower-case, drop apostrophes (перемир'я → перемиря), ё → е."""
    text = unicodedata.normalize("NFKC", text)
    text = _APOSTROPHES.sub("", text)
    return text.lower().replace("ё", "е")


def _build_tables(
    table: Mapping[str, tuple[str, ...]], kind: str
) -> tuple[dict[str, str], dict[str, str]]:
    """(prefix table, exact table).  An entry ending in "$" must match its last word whole."""
    prefixes: dict[str, str] = {}
    exact: dict[str, str] = {}
    for canonical, entries in table.items():
        for entry in entries:
            target = exact if entry.endswith("$") else prefixes
            target[" ".join(_WORD.findall(normalise(entry.rstrip("$"))))] = f"{kind}:{canonical}"
    return prefixes, exact


_ENTITY_TABLES = _build_tables(_ENTITIES, "e")
_CONCEPT_TABLES = _build_tables(_CONCEPTS, "c")
_MAX_PREFIX_WORDS = max(
    k.count(" ") + 1 for t in (*_ENTITY_TABLES, *_CONCEPT_TABLES) for k in t
)
_MIN_PREFIX = 3

# First names say nothing about which story an item tells ("Володимир" is both Zelensky and,
# in Russian, Putin); they do not become name skeletons.
_FIRST_NAMES = tuple("""
donald дональд vladimir volodymyr володимир владимир steve стів стив marco марко jared джаред
yuri юрій юрий dmitry dmitriy дмитро дмитрий kirill kyrylo кирило кирилл andriy andrii андрі
андре rustem рустем sergey sergei сергій сергей dan ден дэн rafael рафаель рафаэль igor ігор
игорь maria марія мария mark марк emmanuel keir friedrich recep hakan mykhailo михайло михаил
oleksandr олександр александр joe джо
""".split())


def _multiword_heads(tables: tuple[dict[str, str], dict[str, str]]) -> frozenset[str]:
    return frozenset(k.split(" ", 1)[0] for t in tables for k in t if " " in k)


_ENTITY_HEADS = _multiword_heads(_ENTITY_TABLES)
_CONCEPT_HEADS = _multiword_heads(_CONCEPT_TABLES)


@lru_cache(maxsize=1 << 16)
def _single(token: str, kind: str) -> str | None:
    """Gazetteer feature for one token (entity table if kind == "e", else concepts)."""
    prefixes, exact = _ENTITY_TABLES if kind == "e" else _CONCEPT_TABLES
    feature = exact.get(token)
    if feature is not None:
        return feature
    for cut in range(len(token), _MIN_PREFIX - 1, -1):
        feature = prefixes.get(token[:cut])
        if feature is not None:
            return feature
    return None


def _lookup(tokens: list[str], i: int, kind: str) -> tuple[str, int] | None:
    """Longest gazetteer entry starting at token i: (feature, tokens consumed)."""
    heads = _ENTITY_HEADS if kind == "e" else _CONCEPT_HEADS
    if tokens[i] in heads:
        prefixes, exact = _ENTITY_TABLES if kind == "e" else _CONCEPT_TABLES
        for n in range(min(_MAX_PREFIX_WORDS, len(tokens) - i), 1, -1):
            lead = " ".join(tokens[i : i + n - 1]) + " "
            last = tokens[i + n - 1]
            feature = exact.get(lead + last)
            if feature is not None:
                return feature, n
            for cut in range(len(last), _MIN_PREFIX - 1, -1):
                feature = prefixes.get(lead + last[:cut])
                if feature is not None:
                    return feature, n
    feature = _single(tokens[i], kind)
    return (feature, 1) if feature is not None else None


def _numbers(text: str) -> list[str]:
    found = []
    for raw in _NUMBER.findall(text):
        if re.search(r"\d[,\u00a0\u202f ]\d{3}", raw):
            found.append(re.sub(r"[,\u00a0\u202f ]", "", raw))
        elif not re.fullmatch(r"(19|20)\d\d", raw):
            found.append(raw.replace(",", "."))
    return found


def _skeleton(word: str) -> str:
    latin = word.lower().translate(_TRANSLIT)
    latin = latin.replace("ck", "k").replace("c", "k").replace("w", "v").replace("q", "k")
    out: list[str] = []
    for ch in latin:
        if ch in _VOWELS or not ch.isalpha():
            continue
        if out and out[-1] == ch:
            continue
        out.append(ch)
    return "".join(out[:4])


def _names(text: str, is_title: bool) -> list[str]:
    """Capitalised words that are not sentence-initial (none from Title Case headlines)."""
    if is_title:
        words = text.split()
        if words and sum(1 for w in words if w[:1].isupper()) * 2 > len(words):
            return []
    found = []
    for match in _CAPITALISED.finditer(text):
        before = text[: match.start()].rstrip()
        if not before or before[-1] in ".!?:;«\"—–-":
            continue
        found.append(match.group(1))
    return found


def _is_generic(stem: str) -> bool:
    return stem.startswith(_GENERIC_PREFIXES)


def _add(features: dict[str, float], key: str, weight: float) -> None:
    if weight > features.get(key, 0.0):
        features[sys.intern(key)] = weight


def _entity_weight(feature: str) -> float:
    return WEIGHT_COMMON_ENTITY if feature[2:] in _COMMON_ENTITIES else WEIGHT_ENTITY


def extract(title: str, summary: str) -> Features:
    """Features of one item (pure; cost linear in the text length).

    Headline and summary are read separately and merged; features found in the headline
    weigh `TITLE_BOOST` times more.
    """
    head_all, head_inter = _extract_part(title, is_title=True)
    body_all, body_inter = _extract_part(summary, is_title=False)
    merged: list[dict[str, float]] = []
    for head, body in ((head_all, body_all), (head_inter, body_inter)):
        table = dict(body)
        for key, weight in head.items():
            table[key] = max(weight * TITLE_BOOST, table.get(key, 0.0))
        merged.append(table)
    title_numbers = frozenset(k[2:] for k in head_inter if k.startswith("n:"))
    numbers = title_numbers | frozenset(k[2:] for k in body_inter if k.startswith("n:"))
    title_entities = _actors(head_inter)
    entities = title_entities | _actors(body_inter)
    title_venues = _venues(head_inter)
    return Features(all=merged[0], interlingua=merged[1], title_numbers=title_numbers,
                    numbers=numbers, title_entities=title_entities, entities=entities,
                    title_venues=title_venues, venues=title_venues | _venues(body_inter),
                    all_weight=sum(merged[0].values()), inter_weight=sum(merged[1].values()))


def _actors(features: Mapping[str, float]) -> frozenset[str]:
    """Specific gazetteer entities other than venues (venues have their own rule)."""
    return frozenset(
        k for k in features
        if k.startswith("e:") and is_specific(k) and k[2:] not in _VENUE_REGION
    )


def _venues(features: Mapping[str, float]) -> frozenset[str]:
    return frozenset(
        _VENUE_REGION[k[2:]] for k in features if k.startswith("e:") and k[2:] in _VENUE_REGION
    )


def _extract_part(text: str, is_title: bool) -> tuple[dict[str, float], dict[str, float]]:
    """(all features, interlingua features) of one piece of text."""
    all_features: dict[str, float] = {}
    inter: dict[str, float] = {}
    for number in _numbers(text):
        _add(inter, f"n:{number}", WEIGHT_NUMBER)
    tokens = _WORD.findall(normalise(text))
    matched_names: set[str] = set()
    i = 0
    while i < len(tokens):
        entity = _lookup(tokens, i, "e")
        if entity is not None:
            feature, used = entity
            _add(inter, feature, _entity_weight(feature))
            matched_names.update(tokens[i : i + used])
            i += used
            continue
        concept = _lookup(tokens, i, "c")
        if concept is not None:
            _add(inter, concept[0], WEIGHT_CONCEPT)
        token = tokens[i]
        if len(token) >= 3 and token not in _STOPWORDS:
            stem = token[:STEM_LENGTH]
            weight = WEIGHT_GENERIC_WORD if _is_generic(stem) else WEIGHT_WORD
            _add(all_features, f"w:{stem}", weight)
        i += 1
    for name in _names(text, is_title):
        lowered = normalise(name)
        if (
            lowered in matched_names
            or lowered in _STOPWORDS
            or lowered.startswith(_FIRST_NAMES)
            or _is_generic(lowered[:STEM_LENGTH])
        ):
            continue
        skeleton = _skeleton(name)
        if len(skeleton) >= 3:
            _add(inter, f"s:{skeleton}", WEIGHT_SKELETON)
    all_features.update(inter)
    return all_features, inter


def weighted_jaccard(
    a: Mapping[str, float], b: Mapping[str, float],
    a_total: float | None = None, b_total: float | None = None,
) -> tuple[float, float]:
    """(weighted Jaccard, shared weight) of two feature maps; totals may be passed in."""
    if not a or not b:
        return 0.0, 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    shared = 0.0
    for key in small.keys() & large.keys():
        shared += min(small[key], large[key])
    if a_total is None:
        a_total = sum(a.values())
    if b_total is None:
        b_total = sum(b.values())
    total = a_total + b_total - shared
    return (shared / total if total else 0.0), shared


def is_specific(feature: str) -> bool:
    """A feature that by itself points at few events: a non-common entity, a number, a name."""
    kind, _, name = feature.partition(":")
    if kind == "e":
        return name not in _COMMON_ENTITIES
    return kind in ("n", "s")


def strongest(features: Mapping[str, float], limit: int) -> list[str]:
    """The `limit` heaviest features, ties broken by name so the order is deterministic."""
    return sorted(features, key=lambda f: (-features[f], f))[:limit]


def entity_names() -> Iterable[str]:
    """Canonical ids of the gazetteer (for documentation and tests)."""
    return _ENTITIES.keys()
