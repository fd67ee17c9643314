"""Shared fixtures: a fresh real database per test (SQLite file, and PostgreSQL when
TEST_DATABASE_URL is set), and the local feed server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.store.db import create_schema, make_engine
from tests.support.feed_server import FeedServer

pytest_plugins = ["tests.support.bot_fixtures"]

EmptyDatabases = Callable[[], Engine]


def _postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


@pytest.fixture(scope="session", autouse=True)
def _no_endpoint_on_the_operators_port() -> Iterator[None]:
    """Services in tests (and the processes they start) serve no metrics endpoint unless a
    test asks for one: in parallel, they would all want 127.0.0.1:9464."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("METRICS_ADDR", "")
        yield


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


@contextmanager
def _postgres_schema() -> Iterator[Engine]:
    """An engine on a private, empty schema of the PostgreSQL server, dropped afterwards.

    Its URL carries the schema, so a subprocess given it lands there too.
    """
    url = _postgres_url()
    if url is None:
        pytest.skip("TEST_DATABASE_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(
        admin.url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    )
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    """A private schema on the PostgreSQL server with every table, dropped afterwards."""
    with _postgres_schema() as engine:
        create_schema(engine)
        yield engine


@pytest.fixture
def empty_postgres_engine() -> Iterator[Engine]:
    """A private, empty schema on the PostgreSQL server: the processes under test migrate it."""
    with _postgres_schema() as engine:
        yield engine


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """The same test on both stores."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_engine")
    else:
        yield request.getfixturevalue("postgres_engine")


@pytest.fixture(params=["sqlite", "postgres"])
def empty_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EmptyDatabases]:
    """Makes empty databases (no table at all) on each store: new files, or new schemas."""
    with ExitStack() as made:

        def new() -> Engine:
            if request.param == "postgres":
                return made.enter_context(_postgres_schema())
            engine = make_engine(f"sqlite:///{tmp_path / uuid.uuid4().hex[:8]}.db")
            made.callback(engine.dispose)
            return engine

        yield new


@pytest.fixture
def empty_engine(empty_databases: EmptyDatabases) -> Engine:
    """An empty database on each store: the processes under test create the tables."""
    return empty_databases()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server
