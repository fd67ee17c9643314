"""`python -m bot <command>`: the operator's entry point."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import (
    build_matcher,
    build_poller,
    http_client,
    load_config,
    open_store,
    parse_executor,
    sync_config,
)
from bot.config import KIND_CHOICES, ConfigError, Settings, parse_interval, read_feeds_file
from bot.domain import FeedPollReport, SourceKind
from bot.logs import configure_logging
from bot.matching.cli import StoredItem, replay, run_match_tool
from bot.matching.engine import Matcher
from bot.matching.evaluation import matcher_predictor, score_report
from bot.matching.fit import fit as fit_topic_model
from bot.matching.model import MODEL_FILE
from bot.matching.rules import MatchingConfig, ModelSettings
from bot.render.tables import feeds_table, poll_table
from bot.store import schema
from bot.store.db import make_engine, transaction
from bot.store.feeds import all_feeds
from bot.store.health import feed_statuses
from bot.store.models import FeedState
from bot.store.queries import items_arrived_since, stories_per_topic_per_day, story_count
from bot.stories.cli import (
    run_fit_tool,
    run_overlay_tool,
    run_score_tool,
    run_stories_tool,
    run_translations_tool,
)
from bot.telegram.args import ArgError, parse_trend_args
from bot.tools.demo import run_demo

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SHIPPED_MODEL = Path(__file__).resolve().parent / "matching" / MODEL_FILE
"""Where ``match --fit`` writes the topic model: the file the package ships."""


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
    unlabelled = [feed.name for feed in feeds if feed.kind is None]
    if unlabelled:
        print(
            f"{len(unlabelled)} feeds have no kind (shown to readers without one): "
            f"{', '.join(unlabelled)}; add kind: {KIND_CHOICES}"
        )
    engine = open_store(settings.effective_database_url)
    sync_config(engine, config)
    with transaction(engine) as session:
        print(feeds_table(feed_statuses(session)))
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
    """Items on stdin, stored items (--since) or a labelled set (--score) → what matches;
    --fit FILE…, the topic model fitted on labelled files."""
    settings = _settings()
    _logging(settings, "WARNING")
    config = load_config(args.feeds or settings.feeds_file)
    if args.fit:
        return _fit(args.fit, args.held_out, config.feeds_file)
    if args.held_out is not None:
        print("match: --held-out goes with --fit FILE…", file=sys.stderr)
        return 2
    matcher = Matcher.from_config(config.feeds_file)
    if args.topic is not None and args.topic not in matcher.topic_ids:
        print(
            f"match: unknown topic {args.topic!r} (known: {', '.join(matcher.topic_ids)})",
            file=sys.stderr,
        )
        return 2
    if args.score is not None:
        items = _json_lines(args.score)
        print(
            score_report(items, matcher_predictor(matcher), matcher.topic_ids, errors=args.errors),
            end="",
        )
        return 0
    if args.since is not None:
        since = datetime.now(UTC) - timedelta(seconds=parse_interval(args.since))
        with transaction(open_store(settings.effective_database_url)) as session:
            rows = items_arrived_since(session, since)
        stored = (
            StoredItem(
                item.id or 0,
                outlet,
                item.first_seen_at,
                item.lang,
                item.title,
                item.summary,
                topics,
            )
            for item, outlet, topics in rows
        )
        print(replay(stored, matcher, args.topic, args.explain), end="")
        return 0
    return run_match_tool(sys.stdin, sys.stdout, matcher, args.explain)


def _fit(files: list[Path], held_out: Path | None, cfg: MatchingConfig) -> int:
    """Fit the topic model on `files` and ship it; with `held_out`, fit it on the others
    only and print that file's figures beside the rules' alone, shipping nothing."""
    training = [p for p in files if held_out is None or p.resolve() != held_out.resolve()]
    items = [item for path in training for item in _json_lines(path)]
    topics = [topic.id for topic in cfg.topics]
    try:
        model = fit_topic_model(items, topics)
    except ImportError:
        print("match: fitting needs scikit-learn: pip install -e '.[dev]'", file=sys.stderr)
        return 2
    if held_out is None:
        SHIPPED_MODEL.write_bytes(model.to_gzip())
        print(f"{SHIPPED_MODEL}: {len(model):,} features from {len(items):,} items")
        return 0
    labelled = _json_lines(held_out)
    settings = cfg.model or ModelSettings()
    for name, matcher in (
        ("rules alone", Matcher(list(cfg.topics), dict(cfg.contexts))),
        (
            f"rules and the model fitted without it ({len(items):,} items)",
            Matcher(list(cfg.topics), dict(cfg.contexts), None, model, settings),
        ),
    ):
        print(f"## {held_out.name}: {name}\n")
        print(score_report(labelled, matcher_predictor(matcher), matcher.topic_ids))
    return 0


def _json_lines(path: Path) -> list[Any]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def cmd_stories(args: argparse.Namespace) -> int:
    """JSON lines of items on stdin → the story each one joins, clustered in memory;
    with --score FILE, the figures of a labelled file clustered as one stream; with
    --overlay FILE…, those of several laid over one another; with --fit FILE…, the
    same-story model's weights fitted on labelled files; with --translations FILE…, the
    word translations learned from them."""
    window = timedelta(hours=args.window_hours)
    if args.translations:
        return run_translations_tool(args.translations, sys.stdout)
    if args.fit:
        return run_fit_tool(args.fit, sys.stdout, window)
    if args.overlay:
        return run_overlay_tool(args.overlay, sys.stdout, window)
    if args.score is not None:
        with args.score.open(encoding="utf-8") as lines:
            return run_score_tool(lines, sys.stdout, window, errors=args.errors)
    return run_stories_tool(sys.stdin, sys.stdout, window)


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


def cmd_feeds(args: argparse.Namespace) -> int:
    """`feeds export` prints feeds.yaml's feeds as OPML; `feeds import FILE` adds a file's."""
    # Imported here: only this command needs the OPML modules.
    from bot.opml.merge import import_opml
    from bot.opml.read import OpmlError
    from bot.opml.write import write_opml
    from bot.render.html import to_plain
    from bot.render.operators import import_report

    settings = _settings()
    _logging(settings, "WARNING")
    path: Path = args.feeds or settings.feeds_file
    if args.action == "export":
        sys.stdout.write(write_opml(read_feeds_file(path).feeds, datetime.now(UTC)))
        return 0
    if args.file is None:
        print("feeds import: name the OPML file to import", file=sys.stderr)
        return 2
    try:
        data = args.file.read_bytes()
        report = import_opml(path, data, args.kind, source=args.file.name)
    except OpmlError as exc:
        print(f"{args.file}: cannot read it as OPML: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cannot import: {exc}", file=sys.stderr)
        return 1
    added = [(feed.name, feed.kind) for feed in report.added]
    skipped = [(label, reason.value) for label, reason in report.skipped]
    print("\n".join(to_plain(part) for part in import_report("en", added, skipped)))
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
    match.add_argument(
        "--explain",
        action="store_true",
        help="show every rule that fired and the exact text each term matched",
    )
    match.add_argument(
        "--since",
        metavar="7d",
        help="run the rules over the items stored in this period instead of stdin",
    )
    match.add_argument("--topic", metavar="ID", help="with --since: only this topic")
    match.add_argument(
        "--score",
        type=Path,
        metavar="FILE.jsonl",
        help="figures for a labelled set: P/R/F1 per language and topic",
    )
    match.add_argument(
        "--errors",
        action="store_true",
        help="with --score: also list every item the rules got wrong",
    )
    match.add_argument(
        "--fit",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="fit the topic model on labelled FILEs; writes bot/matching/topic_model.json.gz",
    )
    match.add_argument(
        "--held-out",
        type=Path,
        metavar="FILE",
        help="with --fit: fit without FILE and print its figures, with and without the "
        "model (nothing is written)",
    )
    match.set_defaults(func=cmd_match)
    stories = sub.add_parser("stories", help="cluster JSON lines of items from stdin into stories")
    stories.add_argument(
        "--window-hours",
        type=float,
        default=48.0,
        help="how long a story stays open to new items (default 48)",
    )
    stories.add_argument(
        "--score",
        type=Path,
        metavar="FILE",
        help='score FILE (JSON lines, each with a gold "story"): figures only',
    )
    stories.add_argument(
        "--overlay",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="score labelled FILEs laid over one another, as busy as a full window: figures only",
    )
    stories.add_argument(
        "--errors",
        action="store_true",
        help="with --score: also print every wrongly merged or missed pair",
    )
    stories.add_argument(
        "--fit",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="fit the same-story model on labelled FILEs; prints bot/stories/pair_weights.py",
    )
    stories.add_argument(
        "--translations",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="learn which uk/ru words translate which English ones from labelled FILEs; "
        "prints bot/stories/translations.py",
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
    feeds = sub.add_parser("feeds", help="export the feeds as OPML, or import an OPML file")
    feeds.add_argument("action", choices=("export", "import"))
    feeds.add_argument("file", nargs="?", type=Path, help="the OPML file to import")
    feeds.add_argument(
        "--kind",
        type=SourceKind,
        choices=list(SourceKind),
        help="source kind of imported feeds the file does not label",
    )
    feeds.add_argument("--feeds", type=Path, help="feeds file (default: FEEDS_FILE or feeds.yaml)")
    feeds.set_defaults(func=cmd_feeds)
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
