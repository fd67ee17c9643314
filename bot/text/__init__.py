"""Text basics shared by matching and stories: folding, apostrophes, transliteration, lemmas.

Pure code (no I/O, no network, no database).  The public API:

* `APOSTROPHES` — every character writers use for the apostrophe; the project's one set.
* `fold_word(text)` — lower-case, Latin accents stripped, ё → е, apostrophes made ``'``.
* `lemmatise(word, lang)` / `lemmas(text, lang)` — dictionary forms (folded), with
  pymorphy3 for Ukrainian and Russian and simplemma for English, German and French.
* `guess_lang(text)` — the language of a text from its script and common words.
"""

from bot.text.fold import APOSTROPHES, TRANSLITERATIONS, fold_word, lex_fold
from bot.text.lemmas import LANGS, guess_lang, lemmas, lemmatise

__all__ = [
    "APOSTROPHES",
    "LANGS",
    "TRANSLITERATIONS",
    "fold_word",
    "guess_lang",
    "lemmas",
    "lemmatise",
    "lex_fold",
]
