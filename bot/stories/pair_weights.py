"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 23 labelled
streams (11,590 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.9972,
    "cosine": 2.4397,
    "headline_cosine": 0.9562,
    "same_language": -0.1537,
    "cosine_same_language": -0.9602,
    "shared_specific_rarity": 3.3391,
    "shared_headline_specifics": 0.7399,
    "hours_apart": -6.0722,
    "days_apart": 2.5295,
    "one_round": 1.5633,
    "rebuttal": 0.2324,
    "same_people": 0.985,
    "both_meetings": 0.5861,
    "shared_speaker": 0.7181,
    "preview": -0.3854,
}
