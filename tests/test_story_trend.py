"""The trend chart is a real, phone-sized PNG and leaves no pyplot state behind."""

from __future__ import annotations

import struct
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from bot.stories.trend import render_trend_png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def week_of_counts() -> dict[date, dict[str, int]]:
    start = date(2025, 11, 20)
    return {start + timedelta(days=i): {"talks": 3 + i, "pows": i % 3, "znpp": 1} for i in range(7)}


NAMES = {"talks": "Peace talks", "pows": "Prisoner exchanges", "znpp": "Zaporizhzhia NPP"}


def test_week_chart_is_a_png_sized_for_a_phone() -> None:
    data = render_trend_png(week_of_counts(), NAMES, "Stories per day, 7 days")
    width, height = png_size(data)
    assert 600 <= width <= 1600 and 500 <= height <= 1600
    assert 10_000 < len(data) < 1_000_000
    assert data.endswith(b"IEND\xaeB`\x82")


def test_empty_period_still_renders_a_chart() -> None:
    data = render_trend_png({}, {}, "Stories per day, 30 days")
    assert png_size(data)[0] > 0


def test_many_topics_render_and_more_data_changes_the_picture() -> None:
    counts = {d: {**c, **{f"t{k}": k for k in range(8)}} for d, c in week_of_counts().items()}
    many = render_trend_png(counts, NAMES, "Stories per day")
    few = render_trend_png(week_of_counts(), NAMES, "Stories per day")
    assert png_size(many) == png_size(few)
    assert many != few


def test_rendering_never_imports_pyplot() -> None:
    """pyplot keeps global figures and may pick an interactive backend: the bot must not."""
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from bot.stories.trend import render_trend_png\n"
        "render_trend_png({date(2025, 11, 20): {'t': 1}}, {'t': 'T'}, 'x')\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert result.stdout.strip() == "False"
