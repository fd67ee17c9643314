"""Folding: what counts as the same character, and the way back to the original text.

Two folds, used one after the other:

* `lex_fold` prepares raw text for a lemmatiser: lower case, HTML entities decoded, runs
  of whitespace made one space, every apostrophe variant (’ ʼ ' …) inside a Cyrillic
  word made ``'`` (elsewhere a space: Kyiv's → kyiv s), every other character that is
  not a letter or a digit made a space.  Latin accents stay
  (French "trêves" must reach the lemmatiser as it is written).  Every folded character
  remembers where it came from, so a hit can be shown with the exact text the reader saw.
  The common case — each character folds to exactly one character — is one
  ``str.translate`` (for text that is not plain ASCII, one per piece between spaces,
  remembered): the folded text then has the original's length and needs no offset
  table at all.
* `fold_word` turns a word or lemma into its matching key: Latin accents stripped
  (Kyïv = Kyiv, trêve = treve), ß → ss, ё → е; Cyrillic й and ї stay themselves.

`TRANSLITERATIONS` lists Latin spellings of one name that count as the same word.
"""

from __future__ import annotations

import html
import re
import unicodedata

APOSTROPHES = "'’ʼ‘`´ʹʻ′"
"""Characters that writers use for the apostrophe (Ukrainian перемир'я, English Kyiv's).
The project's one set: matching and stories both read it from here."""

APOSTROPHE = "'"
"""What every variant folds to (the form pymorphy3's Ukrainian dictionary uses)."""

_SPECIAL = "\x01"
"""Marks, in the fast fold, a character that does not fold to exactly one character."""

_NEEDS_SLOW_FOLD = re.compile(r"\s\s|&(?:#|[A-Za-z]\w*;)")
"""Whitespace runs and (possible) HTML entities change lengths: the fast fold can't."""
_WHITESPACE_RUN = re.compile(r"\s\s")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_WORD_BREAK_APOSTROPHE = re.compile("'(?:(?![а-яіїєґё])|(?<![а-яіїєґё]'))")
"""An apostrophe stays only inside a Cyrillic word (перемир'я); elsewhere it is a word
break: a quotation mark, or the Latin "Kyiv's" and "l'accord", whose parts are words.
(Written to start with the apostrophe, so the regex engine looks for it alone rather
than trying a look-behind at every character: eight times faster.)"""

# fmt: off
TRANSLITERATIONS: tuple[tuple[str, ...], ...] = (
    ("zaporizhzhia", "zaporizhia", "zaporizhzhya", "zaporizhya", "zaporozhye", "zaporozhia",
     "zaporozhzhia", "zaporozhie", "saporischschja", "saporischja", "saporoschje",
     "zaporijia", "zaporijjia", "zaporojie"),
    ("kyiv", "kiev", "kyyiv", "kiew"),
    ("zelensky", "zelenskyy", "zelenskiy", "zelenskyi", "zelenski", "selenskyj", "selenski",
     "zelenskyj"),
    ("donbas", "donbass"),
    ("luhansk", "lugansk"),
    ("kharkiv", "kharkov", "charkiw"),
    ("odesa", "odessa"),
    ("mykolaiv", "nikolaev", "mykolayiv"),
    ("dnipro", "dnepr", "dnipropetrovsk", "dnepropetrovsk"),
    ("enerhodar", "energodar"),
    ("chornobyl", "chernobyl", "tschernobyl", "tchernobyl"),
    ("zaluzhnyi", "zaluzhny", "zaluzhniy"),
    ("yermak", "iermak", "jermak"),
    ("umerov", "umierov", "umjerow", "oumerov"),
    ("peskov", "peskow"),
    ("lavrov", "lawrow"),
    ("medinsky", "medinskiy", "medinskii", "medinski"),
    ("dmitriev", "dmitriyev", "dmitrieff", "dmitrijew"),
    ("witkoff", "witkof"),
    ("sybiha", "sybiga", "sybyha"),
    ("ushakov", "uschakow", "ouchakov"),
    ("donetsk", "donezk"),
    ("kherson", "cherson"),
    ("crimea", "krim"),
)
# fmt: on
"""Spellings of one name that count as the same word (Latin script, already folded)."""

VARIANTS: dict[str, tuple[str, ...]] = {
    v: tuple(dict.fromkeys(group)) for group in TRANSLITERATIONS for v in group
}
"""Each spelling → every spelling of its name (itself included)."""


def _is_cyrillic(ch: str) -> bool:
    return "CYRILLIC" in unicodedata.name(ch, "")


def _lex_char(ch: str) -> str:
    """What one character becomes for the lemmatiser: lower-case letters/digits, ``'``,
    a space, or nothing (stress marks and other combining or format characters)."""
    if ch in APOSTROPHES:
        return APOSTROPHE
    out = []
    for c in unicodedata.normalize("NFC", ch.lower()):
        if unicodedata.combining(c):
            continue
        out.append(c if c.isalnum() else " ")
    if not out and unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return ""
    return "".join(out) or " "


class _FastTable(dict[int, str]):
    """``str.translate`` table: one char → one char, else the `_SPECIAL` marker."""

    def __missing__(self, code: int) -> str:
        folded = _lex_char(chr(code))
        value = folded if len(folded) == 1 else _SPECIAL
        self[code] = value
        return value


_LEX_TABLE = _FastTable()

_PIECE_LIMIT = 100_000
"""Pieces of text remembered by `_PIECES` before it starts afresh."""


class _PieceTable(dict[str, str]):
    """A piece of raw text between spaces → its fast fold (`_LEX_TABLE`).

    ``str.translate`` reads a dict subclass through a Python-level item access for every
    character of text that is not plain ASCII (about 60 ns each: 10 µs for a news item);
    the words of news text repeat, so a piece costs one dict access instead.  Folding is
    character by character, so the pieces folded and joined again are the text folded."""

    def __missing__(self, piece: str) -> str:
        value = self[piece] = piece.translate(_LEX_TABLE)
        return value


_PIECES = _PieceTable()


def _fast_fold(raw: str) -> str:
    """`raw` folded one character to one (`_SPECIAL` where that can't be done)."""
    if raw.isascii():
        return raw.translate(_LEX_TABLE)  # one C-level table look-up per character
    if len(_PIECES) > _PIECE_LIMIT:
        _PIECES.clear()
    return " ".join(map(_PIECES.__getitem__, raw.split(" ")))


def lex_fold(raw: str) -> tuple[str, list[int] | None]:
    """Fold `raw` for tokenising, keeping its length when possible.

    Returns the folded text and, when folding changed lengths (entities, whitespace
    runs, stray combining marks), a list mapping each folded index to the index in
    `raw` it came from, with one extra entry for the end.  ``None`` means identity.
    An apostrophe that does not join two Cyrillic letters becomes a space.
    """
    if _needs_slow_fold(raw):
        folded, offsets = _fold_slow(raw)
    else:
        folded = _fast_fold(raw)
        offsets = None
        if _SPECIAL in folded:
            folded, offsets = _fold_slow(raw)
    if APOSTROPHE in folded:
        if folded.isascii():  # no Cyrillic word: every apostrophe breaks words
            folded = folded.replace(APOSTROPHE, " ")
        else:
            folded = _WORD_BREAK_APOSTROPHE.sub(" ", folded)
    return folded, offsets


def _needs_slow_fold(raw: str) -> bool:
    """Whether `raw` may hold a whitespace run or an entity (the common answer, no, is
    found without a regex: the only printable whitespace character is the space)."""
    if "&" in raw:
        return _NEEDS_SLOW_FOLD.search(raw) is not None
    if raw.isascii():
        return "  " in raw or not raw.isprintable()
    if raw.isprintable():  # every whitespace character but the space is unprintable
        return "  " in raw
    return _WHITESPACE_RUN.search(raw) is not None


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
            folded = _lex_char(raw[i])
            pieces.append(folded)
            offsets.extend([i] * len(folded))
        if ent is None:
            break
        decoded = html.unescape(ent.group())
        folded = "".join(_lex_char(c) for c in decoded)
        pieces.append(folded)
        offsets.extend([ent.start()] * len(folded))
        pos = ent.end()
    offsets.append(len(raw))
    return "".join(pieces), offsets


def _key_char(ch: str) -> str:
    if ch in APOSTROPHES:
        return APOSTROPHE
    if ch in ("ё", "Ё"):
        return "е"
    if _is_cyrillic(ch):
        return ch.lower() if ch.isalnum() else " "
    out = []
    for d in unicodedata.normalize("NFKD", ch.casefold()):
        if unicodedata.combining(d):
            continue
        out.append(d if d.isalnum() else " ")
    return "".join(out) or ("" if unicodedata.combining(ch) else " ")


class _KeyTable(dict[int, str]):
    def __missing__(self, code: int) -> str:
        value = _key_char(chr(code))
        self[code] = value
        return value


_KEY_TABLE = _KeyTable()


def fold_word(text: str) -> str:
    """A word's matching key: lower case, Latin accents stripped, ß → ss, ё → е,
    apostrophes ``'``; anything else that is not a letter or digit becomes a space."""
    return text.translate(_KEY_TABLE)
