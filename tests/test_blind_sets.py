"""The blind sets are frozen: written from the specification alone, before tuning, and
never edited since (see tests/data/blind/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
FROZEN = {
    "matching_36.jsonl": "3d751b25ef60afa3e3ae31cfe9d52a51973ca50c5178cc7e40e6b48a18d7b80a",
    "stories_31.jsonl": "830b63f6122f5d593a98796a013f28ef402de7b50ed8a2db3ca8cc62225ed696",
    "matching_37.jsonl": "e0ee435cc6b71fc180e0f11f69bbc53861cc23628f82194c2f9b4ecd9291209a",
    "stories_32.jsonl": "a78726aecf03541e74a13d4802092132e010f9096bab762f407ebaf637c6102f",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
