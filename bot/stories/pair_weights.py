"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 19 labelled
streams (8,629 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.9858,
    "cosine": 2.3896,
    "headline_cosine": 1.0851,
    "same_language": -0.4807,
    "cosine_same_language": -0.4377,
    "shared_specific_rarity": 2.8071,
    "shared_headline_specifics": 1.4555,
    "hours_apart": -5.9235,
    "days_apart": 2.1497,
    "one_round": 1.4946,
    "rebuttal": 0.0631,
    "same_people": 0.6675,
    "both_meetings": 0.738,
    "shared_speaker": 0.6348,
    "preview": -0.1363,
}
