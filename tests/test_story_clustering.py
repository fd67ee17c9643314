"""StoryClusterer: stories form, stay apart, keep their ids, and forget old items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest

from bot.stories.clustering import MAX_CANDIDATES, StoryClusterer, StoryInput, choose_story
from tests.support.stories import story_item

T0 = datetime(2025, 11, 20, 9, 0, tzinfo=UTC)


item = partial(story_item, at=T0, source="reuters")
"""An item published `hours` after `T0`, by Reuters unless `source` names another outlet."""

PLAN_EN = item(
    "plan-en",
    "U.S. drafts 28-point plan to end Ukraine war, Zelenskiy to receive it",
    "Washington has drafted a 28-point plan worked out by special envoy Steve Witkoff with "
    "Kremlin envoy Kirill Dmitriev; Army Secretary Dan Driscoll is due to present it in Kyiv.",
)
PLAN_UK = item(
    "plan-uk",
    "Віткофф і Дмитрієв підготували план із 28 пунктів: Дрісколл везе його до Києва",
    "Спецпосланець США Стів Віткофф разом із Кирилом Дмитрієвим розробили план завершення "
    "війни з 28 пунктів. Міністр армії США Ден Дрісколл прибув до Києва.",
    hours=1.5,
    source="pravda.com.ua",
    lang="uk",
)
PLAN_RU = item(
    "plan-ru",
    "Axios: Уиткофф и Дмитриев составили план из 28 пунктов по окончанию войны",
    "План, согласованный спецпосланником США Стивом Уиткоффом и Кириллом Дмитриевым, "
    "обсудит с Зеленским министр армии США Дэн Дрисколл, прибывший в Киев.",
    hours=2,
    source="meduza",
    lang="ru",
)
SWAP_DAY_ONE = item(
    "swap-390",
    "Russia and Ukraine swap 390 prisoners each in first stage of biggest exchange",
    "Russia and Ukraine each released 390 prisoners on Friday in the first stage of the "
    "1,000-for-1,000 exchange agreed in Istanbul, President Volodymyr Zelenskiy said.",
)
SWAP_DAY_TWO = item(
    "swap-307",
    "Russia and Ukraine exchange 307 soldiers each on second day of swap",
    "Russia and Ukraine each freed 307 servicemen on Saturday, the second day of a three-day "
    "exchange of 1,000 prisoners each agreed in Istanbul, Zelenskiy said.",
    hours=23,
)


def test_first_item_leads_a_new_story_named_after_it() -> None:
    assignment = StoryClusterer().add(PLAN_EN)
    assert assignment.story_id == "plan-en"
    assert assignment.is_new_story
    assert assignment.similarity == 0


def test_ukrainian_and_russian_reports_of_the_plan_join_the_english_story() -> None:
    clusterer = StoryClusterer()
    clusterer.add(PLAN_EN)
    uk = clusterer.add(PLAN_UK)
    ru = clusterer.add(PLAN_RU)
    assert (uk.story_id, ru.story_id) == ("plan-en", "plan-en")
    assert not uk.is_new_story and uk.similarity > 0
    story = clusterer.story("plan-en")
    assert story is not None
    assert story.lead_id == "plan-en"
    assert story.member_ids == ("plan-en", "plan-uk", "plan-ru")
    assert story.outlets == ("reuters", "pravda.com.ua", "meduza")
    assert story.outlet_first_seen == (PLAN_EN.published, PLAN_UK.published, PLAN_RU.published)
    assert (story.first_seen, story.last_seen) == (PLAN_EN.published, PLAN_RU.published)


def test_second_day_of_a_prisoner_swap_is_a_different_story() -> None:
    clusterer = StoryClusterer()
    clusterer.add(SWAP_DAY_ONE)
    assert clusterer.add(SWAP_DAY_TWO).is_new_story


def test_same_outlet_repeating_its_item_counts_once_as_an_outlet() -> None:
    clusterer = StoryClusterer()
    clusterer.add(PLAN_EN)
    again = item("plan-en-2", PLAN_EN.title, PLAN_EN.summary, hours=35 / 60)
    assert clusterer.add(again).story_id == "plan-en"
    story = clusterer.story("plan-en")
    assert story is not None and story.outlets == ("reuters",)


def test_replaying_the_same_items_after_a_restart_gives_the_same_story_ids() -> None:
    items = [PLAN_EN, SWAP_DAY_ONE, PLAN_UK, PLAN_RU, SWAP_DAY_TWO]
    runs = []
    for _ in range(2):
        clusterer = StoryClusterer()
        runs.append([clusterer.add(i).story_id for i in items])
    assert runs[0] == runs[1]
    assert runs[0] == ["plan-en", "swap-390", "plan-en", "plan-en", "swap-307"]


def test_adding_an_id_again_returns_its_first_assignment() -> None:
    clusterer = StoryClusterer()
    clusterer.add(PLAN_EN)
    original = clusterer.add(PLAN_UK)
    assert clusterer.add(PLAN_UK) == original
    assert len(clusterer) == 2


def test_items_older_than_the_window_are_forgotten_and_not_joined() -> None:
    clusterer = StoryClusterer(window=timedelta(hours=48))
    clusterer.add(PLAN_EN)
    late = item("plan-late", PLAN_EN.title, PLAN_EN.summary, hours=49)
    assignment = clusterer.add(late)
    assert assignment.is_new_story
    assert clusterer.story("plan-en") is None
    assert len(clusterer) == 1


def test_a_story_stays_joinable_while_any_of_its_items_is_in_the_window() -> None:
    clusterer = StoryClusterer(window=timedelta(hours=1))
    clusterer.add(PLAN_EN)
    clusterer.add(item("plan-en-2", PLAN_EN.title, PLAN_EN.summary, hours=50 / 60))
    third = clusterer.add(item("plan-en-3", PLAN_EN.title, PLAN_EN.summary, hours=100 / 60))
    assert third.story_id == "plan-en"
    story = clusterer.story("plan-en")
    assert story is not None and story.member_ids == ("plan-en", "plan-en-2", "plan-en-3")


def test_candidates_per_insert_stay_bounded_however_many_similar_items_are_stored() -> None:
    clusterer = StoryClusterer(window=timedelta(days=30))
    for n in range(1500):
        clusterer.add(
            item(
                f"x{n}",
                f"Kremlin aide Ushakov comments on plan number {n}",
                f"Yuri Ushakov spoke about talks with Witkoff, statement {n}.",
                hours=n / 60,
            )
        )
    assert len(clusterer) == 1500
    assert 0 < clusterer.last_candidates <= MAX_CANDIDATES


def test_published_time_must_carry_a_timezone() -> None:
    with pytest.raises(ValueError, match="timezone"):
        StoryInput("x", "en", "reuters", datetime(2025, 11, 20, 9, 0), "t", "s")


def test_an_item_joins_the_story_whose_members_agree_not_the_one_with_a_single_close_headline() -> (
    None
):
    # story "a": one member scores 0.45, two others veto the item (0); story "b": 0.40, 0.35
    scores = {"a": [(0.45, 3), (0.0, 4), (0.0, 5)], "b": [(0.40, 7), (0.35, 8)]}
    assert choose_story(scores) == ("b", 0.40)


def test_one_close_report_does_not_pull_an_item_into_a_story_whose_other_reports_refuse_it() -> (
    None
):
    # the item scores high against one report of story "a"; two of its other reports veto it
    assert choose_story({"a": [(0.95, 3), (0.0, 4), (0.0, 5)]}) == (None, 0.0)
    # one of two reports agreeing is enough: half the story takes the item
    assert choose_story({"a": [(0.95, 3), (0.0, 4)]}) == ("a", 0.95)


def test_a_story_no_member_scores_for_is_not_joined() -> None:
    assert choose_story({"a": [(0.0, 1), (0.0, 2)]}) == (None, 0.0)
    assert choose_story({}) == (None, 0.0)


def test_equal_stories_go_to_the_one_with_the_earlier_best_member() -> None:
    assert choose_story({"late": [(0.5, 9)], "early": [(0.5, 2)]}) == ("early", 0.5)
