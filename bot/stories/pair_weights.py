"""Weights of the same-story model (`bot.stories.similarity.same_story_probability`).

Written by ``python -m bot stories --fit`` (`bot.stories.fit`) from 24 labelled
streams (12,156 weighed pairs); refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "bias": 0.9636,
    "cosine": 2.5309,
    "headline_cosine": 1.029,
    "same_language": -0.6744,
    "cosine_same_language": 0.1792,
    "shared_specific_rarity": 3.3283,
    "shared_headline_specifics": 0.5743,
    "hours_apart": -6.0895,
    "days_apart": 2.614,
    "one_round": 1.5014,
    "rebuttal": 0.0707,
    "same_people": 0.9379,
    "both_meetings": 0.5612,
    "shared_speaker": 0.6896,
    "preview": -0.4009,
}
