"""The one wall clock.  Code that needs "now" takes a `Clock` and is given this one;
tests give it a fixed or movable clock instead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Now, as an aware UTC datetime."""
    return datetime.now(UTC)
