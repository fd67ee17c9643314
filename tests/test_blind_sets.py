"""The blind sets are frozen: written from the specification alone, before tuning, and
never edited since (see tests/data/blind/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
FROZEN = {
    "matching_20.jsonl": "d2936e3839a53ff75d31dfe588a46eaebda1871c2922fbb8f0a5b359d19d27ff",
    "stories_14.jsonl": "57ecc4504e921004d8685e1fbe9cde9f7c67bfab038036222ee6a6e0f48e90cb",
    "matching_19.jsonl": "efa8808854db2d573354c02264f2a1986bbffb98c1d244b6a240b4682683b5b1",
    "matching_18.jsonl": "950037af9480c460fc0fc52b211fecf9c707729e4513cf5537fd343a9175b819",
    "stories_13.jsonl": "a18bcdad169526b4737efc081cdf1d16daac28ad99f63c900d442999c0220306",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
