"""Storage: SQLModel tables, the engine, and repository functions.

Repository functions take a `session` and never commit: the caller owns the
transaction (`db.transaction`), so "store the item, its matches and its deliveries"
is one commit.  Nothing outside this package writes SQL, and this package imports
nothing above it (only `bot.domain` and the standard library besides SQLModel).
"""
