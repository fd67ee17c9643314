"""Fetched bytes → ParsedFeed: normalised items, hostile XML defused, bad input as data."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.ingest.parse import MAX_ITEMS, defuse_xml, parse_feed
from tests.support.feed_server import (
    FeedItem,
    atom_feed,
    billion_laughs_document,
    external_entity_document,
    rss_feed,
    sample_items,
)

NOW = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
URL = "https://news.example/world/rss.xml"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PASSWD_MARKERS = ("root:", "/bin/", "nologin", "daemon")


def _texts(data: bytes) -> list[str]:
    parsed = parse_feed(data, URL, NOW)
    return [f"{i.title} {i.summary} {i.link} {i.guid}" for i in parsed.items] + [parsed.title or ""]


def test_rss_items_are_normalised() -> None:
    doc = rss_feed(
        [
            FeedItem(
                "Talks <b>resume</b> &amp; stall",
                "/2026/11/talks?utm_source=rss&id=3",
                guid="talks-3",
                published=datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
                summary="<p>Delegations met in <i>Geneva</i>.</p>",
            ),
        ],
        title="World &amp; Politics",
    )
    parsed = parse_feed(doc, URL, NOW)
    [item] = parsed.items
    assert parsed.problem is None
    assert parsed.title == "World & Politics"
    assert item.title == "Talks resume & stall"
    assert item.summary == "Delegations met in Geneva."
    assert item.link == "https://news.example/2026/11/talks?id=3"
    assert item.guid == "talks-3" and item.key == "guid:talks-3"
    assert item.published == datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    assert item.lang == "en"


def test_atom_items_are_normalised_with_their_timezone() -> None:
    kyiv = datetime(2026, 6, 1, 12, 0, tzinfo=UTC).astimezone(timezone(timedelta(hours=3)))
    doc = atom_feed(
        [
            FeedItem(
                "Kremlin comments",
                "https://news.example/a",
                guid="tag:a,1",
                published=kyiv,
                summary="&lt;p&gt;Statement&lt;/p&gt;",
            )
        ],
        lang="ru",
    )
    [item] = parse_feed(doc, URL, NOW).items
    assert item.published == datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert item.published.utcoffset() == timedelta(0)
    assert item.summary == "Statement"
    assert item.lang == "ru"


def test_item_without_date_gets_the_first_seen_time() -> None:
    doc = rss_feed([FeedItem("Undated", "https://news.example/u", guid="u")])
    [item] = parse_feed(doc, URL, NOW).items
    assert item.published == NOW


def test_epoch_and_future_dates_get_the_first_seen_time() -> None:
    doc = rss_feed(
        [
            FeedItem("Epoch", "https://news.example/e", published=datetime(1970, 1, 1, tzinfo=UTC)),
            FeedItem("Future", "https://news.example/f", published=NOW + timedelta(days=30)),
        ]
    )
    assert [i.published for i in parse_feed(doc, URL, NOW).items] == [NOW, NOW]


def test_language_item_else_feed_else_configured() -> None:
    no_lang = rss_feed([FeedItem("A", "https://news.example/a")], lang=None)
    assert parse_feed(no_lang, URL, NOW, default_lang="uk").items[0].lang == "uk"
    assert parse_feed(no_lang, URL, NOW).items[0].lang is None
    feed_lang = rss_feed([FeedItem("A", "https://news.example/a")], lang="ru-RU")
    assert parse_feed(feed_lang, URL, NOW, default_lang="uk").items[0].lang == "ru"
    item_lang = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
        b"<title>t</title><id>urn:f</id><updated>2026-01-01T00:00:00Z</updated>"
        b'<entry xml:lang="uk"><title>\xd0\x9c\xd0\xb8\xd1\x80</title><id>urn:1</id>'
        b'<link href="https://news.example/1"/><updated>2026-01-01T00:00:00Z</updated></entry>'
        b"</feed>"
    )
    assert parse_feed(item_lang, URL, NOW, default_lang="ru").items[0].lang == "uk"


def test_identity_falls_back_from_guid_to_link_to_text() -> None:
    doc = rss_feed(
        [
            FeedItem("With guid", "https://news.example/1", guid="g-1"),
            FeedItem("With link", "https://news.example/2?utm_medium=feed"),
            FeedItem("Text only", None, summary="Just words"),
        ]
    )
    keys = [i.key for i in parse_feed(doc, URL, NOW).items]
    assert keys[0] == "guid:g-1"
    assert keys[1].startswith("link:")
    assert keys[2].startswith("hash:")


def test_an_edited_title_keeps_the_key() -> None:
    before = parse_feed(
        rss_feed([FeedItem("Talks stall", "https://news.example/1", guid="g")]), URL, NOW
    ).items[0]
    after = parse_feed(
        rss_feed([FeedItem("Talks stall, Kremlin says", "https://news.example/1", guid="g")]),
        URL,
        NOW,
    ).items[0]
    assert before.key == after.key
    assert before.content_hash != after.content_hash


def test_unsafe_links_are_dropped_but_the_item_kept() -> None:
    doc = rss_feed(
        [
            FeedItem("Script", "javascript:alert(document.cookie)", guid="1"),
            FeedItem("Mail", "mailto:desk@news.example", guid="2"),
            FeedItem("Data", "data:text/html,<script>alert(1)</script>", guid="3"),
        ]
    )
    items = parse_feed(doc, URL, NOW).items
    assert [i.title for i in items] == ["Script", "Mail", "Data"]
    assert [i.link for i in items] == [None, None, None]


def test_a_malformed_link_does_not_lose_the_feed() -> None:
    doc = rss_feed(
        [
            FeedItem("Broken", "http://[::1/x", guid="1"),
            FeedItem("Fine", "https://news.example/fine", guid="2"),
        ]
    )
    items = parse_feed(doc, URL, NOW).items
    assert [(i.title, i.link) for i in items] == [
        ("Broken", None),
        ("Fine", "https://news.example/fine"),
    ]


def test_repeated_entries_in_one_document_come_once() -> None:
    item = FeedItem("Same", "https://news.example/s", guid="same")
    assert len(parse_feed(rss_feed([item, item, item]), URL, NOW).items) == 1


def test_item_count_is_bounded() -> None:
    doc = rss_feed(sample_items(MAX_ITEMS + 50))
    assert len(parse_feed(doc, URL, NOW).items) == MAX_ITEMS


def test_empty_entries_are_skipped_and_title_falls_back_to_summary() -> None:
    doc = rss_feed([FeedItem(None, None, summary=" "), FeedItem(None, None, summary="Only text")])
    [item] = parse_feed(doc, URL, NOW).items
    assert item.title == "Only text"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not xml at all",
        b"<html><body>Moved</body></html>",
        b"\xff\xfe\x00garbage",
        b'{"version": "https://jsonfeed.org/version/1", "items": []}',
        b"<rss><channel><item>",
    ],
)
def test_unreadable_documents_are_reported_not_raised(body: bytes) -> None:
    parsed = parse_feed(body, URL, NOW)
    assert parsed.items == ()
    assert parsed.problem is not None


def test_bytes_that_look_like_a_path_are_not_opened() -> None:
    for body in (b"/etc/passwd", b"file:///etc/passwd"):
        parsed = parse_feed(body, URL, NOW)
        assert parsed.items == ()
        assert not any(m in (parsed.problem or "") for m in PASSWD_MARKERS)


def test_seed_feeds_parse_with_their_items() -> None:
    counts = {
        path.name: len(parse_feed(path.read_bytes(), path.as_uri(), NOW).items)
        for path in sorted(SEEDS.glob("*.xml"))
    }
    assert counts["marketdash.rss.xml"] == 2  # two guids; the store makes them one
    assert sum(counts.values()) == 7
    assert all(counts.values())


# XML entity tricks


def _assert_no_leak(texts: list[str]) -> None:
    joined = "\n".join(texts)
    assert not any(marker in joined for marker in PASSWD_MARKERS)
    assert "lollol" not in joined
    assert len(joined) < 10_000


def test_billion_laughs_does_not_expand() -> None:
    tracemalloc.start()
    try:
        parsed = parse_feed(billion_laughs_document(), URL, NOW)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    assert parsed.problem is not None and "entity" in parsed.problem
    _assert_no_leak(_texts(billion_laughs_document()))


def test_external_entity_does_not_read_local_files() -> None:
    parsed = parse_feed(external_entity_document("file:///etc/passwd"), URL, NOW)
    assert parsed.problem is not None and "entity" in parsed.problem
    _assert_no_leak(_texts(external_entity_document("file:///etc/passwd")))


def test_external_entity_to_a_local_secret_file_does_not_leak(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    texts = _texts(external_entity_document(secret.as_uri()))
    assert not any("TOP-SECRET-TOKEN" in t for t in texts)


@pytest.mark.parametrize(
    "variant",
    ["utf-16", "padded-prolog", "parameter-entity", "external-dtd"],
)
def test_entity_tricks_in_disguise_do_not_leak_or_expand(variant: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:TOP-SECRET")
    xxe = external_entity_document(secret.as_uri())
    bomb = billion_laughs_document()
    if variant == "utf-16":
        docs = [
            d.decode()
            .replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>')
            .encode("utf-16")
            for d in (xxe, bomb)
        ]
    elif variant == "padded-prolog":  # declarations pushed past the first 64 KiB
        pad = b'<?xml version="1.0"?>\n<!--' + b"x" * 70_000 + b"-->\n"
        docs = [pad + d.split(b"\n", 1)[1] for d in (xxe, bomb)]
    elif variant == "parameter-entity":
        docs = [
            b"\n".join(
                [
                    b'<?xml version="1.0"?>',
                    b'<!DOCTYPE rss [<!ENTITY % p SYSTEM "'
                    + secret.as_uri().encode()
                    + b'"> %p;]>',
                    b'<rss version="2.0"><channel><title>t</title><item><title>x</title>'
                    b"<link>https://a.example/1</link></item></channel></rss>",
                ]
            )
        ]
    else:
        docs = [
            b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "' + secret.as_uri().encode() + b'">'
            b'<rss version="2.0"><channel><title>t</title><item><title>x</title>'
            b"<link>https://a.example/1</link></item></channel></rss>"
        ]
    tracemalloc.start()
    try:
        texts = [t for doc in docs for t in _texts(doc)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    _assert_no_leak(texts)
    assert not any("TOP-SECRET" in t for t in texts)


def test_defuse_leaves_ordinary_documents_alone() -> None:
    doc = rss_feed(sample_items(3))
    assert defuse_xml(doc) == (doc, None)
    safe, note = defuse_xml(billion_laughs_document())
    assert b"<!ENTITY" not in safe and note is not None


@pytest.mark.parametrize(
    "hostile",
    [
        b"<?xml version='1.0'?><!ENTITY x 'y'>" + b"<!DOCTYPE x [" * 200_000,
        b"<?xml version='1.0'?>" + b"<!ENTITY" * 200_000,
        b"<?xml version='1.0'?><!ENTITY x><!DOCTYPE x [" + b"] " * 500_000,
    ],
    ids=["unclosed-doctypes", "unclosed-entities", "stray-brackets"],
)
def test_malformed_declarations_are_refused_in_one_pass(hostile: bytes) -> None:
    """Megabytes of unclosed declarations: a backtracking regex needed hours for these."""
    safe, note = defuse_xml(hostile)
    assert note is not None
    assert b"<!ENTITY" not in safe[:65536]
    parsed = parse_feed(hostile, URL, NOW)
    assert parsed.items == () and parsed.problem is not None


def test_a_doctype_without_subset_is_left_alone() -> None:
    doc = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd">'
        b'<rss version="0.91"><channel><title>t</title><item><title>Kept</title>'
        b"<link>https://a.example/1</link></item></channel></rss>"
    )
    assert defuse_xml(doc) == (doc, None)
    assert [i.title for i in parse_feed(doc, URL, NOW).items] == ["Kept"]
