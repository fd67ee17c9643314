"""Messages for operators: an OPML import's report, and feed-health notices.

Pure: plain values in, Telegram HTML out (the CLI prints `html.to_plain` of it).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import SourceKind
from bot.render.html import clip, escape, pack
from bot.render.sources import outlet
from bot.render.texts import t

SKIPPED_SHOWN = 30


def import_report(
    lang: str, added: Sequence[tuple[str, SourceKind]], skipped: Sequence[tuple[str, str]]
) -> list[str]:
    """What an OPML import added (name, kind) and skipped (label, `opml_skip_*` reason)."""
    lines = [t(lang, "opml_added", count=len(added)) if added else t(lang, "opml_nothing_added")]
    lines += [f"• {outlet(lang, name, kind)}" for name, kind in added]
    if skipped:
        lines.append(t(lang, "opml_skipped", count=len(skipped)))
        lines += [
            f"• {escape(clip(label, 80))}: {t(lang, f'opml_skip_{reason}')}"
            for label, reason in skipped[:SKIPPED_SHOWN]
        ]
        if len(skipped) > SKIPPED_SHOWN:
            lines.append(t(lang, "digest_more", count=len(skipped) - SKIPPED_SHOWN))
    return pack(lines)
