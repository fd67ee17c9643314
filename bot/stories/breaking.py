"""When a story counts as breaking.

Rule: a story is breaking at `now` when at least `min_outlets` (4) distinct outlets first
carried it within one span of `span` (60 minutes), and that burst ended no more than
`freshness` (6 hours) before `now`.

Why this shape: a normal story in these feeds is carried by one or two outlets over a
day; four newsrooms independently publishing within the same hour means wires are moving
it.  Counting *outlets* (each outlet's first item only) keeps one outlet's rewrites and
updates from making a story look bigger than it is.  The freshness limit makes "breaking"
a state that wears off, so a digest written the next morning no longer shouts about it.
Times after `now` are ignored, so the rule can be replayed at any past moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

BREAKING_MIN_OUTLETS = 4
BREAKING_SPAN = timedelta(minutes=60)
BREAKING_FRESHNESS = timedelta(hours=6)


def is_breaking(
    outlet_first_seen: Sequence[datetime],
    now: datetime,
    *,
    min_outlets: int = BREAKING_MIN_OUTLETS,
    span: timedelta = BREAKING_SPAN,
    freshness: timedelta = BREAKING_FRESHNESS,
) -> bool:
    """True when `min_outlets` first-seen times fall within one `span`, ending recently.

    `outlet_first_seen` holds one time per distinct outlet (`Story.outlet_first_seen`).
    """
    if min_outlets < 1:
        raise ValueError("min_outlets must be at least 1")
    times = sorted(t for t in outlet_first_seen if t <= now)
    for end in range(min_outlets - 1, len(times)):
        start = end - min_outlets + 1
        if times[end] - times[start] <= span and now - times[end] <= freshness:
            return True
    return False
