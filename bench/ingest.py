"""Ingest benchmark: the naive feedparser loop against Peacewatch, where Peacewatch runs.

Run from the repository root::

    python -m bench ingest                      # 500 feeds × 50 items, 200 ms latency
    python -m bench ingest --feeds 10000 --items 20
    python -m bench ingest --feeds 100 --latency 0.05   # a quicker run

What runs, each in its own process so that no figure includes another's work:

- **the feed server** (`bench.feed_hosts`): one asyncio process serving every feed over
  real HTTP/1.1 (keep-alive, ETag, Last-Modified, 304) from many loopback addresses —
  127.0.0.2, 127.0.0.3, … with `--per-address` feeds on each — so Peacewatch's per-host
  limit and per-host connection reuse work as they do against real outlets;
- **the naive baseline**, `feedparser.parse(url)` for each feed in turn, in this process.
  Past `--naive-sample` feeds it runs on an evenly spread sample and its time is scaled to
  every feed (a sequential loop's time is the sum of its feeds');
- **`python -m bot poll --once`**, twice (cold: a fresh database; warm: every feed made
  due again, all answered 304), timed from process start to exit;
- **`python -m bot run`**, the long-running service in console mode, on a fresh database:
  its poll tick finds every feed due (cold); then every feed is made due again and its
  next tick polls them (warm).  A cycle is the service's own `poll_round_finished` line:
  from the tick's due-feed query to the last feed's state saved.

Memory is the peak PSS of the measured process tree (the Peacewatch process and its parse
workers), sampled every 50 ms from this process; CPU is read from /proc.  The server's
request log proves what was measured: requests, statuses, conditional requests, and the
connections they came on.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench.feed_hosts import ServerLog, serve

FEEDS = 500
ITEMS = 50
LATENCY = 0.2
PER_ADDRESS = 24
NAIVE_SAMPLE = 1000
ROOT = Path(__file__).resolve().parent.parent

# The targets (2 cores, ratios from one run).
TARGET_WARM_RATIO = 100.0
TARGET_COLD_RATIO = 20.0
TARGET_MEMORY_MB = {500: 150.0, 10_000: 250.0}
TARGET_SERVICE_WARM_10K = 10.0
TARGET_ONCE_WARM_10K = 15.0


# Process-tree sampling (Linux /proc)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def _tree(pid: int) -> list[int]:
    """The process and its descendants, less any child still between fork and exec.

    Parse workers are started by vfork and exec: until the exec, the child shares its
    parent's address space, and /proc counts that memory once for each of them.
    """
    pids, todo = [], [pid]
    root = _cmdline(pid)
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(child for child in _children(current) if _cmdline(child) != root)
    return pids


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _cpu_s(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a live process and its live children."""
    return sum(_cpu_s(p) for p in _tree(pid))


class TreeSampler:
    """The peak PSS of a process tree, sampled every `period` s; `reset()` starts a phase.

    PSS divides pages shared between processes (forked parse workers share the parent's
    pages copy-on-write) among them, so the sum is what the tree really occupies.
    """

    def __init__(self, pid: int, period: float = 0.05) -> None:
        self.pid = pid
        self.period = period
        self.peak_kb = 0
        self.peak_main_kb = 0
        """The Peacewatch process alone (the rest of the peak is its parse workers)."""
        self.peak_split: list[int] = []
        """At the peak: the Peacewatch process's PSS, then each child's (kB)."""
        self.workers = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mem-sampler", daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def reset(self) -> tuple[int, list[int]]:
        """The peak so far (kB) and its split; the next phase starts from zero."""
        peak, split = self.peak_kb, self.peak_split
        self.peak_kb, self.peak_split = 0, []
        return peak, split

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            pids = _tree(self.pid)
            self.workers = max(self.workers, len(pids) - 1)
            sizes = [_pss_kb(p) for p in pids]
            if sum(sizes) > self.peak_kb:
                self.peak_kb, self.peak_split = sum(sizes), sizes
            self.peak_main_kb = max(self.peak_main_kb, sizes[0])


# The database, read and nudged from outside (SQLite WAL allows it)


@dataclass(frozen=True)
class StoreState:
    items: int
    statuses: dict[str, int]


def store_state(db: Path) -> StoreState:
    with sqlite3.connect(db, timeout=60) as conn:
        items = conn.execute("SELECT count(*) FROM item").fetchone()[0]
        statuses = dict(
            conn.execute("SELECT last_status, count(*) FROM feed GROUP BY last_status").fetchall()
        )
    return StoreState(int(items), {str(k): int(v) for k, v in statuses.items()})


def make_all_due(db: Path) -> None:
    """Move every feed's next poll into the past, as a clock past the interval would."""
    with sqlite3.connect(db, timeout=60) as conn:
        conn.execute("UPDATE feed SET next_poll_at = '2000-01-01 00:00:00.000000'")


# Peacewatch's two ways of running


@dataclass
class Cycle:
    wall: float
    """Seconds the operator waits: poll --once from start to exit; the service's round."""
    cpu: float
    """CPU seconds of the Peacewatch process tree."""
    peak_kb: int
    peak_split: list[int]
    """At the peak: the Peacewatch process's PSS, then each child's (kB)."""
    server: ServerLog
    store: StoreState
    wall_from_due: float | None = None
    """Service only: from the feeds made due to the round's end (includes the tick wait)."""


@dataclass
class Mode:
    name: str
    cold: Cycle
    warm: Cycle
    workers: int
    main_kb: int = 0
    """Peak PSS of the Peacewatch process alone, over both cycles."""
    startup_kb: int = 0
    notes: list[str] = field(default_factory=list)


def _env(folder: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(
        DATA_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{folder / 'peacewatch.db'}",
        FEEDS_FILE=str(folder / "feeds.yaml"),
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def run_poll_once(folder: Path, env: dict[str, str], server: Any) -> Mode:
    def once() -> Cycle:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "poll", "--once"],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        with TreeSampler(process.pid) as sampler:
            _, errors = process.communicate()
        wall = time.perf_counter() - started
        if process.returncode:
            raise RuntimeError(f"poll --once failed: {errors.decode()[-2000:]}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        samplers.append(sampler)
        return Cycle(
            wall,
            cpu,
            sampler.peak_kb,
            sampler.peak_split,
            server(),
            store_state(folder / "peacewatch.db"),
        )

    samplers: list[TreeSampler] = []
    cold = once()
    make_all_due(folder / "peacewatch.db")
    warm = once()
    return Mode(
        "poll --once",
        cold,
        warm,
        workers=max(s.workers for s in samplers),
        main_kb=max(s.peak_main_kb for s in samplers),
    )


class ServiceLog:
    """Reads the service's JSON log lines; hands over its `poll_round_finished` events."""

    def __init__(self, stream: Any) -> None:
        self.rounds: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: Any) -> None:
        for raw in stream:
            line = raw.decode(errors="replace")
            if '"poll_round_finished"' in line:
                with self._changed:
                    self.rounds.append(json.loads(line))
                    self._changed.notify_all()
            elif '"level": "error"' in line or "Traceback" in line:
                self.errors.append(line.strip()[:300])

    def wait_round(self, count: int, timeout: float) -> dict[str, Any]:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.rounds) >= count, timeout):
                raise TimeoutError(f"no poll round {count} within {timeout:g} s: {self.errors}")
            return self.rounds[count - 1]


def run_service(folder: Path, env: dict[str, str], server: Any, feeds: int) -> Mode:
    db = folder / "peacewatch.db"
    timeout = 120 + feeds * 0.05
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=folder,
        env={**env, "LOG_FORMAT": "json", "LOG_LEVEL": "INFO"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        with TreeSampler(process.pid) as sampler:
            log = ServiceLog(process.stderr)
            cold_round = log.wait_round(1, timeout)
            cold_cpu = tree_cpu(process.pid)
            cold = Cycle(
                cold_round["seconds"], cold_cpu, *sampler.reset(), server(), store_state(db)
            )
            time.sleep(3)  # idle ticks: the cycle's connections are closed
            settled_kb, _ = sampler.reset()
            cpu_before = tree_cpu(process.pid)
            due_at = time.perf_counter()
            make_all_due(db)
            warm_round = log.wait_round(2, timeout)
            from_due = time.perf_counter() - due_at
            warm = Cycle(
                warm_round["seconds"],
                tree_cpu(process.pid) - cpu_before,
                *sampler.reset(),
                server(),
                store_state(db),
                wall_from_due=from_due,
            )
            workers, main_kb = sampler.workers, sampler.peak_main_kb
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
    mode = Mode(
        "service (bot run)", cold, warm, workers=workers, main_kb=main_kb, startup_kb=settled_kb
    )
    if log.errors:
        mode.notes.extend(log.errors[:5])
    return mode


# The naive baseline


@dataclass
class Naive:
    wall: float
    """For every feed (scaled from the sample when one was used)."""
    sample: int
    entries: int
    failures: int
    server: ServerLog


def run_naive(urls: Sequence[str], sample: int, server: Any) -> Naive:
    """What a hobby bot does: feedparser fetches and parses each feed, one after another."""
    import feedparser

    step = max(1, math.ceil(len(urls) / sample))
    chosen = urls[::step]
    entries = failures = 0
    started = time.perf_counter()
    for url in chosen:
        parsed = feedparser.parse(url)
        if parsed.get("status") != 200:
            failures += 1
        entries += len(parsed.entries)
    wall = time.perf_counter() - started
    return Naive(wall * len(urls) / len(chosen), len(chosen), entries, failures, server())


# Orchestration and report


def write_feeds_yaml(path: Path, urls: Sequence[str]) -> None:
    """The feeds, with the shipped topics and contexts: every poll matches like in production."""
    shipped = yaml.safe_load((ROOT / "feeds.yaml").read_text(encoding="utf-8"))
    shipped["feeds"] = [
        {"name": f"outlet-{n:05d}", "url": url, "interval": "5m"} for n, url in enumerate(urls)
    ]
    path.write_text(yaml.safe_dump(shipped, allow_unicode=True, sort_keys=False), "utf-8")


@contextmanager
def feed_server(args: argparse.Namespace) -> Iterator[tuple[list[str], Any]]:
    spawn = multiprocessing.get_context("spawn")
    here, there = spawn.Pipe()
    process = spawn.Process(
        target=serve,
        args=(there, args.feeds, args.items, args.latency, args.per_address),
        daemon=True,
    )
    process.start()
    try:
        urls: list[str] = here.recv()

        def server_log() -> ServerLog:
            here.send("log")
            received: ServerLog = here.recv()
            return received

        yield urls, server_log
        here.send("stop")
    finally:
        process.join(timeout=10)
        if process.is_alive():
            process.terminate()


@dataclass
class Check:
    what: str
    ok: bool

    def line(self) -> str:
        return f"  [{'ok' if self.ok else 'FAIL'}] {self.what}"


def checks(args: argparse.Namespace, naive: Naive, modes: Sequence[Mode]) -> list[Check]:
    feeds, total = args.feeds, args.feeds * args.items
    found = [
        Check(
            f"naive parsed {naive.entries} entries from {naive.server.count(200)} × 200 "
            f"(expected {naive.sample * args.items} from {naive.sample})",
            naive.entries == naive.sample * args.items
            and naive.server.count(200) == naive.sample
            and not naive.failures,
        )
    ]
    for mode in modes:
        cold, warm = mode.cold, mode.warm
        found += [
            Check(
                f"{mode.name} cold: {cold.store.items} items stored, feeds {cold.store.statuses}; "
                f"server {cold.server.requests} requests, {cold.server.count(200)} × 200 "
                f"(expected {total}, {feeds} new, {feeds}, {feeds})",
                cold.store.items == total
                and cold.store.statuses == {"new": feeds}
                and cold.server.requests == feeds
                and cold.server.count(200) == feeds,
            ),
            Check(
                f"{mode.name} warm: {warm.store.items} items, feeds {warm.store.statuses}; "
                f"server {warm.server.requests} requests, {warm.server.count(304)} × 304, "
                f"{warm.server.if_none_match} If-None-Match, {warm.server.if_modified_since} "
                f"If-Modified-Since (expected {total}, {feeds} not modified, {feeds} each)",
                warm.store.items == total
                and warm.store.statuses == {"not modified": feeds}
                and warm.server.requests == feeds
                and warm.server.count(304) == feeds
                and warm.server.if_none_match == feeds
                and warm.server.if_modified_since == feeds,
            ),
            Check(
                f"{mode.name}: at most {args.per_host} requests at once to one address "
                f"(saw {max(cold.server.max_per_address, warm.server.max_per_address)})",
                max(cold.server.max_per_address, warm.server.max_per_address) <= args.per_host,
            ),
        ]
    return found


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def report(args: argparse.Namespace, naive: Naive, modes: Sequence[Mode]) -> list[str]:
    feeds, items = args.feeds, args.items
    total = feeds * items
    addresses = math.ceil(feeds / args.per_address)
    sampled = (
        f" (measured on {naive.sample} feeds spread evenly, scaled to {feeds})"
        if naive.sample < feeds
        else ""
    )
    lines = [
        "",
        f"Ingest benchmark: {feeds} feeds × {items} items = {total:,} items from {addresses} "
        f"loopback addresses ({args.per_address} feeds each), {args.latency * 1000:.0f} ms "
        f"added latency per response, {os.cpu_count()} CPUs, SQLite (WAL)",
        f"Peacewatch settings: POLL_CONCURRENCY={args.concurrency}, "
        f"POLL_PER_HOST={args.per_host}; the shipped topics are matched",
        "",
        f"naive feedparser.parse(url), one feed after another: {naive.wall:9.2f} s{sampled}",
    ]
    for mode in modes:
        for label, cycle in (("cold", mode.cold), ("warm", mode.warm)):
            what = f"{total:,} new items" if label == "cold" else "all 304 Not Modified"
            due = (
                f"; {cycle.wall_from_due:.2f} s from due to done (tick included)"
                if cycle.wall_from_due is not None
                else ""
            )
            lines.append(
                f"{mode.name:18} {label} ({what}): {cycle.wall:8.2f} s = "
                f"{naive.wall / cycle.wall:6.1f}× naive; CPU {cycle.cpu:6.2f} s "
                f"({cycle.cpu / feeds * 1000:.2f} ms per feed); peak {_mb(cycle.peak_kb)} PSS"
                f"{due}"
            )
    lines += ["", "Connections (keep-alive: requests per connection the server saw):"]
    for mode in modes:
        for label, cycle in (("cold", mode.cold), ("warm", mode.warm)):
            log = cycle.server
            lines.append(
                f"  {mode.name:18} {label}: {log.requests} requests on {log.connections} "
                f"connections; at most {log.max_per_address} at once to one address, "
                f"{log.max_in_flight} in all; server CPU {log.cpu:.2f} s"
            )
    lines += ["", "Memory (peak PSS of the Peacewatch process tree, with its parse workers):"]
    for mode in modes:
        settled = f"; {_mb(mode.startup_kb)} between the cycles" if mode.startup_kb else ""
        lines.append(
            f"  {mode.name:18} cold {_mb(mode.cold.peak_kb)}, warm {_mb(mode.warm.peak_kb)} "
            f"(the Peacewatch process alone at most {_mb(mode.main_kb)}; {mode.workers} child "
            f"processes: parse workers, spawn helper){settled}"
        )
        for label, cycle in (("cold", mode.cold), ("warm", mode.warm)):
            split = " + ".join(_mb(kb) for kb in cycle.peak_split)
            lines.append(f"    {label} peak = {split} (Peacewatch process + each child)")
        lines += [f"  note: {note}" for note in mode.notes]
    return lines


def targets(args: argparse.Namespace, naive: Naive, modes: Sequence[Mode]) -> list[str]:
    service = next(mode for mode in modes if mode.name.startswith("service"))
    once = next(mode for mode in modes if mode.name == "poll --once")
    peak = max(max(m.cold.peak_kb, m.warm.peak_kb) for m in modes) / 1024
    lines = ["", "Targets (issue 14; ratios against the naive loop of this run):"]

    def target(what: str, met: bool, figure: str) -> None:
        lines.append(f"  [{'met' if met else 'MISSED'}] {what}: {figure}")

    warm_ratio = naive.wall / service.warm.wall
    cold_ratio = naive.wall / service.cold.wall
    if args.feeds <= 1000:
        warm_target, cold_target = TARGET_WARM_RATIO, TARGET_COLD_RATIO
        target(
            f"service warm ≥ {warm_target:g}× naive",
            warm_ratio >= warm_target,
            f"{warm_ratio:.0f}×",
        )
        target(
            f"service cold ≥ {cold_target:g}× naive",
            cold_ratio >= cold_target,
            f"{cold_ratio:.0f}×",
        )
    else:
        target(
            f"service warm cycle ≤ {TARGET_SERVICE_WARM_10K:g} s",
            service.warm.wall <= TARGET_SERVICE_WARM_10K,
            f"{service.warm.wall:.2f} s",
        )
        target(
            f"poll --once warm ≤ {TARGET_ONCE_WARM_10K:g} s",
            once.warm.wall <= TARGET_ONCE_WARM_10K,
            f"{once.warm.wall:.2f} s",
        )
    limit = TARGET_MEMORY_MB[500] if args.feeds <= 500 else TARGET_MEMORY_MB[10_000]
    target(f"peak memory < {limit:g} MB (process tree PSS)", peak < limit, f"{peak:.0f} MB")
    return lines


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench ingest",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--feeds", type=int, default=FEEDS, help=f"feeds (default {FEEDS})")
    parser.add_argument("--items", type=int, default=ITEMS, help=f"items per feed ({ITEMS})")
    parser.add_argument(
        "--latency", type=float, default=LATENCY, help=f"seconds per response ({LATENCY})"
    )
    parser.add_argument(
        "--per-address",
        type=int,
        default=PER_ADDRESS,
        help=f"feeds served from each loopback address (default {PER_ADDRESS})",
    )
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=NAIVE_SAMPLE,
        help=f"run the naive loop on at most this many feeds, scaled (default {NAIVE_SAMPLE})",
    )
    parser.add_argument("--concurrency", type=int, help="POLL_CONCURRENCY (default: Settings')")
    parser.add_argument("--per-host", type=int, help="POLL_PER_HOST (default: Settings')")
    parser.add_argument(
        "--only", choices=["service", "once"], help="measure one of the two modes only"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from bot.config import Settings

    args = build_parser().parse_args(argv)
    if min(args.feeds, args.items, args.per_address, args.naive_sample) < 1 or args.latency < 0:
        print("counts must be at least 1, --latency at least 0", file=sys.stderr)
        return 2
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    args.concurrency = args.concurrency or defaults.poll_concurrency
    args.per_host = args.per_host or defaults.poll_per_host
    extra = {"POLL_CONCURRENCY": str(args.concurrency), "POLL_PER_HOST": str(args.per_host)}
    print(f"serving {args.feeds} feeds…", file=sys.stderr, flush=True)
    with feed_server(args) as (urls, server_log):
        server_log()
        print("naive baseline…", file=sys.stderr, flush=True)
        naive = run_naive(urls, args.naive_sample, server_log)
        modes: list[Mode] = []
        for name, run in (("once", run_poll_once), ("service", run_service)):
            if args.only not in (None, name):
                continue
            print(f"Peacewatch: {name}…", file=sys.stderr, flush=True)
            with tempfile.TemporaryDirectory(prefix="peacewatch-bench-") as tmp:
                folder = Path(tmp)
                write_feeds_yaml(folder / "feeds.yaml", urls)
                env = _env(folder, extra)
                if run is run_service:
                    modes.append(run_service(folder, env, server_log, args.feeds))
                else:
                    modes.append(run_poll_once(folder, env, server_log))
    found = checks(args, naive, modes)
    lines = [*report(args, naive, modes), "", "Correctness:", *(c.line() for c in found)]
    if args.only is None:
        lines += targets(args, naive, modes)
    print("\n".join(lines))
    return 0 if all(check.ok for check in found) else 1


if __name__ == "__main__":
    sys.exit(main())
