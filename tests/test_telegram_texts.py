"""Every text exists in English, Ukrainian and Russian, and renders as HTML Telegram accepts."""

from __future__ import annotations

import string

import pytest

from bot.render.texts import (
    ADMIN_COMMANDS,
    COUNTED,
    PLURAL_FORMS,
    PUBLIC_COMMANDS,
    TEXTS,
    help_text,
    lang_of,
    plain,
    t,
    tn,
)
from tests.support.telegram_html import parse_html

HOSTILE = '<script>alert("x")</script> & <b>'


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_every_key_exists_in_every_language(lang: str) -> None:
    assert sorted(set(TEXTS["en"]) - set(TEXTS[lang])) == []  # missing in this language
    assert sorted(set(TEXTS[lang]) - set(TEXTS["en"])) == []  # unknown to English


def test_the_interface_languages_are_english_ukrainian_and_russian() -> None:
    assert set(TEXTS) == {"en", "uk", "ru"}


@pytest.mark.parametrize("lang", ["uk", "ru"])
@pytest.mark.parametrize("key", sorted(TEXTS["en"]))
def test_every_language_takes_the_same_parameters(lang: str, key: str) -> None:
    assert placeholders(TEXTS["en"][key]) == placeholders(TEXTS[lang][key])


@pytest.mark.parametrize("lang", sorted(TEXTS))
@pytest.mark.parametrize("key", COUNTED)
def test_counted_texts_have_every_plural_form_of_their_language(lang: str, key: str) -> None:
    assert len(TEXTS[lang][key].split("|")) == PLURAL_FORMS[lang]


@pytest.mark.parametrize(
    ("lang", "counts", "expected"),
    [
        ("en", (1, 2), ("1 wire", "2 wires")),
        (
            "uk",
            (1, 3, 5, 11, 21),
            ("1 агенція", "3 агенції", "5 агенцій", "11 агенцій", "21 агенція"),
        ),
        (
            "ru",
            (1, 2, 5, 12, 22),
            ("1 агентство", "2 агентства", "5 агентств", "12 агентств", "22 агентства"),
        ),
    ],
)
def test_counts_take_the_plural_form_of_the_language(
    lang: str, counts: tuple[int, ...], expected: tuple[str, ...]
) -> None:
    assert tuple(tn(lang, "count_wire", n) for n in counts) == expected


def test_russian_is_chosen_from_telegrams_language_code() -> None:
    assert lang_of("ru") == "ru"
    assert t("ru", "list_lang") == "Язык: русский"


@pytest.mark.parametrize("lang", sorted(TEXTS))
@pytest.mark.parametrize("key", sorted(TEXTS["en"]))
def test_every_text_is_valid_telegram_html_even_with_hostile_values(lang: str, key: str) -> None:
    values = {name: HOSTILE for name in placeholders(TEXTS[lang][key])}
    parsed = parse_html(t(lang, key, **values))
    for name in values:
        assert HOSTILE in parsed.text, name


def test_every_command_has_a_description_telegram_accepts() -> None:
    for lang in TEXTS:
        for name in PUBLIC_COMMANDS + ADMIN_COMMANDS:
            assert 3 <= len(plain(lang, f"cmd_{name}")) <= 256


def test_descriptions_fit_telegram_limits() -> None:
    for lang in TEXTS:
        assert len(plain(lang, "description")) <= 512
        assert len(plain(lang, "short_description")) <= 120


def test_every_parameter_is_escaped_and_plain_text_is_derived_from_the_html() -> None:
    assert t("en", "list_topics", topics="<b>") == "Topics: &lt;b&gt;"
    assert t("en", "subscribed_topic", topic="A&B").startswith("Subscribed to the topic <b>A&amp;B")
    assert plain("en", "subscribed_topic", topic="A&B").startswith("Subscribed to the topic A&B")


def test_unknown_language_falls_back_to_english() -> None:
    assert lang_of("fr") == "en" and lang_of(None) == "en" and lang_of("uk") == "uk"
    assert lang_of("be") == "en"


def test_help_has_one_line_per_command_and_operators_see_more() -> None:
    public = help_text("en", admin=False)
    assert len([line for line in public.splitlines() if line.startswith("/")]) == 13
    operator = help_text("en", admin=True)
    assert all(f"/{name} " in operator for name in ADMIN_COMMANDS)
    parse_html(operator)
