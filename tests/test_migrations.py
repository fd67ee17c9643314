"""The schema's migrations, on SQLite and PostgreSQL.

A database v0.1.0 created, with data in it, upgrades to head with its data intact; a
fresh database migrates to exactly what the models say (Alembic's `check`); two
processes starting together on an empty database do not race.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, MetaData, Table, insert, inspect, select, text
from sqlmodel import Session

from bot.store import schema
from bot.store.db import create_schema
from bot.store.models import DeliveryStatus
from bot.store.sending import claim_due, requeue_expired
from tests.support import ROOT
from tests.support.processes import database_url

DUMPS = ROOT / "tests" / "data" / "schema-v0.1.0"
T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def load_v0_1_0(engine: Engine) -> None:
    """The tables exactly as release v0.1.0's `create_all` made them."""
    dump = (DUMPS / f"{engine.dialect.name}.sql").read_text(encoding="utf-8")
    statements = [part.strip() for part in dump.split(";")]
    with engine.begin() as connection:
        for statement in statements:
            lines = [line for line in statement.splitlines() if not line.startswith("--")]
            if "".join(lines).strip():
                connection.exec_driver_sql("\n".join(lines))


def v0_1_0_rows() -> dict[str, list[dict[str, Any]]]:
    """Rows for every table of v0.1.0, every column given a value."""
    return {
        "feed": [
            {
                "id": 1,
                "name": "Kyiv Independent",
                "config_url": "https://kyivindependent.com/rss",
                "url": "https://kyivindependent.com/news/rss",
                "interval_s": 120,
                "lang": "en",
                "state": "ACTIVE",
                "title": "The Kyiv Independent",
                "etag": '"abc"',
                "last_modified": "Mon, 30 Nov 2026 07:55:00 GMT",
                "body_hash": "f" * 64,
                "baseline_done": True,
                "last_status": "new",
                "last_error": None,
                "error_count": 0,
                "quiet_polls": 2,
                "last_polled_at": T0,
                "last_success_at": T0,
                "next_poll_at": T0 + timedelta(minutes=2),
            },
            {
                "id": 2,
                "name": "Gone Wire",
                "config_url": "https://gone.example/rss",
                "url": "https://gone.example/rss",
                "interval_s": 300,
                "lang": None,
                "state": "GONE",
                "title": None,
                "etag": None,
                "last_modified": None,
                "body_hash": None,
                "baseline_done": False,
                "last_status": "gone",
                "last_error": "410 Gone",
                "error_count": 3,
                "quiet_polls": 0,
                "last_polled_at": T0,
                "last_success_at": None,
                "next_poll_at": None,
            },
        ],
        "chat": [
            {
                "id": 42,
                "kind": "PRIVATE",
                "title": "Olena",
                "active": True,
                "deactivated_reason": None,
                "ui_lang": "uk",
                "timezone": "Europe/Kyiv",
                "digest_time": "08:00",
                "next_digest_at": T0 + timedelta(days=1),
                "last_digest_at": T0,
                "muted_until": None,
                "every_item": False,
                "linked_by": None,
                "created_at": T0 - timedelta(days=10),
            },
            {
                "id": -1001234567890,
                "kind": "CHANNEL",
                "title": "Peace talks",
                "active": False,
                "deactivated_reason": "403 bot was kicked",
                "ui_lang": "en",
                "timezone": "UTC",
                "digest_time": None,
                "next_digest_at": None,
                "last_digest_at": None,
                "muted_until": T0 + timedelta(hours=2),
                "every_item": True,
                "linked_by": 7,
                "created_at": T0 - timedelta(days=3),
            },
        ],
        "item": [
            {
                "id": 10,
                "feed_id": 1,
                "key": "guid:ki-1",
                "guid": "ki-1",
                "link": "https://kyivindependent.com/truce",
                "link_hash": "a" * 40,
                "title": "Russia and Ukraine agree energy truce",
                "summary": "Kyiv and Moscow agreed a 30-day ceasefire on energy strikes.",
                "lang": "en",
                "content_hash": "c" * 32,
                "published_at": T0 - timedelta(minutes=3),
                "first_seen_at": T0,
                "updated_at": None,
                "is_baseline": False,
                "story_id": 10,
            },
            {
                "id": 11,
                "feed_id": 1,
                "key": "guid:ki-0",
                "guid": "ki-0",
                "link": None,
                "link_hash": None,
                "title": "Перемир'я: що відомо",
                "summary": "",
                "lang": "uk",
                "content_hash": "d" * 32,
                "published_at": T0 - timedelta(days=2),
                "first_seen_at": T0 - timedelta(days=1),
                "updated_at": T0,
                "is_baseline": True,
                "story_id": None,
            },
        ],
        "item_topic": [{"item_id": 10, "topic_id": "ceasefire", "terms": '["truce"]'}],
        "subscription": [
            {"chat_id": 42, "topic_id": "ceasefire"},
            {"chat_id": -1001234567890, "topic_id": "prisoners"},
        ],
        "keyword": [{"id": 5, "chat_id": 42, "text": "Zaporizhzhia", "normalized": "zaporizhzhia"}],
        "delivery": [
            {
                "id": 100,
                "chat_id": 42,
                "item_id": 10,
                "status": "PENDING",
                "kind": "ALERT",
                "edit_of": None,
                "reasons": '{"topics": {"ceasefire": ["truce"]}}',
                "attempts": 0,
                "next_attempt_at": T0,
                "claimed_at": None,
                "sent_at": None,
                "message_id": None,
                "error": None,
                "created_at": T0,
            },
            {
                "id": 101,
                "chat_id": -1001234567890,
                "item_id": 10,
                "status": "SENDING",
                "kind": "STORY_UPDATE",
                "edit_of": 100,
                "reasons": "{}",
                "attempts": 1,
                "next_attempt_at": T0,
                "claimed_at": T0,
                "sent_at": None,
                "message_id": 9001,
                "error": "timed out",
                "created_at": T0,
            },
        ],
    }


def read_all(engine: Engine, tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Every row of these tables, in v0.1.0's columns, as the database returns them."""
    found = {}
    with engine.connect() as connection:
        reflected = MetaData()
        for name, rows in tables.items():
            table = Table(name, reflected, autoload_with=connection)
            columns = [table.c[column] for column in rows[0]]
            query = select(*columns).order_by(*table.primary_key.columns)
            found[name] = [tuple(row) for row in connection.execute(query)]
    return found


def shape(engine: Engine) -> dict[str, Any]:
    """Tables, columns (type, nullable), indexes, unique and foreign keys, as reflected."""
    inspector = inspect(engine)
    out: dict[str, Any] = {}
    for table in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
        out[table] = {
            "columns": sorted(  # a column added later comes last: the order is no difference
                (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
            "unique": sorted(
                tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)
            ),
            "foreign": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], str(f["options"]))
                for f in inspector.get_foreign_keys(table)
            ),
            "primary": inspector.get_pk_constraint(table)["constrained_columns"],
        }
    return out


def test_the_migrations_form_one_line() -> None:
    """One head: two branches that each added a migration must be put in a row first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(schema.MIGRATIONS))
    assert scripts.get_heads() == [schema.head()]
    assert [s.revision for s in scripts.walk_revisions()][-1] == schema.V0_1_0


def test_a_fresh_database_migrates_to_what_the_models_say(empty_engine: Engine) -> None:
    assert schema.upgrade(empty_engine) == (None, schema.head())
    schema.check(empty_engine)  # `alembic check`: raises when models and migrations differ
    assert schema.upgrade(empty_engine) == (schema.head(), schema.head())


def test_the_migrated_schema_equals_the_tests_fast_path(
    empty_databases: Callable[[], Engine],
) -> None:
    """The tests create their tables with `create_all`: it must be the deployed schema."""
    migrated, fast = empty_databases(), empty_databases()
    schema.upgrade(migrated)
    create_schema(fast)
    assert shape(fast) == shape(migrated)


def test_the_baseline_is_release_v0_1_0(empty_databases: Callable[[], Engine]) -> None:
    migrated, released = empty_databases(), empty_databases()
    schema.upgrade(migrated, schema.V0_1_0)
    load_v0_1_0(released)
    assert shape(released) == shape(migrated)


def test_a_v0_1_0_database_with_data_upgrades_with_its_data_intact(empty_engine: Engine) -> None:
    load_v0_1_0(empty_engine)
    rows = v0_1_0_rows()
    with empty_engine.begin() as connection:
        reflected = MetaData()
        for name, values in rows.items():
            connection.execute(insert(Table(name, reflected, autoload_with=connection)), values)
    before = read_all(empty_engine, rows)

    assert schema.upgrade(empty_engine) == (schema.V0_1_0, schema.head())

    assert read_all(empty_engine, rows) == before
    schema.check(empty_engine)
    with Session(empty_engine) as session:  # today's code works on the old rows
        assert requeue_expired(session, T0) == 1  # v0.1.0's `sending` row has no lease
        claimed = claim_due(session, T0 + timedelta(minutes=1), 10, "test")
        session.commit()
    assert [(a.delivery_id, a.title) for a in claimed] == [
        (100, "Russia and Ukraine agree energy truce")
    ]
    with empty_engine.connect() as connection:
        status = connection.execute(text("SELECT status FROM delivery WHERE id = 100")).scalar()
    assert DeliveryStatus[str(status)] is DeliveryStatus.SENDING


def test_a_database_created_before_migrations_by_a_later_build_is_adopted(
    empty_engine: Engine,
) -> None:
    """Built by `create_all` after v0.1.0 (with the delivery lease): recorded at 0002."""
    schema.upgrade(empty_engine, schema.DELIVERY_LEASE)
    with empty_engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE alembic_version")
    assert schema.upgrade(empty_engine) == (schema.DELIVERY_LEASE, schema.head())
    schema.check(empty_engine)


def test_a_database_the_tests_created_with_create_all_is_recorded_at_head(
    empty_engine: Engine,
) -> None:
    create_schema(empty_engine)
    assert schema.upgrade(empty_engine) == (schema.head(), schema.head())


def test_two_processes_starting_together_on_an_empty_database_do_not_race(
    empty_engine: Engine,
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url(empty_engine)}
    starts = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in starts]
    assert [process.returncode for process in starts] == [0, 0], outputs
    assert sorted(out.strip() for out, _ in outputs) == [
        f"schema at {schema.head()}",
        f"schema at {schema.head()} (was empty)",
    ]
    schema.check(empty_engine)
