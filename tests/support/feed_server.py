"""A programmable HTTP feed server on 127.0.0.1 for tests and benchmarks.

Real feeds misbehave in ways a poller must survive: validators, redirects, rate limits, dead
feeds, slow or huge or hostile bodies. This server reproduces each of them on demand, over
real HTTP/1.1 (keep-alive, chunked transfer for streamed bodies), with no dependency beyond
the standard library.

Lifecycle::

    with FeedServer(latency=0.0) as server:          # or server.start() ... server.stop()
        server.feed("/news.rss", rss_feed([FeedItem("Title", "https://a.example/1")]))
        url = server.url("/news.rss")                  # "http://127.0.0.1:<port>/news.rss"

``FeedServer(host="127.0.0.1", port=0, latency=0.0, max_delay=30.0)``: ``port=0`` picks a
free port. ``latency`` seconds are slept before *every* response (the ingest benchmark uses
0.2). Every sleep (latency, ``delay``, trickle pauses) is capped at ``max_delay`` and is cut
short by ``stop()``, so a test can never hang on the server. Connections are handled by
daemon threads (``ThreadingHTTPServer``) with a listen backlog of 1024, which is ample for a
few hundred concurrent clients.

Routes (each call replaces whatever was served at ``path``; the query string is ignored for
routing; unknown paths answer 404):

- ``feed(path, body, *, etag=True, last_modified=True, content_type=RSS, gzip=False,
  delay=0.0, trickle=None, headers=None)``: serve ``body`` with 200. ``etag=True`` derives a
  quoted ETag from the body, a ``str`` is used as given, ``False`` sends none;
  ``last_modified=True`` uses the current time, a ``datetime`` is used as given, ``False``
  sends none. Conditional requests are answered with 304 (``If-None-Match`` wins over
  ``If-Modified-Since``, as RFC 9110 says). With both validators off the feed is served
  "without validators", 200 every time.
- ``update(path, body)``: change a feed's content at runtime (every 200 reply of the route).
  A route that sends an ETag gets a new one derived from the new body; ``Last-Modified``
  moves forward by at least one second, so ``If-Modified-Since`` notices.
- ``redirect(path, target, status=302)``: 301/302/303/307/308 to a path on this server or
  an absolute URL.
- ``error(path, status, *, retry_after=None, body=b"", headers=None)``: e.g. 404, 410, 429,
  500, 503. ``retry_after`` may be seconds (``int``), a ``datetime`` (sent as an HTTP-date)
  or a raw string.
- ``sequence(path, replies)``: successive requests get successive replies and the last one
  repeats, e.g. ``[500, 500, Reply(body=doc)]`` for "500 twice, then 200". An ``int`` is
  shorthand for ``Reply(status=n)``.
- ``slow(path, body, *, delay=0.0, trickle=None)``: sleep ``delay`` seconds before the status
  line, and/or send the body in ``trickle=(chunk_bytes, pause_seconds)`` pieces.
- ``big(path, size, *, chunked=False)``: a well-formed RSS document of about ``size`` bytes,
  generated while streaming (with ``Content-Length``, or chunked when ``chunked=True``).
- ``gzip_bomb(path, decompressed_size=1 GiB)``: one gzip member, ``Content-Encoding: gzip``,
  about 1000 times smaller on the wire than decompressed. It's compressed on the fly and
  streamed, so the server holds one megabyte at a time.
- ``billion_laughs(path)`` and ``external_entity(path, target="file:///etc/passwd")``: hostile
  XML documents (also available as ``billion_laughs_document()`` and
  ``external_entity_document()`` for tests without HTTP).
- ``route(path, *replies)``: the general form; the methods above are shortcuts for it.

``Reply`` describes one response: ``status``, ``body`` (bytes, or a zero-argument callable
returning an iterator of byte chunks, with ``length`` when known), ``content_type``,
``headers``, ``etag``, ``last_modified``, ``gzip`` (compress a bytes body), ``delay``,
``trickle``.

Connections: ``server.connections_accepted`` counts the TCP connections the server has
accepted (fewer than requests when clients keep them alive), and ``server.max_in_flight``
is the most requests it was answering at once (reset by ``clear_requests()``);
``server.open_connections`` is how many it holds open now.

Request log: ``server.requests`` is a list of ``RecordedRequest(method, path, headers,
status, at)`` in arrival order. ``path`` includes the query string, ``headers`` is a
case-insensitive mapping, ``status`` is the status that was sent and ``at`` when it arrived
(``time.monotonic()``). Use ``server.requests_to(path)`` (matches the path without its
query) and ``server.clear_requests()``. Example:
``server.requests_to("/a")[-1].headers["If-None-Match"]``.

Feed builders (no server needed): ``rss_feed(items, *, title, link, lang="en", ...)`` and
``atom_feed(items, ...)`` return bytes from ``FeedItem(title, link, guid=..., published=...,
summary=..., author=...)`` values. A ``None`` field is omitted, so a test can make items
without guids or dates. ``sample_items(count, prefix=...)`` makes distinct, dated items.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import socket
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape, quoteattr

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
XML = "application/xml; charset=utf-8"

MiB = 1024 * 1024
GiB = 1024 * MiB

BodySource = bytes | Callable[[], Iterator[bytes]]


@dataclass
class Reply:
    """One HTTP response the server will give."""

    status: int = 200
    body: BodySource = b""
    content_type: str | None = RSS
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: datetime | None = None
    gzip: bool = False
    delay: float = 0.0
    trickle: tuple[int, float] | None = None
    length: int | None = None

    def __post_init__(self) -> None:
        if self.gzip and not isinstance(self.body, bytes):
            raise ValueError("gzip=True compresses a bytes body; stream compressed chunks instead")


@dataclass(frozen=True)
class RecordedRequest:
    """A request as the server saw it, and the status it answered with."""

    method: str
    path: str
    headers: Message
    status: int
    at: float = field(default_factory=time.monotonic)
    """When it arrived (`time.monotonic()`)."""

    @property
    def route(self) -> str:
        return urlsplit(self.path).path


@dataclass
class FeedItem:
    """Plain values for one feed item; ``None`` fields are left out of the document."""

    title: str | None
    link: str | None
    guid: str | None = None
    published: datetime | None = None
    summary: str | None = None
    author: str | None = None


class _Route:
    def __init__(self, replies: Sequence[Reply]) -> None:
        if not replies:
            raise ValueError("a route needs at least one reply")
        self.replies = list(replies)
        self.cursor = 0

    def next_reply(self) -> Reply:
        reply = self.replies[min(self.cursor, len(self.replies) - 1)]
        self.cursor += 1
        return reply


class FeedServer:
    """HTTP server on 127.0.0.1 whose answers are programmed per path (see module docstring)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        latency: float = 0.0,
        max_delay: float = 30.0,
    ) -> None:
        self.host = host
        self.port = port
        self.latency = latency
        self.max_delay = max_delay
        self._routes: dict[str, _Route] = {}
        self._log: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self.connections_accepted = 0
        self.max_in_flight = 0
        self._in_flight = 0
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def start(self) -> FeedServer:
        if self._httpd is not None:
            raise RuntimeError("server already started")
        self._stopping.clear()
        httpd = _HTTPServer((self.host, self.port), _Handler)
        httpd.feed_server = self
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return urljoin(self.base_url + "/", path.lstrip("/"))

    # programming routes

    def route(self, path: str, *replies: Reply | int) -> None:
        made = [
            Reply(status=r, body=b"", content_type=None) if isinstance(r, int) else r
            for r in replies
        ]
        with self._lock:
            self._routes[_route_key(path)] = _Route(made)

    def feed(
        self,
        path: str,
        body: bytes,
        *,
        etag: bool | str = True,
        last_modified: bool | datetime = True,
        content_type: str = RSS,
        gzip: bool = False,
        delay: float = 0.0,
        trickle: tuple[int, float] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.route(
            path,
            Reply(
                body=body,
                content_type=content_type,
                headers=dict(headers or {}),
                etag=_etag_for(body) if etag is True else (etag or None),
                last_modified=_now() if last_modified is True else (last_modified or None),
                gzip=gzip,
                delay=delay,
                trickle=trickle,
            ),
        )

    def update(self, path: str, body: bytes) -> None:
        """Replace the body of every 200 reply at ``path`` and refresh its validators."""
        with self._lock:
            route = self._routes[_route_key(path)]
            for i, reply in enumerate(route.replies):
                if reply.status != 200:
                    continue
                last_modified = reply.last_modified
                if last_modified is not None:
                    last_modified = max(_now(), last_modified + timedelta(seconds=1))
                etag = None if reply.etag is None else _etag_for(body)
                route.replies[i] = replace(reply, body=body, etag=etag, last_modified=last_modified)

    def redirect(self, path: str, target: str, status: int = 302) -> None:
        if status not in (301, 302, 303, 307, 308):
            raise ValueError(f"{status} is not a redirect status")
        location = target if urlsplit(target).scheme else self.url(target)
        self.route(path, Reply(status=status, content_type=None, headers={"Location": location}))

    def error(
        self,
        path: str,
        status: int,
        *,
        retry_after: int | datetime | str | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.route(path, error_reply(status, retry_after=retry_after, body=body, headers=headers))

    def sequence(self, path: str, replies: Sequence[Reply | int]) -> None:
        self.route(path, *replies)

    def slow(
        self,
        path: str,
        body: bytes,
        *,
        delay: float = 0.0,
        trickle: tuple[int, float] | None = None,
    ) -> None:
        self.route(path, Reply(body=body, delay=delay, trickle=trickle))

    def big(self, path: str, size: int, *, chunked: bool = False) -> None:
        self.route(
            path,
            Reply(body=lambda: _big_rss_chunks(size), length=None if chunked else size),
        )

    def gzip_bomb(self, path: str, decompressed_size: int = GiB) -> None:
        self.route(
            path,
            Reply(
                body=lambda: _gzip_bomb_chunks(decompressed_size),
                headers={"Content-Encoding": "gzip"},
            ),
        )

    def billion_laughs(self, path: str) -> None:
        self.route(path, Reply(body=billion_laughs_document(), content_type=XML))

    def external_entity(self, path: str, target: str = "file:///etc/passwd") -> None:
        self.route(path, Reply(body=external_entity_document(target), content_type=XML))

    # request log

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._log)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        key = _route_key(path)
        return [r for r in self.requests if r.route == key]

    @property
    def open_connections(self) -> int:
        """Connections the server holds open now (kept alive by their clients)."""
        with self._lock:
            return len(self._connections)

    def clear_requests(self) -> None:
        with self._lock:
            self._log.clear()
            self.max_in_flight = self._in_flight

    # used by the handler

    def _next_reply(self, path: str) -> Reply | None:
        with self._lock:
            route = self._routes.get(_route_key(path))
            return route.next_reply() if route is not None else None

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._log.append(request)

    def _sleep(self, seconds: float) -> bool:
        """Sleep up to ``max_delay``; False if the server is stopping."""
        if seconds <= 0:
            return not self._stopping.is_set()
        return not self._stopping.wait(min(seconds, self.max_delay))

    def _track(self, conn: socket.socket, alive: bool) -> None:
        with self._lock:
            if alive:
                self._connections.add(conn)
                self.connections_accepted += 1
            else:
                self._connections.discard(conn)

    def _answering(self, change: int) -> None:
        with self._lock:
            self._in_flight += change
            self.max_in_flight = max(self.max_in_flight, self._in_flight)


def error_reply(
    status: int,
    *,
    retry_after: int | datetime | str | None = None,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """A non-200 reply, optionally with ``Retry-After`` as seconds or an HTTP-date."""
    all_headers = dict(headers or {})
    if isinstance(retry_after, datetime):
        all_headers["Retry-After"] = http_date(retry_after)
    elif retry_after is not None:
        all_headers["Retry-After"] = str(retry_after)
    return Reply(
        status=status,
        body=body,
        content_type="text/plain; charset=utf-8" if body else None,
        headers=all_headers,
    )


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 1024
    allow_reuse_address = True
    feed_server: FeedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up mid-response are normal here (size caps, timeouts)."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "PeacewatchTestFeedServer/1.0"
    timeout = 30
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.feed_server._track(self.connection, alive=True)

    def finish(self) -> None:
        self.server.feed_server._track(self.connection, alive=False)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests inspect ``FeedServer.requests`` instead."""

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, *, send_body: bool) -> None:
        fs = self.server.feed_server
        reply = fs._next_reply(urlsplit(self.path).path)
        if reply is None:
            reply = Reply(status=404, body=b"not found\n", content_type="text/plain")
        status = _conditional_status(reply, self.headers)
        fs._record(RecordedRequest(self.command, self.path, self.headers, status))
        fs._answering(+1)
        try:
            if not fs._sleep(fs.latency + reply.delay):
                self.close_connection = True
                return
            self._write(reply, status, send_body=send_body)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        finally:
            fs._answering(-1)

    def _write(self, reply: Reply, status: int, *, send_body: bool) -> None:
        fs = self.server.feed_server
        self.send_response(status)
        if reply.etag is not None:
            self.send_header("ETag", reply.etag)
        if reply.last_modified is not None:
            self.send_header("Last-Modified", http_date(reply.last_modified))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if status == 304:
            self.end_headers()
            return
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        chunks, length = _body_chunks(reply)
        if reply.gzip:
            self.send_header("Content-Encoding", "gzip")
        if length is not None:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if not send_body:
            return
        for chunk in chunks:
            for piece in _pieces(chunk, reply.trickle):
                if reply.trickle is not None and not fs._sleep(reply.trickle[1]):
                    self.close_connection = True
                    return
                if length is None:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                else:
                    self.wfile.write(piece)
        if length is None:
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def _conditional_status(reply: Reply, headers: Message) -> int:
    if reply.status != 200:
        return reply.status
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        if reply.etag is None:
            return 200
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return 304 if "*" in tags or reply.etag.removeprefix("W/") in tags else 200
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since is not None and reply.last_modified is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return 200
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        if reply.last_modified.replace(microsecond=0) <= since:
            return 304
    return 200


def _body_chunks(reply: Reply) -> tuple[Iterable[bytes], int | None]:
    if isinstance(reply.body, bytes):
        data = _gzip(reply.body) if reply.gzip else reply.body
        return [data], len(data)
    return reply.body(), reply.length


def _pieces(chunk: bytes, trickle: tuple[int, float] | None) -> Iterator[bytes]:
    if trickle is None or not chunk:
        if chunk:
            yield chunk
        return
    size = max(1, trickle[0])
    for start in range(0, len(chunk), size):
        yield chunk[start : start + size]


def _gzip(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


def _gzip_bomb_chunks(decompressed_size: int) -> Iterator[bytes]:
    """A single gzip member of a tiny RSS prologue followed by spaces (valid XML whitespace)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    prologue = b'<?xml version="1.0"?><rss version="2.0"><channel><title>bomb</title>'
    out = compressor.compress(prologue)
    if out:
        yield out
    block = b" " * MiB
    remaining = max(0, decompressed_size - len(prologue))
    while remaining > 0:
        out = compressor.compress(block[: min(remaining, MiB)])
        remaining -= min(remaining, MiB)
        if out:
            yield out
    yield compressor.flush()


def _big_rss_chunks(size: int) -> Iterator[bytes]:
    """Exactly ``size`` bytes: an RSS document padded with items (and final whitespace)."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>big</title>'
    tail = b"</channel></rss>\n"
    if size < len(head) + len(tail):
        raise ValueError(f"size must be at least {len(head) + len(tail)} bytes")
    yield head
    budget = size - len(head) - len(tail)
    batch: list[bytes] = []
    batch_len = 0
    for n in itertools.count():
        item = (
            b"<item><title>Item %d</title><link>https://big.example/%d</link>"
            b"<guid>big-%d</guid><description>%s</description></item>" % (n, n, n, b"x" * 400)
        )
        if len(item) > budget:
            break
        batch.append(item)
        batch_len += len(item)
        budget -= len(item)
        if batch_len >= 256 * 1024:
            yield b"".join(batch)
            batch, batch_len = [], 0
    batch.append(b" " * budget)
    yield b"".join(batch)
    yield tail


def _route_key(path: str) -> str:
    key = urlsplit(path).path or "/"
    return key if key.startswith("/") else "/" + key


def _etag_for(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def http_date(moment: datetime) -> str:
    """RFC 9110 IMF-fixdate, e.g. ``Sat, 21 Nov 2026 20:50:00 GMT``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment.astimezone(UTC), usegmt=True)


# hostile documents


def billion_laughs_document(levels: int = 10, fan_out: int = 10) -> bytes:
    """The classic entity-expansion bomb: 10 levels of 10 gives 10**9 "lol"s if expanded."""
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE rss [", '  <!ENTITY lol0 "lol">']
    for level in range(1, levels):
        refs = f"&lol{level - 1};" * fan_out
        lines.append(f'  <!ENTITY lol{level} "{refs}">')
    lines.append("]>")
    lines.append(
        '<rss version="2.0"><channel><title>laughs</title><link>https://laughs.example/</link>'
        f"<description>&lol{levels - 1};</description><item><title>&lol{levels - 1};</title>"
        "<link>https://laughs.example/1</link><guid>laughs-1</guid></item></channel></rss>"
    )
    return ("\n".join(lines) + "\n").encode()


def external_entity_document(target: str = "file:///etc/passwd") -> bytes:
    """An RSS document whose item title pulls ``target`` in through an external entity."""
    return (
        '<?xml version="1.0"?>\n'
        f"<!DOCTYPE rss [\n  <!ENTITY xxe SYSTEM {quoteattr(target)}>\n]>\n"
        '<rss version="2.0"><channel><title>xxe</title><link>https://xxe.example/</link>'
        "<description>external entity</description><item><title>&xxe;</title>"
        "<link>https://xxe.example/1</link><guid>xxe-1</guid>"
        "<description>&xxe;</description></item></channel></rss>\n"
    ).encode()


# feed builders


def rss_feed(
    items: Iterable[FeedItem],
    *,
    title: str = "Test feed",
    link: str = "https://feeds.example/",
    description: str = "A feed served by the Peacewatch test server",
    lang: str | None = "en",
) -> bytes:
    """An RSS 2.0 document; item summaries go into ``<description>`` escaped (HTML allowed)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
        f"<title>{escape(title)}</title><link>{escape(link)}</link>",
        f"<description>{escape(description)}</description>",
    ]
    if lang is not None:
        parts.append(f"<language>{escape(lang)}</language>")
    for item in items:
        parts.append("<item>")
        if item.title is not None:
            parts.append(f"<title>{escape(item.title)}</title>")
        if item.link is not None:
            parts.append(f"<link>{escape(item.link)}</link>")
        if item.guid is not None:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.published is not None:
            parts.append(f"<pubDate>{_rfc822(item.published)}</pubDate>")
        if item.author is not None:
            parts.append(f"<dc:creator>{escape(item.author)}</dc:creator>")
        if item.summary is not None:
            parts.append(f"<description>{escape(item.summary)}</description>")
        parts.append("</item>")
    parts.append("</channel></rss>\n")
    return "\n".join(parts).encode("utf-8")


def atom_feed(
    items: Iterable[FeedItem],
    *,
    title: str = "Test feed",
    link: str = "https://feeds.example/",
    feed_id: str = "urn:peacewatch:test-feed",
    updated: datetime | None = None,
    lang: str | None = "en",
) -> bytes:
    """An Atom 1.0 document; summaries are ``type="html"``, ``guid`` becomes ``<id>``."""
    items = list(items)
    dates = [i.published for i in items if i.published is not None]
    feed_updated = updated or (max(dates) if dates else datetime(2026, 1, 1, tzinfo=UTC))
    lang_attr = f" xml:lang={quoteattr(lang)}" if lang is not None else ""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom"{lang_attr}>',
        f"<title>{escape(title)}</title>",
        f'<link rel="alternate" href={quoteattr(link)}/>',
        f"<id>{escape(feed_id)}</id><updated>{_rfc3339(feed_updated)}</updated>",
        "<author><name>Peacewatch tests</name></author>",
    ]
    for item in items:
        parts.append("<entry>")
        if item.title is not None:
            parts.append(f"<title>{escape(item.title)}</title>")
        if item.link is not None:
            parts.append(f'<link rel="alternate" href={quoteattr(item.link)}/>')
        if item.guid is not None:
            parts.append(f"<id>{escape(item.guid)}</id>")
        if item.published is not None:
            stamp = _rfc3339(item.published)
            parts.append(f"<published>{stamp}</published><updated>{stamp}</updated>")
        if item.author is not None:
            parts.append(f"<author><name>{escape(item.author)}</name></author>")
        if item.summary is not None:
            parts.append(f'<summary type="html">{escape(item.summary)}</summary>')
        parts.append("</entry>")
    parts.append("</feed>\n")
    return "\n".join(parts).encode("utf-8")


def sample_items(
    count: int,
    *,
    prefix: str = "item",
    start: datetime = datetime(2026, 1, 1, tzinfo=UTC),
    base_url: str = "https://feeds.example",
) -> list[FeedItem]:
    """``count`` distinct items, one minute apart, newest first (as feeds list them)."""
    items = [
        FeedItem(
            title=f"{prefix} {n}: talks continue",
            link=f"{base_url}/{prefix}/{n}",
            guid=f"{prefix}-{n}",
            published=start + timedelta(minutes=n),
            summary=f"<p>Summary of {prefix} {n}.</p>",
        )
        for n in range(count)
    ]
    return items[::-1]


def _rfc822(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment)


def _rfc3339(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


__all__ = [
    "ATOM",
    "RSS",
    "XML",
    "FeedItem",
    "FeedServer",
    "GiB",
    "MiB",
    "RecordedRequest",
    "Reply",
    "atom_feed",
    "billion_laughs_document",
    "error_reply",
    "external_entity_document",
    "http_date",
    "rss_feed",
    "sample_items",
]
