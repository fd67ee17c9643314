"""Durations as people write them — `90s`, `5m`, `2h`, `1d`, `1w`, `1h30m` — parsed once.

feeds.yaml's `interval:`, `/mute 2h` and `/digest 3d` all read durations here; each caller
says which units make sense for it and checks its own bounds.
"""

from __future__ import annotations

import re
from datetime import timedelta

UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_PART = re.compile(r"(\d{1,6})\s*(sec|min|s|m|h|d|w)", re.IGNORECASE | re.ASCII)
_WHOLE = re.compile(r"^\s*(?:\d{1,6}\s*(?:sec|min|s|m|h|d|w)\s*)+$", re.IGNORECASE | re.ASCII)


def parse_duration(text: str, units: str = "smhdw") -> timedelta:
    """`text` as a duration; ValueError when it is not one written with `units`.

    `units` lists the unit letters allowed (`s` also allows `sec`, `m` also `min`).
    Digits are ASCII digits only: a superscript "²" is not a number here.
    """
    if not _WHOLE.match(text):
        raise ValueError(f"{text!r} is not a duration")
    seconds = 0
    for amount, unit in _PART.findall(text):
        if unit.lower()[0] not in units:
            raise ValueError(f"{text!r}: the unit {unit!r} is not allowed here")
        seconds += int(amount) * UNIT_SECONDS[unit.lower()]
    return timedelta(seconds=seconds)
