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
    "matching_27.jsonl": "4ea425ed8da12c71fce317ca063bf7f303e4ad293c9ab2752c3ca4cf6591adc4",
    "stories_22.jsonl": "b2565959d81bcc980883fd3b3fb7bfe38ebdb6705462d4ea97442c2355057e2c",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
