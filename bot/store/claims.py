"""Who holds a claim (an outbox row, a feed): each process's own name, and which are dead.

A claim names its holder `host:pid:random`.  On the holder's own machine a dead pid
means its claims can be taken back at once; elsewhere they are taken back when their
lease ends.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable


def claimer_id() -> str:
    """`host:pid:random`: unique to this process, and tells where it ran."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def dead_claimers(held_by: Iterable[str]) -> set[str]:
    """The claimers that ran on this machine and whose process is gone."""
    host = socket.gethostname()
    dead = set()
    for claimer in held_by:
        where, _, rest = claimer.partition(":")
        pid = rest.partition(":")[0]
        if where == host and pid.isdecimal() and not _running(int(pid)):
            dead.add(claimer)
    return dead


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
