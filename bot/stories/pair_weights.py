"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 26 labelled
streams (13,602 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.9121,
    "cosine": 2.3354,
    "headline_cosine": 1.1593,
    "same_language": -0.518,
    "cosine_same_language": -0.0132,
    "shared_specific_rarity": 3.455,
    "shared_headline_specifics": 0.3863,
    "hours_apart": -6.0685,
    "days_apart": 2.5998,
    "one_round": 1.4681,
    "rebuttal": -0.0163,
    "same_people": 1.0041,
    "both_meetings": 0.4281,
    "shared_speaker": 0.7432,
    "preview": -0.3684,
}
