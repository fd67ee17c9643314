"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 20 labelled
streams (9,223 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.9736,
    "cosine": 2.3499,
    "headline_cosine": 1.1954,
    "same_language": -0.5438,
    "cosine_same_language": -0.217,
    "shared_specific_rarity": 2.8888,
    "shared_headline_specifics": 1.2065,
    "hours_apart": -5.9668,
    "days_apart": 2.2775,
    "one_round": 1.5553,
    "rebuttal": 0.0712,
    "same_people": 0.7192,
    "both_meetings": 0.6362,
    "shared_speaker": 0.6787,
    "preview": -0.1256,
}
