"""The blind sets are frozen: written from the specification alone, before tuning, and
never edited since (see tests/data/blind/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
FROZEN = {
    "matching_28.jsonl": "cf8315ac2394d04c9bba8a2c106bb895bbdc40dcb10b5ade0856620eaa8cc2a7",
    "stories_23.jsonl": "3c83c7c8c17bb4bf1ad4dd7c5f055661f4f0672733e819e9eb23e01c6c1c2726",
    "matching_29.jsonl": "2c56a285e27ccf03e38c4f732c08751ef4a9fc03cf8f7781f4aade6936481739",
    "stories_24.jsonl": "d14534ab84118931c0afd019d52529c289c74ef55a210baff0f8611404acc0ee",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
