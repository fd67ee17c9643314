"""Stories: items from many outlets and languages that report the same development, grouped.

Pure logic only (no database, HTTP or Telegram): `clustering` groups items, `features`
reads an item (with the gazetteer of `entities`), `similarity` holds the spec's vetoes
and the score, `breaking` says when a story is breaking, `trend` draws the
stories-per-day chart, `cli` is the operator's JSON-lines tool (`jsonl` reads its lines)
and `evaluation` scores the clustering of a labelled stream.
"""

from bot.stories.breaking import is_breaking
from bot.stories.clustering import Story, StoryAssignment, StoryClusterer, StoryInput

__all__ = ["Story", "StoryAssignment", "StoryClusterer", "StoryInput", "is_breaking"]
