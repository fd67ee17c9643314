"""Do two items report the same development?  Vetoes first, then a rarity-weighted score.

The spec (``shared/spec/stories.md``) decides; each veto names the rule it serves:

* **figures** (rule 3, 4): both headlines count the same kind of thing — prisoners,
  bodies, points of a plan — and neither headline's figures appear in the other item
  (390 vs 307 prisoners freed).  Clock times, dates, sums and plain numbers never veto;
  figures found only in the summaries never veto (reports of one event cite different
  details).
* **handover days** (rule 3): two items about a prisoner exchange or a handover of
  bodies published on different calendar days are different handovers.
* **preview** (rule 2): an item that announces or previews something, published on an
  earlier calendar day than the other, is its own story.
* **people** (rule 5, 7): both headlines name people and each names someone the other
  does not (the Trump–Putin call vs the Trump–Zelensky call; Ushakov's statement vs
  Peskov's).  A rebuttal within `REBUTTAL_SPAN` joins its claim, and readouts of talks in
  one venue join the talks.
* **venues**: both headlines name where something happens, and the places differ.
* **markets** (rule 8): a market's move ("the rouble firms on news from the talks") is
  not the development it reacts to.
* **handover vs agreement** (rule 3): a handover and a headline about talks or an
  agreement (a swap agreed at talks) are different stories.

Past the vetoes, `same_story_probability` weighs the evidence: the cosine similarity of
the two items' keys, each weighted by its base weight times its rarity (inverse document
frequency among the stored items: a shared "Ukraine" says little, a shared "Rosneft" or
"390 prisoners" a lot), how much of one headline the other carries, the specific things
they share, the hours and calendar days between them, and a few flags (`PAIR_FEATURES`).
Items in one language compare all their keys; items in two languages compare only the
language-independent ones (entities, concepts, names, figures, dates, and the English
words that their lemmas translate).  The weights are
a logistic regression fitted on the labelled tuning streams (`bot.stories.fit`); a pair
is one story when the probability reaches `SAME_STORY`, or `ONLY_THE_TOPIC` when all the
two items share across languages is the topic (`only_the_topic_across`).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import timedelta

from bot.stories.entities import is_specific, leader, negotiator, person
from bot.stories.features import Features, cognate
from bot.stories.gazetteer import OTHER_CONFLICTS, SPOKESMEN, TOPIC_CONCEPTS, TOPIC_ENGLISH
from bot.stories.pair_weights import WEIGHTS

Rarity = Callable[[str], float]

SAME_STORY = 0.65
"""Probability from which two items are one story — for the pair; the item still joins a
story only when half the story's compared reports take it (`clustering.AGREEMENT`).
Chosen by cross-validation (round 18): five folds of the twenty-nine numbered tuning
streams, each fold scored with the translations learned and the weights fitted on the
other four.  Pair precision / recall on the streams, then with a fold's streams laid over
one another: the linear model of round 17 at 0.7, 0.959 / 0.728 and 0.838 / 0.701; with
the products of `MODEL_TERMS` at 0.6, 0.954 / 0.749 and 0.826 / 0.716; at 0.65, 0.959 /
0.741 and 0.835 / 0.712; at 0.7, 0.962 / 0.733 and 0.843 / 0.705 (docs/stories.md,
Round 18)."""
ONLY_THE_TOPIC = 0.97
"""Probability from which two items in two languages that share nothing beyond the topic
(`only_the_topic_across`) are one story.  In a window fed by fifty outlets most such pairs
are two stories; some are one round's readouts or one statement worded apart ("Putin
says Russia is 'ready' if Europe wants war" and "Путин: Россия не собирается воевать с
Европой…").  Until round 17 these pairs were held apart before the model was asked; since,
the model weighs them (and is fitted on them) but must be nearly sure.  Round 17
cross-validated 0.95 (0.960 / 0.740, against 0.960 / 0.738 held apart); 0.85 read 0.960 /
0.747, but two of the bundled seed articles, a ceasefire leak and an official on a
security plan, sharing only "ceasefire" and "security guarantees", read 0.93 in a window of
seven items and became one story (`tests/test_story_seeds.py`).  Refitted with round 18's
blind set, the model read them 0.966, so round 19 raised the bar to 0.97: cross-validated
over the thirty numbered streams 0.957 / 0.737 against 0.957 / 0.739 at 0.95
(docs/stories.md, Round 19)."""
BEYOND_THE_TOPIC = 0.9
"""…and from which such a pair is one story when one word it shares is not a topic's own
(`TOPIC_WORDS`): "settle now" and levies (`tariff`), a "paper tiger", an address on
"dignity" — a report in other words of one development, where sharing "ceasefire" and
"security guarantees" alone is the topic.  Five folds over the thirty-seven numbered
streams (round 26): held out 173 more pairs found for 7 more wrong, laid over one
another 161 more for 8 more wrong (docs/stories.md, Round 26)."""
TOPIC_WORDS = frozenset(
    {
        *(f"c:{concept}" for concept in TOPIC_CONCEPTS),
        *(f"t:{word}" for word in TOPIC_ENGLISH),
        *(f"k:{key}" for word in TOPIC_ENGLISH if (key := cognate(word))),
    }
)
"""The keys of the topics' own words (concepts, the English words translations point to,
their consonant skeletons): what two reports of two developments on one theme share."""
SHARED_TRANSLATED_WORDS = 3
"""Translated words (`t:` keys: the English lemma a word reports) two items in two
languages must share, anywhere in them, to be more than the topic when nothing specific
and no headline subject joins them.  The topic gives one or two ("talks", "delegation");
a round's readouts share more ("third", "meeting", "corridor", "talks").  Cross-validated
over the twenty-six numbered streams (round 16): recall 0.723 → 0.739 at the same
precision (0.960), 0.697 → 0.713 in the busy window; two words read 0.751 recall but cost
0.003 precision (docs/stories.md)."""
RAMP = timedelta(hours=24)
"""Hours apart count up to this: outlets report a development within hours; a day later
the same names come back in reactions and follow-ups."""
MIN_COSINE = {True: 0.27, False: 0.20}
"""Cosine a pair needs before the model weighs it, in one language and across two (what
the hand-set thresholds the model replaced asked of reports published together)."""
REBUTTAL_MIN_COSINE = 0.15
"""…and a claim and its rebuttal within `REBUTTAL_SPAN` in two languages: "Подоляк назвав
умови Путіна абсурдними" shares little with the terms it dismisses beyond names.  In one
language the usual floor stands: "Kremlin rejects Christmas truce proposal from Kyiv" is
no rebuttal of Turkey's Black Sea truce proposal that morning."""
SHARED_RARITY_CAP = 20.0
"""Rarity of the specific keys two items share, counted up to this."""
HANDOVER_GAP = timedelta(hours=12)
"""Handovers reported less than this apart are one handover, even across midnight (last
night's swap in the next morning's paper)."""
REBUTTAL_SPAN = timedelta(hours=24)
"""A rebuttal this soon names the claim in other words ("absurd", "an ultimatum") and adds
little else: the model weighs it (`PAIR_FEATURES`), and the people veto lets it through."""


def figures_conflict(a: Features, b: Features, days_apart: int = 0) -> bool:
    """Both headlines count one kind of thing, and neither's figures are in the other item.

    Two reports of one handover day count people differently (each side its own: 246
    Russians, 277 Ukrainians), so a handover and a report of the same day are left to the
    day rule — one of them is enough, since one side's report may not read as a handover
    ("з неволі звільнено 277 бійців"): held out over five folds, 10 more pairs found at no
    cost.
    """
    if (a.handover or b.handover) and not days_apart:
        return False
    for kind in {k for k, _ in a.title_figures} & {k for k, _ in b.title_figures}:
        a_title = {v for k, v in a.title_figures if k == kind}
        b_title = {v for k, v in b.title_figures if k == kind}
        a_all = {v for k, v in a.figures if k == kind}
        b_all = {v for k, v in b.figures if k == kind}
        if not (a_title & b_all) and not (b_title & a_all):
            return True
    return False


def people_conflict(a: Features, b: Features, apart: timedelta, days_apart: int = 0) -> bool:
    """A different call, meeting or joint act (each headline names two or more actors, and
    each an actor the other does not: Scholz's pact with Zelensky vs Macron's that day);
    a later day's statement by someone the earlier item does not name, unless negotiators
    read out the same round (`_outsiders_speak`); or two speakers on different days
    (Trump's "Ukraine must hold elections" vs Zelensky's "ready for elections" the next
    morning).  Readouts of one meeting or round by its two sides — naming its venue the same
    day (Dmitriev meeting Witkoff in Miami, Umerov's meeting with the Americans there), or
    the same two people — are one story; so are a claim and its rebuttal within
    `REBUTTAL_SPAN`, and two people's dismissals of one claim.  Two speakers on one day are
    left to the model: vetoing them when they shared nothing specific split a claim from
    the answers that do not use a word of denial ("Подоляк: модель може бути лише
    українська" to Peskov's Swedish model) 77 times in the last twelve tuning streams for
    204 pairs kept apart, most of which the model keeps apart too (held out over five folds,
    97 more pairs found for 6 more wrong).  A spokesman speaks for his office (`SPOKESMEN`:
    "Peskov: …" is "Kremlin says …")."""
    if _meeting_of_others(a, b) or _meeting_of_others(b, a):
        return not (a.venues & b.venues and not days_apart)
    if _outsider_on(a, b) or _outsider_on(b, a):
        return True
    if len(a.participants) >= 2 and len(b.participants) >= 2 and not _two_rebuttals(a, b):
        return _different_participants(a, b)
    if _rebutting(a, b, apart):
        return False
    if (a.venues & b.venues and not days_apart) or len(_named(a) & _named(b)) >= 2:
        return False
    if days_apart and _outsiders_speak(a, b):
        return True
    return bool(
        days_apart and a.speakers and b.speakers and not _voices(a.speakers) & _voices(b.speakers)
    )


def _rebutting(a: Features, b: Features, apart: timedelta) -> bool:
    """One of the two rebuts something, within `REBUTTAL_SPAN` of the other."""
    return (a.rebuttal or b.rebuttal) and abs(apart) <= REBUTTAL_SPAN


def _two_rebuttals(a: Features, b: Features) -> bool:
    """Two people dismissing one claim ("Podolyak: Putin's terms are absurd", "Zelensky
    calls Putin's terms an ultimatum"): each joins the claim's story, so they are one."""
    return a.rebuttal and b.rebuttal and not (a.meeting or b.meeting)


def _voices(speakers: frozenset[str]) -> frozenset[str]:
    """Who speaks, a spokesman counted as the office he speaks for ("Peskov: …" and
    "Kremlin says …" are one voice)."""
    return frozenset(
        f"e:{SPOKESMEN[k[2:]]}" if k.startswith("e:") and k[2:] in SPOKESMEN else k
        for k in speakers
    )


def lead_excludes(lead: Features, item: Features, apart: timedelta, days_apart: int) -> bool:
    """A story's lead says `item` is another development, whichever member it resembles:
    the lead is a call or meeting between people other than the item's (the Putin–Macron
    call vs Zelensky's call with Macron that afternoon), one of them is a handover and the
    other talks, an agreement (rule 3) or a truce (rule 6), or the item is a later day's
    statement by someone the lead never names (rule 5) — unless negotiators read out the
    same round of talks, or it rebuts the lead within `REBUTTAL_SPAN`."""
    if lead.meeting and item.meeting and _different_participants(lead, item):
        return True
    if handover_vs_agreement(lead, item) or handover_vs_truce(lead, item):
        return True
    if not days_apart or (item.rebuttal and abs(apart) <= REBUTTAL_SPAN):
        return False
    return _outsiders_speak(lead, item)


def _outsiders_speak(earlier: Features, later: Features) -> bool:
    """`later` is a statement by someone `earlier` does not name — unless it reads out the
    same round of talks and every such speaker is a negotiator (rule 1: Umerov on Geneva
    the next morning is the round; rule 5: Peskov on Geneva is a reaction of its own)."""
    outsiders = {k for k in later.speakers if person(k)} - earlier.terms.keys()
    if not outsiders:
        return False
    return not (one_round(earlier, later) and all(negotiator(k) for k in outsiders))


def _different_participants(a: Features, b: Features) -> bool:
    """Each of two meetings (two or more people each) has someone the other does not, and
    they name no common venue (a venue's two sides' readouts name different people)."""
    if len(a.participants) < 2 or len(b.participants) < 2 or a.venues & b.venues:
        return False
    return bool(a.participants - b.participants and b.participants - a.participants)


def _named(f: Features) -> frozenset[str]:
    """Everyone a headline names: who speaks and who acts."""
    return f.speakers | f.participants


def _same_people(a: Features, b: Features) -> bool:
    """Both headlines name the same two or more actors (Putin and Trump): with the
    vetoes passed, the same call or meeting, however common each name is alone."""
    shared = a.participants & b.participants
    return len(shared) >= 2 and shared == a.participants == b.participants


def _outsider_on(meeting: Features, statement: Features) -> bool:
    """`statement` is a leader's word on `meeting`, a call or meeting of two or more people
    he took no part in ("Zelensky on Scholz's call to Putin: Pandora's box"): a reaction
    of his own (rule 5), not a readout."""
    if not meeting.meeting or len(meeting.participants) < 2:
        return False
    return any(leader(k) for k in statement.speakers - meeting.participants - meeting.speakers)


def _meeting_of_others(a: Features, b: Features) -> bool:
    """`a` is a call or meeting between two or more people, none of whom `b` names."""
    return a.meeting and len(a.participants) >= 2 and not a.participants & b.terms.keys()


def other_conflict(a: Features, b: Features) -> bool:
    """Rule 8: one headline is about another war's parties (Iran's talks in Geneva, the
    Israel–Iran truce) that the other item never names."""
    return bool(
        (_other_parties(a) and not _other_parties(b, everywhere=True))
        or (_other_parties(b) and not _other_parties(a, everywhere=True))
    )


def _other_parties(f: Features, everywhere: bool = False) -> set[str]:
    keys = f.terms.keys() if everywhere else f.title
    return {k for k in keys if k.startswith("e:") and k[2:] in OTHER_CONFLICTS}


def venues_conflict(a: Features, b: Features) -> bool:
    return bool(a.venues and b.venues and not a.venues & b.venues)


def day_vetoed(a: Features, b: Features, apart: timedelta, days_apart: int) -> bool:
    """`a` published `apart` and `days_apart` calendar days before `b`: a preview and what
    it previews, or handovers on two days (the next morning's report of last night's
    handover is still that handover: they must be `HANDOVER_GAP` apart) — but not talks
    paused or adjourned in `a` and going on in `b`."""
    if not days_apart:
        return False
    if _round_resumes(a, b):
        return False
    if a.previews and b.day and b.day >= a.previews:
        return True
    if a.preview or a.takes_effect != b.takes_effect:
        return True
    if abs(apart) < HANDOVER_GAP:
        return False
    return (a.handover and _about_handover(b)) or (b.handover and _about_handover(a))


def vetoed(a: Features, b: Features, apart: timedelta, days_apart: int) -> bool:
    """`a` published `apart` (and `days_apart` calendar days) before `b`: a spec rule says
    they are different stories."""
    if day_vetoed(a, b, apart, days_apart):
        return True
    return (
        handover_vs_agreement(a, b)
        or handover_vs_truce(a, b)
        or other_conflict(a, b)
        or a.market != b.market
        or figures_conflict(a, b, days_apart)
        or venues_conflict(a, b)
        or people_conflict(a, b, apart, days_apart)
    )


def one_round(a: Features, b: Features) -> bool:
    """Rule 1: both headlines are about talks in one venue ("Berlin talks wrap up", "Итоги
    Женевы"): the round's later readouts and outcome are its story however many days it
    runs, so time apart raises no bar (separate rounds in one city are weeks apart).  On
    a later day, only if it names everyone the earlier headline names as taking part
    (Zelensky meeting the crown prince in Jeddah is not the next day's US talks there)."""
    if _round_resumes(a, b):
        return True
    if not _talks_in_one_venue(a, b):
        return False
    return a.day == b.day or not a.participants - b.terms.keys()


def _round_resumes(a: Features, b: Features) -> bool:
    """`a` says talks pause or go on later ("talks paused until Tuesday", "to resume
    Monday in Berlin") and `b` is talks in the same place, or in none named (video
    rounds): one round (rule 1), not a preview and the event it previews."""
    if not (a.talks_resume and b.meeting):
        return False
    return bool(a.venues & b.venues) or not (a.venues or b.venues)


def _talks_in_one_venue(a: Features, b: Features) -> bool:
    """Both headlines name one venue, and one of them is about a meeting there ("talks in
    Berlin, to resume Monday" and Monday's "Berlin talks go on" are one round)."""
    return bool(a.venues & b.venues) and (a.meeting or b.meeting)


def _one_handover_day(a: Features, b: Features, apart: timedelta, days_apart: int) -> bool:
    """Rule 3: two reports of a handover of the same kind (people, or bodies) on one day
    are that day's handover, however differently each side counts it (246 Russians
    returned, 277 defenders home).  Handovers `HANDOVER_GAP` apart across midnight too."""
    if not (a.handover and b.handover) or (days_apart and abs(apart) >= HANDOVER_GAP):
        return False
    return ("c:bodies" in a.title) == ("c:bodies" in b.title)


def handover_vs_agreement(a: Features, b: Features) -> bool:
    """Rule 3: a swap agreed at talks belongs to the talks, the handover itself is the
    swap's story — even when both give the same figure (157 for 157)."""
    return (a.handover and (b.agreed or b.meeting)) or (b.handover and (a.agreed or a.meeting))


def handover_vs_truce(a: Features, b: Features) -> bool:
    """Rule 6: a handover and a truce's start or terms on one day ("175 captives home",
    "troops ceased fire at 16:00 under the Easter order") are two developments, however
    much the holiday they share."""
    return (a.handover and _truce_only(b)) or (b.handover and _truce_only(a))


def _truce_only(f: Features) -> bool:
    return "c:ceasefire" in f.title and not (f.handover or _HANDED_OVER & f.title)


def _about_handover(f: Features) -> bool:
    return f.handover or bool(_HANDOVER_KEYS & f.title)


_HANDOVER_KEYS = frozenset({"c:prisoners", "c:bodies", "c:repatriation", "c:exchange"})
_HANDED_OVER = _HANDOVER_KEYS | {"c:hostages"}


def cosine(
    a: Mapping[str, float], b: Mapping[str, float], rarity: Rarity, only_inter: bool
) -> float:
    """Cosine of the two items' keys weighted by base weight × rarity.

    With `only_inter` (items in two languages) lemmas are left out, and cognate and
    translation keys count only where both items have them: an English word's skeleton
    rarely has a Ukrainian twin, most words have no learned translation, and unmatched
    ones would only dilute what the items do share.  In one language the translation keys
    are left out: they would count the item's own words twice.
    """
    return _cosine(_weights(a, a, b, rarity, only_inter), _weights(b, b, a, rarity, only_inter))


def _weights(
    terms: Mapping[str, float],
    keys: Iterable[str],
    other: Mapping[str, float],
    rarity: Rarity,
    only_inter: bool,
) -> dict[str, float]:
    """`keys` of an item weighted by base weight × rarity (see `cosine` for `only_inter`)."""
    if only_inter:
        return {
            k: terms[k] * rarity(k)
            for k in keys
            if k[0] != "w" and (k[0] not in "kt" or k in other)
        }
    return {k: terms[k] * rarity(k) for k in keys if k[0] != "t"}


def _cosine(wa: Mapping[str, float], wb: Mapping[str, float]) -> float:
    dot = sum(w * wb[k] for k, w in wa.items() if k in wb)
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(w * w for w in wa.values()) * sum(w * w for w in wb.values()))


PAIR_FEATURES: tuple[str, ...] = (
    "bias",
    "cosine",
    "headline_cosine",
    "same_language",
    "cosine_same_language",
    "shared_specific_rarity",
    "shared_headline_specifics",
    "hours_apart",
    "days_apart",
    "one_round",
    "rebuttal",
    "same_people",
    "both_meetings",
    "shared_speaker",
    "preview",
)
"""What the same-story model weighs, each scaled to 0–1 (see `pair_features`)."""


def pair_features(
    a: Features, b: Features, apart: timedelta, days_apart: int, rarity: Rarity
) -> tuple[float, ...]:
    """The values of `PAIR_FEATURES` for `b` published `apart` (`days_apart` calendar
    days) after `a`.  "headline_cosine" is how much of one headline the other item
    carries, whichever way is higher: a short headline's whole development found in a
    longer report."""
    same = bool(a.lang and a.lang == b.lang)
    value = cosine(a.terms, b.terms, rarity, only_inter=not same)
    headline = max(_headline_cosine(a, b, rarity, same), _headline_cosine(b, a, rarity, same))
    shared = [k for k in a.inter & b.inter if is_specific(k)]
    return (
        1.0,
        value,
        headline,
        float(same),
        value * same,
        min(sum(map(rarity, shared)), SHARED_RARITY_CAP) / SHARED_RARITY_CAP,
        min(sum(1 for k in a.title & b.title if is_specific(k)), 3) / 3,
        min(abs(apart) / RAMP, 1.0),
        min(abs(days_apart), 2) / 2,
        float(one_round(a, b)),
        float(_rebutting(a, b, apart)),
        float(_same_people(a, b)),
        float(a.meeting and b.meeting),
        float(bool(a.speakers & b.speakers)),
        float(a.preview or b.preview),
    )


def _headline_cosine(a: Features, b: Features, rarity: Rarity, same: bool) -> float:
    """Cosine of `a`'s headline keys against all of `b`'s keys (as `cosine` compares them)."""
    return _cosine(
        _weights(a.terms, a.title & a.terms.keys(), b.terms, rarity, not same),
        _weights(b.terms, b.terms, a.terms, rarity, not same),
    )


_COSINE = PAIR_FEATURES.index("cosine")
_SAME_LANGUAGE = PAIR_FEATURES.index("same_language")
_REBUTTING = PAIR_FEATURES.index("rebuttal")


def below_floor(values: tuple[float, ...]) -> bool:
    """The pair's cosine is under what two reports of one development reach even when
    published together (`MIN_COSINE`, `REBUTTAL_MIN_COSINE`): the model is not asked.
    The labelled streams hold a few stories a day, where sharing a rare word mostly means
    one story; a full window holds many, and words alone must first say enough."""
    if values[_REBUTTING] and not values[_SAME_LANGUAGE]:
        return values[_COSINE] < REBUTTAL_MIN_COSINE
    return values[_COSINE] < MIN_COSINE[bool(values[_SAME_LANGUAGE])]


MODEL_TERMS: tuple[str, ...] = (
    *PAIR_FEATURES,
    *(
        f"{first} × {second}"
        for at, first in enumerate(PAIR_FEATURES[1:], start=1)
        for second in PAIR_FEATURES[at:]
    ),
)
"""What the same-story model weighs: each of `PAIR_FEATURES` and each product of two of
them (a feature with itself too).  A product lets one feature change what another is
worth: a shared rare name means more an hour apart than a day apart, a cosine more in two
languages than in one.  Cross-validated over the tuning streams (round 18), the products
read recall 0.741 against 0.728 at the same precision (0.959), the busy window 0.835 /
0.712 against 0.838 / 0.701 (docs/stories.md)."""


def model_terms(values: Sequence[float]) -> tuple[float, ...]:
    """The values of `MODEL_TERMS` for a pair whose `pair_features` are `values`."""
    products = (
        first * second for at, first in enumerate(values[1:], start=1) for second in values[at:]
    )
    return (*values, *products)


def log_odds(values: Sequence[float], weights: Mapping[str, float]) -> float:
    """The log-odds that a pair with these `pair_features` is one story, under `weights`
    (one per `MODEL_TERMS`)."""
    return sum(map(operator.mul, map(weights.__getitem__, MODEL_TERMS), model_terms(values)))


def same_story_probability(values: tuple[float, ...]) -> float:
    """The fitted model's probability that a pair with these `pair_features` is one story."""
    return 1.0 / (1.0 + math.exp(-log_odds(values, WEIGHTS)))


def only_the_topic_across(a: Features, b: Features) -> bool:
    """Two languages, and nothing they share points at one event: no rare entity, figure,
    date or name, fewer than `SHARED_TRANSLATED_WORDS` translated words anywhere in them,
    no concept or cognate in both headlines, not the same people — "the topic alone never
    makes two items one story" unless the model is sure (`ONLY_THE_TOPIC`): in the
    labelled streams most such pairs are one story (a day's few items), in a full window
    of fifty outlets most are not."""
    if a.lang == b.lang and a.lang:
        return False
    shared = a.inter & b.inter
    if any(is_specific(k) for k in shared):
        return False
    if sum(k[0] == "t" for k in shared) >= SHARED_TRANSLATED_WORDS:
        return False
    return not (_share_headline_subject(a, b) or _same_people(a, b))


def _beyond_the_topic(a: Features, b: Features) -> bool:
    """The two items share a concept, translated word or cognate that is not one of the
    topics' own (`TOPIC_WORDS`)."""
    return any(k[0] in "ctk" and k not in TOPIC_WORDS for k in a.inter & b.inter)


def _share_headline_subject(a: Features, b: Features) -> bool:
    """Both headlines' main clauses name one concept or cognate (not just Ukraine, Putin…),
    or two translated words.  One translated word is not enough: "security" in "U.S.
    security plan" and in "ceasefire without security guarantees" is the topic."""
    shared = a.title & b.title
    return any(k[0] in "ck" for k in shared) or sum(k[0] == "t" for k in shared) >= 2


def ruled(a: Features, b: Features, apart: timedelta, days_apart: int) -> float | None:
    """What the rules say before the model is asked: 0 for two stories (a veto), 1 for one
    handover day; None when they leave it open."""
    if vetoed(a, b, apart, days_apart):
        return 0.0
    if _one_handover_day(a, b, apart, days_apart):
        return 1.0
    return None


def score(a: Features, b: Features, apart: timedelta, days_apart: int, rarity: Rarity) -> float:
    """How surely `b` (published `apart` after `a`) reports `a`'s development; 0 if not."""
    decided = ruled(a, b, apart, days_apart)
    if decided is not None:
        return decided
    values = pair_features(a, b, apart, days_apart, rarity)
    if below_floor(values):
        return 0.0
    value = same_story_probability(values)
    needed = SAME_STORY
    if only_the_topic_across(a, b):
        needed = BEYOND_THE_TOPIC if _beyond_the_topic(a, b) else ONLY_THE_TOPIC
    return round(value, 4) if value >= needed else 0.0
