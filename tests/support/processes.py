"""Running parts of Peacewatch as real processes, for tests of several processes at once."""

from __future__ import annotations

from sqlalchemy import Engine


def database_url(engine: Engine) -> str:
    """The URL another process opens to reach `engine`'s database (and its schema)."""
    return engine.url.render_as_string(hide_password=False)
