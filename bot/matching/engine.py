"""The matcher: one Aho–Corasick automaton over lemmas, for every topic, context and keyword.

An item is turned into a *lemma stream*: its title and summary folded (`lex_fold`), cut
into words, and every word replaced by its dictionary form in the item's language
(`bot.text.lemmas`), through a per-language ``dict`` that remembers every word it has
seen — after warm-up a word costs one C-level dictionary access.  Separators stay as
they were, so a phrase does not match across punctuation.  Each term is stored as its
lemmas with a space on each side (a prefix only on the left), so one scan of
``" title \\x00 summary "`` finds every hit of every term with word boundaries.  A key
carries, per language, the terms it stands for (see `bot.matching.keys`): "war" is a
term in English items and not in German ones, where it is a form of "sein".

Rules are then evaluated on the small set of terms that hit; a rule with ``near: N``
also needs one hit of each of its ``all`` groups within N words.  Personal keywords
share the automaton: adding or removing one edits the trie and marks it stale; the
failure links are rebuilt on the next match.
"""

from __future__ import annotations

import functools
import re
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, TypeVar

import ahocorasick

from bot.matching.keys import term_keys
from bot.matching.rules import MatchingConfig, TopicSpec, check_term, parse_keyword
from bot.text.fold import fold_word, lex_fold
from bot.text.lemmas import (
    CYRILLIC,
    LATIN,
    guess_lang,
    is_cyrillic_word,
    lemma_key,
    word_langs,
)

Field = Literal["title", "summary"]
_SEPARATOR = " | "
_SUMMARY_WORDS = 1_000_000
"""Word positions in the summary start here: `near` never spans title and summary."""
_TABLE_LIMIT = 300_000
"""Words remembered per language pair before the table starts afresh."""

PAIRS: tuple[tuple[str, str], ...] = tuple((lat, cyr) for lat in LATIN for cyr in CYRILLIC)
"""(Latin-script language, Cyrillic-script language) of an item: words of each script
are lemmatised in that script's language."""

_F = TypeVar("_F", bound=Callable[..., Any])

_Place = tuple[int, int, Field, int, int, str]
"""Where a hit is: start and end in the raw title + separator + summary (reading order),
then its field, start and end in that field, and the text there."""


def _locked(method: _F) -> _F:
    """Serialise a Matcher method: the bot adds keywords on the event loop while the
    poller matches on its writer thread, and the automaton must not change mid-match."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _pair_of(code: str) -> int:
    latin = code if code in LATIN else "en"
    cyrillic = code if code in CYRILLIC else "ru"
    return PAIRS.index((latin, cyrillic))


_PAIR_OF_LANG = {code: _pair_of(code) for code in (*LATIN, *CYRILLIC)}


_CYRILLIC_LETTERS = re.compile(r"[а-яіїєґё]+", re.IGNORECASE)


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
    if code in LATIN:
        cyrillic = "".join(_CYRILLIC_LETTERS.findall(title) + _CYRILLIC_LETTERS.findall(summary))
        if cyrillic:
            pair = PAIRS.index((code, guess_lang(cyrillic)))
    return pair


class _LemmaTable(dict[str, str]):
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


class TermHit(NamedTuple):
    """One occurrence of a term in an item (a named tuple: items make many of them)."""

    term: str
    """The term as written in the rule or keyword, e.g. ``перемир*``."""
    surface: str
    """The matched text exactly as it appears in the original field, e.g. ``перемир'я``."""
    field: Field
    start: int
    """Offsets of `surface` in the original field: ``text[start:end] == surface``."""
    end: int


class KeywordHits(Mapping[str, tuple[TermHit, ...]]):
    """Keyword id → its hits, stored per group of ids that share a term and a spelling.

    Popular words are followed by many subscribers: an item then costs one entry per
    word, not one per subscriber; iterating gives every id."""

    __slots__ = ("_groups",)

    def __init__(self, groups: Iterable[tuple[frozenset[str], tuple[TermHit, ...]]]) -> None:
        self._groups = tuple(groups)

    def __getitem__(self, keyword_id: str) -> tuple[TermHit, ...]:
        for ids, hits in self._groups:
            if keyword_id in ids:
                return hits
        raise KeyError(keyword_id)

    def __iter__(self) -> Iterator[str]:
        for ids, _ in self._groups:
            yield from ids

    def __len__(self) -> int:
        return sum(len(ids) for ids, _ in self._groups)

    def __repr__(self) -> str:
        return f"KeywordHits({dict(self)!r})"


_NO_KEYWORDS = KeywordHits(())


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Which topics and personal keywords matched an item, and by which terms."""

    topics: dict[str, tuple[TermHit, ...]] = field(default_factory=dict)
    keywords: Mapping[str, tuple[TermHit, ...]] = field(default_factory=dict)
    """Keyword id → hits (a `KeywordHits` when any matched)."""
    rules: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Topic → the indexes (in its ``rules:`` list) of the rules that fired."""

    def topic_terms(self, topic_id: str) -> list[str]:
        """Distinct surfaces that made `topic_id` match, in reading order."""
        out: list[str] = []
        for hit in self.topics.get(topic_id, ()):
            if hit.surface not in out:
                out.append(hit.surface)
        return out


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


def within(positions: list[list[int]], near: int) -> bool:
    """Whether one position from every list fits in a window of `near` words."""
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


class _Text:
    """One item as the automaton sees it: ``" title | summary "`` as a lemma stream, and
    the way back from a hit to the raw field it came from.

    Title and summary are folded and lemmatised in one pass: the folded text is split at
    single spaces (runs of spaces leave empty parts, so ``" ".join`` restores it
    exactly, punctuation included) and every part goes through the lemma table.  A
    lemma is one word, so the part a position of `text` falls in is the number of
    spaces before it.  The `` | `` between the fields folds to three spaces, so no phrase
    spans both."""

    __slots__ = (
        "offsets",
        "parts",
        "raw",
        "summary_at",
        "summary_part",
        "text",
    )

    def __init__(self, title: str, summary: str, table: _LemmaTable) -> None:
        self.raw = f"{title}{_SEPARATOR}{summary}"
        self.summary_at = len(title) + len(_SEPARATOR)
        folded, self.offsets = lex_fold(self.raw)
        self.parts = folded.split(" ")
        self.text = f" {' '.join(map(table.__getitem__, self.parts))} "
        folded_summary_at = (
            self.summary_at if self.offsets is None
            else bisect_left(self.offsets, self.summary_at)
        )  # fmt: skip
        self.summary_part = folded.count(" ", 0, folded_summary_at)

    def locate(self, start: int, stop: int) -> _Place:
        """A span of `text` (it starts a word) → where it is in the raw fields."""
        first = self.text.count(" ", 0, start) - 1
        last = first + self.text.count(" ", start, stop - 1)
        # the folded text is the parts joined by single spaces
        a = len(" ".join(self.parts[:first])) + (first > 0)
        b = a + len(" ".join(self.parts[first : last + 1]))
        if self.offsets is not None:
            a, b = self.offsets[a], self.offsets[b]
        if first >= self.summary_part:
            shift = self.summary_at
            return a, b, "summary", a - shift, b - shift, self.raw[a:b]
        return a, b, "title", a, b, self.raw[a:b]

    def word_position(self, start: int) -> int:
        """The word number at `start` in `text` (empty parts are punctuation, not words);
        summary words are numbered from `_SUMMARY_WORDS` on, so `near` never spans the
        fields."""
        part = self.text.count(" ", 0, start) - 1
        words = part - self.parts[:part].count("")
        return words + (_SUMMARY_WORDS if part >= self.summary_part else 0)


class Matcher:
    """Finds topics and personal keywords in items.  Build with `Matcher.from_config`."""

    def __init__(
        self,
        topics: list[TopicSpec],
        contexts: dict[str, list[str]] | None = None,
        keyword_context: str | None = None,
    ) -> None:
        self._lock = threading.RLock()
        self._automaton = ahocorasick.Automaton()
        self._keys: dict[str, _Key] = {}
        self._term_ids: dict[tuple[str, bool], int] = {}
        self._term_keys: list[dict[str, list[str]]] = []
        self._term_idents: list[tuple[str, bool]] = []
        self._term_refs: list[int] = []
        self._tables = [_LemmaTable(lat, cyr) for lat, cyr in PAIRS]
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
        self._topics = [self._compile(t) for t in topics]
        self._topics_by_term: dict[int, set[int]] = {}
        """Term → the topics it can trigger: a rule is only evaluated when a term it
        cannot match without has hit (its `any` list, else its first `all` group), so
        common words in later groups ("Ukraine", "Putin") do not wake every topic."""
        for index, topic in enumerate(self._topics):
            for rule in topic.rules:
                for tid in rule.trigger:
                    self._topics_by_term.setdefault(tid, set()).add(index)
        self._keywords: dict[str, _Keyword] = {}
        self._keywords_by_term: dict[int, dict[tuple[str, bool], frozenset[str]]] = {}
        """term → (written form, needs context) → keyword ids: ids that share a term and a
        spelling share one tuple of hits, so popular words cost one lookup, not one per id."""

    @classmethod
    def from_config(cls, cfg: MatchingConfig, keyword_context: str | None = None) -> Matcher:
        """A matcher for the config's topics.

        Personal keywords added with ``require_context=True`` need the terms of
        `keyword_context` (default: the first entry of ``contexts:``).
        """
        return cls(list(cfg.topics), dict(cfg.contexts), keyword_context)

    @property
    def topic_ids(self) -> list[str]:
        return [t.id for t in self._topics]

    def topic_spec(self, topic_id: str) -> TopicSpec:
        """The topic as written in the config (for explaining which rule fired)."""
        return self._specs[topic_id]

    # -- terms and the automaton ------------------------------------------------------

    def _term(self, written: str, *, checked: bool = False) -> int:
        """The id of a term, registering its automaton keys on first use."""
        term = written if checked else check_term(written)
        prefix = term.endswith("*")
        ident = (" ".join(fold_word(term.rstrip("*")).split()), prefix)
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
        return _Topic(spec.id, context, tuple(rules), ids(spec.not_), written)

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

    @_locked
    def match(self, title: str, summary: str, lang: str | None = None) -> MatchResult:
        """Topics and personal keywords in one item.

        `lang` is the item's language (en, de, fr, uk, ru; a region suffix is ignored);
        when it is missing or another language, it is guessed from the text.
        """
        if self._stale:
            self.prepare()
        if not self._keys:
            return MatchResult()
        pair = item_pair(lang, title, summary)
        table = self._tables[pair]
        if len(table) > _TABLE_LIMIT:
            table.clear()
        item = _Text(title, summary, table)
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
        if not spans:
            return MatchResult()
        hit = set(spans)
        places: dict[int, list[_Place]] = {}

        def located(tid: int) -> list[_Place]:
            """Where term `tid` was found: (field, start, end, surface) in the raw fields."""
            out = places.get(tid)
            if out is not None:
                return out
            out = [item.locate(start, stop) for start, stop in spans[tid]]
            places[tid] = out
            return out

        def near_ok(rule: _Rule) -> bool:
            assert rule.all_ is not None and rule.near is not None
            positions = [
                [item.word_position(start) for tid in group & hit for start, _ in spans[tid]]
                for group in rule.all_
            ]
            return within(positions, rule.near)

        topics: dict[str, tuple[TermHit, ...]] = {}
        fired: dict[str, tuple[int, ...]] = {}
        candidates: set[int] = set()
        by_term = self._topics_by_term
        for tid in hit:
            owners = by_term.get(tid)
            if owners is not None:
                candidates |= owners
        for index in sorted(candidates):
            topic = self._topics[index]
            if topic.context is not None and topic.context.isdisjoint(hit):
                continue
            if topic.not_ and not topic.not_.isdisjoint(hit):
                continue
            used: set[int] = set()
            rules: list[int] = []
            for number, rule in enumerate(topic.rules):
                # a rule holds when its any-list and each all-group have a hit and its
                # not-list has none (inlined: this runs for every rule of every candidate)
                if rule.any_ is not None and rule.any_.isdisjoint(hit):
                    continue
                if rule.all_ is not None and any(map(hit.isdisjoint, rule.all_)):
                    continue
                if not rule.not_.isdisjoint(hit):
                    continue
                if rule.near is None or near_ok(rule):
                    used |= rule.terms & hit
                    rules.append(number)
            if used:
                topics[topic.id] = _hits(
                    [
                        (*place[:2], topic.written[tid], *place[2:])
                        for tid in used
                        for place in located(tid)
                    ]
                )
                fired[topic.id] = tuple(rules)
        groups_hit: list[tuple[frozenset[str], tuple[TermHit, ...]]] = []
        context_ok = not self._keyword_context.isdisjoint(hit)
        by_keyword_term = self._keywords_by_term
        for tid in spans:
            groups = by_keyword_term.get(tid)
            if groups is None:
                continue
            for (written, strict), kids in groups.items():
                if strict and not context_ok:
                    continue
                # one term's places are distinct and already in reading order
                shared = tuple(
                    TermHit(written, surface, fld, a, b)
                    for _, _, fld, a, b, surface in located(tid)
                )
                groups_hit.append((kids, shared))
        keywords = KeywordHits(groups_hit) if groups_hit else _NO_KEYWORDS
        return MatchResult(topics, keywords, fired)


def _hits(entries: list[tuple[int, int, str, Field, int, int, str]]) -> tuple[TermHit, ...]:
    """TermHits in reading order, one per distinct place.

    An entry is (start, end in title + separator + summary, term, field, start, end in
    the field, surface): sorting the tuples sorts by reading order."""
    if len(entries) == 1:
        _, _, term, fld, a, b, surface = entries[0]
        return (TermHit(term, surface, fld, a, b),)
    entries.sort()
    out: list[TermHit] = []
    last = (-1, -1)
    for start, end, term, fld, a, b, surface in entries:
        if (start, end) != last:
            out.append(TermHit(term, surface, fld, a, b))
            last = (start, end)
    return tuple(out)
