"""The blind sets are frozen: written from the specification alone, before tuning, and
never edited since (see tests/data/blind/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
FROZEN = {
    "matching_43.jsonl": "e04943a2440d3047318fe66141b821e10ca3d88e7c5e79611bf3867cee7bfabd",
    "stories_37.jsonl": "e04f4e09e26557a81546192de8f06f27d235d59ae45ef9dd8448b9d14d9fefaa",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_blind_set_is_never_edited(name: str) -> None:
    digest = hashlib.sha256((BLIND / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: a blind set stays as it was written"
