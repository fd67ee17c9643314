"""Messages for operators: an OPML import's report, and feed-health notices.

Pure: plain values in, Telegram HTML out (the CLI prints `html.to_plain` of it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.domain import SourceKind
from bot.health.rules import Health, Verdict
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


def span(duration: timedelta) -> str:
    """A duration as operators read it: `45m`, `3h 20m`, `2d 4h`."""
    minutes = max(1, round(duration.total_seconds() / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m"


def health_notice(
    lang: str,
    feed: str,
    verdict: Verdict,
    *,
    error_count: int,
    last_error: str | None,
    last_success_at: datetime | None,
    gone: bool,
    was: Health,
    lasted: timedelta | None,
) -> str:
    """The notice of a feed's new health state, in the operator's language."""
    if verdict.health is Health.FAILING:
        if gone:
            return t(lang, "health_gone", feed=feed)
        since = last_success_at.strftime("%Y-%m-%d %H:%M UTC") if last_success_at else "—"
        error = clip(last_error or "?", 200)
        return t(lang, "health_failing", feed=feed, errors=error_count, since=since, error=error)
    if verdict.health is Health.SILENT:
        cadence = span(verdict.cadence) if verdict.cadence else "?"
        silent = span(verdict.silent_for or timedelta())
        return t(lang, "health_silent", feed=feed, silent=silent, cadence=cadence)
    if verdict.health is Health.CHURNING:
        return t(lang, "health_churning", feed=feed, odd=verdict.churned, total=verdict.served)
    state = t(lang, f"health_state_{was.value}") if was is not Health.HEALTHY else ""
    return t(lang, "health_recovered", feed=feed, duration=span(lasted or timedelta()), state=state)
