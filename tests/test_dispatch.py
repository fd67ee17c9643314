"""Which due feed starts next (pure): at most `per_host` in flight to one host,
`concurrency` in all, hosts taking turns."""

from __future__ import annotations

import pytest

from bot.ingest.dispatch import HostQueues, host_of


def drain_startable(queues: HostQueues[str]) -> list[tuple[str, str]]:
    started = []
    while (next_one := queues.next()) is not None:
        started.append(next_one)
    return started


def test_no_host_gets_more_than_its_share() -> None:
    queues: HostQueues[str] = HostQueues(concurrency=100, per_host=2)
    for n in range(5):
        queues.add("search.example", f"query-{n}")
    queues.add("outlet.example", "news")

    started = drain_startable(queues)

    assert sorted(started) == [
        ("outlet.example", "news"),
        ("search.example", "query-0"),
        ("search.example", "query-1"),
    ]
    assert (queues.active, queues.waiting) == (3, 3)


def test_a_finished_feed_frees_its_hosts_slot_in_queue_order() -> None:
    queues: HostQueues[str] = HostQueues(concurrency=100, per_host=1)
    for n in range(3):
        queues.add("search.example", f"query-{n}")
    assert drain_startable(queues) == [("search.example", "query-0")]

    queues.done("search.example")
    assert drain_startable(queues) == [("search.example", "query-1")]
    queues.done("search.example")
    assert drain_startable(queues) == [("search.example", "query-2")]
    queues.done("search.example")
    assert queues.idle


def test_the_global_limit_holds_across_hosts_and_hosts_take_turns() -> None:
    queues: HostQueues[str] = HostQueues(concurrency=3, per_host=5)
    for host in ("a", "b"):
        for n in range(3):
            queues.add(host, f"{host}{n}")

    started = drain_startable(queues)

    assert started == [("a", "a0"), ("b", "b0"), ("a", "a1")]
    queues.done("a")
    assert drain_startable(queues) == [("b", "b1")]
    assert queues.active == 3


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://News.Example/rss", "news.example"),
        ("https://news.example:8443/rss?q=1", "news.example:8443"),
        ("http://127.0.0.2:8080/feeds/1.rss", "127.0.0.2:8080"),
        ("file:///srv/feeds/a.xml", "file"),
        ("http://[::1/x", "http://[::1/x"),
    ],
)
def test_host_of(url: str, host: str) -> None:
    assert host_of(url) == host
