"""Which due feed starts next: at most `per_host` in flight to one host, `concurrency` in all.

Pure bookkeeping (no I/O, no clock): the poller adds due feeds, asks for the next one it
may start whenever a slot frees, and says when one is done.  Hosts take turns, so a search
service with five hundred query feeds waits its turn behind nobody but itself.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Generic, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")


def host_of(url: str) -> str:
    """What the per-host limit counts by: the URL's host and port (a local file's scheme)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url  # a malformed address fails on its own; it limits no other feed
    scheme = parts.scheme.lower()
    if not host:
        return scheme
    return f"{host}:{port}" if port else host


@dataclass
class _Host(Generic[T]):
    waiting: deque[T] = field(default_factory=deque)
    active: int = 0
    ready: bool = False
    """In the ready queue: it has waiting feeds and a free slot."""


class HostQueues(Generic[T]):
    """Due work queued per host; `next()` hands out what may start now, hosts in turn."""

    def __init__(self, concurrency: int, per_host: int) -> None:
        self.concurrency = concurrency
        self.per_host = per_host
        self._hosts: dict[str, _Host[T]] = {}
        self._ready: deque[str] = deque()
        self.active = 0
        self.waiting = 0

    @property
    def idle(self) -> bool:
        return not self.active and not self.waiting

    def add(self, host: str, work: T) -> None:
        """Queue `work` behind its host's other waiting work."""
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host()
        state.waiting.append(work)
        self.waiting += 1
        self._mark_ready(host, state)

    def next(self) -> tuple[str, T] | None:
        """The next work that may start (its host and itself), or None for now."""
        while self._ready and self.active < self.concurrency:
            host = self._ready.popleft()
            state = self._hosts[host]
            state.ready = False
            if not state.waiting or state.active >= self.per_host:
                continue
            work = state.waiting.popleft()
            state.active += 1
            self.active += 1
            self.waiting -= 1
            self._mark_ready(host, state)
            return host, work
        return None

    def done(self, host: str) -> None:
        """Work started on `host` has finished: its slot is free."""
        state = self._hosts[host]
        state.active -= 1
        self.active -= 1
        if not state.active and not state.waiting:
            del self._hosts[host]
        else:
            self._mark_ready(host, state)

    def _mark_ready(self, host: str, state: _Host[T]) -> None:
        if not state.ready and state.waiting and state.active < self.per_host:
            state.ready = True
            self._ready.append(host)
