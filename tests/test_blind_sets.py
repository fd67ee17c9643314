"""The blind sets are frozen: written from the specification alone, before tuning, and
never edited since (see tests/data/blind/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
FROZEN = {
    "matching_47.jsonl": "a424190e5f967c51a1c43acb22839eb6346f78dd9422cb7025269a96c7fbca65",
    "stories_41.jsonl": "f0b7fe3c15c31539c8fcfcf95190cb811de350a86b3f4595776822043252c5a3",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
