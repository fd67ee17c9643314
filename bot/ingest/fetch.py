"""HTTP (and local file) fetching: polite, bounded, and failure as data.

A fetch never raises for anything the network or the server does: the outcome
is a `FetchResult` whose status says what to do next (parse, skip, back off,
disable).  Conditional GET makes an unchanged feed cost one small round trip.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from bot.domain import FetchResult, FetchStatus

PERMANENT_REDIRECTS = frozenset({301, 308})
RETRY_AFTER_STATUSES = frozenset({429, 503})
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 30 * 86400.0
# Validators and addresses longer than the store's columns are useless to keep: a validator
# is dropped (the body hash still spares parsing), an over-long new address is not followed.
MAX_ETAG = 500
MAX_LAST_MODIFIED = 100
MAX_URL = 2000


#: A kept-alive connection is closed this long after its last response: long enough for
#: its host's next queued feed to reuse it, short enough that no socket idles until the
#: next cycle.
IDLE_CLOSE = 2.0


class BodyTooLarge(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Validators:
    """What we remember of the last fetch, to ask the server "anything new?"."""

    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date.

    Bounded to `MAX_RETRY_AFTER`: a server may send any number, and a schedule beyond that
    (or an infinite one) is the scheduler's to refuse, not an overflow.
    """
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - now).total_seconds()), MAX_RETRY_AFTER)


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class Fetcher:
    """Fetches feed documents with one shared `httpx.AsyncClient`."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        timeout: float,
        max_body_bytes: int,
    ) -> None:
        self._client = client
        self._timeout = timeout
        self._max_body = max_body_bytes

    @staticmethod
    def build_client(
        user_agent: str,
        per_host: int,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        idle_close: float = IDLE_CLOSE,
    ) -> httpx.AsyncClient:
        """The shared client: httpx's API over aiohttp's connections (`network_transport`)."""
        return httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept": _ACCEPT},
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=httpx.Timeout(30.0),
            transport=transport or network_transport(per_host, idle_close),
        )

    async def fetch(self, url: str, validators: Validators) -> FetchResult:
        started = time.monotonic()
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError as exc:
            return FetchResult(FetchStatus.ERROR, url, error=f"invalid URL: {exc}")
        if scheme not in ("http", "https"):
            result = await asyncio.to_thread(self._read_local, url, validators)
        else:
            try:
                async with asyncio.timeout(self._timeout):
                    result = await self._fetch_http(url, validators)
            except TimeoutError:
                result = FetchResult(
                    FetchStatus.ERROR, url, error=f"timed out after {self._timeout:g}s"
                )
            except BodyTooLarge:
                result = FetchResult(
                    FetchStatus.ERROR, url, error=f"body larger than {self._max_body} bytes"
                )
            except httpx.TooManyRedirects:
                result = FetchResult(FetchStatus.ERROR, url, error="too many redirects")
            except httpx.TimeoutException as exc:
                result = FetchResult(FetchStatus.ERROR, url, error=_timeout_or_network(exc))
            except (httpx.HTTPError, aiohttp.ClientError) as exc:
                result = FetchResult(FetchStatus.ERROR, url, error=_network_error(exc))
            except (httpx.InvalidURL, ValueError) as exc:
                # A malformed address (bad IPv6 literal, bad IDNA label, in feeds.yaml or in
                # a redirect) is this feed's problem, never the cycle's.
                result = FetchResult(FetchStatus.ERROR, url, error=f"invalid URL: {exc}"[:300])
        return _with_elapsed(result, time.monotonic() - started)

    async def _fetch_http(self, url: str, validators: Validators) -> FetchResult:
        headers = {}
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        async with self._client.stream("GET", url, headers=headers) as response:
            final_url = str(response.url)
            moved = _permanent_target(response)
            status = response.status_code
            if status == 304:
                await response.aread()  # the (empty) end of the message: the connection is reused
                return FetchResult(
                    FetchStatus.NOT_MODIFIED,
                    final_url,
                    http_status=status,
                    etag=validators.etag,
                    last_modified=validators.last_modified,
                    body_hash=validators.body_hash,
                    permanent_redirect=moved,
                )
            if status == 410:
                return FetchResult(
                    FetchStatus.GONE, final_url, http_status=status, error="410 Gone"
                )
            if status >= 400:
                retry_after = None
                if status in RETRY_AFTER_STATUSES:
                    retry_after = parse_retry_after(
                        response.headers.get("Retry-After"), datetime.now(UTC)
                    )
                return FetchResult(
                    FetchStatus.ERROR,
                    final_url,
                    http_status=status,
                    retry_after=retry_after,
                    error=f"HTTP {status} {response.reason_phrase}".strip(),
                    permanent_redirect=moved,
                )
            body = await self._read_capped(response)
        digest = body_hash(body)
        result_status = FetchStatus.UNCHANGED if digest == validators.body_hash else FetchStatus.OK
        changed = result_status is FetchStatus.OK
        return FetchResult(
            result_status,
            final_url,
            body=body if changed else b"",
            headers=dict(response.headers) if changed else {},
            etag=_bounded(response.headers.get("ETag"), MAX_ETAG),
            last_modified=_bounded(response.headers.get("Last-Modified"), MAX_LAST_MODIFIED),
            body_hash=digest,
            permanent_redirect=moved,
            http_status=status,
        )

    async def _read_capped(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self._max_body:
            raise BodyTooLarge
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():  # decoded: the cap holds after gunzip too
            size += len(chunk)
            if size > self._max_body:
                raise BodyTooLarge
            chunks.append(chunk)
        return b"".join(chunks)

    def _read_local(self, url: str, validators: Validators) -> FetchResult:
        parts = urlsplit(url)
        path = Path(url2pathname(parts.path)) if parts.scheme.lower() == "file" else Path(url)
        try:
            if path.stat().st_size > self._max_body:
                return FetchResult(
                    FetchStatus.ERROR, url, error=f"file larger than {self._max_body} bytes"
                )
            body = path.read_bytes()
        except OSError as exc:
            return FetchResult(FetchStatus.ERROR, url, error=f"cannot read {path}: {exc.strerror}")
        digest = body_hash(body)
        if digest == validators.body_hash:
            return FetchResult(FetchStatus.UNCHANGED, url, body_hash=digest)
        return FetchResult(FetchStatus.OK, url, body=body, body_hash=digest)


_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5"
)


def network_transport(per_host: int, idle_close: float = IDLE_CLOSE) -> httpx.AsyncBaseTransport:
    """Keep-alive connections, at most `per_host` to one host, closed when idle.

    httpx's own transport (httpcore over anyio) spends about 0.9 ms of CPU on a 304;
    aiohttp, whose HTTP parser is compiled, about 0.15 ms, and its connector keeps a pool
    per host.  httpx stays the API (redirects, decoding, the size cap after it, the
    `MockTransport` seam), so only the bytes on the wire change hands.
    """
    tls = httpx.create_ssl_context()  # certifi's CA bundle, as httpx's own transport uses

    def session() -> aiohttp.ClientSession:  # made on first use, inside the event loop
        connector = aiohttp.TCPConnector(
            limit=0,  # the poller bounds the feeds in flight
            limit_per_host=per_host,
            keepalive_timeout=idle_close,
            ssl=tls,
        )
        return aiohttp.ClientSession(connector=connector)

    return _AiohttpTransport(client=session)


class _AiohttpTransport(AiohttpTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # A redirect's request carries an unread (empty) body stream, which aiohttp would
        # send chunked: a GET with a stray "0" that the server reads as the next request.
        await request.aread()
        return await super().handle_async_request(request)


def _permanent_target(response: httpx.Response) -> str | None:
    """The new address when every hop that brought us here was a permanent redirect."""
    if response.history and all(r.status_code in PERMANENT_REDIRECTS for r in response.history):
        return _bounded(str(response.url), MAX_URL)
    return None


def _bounded(value: str | None, limit: int) -> str | None:
    return value if value is not None and len(value) <= limit else None


def _timeout_or_network(exc: httpx.TimeoutException) -> str:
    """The client's own limit came first — or aiohttp's dropped connection, which the
    transport reports as a connect timeout: that one is named for what it was."""
    cause = exc.__cause__
    if isinstance(cause, aiohttp.ClientConnectorError):  # refused, unreachable, no DNS
        return f"ConnectError: {cause}"[:300]
    if isinstance(cause, aiohttp.ClientError) and not isinstance(cause, aiohttp.ServerTimeoutError):
        return _network_error(cause)
    return f"timed out ({type(exc).__name__})"


def _network_error(exc: BaseException) -> str:
    name = type(exc).__name__
    detail = str(exc).strip()
    return f"{name}: {detail}"[:300] if detail else name


def _with_elapsed(result: FetchResult, elapsed: float) -> FetchResult:
    return replace(result, elapsed=elapsed)
