"""What the service counts, for Prometheus (prometheus-client's default registry).

The metrics are defined here, once, like loggers: the layers that do the work record
them where it happens — the poller (polls, fetch time, new items), matching (matches per
topic), the Telegram edge (every message's outcome, 429 waits), the outbox
(publish→alert latency), daily digests — and `bot.endpoint` serves them, reading the
database's own gauges (the outbox, stories) when scraped.  Pure modules never import
this (an import contract holds it).

Counters are per process: sum them over processes.  The database gauges are the same
in every process that serves them.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import Counter, Gauge, Histogram

POLLS = Counter("peacewatch_polls", "Feed polls, by outcome", ["outcome"])
FETCH_SECONDS = Histogram(
    "peacewatch_fetch_seconds",
    "Time to fetch one feed",
    buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30),
)
NEW_ITEMS = Counter("peacewatch_new_items", "Items stored for the first time")
MATCHES = Counter("peacewatch_matches", "New items matched to a topic, by topic", ["topic"])
SENDS = Counter(
    "peacewatch_sends",
    "Messages to Telegram (sends and edits, replies included), by outcome: sent, 429, 403, error",
    ["outcome"],
)
FLOOD_WAIT = Counter(
    "peacewatch_flood_wait_seconds", "Seconds Telegram's 429 answers asked us to wait"
)
ALERT_LATENCY = Histogram(
    "peacewatch_alert_latency_seconds",
    "From an item's publication to its alert reaching Telegram",
    buckets=(5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600, 21600),
)
DIGESTS = Counter("peacewatch_digests_sent", "Daily digests sent")
OUTBOX_PENDING = Gauge("peacewatch_outbox_pending", "Alerts and edits waiting in the outbox")
OUTBOX_OLDEST = Gauge(
    "peacewatch_outbox_oldest_due_seconds",
    "How long the oldest alert that could be sent now has been waiting (0: none)",
)
STORIES = Gauge("peacewatch_stories", "Stories on a topic first seen in the last 24 hours")
RECEIVING_UPDATES = Gauge(
    "peacewatch_receiving_updates", "1 while this process receives Telegram's updates"
)


def record_poll(outcome: str, fetch_seconds: float, new_items: int) -> None:
    """One poll of one feed; `outcome` as reported ("not modified" → `not_modified`)."""
    POLLS.labels(outcome.replace(" ", "_")).inc()
    FETCH_SECONDS.observe(fetch_seconds)
    NEW_ITEMS.inc(new_items)


def record_matches(topics: Iterable[str]) -> None:
    for topic in topics:
        MATCHES.labels(topic).inc()


def record_alert_latency(seconds: float) -> None:
    ALERT_LATENCY.observe(max(0.0, seconds))
