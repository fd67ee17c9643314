"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 21 labelled
streams (9,993 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.9104,
    "cosine": 2.3425,
    "headline_cosine": 1.1314,
    "same_language": -0.4412,
    "cosine_same_language": -0.2647,
    "shared_specific_rarity": 3.3604,
    "shared_headline_specifics": 0.891,
    "hours_apart": -6.1121,
    "days_apart": 2.5075,
    "one_round": 1.6037,
    "rebuttal": 0.151,
    "same_people": 0.7123,
    "both_meetings": 0.6458,
    "shared_speaker": 0.7152,
    "preview": -0.1648,
}
