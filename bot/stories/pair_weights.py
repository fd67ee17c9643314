"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 22 labelled
streams (10,856 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.9881,
    "cosine": 2.6993,
    "headline_cosine": 0.8748,
    "same_language": -0.256,
    "cosine_same_language": -0.7255,
    "shared_specific_rarity": 3.2308,
    "shared_headline_specifics": 0.8072,
    "hours_apart": -6.25,
    "days_apart": 2.6108,
    "one_round": 1.632,
    "rebuttal": 0.2216,
    "same_people": 0.8835,
    "both_meetings": 0.6278,
    "shared_speaker": 0.6734,
    "preview": -0.235,
}
