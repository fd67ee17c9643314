"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 19 labelled
streams (12,218 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.4981,
    "cosine": 2.6865,
    "headline_cosine": 1.1988,
    "same_language": -0.9951,
    "cosine_same_language": 1.356,
    "shared_specific_rarity": 3.3361,
    "shared_headline_specifics": 1.6907,
    "hours_apart": -5.8618,
    "days_apart": 2.7542,
    "one_round": 1.3552,
    "rebuttal": 0.1329,
    "same_people": 1.037,
    "both_meetings": 0.9287,
    "shared_speaker": 0.6469,
    "preview": -0.3423,
}
