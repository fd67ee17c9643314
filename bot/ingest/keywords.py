"""Subscribers' keywords in the matcher, kept equal to the database's.

Any process may add or remove a keyword (`/subscribe` is answered by whichever process
receives updates); the matcher that files new items lives in the poller.  Before each
batch of new items the poller compares a cheap fingerprint of the keyword table (count,
newest id) with the one it loaded, and brings the matcher up to date when they differ —
so a keyword subscribed anywhere matches from the next item on.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.matching.engine import Matcher
from bot.store.chats import keyword_fingerprint, keyword_terms


class SubscriberKeywords:
    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher
        self._loaded: dict[int, str] = {}
        self._fingerprint: tuple[int, int] | None = None

    def refresh(self, session: Session) -> None:
        fingerprint = keyword_fingerprint(session)
        if fingerprint == self._fingerprint:
            return
        wanted = keyword_terms(session)
        for gone in self._loaded.keys() - wanted.keys():
            self._matcher.remove_keyword(str(gone))
        for keyword_id, normalized in wanted.items():
            if self._loaded.get(keyword_id) != normalized:
                self._matcher.add_keyword(str(keyword_id), normalized)
        self._loaded, self._fingerprint = wanted, fingerprint
