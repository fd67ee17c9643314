"""Normalisation rules, each with plain values: text, links, dates, languages, identity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.ingest.normalize import (
    canonical_link,
    content_hash,
    item_key,
    plain_text,
    primary_language,
    sane_published,
)

FEED_URL = "https://news.example/world/rss.xml"
FIRST_SEEN = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
MAX = 2000


# text


def test_html_is_stripped_to_plain_text() -> None:
    assert plain_text("<p>Talks <b>resume</b> in <a href='x'>Geneva</a></p>") == (
        "Talks resume in Geneva"
    )


def test_block_tags_separate_words() -> None:
    assert plain_text("<p>Ceasefire</p><p>agreed</p>line<br>break") == "Ceasefire agreed line break"


def test_script_and_style_content_is_dropped() -> None:
    assert plain_text("<style>p{}</style><script>alert(1)</script>Kyiv responds") == (
        "Kyiv responds"
    )


def test_entities_are_unescaped() -> None:
    assert plain_text("Putin &amp; Trump: &#8220;progress&#8221; &mdash; Kremlin") == (
        "Putin & Trump: “progress” — Kremlin"
    )


def test_double_escaped_entities_are_unescaped() -> None:
    assert plain_text("Zelenskyy&amp;#8217;s plan &amp;amp; NATO") == "Zelenskyy’s plan & NATO"


def test_double_escaped_markup_is_stripped() -> None:
    assert plain_text("&lt;p&gt;Talks &lt;b&gt;stall&lt;/b&gt;&lt;/p&gt;") == "Talks stall"


def test_a_lone_less_than_sign_is_text_not_a_tag() -> None:
    assert plain_text("Turnout 2 < 3 and 5 > 4") == "Turnout 2 < 3 and 5 > 4"


def test_whitespace_is_collapsed() -> None:
    assert plain_text("  Peace\n\n\ttalks \u00a0 in   Istanbul \r\n") == "Peace talks in Istanbul"


def test_control_and_bidi_characters_are_removed() -> None:
    title = "Pea\x00ce\x07 talks\u202e reversed\u200b\u2066x\u2069\ufeff\x85"
    cleaned = plain_text(title)
    assert cleaned == "Peace talks reversedx"
    assert not any(ch in cleaned for ch in "\x00\x07\u202e\u200b\u2066\u2069\ufeff\x85")


def test_long_text_is_cut_with_an_ellipsis() -> None:
    assert plain_text("word " * 100, max_length=20) == "word word word word…"


@pytest.mark.parametrize("empty", [None, "", "<p></p>", "   "])
def test_empty_text_is_empty(empty: str | None) -> None:
    assert plain_text(empty) == ""


# links


def test_relative_link_is_made_absolute_against_the_feed_url() -> None:
    assert canonical_link("/2026/11/talks", FEED_URL) == "https://news.example/2026/11/talks"
    assert canonical_link("talks.html", FEED_URL) == "https://news.example/world/talks.html"
    assert canonical_link("//cdn.example/a", FEED_URL) == "https://cdn.example/a"


def test_tracking_parameters_are_removed() -> None:
    link = (
        "https://news.example/a?id=7&utm_source=rss&utm_medium=feed&UTM_Campaign=x"
        "&fbclid=abc&gclid=1&mc_cid=2&page=2#comments"
    )
    assert canonical_link(link) == "https://news.example/a?id=7&page=2"


def test_host_and_scheme_are_lowercased_and_default_port_dropped() -> None:
    assert canonical_link("HTTPS://News.Example:443/A") == "https://news.example/A"
    assert canonical_link("http://news.example:8080") == "http://news.example:8080/"


def test_ipv6_host_keeps_its_brackets() -> None:
    assert canonical_link("http://[::1]:8080/a?utm_source=x") == "http://[::1]:8080/a"


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "mailto:editor@news.example",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://news.example/a",
        "file:///etc/passwd",
        "http://",
        "http://[::1/broken",
        "",
        None,
    ],
)
def test_non_http_links_are_dropped(link: str | None) -> None:
    assert canonical_link(link, FEED_URL) is None


def test_invisible_characters_in_links_are_removed() -> None:
    assert canonical_link("\u200bhttps://news.example/a\u202e ") == "https://news.example/a"


# dates


def test_published_time_is_converted_to_utc() -> None:
    kyiv_summer = timezone(timedelta(hours=3))
    published = datetime(2026, 6, 1, 12, 0, tzinfo=kyiv_summer)
    result = sane_published(published, FIRST_SEEN)
    assert result == datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    assert result.utcoffset() == timedelta(0)


def test_naive_published_time_is_taken_as_utc() -> None:
    assert sane_published(datetime(2026, 6, 1, 12, 0), FIRST_SEEN) == datetime(
        2026, 6, 1, 12, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "published",
    [
        None,
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(1900, 5, 5, tzinfo=UTC),
        FIRST_SEEN + timedelta(days=3),
        datetime(2099, 1, 1, tzinfo=UTC),
    ],
)
def test_missing_future_or_epoch_dates_fall_back_to_first_seen(
    published: datetime | None,
) -> None:
    assert sane_published(published, FIRST_SEEN) == FIRST_SEEN


def test_a_few_hours_of_clock_skew_is_tolerated() -> None:
    ahead = FIRST_SEEN + timedelta(hours=2)
    assert sane_published(ahead, FIRST_SEEN) == ahead


# language


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-US", "en"),
        ("uk", "uk"),
        ("RU_ru", "ru"),
        (" de ", "de"),
        ("", None),
        (None, None),
        ("english", None),
        ("12", None),
    ],
)
def test_primary_language(tag: str | None, expected: str | None) -> None:
    assert primary_language(tag) == expected


# identity


def test_identity_prefers_the_guid() -> None:
    key = item_key("urn:uuid:42", "https://news.example/a", "Title", "Summary")
    assert key == "guid:urn:uuid:42"


def test_identity_falls_back_to_the_canonical_link() -> None:
    a = item_key(None, canonical_link("https://news.example/a?utm_source=x"), "T", "S")
    b = item_key("  ", canonical_link("https://news.example/a"), "Other", "Text")
    assert a == b
    assert a.startswith("link:")


def test_identity_without_guid_or_link_is_a_hash_of_title_and_summary() -> None:
    key = item_key(None, None, "Talks resume", "In Geneva")
    assert key == "hash:" + content_hash("Talks resume", "In Geneva")
    assert key != item_key(None, None, "Talks resume", "In Istanbul")


def test_an_edited_title_keeps_the_key_but_changes_the_content_hash() -> None:
    before = item_key("guid-1", "https://news.example/a", "Talks stall", "Body")
    after = item_key("guid-1", "https://news.example/a", "Talks stall, Kremlin says", "Body")
    assert before == after
    assert content_hash("Talks stall", "Body") != content_hash("Talks stall, Kremlin says", "Body")


def test_a_very_long_guid_gives_a_bounded_key() -> None:
    key = item_key("x" * 5000, None, "T", "S")
    assert len(key) <= 250
    assert key == item_key("x" * 5000, None, "Other", "Text")


def test_an_overlong_link_is_dropped() -> None:
    assert canonical_link("https://news.example/" + "a" * 1900) is not None
    assert canonical_link("https://news.example/" + "a" * 3000) is None


@pytest.mark.parametrize(
    "hostile",
    ["<a b='" * 20_000, '<a b="' * 20_000, "<!--" * 20_000, "<script " * 20_000],
    ids=["single-quote", "double-quote", "comment", "script"],
)
def test_unclosed_markup_is_handled_without_blowing_up(hostile: str) -> None:
    """Python 3.11's html.parser needs minutes for these 120 kB; ours is one forward pass."""
    text = plain_text(hostile, max_length=MAX)
    assert len(text) <= MAX
    assert "<!--" not in text


def test_quoted_attributes_may_hold_angle_brackets() -> None:
    assert plain_text("<a title='x > y' href=\"/a?b>c\">Talks</a> end") == "Talks end"
    assert plain_text("<img alt='<b>'>Caption") == "Caption"


def test_comments_and_declarations_are_not_text() -> None:
    assert plain_text("<!-- note --><![CDATA[x]]><?php echo 1 ?>Kyiv<!-- open") == "Kyiv"
