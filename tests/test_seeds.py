"""The bundled sample feeds in seeds/ are well-formed and contain what seeds/README.md documents."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import feedparser
import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

MARKETDASH_LINK = (
    "https://www.marketdash.com/stock-market-news/63700/"
    "russia-might-accept-us-security-plan-for-ukraine-official-says-but-dont-pop-the-champagne-yet"
)

# file -> (feedparser version, language, [(published UTC, link), ...] in feed order)
EXPECTED: dict[str, tuple[str, str, list[tuple[datetime, str]]]] = {
    "marketdash.rss.xml": (
        "rss20",
        "en-us",
        [
            (
                datetime(2026, 2, 20, 15, 47, tzinfo=UTC),
                MARKETDASH_LINK + "?utm_source=rss&utm_medium=feed&utm_campaign=stock-market-news",
            ),
            (datetime(2026, 2, 20, 15, 12, tzinfo=UTC), MARKETDASH_LINK),
        ],
    ),
    "antiwar.rss.xml": (
        "rss20",
        "en-US",
        [
            (
                datetime(2022, 3, 16, 19, 22, 41, tzinfo=UTC),
                "https://news.antiwar.com/2022/03/16/"
                "russia-ukraine-signal-progress-being-made-in-negotiations/",
            )
        ],
    ),
    "anewz.rss.xml": (
        "rss20",
        "en",
        [
            (
                datetime(2025, 11, 27, 17, 40, tzinfo=UTC),
                "https://anewz.tv/world/world-news/15701/"
                "trump-plan-draws-cautious-approval-from-moscow-kyiv/news",
            )
        ],
    ),
    "thepublic-en.atom.xml": (
        "atom10",
        "en",
        [
            (
                datetime(2026, 3, 12, 9, 5, tzinfo=UTC),
                "https://thepublic.info/en/news/"
                "ssa-ta-rf-obgovoriuiut-mozlive-peremiria-bez-garantii-bezpeki-dlia-ukrayini-zmi",
            )
        ],
    ),
    "thepublic-uk.rss.xml": (
        "rss20",
        "uk",
        [
            (
                datetime(2026, 3, 12, 8, 40, tzinfo=UTC),
                "https://thepublic.info/news/"
                "ssa-ta-rf-obgovoriuiut-mozlive-peremiria-bez-garantii-bezpeki-dlia-ukrayini-zmi",
            )
        ],
    ),
    "prismedia.atom.xml": (
        "atom10",
        "en",
        [
            (
                datetime(2025, 12, 5, 17, 30, tzinfo=UTC),
                "https://www.prismedia.ai/news/"
                "kremlin-says-it-is-encouraged-by-us-talks-ready-to-negotiate-further",
            )
        ],
    ),
}


def parse(name: str) -> Any:
    return feedparser.parse((SEEDS / name).read_bytes())


def published_utc(entry: Any) -> datetime:
    return datetime.fromtimestamp(calendar.timegm(entry.published_parsed), tz=UTC)


def without_query(link: str) -> str:
    scheme, netloc, path, _query, _fragment = urlsplit(link)
    return urlunsplit((scheme, netloc, path, "", ""))


def test_every_seed_file_is_documented_and_tested() -> None:
    on_disk = {p.name for p in SEEDS.glob("*.xml")}
    assert on_disk == set(EXPECTED)
    readme = (SEEDS / "README.md").read_text(encoding="utf-8")
    for name in on_disk:
        assert f"`{name}`" in readme


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_feed_parses_cleanly_with_expected_items(name: str) -> None:
    version, lang, items = EXPECTED[name]
    parsed = parse(name)

    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == version
    assert parsed.feed.language == lang
    assert [(published_utc(e), e.link) for e in parsed.entries] == items
    for entry in parsed.entries:
        assert entry.title.strip()
        assert entry.summary.strip()
        assert entry.id
        assert urlsplit(entry.link).scheme == "https"


def test_marketdash_carries_article_000_twice_under_two_guids_and_one_canonical_link() -> None:
    first, second = parse("marketdash.rss.xml").entries

    assert first.id != second.id
    assert first.title == second.title
    assert "utm_source=rss" in first.link
    assert "utm_" not in second.link
    assert without_query(first.link) == second.link == MARKETDASH_LINK
    assert second.summary.startswith(first.summary.removesuffix("</p>"))


def test_descriptions_keep_html_and_entities_as_real_feeds_do() -> None:
    marketdash = parse("marketdash.rss.xml").entries
    assert all("<p>" in e.summary for e in marketdash)
    assert all("Here&#8217;s" in e.summary or "Here’s" in e.summary for e in marketdash)
    assert "&quot;encouraged&quot;" in parse("prismedia.atom.xml").entries[0].summary


def test_ukrainian_edition_is_a_separate_item_in_ukrainian() -> None:
    (english,) = parse("thepublic-en.atom.xml").entries
    (ukrainian,) = parse("thepublic-uk.rss.xml").entries

    assert ukrainian.link != english.link
    assert "Liga.net" in english.summary and "Liga.net" in ukrainian.summary
    assert "України" in ukrainian.title
    assert "Ukraine" in english.title


def test_authors_are_kept_where_the_article_names_them() -> None:
    assert parse("antiwar.rss.xml").entries[0].author == "Dave DeCamp"
    assert parse("prismedia.atom.xml").entries[0].author == "Sarah Chen"
    assert parse("anewz.rss.xml").entries[0].author == "Reuters"
