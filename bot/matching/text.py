"""Normalisation of item text and rule terms for matching.

Matching works on a *folded* copy of the text: case-folded, accents stripped (Latin
letters only: Cyrillic й, ї keep their marks, ё becomes е), HTML entities decoded, runs
of whitespace made one space, and every other character that is not a letter or a digit
turned into a space, so that apostrophe variants (’ ' ʼ) and hyphens look alike.  A term
such as ``cease fire`` is searched as `` cease fire `` (spaces on both sides), which is
what gives word boundaries: "war" never matches inside "warning".  Punctuation stays a
(second) space, so a phrase does not match across it: "peace, plan" is not "peace plan".

Every folded character remembers where it came from in the original string, so a hit
can be reported with the exact text the reader saw (for bolding in an alert).  The
common case, text whose characters each fold to exactly one character, is done with one
``str.translate``: the folded text then has the original's length and needs no offset
table at all.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from bot.text.fold import APOSTROPHES

_SPECIAL = "\x01"
"""Marks, in the fast fold, a character that does not fold to exactly one character."""

_NEEDS_SLOW_FOLD = re.compile(r"\s\s|&(?:#|[A-Za-z]\w*;)")
"""Whitespace runs and (possible) HTML entities change lengths: the fast fold can't."""
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")

TRANSLITERATIONS: tuple[tuple[str, ...], ...] = (
    ("zaporizhzhia", "zaporizhia", "zaporizhzhya", "zaporizhya", "zaporozhye", "zaporozhia",
     "zaporozhzhia", "zaporozhie"),
    ("kyiv", "kiev", "kyyiv"),
    ("zelensky", "zelenskyy", "zelenskiy", "zelenskyi", "zelenski"),
    ("donbas", "donbass"),
    ("luhansk", "lugansk"),
    ("kharkiv", "kharkov"),
    ("odesa", "odessa"),
    ("mykolaiv", "nikolaev", "mykolayiv"),
    ("dnipro", "dnepr", "dnipropetrovsk", "dnepropetrovsk"),
    ("enerhodar", "energodar"),
    ("chornobyl", "chernobyl"),
    ("zaluzhnyi", "zaluzhny", "zaluzhniy"),
    ("yermak", "iermak"),
    ("umerov", "umierov"),
    ("peskov",),
    ("lavrov",),
    ("medinsky", "medinskiy", "medinskii"),
    ("dmitriev", "dmitriyev", "dmitrieff"),
    ("witkoff", "witkof"),
)
"""Spellings of one name that count as the same word (Latin script, already folded)."""

_VARIANTS: dict[str, tuple[str, ...]] = {v: group for group in TRANSLITERATIONS for v in group}


def _fold_char(ch: str) -> str:
    """What one character becomes: a string of letters/digits, or a space, or nothing."""
    if ch in APOSTROPHES:
        return " "
    low = ch.casefold()
    out = []
    for c in unicodedata.normalize("NFC", low):
        if c == "ё":
            out.append("е")
            continue
        if "CYRILLIC" in unicodedata.name(c, ""):
            out.append(c if c.isalnum() else " ")
            continue
        for d in unicodedata.normalize("NFKD", c):
            if unicodedata.combining(d):
                continue
            out.append(d if d.isalnum() else " ")
    if not out and unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return ""
    return "".join(out) or " "


class _FastTable(dict[int, str]):
    """``str.translate`` table: one char → one char, else the `_SPECIAL` marker."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        value = folded if len(folded) == 1 else _SPECIAL
        self[code] = value
        return value


_TABLE = _FastTable()


def fold(raw: str) -> tuple[str, list[int] | None]:
    """Fold `raw` keeping its length when possible.

    Returns the folded text (letters/digits, everything else a space) and, when folding
    changed lengths (entities, whitespace runs, ß → ss, stray combining marks), a list
    mapping each folded index to the index in `raw` it came from, with one extra entry
    for the end.  ``None`` means the mapping is the identity.
    """
    if _NEEDS_SLOW_FOLD.search(raw):
        return _fold_slow(raw)
    folded = raw.translate(_TABLE)
    if _SPECIAL in folded:
        return _fold_slow(raw)
    return folded, None


def _fold_slow(raw: str) -> tuple[str, list[int]]:
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    entities = list(_ENTITY.finditer(raw)) if "&" in raw else []
    for ent in [*entities, None]:
        stop = ent.start() if ent else len(raw)
        for i in range(pos, stop):
            if raw[i].isspace() and i > 0 and raw[i - 1].isspace():
                continue
            folded = _fold_char(raw[i])
            pieces.append(folded)
            offsets.extend([i] * len(folded))
        if ent is None:
            break
        decoded = html.unescape(ent.group())
        folded = "".join(_fold_char(c) for c in decoded)
        pieces.append(folded)
        offsets.extend([ent.start()] * len(folded))
        pos = ent.end()
    offsets.append(len(raw))
    return "".join(pieces), offsets


@dataclass(frozen=True, slots=True)
class FoldedField:
    """One field (title or summary) as the automaton sees it, and the way back."""

    raw: str
    folded: str
    offsets: list[int] | None

    @classmethod
    def of(cls, raw: str) -> FoldedField:
        folded, offsets = fold(raw)
        return cls(raw, folded, offsets)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` in `folded` to the span of the raw text it came from."""
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end]


def word_end(raw: str, end: int) -> int:
    """Extend a prefix hit to the end of its word in the raw text (across apostrophes)."""
    n = len(raw)
    while end < n:
        ch = raw[end]
        in_word = ch.isalnum() or bool(unicodedata.combining(ch))
        inner_apostrophe = ch in APOSTROPHES and end + 1 < n and raw[end + 1].isalpha()
        if not (in_word or inner_apostrophe):
            break
        end += 1
    return end


def fold_phrase(text: str) -> str:
    """Fold a term or keyword to its searched form (folded exactly like item text)."""
    return fold(text.strip())[0].strip()


def spellings(text: str, *, hyphen_variants: bool) -> list[str]:
    """Every folded form of a written term.

    `text` is the term without its trailing ``*``.  A hyphen in the term ("cease-fire")
    also allows the joined form ("ceasefire"); words with known transliteration
    variants (Kyiv/Kiev) expand to all of them.
    """
    base = fold_phrase(text)
    forms = [base]
    if hyphen_variants:
        parts = re.split(r"\s*[-‐‑‒–]\s*", text.strip())
        if len(parts) > 1:
            joined = fold_phrase("".join(parts))
            if joined not in forms:
                forms.append(joined)
    out: list[str] = []
    for form in forms:
        expanded = [""]
        for n, word in enumerate(form.split(" ")):
            options = _VARIANTS.get(word, (word,))
            expanded = [f"{pre} {w}" if n else w for pre in expanded for w in options]
        for e in expanded:
            if e not in out:
                out.append(e)
    return out
