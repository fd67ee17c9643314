"""Stories: items from many outlets and languages that report the same event, grouped.

Pure logic only (no database, HTTP or Telegram): `clustering` groups items, `entities`
turns text into language-independent features, `breaking` says when a story is breaking,
`trend` draws the stories-per-day chart, `cli` is the operator's JSON-lines tool and
`evaluation` measures the clustering against labelled pairs.
"""

from bot.stories.breaking import is_breaking
from bot.stories.clustering import Story, StoryAssignment, StoryClusterer, StoryInput

__all__ = ["Story", "StoryAssignment", "StoryClusterer", "StoryInput", "is_breaking"]
