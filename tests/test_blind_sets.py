"""The blind sets are frozen: written from the specification alone, before tuning, and
never edited since (see tests/data/blind/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
FROZEN = {
    "matching_26.jsonl": "b18d8462e4c38d858958bce79bb7a8a96eae6ca66e83d8490adea34189ad2f72",
    "stories_21.jsonl": "ad9afd9e87f0fd2e996dfe6f6920313ebf15ca7eafc0129c4d5fd6f4d980676d",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
