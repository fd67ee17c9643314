"""The matcher: one Aho–Corasick automaton for every topic, context and personal keyword term.

Each term is stored in its folded form with a space on each side (a prefix term only on
the left), so the automaton itself enforces word boundaries and one scan of
``" title \\x00 summary "`` finds every hit of every term.  Rules are then evaluated
on the small set of terms that hit.  Personal keywords share the automaton: adding or
removing one edits the trie and marks it stale; the failure links are rebuilt on the
next match, which takes a few milliseconds even with tens of thousands of keywords.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import ahocorasick

from bot.matching.rules import MatchingConfig, TopicSpec, check_term, parse_keyword
from bot.matching.text import fold, fold_phrase, spellings, word_end

Field = Literal["title", "summary"]
_SEPARATOR = " \x00 "


_F = TypeVar("_F", bound=Callable[..., Any])


def _locked(method: _F) -> _F:
    """Serialise a Matcher method: the bot adds keywords on the event loop while the
    poller matches on its writer thread, and the automaton must not change mid-match."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class TermHit:
    """One occurrence of a term in an item."""

    term: str
    """The term as written in the rule or keyword, e.g. ``перемир*``."""
    surface: str
    """The matched text exactly as it appears in the original field, e.g. ``перемир'я``."""
    field: Field
    start: int
    """Offsets of `surface` in the original field: ``text[start:end] == surface``."""
    end: int


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Which topics and personal keywords matched an item, and by which terms."""

    topics: dict[str, tuple[TermHit, ...]] = field(default_factory=dict)
    keywords: dict[str, tuple[TermHit, ...]] = field(default_factory=dict)

    def topic_terms(self, topic_id: str) -> list[str]:
        """Distinct surfaces that made `topic_id` match, in reading order."""
        out: list[str] = []
        for hit in self.topics.get(topic_id, ()):
            if hit.surface not in out:
                out.append(hit.surface)
        return out


_Pattern = tuple[int, int, list[int]]
"""The automaton's value for one key: ``(lead, tail, terms)``.  A hit of the key ending
at index ``end`` covers the word(s) ``text[end - lead:end + tail]``; `terms` are the term
ids that own the key (several terms can share one)."""


@dataclass(frozen=True, slots=True)
class _Rule:
    any_: frozenset[int] | None
    all_: tuple[frozenset[int], ...] | None
    not_: frozenset[int]
    terms: frozenset[int]
    """Every term of `any_` and `all_`: the ones a match of this rule is reported by."""

    def matches(self, hit: set[int]) -> bool:
        if self.any_ is not None and self.any_.isdisjoint(hit):
            return False
        if self.all_ is not None:
            for group in self.all_:
                if group.isdisjoint(hit):
                    return False
        return self.not_.isdisjoint(hit)


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
    ) -> None:
        self._lock = threading.RLock()
        self._automaton = ahocorasick.Automaton()
        self._patterns: dict[str, _Pattern] = {}
        self._term_ids: dict[tuple[str, bool], int] = {}
        self._term_keys: list[list[str]] = []
        self._term_idents: list[tuple[str, bool]] = []
        self._term_prefix: list[bool] = []
        self._term_refs: list[int] = []
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
        self._topics = [self._compile(t) for t in topics]
        self._topics_by_term: dict[int, set[int]] = {}
        for index, topic in enumerate(self._topics):
            for rule in topic.rules:
                for tid in rule.terms:
                    self._topics_by_term.setdefault(tid, set()).add(index)
        self._keywords: dict[str, _Keyword] = {}
        self._keywords_by_term: dict[int, dict[tuple[str, bool], set[str]]] = {}
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

    # -- terms and the automaton ------------------------------------------------------

    def _term(self, written: str, *, checked: bool = False) -> int:
        """The id of a term, registering its automaton keys on first use."""
        term = written if checked else check_term(written)
        prefix = term.endswith("*")
        base = fold_phrase(term.rstrip("*"))
        ident = (base, prefix)
        tid = self._term_ids.get(ident)
        if tid is None:
            tid = len(self._term_keys)
            self._term_ids[ident] = tid
            keys = [
                f" {form}" if prefix else f" {form} "
                for form in spellings(term.rstrip("*"), hyphen_variants=True)
            ]
            self._term_keys.append(keys)
            self._term_idents.append(ident)
            self._term_prefix.append(prefix)
            self._term_refs.append(0)
            for key in keys:
                pattern = self._patterns.get(key)
                if pattern is None:
                    pattern = (len(key) - 2, int(prefix), [])
                    self._patterns[key] = pattern
                    self._automaton.add_word(key, pattern)
                    self._stale = True
                pattern[2].append(tid)
        self._term_refs[tid] += 1
        return tid

    def _release(self, tid: int) -> None:
        self._term_refs[tid] -= 1
        if self._term_refs[tid] > 0:
            return
        for key in self._term_keys[tid]:
            pattern = self._patterns[key]
            pattern[2].remove(tid)
            if not pattern[2]:
                del self._patterns[key]
                self._automaton.remove_word(key)
                self._stale = True
        self._term_keys[tid] = []
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
            rules.append(_Rule(any_, all_, ids(r.not_), frozenset(positive)))
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
        groups.setdefault((normalised, require_context), set()).add(keyword_id)
        return normalised

    @_locked
    def remove_keyword(self, keyword_id: str) -> None:
        """Forget a personal keyword; unknown ids are ignored."""
        kw = self._keywords.pop(keyword_id, None)
        if kw is None:
            return
        groups = self._keywords_by_term[kw.term]
        group_key = (kw.written, kw.require_context)
        groups[group_key].discard(keyword_id)
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

        `lang` is accepted for callers that know it; the rules cover English, Ukrainian
        and Russian at once, so the result does not depend on it.
        """
        if self._stale:
            self.prepare()
        if not self._patterns:
            return MatchResult()
        title_folded, title_offsets = fold(title)
        summary_folded, summary_offsets = fold(summary)
        text = f" {title_folded}{_SEPARATOR}{summary_folded} "
        summary_at = len(title_folded) + 1 + len(_SEPARATOR)
        spans: dict[int, list[tuple[int, int]]] = {}
        for end, (lead, tail, terms) in self._automaton.iter(text):
            span = (end - lead, end + tail)
            for tid in terms:
                found = spans.get(tid)
                if found is None:
                    spans[tid] = [span]
                else:
                    found.append(span)
        if not spans:
            return MatchResult()
        hit = set(spans)
        places: dict[int, list[tuple[Field, int, int, str]]] = {}

        def located(tid: int) -> list[tuple[Field, int, int, str]]:
            """Where term `tid` was found, as (field, start, end, surface) in the originals."""
            out = places.get(tid)
            if out is not None:
                return out
            out = []
            prefix = self._term_prefix[tid]
            for start, stop in spans[tid]:
                fld: Field
                if start >= summary_at:
                    fld, raw, offsets = "summary", summary, summary_offsets
                    start -= summary_at
                    stop -= summary_at
                else:
                    fld, raw, offsets = "title", title, title_offsets
                    start -= 1
                    stop -= 1
                if offsets is not None:
                    start, stop = offsets[start], offsets[stop]
                if prefix:
                    stop = word_end(raw, stop)
                out.append((fld, start, stop, raw[start:stop]))
            places[tid] = out
            return out

        topics: dict[str, tuple[TermHit, ...]] = {}
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
            for rule in topic.rules:
                if rule.matches(hit):
                    used |= rule.terms & hit
            if used:
                topics[topic.id] = _hits(
                    [(topic.written[tid], place) for tid in used for place in located(tid)]
                )
        keywords: dict[str, tuple[TermHit, ...]] = {}
        context_ok = not self._keyword_context.isdisjoint(hit)
        by_keyword_term = self._keywords_by_term
        for tid in hit:
            groups = by_keyword_term.get(tid)
            if groups is None:
                continue
            for (written, strict), kids in groups.items():
                if strict and not context_ok:
                    continue
                # one term's places are distinct and already in reading order
                shared = tuple(
                    TermHit(written, surface, fld, a, b) for fld, a, b, surface in located(tid)
                )
                keywords.update(dict.fromkeys(kids, shared))
        return MatchResult(topics, keywords)


def _hits(pairs: list[tuple[str, tuple[Field, int, int, str]]]) -> tuple[TermHit, ...]:
    """TermHits in reading order, one per distinct place (title first)."""
    if len(pairs) == 1:
        term, (fld, a, b, surface) = pairs[0]
        return (TermHit(term, surface, fld, a, b),)
    pairs.sort(key=lambda p: (p[1][0] != "title", p[1][1], p[1][2]))
    out: list[TermHit] = []
    last: tuple[str, int, int] | None = None
    for term, (fld, a, b, surface) in pairs:
        if (fld, a, b) != last:
            out.append(TermHit(term, surface, fld, a, b))
            last = (fld, a, b)
    return tuple(out)
