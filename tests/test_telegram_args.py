"""Argument parsing for the bot's commands: plain values in, checked values out."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.telegram.args import (
    ArgError,
    ChannelRef,
    DigestRequest,
    KeywordTarget,
    TopicTarget,
    clean,
    parse_channel_ref,
    parse_digest_args,
    parse_duration,
    parse_latest_count,
    parse_target,
    split_args,
)
from bot.telegram.setting_args import (
    SettingChange,
    parse_digest_time,
    parse_language,
    parse_setting,
    parse_timezone,
)

TOPICS = [
    ("ceasefire", "Ceasefire"),
    ("nuclear-plant", "Zaporizhzhia nuclear plant"),
    ("prisoners", "Prisoners and deported children"),
    ("sanctions", "Sanctions"),
]


def error_of(call: object) -> ArgError:
    with pytest.raises(ArgError) as caught:
        assert callable(call)
        call()
    return caught.value


# ------------------------------------------------------------------ splitting


def test_quoted_phrase_is_one_argument() -> None:
    assert split_args('"prisoner swap" 3d') == ['"prisoner swap"', "3d"]


def test_typographic_quotes_are_quotes() -> None:
    assert split_args("“peace plan”") == ["“peace plan”"]
    assert split_args("«мирний план»") == ["«мирний план»"]


def test_unclosed_quote_runs_to_the_end() -> None:
    assert split_args('"prisoner swap') == ['"prisoner swap"']


def test_control_and_direction_characters_are_dropped() -> None:
    assert clean("truce\u202e\x00\x07 talks\u200f") == "truce talks"


def test_newlines_are_spaces() -> None:
    assert split_args("a\nb\tc") == ["a", "b", "c"]


def test_arguments_are_bounded() -> None:
    assert len(clean("x" * 100_000)) == 300


# ------------------------------------------------------------------ subscribe targets


def test_topic_id_is_a_topic() -> None:
    assert parse_target("ceasefire", TOPICS) == TopicTarget("ceasefire")


def test_topic_name_in_any_case_is_a_topic() -> None:
    assert parse_target("CEASEFIRE", TOPICS) == TopicTarget("ceasefire")
    assert parse_target("Zaporizhzhia nuclear plant", TOPICS) == TopicTarget("nuclear-plant")


def test_underscore_spelling_of_a_topic_id() -> None:
    assert parse_target("nuclear_plant", TOPICS) == TopicTarget("nuclear-plant")


def test_any_other_word_is_a_keyword() -> None:
    assert parse_target("Umerov", TOPICS) == KeywordTarget("Umerov")


def test_unquoted_words_are_one_phrase() -> None:
    assert parse_target("prisoner swap", TOPICS) == KeywordTarget("prisoner swap")


def test_quoted_phrase_is_a_keyword() -> None:
    assert parse_target('"prisoner swap"', TOPICS) == KeywordTarget("prisoner swap")


def test_near_miss_topic_suggests_the_topic() -> None:
    error = error_of(lambda: parse_target("ceasfire", TOPICS))
    assert error.key == "did_you_mean"
    assert error.params == {"given": "ceasfire", "topic": "ceasefire"}


def test_quotes_force_a_keyword_even_for_a_near_miss() -> None:
    assert parse_target('"ceasfire"', TOPICS) == KeywordTarget("ceasfire")


def test_quoted_topic_id_is_a_keyword() -> None:
    assert parse_target('"sanctions"', TOPICS) == KeywordTarget("sanctions")


def test_nothing_to_subscribe_to() -> None:
    assert error_of(lambda: parse_target("  \u202e ", TOPICS)).key == "missing_argument"


# ------------------------------------------------------------------ durations and counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        ("1d", timedelta(days=1)),
        ("1w", timedelta(weeks=1)),
        ("1h30m", timedelta(minutes=90)),
        ("2H", timedelta(hours=2)),
    ],
)
def test_mute_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "2", "two hours", "0m", "-2h", "2x", "<b>2h</b>"])
def test_bad_durations(text: str) -> None:
    assert error_of(lambda: parse_duration(text)).key == "bad_duration"


def test_mute_at_most_thirty_days() -> None:
    assert parse_duration("30d") == timedelta(days=30)
    assert error_of(lambda: parse_duration("31d")).key == "mute_too_long"


def test_latest_count_defaults_to_five() -> None:
    assert parse_latest_count([]) == 5


@pytest.mark.parametrize(("given", "count"), [(["1"], 1), (["20"], 20), (["07"], 7)])
def test_latest_count_bounds(given: list[str], count: int) -> None:
    assert parse_latest_count(given) == count


@pytest.mark.parametrize("given", [["0"], ["21"], ["-3"], ["five"], ["1", "2"], ["9" * 50]])
def test_latest_count_out_of_bounds(given: list[str]) -> None:
    assert error_of(lambda: parse_latest_count(given)).key == "bad_count"


# ------------------------------------------------------------------ digest


def test_digest_without_arguments() -> None:
    assert parse_digest_args([], TOPICS) == DigestRequest(None, None)


def test_digest_period_and_topic_in_either_order() -> None:
    expected = DigestRequest(timedelta(hours=24), "ceasefire")
    assert parse_digest_args(["24h", "ceasefire"], TOPICS) == expected
    assert parse_digest_args(["ceasefire", "24h"], TOPICS) == expected


def test_digest_bad_period() -> None:
    error = error_of(lambda: parse_digest_args(["90d"], TOPICS))
    assert (error.key, error.params) == ("bad_period", {"given": "90d"})


def test_digest_topic_near_miss() -> None:
    assert error_of(lambda: parse_digest_args(["sanctons"], TOPICS)).key == "did_you_mean"


def test_digest_unknown_word() -> None:
    assert error_of(lambda: parse_digest_args(["yesterday"], TOPICS)).key == "bad_digest_args"


# ------------------------------------------------------------------ settings


def test_timezone_is_canonicalised() -> None:
    assert parse_timezone("europe/kyiv") == "Europe/Kyiv"
    assert parse_timezone("UTC") == "UTC"


def test_timezone_near_miss_is_suggested() -> None:
    error = error_of(lambda: parse_timezone("Europe/Kyv"))
    assert error.key == "bad_timezone_near" and error.params["suggestion"] == "Europe/Kyiv"


@pytest.mark.parametrize("text", ["Mars/Olympus", "../../etc/passwd", "", "<b>"])
def test_not_a_timezone(text: str) -> None:
    assert error_of(lambda: parse_timezone(text)).key in ("bad_timezone", "bad_timezone_near")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("08:00", time(8, 0)), ("8:05", time(8, 5)), ("23.59", time(23, 59)), ("off", None)],
)
def test_digest_times(text: str, expected: time | None) -> None:
    assert parse_digest_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "8", "08:60", "noon", ""])
def test_bad_digest_times(text: str) -> None:
    assert error_of(lambda: parse_digest_time(text)).key == "bad_time"


def test_languages() -> None:
    assert parse_language("UK") == "uk"
    assert parse_language("english") == "en"
    assert error_of(lambda: parse_language("fr")).key == "bad_language"


@pytest.mark.parametrize(
    ("args", "change"),
    [
        (["tz", "Europe/Kyiv"], SettingChange("tz", "Europe/Kyiv")),
        (["timezone", "america/new_york"], SettingChange("tz", "America/New_York")),
        (["digest", "08:00"], SettingChange("digest", time(8, 0))),
        (["digest", "off"], SettingChange("digest", None)),
        (["lang", "uk"], SettingChange("lang", "uk")),
        (["mode", "every"], SettingChange("every", True)),
        (["mode", "first"], SettingChange("every", False)),
    ],
)
def test_settings(args: list[str], change: SettingChange) -> None:
    assert parse_setting(args) == change


@pytest.mark.parametrize("args", [[], ["tz"], ["colour", "blue"]])
def test_settings_usage(args: list[str]) -> None:
    assert error_of(lambda: parse_setting(args)).key == "settings_usage"


def test_bad_mode() -> None:
    assert error_of(lambda: parse_setting(["mode", "sometimes"])).key == "bad_mode"


# ------------------------------------------------------------------ channels


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("@peace_news", ChannelRef(username="peace_news")),
        ("peace_news", ChannelRef(username="peace_news")),
        ("https://t.me/peace_news", ChannelRef(username="peace_news")),
        ("-1001234567890", ChannelRef(chat_id=-1001234567890)),
    ],
)
def test_channel_references(text: str, ref: ChannelRef) -> None:
    assert parse_channel_ref(text) == ref


def test_channel_reference_api_value() -> None:
    assert ChannelRef(username="peace_news").api_value == "@peace_news"
    assert ChannelRef(chat_id=-100123).api_value == -100123


@pytest.mark.parametrize("text", ["@a", "<script>", "@peace news", ""])
def test_bad_channel_references(text: str) -> None:
    assert error_of(lambda: parse_channel_ref(text)).key == "bad_channel"
