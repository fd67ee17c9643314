"""PostgreSQL advisory locks that coordinate processes.

A lock is named by two numbers: one for what it guards (`lock_key`) and the hash of the
schema in use, so two deployments (or two tests) sharing a PostgreSQL database in
different schemas never hold each other's locks.
"""

from __future__ import annotations

import zlib


def lock_key(name: str) -> int:
    """A stable 31-bit number for a lock's name."""
    return zlib.crc32(f"peacewatch:{name}".encode()) & 0x7FFFFFFF
