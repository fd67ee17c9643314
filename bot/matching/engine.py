"""The matcher: one Aho–Corasick automaton for every topic, context and personal keyword term.

Each term is stored in its folded form with a space on each side (a prefix term only on
the left), so the automaton itself enforces word boundaries and one scan of
``" title \\x00 summary "`` finds every hit of every term.  Rules are then evaluated
on the small set of terms that hit.  Personal keywords share the automaton: adding or
removing one edits the trie and marks it stale; the failure links are rebuilt on the
next match, which takes a few milliseconds even with tens of thousands of keywords.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import ahocorasick

from bot.matching.rules import MatchingConfig, TopicSpec, check_term, parse_keyword
from bot.matching.text import FoldedField, fold_phrase, spellings, word_end

Field = Literal["title", "summary"]
_SEPARATOR = " \x00 "


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


@dataclass(slots=True)
class _Pattern:
    """An automaton key and the terms that own it (several terms can share one key)."""

    length: int
    prefix: bool
    terms: list[int]


@dataclass(frozen=True, slots=True)
class _Rule:
    any_: frozenset[int] | None
    all_: tuple[frozenset[int], ...] | None
    not_: frozenset[int]

    def matches(self, hit: set[int]) -> bool:
        if self.any_ is not None and self.any_.isdisjoint(hit):
            return False
        if self.all_ is not None and any(g.isdisjoint(hit) for g in self.all_):
            return False
        return self.not_.isdisjoint(hit)

    def terms(self) -> frozenset[int]:
        out = set(self.any_ or ())
        for group in self.all_ or ():
            out |= group
        return frozenset(out)


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
        self._automaton = ahocorasick.Automaton()
        self._patterns: dict[str, _Pattern] = {}
        self._term_ids: dict[tuple[str, bool], int] = {}
        self._term_keys: list[list[str]] = []
        self._term_idents: list[tuple[str, bool]] = []
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
                for tid in rule.terms():
                    self._topics_by_term.setdefault(tid, set()).add(index)
        self._keywords: dict[str, _Keyword] = {}
        self._keywords_by_term: dict[int, set[str]] = {}

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

    def _term(self, written: str) -> int:
        """The id of a (validated) term, registering its automaton keys on first use."""
        term = check_term(written)
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
            self._term_refs.append(0)
            for key in keys:
                pattern = self._patterns.get(key)
                if pattern is None:
                    pattern = _Pattern(len(key), prefix, [])
                    self._patterns[key] = pattern
                    self._automaton.add_word(key, pattern)
                    self._stale = True
                pattern.terms.append(tid)
        self._term_refs[tid] += 1
        return tid

    def _release(self, tid: int) -> None:
        self._term_refs[tid] -= 1
        if self._term_refs[tid] > 0:
            return
        for key in self._term_keys[tid]:
            pattern = self._patterns[key]
            pattern.terms.remove(tid)
            if not pattern.terms:
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

        rules = tuple(
            _Rule(
                any_=ids(r.any_) if r.any_ is not None else None,
                all_=tuple(ids(g) for g in r.all_) if r.all_ is not None else None,
                not_=ids(r.not_),
            )
            for r in spec.rules
        )
        context = self._contexts[spec.context] if spec.context is not None else None
        return _Topic(spec.id, context, rules, ids(spec.not_), written)

    # -- personal keywords ----------------------------------------------------------

    def add_keyword(self, keyword_id: str, text: str, require_context: bool = False) -> str:
        """Add (or replace) a personal keyword; returns its normalised form.

        Raises ValueError (a message for the subscriber) when `text` is not acceptable.
        """
        normalised = parse_keyword(text)
        if keyword_id in self._keywords:
            self.remove_keyword(keyword_id)
        tid = self._term(normalised)
        self._keywords[keyword_id] = _Keyword(tid, normalised, require_context)
        self._keywords_by_term.setdefault(tid, set()).add(keyword_id)
        return normalised

    def remove_keyword(self, keyword_id: str) -> None:
        """Forget a personal keyword; unknown ids are ignored."""
        kw = self._keywords.pop(keyword_id, None)
        if kw is None:
            return
        owners = self._keywords_by_term[kw.term]
        owners.discard(keyword_id)
        if not owners:
            del self._keywords_by_term[kw.term]
        self._release(kw.term)

    @property
    def keyword_count(self) -> int:
        return len(self._keywords)

    def prepare(self) -> None:
        """Rebuild the automaton's links now if keywords changed (otherwise done lazily)."""
        if self._stale:
            if len(self._automaton):
                self._automaton.make_automaton()
            self._stale = False

    # -- matching -------------------------------------------------------------------

    def match(self, title: str, summary: str, lang: str | None = None) -> MatchResult:
        """Topics and personal keywords in one item.

        `lang` is accepted for callers that know it; the rules cover English, Ukrainian
        and Russian at once, so the result does not depend on it.
        """
        self.prepare()
        if not self._patterns:
            return MatchResult()
        tf = FoldedField.of(title)
        sf = FoldedField.of(summary)
        head = tf.joined
        text = f" {head}{_SEPARATOR}{sf.joined} "
        summary_at = len(head) + 1 + len(_SEPARATOR)
        spans: dict[int, list[tuple[int, int]]] = {}
        for end, pattern in self._automaton.iter(text):
            start = end - pattern.length + 2
            stop = text.find(" ", end + 1) if pattern.prefix else end
            for tid in pattern.terms:
                spans.setdefault(tid, []).append((start, stop))
        if not spans:
            return MatchResult()
        hit = set(spans)
        resolved: dict[int, list[tuple[Field, int, int, str]]] = {}

        def located(tid: int) -> list[tuple[Field, int, int, str]]:
            out = resolved.get(tid)
            if out is None:
                out = []
                for start, stop in spans[tid]:
                    fld: Field
                    if start >= summary_at:
                        fld, ff, base = "summary", sf, summary_at
                    else:
                        fld, ff, base = "title", tf, 1
                    a, b = ff.original_span(start - base, stop - base)
                    if self._term_is_prefix(tid):
                        b = word_end(ff.raw, b)
                    out.append((fld, a, b, ff.raw[a:b]))
                resolved[tid] = out
            return out

        topics: dict[str, tuple[TermHit, ...]] = {}
        candidates: set[int] = set()
        for tid in hit:
            candidates |= self._topics_by_term.get(tid, set())
        for index in sorted(candidates):
            topic = self._topics[index]
            if topic.context is not None and topic.context.isdisjoint(hit):
                continue
            if not topic.not_.isdisjoint(hit):
                continue
            used: set[int] = set()
            for rule in topic.rules:
                if rule.matches(hit):
                    used |= rule.terms() & hit
            if used:
                topics[topic.id] = _hits(
                    (topic.written[tid], loc) for tid in used for loc in located(tid)
                )
        keywords: dict[str, tuple[TermHit, ...]] = {}
        context_ok = not self._keyword_context.isdisjoint(hit)
        for tid in hit:
            for kid in self._keywords_by_term.get(tid, ()):
                kw = self._keywords[kid]
                if kw.require_context and not context_ok:
                    continue
                keywords[kid] = _hits((kw.written, loc) for loc in located(tid))
        return MatchResult(topics, keywords)

    def _term_is_prefix(self, tid: int) -> bool:
        keys = self._term_keys[tid]
        return bool(keys) and not keys[0].endswith(" ")


def _hits(pairs: Iterable[tuple[str, tuple[Field, int, int, str]]]) -> tuple[TermHit, ...]:
    """TermHits in reading order, one per distinct place (title first)."""
    seen: dict[tuple[str, int, int], TermHit] = {}
    for term, (fld, a, b, surface) in pairs:
        key = (fld, a, b)
        if key not in seen:
            seen[key] = TermHit(term, surface, fld, a, b)
    return tuple(sorted(seen.values(), key=lambda h: (h.field != "title", h.start)))
