"""The blind sets are frozen: written from the specification alone, before tuning, and
never edited since (see tests/data/blind/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
FROZEN = {
    "matching_7.jsonl": "a3365c75a9f6a6d43f7c7e384e031d8061a676b671d4d9202f77904833a8d5e6",
    "stories_5.jsonl": "3d20494c99988e078e87445803500128dd5a1c59c6d6da3170aec0a6ed0f1ac2",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
