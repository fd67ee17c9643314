"""Topic and personal-keyword matching: pure code, plain values in and out."""

from bot.matching.engine import Matcher
from bot.matching.results import MatchResult, TermHit
from bot.matching.rules import MatchingConfig, TopicSpec, load_matching_config, parse_keyword

__all__ = [
    "MatchResult",
    "Matcher",
    "MatchingConfig",
    "TermHit",
    "TopicSpec",
    "load_matching_config",
    "parse_keyword",
]
