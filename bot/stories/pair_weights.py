"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 25 labelled
streams (12,919 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.8626,
    "cosine": 2.4313,
    "headline_cosine": 1.164,
    "same_language": -0.5854,
    "cosine_same_language": 0.0658,
    "shared_specific_rarity": 3.4791,
    "shared_headline_specifics": 0.424,
    "hours_apart": -5.9855,
    "days_apart": 2.4994,
    "one_round": 1.4648,
    "rebuttal": 0.1461,
    "same_people": 0.9591,
    "both_meetings": 0.4752,
    "shared_speaker": 0.7684,
    "preview": -0.3904,
}
