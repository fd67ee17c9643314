"""`python -m bot match`: JSON lines or text in, topics out; --explain; --since over a real
SQLite store; --score on a labelled set."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.__main__ import SHIPPED_MODEL, main
from bot.matching import Matcher, load_matching_config
from bot.matching.cli import run_match_tool
from bot.store.models import Feed, Item, ItemTopic


@pytest.fixture
def matcher() -> Matcher:
    cfg = load_matching_config(
        {
            "contexts": {"ukraine-war": ["ukrain*", "kyiv", "україн*"]},
            "topics": [
                {
                    "id": "ceasefire",
                    "name": "Ceasefire",
                    "description": "Truces",
                    "context": "ukraine-war",
                    "rules": [{"any": ["truce*", "перемир*"]}],
                },
                {
                    "id": "prisoners",
                    "name": "Prisoners",
                    "description": "Exchanges",
                    "context": "ukraine-war",
                    "rules": [{"all": [["prisoner*", "pow*"], ["swap*", "exchange*"]]}],
                },
            ],
        }
    )
    return Matcher.from_config(cfg)


def _run(text: str, matcher: Matcher) -> tuple[int, str]:
    out = io.StringIO()
    status = run_match_tool(io.StringIO(text), out, matcher)
    return status, out.getvalue()


def test_json_lines_come_back_in_order_with_topics_and_terms(matcher: Matcher) -> None:
    lines = [
        {"id": "a", "title": "Ukraine truce holds", "summary": "", "lang": "en"},
        {"id": 2, "title": "Weather", "summary": "Sunny in Kyiv"},
        {
            "id": "c",
            "title": "Україна: перемирʼя",
            "summary": "Prisoner swap in Ukraine",
            "lang": "uk",
        },
    ]
    status, out = _run("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), matcher)
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [r["id"] for r in rows] == ["a", 2, "c"]
    assert rows[0]["topics"] == ["ceasefire"] and rows[0]["terms"] == {"ceasefire": ["truce"]}
    assert rows[1]["topics"] == [] and rows[1]["terms"] == {}
    assert rows[2]["topics"] == ["ceasefire", "prisoners"]
    assert rows[2]["terms"]["ceasefire"] == ["перемирʼя"]
    assert rows[2]["rule_terms"]["ceasefire"] == ["перемир*"]


def test_a_bad_line_keeps_its_place_and_fails_the_run(matcher: Matcher) -> None:
    text = '{"id": 1, "title": "Ukraine truce"}\n{not json\n{"id": 3, "title": "x"}\n'
    status, out = _run(text, matcher)
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [r["id"] for r in rows] == [1, None, 3]
    assert "not JSON" in rows[1]["error"]


def test_plain_text_is_explained_for_a_person(matcher: Matcher) -> None:
    status, out = _run("Ukraine and Russia swap prisoners\nA truce was also discussed.\n", matcher)
    assert status == 0
    assert "ceasefire" in out and "truce ← truce* (summary)" in out
    assert "prisoners" in out and "swap ← swap*" in out


def test_plain_text_without_topics_says_so(matcher: Matcher) -> None:
    assert _run("Sunny weather in Lviv", matcher) == (0, "no topic matched\n")


def test_explain_names_the_rule_and_the_exact_text(matcher: Matcher) -> None:
    status, out = _run(
        '{"id": 1, "title": "Ukraine: prisoner swap agreed", "summary": ""}', matcher
    )
    plain = json.loads(out)
    assert status == 0 and "rules" not in plain
    explained = io.StringIO()
    run_match_tool(
        io.StringIO('{"id": 1, "title": "Ukraine: prisoner swap agreed"}'),
        explained,
        matcher,
        explain_rules=True,
    )
    (fired,) = json.loads(explained.getvalue())["rules"]["prisoners"]
    assert fired["rule"] == 0
    assert fired["text"] == "all [prisoner*, pow*] [swap*, exchange*]"
    assert [(h["term"], h["text"], h["field"], h["start"], h["end"]) for h in fired["hits"]] == [
        ("prisoner*", "prisoner", "title", 9, 17),
        ("swap*", "swap", "title", 18, 22),
    ]


def test_explain_for_a_person_shows_each_rule_and_where_it_matched(matcher: Matcher) -> None:
    out = io.StringIO()
    run_match_tool(
        io.StringIO("Ukraine truce\nPrisoners swapped in Kyiv"), out, matcher, explain_rules=True
    )
    assert out.getvalue().splitlines() == [
        "ceasefire  rule 0: any [truce*, перемир*]",
        "             title [8:13] 'truce' ← truce*",
        "prisoners  rule 0: all [prisoner*, pow*] [swap*, exchange*]",
        "             summary [0:9] 'Prisoners' ← prisoner*",
        "             summary [10:17] 'swapped' ← swap*",
    ]


FEEDS_YAML = """\
feeds:
  - name: Kyiv Wire
    url: https://wire.example/rss
contexts:
  ukraine-war: [ukrain*, kyiv, україн*]
topics:
  - id: ceasefire
    name: Ceasefire
    description: Truces
    context: ukraine-war
    rules:
      - any: [truce, перемир'я]
  - id: prisoners
    name: Prisoners
    description: Exchanges
    context: ukraine-war
    rules:
      - all: [[prisoner, полонений], [swap, exchange, обмін]]
        near: 3
"""


def _stored(
    session: Session,
    feed_id: int,
    n: int,
    title: str,
    arrived: datetime,
    topics: tuple[str, ...] = (),
    *,
    baseline: bool = False,
) -> None:
    item = Item(
        feed_id=feed_id,
        key=f"k{n}",
        title=title,
        summary="",
        lang="en",
        content_hash=f"h{n}",
        published_at=arrived,
        first_seen_at=arrived,
        is_baseline=baseline,
    )
    session.add(item)
    session.flush()
    assert item.id is not None
    for topic in topics:
        session.add(ItemTopic(item_id=item.id, topic_id=topic, terms="[]"))


def test_since_runs_todays_rules_over_the_stored_items(
    sqlite_engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(FEEDS_YAML, "utf-8")
    now = datetime.now(UTC)
    with Session(sqlite_engine) as session:
        feed = Feed(
            name="Kyiv Wire", config_url="https://wire.example/rss", url="https://wire.example/rss"
        )
        session.add(feed)
        session.flush()
        assert feed.id is not None
        _stored(session, feed.id, 1, "Ukraine and Russia agree a truce", now - timedelta(days=1))
        _stored(
            session,
            feed.id,
            2,
            "Ukraine swaps prisoners with Russia",
            now - timedelta(days=2),
            ("prisoners", "ceasefire"),
        )
        _stored(
            session,
            feed.id,
            3,
            "Kyiv: prisoner of the old regime freed, no swap planned for now",
            now - timedelta(days=3),
            ("prisoners",),
        )
        _stored(session, feed.id, 4, "Ukraine truce, ten days ago", now - timedelta(days=10))
        _stored(
            session,
            feed.id,
            5,
            "Ukraine truce from a first poll",
            now - timedelta(hours=1),
            baseline=True,
        )
        session.commit()
    monkeypatch.setenv("DATABASE_URL", str(sqlite_engine.url))
    assert main(["match", "--feeds", str(feeds), "--since", "7d"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ", 2)[2] for line in lines if "Kyiv Wire" in line] == [
        "[-prisoners]  Kyiv: prisoner of the old regime freed, no swap planned for now",
        "[prisoners -ceasefire]  Ukraine swaps prisoners with Russia",
        "[+ceasefire]  Ukraine and Russia agree a truce",
    ]
    assert lines[-3:] == [
        "3 stored items; per topic: would alert now (stored then)",
        "  ceasefire: 1 (1)",
        "  prisoners: 1 (2)",
    ]
    assert (
        main(["match", "--feeds", str(feeds), "--since", "7d", "--topic", "ceasefire", "--explain"])
        == 0
    )
    out = capsys.readouterr().out
    assert "[+ceasefire]  Ukraine and Russia agree a truce" in out
    assert "    ceasefire  rule 0: any [truce, перемир'я]" in out
    assert "[-ceasefire]  Ukraine swaps prisoners with Russia" in out
    assert out.endswith(
        "3 stored items; per topic: would alert now (stored then)\n  ceasefire: 1 (1)\n"
    )


def test_score_prints_figures_and_errors_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(FEEDS_YAML, "utf-8")
    labelled = tmp_path / "set.jsonl"
    rows = [
        {"id": "a", "lang": "en", "title": "Ukraine truce", "topics": ["ceasefire"]},
        {"id": "b", "lang": "uk", "title": "Україна: обмін полоненими", "topics": ["prisoners"]},
        {
            "id": "c",
            "lang": "en",
            "title": "Ukraine rejects a truce in football",
            "topics": [],
            "negative": True,
        },
        {"id": "d", "lang": "en", "title": "Kyiv swaps ambassadors", "topics": ["ceasefire"]},
    ]
    labelled.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    assert main(["match", "--feeds", str(feeds), "--score", str(labelled)]) == 0
    out = capsys.readouterr().out
    assert "| **all (micro)** | 0.67 | 0.67 | 0.67 | 4 |" in out
    assert "| uk | 1.00 | 1.00 | 1.00 | 1 |" in out
    assert "| ceasefire | 0.50 | 0.50 | 0.50 | 2 |" in out
    assert "negatives that alerted: 100.0% (1 of 1)" in out
    assert "Kyiv swaps" not in out
    assert main(["match", "--feeds", str(feeds), "--score", str(labelled), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "  c en: +ceasefire; Ukraine rejects a truce in football" in out
    assert "  d en: -ceasefire; Kyiv swaps ambassadors" in out


def test_fit_with_a_held_out_file_prints_its_figures_and_ships_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(FEEDS_YAML, "utf-8")
    titles = {
        "ceasefire": ["Ukraine truce holds", "Ukraine truce broken", "New Ukraine truce"],
        "prisoners": ["Ukraine prisoner swap", "Ukraine swaps prisoners", "Prisoners home"],
        "": ["Ukraine football final", "Ukraine grain prices", "Ukraine weather"],
    }
    rows = [
        {"id": f"{topic}{n}", "lang": "en", "title": t, "topics": [topic] if topic else []}
        for topic, ts in titles.items()
        for n, t in enumerate(ts * 4)
    ]
    training, held_out = tmp_path / "train.jsonl", tmp_path / "held.jsonl"
    training.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    held_out.write_text(json.dumps(rows[0]), "utf-8")
    shipped = SHIPPED_MODEL.read_bytes()
    args = ["match", "--feeds", str(feeds), "--fit", str(training), str(held_out)]
    assert main([*args, "--held-out", str(held_out)]) == 0
    out = capsys.readouterr().out
    assert "## held.jsonl: rules alone" in out
    assert "## held.jsonl: rules and the model fitted without it (36 items)" in out
    assert SHIPPED_MODEL.read_bytes() == shipped
