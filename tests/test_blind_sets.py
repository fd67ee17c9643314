"""The blind sets are frozen: written from the specification alone, before tuning, and
never edited since (see tests/data/blind/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
FROZEN = {
    "stories_15.jsonl": "2a11f13cd97270d1b33ca86dd76c8845d193f6c6ae681b4d4854927f7a07636d",
    "matching_20.jsonl": "d2936e3839a53ff75d31dfe588a46eaebda1871c2922fbb8f0a5b359d19d27ff",
    "stories_14.jsonl": "57ecc4504e921004d8685e1fbe9cde9f7c67bfab038036222ee6a6e0f48e90cb",
    "stories_13.jsonl": "a18bcdad169526b4737efc081cdf1d16daac28ad99f63c900d442999c0220306",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
