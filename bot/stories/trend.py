"""A phone-readable PNG chart of stories per topic per day.

Uses `matplotlib.figure.Figure` with the Agg canvas directly: no pyplot, so no global
figure registry, no interactive backend and nothing leaks between calls or threads.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date, timedelta

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

MAX_SERIES = 5
"""More lines than this are unreadable on a phone: the rest are summed into "other"."""

# Colour-blind-safe, distinct on small screens (Okabe-Ito).
_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#555555")


def _days(counts: Mapping[date, Mapping[str, int]]) -> list[date]:
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _series(
    counts: Mapping[date, Mapping[str, int]], topic_names: Mapping[str, str], days: list[date]
) -> list[tuple[str, list[int]]]:
    totals: dict[str, int] = {}
    for per_topic in counts.values():
        for topic, n in per_topic.items():
            totals[topic] = totals.get(topic, 0) + n
    ranked = sorted(totals, key=lambda t: (-totals[t], topic_names.get(t, t)))
    shown, rest = ranked[:MAX_SERIES], ranked[MAX_SERIES:]
    series = [(topic_names.get(t, t), [counts.get(d, {}).get(t, 0) for d in days]) for t in shown]
    if rest:
        series.append(("other", [sum(counts.get(d, {}).get(t, 0) for t in rest) for d in days]))
    return series


def render_trend_png(
    counts: Mapping[date, Mapping[str, int]],
    topic_names: Mapping[str, str],
    title: str,
    day_label: str = "day (UTC)",
) -> bytes:
    """PNG bytes: one line per topic (top five, rest as "other"), one point per day.

    Days missing from `counts` between the first and last day are drawn as zero.  With no
    data at all the chart says so instead of drawing empty axes.
    """
    days = _days(counts)
    figure = Figure(figsize=(8, 7), dpi=120, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title, fontsize=20, fontweight="bold", loc="left")
    if not days:
        axes.text(
            0.5,
            0.5,
            "No stories in this period",
            ha="center",
            va="center",
            fontsize=18,
            transform=axes.transAxes,
        )
        axes.set_axis_off()
    else:
        marker = "o" if len(days) <= 14 else None
        x = [float(date2num(d)) for d in days]
        for index, (name, values) in enumerate(_series(counts, topic_names, days)):
            axes.plot(
                x,
                values,
                label=name,
                color=_COLOURS[index % len(_COLOURS)],
                linewidth=3.5,
                marker=marker,
                markersize=8,
            )
        axes.set_ylabel("stories per day", fontsize=16)
        axes.set_xlabel(day_label, fontsize=16)
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        step = max(1, len(days) // 7)
        axes.set_xticks(x[::step], [d.strftime("%d %b") for d in days[::step]])
        axes.tick_params(axis="both", labelsize=14)
        axes.tick_params(axis="x", rotation=45)
        axes.grid(axis="y", alpha=0.3)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.legend(fontsize=14, frameon=False, loc="outside lower center", ncols=2)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
