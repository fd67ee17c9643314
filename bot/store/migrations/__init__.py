"""Alembic migrations: the schema's history, applied by `bot.store.schema`.

`versions/` holds one file per change, each naming the one before it; `0001` is the schema
of the release tagged v0.1.0.  How a change adds its migration: docs/design.md, "Schema
changes".
"""
