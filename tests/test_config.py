"""feeds.yaml validation (file:line problems) and Settings from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import (
    ConfigError,
    FeedConfig,
    Settings,
    parse_interval,
    read_feeds_file,
    resolve_local_url,
)

ROOT = Path(__file__).resolve().parent.parent


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[tuple[str, int | None, str]]:
    with pytest.raises(ConfigError) as caught:
        read_feeds_file(path)
    return [(p.file, p.line, p.message) for p in caught.value.problems]


def test_shipped_feeds_file_is_valid_and_covers_five_languages() -> None:
    feeds = read_feeds_file(ROOT / "feeds.yaml").feeds
    assert len(feeds) >= 15
    assert {"en", "uk", "ru", "de", "fr"} <= {feed.lang for feed in feeds}
    for lang in ("de", "fr"):
        assert sum(feed.lang == lang for feed in feeds) >= 8, lang
    assert all(not feed.is_local for feed in feeds)
    assert all(feed.url.startswith(("http://", "https://")) for feed in feeds)


GOOD = """\
feeds:
  - name: Seeds
    url: seeds/antiwar.rss.xml
  - name: Remote
    url: https://news.example/rss
    interval: 90s
    lang: uk
    enabled: false
"""


def test_a_good_file_gives_defaults_and_parsed_intervals(tmp_path: Path) -> None:
    feeds = read_feeds_file(_write(tmp_path, GOOD)).feeds
    seeds, remote = feeds
    assert (seeds.interval, seeds.lang, seeds.enabled, seeds.is_local) == (300, None, True, True)
    assert (remote.interval, remote.lang, remote.enabled, remote.is_local) == (
        90,
        "uk",
        False,
        False,
    )


def test_unknown_key_names_file_line_and_fix(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "feeds:\n  - name: A\n    url: https://a.example/rss\n    intervall: 5m\n"
    )
    [(file, line, message)] = _problems(path)
    assert (file, line) == (str(path), 4)
    assert "unknown key 'intervall'" in message
    assert "remove it or check its spelling" in message


def test_bad_url_names_file_line_and_fix(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "feeds:\n  - name: A\n    url: https://a.example/rss\n"
        "  - name: B\n    url: ftp://b.example/rss\n",
    )
    [(file, line, message)] = _problems(path)
    assert (file, line) == (str(path), 5)
    assert "ftp://b.example/rss" in message
    assert "http:// or https://" in message


def test_url_without_host_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "feeds:\n  - name: A\n    url: 'https:///rss'\n")
    [(_, line, message)] = _problems(path)
    assert line == 3
    assert "has no host" in message


def test_interval_in_words_says_how_to_write_it(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "feeds:\n  - name: A\n    url: https://a.example/rss\n    interval: 5 minutes\n"
    )
    [(file, line, message)] = _problems(path)
    assert (file, line) == (str(path), 4)
    assert "'5 minutes' is not a duration" in message
    assert "5m" in message


def test_duplicate_name_points_at_the_second_use(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "feeds:\n  - name: TASS\n    url: https://a.example/rss\n"
        "  - name: BBC\n    url: https://b.example/rss\n"
        "  - name: TASS\n    url: https://c.example/rss\n",
    )
    [(file, line, message)] = _problems(path)
    assert (file, line) == (str(path), 6)
    assert "'TASS'" in message and "line 2" in message and "unique" in message


def test_duplicate_name_is_reported_alongside_other_mistakes(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "feeds:\n  - name: A\n    url: https://a.example/rss\n"
        "    interval: soon\n"
        "  - name: A\n    url: https://b.example/rss\n",
    )
    lines = sorted(line or 0 for _, line, _ in _problems(path))
    assert lines == [4, 5]


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "feeds:\n  - name: A\n    url: https://a.example/rss\n"
        "  - name: [unclosed\n    url: https://b.example/rss\n",
    )
    [(file, line, message)] = _problems(path)
    assert file == str(path)
    assert line is not None and 4 <= line <= 6
    assert message.startswith("not valid YAML")


def test_missing_url_is_required(tmp_path: Path) -> None:
    path = _write(tmp_path, "feeds:\n  - name: A\n")
    [(_, line, message)] = _problems(path)
    assert line == 2
    assert message == "feeds.0.url is required"


def test_file_without_feeds_list_is_refused(tmp_path: Path) -> None:
    [(_, line, message)] = _problems(_write(tmp_path, "- just a list\n"))
    assert line == 1
    assert "feeds:" in message


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    [(file, line, message)] = _problems(tmp_path / "missing.yaml")
    assert file.endswith("missing.yaml") and line is None
    assert "cannot read" in message


def test_problems_print_as_file_colon_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "feeds:\n  - name: A\n    url: https://a.example/rss\n    interval: 5 minutes\n"
    )
    with pytest.raises(ConfigError) as caught:
        read_feeds_file(path)
    assert str(caught.value).startswith(f"{path}:4: ")


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("1s", 1), ("90s", 90), ("5m", 300), ("1h", 3600), ("1d", 86400), (" 2m ", 120), (45, 45)],
)
def test_interval_units(value: str | int, seconds: int) -> None:
    assert parse_interval(value) == seconds


@pytest.mark.parametrize("value", ["5 minutes", "0s", "-1m", "m", "", True, 0])
def test_bad_intervals(value: str | int) -> None:
    with pytest.raises(ValueError):
        parse_interval(value)


def test_local_paths_resolve_against_the_feeds_file_folder(tmp_path: Path) -> None:
    assert resolve_local_url("seeds/a.xml", tmp_path) == (tmp_path / "seeds/a.xml").as_uri()
    assert resolve_local_url("https://a.example/rss", tmp_path) == "https://a.example/rss"
    assert FeedConfig(name="x", url="file:///tmp/a.xml").is_local


def test_feeds_file_env_points_at_another_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = _write(tmp_path, GOOD)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FEEDS_FILE", str(other))
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.feeds_file == other
    assert [f.name for f in read_feeds_file(settings.feeds_file).feeds] == ["Seeds", "Remote"]
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'state' / 'peacewatch.db'}"


def test_database_url_env_wins_over_the_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    assert Settings().effective_database_url == "postgresql://postgres@127.0.0.1:5432/test"


NEAR = """\
feeds:
  - name: Wire
    url: https://wire.example/rss
topics:
  - id: territory
    name: Territory
    description: Land in the talks
    rules:
      - all: [[withdraw], [donbas]]
        near: eight
      - any: [truce]
        near: 8
"""


def test_near_mistakes_name_their_line_and_the_fix(tmp_path: Path) -> None:
    path = _write(tmp_path, NEAR)
    problems = sorted(_problems(path), key=lambda p: p[1] or 0)
    assert [(line, message) for _, line, message in problems] == [
        (
            10,
            "topics.0.rules.0.near: near must be a whole number of words from 1 to 50, "
            "e.g. near: 8",
        ),
        (
            11,
            "topics.0.rules.1: near needs an 'all' list of at least two groups: it says "
            "how close their hits must be",
        ),
    ]
