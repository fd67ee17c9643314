"""Translations learned from labelled stories: what they learn, what they leave out, the
tool that writes them, and a cross-language pair they join."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.stories.cli import run_translations_tool
from bot.stories.clustering import StoryInput
from bot.stories.evaluation import LabelledItem
from bot.stories.features import extract
from bot.stories.lexicon import learn_translations
from bot.stories.similarity import cosine, only_the_topic_across
from bot.stories.translations import TRANSLATIONS

START = datetime(2025, 3, 1, 9, tzinfo=UTC)


def told(story: str, lang: str, title: str, hours: int = 0) -> LabelledItem:
    item = StoryInput(
        f"{story}-{lang}-{hours}", lang, lang, START + timedelta(hours=hours), title, ""
    )
    return LabelledItem(item, story)


PLACES = ["Odesa", "Kherson", "Sumy", "Kharkiv", "Dnipro", "Poltava", "Lviv", "Rivne"]
THINGS = [("port", "порт"), ("bridge", "мост"), ("plant", "завод"), ("depot", "склад")]
THINGS += [("station", "вокзал"), ("market", "рынок"), ("school", "школа"), ("road", "дорога")]


def decree_stories(count: int) -> list[LabelledItem]:
    """`count` stories, each told in English and Russian, each about an urgent decree;
    the other words change from story to story."""
    out: list[LabelledItem] = []
    for n in range(count):
        english, russian = THINGS[n]
        out.append(told(f"d{n}", "en", f"Urgent decree on the {english} of {PLACES[n]}", 24 * n))
        out.append(told(f"d{n}", "ru", f"Срочный указ: {russian}", 24 * n + 1))
    return out


def urgent_repairs(count: int) -> list[LabelledItem]:
    """`count` stories about urgent repairs, with no decree."""
    out: list[LabelledItem] = []
    for n in range(count):
        english, russian = THINGS[n % len(THINGS)]
        out.append(told(f"n{n}", "en", f"Urgent repairs at the {english}", 200 + 24 * n))
        out.append(told(f"n{n}", "ru", f"Срочный ремонт: {russian}", 201 + 24 * n))
    return out


def test_a_word_pair_told_in_the_same_stories_again_and_again_is_a_translation() -> None:
    table = learn_translations([decree_stories(6)])
    assert table["указ"] == "decree"
    assert table["decree"] == "decree"


def test_a_pair_that_meets_in_one_story_only_is_not() -> None:
    """One story's words go together only in that story: "port" and "порт" here."""
    assert "указ" not in learn_translations([decree_stories(1)])
    assert "порт" not in learn_translations([decree_stories(6)])


def test_a_common_word_goes_to_the_word_it_always_meets() -> None:
    """ "срочный" meets "decree" in six stories, and "urgent" in sixteen: it translates
    "urgent"."""
    table = learn_translations([decree_stories(6), urgent_repairs(10)])
    assert table["срочный"] == "urgent"
    assert table["указ"] == "decree"


def test_reports_in_two_languages_that_share_a_translated_word_are_compared() -> None:
    """A Russian and an English headline with no entity, figure or concept in common:
    their shared translated word lets the model weigh them."""
    english = TRANSLATIONS["указ"]
    en = extract("Putin signs decree on conscripts' service terms", "", "en")
    ru = extract("Путин подписал указ о сроках службы призывников", "", "ru")
    assert f"t:{english}" in en.inter & ru.inter
    assert cosine(en.terms, ru.terms, lambda _: 1.0, only_inter=True) > cosine(
        {k: w for k, w in en.terms.items() if k[0] != "t"},
        {k: w for k, w in ru.terms.items() if k[0] != "t"},
        lambda _: 1.0,
        only_inter=True,
    )
    assert not only_the_topic_across(en, ru)


def test_the_translations_tool_prints_a_module(tmp_path: Path) -> None:
    labelled = tmp_path / "stream.jsonl"
    labelled.write_text(
        "".join(
            json.dumps(
                {
                    "id": entry.item.id,
                    "story": entry.story,
                    "lang": entry.item.lang,
                    "source": entry.item.source,
                    "published": entry.item.published.isoformat(),
                    "title": entry.item.title,
                    "summary": "",
                },
                ensure_ascii=False,
            )
            + "\n"
            for entry in decree_stories(6)
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    assert run_translations_tool([labelled], out) == 0
    module: dict[str, object] = {}
    exec(out.getvalue(), module)
    assert module["TRANSLATIONS"]["указ"] == "decree"  # type: ignore[index]
