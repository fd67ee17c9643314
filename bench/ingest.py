"""Ingest benchmark: a naive feedparser loop against Peacewatch's cold and warm cycles.

Run from the repository root::

    python -m bench ingest                      # the issue's numbers: 500 feeds × 50 items, 200 ms
    python -m bench.ingest --feeds 100 --latency 0.05   # a quicker run

Three processes keep the figures honest:

- the feed server (``tests.support.feed_server.FeedServer``) runs in its own process, so its
  threads never compete with the measured code for a GIL;
- the naive baseline, ``feedparser.parse(url)`` for each feed in turn (feedparser fetching
  over HTTP itself, sequentially), runs in this process;
- Peacewatch runs in a fresh process built the way ``python -m bot poll --once`` builds it
  (``load_config`` → ``open_store`` → ``sync_config`` → ``parse_executor`` → ``http_client``
  → ``build_poller``), on a fresh SQLite database in a temporary folder.  Its memory figures
  are therefore the poller's own and not the server's or the baseline's.

The cold cycle stores every item (all new); the warm cycle polls the same, unchanged feeds
again after every feed's ``next_poll_at`` is moved into the past, so each request is
conditional and answered 304.  The server's request log proves both.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import resource
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

FEEDS = 500
ITEMS = 50
LATENCY = 0.2
TARGET_COLD = 10.0
TARGET_WARM = 50.0
TARGET_MEMORY_MB = 200.0


def feed_path(n: int) -> str:
    return f"/feeds/{n:04d}.rss"


def feed_document(n: int, items: int) -> bytes:
    """Feed `n`: `items` distinct items whose links and guids no other feed shares."""
    from tests.support.feed_server import rss_feed, sample_items

    return rss_feed(
        sample_items(items, prefix=f"feed{n:04d}", base_url=f"https://outlet{n:04d}.example"),
        title=f"Outlet {n}",
        link=f"https://outlet{n:04d}.example/",
    )


# The feed server process


@dataclass(frozen=True)
class ServerLog:
    """What the server saw between two reads of its request log."""

    requests: int
    statuses: dict[int, int]
    if_none_match: int
    if_modified_since: int
    cpu: float
    """CPU seconds the server process used in the same interval."""

    def count(self, status: int) -> int:
        return self.statuses.get(status, 0)


def _serve(conn: Connection, feeds: int, items: int, latency: float) -> None:
    """Serve the benchmark's feeds until told to stop; answer log queries on `conn`."""
    from tests.support.feed_server import FeedServer

    server = FeedServer(latency=latency, max_delay=max(30.0, latency * 2))
    server.start()
    try:
        for n in range(feeds):
            server.feed(feed_path(n), feed_document(n, items))
        conn.send(server.base_url)
        cpu_mark = _own_cpu()
        while (command := conn.recv()) != "stop":
            if command == "log":
                seen = server.requests
                server.clear_requests()
                cpu_now = _own_cpu()
                cpu, cpu_mark = cpu_now - cpu_mark, cpu_now
                conn.send(
                    ServerLog(
                        requests=len(seen),
                        statuses=dict(Counter(r.status for r in seen)),
                        if_none_match=sum(1 for r in seen if r.headers.get("If-None-Match")),
                        if_modified_since=sum(
                            1 for r in seen if r.headers.get("If-Modified-Since")
                        ),
                        cpu=cpu,
                    )
                )
    finally:
        server.stop()


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# Memory sampling (Linux /proc): the Peacewatch process and its parse workers together


def _proc_kb(pid: int | str, path: str, fields: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/{path}") as handle:
            for line in handle:
                name, _, rest = line.partition(":")
                if name in fields:
                    found[name] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return found


def _child_pids() -> list[str]:
    pids: list[str] = []
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return pids
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/children") as handle:
                pids.extend(handle.read().split())
        except OSError:
            continue
    return pids


class TreeSampler:
    """Samples RSS and PSS of this process plus its children every `period` seconds.

    PSS divides pages shared between processes (forked workers share the parent's pages
    copy-on-write) among them, so the PSS sum is what the process tree really occupies.
    """

    def __init__(self, period: float = 0.05) -> None:
        self.period = period
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self.max_children = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mem-sampler", daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.period):
                self.sample()
                return

    def sample(self) -> None:
        children = _child_pids()
        rss = pss = 0
        for pid in ["self", *children]:
            rss += _proc_kb(pid, "status", ("VmRSS",)).get("VmRSS", 0)
            pss += _proc_kb(pid, "smaps_rollup", ("Pss",)).get("Pss", 0)
        self.peak_rss_kb = max(self.peak_rss_kb, rss)
        self.peak_pss_kb = max(self.peak_pss_kb, pss)
        self.max_children = max(self.max_children, len(children))


# The Peacewatch process


@dataclass
class CycleResult:
    wall: float
    feeds_polled: int
    new_items: int
    statuses: dict[str, int]
    errors: list[str]
    stored_total: int
    cpu_main: float
    """CPU seconds (user + system) of the Peacewatch process, all its threads."""
    cpu_workers: float
    """CPU seconds of its parse worker processes."""
    load: tuple[float, float]
    """1-minute load average before and after: other work on the machine skews wall times."""


@dataclass
class PeacewatchMemory:
    rss_before_kb: int
    """The process's resident set just before the cold cycle (imports, engine, config)."""
    maxrss_main_kb: int
    """ru_maxrss of the Peacewatch process: its high-water mark over its whole life."""
    maxrss_worker_kb: int
    """RUSAGE_CHILDREN ru_maxrss: the largest single parse worker's high-water mark."""
    workers: int
    tree_peak_rss_kb: int
    tree_peak_pss_kb: int
    tracemalloc_peak_kb: int | None


@dataclass
class PeacewatchRun:
    concurrency: int
    parse_workers: int
    cold: CycleResult
    warm: CycleResult
    memory: PeacewatchMemory
    notes: list[str] = field(default_factory=list)


def _stored_items(engine: Any) -> int:
    from sqlmodel import Session, func, select

    from bot.store.models import Item

    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(Item)).one())


def _write_feeds_yaml(path: Path, urls: Sequence[str]) -> None:
    lines = ["feeds:"]
    for n, url in enumerate(urls):
        lines += [f"  - name: outlet-{n:04d}", f"    url: {url}", "    interval: 5m"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by this process ("self") and by each live child, by pid."""
    tick = os.sysconf("SC_CLK_TCK")
    used: dict[str, float] = {}
    for pid in ["self", *_child_pids()]:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return used


async def _cycle(poller: Any, engine: Any) -> CycleResult:
    load_before = os.getloadavg()[0]
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    reports = await poller.poll_due()
    wall = time.perf_counter() - started
    cpu_after = _cpu_seconds()
    spent = {pid: used - cpu_before.get(pid, 0.0) for pid, used in cpu_after.items()}
    return CycleResult(
        cpu_main=spent.pop("self"),
        cpu_workers=sum(spent.values()),
        load=(load_before, os.getloadavg()[0]),
        wall=wall,
        feeds_polled=len(reports),
        new_items=sum(r.new_items for r in reports),
        statuses=dict(Counter(r.status.value for r in reports)),
        errors=sorted({r.error for r in reports if r.error}),
        stored_total=_stored_items(engine),
    )


def _make_all_due(engine: Any) -> None:
    """Move every feed's next poll into the past, as a clock past the interval would."""
    from sqlalchemy import update

    from bot.app import utc_now
    from bot.store.models import Feed

    with engine.begin() as conn:
        conn.execute(update(Feed).values(next_poll_at=utc_now() - timedelta(seconds=1)))


async def _peacewatch(
    conn: Connection, urls: list[str], concurrency: int | None, trace: bool
) -> PeacewatchRun:
    from bot.app import (
        build_matcher,
        build_poller,
        http_client,
        load_config,
        open_store,
        parse_executor,
    )
    from bot.app import sync_config as sync
    from bot.config import Settings

    with tempfile.TemporaryDirectory(prefix="peacewatch-bench-") as tmp:
        folder = Path(tmp)
        overrides: dict[str, Any] = {
            "data_dir": folder,
            "database_url": f"sqlite:///{folder / 'peacewatch.db'}",
        }
        if concurrency is not None:
            overrides["poll_concurrency"] = concurrency
        settings = Settings(**overrides)
        feeds_yaml = folder / "feeds.yaml"
        _write_feeds_yaml(feeds_yaml, urls)
        config = load_config(feeds_yaml)
        engine = open_store(settings.effective_database_url)
        sync(engine, config)
        executor = parse_executor(len(config.feeds_file.feeds))
        workers = getattr(executor, "_max_workers", 0) if executor is not None else 0
        rss_before = _proc_kb("self", "status", ("VmRSS",)).get("VmRSS", 0)
        if trace:
            tracemalloc.start()
        with TreeSampler() as sampler:
            async with http_client(settings) as client:
                matcher = build_matcher(config)
                poller = build_poller(settings, engine, client, matcher, executor=executor)
                try:
                    cold = await _cycle(poller, engine)
                    conn.send(("cold", cold))
                    conn.recv()  # the orchestrator has read the server's log
                    _make_all_due(engine)
                    warm = await _cycle(poller, engine)
                finally:
                    poller.close()
                    if executor is not None:
                        executor.shutdown(wait=True)
        traced = tracemalloc.get_traced_memory()[1] // 1024 if trace else None
        if trace:
            tracemalloc.stop()
        engine.dispose()
    memory = PeacewatchMemory(
        rss_before_kb=rss_before,
        maxrss_main_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        maxrss_worker_kb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        workers=workers,
        tree_peak_rss_kb=sampler.peak_rss_kb,
        tree_peak_pss_kb=sampler.peak_pss_kb,
        tracemalloc_peak_kb=traced,
    )
    return PeacewatchRun(
        concurrency=settings.poll_concurrency,
        parse_workers=workers,
        cold=cold,
        warm=warm,
        memory=memory,
    )


def _peacewatch_process(
    conn: Connection, urls: list[str], concurrency: int | None, trace: bool
) -> None:
    try:
        run = asyncio.run(_peacewatch(conn, urls, concurrency, trace))
    except BaseException as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        raise
    conn.send(("done", run))


# The naive baseline


@dataclass
class NaiveResult:
    wall: float
    entries: int
    failures: int
    cpu: float
    load: tuple[float, float]


def run_naive(urls: Sequence[str]) -> NaiveResult:
    """What a hobby bot does: feedparser fetches and parses each feed, one after another."""
    import feedparser

    entries = failures = 0
    load_before = os.getloadavg()[0]
    cpu_before = _cpu_seconds()["self"]
    started = time.perf_counter()
    for url in urls:
        parsed = feedparser.parse(url)
        if parsed.get("status") != 200:
            failures += 1
        entries += len(parsed.entries)
    wall = time.perf_counter() - started
    return NaiveResult(
        wall,
        entries,
        failures,
        _cpu_seconds()["self"] - cpu_before,
        (load_before, os.getloadavg()[0]),
    )


# Orchestration and report


def _mb(kb: int | None) -> str:
    return "n/a" if kb is None else f"{kb / 1024:.1f} MB"


def _receive(conn: Connection, expected: str) -> Any:
    kind, payload = conn.recv()
    if kind != expected:
        raise RuntimeError(f"Peacewatch process: {payload}")
    return payload


@dataclass
class Check:
    what: str
    ok: bool

    def line(self) -> str:
        return f"  [{'ok' if self.ok else 'FAIL'}] {self.what}"


def _checks(
    feeds: int,
    items: int,
    naive: NaiveResult,
    run: PeacewatchRun,
    naive_log: ServerLog,
    cold_log: ServerLog,
    warm_log: ServerLog,
    *,
    skipped_naive: bool,
) -> list[Check]:
    total = feeds * items
    cold, warm = run.cold, run.warm
    naive_check = (
        Check("naive baseline not run (--skip-naive): its wall time was given", True)
        if skipped_naive
        else Check(
            f"naive parsed {naive.entries} entries from {naive_log.count(200)} × 200 "
            f"(expected {total} from {feeds})",
            naive.entries == total and naive_log.count(200) == feeds and not naive.failures,
        )
    )
    return [
        naive_check,
        Check(
            f"cold polled {cold.feeds_polled} feeds: {cold.statuses}; errors {cold.errors}",
            cold.feeds_polled == feeds and cold.statuses == {"new": feeds} and not cold.errors,
        ),
        Check(
            f"cold stored {cold.new_items} new items, {cold.stored_total} in the database "
            f"(expected {total})",
            cold.new_items == total and cold.stored_total == total,
        ),
        Check(
            f"cold: server answered {cold_log.requests} requests, {cold_log.count(200)} × 200, "
            f"{cold_log.if_none_match} conditional (expected {feeds}, {feeds}, 0)",
            cold_log.requests == feeds
            and cold_log.count(200) == feeds
            and cold_log.if_none_match == 0,
        ),
        Check(
            f"warm polled {warm.feeds_polled} feeds: {warm.statuses}; errors {warm.errors}",
            warm.feeds_polled == feeds
            and warm.statuses == {"not modified": feeds}
            and not warm.errors,
        ),
        Check(
            f"warm stored {warm.new_items} new items, {warm.stored_total} in the database "
            f"(expected 0 new, {total} in all)",
            warm.new_items == 0 and warm.stored_total == total,
        ),
        Check(
            f"warm: server answered {warm_log.requests} requests, {warm_log.count(304)} × 304; "
            f"{warm_log.if_none_match} sent If-None-Match, {warm_log.if_modified_since} "
            f"If-Modified-Since (expected {feeds} each)",
            warm_log.requests == feeds
            and warm_log.count(304) == feeds
            and warm_log.if_none_match == feeds
            and warm_log.if_modified_since == feeds,
        ),
    ]


def _report(
    args: argparse.Namespace,
    naive: NaiveResult,
    run: PeacewatchRun,
    checks: list[Check],
    logs: tuple[ServerLog, ServerLog, ServerLog],
) -> str:
    naive_log, cold_log, warm_log = logs
    feeds, items = args.feeds, args.items
    total = feeds * items
    cold, warm, mem = run.cold, run.warm, run.memory
    cold_ratio, warm_ratio = naive.wall / cold.wall, naive.wall / warm.wall
    tree_mb = mem.tree_peak_pss_kb / 1024
    floor = -(-feeds // run.concurrency) * args.latency
    bound_kb = mem.maxrss_main_kb + mem.workers * mem.maxrss_worker_kb
    lines = [
        "",
        f"Ingest benchmark: {feeds} feeds × {items} items = {total} items, "
        f"{args.latency * 1000:.0f} ms added latency per response",
        f"Peacewatch: poll_concurrency={run.concurrency} (Settings), parse workers="
        f"{run.parse_workers or 'none (event loop thread pool)'}, SQLite (WAL) in a temp dir, "
        f"{os.cpu_count()} CPU(s)",
        "",
        f"(a) naive: feedparser.parse(url), one feed after another: {naive.wall:8.2f} s  "
        f"{naive.entries / naive.wall:9.0f} items/s",
        f"(b) Peacewatch cold cycle (all {total} items new):      {cold.wall:8.2f} s  "
        f"{cold.new_items / cold.wall:9.0f} items/s stored   naive/cold = {cold_ratio:6.1f}×",
        f"(c) Peacewatch warm cycle (nothing changed, 304s):     {warm.wall:8.2f} s  "
        f"{total / warm.wall:9.0f} items/s checked  naive/warm = {warm_ratio:6.1f}×",
        "",
        "CPU seconds used (user + system) and the machine's 1-minute load average before → after"
        " (wall times are only comparable when the load is low):",
        f"  (a) naive: {naive.cpu:6.2f} s in one process; feed server {naive_log.cpu:5.2f} s; "
        f"load {_load(naive.load)}",
        f"  (b) cold:  {cold.cpu_main:6.2f} s main process + {cold.cpu_workers:6.2f} s parse "
        f"workers; feed server {cold_log.cpu:5.2f} s; load {_load(cold.load)}",
        f"  (c) warm:  {warm.cpu_main:6.2f} s main process + {warm.cpu_workers:6.2f} s parse "
        f"workers; feed server {warm_log.cpu:5.2f} s; load {_load(warm.load)}",
        f"  latency floor of one Peacewatch cycle: ceil({feeds} feeds / {run.concurrency} in "
        f"flight) × {args.latency:g} s = {floor:.2f} s",
        "",
        "Peacewatch memory (its own process; the server and the baseline run elsewhere):",
        f"  main process RSS before the cold cycle:        {_mb(mem.rss_before_kb)}",
        f"  main process peak RSS (ru_maxrss, RUSAGE_SELF): {_mb(mem.maxrss_main_kb)}",
        f"  largest parse worker peak RSS (RUSAGE_CHILDREN): {_mb(mem.maxrss_worker_kb)}"
        f" × {mem.workers} worker(s)",
        f"  sum of the above (upper bound, shared pages counted per process): {_mb(bound_kb)}",
        f"  process tree sampled every 50 ms: peak RSS sum {_mb(mem.tree_peak_rss_kb)}, "
        f"peak PSS sum {_mb(mem.tree_peak_pss_kb)} (PSS shares common pages out)",
        f"  tracemalloc peak (Python heap, main process): {_mb(mem.tracemalloc_peak_kb)}"
        + ("" if mem.tracemalloc_peak_kb is not None else " (run with --tracemalloc)"),
        "",
        "Correctness:",
        *(check.line() for check in checks),
        "",
        "Targets:",
        _target(
            f"cold ≥ {TARGET_COLD:g}× faster than naive",
            cold_ratio >= TARGET_COLD,
            f"{cold_ratio:.1f}×",
        ),
        _target(
            f"warm ≥ {TARGET_WARM:g}× faster than naive",
            warm_ratio >= TARGET_WARM,
            f"{warm_ratio:.1f}×",
        ),
        _target(
            f"peak memory < {TARGET_MEMORY_MB:g} MB (process tree PSS)",
            tree_mb < TARGET_MEMORY_MB,
            f"{tree_mb:.1f} MB",
        ),
        "",
        "Markdown summary (for the README):",
        "",
        f"{feeds} feeds × {items} items, {args.latency * 1000:.0f} ms latency per response, "
        f"{os.cpu_count()} CPUs, SQLite, poll_concurrency={run.concurrency}:",
        "",
        "| run | wall time | items/s | vs naive |",
        "|---|---:|---:|---:|",
        f"| naive `feedparser.parse(url)` loop | {naive.wall:.1f} s "
        f"| {naive.entries / naive.wall:,.0f} | 1× |",
        f"| Peacewatch cold cycle ({total:,} new items) | {cold.wall:.2f} s "
        f"| {cold.new_items / cold.wall:,.0f} | {cold_ratio:.0f}× faster |",
        f"| Peacewatch warm cycle (all 304) | {warm.wall:.2f} s "
        f"| {total / warm.wall:,.0f} checked | {warm_ratio:.0f}× faster |",
        "",
        f"Peak memory of the Peacewatch process tree: {tree_mb:.0f} MB PSS "
        f"(main process {mem.maxrss_main_kb / 1024:.0f} MB peak RSS, largest parse worker "
        f"{mem.maxrss_worker_kb / 1024:.0f} MB).",
    ]
    return "\n".join(lines)


def _load(load: tuple[float, float]) -> str:
    return f"{load[0]:.1f} → {load[1]:.1f}"


def _target(what: str, met: bool, figure: str) -> str:
    return f"  [{'met' if met else 'MISSED'}] {what}: {figure}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench ingest",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--feeds", type=int, default=FEEDS, help=f"feeds (default {FEEDS})")
    parser.add_argument(
        "--items", type=int, default=ITEMS, help=f"items per feed (default {ITEMS})"
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=LATENCY,
        help=f"seconds added to every response (default {LATENCY})",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="override Settings.poll_concurrency (default: Settings' value)",
    )
    parser.add_argument(
        "--skip-naive",
        type=float,
        default=None,
        metavar="SECONDS",
        help="do not run the baseline; use this wall time for it instead",
    )
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also trace the Python heap of the Peacewatch process (slower)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.feeds < 1 or args.items < 1 or args.latency < 0:
        print("--feeds and --items must be at least 1, --latency at least 0", file=sys.stderr)
        return 2
    spawn = multiprocessing.get_context("spawn")
    server_end, server_conn = spawn.Pipe()
    server = spawn.Process(
        target=_serve, args=(server_end, args.feeds, args.items, args.latency), daemon=True
    )
    server.start()
    try:
        base_url = server_conn.recv()
        urls = [base_url + feed_path(n) for n in range(args.feeds)]

        def server_log() -> ServerLog:
            server_conn.send("log")
            log: ServerLog = server_conn.recv()
            return log

        server_log()
        if args.skip_naive is None:
            print(f"(a) naive baseline over {args.feeds} feeds…", file=sys.stderr, flush=True)
            naive = run_naive(urls)
        else:
            naive = NaiveResult(args.skip_naive, args.feeds * args.items, 0, 0.0, (0.0, 0.0))
        naive_log = server_log()
        if args.skip_naive is not None:
            naive_log = ServerLog(args.feeds, {200: args.feeds}, 0, 0, 0.0)

        print("(b, c) Peacewatch cold and warm cycles…", file=sys.stderr, flush=True)
        pw_end, pw_conn = spawn.Pipe()
        peacewatch = spawn.Process(
            target=_peacewatch_process, args=(pw_end, urls, args.concurrency, args.tracemalloc)
        )
        peacewatch.start()
        try:
            _receive(pw_conn, "cold")
            cold_log = server_log()
            pw_conn.send("go on")
            run: PeacewatchRun = _receive(pw_conn, "done")
            warm_log = server_log()
        finally:
            peacewatch.join(timeout=60)
        server_conn.send("stop")
    finally:
        server.join(timeout=10)
        if server.is_alive():
            server.terminate()
    checks = _checks(
        args.feeds,
        args.items,
        naive,
        run,
        naive_log,
        cold_log,
        warm_log,
        skipped_naive=args.skip_naive is not None,
    )
    print(_report(args, naive, run, checks, (naive_log, cold_log, warm_log)))
    return 0 if all(check.ok for check in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
