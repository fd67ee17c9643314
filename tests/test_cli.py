"""`python -m bot check` and `python -m bot poll --once`, run as the operator runs them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from bot.store.db import make_engine
from bot.store.models import Feed
from tests.support import ROOT, SEEDS


def run_bot(
    tmp_path: Path, *args: str, feeds_file: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "FEEDS_FILE", "LOG_LEVEL", "TELEGRAM_BOT_TOKEN")
    }
    env.update(
        DATA_DIR=str(tmp_path / "data"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'data' / 'bot.db'}",
        PYTHONPATH=str(ROOT),
        HTTP_TIMEOUT="0.5",
    )
    if feeds_file is not None:
        env["FEEDS_FILE"] = str(feeds_file)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def seeds_file(tmp_path: Path, extra: str = "") -> Path:
    lines = ["feeds:"]
    for path in sorted(SEEDS.glob("*.xml")):
        lines += [f"  - name: {path.name.split('.')[0]}", f"    url: {path}"]
    path = tmp_path / "feeds.yaml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_check_on_a_bad_file_exits_non_zero_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "feeds:\n"
        "  - name: A\n"
        "    url: https://a.example/rss\n"
        "    interval: 5 minutes\n"
        "  - name: B\n"
        "    url: ftp://b.example/rss\n"
        "    colour: red\n"
        "  - name: A\n"
        "    url: https://c.example/rss\n",
        encoding="utf-8",
    )
    result = run_bot(tmp_path, "check", "--feeds", str(bad))
    assert result.returncode != 0
    assert f"{bad}: 4 problem(s)" in result.stderr
    for line, words in [
        (4, "5m"),
        (6, "http:// or https://"),
        (7, "unknown key 'colour'"),
        (8, "already used at line 2"),
    ]:
        assert any(
            row.strip().startswith(f"{bad}:{line}: ") and words in row
            for row in result.stderr.splitlines()
        ), (line, result.stderr)


def test_check_on_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("feeds:\n  - name: A\n    url: [https://a.example\n", encoding="utf-8")
    result = run_bot(tmp_path, "check", feeds_file=bad)
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr and "not valid YAML" in result.stderr


def test_check_on_a_good_file_lists_the_feeds(tmp_path: Path) -> None:
    feeds = seeds_file(tmp_path)
    result = run_bot(tmp_path, "check", feeds_file=feeds)
    assert result.returncode == 0, result.stderr
    [summary] = [line for line in result.stdout.splitlines() if line.startswith(f"{feeds}:")]
    assert "OK" in summary and "6 feeds (6 enabled)" in summary
    for name in ("marketdash", "antiwar", "anewz", "prismedia", "thepublic-en", "thepublic-uk"):
        assert name in result.stdout
    assert "not polled" in result.stdout


def test_poll_once_stores_a_baseline_then_nothing_is_due(tmp_path: Path) -> None:
    feeds = seeds_file(tmp_path)
    first = run_bot(tmp_path, "poll", "--once", feeds_file=feeds)
    assert first.returncode == 0, first.stderr
    rows = {line.split()[0]: line for line in first.stdout.splitlines() if line.strip()}
    assert "new (baseline: not alerted)" in rows["marketdash"]
    assert rows["marketdash"].split()[-2:][0] == "1"  # the duplicate is stored once
    assert "6 feeds polled, 6 new items, 0 errors" in first.stdout

    second = run_bot(tmp_path, "poll", "--once", feeds_file=feeds)
    assert second.returncode == 0, second.stderr
    assert "0 feeds polled, 0 new items, 0 errors" in second.stdout
    assert second.stdout.count("not due until") == 6

    make_everything_due(tmp_path)
    third = run_bot(tmp_path, "poll", "--once", feeds_file=feeds)
    assert third.returncode == 0, third.stderr
    assert "6 feeds polled, 0 new items, 0 errors" in third.stdout
    assert third.stdout.count("unchanged") == 6


def make_everything_due(tmp_path: Path) -> None:
    """Move the stored schedule back instead of waiting for it."""
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'bot.db'}")
    try:
        with Session(engine) as session:
            for feed in session.exec(select(Feed)):
                feed.next_poll_at = datetime.now(UTC) - timedelta(seconds=1)
                session.add(feed)
            session.commit()
    finally:
        engine.dispose()


def test_unreachable_feed_shows_an_error_and_exits_zero(tmp_path: Path) -> None:
    feeds = seeds_file(
        tmp_path, f"  - name: Nowhere\n    url: http://127.0.0.1:{free_port()}/feed.rss\n"
    )
    result = run_bot(tmp_path, "poll", "--once", feeds_file=feeds)
    assert result.returncode == 0, result.stderr
    [row] = [line for line in result.stdout.splitlines() if line.startswith("Nowhere")]
    assert "error: ConnectError" in row
    assert "7 feeds polled, 6 new items, 1 errors" in result.stdout

    checked = run_bot(tmp_path, "check", feeds_file=feeds)
    assert checked.returncode == 0
    [state] = [line for line in checked.stdout.splitlines() if line.startswith("Nowhere")]
    assert "error" in state and "ConnectError" in state and " 1 " in state


def test_roles_other_than_all_are_refused_on_sqlite(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "run", "--role", "poll", feeds_file=seeds_file(tmp_path))
    assert result.returncode == 2
    assert "--role poll needs PostgreSQL" in result.stderr
    assert not (tmp_path / "data" / "bot.db").exists()  # refused before touching anything


def test_db_commands_upgrade_and_report_the_schema(tmp_path: Path) -> None:
    assert run_bot(tmp_path, "db", "current").stdout.startswith("schema at nothing")
    upgraded = run_bot(tmp_path, "db", "upgrade")
    assert upgraded.returncode == 0 and "(was empty)" in upgraded.stdout
    checked = run_bot(tmp_path, "db", "check")
    assert checked.returncode == 0, checked.stderr
