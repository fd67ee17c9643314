"""The blind sets are frozen: written from the specification alone, before tuning, and
never edited since (see tests/data/blind/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
FROZEN: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
