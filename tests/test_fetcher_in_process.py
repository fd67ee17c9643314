"""Fetching against an in-process transport (`httpx.MockTransport`): what we ask the
server, and what its answer means for the feed — fast, with no socket."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from bot.domain import FetchStatus
from bot.ingest.fetch import Fetcher, Validators, body_hash

URL = "https://outlet.example/rss"
DOC = b"<rss version='2.0'><channel><title>t</title></channel></rss>"
NONE = Validators(None, None, None)


def fetcher(answer: Callable[[httpx.Request], httpx.Response]) -> Fetcher:
    client = Fetcher.build_client("test-agent", 4, transport=httpx.MockTransport(answer))
    return Fetcher(client, timeout=5.0, max_body_bytes=1024)


async def test_the_validators_we_hold_are_sent_and_304_keeps_them() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(304)

    validators = Validators('"v1"', "Mon, 01 Dec 2025 10:00:00 GMT", "abc")
    result = await fetcher(answer).fetch(URL, validators)

    assert result.status is FetchStatus.NOT_MODIFIED
    assert result.etag == '"v1"' and result.body_hash == "abc"
    assert result.last_modified == validators.last_modified
    assert seen[0].headers["If-None-Match"] == '"v1"'
    assert seen[0].headers["If-Modified-Since"] == validators.last_modified
    assert seen[0].headers["User-Agent"] == "test-agent"


async def test_a_body_identical_to_the_last_one_is_not_parsed_again() -> None:
    result = await fetcher(lambda _: httpx.Response(200, content=DOC)).fetch(
        URL, Validators(None, None, body_hash(DOC))
    )
    assert result.status is FetchStatus.UNCHANGED and result.body == b""


async def test_429_carries_the_servers_retry_after() -> None:
    result = await fetcher(lambda _: httpx.Response(429, headers={"Retry-After": "120"})).fetch(
        URL, NONE
    )
    assert result.status is FetchStatus.ERROR and result.retry_after == 120.0
    assert result.error is not None and "429" in result.error


async def test_410_means_the_feed_is_gone() -> None:
    result = await fetcher(lambda _: httpx.Response(410)).fetch(URL, NONE)
    assert result.status is FetchStatus.GONE


async def test_a_permanent_redirect_is_remembered_for_the_feed() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/rss":
            return httpx.Response(301, headers={"Location": "https://outlet.example/feed"})
        return httpx.Response(200, content=DOC)

    result = await fetcher(answer).fetch(URL, NONE)
    assert result.status is FetchStatus.OK and result.body == DOC
    assert result.permanent_redirect == "https://outlet.example/feed"


async def test_a_body_over_the_cap_is_an_error_not_a_memory_spike() -> None:
    result = await fetcher(lambda _: httpx.Response(200, content=b"x" * 4096)).fetch(URL, NONE)
    assert result.status is FetchStatus.ERROR
    assert result.error == "body larger than 1024 bytes"


async def test_a_connection_failure_is_a_result_never_an_exception() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    result = await fetcher(answer).fetch(URL, NONE)
    assert result.status is FetchStatus.ERROR and result.error
