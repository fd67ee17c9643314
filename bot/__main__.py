"""`python -m bot <command>`: the operator's entry point."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import (
    build_matcher,
    build_poller,
    http_client,
    load_config,
    open_store,
    parse_executor,
    sync_config,
)
from bot.config import ConfigError, Settings
from bot.domain import FeedPollReport
from bot.logs import configure_logging
from bot.matching.cli import run_match_tool
from bot.matching.engine import Matcher
from bot.render.tables import feeds_table, poll_table
from bot.store import schema
from bot.store.db import make_engine, transaction
from bot.store.feeds import all_feeds
from bot.store.models import FeedState
from bot.store.queries import stories_per_topic_per_day, story_count
from bot.stories.cli import run_stories_tool
from bot.telegram.args import ArgError, parse_trend_args
from bot.tools.demo import run_demo

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _settings() -> Settings:
    return Settings()


def _logging(settings: Settings, default_level: str) -> None:
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    secrets = [token, settings.webhook_secret or ""]
    configure_logging(settings.log_level or default_level, settings.log_format, secrets)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate feeds.yaml; show every feed's stored state when a database exists."""
    settings = _settings()
    _logging(settings, "WARNING")
    path = args.feeds or settings.feeds_file
    try:
        config = load_config(path)
    except ConfigError as exc:
        print(f"{path}: {len(exc.problems)} problem(s)", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    feeds = config.feeds_file.feeds
    enabled = sum(1 for f in feeds if f.enabled)
    topics = len(config.feeds_file.topics)
    print(f"{path}: OK — {len(feeds)} feeds ({enabled} enabled), {topics} topics")
    engine = open_store(settings.effective_database_url)
    sync_config(engine, config)
    with transaction(engine) as session:
        print(feeds_table(all_feeds(session)))
    return 0


class _Progress:
    """A single progress line on a terminal; silent when output is not a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.live = sys.stderr.isatty()

    def __call__(self, report: FeedPollReport) -> None:
        self.done += 1
        if self.live:
            print(
                f"\r\x1b[Kpolling {self.done}/{self.total}: {report.feed}",
                end="",
                file=sys.stderr,
                flush=True,
            )

    def finish(self) -> None:
        if self.live:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)


async def _poll_once(settings: Settings, args: argparse.Namespace) -> int:
    config = load_config(args.feeds or settings.feeds_file)
    engine = open_store(settings.effective_database_url)
    sync_config(engine, config)
    executor = parse_executor(len(config.feeds_file.feeds))
    matcher = build_matcher(config)
    async with http_client(settings) as client:
        poller = build_poller(settings, engine, client, matcher, executor=executor)
        try:
            progress = _Progress(total=len(config.feeds_file.feeds))
            if progress.live:
                print("polling…", end="", file=sys.stderr, flush=True)
            reports = await poller.poll_due(on_done=progress)
            progress.finish()
        finally:
            poller.close()
            if executor is not None:
                executor.shutdown()
    with transaction(engine) as session:
        polled = {r.feed for r in reports}
        skipped = [
            f for f in all_feeds(session) if f.name not in polled and f.state != FeedState.REMOVED
        ]
    print(poll_table(reports, skipped))
    new = sum(r.new_items for r in reports)
    errors = sum(1 for r in reports if r.error)
    print(f"\n{len(reports)} feeds polled, {new} new items, {errors} errors")
    return 0


def cmd_poll(args: argparse.Namespace) -> int:
    settings = _settings()
    _logging(settings, "WARNING")
    return asyncio.run(_poll_once(settings, args))


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job on the bundled sample feeds, printed to the console."""
    settings = _settings()
    _logging(settings, "WARNING")
    return run_demo(settings, args.seeds, sys.stdout)


def cmd_run(args: argparse.Namespace) -> int:
    # Imported here: only `run` needs the Telegram application and the scheduler.
    from bot.service import Role, RoleError, run_forever

    settings = _settings()
    _logging(settings, "INFO")
    try:
        asyncio.run(run_forever(settings, Role(args.role)))
    except RoleError as exc:
        print(f"run: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    """The schema: `upgrade` (what `run` does at start), `current`, `check`, `revision`."""
    from alembic.util import AutogenerateDiffsDetected

    settings = _settings()
    _logging(settings, "WARNING")
    engine = make_engine(settings.effective_database_url)
    try:
        if args.action == "upgrade":
            before, after = schema.upgrade(engine, args.to)
            print(f"schema at {after}" + (f" (was {before or 'empty'})" if before != after else ""))
        elif args.action == "current":
            print(
                f"schema at {schema.current(engine) or 'nothing (empty database)'}; "
                f"newest is {schema.head()}"
            )
        elif args.action == "check":
            try:
                schema.check(engine)
            except AutogenerateDiffsDetected as exc:
                print(exc, file=sys.stderr)
                return 1
        else:
            print(schema.new_revision(engine, args.message))
    finally:
        engine.dispose()
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    """JSON lines (or plain text) on stdin → topics and matched terms, by feeds.yaml's rules."""
    settings = _settings()
    _logging(settings, "WARNING")
    config = load_config(args.feeds or settings.feeds_file)
    return run_match_tool(sys.stdin, sys.stdout, Matcher.from_config(config.feeds_file))


def cmd_stories(args: argparse.Namespace) -> int:
    """JSON lines of items on stdin → the story each one joins, clustered in memory."""
    return run_stories_tool(sys.stdin, sys.stdout, timedelta(hours=args.window_hours))


def cmd_trend(args: argparse.Namespace) -> int:
    """The /trend chart of the stored items, written as a PNG file; prints its path."""
    # Imported here: only `trend` needs matplotlib, which is slow to import.
    from bot.render.trend import render_trend_png

    settings = _settings()
    _logging(settings, "WARNING")
    config = load_config(args.feeds or settings.feeds_file)
    names = {topic.id: topic.name for topic in config.feeds_file.topics}
    try:
        request = parse_trend_args(args.words, list(names.items()))
    except ArgError as exc:
        given = exc.params.get("given", "")
        hint = f"did you mean {exc.params['topic']}? " if "topic" in exc.params else ""
        print(f"trend: cannot use {given!r}: {hint}usage: trend [7d|30d] [topic]", file=sys.stderr)
        return 2
    # UTC days, as in the bot: the chart's axis is labelled UTC.
    start, end = request.window(datetime.now(UTC), "UTC")
    topics = [request.topic_id] if request.topic_id is not None else None
    engine = open_store(settings.effective_database_url)
    with transaction(engine) as session:
        counts = stories_per_topic_per_day(session, start, end, topics, "UTC")
        total = story_count(session, start, end, topics)
    what = names[request.topic_id] if request.topic_id is not None else "all topics"
    if total == 0:
        print(
            f"no stories on {what} in the last {request.days} days: nothing to chart",
            file=sys.stderr,
        )
        return 1
    title = f"{what[:1].upper()}{what[1:]} · last {request.days} days"
    suffix = f"-{request.topic_id}" if request.topic_id is not None else ""
    out: Path = args.out or settings.data_dir / f"trend-{request.period}{suffix}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(render_trend_png(counts, names, title))
    print(out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Peacewatch: news alerts about the Russia-Ukraine peace negotiations.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate feeds.yaml and show every feed's state")
    check.add_argument("--feeds", type=Path, help="feeds file (default: FEEDS_FILE or feeds.yaml)")
    check.set_defaults(func=cmd_check)
    poll = sub.add_parser("poll", help="poll every due feed and show what happened")
    poll.add_argument(
        "--once",
        action="store_true",
        required=True,
        help="one polling cycle (the scheduler is `run`)",
    )
    poll.add_argument("--feeds", type=Path, help="feeds file (default: FEEDS_FILE or feeds.yaml)")
    poll.set_defaults(func=cmd_poll)
    demo = sub.add_parser("demo", help="run the main job on the sample feeds in seeds/")
    demo.add_argument("--seeds", type=Path, default=SEEDS, help="folder of sample feeds")
    demo.set_defaults(func=cmd_demo)
    run = sub.add_parser("run", help="run everything: polling, matching, the bot, delivery")
    run.add_argument(
        "--role",
        choices=["all", "updates", "poll", "deliver"],
        default="all",
        help="what this process does (default all; the others need PostgreSQL): receive "
        "Telegram's updates (one process at a time, others wait as standbys), poll feeds, "
        "or send alerts and digests",
    )
    run.set_defaults(func=cmd_run)
    db = sub.add_parser("db", help="the database schema: apply and write migrations")
    db_actions = db.add_subparsers(dest="action", required=True)
    upgrade = db_actions.add_parser("upgrade", help="apply the migrations (run does it at start)")
    upgrade.add_argument("--to", default="head", help="revision to reach (default: head)")
    db_actions.add_parser("current", help="show the revision the database is at")
    db_actions.add_parser("check", help="exit 1 when the models differ from the migrations")
    revision = db_actions.add_parser(
        "revision", help="write the next migration from the models (database at head)"
    )
    revision.add_argument("message", help="what the change is, e.g. 'feed kind'")
    db.set_defaults(func=cmd_db)
    match = sub.add_parser("match", help="match JSON lines or text from stdin against the topics")
    match.add_argument("--feeds", type=Path, help="feeds file (default: FEEDS_FILE or feeds.yaml)")
    match.set_defaults(func=cmd_match)
    stories = sub.add_parser("stories", help="cluster JSON lines of items from stdin into stories")
    stories.add_argument(
        "--window-hours",
        type=float,
        default=48.0,
        help="how long a story stays open to new items (default 48)",
    )
    stories.set_defaults(func=cmd_stories)
    trend = sub.add_parser("trend", help="chart stories per topic per day into a PNG file")
    trend.add_argument(
        "words",
        nargs="*",
        metavar="7d|30d|topic",
        help="the period (default 7d) and one topic id (default all topics)",
    )
    trend.add_argument("--out", type=Path, help="PNG file (default: DATA_DIR/trend-7d.png)")
    trend.add_argument("--feeds", type=Path, help="feeds file (default: FEEDS_FILE or feeds.yaml)")
    trend.set_defaults(func=cmd_trend)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.captureWarnings(True)
    try:
        return int(args.func(args))
    except ConfigError as exc:  # every command reads feeds.yaml; a mistake there ends it
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
