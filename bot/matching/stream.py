"""The lemma stream: an item as the matcher's automaton reads it.

Title and summary are folded (`lex_fold`), cut into words, and every word replaced by its
dictionary form in the item's language (`bot.text.lemmas`), through a per-language
``dict`` that remembers every word it has seen — after warm-up a word costs one C-level
dictionary access.  A hit in the stream leads back to the exact raw text the reader saw.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from typing import NamedTuple

import ahocorasick

from bot.matching.results import Field
from bot.text.fold import lex_fold
from bot.text.lemmas import CYRILLIC, LATIN, guess_lang, is_cyrillic_word, lemma_key, word_langs

SEPARATOR = " | "
"""Between title and summary: it folds to three spaces, so no phrase spans both."""
SUMMARY_WORDS = 1_000_000
"""Word positions in the summary start here: `near` never spans title and summary."""

PAIRS: tuple[tuple[str, str], ...] = tuple((lat, cyr) for lat in LATIN for cyr in CYRILLIC)
"""(Latin-script language, Cyrillic-script language) of an item: words of each script
are lemmatised in that script's language."""

Place = tuple[int, int, Field, int, int, str]
"""Where a hit is: start and end in the raw title + separator + summary (reading order),
then its field, start and end in that field, and the text there."""


_CLAUSE_BODY = r"[^,;.()—–]*?"
_CLAUSE_END = r"[^,;.()—–]*(?=\s*[,;.)]|\s+[—–-]\s|$)"
_WHEN = r"(?:[^\s,;.()—–]+\s+){0,5}?"
"""A few words of time between a clause's pronoun and its verb ("який ще тиждень тому
очолював", "который в 2022 и 2025 годах возглавлял", "who in 2022 led")."""
ROLE_CLAUSE = re.compile(
    "|".join(
        f"(?:{pattern})"
        for pattern in (
            # ", who led Russia's delegation in Istanbul,", ", the secretary who also heads
            # Kyiv's negotiating delegation,"
            r",\s*(?:(?:the|a|an)\s+[^,;.()—–]{1,60}?\s+)?who\s+"
            + _WHEN
            + r"(?:has\s+|had\s+)?(?:led|leads|"
            r"headed|heads|chaired|chairs|co-led|represented|represents|accompanied|"
            r"accompanies|joined|joins|took\s+part\s+in|takes\s+part\s+in|participated\s+in|"
            r"hosted|hosts|brokered|mediated)\b"
            + _CLAUSE_BODY
            + r"\b(?:delegations?|talks|negotiations?|negotiators?|negotiating\s+team|"
            r"diplomatic\s+missions?)\b" + _CLAUSE_END,
            # ", який очолював делегацію на переговорах у Стамбулі,"
            r",\s*(?:який|яка)\s+" + _WHEN + r"(?:очолю\w*|"
            r"керува\w*|керу\w+|представля\w+|входи\w*|бра\w*\s+участь|бере\s+участь)"
            + _CLAUSE_BODY
            + r"(?:делегаці\w+|переговор\w+)"
            + _CLAUSE_END,
            # ", который возглавлял делегацию…", ", возглавлявший российскую делегацию…"
            r",\s*(?:(?:который|которая)\s+"
            + _WHEN
            + r"(?:возглав\w+|руковод\w+|представля\w+|входи\w*|участвова\w*)|"
            + _WHEN
            + r"(?:возглавлявш|возглавляющ|руководивш|руководящ|участвовавш|участвующ|"
            r"входивш|входящ)\w*)"
            + _CLAUSE_BODY
            + r"(?:делегаци\w+|переговор\w+|контакт\w+)"
            + _CLAUSE_END,
            # ", der die russische Delegation in Istanbul leitete,"
            r",\s*(?:der|die)\s+"
            + _CLAUSE_BODY
            + r"(?:Delegation|Verhandlung\w*|Gespräche?n?)\b"
            + _CLAUSE_BODY
            + r"\b(?:leitete|leitet|führte|führt|anführte|anführt|geleitet\s+hat(?:te)?|"
            r"geführt\s+hat(?:te)?|angehört|angehörte)(?=\s*[,;.)]|$)",
            # a place by the talks it once hosted: ", where Russian and Ukrainian delegations
            # met last year,", ", где в 2022 году проходили переговоры,"
            r",\s*(?:where|где|де|wo|où)\s+(?=[^,;.()—–]*\b(?:met|held|hosted|negotiated|"
            r"проходили|прошли|встречались|встретились|велись|відбулися|відбувалися|"
            r"зустрічалися|зустрілися|велися|trafen|getroffen|stattfanden|verhandelt\w*|"
            r"réunies|tenues|déroulées|eu\s+lieu)\b)"
            + _CLAUSE_BODY
            + r"\b(?:delegations?|negotiators|talks|negotiations|переговор\w*|делегаці?\w*|"
            r"Delegation\w*|Verhandl\w*|Gespräch\w*|délégations?|négociations|pourparlers)"
            + _CLAUSE_END,
            # ", qui avait conduit la délégation américaine à Genève,"
            r",\s*qui\s+(?:avait\s+|a\s+)?(?:conduit|dirig\w+|men\w+|conduisait|présid\w+|"
            r"représent\w+)\s"
            + _CLAUSE_BODY
            + r"(?:délégation|négociations?|pourparlers)"
            + _CLAUSE_END,
        )
    ),
    re.IGNORECASE,
)
"""A relative or participial clause that gives a person's role in the talks, in an item
about something else ("Medinsky, who led Russia's delegation in Istanbul, presented the
new history textbooks").  By the spec's salience rule such a phrase is incidental: the
topics' rules and the topic model do not read it (`ItemText.topic_lemmas`); personal
keywords still do."""

_NO_PLAN = r"(?![^,;.()—–]*\b(?:plans?|Plans?|план\w*)\b)"
"""…unless the role names a plan ("Kyiv's chief negotiator on the US peace plan"): the
person is then tied to the plan, and the labelled sets read the item as about it."""
APPOSITIVE_ROLE = re.compile(
    "|".join(
        f"(?:{pattern})"
        for pattern in (
            r",\s*" + _NO_PLAN + r"(?:the\s+)?(?:former\s+|ex-|then-)?(?:[\w'’-]+\s+){0,2}?"
            r"(?:chief\s+negotiator|lead\s+negotiator|head\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?"
            r"delegation|delegation\s+(?:head|chief|leader))" + _CLAUSE_END,
            r",\s*" + _NO_PLAN + r"(?:der\s+|die\s+)?(?:frühere[rn]?\s+|ehemalige[rn]?\s+|"
            r"einstige[rn]?\s+)?(?:[\w-]+\s+)?(?:Delegationsleiter\w*|Delegationschef\w*|"
            r"Chefunterhändler\w*|Verhandlungsführer\w*)" + _CLAUSE_END,
            r",\s*"
            + _NO_PLAN
            + r"(?:l['’]\s*)?(?:ex-|ancien(?:ne)?\s+)?(?:chef(?:fe)?\s+de\s+la\s+délégation|"
            r"négociat(?:eur|rice)\s+en\s+chef)" + _CLAUSE_END,
            # ", відомий як співавтор «плану з 28 пунктів»,": what someone is known for
            r",\s*(?:(?:best|widely|also)\s+)?(?:known\s+(?:as|for)|відом\w+\s+як|"
            r"известн\w+\s+как)\s" + _CLAUSE_END,
            r",\s*" + _NO_PLAN + r"(?:бывш\w+\s+|колишн\w+\s+|экс-|екс-)?(?:глава|голова|"
            r"руководитель|керівник)\s+(?:\w+\s+)?делегац\w+" + _CLAUSE_END,
        )
    ),
    re.IGNORECASE,
)
"""A person's role in the talks in apposition after their name, in an item about something
else ("Umjerow, Delegationsleiter von Istanbul, als Zeuge im Energoatom-Verfahren
befragt"; "Medinski, ex-chef de la délégation russe à Istanbul, nommé à la tête d'une
commission historique"): incidental, like a `ROLE_CLAUSE`.  Only after a name
(`_after_a_name`): "По данным источников, глава российской делегации в Стамбуле сказал…"
is the subject of the sentence, and "…, says head of delegation" its source."""

ANNEXED_DESCRIPTOR = re.compile(
    r"\b(?:Russian-|Russia-)?annexed(?=\s+Crimea)|"
    r"\bannektiert\w*(?=\s+Krim)|(?<=Crimée\s)annexée\b|"
    r"\b(?:анексован|аннексированн)\w*(?=\s+Кр[иы]м)",
    re.IGNORECASE,
)
""""Annexed" in front of Crimea (after it in French): the name of the place in a report
about something else ("Blast damages Kerch bridge linking Russia to annexed Crimea"), not
its status put on the table.  Incidental like a `ROLE_CLAUSE`: "recognise annexed Crimea"
still reads "recognise" and "Crimea"."""


TEMPORAL_PHRASE = re.compile(
    r"\b(?:напередодні|накануне|(?:за|через)\s+(?:кілька|несколько|два|три)\s+(?:днів|дней|дня)\s+"
    r"(?:до|після|после))\s+(?:раунд\w*|переговор\w*|перемовин\w*|саміт\w*|"
    r"саммит\w*|зустріч\w*|встреч\w*|візит\w*|визит\w*)(?:\s+(?:в|у|на|із|з|с)\s+[\w-]+)?|"
    r"\b(?:(?:days|hours|a day|weeks)\s+(?:after|before)|on the eve of)\s+(?:the\s+)?"
    r"(?:[a-z][\w-]+\s+)?(?:summit|talks|meeting|round|visit)\b|"
    r"\bà quelques jours d['’](?:une|un|la|le)\s+(?:nouvelle\s+|nouveau\s+)?(?:visite|sommet|"
    r"réunion|rencontre|pourparlers)(?:\s+de\s+l['’]émissaire\s+\w+)?(?:\s+à\s+[\w-]+)?|"
    r"\b(?:am Vorabend|wenige Tage (?:vor|nach))\s+(?:de[rmns]\s+)?"
    r"(?:Gipfel\w*|Gespräch\w*|Verhandlung\w*|Runde|Treffen\w*|Besuch\w*)|"
    # the next day: "a day after the delegations met in Istanbul", "на следующий день после
    # переговоров в Стамбуле", "наступного дня після зустрічі в Маямі", "au lendemain des
    # pourparlers de Genève"
    r"\b(?:a|the) day after (?:the )?(?:delegations|negotiators|leaders|envoys) met\b|"
    r"\b(?:на следующий день|наступного дня)\s+(?:после|після)\s+(?:раунд\w*|переговор\w*|"
    r"перемовин\w*|саміт\w*|саммит\w*|зустріч\w*|встреч\w*)(?:\s+(?:в|у|на|із|з|с)\s+[\w-]+)?|"
    r"\bau lendemain (?:des|du|de la|de l['’])\s*(?:pourparlers|sommet|rencontre|réunion|"
    r"négociations|accord|entretien)(?:\s+(?:de|d['’]|à)\s*[\w-]+)?|"
    # while the talks went on: "Поки в Стамбулі тривали переговори, Сили оборони відбили…",
    # "as talks were under way in Geneva"
    r"\b(?:поки|пока)\s+(?:(?:в|у)\s+[\w-]+\s+)?(?:тривали|тривають|йшли|ідуть|точилися|"
    r"проходили|шли|идут|проходят)\s+(?:переговори|переговоры|перемовини)"
    r"(?:\s+(?:в|у)\s+[\w-]+)?|"
    r"\b(?:while|as)\s+(?:the\s+)?(?:talks|negotiations|delegations)\s+(?:were\s+)?"
    r"(?:under\s*way|going\s+on|continued|went\s+on|met|arrived|gathered|convened)"
    r"(?:\s+in\s+[\w-]+)?|"
    r"\bwährend\s+(?:in\s+[\w-]+\s+)?(?:verhandelt\s+wird|die\s+(?:Verhandlungen|Gespräche)\s+"
    r"(?:laufen|andauern))|"
    # the eve of a summit: "à la veille du sommet d'Alaska"
    r"\bà la veille (?:du|de la|des)\s+(?:sommet|rencontre|réunion|pourparlers|négociations)"
    r"(?:\s+(?:de|d['’]|à)\s*[\w-]+)?|"
    # ahead of the next round: "…until Sunday, ahead of the next round in Abu Dhabi" ("ahead
    # of talks in Berlin, Ukraine's president offered…" is the talks' own news)
    r"\bahead of (?:the |a )?(?:next|new|planned|expected|upcoming) (?:round|talks|summit|meeting)"
    r"(?:\s+(?:in|at)\s+[\w-]+(?:\s+[A-Z][\w-]+)?)?|"
    # "guarantees in the event of a ceasefire" (the spec's own example)
    r"\bin (?:the )?(?:event|case) of (?:a )?(?:ceasefire|truce)\b|"
    r"\b(?:в случае|у разі|в разі|на випадок|на случай)\s+(?:прекращения огня|перемири\w+|"
    r"припинення вогню|перемир\S*)|\b(?:im|für den) Falle? einer (?:Waffenruhe|Feuerpause)\b|"
    r"\ben cas de (?:cessez-le-feu|trêve)\b|\bune fois qu['’]une? (?:cessez-le-feu|trêve)\b|"
    r"\bonce a (?:lasting |durable )?(?:ceasefire|truce) (?:is|has been) "
    r"(?:agreed|reached|in place)\b|"
    r"\bwithin (?:days|weeks|months) of (?:any|a) (?:halt|pause|end) (?:in|to|of) (?:the )?"
    r"(?:hostilities|fighting)\b",
    re.IGNORECASE,
)
"""A time given by the talks ("a massive attack on the eve of the round in Abu Dhabi",
"days after the Alaska summit"), or a ceasefire as the condition of something else
("war-risk guarantees for investors in the event of a ceasefire"): by the spec's salience
rule a purely temporal phrase is incidental, like a `ROLE_CLAUSE`."""


PAST_ROLE_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?|]\s))(?:Раніше|Ранее|Previously|Earlier|Zuvor|Auparavant)\s+(?:він|вона|он|она|"
    r"he|she|er|sie|il|elle)\s+"
    + _WHEN
    + r"(?:входив|входила|входил|очолював|очолювала|керував|керувала|бра\w*\s+участь|"
    r"возглавлял\w*|руководил\w*|участвовал\w*|led|headed|was\s+part\s+of|took\s+part\s+in|"
    r"leitete|gehörte|dirigeait|a\s+dirigé|conduisait|a\s+conduit)\b[^.!?]*?"
    r"(?:делегац|переговор|delegation|talks|negotiat|Delegation|Verhandlung|délégation|"
    r"négociation|pourparlers)[^.!?]*|"
    # "Celui qui dirigeait encore dimanche la délégation ukrainienne à Genève a quitté…"
    r"\b(?:celui|celle)\s+qui\s+"
    + _WHEN
    + r"(?:dirigeait|conduisait|menait|présidait|a\s+dirigé|a\s+conduit|avait\s+dirigé|"
    r"avait\s+conduit)\s"
    + _CLAUSE_BODY
    + r"(?:délégation|négociations?|pourparlers)(?:\s+[^\s,;.()—–]+){0,3}",
    re.IGNORECASE,
)
"""A sentence that gives someone's past role in the talks as background ("Раніше він входив
до складу делегації на переговорах з Росією та займався обмінами полоненими" under a
headline about his appointment as defence minister), or the French "celui qui dirigeait la
délégation" that names a person by it: incidental, like a `ROLE_CLAUSE`."""


_PAST_WORDS = (
    "раніше", "ранее", "previously", "earlier", "zuvor", "auparavant", "celui qui", "celle qui",
)  # fmt: skip
_ANNEXED_WORDS = ("annex", "annekt", "анекс", "аннекс")
_TEMPORAL_WORDS = (
    "напередодн", "накануне", "кілька", "несколько", "два дн", "три дн", "s after", "s before",
    "day after", "day before", "eve of", "quelques jours", "vorabend", "wenige tage",
    "следующий день", "наступного дня",
    "lendemain", "event of", "case of", "случа", "разі", "випадок", "im fall", "den fall",
    "en cas de", "поки", "пока", "while", "as talks", "as the talks", "as negotiations",
    "as the negotiations", "as delegations", "as the delegations", "ahead of", "während",
    "la veille", "une fois", "once a", "within",
)  # fmt: skip
_APPOSITIVE_WORDS = (
    "negotiator", "négociat", "delegation", "délégation", "delegationsleit",
    "delegationschef", "unterhändler", "verhandlungsführer", "делегац", "known as",
    "known for", "відом", "известн",
)  # fmt: skip


class Incidental(NamedTuple):
    """One kind of incidental phrase: its pattern, words one of which every match holds in
    folded text (lower case, as `lex_fold` leaves it; none: it runs on every item), and whether a
    match counts only right after a name (`_after_a_name`)."""

    pattern: re.Pattern[str]
    words: tuple[str, ...] = ()
    after_a_name: bool = False


INCIDENTAL: tuple[Incidental, ...] = (
    Incidental(ROLE_CLAUSE),
    Incidental(APPOSITIVE_ROLE, _APPOSITIVE_WORDS, after_a_name=True),
    Incidental(ANNEXED_DESCRIPTOR, _ANNEXED_WORDS),
    Incidental(PAST_ROLE_SENTENCE, _PAST_WORDS),
    Incidental(TEMPORAL_PHRASE, _TEMPORAL_WORDS),
)
"""Each incidental pattern: a case-blind alternation that begins at a word boundary is
tried at every position, about 11 µs an item, so it runs only on an item with one of its
words.  `ROLE_CLAUSE` begins at a comma and runs on every item."""


def _gate_automaton() -> ahocorasick.Automaton:
    """One automaton over every pattern's words, whose value for a word is the indexes in
    `INCIDENTAL` of the patterns it lets run: one scan of an item finds which patterns to
    try (asking for each of some fifty words in turn cost about 8 µs an item)."""
    automaton = ahocorasick.Automaton()
    for index, kind in enumerate(INCIDENTAL):
        for word in kind.words:
            automaton.add_word(word, (*automaton.get(word, ()), index))
    automaton.make_automaton()
    return automaton


_GATES = _gate_automaton()
_UNGATED = frozenset(index for index, kind in enumerate(INCIDENTAL) if not kind.words)


def _after_a_name(raw: str, at: int) -> bool:
    """Whether the word before position `at` of `raw` starts with a capital letter (a
    name: "Umjerow, Delegationsleiter von Istanbul, …")."""
    before = raw[:at].split()
    return bool(before) and before[-1].lstrip("«\"'“„(")[:1].isupper()


def _pair_of(code: str) -> int:
    latin = code if code in LATIN else "en"
    cyrillic = code if code in CYRILLIC else "ru"
    return PAIRS.index((latin, cyrillic))


_PAIR_OF_LANG = {code: _pair_of(code) for code in (*LATIN, *CYRILLIC)}


_CYRILLIC_LETTERS = re.compile(r"[а-яіїєґё]+", re.IGNORECASE)
_ANY_CYRILLIC = re.compile("[\u0400-\u04ff]")
"""Tells whether there is any Cyrillic four times faster than the case-blind letters."""


def item_pair(lang: str | None, title: str, summary: str) -> int:
    """The index in `PAIRS` for an item: its language, or one guessed from its text.

    A feed that says English while an item is written in Cyrillic (a Ukrainian outlet's
    feed declaring `en`, say) has its Cyrillic words read as the language their letters
    say, Ukrainian or Russian, not as the Russian a Latin-script item's pair assumes.
    """
    code = (lang or "").lower()[:2]
    if code not in _PAIR_OF_LANG:
        return _PAIR_OF_LANG[guess_lang(f"{title} {summary}")]
    pair = _PAIR_OF_LANG[code]
    if (
        code in LATIN
        and not (title.isascii() and summary.isascii())
        and (_ANY_CYRILLIC.search(title) or _ANY_CYRILLIC.search(summary))
    ):
        cyrillic = "".join(_CYRILLIC_LETTERS.findall(title) + _CYRILLIC_LETTERS.findall(summary))
        if cyrillic:
            pair = PAIRS.index((code, guess_lang(cyrillic)))
    return pair


class LemmaTable(dict[str, str]):
    """Folded word → its folded lemma, in the pair's language for the word's script.

    The empty string (what a run of spaces leaves between single spaces) maps to itself,
    so an item's parts go through the table in one C-level ``map``."""

    def __init__(self, latin: str, cyrillic: str) -> None:
        super().__init__()
        self.latin, self.cyrillic = latin, cyrillic

    def __missing__(self, word: str) -> str:
        if is_cyrillic_word(word):
            # a word with letters only Ukrainian (і ї є ґ) or only Russian (ы э ъ ё) has
            # the language they say, whatever the item's language
            langs = word_langs(word)
            lang = langs[0] if len(langs) == 1 else self.cyrillic
        else:
            lang = self.latin
        value = lemma_key(word, lang) if word else word
        self[word] = value
        return value


def within(positions: list[list[int]], near: int) -> bool:
    """Whether one position from every list fits in a window of `near` words."""
    if len(positions) == 2:
        # the usual rule ("withdraw" near "Donbas"): any pair close enough
        ones, others = positions
        return any(abs(one - other) <= near for one in ones for other in others)
    events = sorted((pos, group) for group, found in enumerate(positions) for pos in found)
    need = len(positions)
    counts = [0] * need
    covered = 0
    left = 0
    for pos, group in events:
        if counts[group] == 0:
            covered += 1
        counts[group] += 1
        while covered == need:
            first, first_group = events[left]
            if pos - first <= near:
                return True
            counts[first_group] -= 1
            if counts[first_group] == 0:
                covered -= 1
            left += 1
    return False


class ItemText:
    """One item as the automaton sees it: ``" title | summary "`` as a lemma stream, and
    the way back from a hit to the raw field it came from.

    Title and summary are folded and lemmatised in one pass: the folded text is split at
    single spaces (runs of spaces leave empty parts, so ``" ".join`` restores it
    exactly, punctuation included) and every part goes through the lemma table.  A
    lemma is one word, so the part a position of `text` falls in is the number of
    spaces before it.  The `` | `` between the fields folds to three spaces, so no phrase
    spans both."""

    __slots__ = (
        "_starts",
        "_words",
        "incidental",
        "lemmas",
        "offsets",
        "parts",
        "raw",
        "summary_at",
        "summary_part",
        "text",
    )

    def __init__(self, title: str, summary: str, table: LemmaTable) -> None:
        self.raw = f"{title}{SEPARATOR}{summary}"
        self.summary_at = len(title) + len(SEPARATOR)
        folded, self.offsets = lex_fold(self.raw)
        self.parts = folded.split(" ")
        self.lemmas = list(map(table.__getitem__, self.parts))
        """The lemma of every part, in order (empty for punctuation and runs of spaces)."""
        self.text = f" {' '.join(self.lemmas)} "
        folded_summary_at = (
            self.summary_at if self.offsets is None else bisect_left(self.offsets, self.summary_at)
        )
        self.summary_part = folded.count(" ", 0, folded_summary_at)
        self._starts: list[int] | None = None
        self._words: list[int] | None = None
        self.incidental = self._incidental_parts(folded)
        """Parts inside an incidental phrase (`INCIDENTAL`; none in most items)."""

    def _incidental_parts(self, folded: str) -> frozenset[int]:
        """Parts inside a phrase of one of the `INCIDENTAL` patterns."""
        gated = {index for _, indexes in _GATES.iter(folded) for index in indexes}
        clauses = [
            match.span()
            for index in sorted(_UNGATED | gated)
            for match in INCIDENTAL[index].pattern.finditer(self.raw)
            if not INCIDENTAL[index].after_a_name or _after_a_name(self.raw, match.start())
        ]
        if not clauses:
            return frozenset()
        out = set()
        starts = self._part_starts()
        for part in range(len(self.parts)):  # `starts` ends with the end of the text
            at = starts[part] + part
            raw = at if self.offsets is None else self.offsets[at]
            if any(a <= raw < b for a, b in clauses):
                out.add(part)
        return frozenset(out)

    def _part_starts(self) -> list[int]:
        """Letters before each part (separating spaces not counted)."""
        starts = self._starts
        if starts is None:
            starts = self._starts = list(accumulate(map(len, self.parts), initial=0))
        return starts

    @property
    def topic_lemmas(self) -> list[str]:
        """`lemmas` as the topic model reads them: the incidental parts' words left out."""
        if not self.incidental:
            return self.lemmas
        return ["" if i in self.incidental else lemma for i, lemma in enumerate(self.lemmas)]

    def part_at(self, start: int) -> int:
        """The part a position of `text` (the start of a word) falls in."""
        return self.text.count(" ", 0, start) - 1

    def locate(self, start: int, stop: int) -> Place:
        """A span of `text` (it starts a word) → where it is in the raw fields."""
        first = self.part_at(start)
        last = first + self.text.count(" ", start, stop - 1)
        starts = self._part_starts()
        # the folded text is the parts joined by single spaces
        a, b = starts[first] + first, starts[last + 1] + last
        if self.offsets is not None:
            a, b = self.offsets[a], self.offsets[b]
        if first >= self.summary_part:
            shift = self.summary_at
            return a, b, "summary", a - shift, b - shift, self.raw[a:b]
        return a, b, "title", a, b, self.raw[a:b]

    def word_position(self, start: int) -> int:
        """The word number at `start` in `text` (empty parts are punctuation, not words);
        summary words are numbered from `SUMMARY_WORDS` on, so `near` never spans the
        fields."""
        words = self._words
        if words is None:
            # words before each part (empty parts are not words), summed once per item
            words = self._words = list(accumulate(map(bool, self.parts), initial=0))
        part = self.text.count(" ", 0, start) - 1
        return words[part] + (SUMMARY_WORDS if part >= self.summary_part else 0)
