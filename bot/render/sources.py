"""Who is speaking, as readers see it: an outlet with its kind, and a story's kinds counted.

Pure: plain values in, escaped Telegram HTML out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from bot.domain import SourceKind
from bot.render.html import escape
from bot.render.texts import plain, t, tn


def kind_key(kind: SourceKind) -> str:
    """The text key's tail of a kind: `state-affiliated` → `state_affiliated`."""
    return kind.value.replace("-", "_")


def kind_label(lang: str, kind: SourceKind | None) -> str:
    """`state-affiliated media`, escaped; empty for an outlet without a kind."""
    return t(lang, f"kind_{kind_key(kind)}") if kind is not None else ""


def kind_names(lang: str, kinds: Iterable[SourceKind]) -> str:
    """The kinds' labels as a list (`official source, state-affiliated media`), escaped."""
    wanted = set(kinds)
    return ", ".join(kind_label(lang, kind) for kind in SourceKind if kind in wanted)


def kind_button(lang: str, kind: SourceKind) -> str:
    """The short name of a kind on a settings button (`State-affiliated`)."""
    return plain(lang, f"kb_kind_{kind_key(kind)}")


def outlet(lang: str, name: str, kind: SourceKind | None) -> str:
    """`TASS · state-affiliated media` (just `TASS` when the feed has no kind), escaped."""
    label = kind_label(lang, kind)
    return f"{escape(name)} · {label}" if label else escape(name)


def kinds_summary(lang: str, kinds: Iterable[SourceKind | None]) -> str:
    """`5 outlets: 1 official, 2 wires, 2 state-affiliated` for one kind per outlet.

    Empty when no outlet has a kind; outlets without one are counted as "other".
    """
    counts = Counter(kinds)
    total = sum(counts.values())
    if total == 0 or counts[None] == total:
        return ""
    parts = [
        tn(lang, f"count_{kind_key(kind)}", counts[kind]) for kind in SourceKind if counts[kind]
    ]
    if counts[None]:
        parts.append(tn(lang, "count_other", counts[None]))
    return f"{tn(lang, 'count_outlets', total)}: {', '.join(parts)}"
