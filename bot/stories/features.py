"""What one item says, as weighted keys and a few flags (pure; cost linear in its length).

Keys, each with a base weight (the clusterer multiplies it by the key's rarity):

* ``w:…`` a lemma of the item's own language (`bot.text.lemmas`, the lemmatiser topic
  matching uses): переговорах, переговори → ``w:переговори``; stop words dropped;
* ``k:…`` a lemma's consonant skeleton (`cognate`): коридор, corridor → ``k:krdr``;
* ``t:…`` the English lemma a Ukrainian or Russian lemma translates, learned from the
  labelled stories (`bot.stories.lexicon`): указ, decree → ``t:decree``;
* ``e:…``, ``c:…``, ``s:…`` gazetteer entities, event concepts and name skeletons
  (`bot.stories.entities`): the same in every language;
* ``n:…`` a figure written in digits ("1,000", "1 000" → ``n:1000``), and ``d:…`` a day
  of a month ("23 May", "23 травня" → ``d:5-23``); what each figure counts is kept apart
  for the figure veto (`bot.stories.figures`).

The headline names the development, so its keys weigh `TITLE_BOOST` times more — but only
those of its main clause: in "Russia, Ukraine swap prisoners as Putin announces Easter
truce" the truce is background.  Flags read from the headline say what kind of item it
is: a prisoner or body **handover**, a **preview** of something still to happen, a
**rebuttal** of someone's claim.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from bot.stories.entities import (
    is_entity,
    names,
    normalise,
    office_holders,
    person,
    scan,
    skeleton,
    speaker,
    tokens,
    venue,
)
from bot.stories.figures import VETO_KINDS, dates, figures
from bot.stories.gazetteer import COMMON
from bot.stories.translations import TRANSLATIONS
from bot.text import lemmas
from bot.text.lemmas import _morph, is_cyrillic_word, known

TITLE_BOOST = 2.0
"""Keys of the headline's main clause weigh this much more than the summary's."""
SUBORDINATE_WEIGHT = 0.5
"""…and keys of the rest of the headline this much: "as allies back 5% spending goal" is
another development, named only to place this one."""

BASE_WEIGHT = {
    "w": 1.0,
    "k": 0.5,
    "e": 2.0,
    "c": 1.0,
    "n": 2.0,
    "s": 1.5,
    "d": 1.5,
    "h": 1.0,
    "t": 1.5,
}
HANDOVER_KEY = "h:handover"
"""Carried by every handover item: the reports of one handover day, each side counting
its own people, may share no other key, and the index must still bring them together."""
COGNATE_MIN_LETTERS = 5
COMMON_ENTITY_WEIGHT = 0.7
GENERIC_WORD_WEIGHT = 0.3
"""Words of `_GENERIC`, which nearly every item of this domain contains.  Rarity would
learn that from a full window; this keeps a nearly empty one (after a restart, or a
small labelled file) from taking "peace talks" for evidence."""

# fmt: off
_STOP_LEMMAS = frozenset("""
the a an and or but if of to in on at by for from with without as be have do it its this that
these those there their they them he she his her we our you your i not no nor so than then too
very can could would should will may might must also just only own same such both each few
more most other some any all what which who whom whose when where why how say tell report
accord reuters ap afp official source while since until still yet already between against
during per via amid among include whether however though although because into out up down
off over under after before about again once new first last next mr ms
monday tuesday wednesday thursday friday saturday sunday week day year month today yesterday
і й та або але що як це цей той бути в у на з із зі до від для по про за під над між при після
перед через без щодо також вже ще не ні так він вона воно вони ми ви я його її їх який котрий
заявити повідомити сказати казати свій весь інший один понеділок вівторок середа четвер
пятниця п'ятниця субота неділя тиждень день рік місяць сьогодні вчора джерело
и во с со к от о об который это этот быть заявить сообщить сказать говорить другой
понедельник вторник среда четверг пятница суббота воскресенье неделя год месяц сегодня вчера
источник
""".split())

_GENERIC = frozenset("""peace war talk negotiation negotiator president official minister
government country leader delegation side military security plan deal agreement end
ukrainian russian american european support say
мир мирний війна переговори перемовини президент офіційний міністр уряд країна лідер
делегація сторона військовий безпека план угода
мирный война переговоры президент официальный министр правительство страна лидер делегация
сторона военный безопасность соглашение сделка
""".split())

_SUBORDINATE = re.compile(
    r";\s|,\s+to\s|\s(?:as|after|while|amid|following|despite|ahead of|before|during)\s|"
    r"\son (?:the )?(?:same )?day(?! (?:one|two|three|four|five|\d))\s|"
    r"\s(?:в|у) день (?-i:[а-яіїєґ])|"
    r"[,—–]\s*(?:після|тоді як|поки|на тлі|попри|перед|напередодні|після того як|після чого|"
    r"после|пока|на фоне|несмотря на|в то время как|накануне|перед|у день|в день|того ж дня|"
    r"того же дня|в тот же день)\s|"
    r",\s+(?:який|яка|які|яке|якого|якій|котрий|который|которая|которые|которое|которого|"
    r"которой|who|which)\s",
    re.IGNORECASE,
)
"""Where a headline's main clause ends ("X swap prisoners as Putin announces truce", "X
swap prisoners on day Kremlin declares truce" — but not "on day one of the swap"; "обмін
відбувся в день завершення переговорів" — but not "у День Незалежності").  In Ukrainian
and Russian, where "перед"/"після" often open a phrase inside the clause, only after a
comma or a dash.  A relative clause is not the main clause either ("Зеленський провів
розмову з Трампом, який перед тим телефонував Путіну"); "що" is left alone, since after a
verb of saying it opens what was said."""
_OTHER_EVENT = re.compile(
    r"\b(?:перед|після|напередодні|после|накануне)"
    r"(?:\s+(?:його|її|їх|свого|своєї|его|ее|их|своего|своей))?\s+[^\s,:;]+"
    r"(?:\s+(?:(?:з|із|зі|с|со|у|в|во)\s+)?[A-ZА-ЯІЇЄҐ][^\s,:;]*)?",
)
_LEADING = re.compile(
    r"^(?:(?:hours|days|minutes|weeks|a day|a week|one day|two days|shortly|moments|just|"
    r"вскоре|сразу|незабаром|одразу|відразу) )?"
    r"(?:after|following|ahead of|before|on from|після|после|перед|напередодні|накануне)"
    r"\s[^,:;]{3,80},\s",
    re.IGNORECASE,
)
"""A headline that opens with another event ("After meeting Trump in Davos, Zelensky
announces talks in the UAE", "Hours after Crimea bridge attack, Moscow quits grain deal"):
the main clause follows the comma."""
_ABOUT = re.compile(r"^([^:]{2,40}?)\s(?:про|о|об|on|about)\s[^:]{2,80}:\s")
"""A headline that opens with its speaker and what he speaks of ("Зеленський про дзвінок
Шольца Путіну: …"): the speaker is the part before "про"."""
_SPEAKER = re.compile(r"^[^:]{2,40}:\s")
"""A headline that opens with its speaker ("Peskov: …") keeps the speaker in the main
clause: the subordinate split starts after it."""

_PREVIEW_EN = re.compile(
    r"\b(?:set to|to (?:meet|hold|host|visit|travel|attend|begin|start|resume|"
    r"sign|discuss|talk|head|fly|arrive|go|take part|convene|gather|announce|unveil|present|"
    r"swap|exchange|free|release)|"
    r"ahead of|expected (?:to|on|in|next|later)|plans to|planning to|upcoming|tomorrow|"
    r"set for|agrees? to (?:hold )?(?:talks|meet|a meeting|negotiat)|"
    r"pushed (?:back )?to|postponed|delayed|put off|names? (?:its |the )?delegation|"
    r"next week|on the eve|preview|"
    r"to take effect)\b"
)
_WILL = re.compile(r"\b(?:will|won'?t)\b")
"""The bare future tense: a preview only of an event (a meeting, a call, talks, a visit),
not of what a statement says will happen ("sanctions will not hurt us")."""
_TRAVEL = re.compile(
    r"\b(?:(?:heads?|heading|flies|flying|travels?|travell?ing|en route) to|"
    r"(?:leaves?|leaving|departs?|departing|sets? off) for|"
    r"вилетіли?|вилетіла|вирушил[аи]?|вылетел[аи]?|отправил(?:ся|ась|ись)|"
    r"направля(?:ється|ються|ется|ются))\b"
)
"""Setting off for the place of an event: published on an earlier day than the event,
the eve.  (Arrivals are left out: the spec counts an arrival on the day as the event.)"""
_AGREED = re.compile(
    r"\b(?:agree[ds]?|agreeing|домовил|договорил|согласова|погодил)"
)
"""A headline about a swap *agreed* (at talks) is about the agreement, not a handover."""
_MARKET = re.compile(
    r"\b(?:wheat|gas prices|oil prices|stocks?|shares|bonds?|markets?|futures|rouble|ruble|"
    r"hryvnia|currenc|investors|пшениц|рубл|гривн|бірж|бирж|облігац|облигац|ринк|рынк|рынок|"
    r"інвестор|инвестор)"
)
"""The headline's main clause is about a market's move: a story of its own (the spec's
off-topic items), even when the move is a reaction to talks or a truce."""
_AGREE_TO_MEET = re.compile(
    r"\b(?:погоди\w* на (?:зустріч|переговор)|соглас\w* на (?:встреч|переговор)|"
    r"перенес\w*|відклад\w*|отлож\w*|склад делегаці\w*|состав делегаци\w*)"
)
"""Agreeing to hold talks, postponing them or naming who will go announces them
("Зеленський погодився на зустріч делегацій", "Кремль назвал состав делегации"): it is
not the talks."""
_PREVIEW_WORDS = frozenset("""вступит набуде завтра напередодні наступного наступному наступної
майбутні майбутній майбутніх анонсував анонсувала анонсували накануне следующей следующем следующий
предстоящие предстоящих предстоящей предстоящий анонсировал анонсировала анонсировали
планує планують планирует планируют збирається збираються собирается собираются""".split())

_EFFECT = re.compile(
    r"\b(?:takes? (?:effect|hold)|in (?:effect|force)|into force|begins|began|starts|"
    r"вступ\w* в силу|набу\w* чинн|почал\w*|розпочал\w*|начал\w*|действу\w*|діє|"
    r"violat\w*|breach\w*|поруш\w*|наруш\w*)\b"
)
"""A truce that takes effect or is broken: the spec's "announced 28 Apr vs taking effect
8 May" — a later stage than the truce agreed or announced."""
_EVE = frozenset({"eve", "напередодні", "накануне"})
"""Words that make any headline a preview ("on the eve of the talks")."""
_SPEECH = frozenset({"c:address", "c:interview"})
"""How a speaker speaks: "Зеленський у зверненні:" still names who speaks."""
_HOLIDAY_EVE = re.compile(
    r"\b(?:eve of|напередодні|накануне)\s+(?:the\s+)?(?:orthodox\s+)?"
    r"(?:easter|christmas|new year|великодн|пасх|різдв|рождеств|нового (?:року|года))"
)
"""The eve of a holiday dates what the headline reports ("Напередодні Великодня з полону
повернулися 277 українців"): the handover took place, it is no preview."""
_AHEAD = re.compile(
    r"\bahead of\b|,\s+to (?:head|travel|fly|go|visit|meet|attend|hold|begin|start)\b"
)
"""What the headline's main clause does is only the run-up to an event ("Rubio arrives in
Riyadh ahead of talks", "IAEA team arrives in Zaporizhzhia, to head to the plant on
Thursday") — unless the main clause is itself a call, a meeting or a summit ("Trump
speaks with Putin ahead of Zelensky meeting")."""
_RESUMES = re.compile(
    r"\b(?:resum\w*|continu\w*|second day|продовж\w*|продолж\w*|відновлят\w*|"
    r"возобновят\w*|другий день|второй день|fortgesetzt|fortsetz\w*|reprend\w*|"
    r"paus\w*|пауз\w*|перерв\w*|перерыв\w*)"
)
_HELD = frozenset({"c:call", "c:meeting", "c:summit"})
_QUOTE_RE = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)|‘[^’]*’")
"""A quotation in a headline: what someone said will happen ("next time in Moscow") is not
the headline announcing it."""
_IN_KREMLIN = re.compile(
    r"\b(?:in|at) the kremlin\b|\bkremlin (?:talks|meeting)|\b(?:в кремле|у кремлі|в кремлі)\b"
)
"""The Kremlin as the place of a meeting (not as the speaker: "Kremlin says…")."""
_AT_WHITE_HOUSE = re.compile(
    r"\b(?:at|in|to|leave|leaves|left) the white house\b|\boval office\b|"
    r"\b(?:в|у|до|из|з) (?:білому домі|білого дому|білий дім|белом доме|белого дома|белый дом)\b|"
    r"овальн\w* кабінет|овальн\w* кабинет"
)
"""The White House as the place of a meeting (not as the speaker: "White House says…")."""
PREVIEW_HORIZON = 45
"""A headline that names a day up to this many days after its publication previews what
happens on that day ("IAEA announces rotation at ZNPP on 14 January")."""

_IN_EXCHANGE_FOR = re.compile(r"\b(?:in exchange for|in return for|в обмін на|в обмен на)\b")
"""A trade of terms ("peace in exchange for four regions"), not a prisoner exchange."""

_REBUTTAL = (
    "deny", "denie", "denial", "dismiss", "reject", "refut", "rebuff", "debunk", "fake", "false",
    "lie", "nonsense", "absurd", "baseless", "untrue", "fabricat", "disinform", "manipulat",
    "ultimatum", "запереч", "спросту", "відкид", "відкину", "фейк", "абсурд", "брехн", "маячн",
    "неправд", "дезінформ", "вигад", "маніпул", "ультиматум", "отрица", "опроверг", "отверг",
    "ложь", "бред", "бреш", "лжет", "лжёт", "вымысел", "вымысл", "выдум", "fiction",
    "дезинформ", "манипул",
)
"""Beginnings of words that deny, dismiss or reject a claim, in every case the headline may
use: "вымысел" alone missed "назвал чистым вымыслом", and "выдумкой" had no stem."""
_DENIAL = re.compile(
    r"\b(?:не (?:было|було|был|була|были|були|проводил\w*|проводив\w*|атакувал\w*|"
    r"атаковал\w*|наносил\w*|завдавал\w*|відбувал\w*|происходил\w*|"
    r"відповідає дійсності|соответствует действительности)|"
    r"did not happen|didn'?t happen|never happened|no such|not true|did not attack|"
    r"didn'?t attack)"
)
"""A denial that an event took place, said without a word of denial ("Телефонного
разговора с Трампом не было", "ми не атакували ні Путіна, ні Москву"): a rebuttal too."""

_SAYING = frozenset("""say tell warn claim insist accuse urge заявити сказати казати
попередити наполягати звинуватити закликати назвати заявить сказать говорить предупредить
настаивать обвинить призвать назвать""".split())
_SPEAKING = _SAYING | frozenset("""відповісти відповідати ответить отвечать написати
написать звернутися обратиться пояснити объяснить""".split())
"""Verbs of saying or answering: before a colon they leave the speaker a speaker."""
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
"""pymorphy3's grammemes of proper names: such a word stays a name."""
_MEETING = frozenset({"c:call", "c:meeting", "c:talks", "c:summit", "c:visit", "c:round"})
_EVENTS = _MEETING | {
    "c:exchange", "c:prisoners", "c:bodies", "c:repatriation", "c:rotation", "c:signing",
    "c:ceasefire", "c:address", "c:vote", "c:referendum", "c:elections",
}
"""What a headline in the future tense can announce: a meeting, a handover, a signing, a
truce, an address, a vote."""

_RETURN = frozenset("""free release return home handover hand receive swap exchange trade
звільнити повернути повернутися повернення передача передати отримати додому обміняти
обмінятися повертати звільняти освободить вернуть вернуться возвратить возвращение
передать получить домой обменять обменяться возвращать освобождать""".split())
# fmt: on


@dataclass(frozen=True, slots=True)
class Features:
    """One item as the clusterer compares it."""

    lang: str
    terms: Mapping[str, float]
    """Every key with its base weight (headline main clause boosted)."""
    inter: frozenset[str]
    """The language-independent keys among `terms` (entities, concepts, names, figures,
    dates): what a Ukrainian and an English report can share."""
    title: frozenset[str]
    """Keys of the headline's main clause."""
    figures: frozenset[tuple[str, str]]
    """(kind, value) of figures of a veto kind anywhere in the item."""
    title_figures: frozenset[tuple[str, str]]
    """The same, in the headline."""
    speakers: frozenset[str]
    """People and institutions the headline quotes: "Peskov: …", "Kremlin says …"."""
    participants: frozenset[str]
    """People named in the headline's main clause other than a quote's source ("Ushakov:
    …"): who called, met, acted."""
    meeting: bool
    """The headline's main clause is about a call, a meeting, talks, a summit or a visit."""
    venues: frozenset[str]
    """Venues named in the headline, as regions (Mar-a-Lago and Miami count as Florida)."""
    takes_effect: bool
    """The headline says a truce takes effect or is broken (not that it was agreed)."""
    handover: bool
    """The headline's main clause is about a prisoner exchange or a handover of bodies
    that took place: not one agreed, previewed, or named as the outcome of talks."""
    agreed: bool
    """The headline's main clause says something was agreed ("agree POW swap at talks")."""
    market: bool
    """The headline's main clause is about a market (wheat, gas prices, the rouble)."""
    preview: bool
    """The headline announces or previews something still to happen."""
    day: date | None
    """The calendar day the item was published, when known."""
    previews: date | None
    """A later day the headline names (what happens then is another story)."""
    resumes: bool
    """The headline says something pauses or goes on later ("to resume Monday", "paused
    until Tuesday")."""
    rebuttal: bool
    """The headline denies, dismisses or rejects something."""

    @property
    def talks_resume(self) -> bool:
        """Talks pause or go on later: what the headline names for later is the same
        round (rule 1), not an event it previews."""
        return self.resumes and self.meeting


def extract(
    title: str, summary: str, lang: str | None = None, published: date | None = None
) -> Features:
    """Features of one item; `lang` is guessed from the text when None.  `published` is
    the calendar day it was published, when known."""
    main, sub = split_headline(title)
    speaking, quoted = _speaker_part(main, lang, published)
    source, told = (speaking, main[len(speaking) :]) if quoted else ("", main)
    terms: dict[str, float] = {}
    title_keys: set[str] = set()
    for part, boost in (
        (summary, 1.0),
        (source, 1.0),
        (sub, SUBORDINATE_WEIGHT),
        (told, TITLE_BOOST),
    ):
        for key in _keys(part, lang, published):
            weight = _base_weight(key) * boost
            if weight > terms.get(key, 0.0):
                terms[sys.intern(key)] = weight
            if boost == TITLE_BOOST:
                title_keys.add(key)
    main_words = set(_lemmas(main, lang))
    speakers = frozenset(
        k for k in _keys(speaking, lang, published) if speaker(k) or (quoted and k.startswith("s:"))
    )
    low_main = normalise(main)
    low_title = normalise(title)
    agreed = bool(_AGREED.search(low_main))
    meeting = bool(_MEETING & title_keys)
    venues = _venues(title_keys, low_main)
    preview = (
        is_preview(main, lang, event=bool(_EVENTS & title_keys or venues))
        or bool(_EVE & set(tokens(_HOLIDAY_EVE.sub(" ", low_title))))
        or (bool(_AHEAD.search(low_title)) and not (_HELD & title_keys))
    )
    swapped = title_keys - {"c:exchange"} if _IN_EXCHANGE_FOR.search(low_main) else title_keys
    handover = _is_handover(swapped, main_words, _counts_people(main)) and not (
        agreed or preview or meeting
    )
    if handover:
        terms[HANDOVER_KEY] = BASE_WEIGHT["h"]
    return Features(
        lang=(lang or "").lower(),
        terms=terms,
        inter=frozenset(k for k in terms if not k.startswith("w:")),
        title=frozenset(title_keys),
        figures=frozenset(f for f in figures(f"{title}\n{summary}") if f[0] in VETO_KINDS),
        title_figures=frozenset(f for f in figures(title) if f[0] in VETO_KINDS),
        speakers=speakers,
        participants=frozenset(k for k in title_keys if person(k)),
        meeting=meeting,
        venues=venues,
        takes_effect="c:ceasefire" in title_keys and bool(_EFFECT.search(low_main)),
        handover=handover,
        agreed=agreed,
        market=bool(_MARKET.search(low_main)),
        preview=preview,
        day=published,
        previews=later_day(title, published) if published else None,
        resumes=bool(_RESUMES.search(low_title)),
        rebuttal=any(word.startswith(_REBUTTAL) for word in tokens(title))
        or bool(_DENIAL.search(low_title)),
    )


_WEEKDAYS = {
    word: day
    for day, words in enumerate(
        (
            "monday понеділок понеділка понедельник",
            "tuesday вівторок вівторка вторник",
            "wednesday середу середа середи среду среда",
            "thursday четвер четверга четверг",
            "friday пятницю пятниця пятницу пятница",
            "saturday суботу субота субботу суббота",
            "sunday неділю неділя воскресенье",
        )
    )
    for word in words.split()
}


def _venues(title_keys: set[str], low_main: str) -> frozenset[str]:
    found = {v for k in title_keys if (v := venue(k)) is not None}
    if _IN_KREMLIN.search(low_main):
        found.add("moscow")
    if _AT_WHITE_HOUSE.search(low_main):
        found.add("washington")
    return frozenset(found)


def later_day(title: str, published: date) -> date | None:
    """The first day after `published`, within `PREVIEW_HORIZON` days, that the headline
    names ("rotation at ZNPP on 14 January"), else None.  A weekday counts when it is one
    or two days ahead ("plant visit set for Thursday" on a Wednesday); one further off is
    read as a past day ("spoke on Tuesday"), which is no preview."""
    later = []
    for word in tokens(normalise(title)):
        weekday = _WEEKDAYS.get(word)
        if weekday is not None and 0 < (weekday - published.weekday()) % 7 <= 2:
            later.append(published + timedelta(days=(weekday - published.weekday()) % 7))
    for key in dates(title):
        month, day = (int(part) for part in key[2:].split("-"))
        for year in (published.year, published.year + 1):
            try:
                ahead = (date(year, month, day) - published).days
            except ValueError:
                continue
            if 0 < ahead <= PREVIEW_HORIZON:
                later.append(published + timedelta(days=ahead))
    return min(later, default=None)


def split_headline(title: str) -> tuple[str, str]:
    """(main clause, the rest) of a headline.

    The rest is what follows a subordinating word ("as", "after", ", після") and any
    phrase inside the clause that names another event ("Трамп перед зустріччю із
    Зеленським поговорив з Путіним": the meeting with Zelensky is not this call).
    """
    leading = _LEADING.match(title)
    before = leading.group() if leading else ""
    title = title[len(before) :]
    speaker = _SPEAKER.match(title)
    start = speaker.end() if speaker else 0
    found = _SUBORDINATE.search(title, start)
    main, rest = (title, "") if found is None else (title[: found.start()], title[found.start() :])
    inner = [m.group() for m in _OTHER_EVENT.finditer(main, start)]
    for phrase in inner:
        main = main.replace(phrase, " ", 1)
    return main, " ".join([before, *inner, rest]).strip()


def _speaker_part(main: str, lang: str | None, day: date | None) -> tuple[str, bool]:
    """(the part of a headline's main clause that names who is speaking, whether it is a
    quote's source only).  Before an opening colon ("Peskov: …") the speaker reports what
    others did; before a verb of saying ("Trump says he and Putin agreed…") the speaker
    may be one of the actors; a part before a colon that names no one, or an event
    ("Зеленський провів розмову з Трампом: …"), is the headline's own clause.  ("", False)
    when nobody speaks."""
    about = _ABOUT.match(main)
    if about and _names_a_speaker(about.group(1), lang, day):
        return about.group(1), True
    speaker = _SPEAKER.match(main)
    if speaker and _names_a_speaker(speaker.group(), lang, day):
        return speaker.group(), True
    words = main.split()
    for i, word in enumerate(words):
        if set(lemmas(word, lang)) & _SAYING:
            return " ".join(words[:i]), False
    return "", False


def _names_a_speaker(part: str, lang: str | None, day: date | None) -> bool:
    """What precedes a headline's colon names who speaks ("Песков:", "Умєров:", "Зеленський
    у зверненні:") when it names someone and no event, place or act ("Перший етап
    домовленостей:", "Итоги Женевы:" and "Беннет прилетів до Путіна:" are the headline's
    subject)."""
    keys = _keys(part, lang, day)
    someone = any(k[0] == "s" or (k[0] == "e" and venue(k) is None) for k in keys)
    if not someone or any((k[0] == "c" and k not in _SPEECH) or venue(k) for k in keys):
        return False
    return lang not in ("uk", "ru") or not any(_acts(lang, w) for w in tokens(part))


def _keys(text: str, lang: str | None, day: date | None) -> list[str]:
    if not text:
        return []
    words = tokens(text)
    keys, used = scan(words)
    keys.extend(office_holders(text, day))
    # a venue also names its region: "Mar-a-Lago" and "Florida", "UAE" and "Abu Dhabi"
    keys.extend(f"e:{region}" for k in keys if (region := venue(k)) and f"e:{region}" != k)
    keys.extend(names(text, lambda word: word in used or _ordinary(word)))
    keys.extend(f"n:{value}" for _, value in figures(text))
    keys.extend(dates(text))
    words = content_lemmas(text, lang)
    keys.extend(f"w:{lemma}" for lemma in words)
    keys.extend(f"k:{key}" for lemma in words if (key := cognate(lemma)))
    keys.extend(f"t:{english}" for lemma in words if (english := TRANSLATIONS.get(lemma)))
    return keys


@lru_cache(maxsize=1 << 16)
def cognate(lemma: str) -> str:
    """A lemma's consonant skeleton, for international words that Ukrainian, Russian and
    English share: коридор, corridor → krdr; гуманітарний, humanitarian → hmnt;
    санкції, sanctions → snkt.  "" for words too short to carry one."""
    if len(lemma) < COGNATE_MIN_LETTERS:
        return ""
    key = skeleton(lemma)
    return key if len(key) == 4 else ""


def content_lemmas(text: str, lang: str | None) -> list[str]:
    """The lemmas of `text` that carry its content and name no gazetteer entity (an
    entity has a key of its own)."""
    return [lemma for lemma in _lemmas(text, lang) if not is_entity(lemma)]


@lru_cache(maxsize=1 << 14)
def _lemmas(text: str, lang: str | None) -> list[str]:
    """Content lemmas of `text`: no stop words, no digits, at least three letters."""
    return [
        lemma
        for lemma in lemmas(text, lang)
        if len(lemma) >= 3 and lemma not in _STOP_LEMMAS and lemma.isalpha()
    ]


@lru_cache(maxsize=1 << 16)
def _ordinary(word: str) -> bool:
    """A dictionary word that is not a name ("President", "Sunday", "Президент"): capitalised
    in a headline or after a title, it is no name to carry across languages."""
    if word in _STOP_LEMMAS:
        return True
    if not is_cyrillic_word(word):
        return known(word, "en")
    for lang in ("uk", "ru"):
        if known(word, lang):
            tag = _morph(lang).parse(word)[0].tag
            return not _PROPER & set(str(tag).replace(" ", ",").split(","))
    return False


def _base_weight(key: str) -> float:
    if key.startswith("e:") and key[2:] in COMMON:
        return COMMON_ENTITY_WEIGHT
    if key.startswith("w:") and key[2:] in _GENERIC:
        return GENERIC_WORD_WEIGHT
    return BASE_WEIGHT[key[0]]


_HANDED_OVER = frozenset({"c:prisoners", "c:bodies", "c:troops", "c:hostages"})
_PAPERS = frozenset(
    f"c:{name}"
    for name in "proposal plan memorandum draft communique conditions demands formula".split()
)
"""What a headline hands over or lists when it is a document, not people: "Україна
передала Росії пропозиції", "Комюніке саміту: … обмін полоненими"."""
_DISCUSS = frozenset("discuss обговорити обговорювати обсудить обсуждать".split())
"""Talking about a swap is not the swap ("Зеленський та Ердоган обговорили обмін")."""


def _is_handover(title_keys: set[str], main_words: set[str], counted: bool) -> bool:
    """A handover: a repatriation, or an exchange or return of prisoners, soldiers or
    bodies (named, or counted: "обменялись 390 на 390") — not a document that hands over
    or lists one, nor a talk about one."""
    if _PAPERS & title_keys or _DISCUSS & main_words:
        return False
    if "c:repatriation" in title_keys:
        return True
    people = counted or bool(_HANDED_OVER & title_keys)
    return people and ("c:exchange" in title_keys or bool(_RETURN & main_words))


def _counts_people(text: str) -> bool:
    """A figure that may count people: of their kind, or of none ("обменялись 390 на 390")."""
    return any(kind in ("", "persons", "bodies") for kind, _ in figures(text))


def is_preview(title: str, lang: str | None, *, event: bool) -> bool:
    """The headline, outside its quotations, speaks of something still to happen: "X to
    meet Y", "tomorrow", "on the eve of", someone setting off for it ("leaders head to
    Switzerland", "делегація вилетіла") — or, when it names an `event` (a meeting, a call,
    talks, a visit), "X will…" or a Ukrainian or Russian verb in the future tense."""
    low = _HOLIDAY_EVE.sub(" ", normalise(_QUOTE_RE.sub(" ", title)))
    if _PREVIEW_EN.search(low) or _TRAVEL.search(low) or _AGREE_TO_MEET.search(low):
        return True
    words = tokens(low)
    if _PREVIEW_WORDS.intersection(words):
        return True
    if not event:
        return False
    if _WILL.search(low):
        return True
    if lang not in ("uk", "ru"):
        return False
    return any(_future_verb(lang, word) for word in words)


@lru_cache(maxsize=1 << 16)
def _acts(lang: str, word: str) -> bool:
    """pymorphy3 reads the word as a finite verb that is not one of saying or answering
    (прилетів, принял — not відповів, заявил)."""
    if not known(word, lang):
        return False
    parse = _morph(lang).parse(word)[0]
    return "VERB" in parse.tag and parse.normal_form not in _SPEAKING


@lru_cache(maxsize=1 << 16)
def _future_verb(lang: str, word: str) -> bool:
    """pymorphy3 (through the shared lemmatiser's analyser) reads the word as a verb in
    the future tense: зустрінуться, проведут, обговорять."""
    parses = _morph(lang).parse(word)
    tag = parses[0].tag
    # "війну" is a form of війна before the verb війнути
    return "VERB" in tag and "futr" in tag and not any("NOUN" in p.tag for p in parses)
