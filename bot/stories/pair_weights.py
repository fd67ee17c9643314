"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 31 labelled
streams (21,112 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": -0.1338,
    "cosine": 4.5996,
    "headline_cosine": 0.0369,
    "same_language": 0.1283,
    "cosine_same_language": -0.2547,
    "shared_specific_rarity": 3.4628,
    "shared_headline_specifics": 0.727,
    "hours_apart": -6.3506,
    "days_apart": 3.3966,
    "one_round": 1.4982,
    "rebuttal": 0.1459,
    "same_people": 1.2319,
    "both_meetings": 0.3428,
    "shared_speaker": 0.5329,
    "preview": -0.3586,
}
