"""Normalisation for matching: what counts as the same word, and the way back to the original."""

from __future__ import annotations

from bot.matching.text import FoldedField, fold, fold_phrase, spellings, word_end


def test_case_accents_and_apostrophes_fold_alike() -> None:
    assert fold_phrase("ZELENSKYY’S Kyïv") == fold_phrase("zelenskyy's kyiv") == "zelenskyy s kyiv"
    assert fold_phrase("перемирʼя") == fold_phrase("перемир'я") == fold_phrase("Перемир’я")


def test_cyrillic_letters_keep_their_identity_and_yo_folds_to_ye() -> None:
    assert fold_phrase("Київ ЙОГО") == "київ його"
    assert fold_phrase("ещё") == fold_phrase("еще")


def test_hyphens_break_words_and_punctuation_keeps_phrases_apart() -> None:
    assert fold_phrase("cease-fire, (truce)!") == "cease fire   truce"
    assert fold_phrase("peace,\n  plan") == "peace  plan"


def test_whitespace_runs_fold_to_one_space_with_offsets() -> None:
    raw = "peace \n\t plan  talks"
    field = FoldedField.of(raw)
    assert field.folded == "peace plan talks"
    a, b = field.original_span(11, 16)
    assert raw[a:b] == "talks"


def test_plain_text_needs_no_offset_table() -> None:
    folded, offsets = fold("Truce holds — for now")
    assert offsets is None
    assert len(folded) == len("Truce holds — for now")


def test_html_entities_are_decoded_and_mapped_back() -> None:
    raw = "Ukraine&#39;s &quot;truce&quot;"
    field = FoldedField.of(raw)
    assert field.folded == "ukraine s  truce "
    start = field.folded.index("truce")
    a, b = field.original_span(start, start + len("truce"))
    assert raw[a:b] == "truce"


def test_characters_that_expand_keep_offsets_right() -> None:
    raw = "Straße talks in Kyiv"
    field = FoldedField.of(raw)
    assert field.folded == "strasse talks in kyiv"
    start = field.folded.index("kyiv")
    a, b = field.original_span(start, start + 4)
    assert raw[a:b] == "Kyiv"


def test_stress_marks_do_not_split_russian_words() -> None:
    assert fold_phrase("переми́рие") == "перемирие"


def test_hyphenated_term_also_matches_joined_and_spaced_forms() -> None:
    assert spellings("cease-fire", hyphen_variants=True) == ["cease fire", "ceasefire"]


def test_transliteration_variants_expand_to_every_spelling() -> None:
    forms = spellings("Zaporizhzhia plant", hyphen_variants=True)
    assert "zaporozhye plant" in forms and "zaporizhia plant" in forms
    assert set(spellings("Kiev", hyphen_variants=True)) >= {"kyiv", "kiev"}
    assert "zelenskiy" in spellings("Zelensky", hyphen_variants=True)


def test_prefix_hit_extends_over_an_inner_apostrophe() -> None:
    raw = "немає перемирʼя."
    assert raw[6:word_end(raw, 13)] == "перемирʼя"
