"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 32 labelled
streams (22,014 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": -0.1508,
    "cosine": 4.5249,
    "headline_cosine": 0.1013,
    "same_language": 0.1096,
    "cosine_same_language": -0.1239,
    "shared_specific_rarity": 3.6303,
    "shared_headline_specifics": 0.6756,
    "hours_apart": -6.3302,
    "days_apart": 3.3801,
    "one_round": 1.5296,
    "rebuttal": 0.1558,
    "same_people": 1.2429,
    "both_meetings": 0.3323,
    "shared_speaker": 0.537,
    "preview": -0.3585,
}
