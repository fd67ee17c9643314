"""Alembic's entry point, run by `bot.store.schema` on a connection it has locked.

The connection arrives in `config.attributes["connection"]`, already inside the
transaction that holds the migration lock; everything here runs in it.  The models'
own types are written into new revision files as plain SQLAlchemy types, so a
migration never imports today's models (they will have changed by the time it runs).
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from bot.store import models


def render_item(kind: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """`UTCDateTime` → `sa.DateTime(timezone=True)`, `AutoString` → `sa.String`."""
    if kind != "type":
        return False
    if isinstance(obj, models.UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def run() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("migrations run through bot.store.schema (python -m bot db …)")
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_item=render_item,
        # SQLite alters a table by copying it: batch mode writes migrations that way.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
