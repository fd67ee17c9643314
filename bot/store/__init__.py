"""Storage: SQLModel tables, the engine, and repository functions.

Repository functions take a `Session` and never commit: the caller owns the
transaction, so "store the item, its matches and its deliveries" is one commit.
"""
