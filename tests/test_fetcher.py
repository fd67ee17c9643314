"""Fetching over real loopback HTTP from the local feed server: validators, redirects,
rate limits, dead and hostile servers, caps.  Failures are results, never exceptions."""

from __future__ import annotations

import socket
import tracemalloc
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from bot.domain import FetchStatus
from bot.ingest.fetch import Fetcher, Validators, body_hash, parse_retry_after
from tests.support.feed_server import FeedServer, Reply, http_date, rss_feed, sample_items

TIMEOUT = 0.5
CAP = 64 * 1024
DOC = rss_feed(sample_items(3))
USER_AGENT = Settings().user_agent


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher.build_client(USER_AGENT, 4) as client:
        yield Fetcher(client, timeout=TIMEOUT, max_body_bytes=CAP)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_200_then_304_with_etag(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.feed("/a.rss", DOC, last_modified=False)
    url = feed_server.url("/a.rss")
    first = await fetcher.fetch(url, Validators())
    assert first.status is FetchStatus.OK and first.body == DOC and first.etag
    second = await fetcher.fetch(url, Validators(first.etag, first.last_modified, first.body_hash))
    assert second.status is FetchStatus.NOT_MODIFIED
    assert second.body == b"" and second.etag == first.etag
    sent = feed_server.requests_to("/a.rss")[-1]
    assert sent.headers["If-None-Match"] == first.etag and sent.status == 304


async def test_200_then_304_with_last_modified(fetcher: Fetcher, feed_server: FeedServer) -> None:
    stamp = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    feed_server.feed("/a.rss", DOC, etag=False, last_modified=stamp)
    url = feed_server.url("/a.rss")
    first = await fetcher.fetch(url, Validators())
    assert first.status is FetchStatus.OK and first.etag is None
    assert first.last_modified == http_date(stamp)
    second = await fetcher.fetch(url, Validators(None, first.last_modified, first.body_hash))
    assert second.status is FetchStatus.NOT_MODIFIED
    sent = feed_server.requests_to("/a.rss")[-1]
    assert sent.headers["If-Modified-Since"] == http_date(stamp)
    assert "If-None-Match" not in sent.headers


async def test_changed_feed_is_fetched_again(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.feed("/a.rss", DOC)
    url = feed_server.url("/a.rss")
    first = await fetcher.fetch(url, Validators())
    changed = rss_feed(sample_items(4))
    feed_server.update("/a.rss", changed)
    second = await fetcher.fetch(url, Validators(first.etag, first.last_modified, first.body_hash))
    assert second.status is FetchStatus.OK and second.body == changed
    assert second.etag != first.etag


async def test_server_without_validators_and_same_body_is_unchanged(
    fetcher: Fetcher, feed_server: FeedServer
) -> None:
    feed_server.feed("/plain.rss", DOC, etag=False, last_modified=False)
    url = feed_server.url("/plain.rss")
    first = await fetcher.fetch(url, Validators())
    assert first.status is FetchStatus.OK and first.body_hash == body_hash(DOC)
    second = await fetcher.fetch(url, Validators(body_hash=first.body_hash))
    assert second.status is FetchStatus.UNCHANGED and second.body == b""
    assert [r.status for r in feed_server.requests_to("/plain.rss")] == [200, 200]
    feed_server.update("/plain.rss", rss_feed(sample_items(5)))
    third = await fetcher.fetch(url, Validators(body_hash=first.body_hash))
    assert third.status is FetchStatus.OK


@pytest.mark.parametrize("status", [302, 303, 307])
async def test_temporary_redirect_is_followed_but_not_remembered(
    fetcher: Fetcher, feed_server: FeedServer, status: int
) -> None:
    feed_server.feed("/new.rss", DOC)
    feed_server.redirect("/old.rss", "/new.rss", status=status)
    result = await fetcher.fetch(feed_server.url("/old.rss"), Validators())
    assert result.status is FetchStatus.OK and result.body == DOC
    assert result.url == feed_server.url("/new.rss")
    assert result.permanent_redirect is None


@pytest.mark.parametrize("status", [301, 308])
async def test_permanent_redirect_reports_the_new_address(
    fetcher: Fetcher, feed_server: FeedServer, status: int
) -> None:
    feed_server.feed("/new.rss", DOC)
    feed_server.redirect("/old.rss", "/new.rss", status=status)
    result = await fetcher.fetch(feed_server.url("/old.rss"), Validators())
    assert result.status is FetchStatus.OK
    assert result.permanent_redirect == feed_server.url("/new.rss")


async def test_permanent_then_temporary_redirect_is_not_permanent(
    fetcher: Fetcher, feed_server: FeedServer
) -> None:
    feed_server.feed("/final.rss", DOC)
    feed_server.redirect("/mid.rss", "/final.rss", status=302)
    feed_server.redirect("/old.rss", "/mid.rss", status=301)
    result = await fetcher.fetch(feed_server.url("/old.rss"), Validators())
    assert result.status is FetchStatus.OK and result.permanent_redirect is None


async def test_redirect_loop_is_an_error(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.redirect("/a.rss", "/b.rss")
    feed_server.redirect("/b.rss", "/a.rss")
    result = await fetcher.fetch(feed_server.url("/a.rss"), Validators())
    assert result.status is FetchStatus.ERROR and result.error == "too many redirects"


async def test_429_with_retry_after_seconds(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.error("/busy.rss", 429, retry_after=120)
    result = await fetcher.fetch(feed_server.url("/busy.rss"), Validators())
    assert result.status is FetchStatus.ERROR and result.http_status == 429
    assert result.retry_after == 120
    assert "429" in (result.error or "")


async def test_503_with_retry_after_http_date(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.error("/down.rss", 503, retry_after=datetime.now(UTC) + timedelta(hours=1))
    result = await fetcher.fetch(feed_server.url("/down.rss"), Validators())
    assert result.status is FetchStatus.ERROR and result.http_status == 503
    assert result.retry_after is not None and 3500 <= result.retry_after <= 3600


def test_retry_after_parsing() -> None:
    now = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    assert parse_retry_after("30", now) == 30
    assert parse_retry_after(http_date(now + timedelta(minutes=2)), now) == 120
    assert parse_retry_after(http_date(now - timedelta(minutes=2)), now) == 0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


async def test_500_is_an_error_and_recovery_is_ok(
    fetcher: Fetcher, feed_server: FeedServer
) -> None:
    feed_server.sequence("/flaky.rss", [500, Reply(body=DOC)])
    url = feed_server.url("/flaky.rss")
    failed = await fetcher.fetch(url, Validators())
    assert failed.status is FetchStatus.ERROR and failed.error == "HTTP 500 Internal Server Error"
    assert failed.retry_after is None
    recovered = await fetcher.fetch(url, Validators())
    assert recovered.status is FetchStatus.OK and recovered.body == DOC


async def test_410_means_gone(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.error("/dead.rss", 410)
    result = await fetcher.fetch(feed_server.url("/dead.rss"), Validators())
    assert result.status is FetchStatus.GONE and result.http_status == 410


async def test_slow_server_times_out(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.slow("/slow.rss", DOC, delay=TIMEOUT * 4)
    result = await fetcher.fetch(feed_server.url("/slow.rss"), Validators())
    assert result.status is FetchStatus.ERROR
    assert result.error == f"timed out after {TIMEOUT:g}s"


async def test_trickling_body_hits_the_total_timeout(
    fetcher: Fetcher, feed_server: FeedServer
) -> None:
    """Each piece arrives in time, the whole body does not: the timeout is per request."""
    feed_server.slow("/drip.rss", DOC, trickle=(max(1, len(DOC) // 10), TIMEOUT / 4))
    result = await fetcher.fetch(feed_server.url("/drip.rss"), Validators())
    assert result.status is FetchStatus.ERROR and "timed out" in (result.error or "")


async def test_body_over_the_cap_with_content_length(
    fetcher: Fetcher, feed_server: FeedServer
) -> None:
    feed_server.big("/big.rss", CAP * 4)
    result = await fetcher.fetch(feed_server.url("/big.rss"), Validators())
    assert result.status is FetchStatus.ERROR
    assert result.error == f"body larger than {CAP} bytes"


async def test_streamed_body_over_the_cap_without_length(
    fetcher: Fetcher, feed_server: FeedServer
) -> None:
    feed_server.big("/stream.rss", CAP * 4, chunked=True)
    result = await fetcher.fetch(feed_server.url("/stream.rss"), Validators())
    assert result.status is FetchStatus.ERROR
    assert result.error == f"body larger than {CAP} bytes"


async def test_body_under_the_cap_is_read_whole(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.big("/fits.rss", CAP // 2, chunked=True)
    result = await fetcher.fetch(feed_server.url("/fits.rss"), Validators())
    assert result.status is FetchStatus.OK and len(result.body) == CAP // 2


async def test_gzip_body_is_decoded(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.feed("/gz.rss", DOC, gzip=True)
    result = await fetcher.fetch(feed_server.url("/gz.rss"), Validators())
    assert result.status is FetchStatus.OK and result.body == DOC
    assert "gzip" in feed_server.requests_to("/gz.rss")[-1].headers["Accept-Encoding"]


async def test_gzip_bomb_is_refused_by_the_cap_after_decompression(
    fetcher: Fetcher, feed_server: FeedServer
) -> None:
    feed_server.gzip_bomb("/bomb.rss")  # 1 GiB once decompressed
    tracemalloc.start()
    try:
        result = await fetcher.fetch(feed_server.url("/bomb.rss"), Validators())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status is FetchStatus.ERROR
    assert result.error == f"body larger than {CAP} bytes"
    assert peak < 64 * 1024 * 1024  # about 11 MiB measured: one decoded chunk at a time


async def test_user_agent_names_the_bot(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.feed("/a.rss", DOC)
    await fetcher.fetch(feed_server.url("/a.rss"), Validators())
    headers = feed_server.requests_to("/a.rss")[-1].headers
    assert headers["User-Agent"] == USER_AGENT
    assert "Peacewatch" in headers["User-Agent"]
    assert "application/rss+xml" in headers["Accept"]


async def test_unreachable_server_is_an_error(fetcher: Fetcher) -> None:
    result = await fetcher.fetch(f"http://127.0.0.1:{free_port()}/feed", Validators())
    assert result.status is FetchStatus.ERROR and result.error
    assert "Connect" in result.error


@pytest.mark.parametrize("url", ["http://[::1/feed", "http://xn--/feed"])
async def test_malformed_url_is_an_error_not_an_exception(fetcher: Fetcher, url: str) -> None:
    result = await fetcher.fetch(url, Validators())
    assert result.status is FetchStatus.ERROR
    assert (result.error or "").startswith("invalid URL")


async def test_local_file_then_unchanged(fetcher: Fetcher, tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(DOC)
    first = await fetcher.fetch(path.as_uri(), Validators())
    assert first.status is FetchStatus.OK and first.body == DOC
    second = await fetcher.fetch(path.as_uri(), Validators(body_hash=first.body_hash))
    assert second.status is FetchStatus.UNCHANGED


async def test_missing_or_huge_local_file_is_an_error(fetcher: Fetcher, tmp_path: Path) -> None:
    missing = await fetcher.fetch((tmp_path / "nope.xml").as_uri(), Validators())
    assert missing.status is FetchStatus.ERROR and "cannot read" in (missing.error or "")
    huge = tmp_path / "huge.xml"
    huge.write_bytes(b" " * (CAP + 1))
    too_big = await fetcher.fetch(str(huge), Validators())
    assert too_big.status is FetchStatus.ERROR and "larger than" in (too_big.error or "")


async def test_an_overlong_etag_is_not_kept(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.feed("/a.rss", DOC, etag='"' + "e" * 800 + '"', last_modified=False)
    result = await fetcher.fetch(feed_server.url("/a.rss"), Validators())
    assert result.status is FetchStatus.OK
    assert result.etag is None and result.body_hash == body_hash(DOC)


@pytest.mark.parametrize(
    "value",
    [
        "9" * 400,
        "99999999999999",
        "Mon, 01 Jan 99999999999999999999 00:00:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ],
)
def test_absurd_retry_after_is_bounded_not_an_overflow(value: str) -> None:
    seconds = parse_retry_after(value, datetime(2026, 11, 21, tzinfo=UTC))
    assert seconds is None or 0 <= seconds <= 30 * 86400


async def test_the_clients_own_timeout_also_reads_as_timed_out(feed_server: FeedServer) -> None:
    feed_server.slow("/slow.rss", DOC, delay=2.0)
    async with Fetcher.build_client(USER_AGENT, 1) as client:
        client.timeout = httpx.Timeout(0.2)
        result = await Fetcher(client, timeout=5, max_body_bytes=CAP).fetch(
            feed_server.url("/slow.rss"), Validators()
        )
    assert result.status is FetchStatus.ERROR
    assert result.error == "timed out (ReadTimeout)"
