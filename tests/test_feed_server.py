"""The fake feed server behaves like the misbehaving feeds the poller must survive."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import defusedxml
import defusedxml.ElementTree
import feedparser
import httpx
import pytest

from tests.support.feed_server import (
    FeedItem,
    FeedServer,
    MiB,
    Reply,
    atom_feed,
    billion_laughs_document,
    external_entity_document,
    rss_feed,
    sample_items,
)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http


def test_etag_gives_200_then_304_and_the_log_shows_the_conditional_request(
    server: FeedServer, client: httpx.Client
) -> None:
    server.feed("/news.rss", rss_feed(sample_items(3)), last_modified=False)

    first = client.get(server.url("/news.rss"))
    second = client.get(server.url("/news.rss"), headers={"If-None-Match": first.headers["ETag"]})

    assert first.status_code == 200
    assert feedparser.parse(first.content).entries
    assert second.status_code == 304
    assert second.content == b""
    assert second.headers["ETag"] == first.headers["ETag"]
    log = server.requests_to("/news.rss")
    assert [r.status for r in log] == [200, 304]
    assert "If-None-Match" not in log[0].headers
    assert log[1].headers["If-None-Match"] == first.headers["ETag"]


def test_appending_an_item_changes_the_etag_and_the_old_one_no_longer_matches(
    server: FeedServer, client: httpx.Client
) -> None:
    items = sample_items(2)
    server.feed("/news.rss", rss_feed(items))
    old = client.get(server.url("/news.rss"))

    server.update("/news.rss", rss_feed([*sample_items(1, prefix="new"), *items]))
    new = client.get(server.url("/news.rss"), headers={"If-None-Match": old.headers["ETag"]})

    assert new.status_code == 200
    assert new.headers["ETag"] != old.headers["ETag"]
    assert len(feedparser.parse(new.content).entries) == 3


def test_last_modified_gives_304_until_the_feed_changes(
    server: FeedServer, client: httpx.Client
) -> None:
    server.feed("/feed.atom", atom_feed(sample_items(2)), etag=False)

    first = client.get(server.url("/feed.atom"))
    since = {"If-Modified-Since": first.headers["Last-Modified"]}
    unchanged = client.get(server.url("/feed.atom"), headers=since)
    server.update("/feed.atom", atom_feed(sample_items(3)))
    changed = client.get(server.url("/feed.atom"), headers=since)

    assert "ETag" not in first.headers
    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert parsedate_to_datetime(changed.headers["Last-Modified"]) > parsedate_to_datetime(
        first.headers["Last-Modified"]
    )


def test_feed_without_validators_is_served_in_full_every_time(
    server: FeedServer, client: httpx.Client
) -> None:
    server.feed("/plain.rss", rss_feed(sample_items(1)), etag=False, last_modified=False)

    response = client.get(
        server.url("/plain.rss"),
        headers={"If-None-Match": "*", "If-Modified-Since": "Sat, 21 Nov 2099 00:00:00 GMT"},
    )

    assert response.status_code == 200
    assert "ETag" not in response.headers
    assert "Last-Modified" not in response.headers


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirect_points_at_the_new_location(
    server: FeedServer, client: httpx.Client, status: int
) -> None:
    server.feed("/new.rss", rss_feed(sample_items(1)))
    server.redirect("/old.rss", "/new.rss", status=status)

    direct = client.get(server.url("/old.rss"))
    followed = client.get(server.url("/old.rss"), follow_redirects=True)

    assert direct.status_code == status
    assert direct.headers["Location"] == server.url("/new.rss")
    assert followed.status_code == 200
    assert followed.url == server.url("/new.rss")


def test_rate_limit_sends_retry_after_in_seconds_or_as_an_http_date(
    server: FeedServer, client: httpx.Client
) -> None:
    later = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    server.error("/busy.rss", 429, retry_after=120)
    server.error("/down.rss", 503, retry_after=later)

    busy = client.get(server.url("/busy.rss"))
    down = client.get(server.url("/down.rss"))

    assert (busy.status_code, busy.headers["Retry-After"]) == (429, "120")
    assert down.status_code == 503
    assert down.headers["Retry-After"] == "Sun, 22 Nov 2026 08:00:00 GMT"


def test_sequence_fails_twice_then_recovers_and_stays_up(
    server: FeedServer, client: httpx.Client
) -> None:
    server.sequence("/flaky.rss", [500, 500, Reply(body=rss_feed(sample_items(1)))])

    statuses = [client.get(server.url("/flaky.rss")).status_code for _ in range(4)]

    assert statuses == [500, 500, 200, 200]


def test_gone_and_unknown_paths(server: FeedServer, client: httpx.Client) -> None:
    server.error("/dead.rss", 410)

    assert client.get(server.url("/dead.rss")).status_code == 410
    assert client.get(server.url("/never-configured.rss")).status_code == 404


def test_gzip_response_is_compressed_on_the_wire_and_decoded_by_the_client(
    server: FeedServer, client: httpx.Client
) -> None:
    body = rss_feed(sample_items(20))
    server.feed("/zipped.rss", body, gzip=True)

    decoded = client.get(server.url("/zipped.rss"))
    with client.stream("GET", server.url("/zipped.rss")) as raw_response:
        raw = b"".join(raw_response.iter_raw())

    assert decoded.headers["Content-Encoding"] == "gzip"
    assert decoded.content == body
    assert gzip.decompress(raw) == body
    assert len(raw) < len(body)


def test_gzip_bomb_is_small_on_the_wire_and_huge_decompressed(
    server: FeedServer, client: httpx.Client
) -> None:
    server.gzip_bomb("/bomb.rss", decompressed_size=32 * MiB)

    with client.stream("GET", server.url("/bomb.rss")) as response:
        wire = sum(len(chunk) for chunk in response.iter_raw())
    with client.stream("GET", server.url("/bomb.rss")) as response:
        decompressed = sum(len(chunk) for chunk in response.iter_bytes())

    assert decompressed == 32 * MiB
    assert wire * 500 < decompressed


@pytest.mark.parametrize("chunked", [False, True])
def test_big_body_is_a_well_formed_feed_of_the_requested_size(
    server: FeedServer, client: httpx.Client, chunked: bool
) -> None:
    server.big("/big.rss", MiB // 2, chunked=chunked)

    response = client.get(server.url("/big.rss"))

    assert len(response.content) == MiB // 2
    assert ("Content-Length" in response.headers) is not chunked
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0
    assert len(parsed.entries) > 500


def test_slow_server_trips_the_client_timeout(server: FeedServer, client: httpx.Client) -> None:
    server.slow("/slow.rss", rss_feed(sample_items(1)), delay=20)

    with pytest.raises(httpx.ReadTimeout):
        client.get(server.url("/slow.rss"), timeout=0.2)


def test_trickled_body_arrives_complete(server: FeedServer, client: httpx.Client) -> None:
    body = rss_feed(sample_items(2))
    server.slow("/trickle.rss", body, trickle=(256, 0.001))

    assert client.get(server.url("/trickle.rss")).content == body


def test_hostile_xml_documents_are_real_entity_attacks(
    server: FeedServer, client: httpx.Client
) -> None:
    server.billion_laughs("/laughs.xml")
    server.external_entity("/xxe.xml")

    laughs = client.get(server.url("/laughs.xml")).content
    xxe = client.get(server.url("/xxe.xml")).content

    assert laughs == billion_laughs_document()
    assert b'<!ENTITY lol9 "&lol8;&lol8;' in laughs
    assert b'<!ENTITY xxe SYSTEM "file:///etc/passwd">' in xxe
    assert xxe == external_entity_document()
    for document in (laughs, xxe):
        with pytest.raises(defusedxml.DefusedXmlException):
            defusedxml.ElementTree.fromstring(document)


def test_request_log_records_method_path_query_and_headers(
    server: FeedServer, client: httpx.Client
) -> None:
    server.feed("/a.rss", rss_feed(sample_items(1)))

    client.get(server.url("/a.rss?utm_source=x"), headers={"User-Agent": "Peacewatch/test"})
    client.head(server.url("/a.rss"))

    log = server.requests_to("/a.rss")
    assert [(r.method, r.path, r.status) for r in log] == [
        ("GET", "/a.rss?utm_source=x", 200),
        ("HEAD", "/a.rss", 200),
    ]
    assert log[0].headers["user-agent"] == "Peacewatch/test"
    server.clear_requests()
    assert server.requests == []


def test_builders_can_leave_out_guids_and_dates() -> None:
    bare = [FeedItem(title="Talks in Geneva", link="https://a.example/geneva", summary="<p>x</p>")]

    for document in (rss_feed(bare, lang="uk"), atom_feed(bare, lang="uk")):
        parsed = feedparser.parse(document)
        assert parsed.bozo == 0
        (entry,) = parsed.entries
        assert entry.title == "Talks in Geneva"
        assert entry.link == "https://a.example/geneva"
        assert "published_parsed" not in entry
        assert parsed.feed.language == "uk"
    assert b"<guid" not in rss_feed(bare)
    assert b"<id>" not in atom_feed(bare).split(b"<entry>")[1]
