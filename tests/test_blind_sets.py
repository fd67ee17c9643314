"""The blind sets are frozen: written from the specification alone, before tuning, and
never edited since (see tests/data/blind/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
FROZEN = {
    "matching_9.jsonl": "2e1897c06f2a41244acc2b275a6cfcb7c2dae503c9e26ac6f03e62161433c50a",
    "stories_7.jsonl": "58fcd1730d859326e2222acb75dbe0e5a3d56116797ba157f869134291a6215f",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
