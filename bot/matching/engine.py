"""The matcher: one Aho–Corasick automaton over lemmas, for every topic, context and keyword.

An item is turned into a *lemma stream* (`bot.matching.stream`): its words replaced by
their dictionary forms in the item's language, separators kept as they were, so a phrase
does not match across punctuation.  Each term is stored as its lemmas with a space on
each side (a prefix only on the left), so one scan of the stream finds every hit of every
term with word boundaries.  A key carries, per language, the terms it stands for (see
`bot.matching.keys`): "war" is a term in English items and not in German ones, where it
is a form of "sein".

Rules are then evaluated on the small set of terms that hit; a rule with ``near: N``
also needs one hit of each of its ``all`` groups within N words.  With a ``model:``
section the topic model (`bot.matching.model`) then reads the same lemma stream and
keeps, drops or adds topics (`ModelSettings`).  Personal keywords share the automaton:
adding or removing one edits the trie and marks it stale; the failure links are rebuilt
on the next match; the model never touches them.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress
from typing import Any, TypeVar

import ahocorasick

from bot.matching.keys import term_keys
from bot.matching.model import (
    STANDFIRST,
    TITLE_MARK,
    TopicModel,
    lede,
    shipped_model,
)
from bot.matching.results import NO_KEYWORDS, KeywordHits, MatchResult, TermHit
from bot.matching.rules import (
    MatchingConfig,
    ModelSettings,
    TopicSpec,
    check_term,
    parse_keyword,
)
from bot.matching.stream import PAIRS, ItemText, LemmaTable, Place, item_pair, within

_TABLE_LIMIT = 300_000
"""Words remembered per language pair before the table starts afresh."""

_F = TypeVar("_F", bound=Callable[..., Any])


def _locked(method: _F) -> _F:
    """Serialise a Matcher method: the bot adds keywords on the event loop while the
    poller matches on its writer thread, and the automaton must not change mid-match."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


@dataclass(slots=True)
class _Key:
    """The automaton's value for one key.  A hit ending at index ``end`` covers the
    word(s) ``text[end - lead:end + tail]``; `by_pair[pair]` are the term ids the key
    stands for in items of that language pair."""

    lead: int
    tail: int
    by_lang: dict[str, list[int]]
    by_pair: list[tuple[int, ...]]

    def relink(self) -> None:
        for index, (latin, cyrillic) in enumerate(PAIRS):
            ids = [*self.by_lang.get(latin, ()), *self.by_lang.get(cyrillic, ())]
            self.by_pair[index] = tuple(dict.fromkeys(ids))


@dataclass(frozen=True, slots=True)
class _Rule:
    any_: frozenset[int] | None
    all_: tuple[frozenset[int], ...] | None
    not_: frozenset[int]
    near: int | None
    terms: frozenset[int]
    """Every term of `any_` and `all_`: the ones a match of this rule is reported by."""

    @property
    def trigger(self) -> frozenset[int]:
        """Terms of which one must hit for the rule to match."""
        if self.any_ is not None:
            return self.any_
        assert self.all_ is not None
        return self.all_[0]


@dataclass(frozen=True, slots=True)
class _Topic:
    id: str
    context: frozenset[int] | None
    rules: tuple[_Rule, ...]
    not_: frozenset[int]
    written: dict[int, str]


@dataclass(slots=True)
class _Keyword:
    term: int
    written: str
    require_context: bool


class Matcher:
    """Finds topics and personal keywords in items.  Build with `Matcher.from_config`."""

    def __init__(
        self,
        topics: list[TopicSpec],
        contexts: dict[str, list[str]] | None = None,
        keyword_context: str | None = None,
        model: TopicModel | None = None,
        settings: ModelSettings | None = None,
    ) -> None:
        self._lock = threading.RLock()
        self._model = model
        self._settings = settings or ModelSettings()
        self._automaton = ahocorasick.Automaton()
        self._keys: dict[str, _Key] = {}
        self._term_ids: dict[tuple[str, bool], int] = {}
        self._term_keys: list[dict[str, list[str]]] = []
        self._term_idents: list[tuple[str, bool]] = []
        self._term_refs: list[int] = []
        self._tables = [LemmaTable(lat, cyr) for lat, cyr in PAIRS]
        self._stale = True
        contexts = contexts or {}
        self._contexts = {
            name: frozenset(self._term(t) for t in terms) for name, terms in contexts.items()
        }
        if keyword_context is None and contexts:
            keyword_context = next(iter(contexts))
        if keyword_context is not None and keyword_context not in self._contexts:
            raise ValueError(f"keyword context {keyword_context!r} is not defined")
        self._keyword_context = self._contexts.get(keyword_context or "", frozenset())
        self._specs = {t.id: t for t in topics}
        self._judged = [topic in self._specs for topic in model.topics] if model else []
        """Which of the model's topics it judges, those of this matcher (a mask for
        `itertools.compress`)."""
        self._topics = [self._compile(t) for t in topics]
        self._topic_index = {t.id: index for index, t in enumerate(self._topics)}
        self._rules_by_term: dict[int, set[int]] = {}
        """Term → the (topic, rule) pairs it can trigger: a rule is only evaluated when a
        term it cannot match without has hit (its `any` list, else its first `all` group),
        so common words in later groups ("Ukraine", "Putin") wake no rule, and a topic's
        other rules are not looked at.  A pair is coded as one int (`_rule_code`): an item
        wakes several, and ints hash and sort faster than tuples."""
        for index, topic in enumerate(self._topics):
            for number, rule in enumerate(topic.rules):
                for tid in rule.trigger:
                    self._rules_by_term.setdefault(tid, set()).add(_rule_code(index, number))
        self._keywords: dict[str, _Keyword] = {}
        self._keywords_by_term: dict[int, dict[tuple[str, bool], frozenset[str]]] = {}
        """term → (written form, needs context) → keyword ids: ids that share a term and a
        spelling share one tuple of hits, so popular words cost one lookup, not one per id."""

    @classmethod
    def from_config(cls, cfg: MatchingConfig, keyword_context: str | None = None) -> Matcher:
        """A matcher for the config's topics, judged by the shipped topic model when the
        config has a ``model:`` section.

        Personal keywords added with ``require_context=True`` need the terms of
        `keyword_context` (default: the first entry of ``contexts:``).
        """
        model = shipped_model() if cfg.model is not None else None
        return cls(list(cfg.topics), dict(cfg.contexts), keyword_context, model, cfg.model)

    @property
    def topic_ids(self) -> list[str]:
        return [t.id for t in self._topics]

    def _topic_not(self, topic_id: str) -> frozenset[int]:
        return self._topics[self._topic_index[topic_id]].not_

    @property
    def model_settings(self) -> ModelSettings:
        """When the topic model decides (its defaults when the matcher has no model)."""
        return self._settings

    def topic_spec(self, topic_id: str) -> TopicSpec:
        """The topic as written in the config (for explaining which rule fired)."""
        return self._specs[topic_id]

    # -- terms and the automaton ------------------------------------------------------

    def _term(self, written: str, *, checked: bool = False) -> int:
        """The id of a term, registering its automaton keys on first use."""
        term = written if checked else check_term(written)
        prefix = term.endswith("*")
        # one term per spelling as written: accents and umlauts decide which languages
        # a word counts in (Bürgenstock is German only, burgenstock every language)
        ident = (" ".join(term.rstrip("*").lower().split()), prefix)
        tid = self._term_ids.get(ident)
        if tid is None:
            tid = len(self._term_keys)
            self._term_ids[ident] = tid
            keys = term_keys(term)
            self._term_keys.append(keys)
            self._term_idents.append(ident)
            self._term_refs.append(0)
            for lang, written_keys in keys.items():
                for key in written_keys:
                    value = self._keys.get(key)
                    if value is None:
                        value = _Key(len(key) - 2, int(prefix), {}, [()] * len(PAIRS))
                        self._keys[key] = value
                        self._automaton.add_word(key, value)
                        self._stale = True
                    value.by_lang.setdefault(lang, []).append(tid)
                    value.relink()
        self._term_refs[tid] += 1
        return tid

    def _release(self, tid: int) -> None:
        self._term_refs[tid] -= 1
        if self._term_refs[tid] > 0:
            return
        for lang, written_keys in self._term_keys[tid].items():
            for key in written_keys:
                value = self._keys[key]
                ids = value.by_lang[lang]
                ids.remove(tid)
                if not ids:
                    del value.by_lang[lang]
                value.relink()
                if not value.by_lang:
                    del self._keys[key]
                    self._automaton.remove_word(key)
                    self._stale = True
        self._term_keys[tid] = {}
        del self._term_ids[self._term_idents[tid]]

    def _compile(self, spec: TopicSpec) -> _Topic:
        written: dict[int, str] = {}

        def ids(terms: list[str] | None) -> frozenset[int]:
            out = set()
            for t in terms or ():
                tid = self._term(t)
                written.setdefault(tid, t)
                out.add(tid)
            return frozenset(out)

        rules = []
        for r in spec.rules:
            any_ = ids(r.any_) if r.any_ is not None else None
            all_ = tuple(ids(g) for g in r.all_) if r.all_ is not None else None
            positive = set(any_ or ())
            for group in all_ or ():
                positive |= group
            rules.append(_Rule(any_, all_, ids(r.not_), r.near, frozenset(positive)))
        context = self._contexts[spec.context] if spec.context is not None else None
        not_ = ids(spec.not_).union(*(self._contexts[name] for name in spec.not_contexts or ()))
        return _Topic(spec.id, context, tuple(rules), not_, written)

    # -- personal keywords ----------------------------------------------------------

    @_locked
    def add_keyword(self, keyword_id: str, text: str, require_context: bool = False) -> str:
        """Add (or replace) a personal keyword; returns its normalised form.

        Raises ValueError (a message for the subscriber) when `text` is not acceptable.
        """
        normalised = parse_keyword(text)
        if keyword_id in self._keywords:
            self.remove_keyword(keyword_id)
        tid = self._term(normalised, checked=True)
        self._keywords[keyword_id] = _Keyword(tid, normalised, require_context)
        groups = self._keywords_by_term.setdefault(tid, {})
        group_key = (normalised, require_context)
        groups[group_key] = groups.get(group_key, frozenset()) | {keyword_id}
        return normalised

    @_locked
    def remove_keyword(self, keyword_id: str) -> None:
        """Forget a personal keyword; unknown ids are ignored."""
        kw = self._keywords.pop(keyword_id, None)
        if kw is None:
            return
        groups = self._keywords_by_term[kw.term]
        group_key = (kw.written, kw.require_context)
        groups[group_key] -= {keyword_id}
        if not groups[group_key]:
            del groups[group_key]
        if not groups:
            del self._keywords_by_term[kw.term]
        self._release(kw.term)

    @property
    def keyword_count(self) -> int:
        return len(self._keywords)

    @_locked
    def prepare(self) -> None:
        """Rebuild the automaton's links now if keywords changed (otherwise done lazily)."""
        if self._stale:
            if len(self._automaton):
                self._automaton.make_automaton()
            self._stale = False

    # -- matching -------------------------------------------------------------------

    def match(self, title: str, summary: str, lang: str | None = None) -> MatchResult:
        """Topics and personal keywords in one item.

        `lang` is the item's language (en, de, fr, uk, ru; a region suffix is ignored);
        when it is missing or another language, it is guessed from the text.
        """
        with self._lock:  # the hot path: locked here rather than through `_locked`
            return self._match(title, summary, lang)

    def _match(self, title: str, summary: str, lang: str | None) -> MatchResult:
        if self._stale:
            self.prepare()
        if not self._keys:
            return MatchResult()
        pair = item_pair(lang, title, summary)
        table = self._tables[pair]
        if len(table) > _TABLE_LIMIT:
            table.clear()
        item = ItemText(title, summary, table)
        spans: dict[int, list[tuple[int, int]]] = {}
        for end, value in self._automaton.iter(item.text):
            ids = value.by_pair[pair]
            if not ids:
                continue
            span = (end - value.lead, end + value.tail)
            for tid in ids:
                found = spans.get(tid)
                if found is None:
                    spans[tid] = [span]
                else:
                    found.append(span)
        if not spans and self._model is None:
            return MatchResult()
        # what the topics read: the words of incidental phrases left out (`INCIDENTAL`)
        read = _outside(item, spans) if item.incidental else spans
        hit = set(read)
        places: dict[int, list[Place]] = {}
        spots: dict[tuple[int, int], Place] = {}

        def places_of(found: list[tuple[int, int]]) -> list[Place]:
            """Where these spans are: (field, start, end, surface) in the raw fields (terms
            that hit the same words share one look-up: "sanction*" and "sanctions")."""
            out = []
            for span in found:
                place = spots.get(span)
                if place is None:
                    place = spots[span] = item.locate(*span)
                out.append(place)
            return out

        def located(tid: int) -> list[Place]:
            """Where term `tid` was found as the topics read the item."""
            out = places.get(tid)
            if out is None:
                out = places[tid] = places_of(read[tid])
            return out

        def near_ok(rule: _Rule) -> bool:
            assert rule.all_ is not None and rule.near is not None
            positions = [
                [item.word_position(start) for tid in group & hit for start, _ in read[tid]]
                for group in rule.all_
            ]
            return within(positions, rule.near)

        topics: dict[str, tuple[TermHit, ...]] = {}
        fired: dict[str, tuple[int, ...]] = {}
        candidates: set[int] = set()
        for triggered in filter(None, map(self._rules_by_term.get, hit)):
            candidates |= triggered
        for index, numbers in _by_topic(candidates):
            topic = self._topics[index]
            # an incidental phrase still says which war the item is about
            if topic.context is not None and topic.context.isdisjoint(spans.keys()):
                continue
            if topic.not_ and not topic.not_.isdisjoint(hit):
                continue
            used: set[int] = set()
            rules: list[int] = []
            for number in numbers:
                rule = topic.rules[number]
                # a rule holds when its any-list and each all-group have a hit and its
                # not-list has none (inlined: this runs for every triggered rule)
                if rule.any_ is not None and rule.any_.isdisjoint(hit):
                    continue
                if rule.all_ is not None and any(map(hit.isdisjoint, rule.all_)):
                    continue
                if not rule.not_.isdisjoint(hit):
                    continue
                if rule.near is None or near_ok(rule):
                    used |= rule.terms & hit
                    rules.append(number)
            if len(used) == 1:
                (tid,) = used
                topics[topic.id] = _term_hits(topic.written[tid], located(tid))
            elif used:
                spelled = topic.written
                topics[topic.id] = _hits(
                    [(place, spelled[tid]) for tid in used for place in located(tid)]
                )
            if used:
                fired[topic.id] = tuple(rules)
        judged: dict[str, float] = {}
        overruled: dict[str, tuple[int, ...]] = {}
        if self._model is not None:
            judged, overruled = self._judge(item, hit, topics, fired)
        groups_hit: list[tuple[frozenset[str], tuple[TermHit, ...]]] = []
        # personal keywords read the whole item, role clauses included
        context_ok = not self._keyword_context.isdisjoint(spans.keys())
        by_keyword_term = self._keywords_by_term
        for tid in filter(by_keyword_term.__contains__, spans):
            where = located(tid) if read is spans else places_of(spans[tid])
            for (written, strict), kids in by_keyword_term[tid].items():
                if strict and not context_ok:
                    continue
                groups_hit.append((kids, _term_hits(written, where)))
        keywords = KeywordHits(groups_hit) if groups_hit else NO_KEYWORDS
        return MatchResult(topics, keywords, fired, judged, overruled)

    def _judge(
        self,
        item: ItemText,
        hit: set[int],
        topics: dict[str, tuple[TermHit, ...]],
        fired: dict[str, tuple[int, ...]],
    ) -> tuple[dict[str, float], dict[str, tuple[int, ...]]]:
        """Let the model drop the rules' topics it rules out and add those it is sure of
        (in place); returns its probabilities and the topics it overruled.  A topic's own
        ``not`` list (`hit` are the terms found) holds against the model too."""
        assert self._model is not None
        title, summary, summary_words = lede(item.topic_lemmas, item.summary_part)
        rows = self._model.rows(title, summary)
        chances = self._model.chances(rows)
        judged = dict(compress(zip(self._model.topics, chances, strict=True), self._judged))
        overruled: dict[str, tuple[int, ...]] = {}
        if topics and summary_words in STANDFIRST:
            needed = self._settings.needed_with_rule
            for topic_id in [t for t, p in judged.items() if t in topics and p < needed(t)]:
                del topics[topic_id]
                overruled[topic_id] = fired.pop(topic_id)
        if max(judged.values(), default=0.0) >= self._settings.alone:  # it may add a topic
            self._add_sure(item, hit, rows, judged, topics, fired, overruled)
        return judged, overruled

    def _add_sure(
        self,
        item: ItemText,
        hit: set[int],
        rows: list[int],
        judged: dict[str, float],
        topics: dict[str, tuple[TermHit, ...]],
        fired: dict[str, tuple[int, ...]],
        overruled: dict[str, tuple[int, ...]],
    ) -> None:
        """Add (in place) each topic the model is sure of that the rules did not find, it
        did not just overrule and the topic's own ``not`` list allows, with the model's
        strongest words as its hits (`rows`: the item's features, as the model found
        them)."""
        assert self._model is not None
        for topic_id, p in judged.items():
            if (
                p >= self._settings.alone
                and topic_id not in topics
                and topic_id not in overruled
                and self._topic_not(topic_id).isdisjoint(hit)
            ):
                reasons = self._model.strongest(rows, topic_id)
                topics[topic_id] = _reason_hits(item, reasons)
                fired[topic_id] = ()


def _outside(
    item: ItemText, spans: dict[int, list[tuple[int, int]]]
) -> dict[int, list[tuple[int, int]]]:
    """`spans` without those in the item's incidental parts (`ItemText.incidental`)."""
    out = {}
    for tid, found in spans.items():
        kept = [span for span in found if item.part_at(span[0]) not in item.incidental]
        if kept:
            out[tid] = kept
    return out


_RULE_BITS = 16
"""A topic's rule numbers fit in the low bits of a rule's code."""


def _rule_code(topic: int, rule: int) -> int:
    return topic << _RULE_BITS | rule


def _by_topic(codes: set[int]) -> list[tuple[int, list[int]]]:
    """Rule codes → each topic with its rule numbers, both in order."""
    out: list[tuple[int, list[int]]] = []
    for code in sorted(codes):
        topic, rule = code >> _RULE_BITS, code & ((1 << _RULE_BITS) - 1)
        if out and out[-1][0] == topic:
            out[-1][1].append(rule)
        else:
            out.append((topic, [rule]))
    return out


_new_hit: Callable[[tuple[str, str, str, int, int]], TermHit] = functools.partial(
    tuple.__new__, TermHit
)
"""`TermHit` built from a tuple in C, without the named tuple's Python `__new__`: an item
makes dozens of hits (about 2% of matching's time saved)."""


def _reason_hits(item: ItemText, reasons: list[str]) -> tuple[TermHit, ...]:
    """Where the model's strongest words for a topic are, as hits (the term is the
    feature's lemmas: ``truce``, or ``peace talk`` for a pair)."""
    entries: list[tuple[Place, str]] = []
    for feature in reasons:
        words = feature.removeprefix(TITLE_MARK)
        at = item.text.find(f" {words} ")
        if at < 0:  # a pair across punctuation: its first word
            words = words.split(" ")[0]
            at = item.text.find(f" {words} ")
        if at >= 0:
            entries.append((item.locate(at + 1, at + 1 + len(words)), words))
    return _hits(entries)


def _term_hits(term: str, places: list[Place]) -> tuple[TermHit, ...]:
    """The TermHits of one term (its places are distinct and already in reading order)."""
    return tuple([_new_hit((term, surface, fld, a, b)) for _, _, fld, a, b, surface in places])


def _hits(entries: list[tuple[Place, str]]) -> tuple[TermHit, ...]:
    """The TermHits of several terms in reading order, one per distinct place.

    An entry is a place (which starts with its start and end in title + separator +
    summary, so sorting places sorts by reading order) and the term as written."""
    entries.sort()
    out: list[TermHit] = []
    last = (-1, -1)
    for (start, end, fld, a, b, surface), term in entries:
        if (start, end) != last:
            out.append(_new_hit((term, surface, fld, a, b)))
            last = (start, end)
    return tuple(out)
