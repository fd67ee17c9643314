"""Plain-text tables for operators: poll results and feed states (console and /feeds)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from bot.domain import FeedPollReport, PollStatus


class FeedState(Protocol):
    """What a table shows of a stored feed (`bot.store.models.Feed` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def state(self) -> StrEnum: ...
    @property
    def last_status(self) -> str | None: ...
    @property
    def last_success_at(self) -> datetime | None: ...
    @property
    def error_count(self) -> int: ...
    @property
    def last_error(self) -> str | None: ...
    @property
    def next_poll_at(self) -> datetime | None: ...


class FeedRow(FeedState, Protocol):
    """A feed with what the health watch knows (`bot.store.health.FeedStatus` is one)."""

    @property
    def kind(self) -> StrEnum | None: ...
    @property
    def health(self) -> StrEnum: ...
    @property
    def usual_gap(self) -> timedelta | None: ...


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*headers).rstrip(), "  ".join("-" * w for w in widths)]
    out.extend(line.format(*row).rstrip() for row in rows)
    return "\n".join(out)


def _status_text(report: FeedPollReport) -> str:
    if report.status is PollStatus.ERROR:
        return f"error: {report.error}"
    if report.status is PollStatus.GONE:
        return "gone (410): disabled"
    if report.baseline and report.status is PollStatus.NEW:
        return "new (baseline: not alerted)"
    return report.status.value


def _not_polled(feed: FeedState) -> str:
    if feed.state != "active":
        return feed.state.value
    wait = f"not due until {_when(feed.next_poll_at)}"
    return f"backing off ({feed.error_count} errors), {wait}" if feed.error_count else wait


def poll_table(reports: Sequence[FeedPollReport], skipped: Sequence[FeedState] = ()) -> str:
    """One row per feed: status, new items, time taken; disabled feeds listed too."""
    rows = [
        [r.feed, _status_text(r)[:80], str(r.new_items), f"{r.elapsed:.2f}s"]
        for r in sorted(reports, key=lambda r: r.feed.lower())
    ]
    rows.extend([feed.name, _not_polled(feed), "-", "-"] for feed in skipped)
    return table(["feed", "status", "new", "time"], rows)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "never"


def _every(gap: timedelta | None) -> str:
    """The usual cadence: `every 12m`, `every 3h` (`-` until there is one)."""
    if gap is None:
        return "-"
    minutes = max(1, round(gap.total_seconds() / 60))
    return f"every {minutes}m" if minutes < 120 else f"every {round(minutes / 60)}h"


def feeds_table(feeds: Sequence[FeedRow]) -> str:
    """Stored state of every feed: what `check` and `/feeds` show an operator."""
    rows = [
        [
            feed.name,
            feed.kind.value if feed.kind is not None else "-",
            feed.state.value if feed.state != "active" else feed.health.value,
            feed.last_status or "not polled",
            _when(feed.last_success_at),
            str(feed.error_count),
            _every(feed.usual_gap),
            (feed.last_error or "")[:60],
            _when(feed.next_poll_at) if feed.state == "active" else "-",
        ]
        for feed in feeds
    ]
    headers = ["feed", "kind", "state", "last", "last success", "errors", "usually", "last error"]
    return table([*headers, "next poll"], rows)
