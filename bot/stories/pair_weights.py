"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 22 labelled
streams (10,828 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.9815,
    "cosine": 2.6817,
    "headline_cosine": 0.8904,
    "same_language": -0.2587,
    "cosine_same_language": -0.7199,
    "shared_specific_rarity": 3.2421,
    "shared_headline_specifics": 0.8091,
    "hours_apart": -6.2344,
    "days_apart": 2.5965,
    "one_round": 1.6289,
    "rebuttal": 0.2154,
    "same_people": 0.8873,
    "both_meetings": 0.6289,
    "shared_speaker": 0.6678,
    "preview": -0.233,
}
