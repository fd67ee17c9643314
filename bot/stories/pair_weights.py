"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 23 labelled
streams (11,424 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.9866,
    "cosine": 2.4489,
    "headline_cosine": 1.0145,
    "same_language": -0.6424,
    "cosine_same_language": 0.0373,
    "shared_specific_rarity": 3.4686,
    "shared_headline_specifics": 0.7126,
    "hours_apart": -6.133,
    "days_apart": 2.5278,
    "one_round": 1.5084,
    "rebuttal": 0.1658,
    "same_people": 0.8556,
    "both_meetings": 0.6358,
    "shared_speaker": 0.741,
    "preview": -0.3923,
}
