"""Shared fixtures: a fresh real database per test (SQLite file, and PostgreSQL when
TEST_DATABASE_URL is set), and the local feed server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.store.db import create_schema, make_engine
from tests.support.feed_server import FeedServer

pytest_plugins = ["tests.support.bot_fixtures"]


def _postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


@pytest.fixture(scope="session", autouse=True)
def _postgres_reachable_when_asked() -> None:
    """TEST_DATABASE_URL set but unreachable is a loud failure, not a silent skip."""
    url = _postgres_url()
    if url is None:
        return
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:
        pytest.exit(f"TEST_DATABASE_URL={url} is set but unreachable: {exc}", returncode=3)
    finally:
        engine.dispose()


def _sqlite_engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'peacewatch.db'}")
    create_schema(engine)
    return engine


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = _sqlite_engine(tmp_path)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    """A private schema on the PostgreSQL server, dropped afterwards."""
    url = _postgres_url()
    if url is None:
        pytest.skip("TEST_DATABASE_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    from sqlmodel import create_engine

    engine = create_engine(
        admin.url, connect_args={"options": f"-csearch_path={schema}"}, pool_size=5
    )
    create_schema(engine)
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """The same test on both stores."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_engine")
    else:
        yield request.getfixturevalue("postgres_engine")


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server
