"""bot/text: folding, apostrophes, lemmas in five languages, language guessing."""

from __future__ import annotations

import pytest

from bot.text import APOSTROPHES, fold_word, guess_lang, lemmas, lemmatise, lex_fold


def test_every_apostrophe_variant_folds_to_one() -> None:
    assert {fold_word(f"перемир{a}я") for a in APOSTROPHES} == {"перемир'я"}


def test_matching_key_strips_latin_accents_but_keeps_cyrillic_letters() -> None:
    assert fold_word("Kyïv TRÊVE Straße") == "kyiv treve strasse"
    assert fold_word("Київ ЙОГО ещё") == "київ його еще"


def test_lex_fold_keeps_accents_and_length_for_plain_text() -> None:
    folded, offsets = lex_fold("Trêve à Kyiv — pour l’instant")
    assert folded == "trêve à kyiv   pour l instant"
    assert offsets is None


def test_lex_fold_decodes_entities_and_maps_back() -> None:
    raw = "Ukraine&#39;s &quot;truce&quot;"
    folded, offsets = lex_fold(raw)
    assert folded == "ukraine s  truce "
    assert offsets is not None
    start = folded.index("truce")
    assert raw[offsets[start] : offsets[start + 5]] == "truce"


def test_quotation_marks_are_not_apostrophes() -> None:
    assert lex_fold("'no truce'")[0] == " no truce "


def test_stress_marks_do_not_split_russian_words() -> None:
    assert lemmatise("переми́рие", "ru") == "перемирие"


@pytest.mark.parametrize(
    ("word", "lang", "lemma"),
    [
        ("гарантіями", "uk", "гарантія"),
        ("переговорах", "uk", "переговори"),
        ("перемирʼя", "uk", "перемир'я"),
        ("полоненими", "uk", "полонений"),
        ("війну", "uk", "війна"),
        ("зону", "uk", "зона"),
        ("вільну", "uk", "вільний"),
        ("світу", "uk", "світ"),
        ("Києві", "uk", "київ"),
        ("Харкові", "uk", "харків"),
        ("Львові", "uk", "львів"),
        ("Львова", "uk", "львів"),
        ("переговорах", "ru", "переговоры"),
        ("гарантии", "ru", "гарантия"),
        ("санкций", "ru", "санкция"),
        ("negotiations", "en", "negotiation"),
        ("guarantees", "en", "guarantee"),
        ("Verhandlungen", "de", "verhandlung"),
        ("Sicherheitsgarantien", "de", "sicherheitsgarantie"),
        ("verlangte", "de", "verlangen"),
        ("vereinbarten", "de", "vereinbaren"),
        ("verhandelten", "de", "verhandeln"),
        ("Gebiete", "de", "gebiet"),
        ("Karte", "de", "karte"),
        ("erhält", "de", "erhalten"),
        ("erhalten", "de", "erhalten"),
        ("négociations", "fr", "negociation"),
        ("trêves", "fr", "treve"),
    ],
)
def test_one_lemma_for_every_inflected_form(word: str, lang: str, lemma: str) -> None:
    assert lemmatise(word, lang) == lemma


def test_unknown_names_stay_as_written() -> None:
    assert lemmatise("Умєрова", "uk") == "умєрова"
    assert lemmatise("Witkoff", "en") == "witkoff"


def test_latin_apostrophe_splits_and_cyrillic_apostrophe_joins() -> None:
    assert lemmas("Kyiv's truce talks", "en") == ["kyiv", "s", "truce", "talk"]
    assert lemmas("l'accord de paix", "fr") == ["l", "accord", "de", "paix"]
    assert lemmas("немає перемирʼя", "uk") == ["немає", "перемир'я"]


def test_a_latin_name_in_a_cyrillic_text_keeps_its_own_script() -> None:
    assert lemmas("Witkoff і Умєров", "uk") == ["witkoff", "і", "умєров"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Росія відкидає перемирʼя", "uk"),
        ("Песков: перемирие невозможно, объявлены выборы", "ru"),
        ("Der Kreml lehnt die Waffenruhe ab", "de"),
        ("Le Kremlin rejette la trêve", "fr"),
        ("Kremlin rejects the truce", "en"),
        ("Waffenstillstände", "de"),
    ],
)
def test_language_is_guessed_from_script_letters_and_common_words(text: str, lang: str) -> None:
    assert guess_lang(text) == lang


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("Песков", "песков"),
        ("Пескова", "песков"),
        ("Дмитриев", "дмитриев"),
        ("Костюков", "костюков"),
    ],
)
def test_a_surname_keeps_itself_as_its_lemma(word: str, lemma: str) -> None:
    """Not "of the sands" (песок) nor "of the Dmitrys": news names people."""
    assert lemmatise(word, "ru") == lemma
