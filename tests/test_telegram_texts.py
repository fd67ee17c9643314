"""Every text exists in English and Ukrainian, and renders as HTML Telegram accepts."""

from __future__ import annotations

import string

import pytest

from bot.render.texts import (
    ADMIN_COMMANDS,
    PUBLIC_COMMANDS,
    TEXTS,
    help_text,
    lang_of,
    plain,
    t,
)
from tests.support.telegram_html import parse_html

HOSTILE = '<script>alert("x")</script> & <b>'


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_exists_in_both_languages() -> None:
    assert set(TEXTS["en"]) == set(TEXTS["uk"])


@pytest.mark.parametrize("key", sorted(TEXTS["en"]))
def test_both_languages_take_the_same_parameters(key: str) -> None:
    assert placeholders(TEXTS["en"][key]) == placeholders(TEXTS["uk"][key])


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


def test_help_has_one_line_per_command_and_operators_see_more() -> None:
    public = help_text("en", admin=False)
    assert len([line for line in public.splitlines() if line.startswith("/")]) == 13
    operator = help_text("en", admin=True)
    assert all(f"/{name} " in operator for name in ADMIN_COMMANDS)
    parse_html(operator)
