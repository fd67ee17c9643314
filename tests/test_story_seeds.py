"""The five sample articles cluster the way a reader would group them.

Built from /work/shared/seeds (title + first paragraph, the way a feed carries them):

* 000 is MarketDash's Budanov story, pushed twice into its feed: one story.
* 001 exists in English and (The Public's) Ukrainian: one story across languages.
* 000 (Budanov interview after the February 2026 Geneva round), 003 (Kremlin "encouraged"
  after Putin met the U.S. envoys, December 2025) and 004 (Putin in Bishkek on the
  28-point plan, November 2025) are all about the talks but are three different events.
* 002 is a March 2022 article on the neutrality plan: same theme, different war year.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.stories.clustering import StoryClusterer, StoryInput

ART_000_TITLE = (
    "Russia Might Accept U.S. Security Plan for Ukraine, Official Says, "
    "But Don't Pop the Champagne Yet"
)
ART_000_SUMMARY = (
    "A Ukrainian official says Russia signaled openness to U.S.-backed security guarantees in "
    "recent talks, though major gaps remain. A ceasefire was also agreed for repairs at a "
    "critical nuclear plant."
)
ART_001_TITLE_EN = (
    "The US and Russia are discussing a possible ‘ceasefire’ without security guarantees "
    "for Ukraine — media reports"
)
ART_001_SUMMARY_EN = (
    "This is reported by Liga.net, citing government sources and Ukrainian intelligence."
)
ART_001_TITLE_UK = (
    "США та РФ обговорюють можливе «перемир’я» без гарантій безпеки для України — ЗМІ"
)
ART_001_SUMMARY_UK = (
    "Про це повідомляє Liga.net із посиланням на урядові джерела та українську розвідку."
)
ART_002_TITLE = "Russia, Ukraine Signal Progress Being Made in Negotiations"
ART_002_SUMMARY = "Financial Times reports the two sides have drawn up a neutrality plan"
ART_003_TITLE = "Kremlin Says It Is Encouraged By U.S. Talks, Ready To Negotiate Further"
ART_003_SUMMARY = (
    'The Kremlin said Moscow was "encouraged" by recent talks with U.S. envoys and signaled '
    "willingness to continue negotiations over Ukraine, after President Vladimir Putin held "
    "an extended meeting with two American mediators. The development matters because any "
    "breakthrough between Washington and Moscow could reshape sanctions, energy markets, and "
    "the security calculus in Europe, while Kyiv warns that talk cannot substitute for a "
    "genuine ceasefire that preserves Ukrainian sovereignty."
)
ART_004_TITLE = (
    "Ukraine peace talks gain momentum as Trump plan draws cautious approval from Moscow and Kyiv"
)
ART_004_SUMMARY = (
    "Ukraine and Russia signalled cautious openness to a U.S.-backed draft peace plan on "
    "Thursday, with both Kyiv and Moscow suggesting it could form the basis of future "
    "negotiations — though deep disagreements remain over legitimacy and territorial status."
)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def seed_items(squeeze_into: datetime | None = None) -> list[StoryInput]:
    """The seed articles as items, at their real times or all within a few hours."""
    rows = [
        ("004", "en", "anewz", "2025-11-27T17:40:00+00:00", ART_004_TITLE, ART_004_SUMMARY),
        ("003", "en", "prismedia", "2025-12-05T17:30:00+00:00", ART_003_TITLE, ART_003_SUMMARY),
        ("000a", "en", "marketdash", "2026-02-20T15:12:00+00:00", ART_000_TITLE, ART_000_SUMMARY),
        ("000b", "en", "marketdash", "2026-02-20T15:47:00+00:00", ART_000_TITLE, ART_000_SUMMARY),
        (
            "001uk",
            "uk",
            "thepublic-uk",
            "2026-03-12T08:40:00+00:00",
            ART_001_TITLE_UK,
            ART_001_SUMMARY_UK,
        ),
        (
            "001en",
            "en",
            "thepublic-en",
            "2026-03-12T09:05:00+00:00",
            ART_001_TITLE_EN,
            ART_001_SUMMARY_EN,
        ),
        ("002", "en", "antiwar", "2022-03-16T19:22:00+00:00", ART_002_TITLE, ART_002_SUMMARY),
    ]
    items = [
        StoryInput(id=i, lang=lang, source=src, published=_at(ts), title=t, summary=s)
        for i, lang, src, ts, t, s in rows
    ]
    if squeeze_into is not None:
        items = [
            StoryInput(
                item.id,
                item.lang,
                item.source,
                squeeze_into + timedelta(minutes=20 * n),
                item.title,
                item.summary,
            )
            for n, item in enumerate(items)
        ]
    return sorted(items, key=lambda item: item.published)


def _stories(items: list[StoryInput]) -> dict[str, str]:
    clusterer = StoryClusterer()
    return {item.id: clusterer.add(item).story_id for item in items}


EXPECTED = {
    "000a": "000a",
    "000b": "000a",
    "001uk": "001uk",
    "001en": "001uk",
    "002": "002",
    "003": "003",
    "004": "004",
}


def test_seed_articles_cluster_into_five_stories_at_their_real_times() -> None:
    assert _stories(seed_items()) == EXPECTED


def test_seed_articles_cluster_by_content_even_inside_one_window() -> None:
    """All seven items within a little over two hours: only the text can keep them apart."""
    squeezed = seed_items(squeeze_into=datetime(2026, 2, 20, 12, 0, tzinfo=UTC))
    assert _stories(squeezed) == EXPECTED


def test_marketdash_repeat_is_one_story_with_one_outlet() -> None:
    clusterer = StoryClusterer()
    for item in seed_items():
        clusterer.add(item)
        if item.id == "000b":
            break
    story = clusterer.story("000a")
    assert story is not None
    assert story.member_ids == ("000a", "000b")
    assert story.outlets == ("marketdash",)
