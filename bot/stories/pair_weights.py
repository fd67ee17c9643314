"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 23 labelled
streams (11,515 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.9905,
    "cosine": 2.3815,
    "headline_cosine": 1.0236,
    "same_language": -0.3907,
    "cosine_same_language": -0.5035,
    "shared_specific_rarity": 3.5006,
    "shared_headline_specifics": 0.6854,
    "hours_apart": -6.056,
    "days_apart": 2.499,
    "one_round": 1.5868,
    "rebuttal": 0.1457,
    "same_people": 0.8688,
    "both_meetings": 0.5945,
    "shared_speaker": 0.7213,
    "preview": -0.4015,
}
