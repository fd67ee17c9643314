"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 28 labelled
streams (16,434 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": -0.1679,
    "cosine": 5.2744,
    "headline_cosine": -0.5857,
    "same_language": 0.211,
    "cosine_same_language": -0.4536,
    "shared_specific_rarity": 3.4573,
    "shared_headline_specifics": 0.8653,
    "hours_apart": -6.192,
    "days_apart": 3.0256,
    "one_round": 1.5582,
    "rebuttal": 0.0771,
    "same_people": 1.19,
    "both_meetings": 0.3786,
    "shared_speaker": 0.6123,
    "preview": -0.3737,
}
