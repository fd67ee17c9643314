"""The blind sets are frozen: written from the specification alone, before tuning, and
never edited since (see tests/data/blind/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
FROZEN = {
    "matching.jsonl": "91d58ca56736752f4989e8e628d57e625a6c555ad996bc7d42400f45d81b0a8a",
    "matching_ukru.jsonl": "217c9169f207400919fe3a987ad6d171c1c61fab35b150be6b8f2819983774c1",
    "matching_3.jsonl": "754cb16fe0d9e0e41f2d990c32e6c34923fa805ba85f9c36889613ac6c91841d",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
