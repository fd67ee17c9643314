"""The operator's stories tool: JSON lines in, one story assignment per item out.

Input, one JSON object per line (blank lines are skipped)::

    {"id": "...", "lang": "en", "source": "reuters", "published": "2025-11-23T21:30:00Z",
     "title": "...", "summary": "..."}

Output, one line per good input line, in the same order::

    {"id": "...", "story": "<id of the story's lead item>"}

A bad line (not JSON, missing or mistyped field, `published` not ISO 8601 or without a
timezone) writes nothing to stdout; it writes ``line N: <problem>`` to `stderr` and the
tool carries on with the next line.  The return code is 0 when every line was good and 1
when at least one was skipped, so scripts notice.

With ``--score FILE`` the tool scores instead: FILE holds items labelled with their gold
``"story"``; they are clustered in publication order as one stream and the figures are
printed (pair precision/recall within 48 h, cross-language pair recall, B-cubed).  Per-pair
errors only with ``--errors``.  With ``--overlay FILE FILE…`` several labelled streams are
laid over one another first (`bot.stories.evaluation.overlay`): the figures of a window
as busy as fifty outlets make it.

With ``--fit FILE…`` the tool fits the same-story model on labelled files instead
(`bot.stories.fit`) and prints the source of `bot.stories.pair_weights`; with
``--translations FILE…`` it learns from them which Ukrainian and Russian words translate
which English ones (`bot.stories.lexicon`) and prints the source of
`bot.stories.translations`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from bot.stories.clustering import StoryClusterer
from bot.stories.evaluation import (
    LabelledItem,
    format_report,
    overlay,
    parse_labelled,
    score_stream,
)
from bot.stories.fit import examples, fit, weights_module
from bot.stories.jsonl import BadLine, parse_line
from bot.stories.lexicon import learn_translations, translations_module

DEFAULT_WINDOW = timedelta(hours=48)


def run_stories_tool(
    stdin: TextIO,
    stdout: TextIO,
    window: timedelta = DEFAULT_WINDOW,
    *,
    stderr: TextIO | None = None,
) -> int:
    """Cluster the items read from `stdin`; see the module docstring for the formats."""
    errors = stderr if stderr is not None else sys.stderr
    clusterer = StoryClusterer(window)
    bad = 0
    for number, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            item = parse_line(line)
        except BadLine as exc:
            bad += 1
            errors.write(f"line {number}: {exc}\n")
            continue
        assignment = clusterer.add(item)
        stdout.write(
            json.dumps({"id": item.id, "story": assignment.story_id}, ensure_ascii=False) + "\n"
        )
    return 1 if bad else 0


def run_score_tool(
    lines: TextIO,
    stdout: TextIO,
    window: timedelta = DEFAULT_WINDOW,
    *,
    errors: bool = False,
    stderr: TextIO | None = None,
) -> int:
    """Cluster a labelled file as one stream and print its figures (`--score`).

    Lines are labelled items or pairs (see `bot.stories.evaluation`).  Per-pair errors are
    printed only with `errors`; a file that cannot be read whole is an error (exit 2).
    """
    try:
        labelled = parse_labelled(lines)
    except ValueError as exc:
        (stderr if stderr is not None else sys.stderr).write(f"{exc}\n")
        return 2
    report = score_stream(labelled, window)
    stdout.write(format_report(report, errors=errors) + "\n")
    return 0


def run_overlay_tool(
    files: Sequence[Path],
    stdout: TextIO,
    window: timedelta = DEFAULT_WINDOW,
    *,
    stderr: TextIO | None = None,
) -> int:
    """Lay labelled files over one another, cluster them as one stream and print the
    figures (`--overlay`); a file that cannot be read whole is an error (exit 2)."""
    streams = _labelled_files(files, stderr)
    if streams is None:
        return 2
    labelled, counted = overlay(streams)
    report = score_stream(labelled, window, counted=counted)
    stdout.write(f"{len(streams)} streams laid over one another\n{format_report(report)}\n")
    return 0


def run_fit_tool(
    files: Sequence[Path],
    stdout: TextIO,
    window: timedelta = DEFAULT_WINDOW,
    *,
    stderr: TextIO | None = None,
) -> int:
    """Fit the same-story model on labelled files and print the weights module (`--fit`);
    a file that cannot be read whole is an error (exit 2)."""
    streams = _labelled_files(files, stderr)
    if streams is None:
        return 2
    data = [example for stream in streams for example in examples(stream, window)]
    stdout.write(weights_module(fit(data), [p.name for p in files], len(data)))
    return 0


def run_translations_tool(
    files: Sequence[Path], stdout: TextIO, *, stderr: TextIO | None = None
) -> int:
    """Learn the translations from labelled files and print their module
    (`--translations`); a file that cannot be read whole is an error (exit 2)."""
    streams = _labelled_files(files, stderr)
    if streams is None:
        return 2
    stdout.write(translations_module(learn_translations(streams), [p.name for p in files]))
    return 0


def _labelled_files(
    files: Sequence[Path], stderr: TextIO | None
) -> list[list[LabelledItem]] | None:
    """Each file's labelled items; None, once the first file that cannot be read whole is
    named on `stderr`."""
    streams = []
    for path in files:
        try:
            with path.open(encoding="utf-8") as lines:
                streams.append(parse_labelled(lines))
        except (OSError, ValueError) as exc:
            (stderr if stderr is not None else sys.stderr).write(f"{path}: {exc}\n")
            return None
    return streams
