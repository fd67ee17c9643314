"""The ingest benchmark's feed server: thousands of feeds from many loopback addresses.

One asyncio event loop listens on 127.0.0.2, 127.0.0.3, … (the whole of 127.0.0.0/8 is
loopback on Linux), `per_address` feeds on each, and answers real HTTP/1.1: keep-alive
connections, `ETag` and `Last-Modified` on every 200, 304 to a conditional request that
matches, `Connection: close` honoured (the naive loop's urllib asks for it).  A thread per
connection (`tests.support.feed_server`) or a polling thread per address would spend the
benchmark's two cores on the server; one event loop does not.

The request log says what the server saw, for the benchmark to prove what it measured:
requests, statuses, conditional headers, the connections they came on, and the most
requests in progress at once to one address (the client's per-host limit) and in all.
"""

from __future__ import annotations

import asyncio
import hashlib
import resource
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

LAST_MODIFIED = "Thu, 01 Jan 2026 00:00:00 GMT"


@dataclass(frozen=True)
class ServerLog:
    """What the server saw between two reads of its log."""

    requests: int
    statuses: dict[int, int]
    if_none_match: int
    if_modified_since: int
    connections: int
    """Connections accepted: fewer than requests when the client keeps them alive."""
    max_per_address: int
    max_in_flight: int
    cpu: float
    """CPU seconds the server process used in the same interval."""

    def count(self, status: int) -> int:
        return self.statuses.get(status, 0)


def feed_document(n: int, items: int) -> bytes:
    """Feed `n`: `items` distinct items whose links and guids no other feed shares."""
    from tests.support.feed_server import rss_feed, sample_items

    return rss_feed(
        sample_items(items, prefix=f"feed{n:05d}", base_url=f"https://outlet{n:05d}.example"),
        title=f"Outlet {n}",
        link=f"https://outlet{n:05d}.example/",
    )


def addresses() -> Iterator[str]:
    """127.0.0.2, 127.0.0.3, …: loopback addresses, never a network or broadcast one."""
    for second in range(256):
        for third in range(256):
            for fourth in range(1, 255):
                if (second, third, fourth) != (0, 0, 1):
                    yield f"127.{second}.{third}.{fourth}"


@dataclass
class _Stats:
    statuses: Counter[int] = field(default_factory=Counter)
    if_none_match: int = 0
    if_modified_since: int = 0
    connections: int = 0
    in_flight: Counter[int] = field(default_factory=Counter)
    total_in_flight: int = 0
    max_per_address: int = 0
    max_in_flight: int = 0


class _Feeds:
    def __init__(self, feeds: int, items: int, latency: float) -> None:
        self.latency = latency
        self.bodies = [feed_document(n, items) for n in range(feeds)]
        self.etags = ['"' + hashlib.sha1(body).hexdigest()[:16] + '"' for body in self.bodies]
        self.stats = _Stats()

    async def handle(
        self, address: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        stats = self.stats
        stats.connections += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                stats.in_flight[address] += 1
                stats.total_in_flight += 1
                stats.max_per_address = max(stats.max_per_address, stats.in_flight[address])
                stats.max_in_flight = max(stats.max_in_flight, stats.total_in_flight)
                try:
                    close = await self._answer(head, writer)
                finally:
                    stats.in_flight[address] -= 1
                    stats.total_in_flight -= 1
                if close:
                    return
        except ConnectionError:
            return
        finally:
            writer.close()

    async def _answer(self, head: bytes, writer: asyncio.StreamWriter) -> bool:
        lines = head.decode("latin-1").split("\r\n")
        target = lines[0].split(" ")[1]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        await asyncio.sleep(self.latency)
        try:
            n = int(target.rsplit("/", 1)[1].split(".")[0])
            body, etag = self.bodies[n], self.etags[n]
        except (IndexError, ValueError):
            body, etag = b"", ""
        if_none_match = headers.get("if-none-match")
        if_modified_since = headers.get("if-modified-since")
        self.stats.if_none_match += if_none_match is not None
        self.stats.if_modified_since += if_modified_since is not None
        if not etag:
            status, reason = 404, "Not Found"
        elif if_none_match is not None:
            status, reason = (304, "Not Modified") if if_none_match == etag else (200, "OK")
        elif if_modified_since == LAST_MODIFIED:
            status, reason = 304, "Not Modified"
        else:
            status, reason = 200, "OK"
        self.stats.statuses[status] += 1
        close = headers.get("connection", "").lower() == "close"
        out = [f"HTTP/1.1 {status} {reason}"]
        if etag:
            out += [f"ETag: {etag}", f"Last-Modified: {LAST_MODIFIED}"]
        payload = body if status == 200 else b""
        if status != 304:
            out += ["Content-Type: application/rss+xml; charset=utf-8"]
            out += [f"Content-Length: {len(payload)}"]
        if close:
            out.append("Connection: close")
        writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + payload)
        await writer.drain()
        return close

    def read_log(self, cpu: float) -> ServerLog:
        stats = self.stats
        log = ServerLog(
            requests=sum(stats.statuses.values()),
            statuses=dict(stats.statuses),
            if_none_match=stats.if_none_match,
            if_modified_since=stats.if_modified_since,
            connections=stats.connections,
            max_per_address=stats.max_per_address,
            max_in_flight=stats.max_in_flight,
            cpu=cpu,
        )
        self.stats = _Stats(in_flight=stats.in_flight, total_in_flight=stats.total_in_flight)
        return log


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _serve(
    conn: Connection, feeds: int, items: int, latency: float, per_address: int
) -> None:
    served = _Feeds(feeds, items, latency)
    servers: list[asyncio.Server] = []
    urls: list[str] = []
    hosts = addresses()
    for first in range(0, feeds, per_address):
        host = next(hosts)
        index = len(servers)

        async def handle(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter, index: int = index
        ) -> None:
            await served.handle(index, reader, writer)

        server = await asyncio.start_server(handle, host, 0, backlog=1024)
        servers.append(server)
        port = server.sockets[0].getsockname()[1]
        last = min(feeds, first + per_address)
        urls += [f"http://{host}:{port}/feeds/{n:05d}.rss" for n in range(first, last)]
    conn.send(urls)
    loop = asyncio.get_running_loop()
    cpu_mark = _own_cpu()
    while (command := await loop.run_in_executor(None, conn.recv)) != "stop":
        if command == "log":
            cpu_now = _own_cpu()
            conn.send(served.read_log(cpu_now - cpu_mark))
            cpu_mark = cpu_now
    for server in servers:
        server.close()


def serve(conn: Connection, feeds: int, items: int, latency: float, per_address: int) -> None:
    """Serve the benchmark's feeds until told to stop; answer log queries on `conn`."""
    asyncio.run(_serve(conn, feeds, items, latency, per_address))
