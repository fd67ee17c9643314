"""The real bot (build_application) against the fake Telegram: commands, buttons, groups."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.store.chats import keywords_of, topics_of
from bot.store.models import Chat, Feed, Item, ItemTopic, Keyword, Subscription
from tests.support.bot import (
    CHANNEL,
    GROUP,
    GROUP_ADMIN,
    GROUP_MEMBER,
    HOSTILE,
    NOW,
    OLENA,
    OPERATOR,
    TARAS,
    TOKEN,
    Bot,
)

ROOT = Path(__file__).resolve().parent.parent


def add_item(
    engine: Engine,
    title: str,
    topics: list[str],
    *,
    link: str | None = None,
    seen: datetime = NOW - timedelta(hours=1),
    feed: str = "Kyiv Independent",
) -> int:
    """A stored item matched to `topics`, as the poller would leave it."""
    with Session(engine) as session:
        row = session.exec(select(Feed).where(Feed.name == feed)).first()
        if row is None:
            row = Feed(
                name=feed, config_url="https://example.org/rss", url="https://example.org/rss"
            )
            session.add(row)
            session.flush()
        assert row.id is not None
        number = len(session.exec(select(Item)).all()) + 1
        item = Item(
            feed_id=row.id,
            key=f"k{number}",
            title=title,
            link=link or f"https://example.org/{number}",
            link_hash=f"h{number}",
            content_hash=f"c{number}",
            published_at=seen,
            first_seen_at=seen,
        )
        session.add(item)
        session.flush()
        assert item.id is not None
        for topic in topics:
            session.add(ItemTopic(item_id=item.id, topic_id=topic, terms=json.dumps([topic])))
        session.commit()
        return item.id


def subscribe(engine: Engine, chat_id: int, *topics: str) -> None:
    with Session(engine) as session:
        if session.get(Chat, chat_id) is None:
            session.add(Chat(id=chat_id))
            session.flush()
        for topic in topics:
            session.add(Subscription(chat_id=chat_id, topic_id=topic))
        session.commit()


# ------------------------------------------------------------------ start and topics


async def test_start_describes_the_bot_and_shows_the_topic_keyboard(bot: Bot) -> None:
    reply = await bot.last(OLENA, OLENA, "/start")
    assert "Peacewatch" in reply.shown_text
    assert len(reply.shown_text.splitlines()) == 3
    labels = [b["text"] for b in reply.buttons()]
    assert "Ceasefire" in labels and "Zaporizhzhia nuclear plant" in labels
    assert len(labels) == 10


async def test_starting_twice_is_harmless(bot: Bot) -> None:
    await bot.send(OLENA, OLENA, "/start")
    await bot.send(OLENA, OLENA, "/start")
    with Session(bot.engine) as session:
        assert len(session.exec(select(Chat).where(Chat.id == OLENA)).all()) == 1


async def test_tapping_ceasefire_subscribes_and_edits_the_same_message(bot: Bot) -> None:
    keyboard = await bot.last(OLENA, OLENA, "/start")
    answer = await bot.tap(OLENA, keyboard, "t:ceasefire")
    assert "Ceasefire" in answer["text"]
    edited = bot.fake.message(OLENA, keyboard.message_id)
    assert "✓ Ceasefire" in [b["text"] for b in edited.buttons()]
    assert len(edited.edits) == 1
    assert len(bot.fake.sent_to(OLENA)) == 1
    with Session(bot.engine) as session:
        assert topics_of(session, OLENA) == {"ceasefire"}


async def test_tapping_again_unsubscribes(bot: Bot) -> None:
    keyboard = await bot.last(OLENA, OLENA, "/topics")
    await bot.tap(OLENA, keyboard, "t:ceasefire")
    await bot.tap(OLENA, keyboard, "t:ceasefire")
    assert "Ceasefire" in [
        b["text"] for b in bot.fake.message(OLENA, keyboard.message_id).buttons()
    ]
    with Session(bot.engine) as session:
        assert topics_of(session, OLENA) == set()


async def test_topics_marks_subscribed_topics(bot: Bot) -> None:
    subscribe(bot.engine, OLENA, "sanctions")
    reply = await bot.last(OLENA, OLENA, "/topics")
    assert "✓ Sanctions" in [b["text"] for b in reply.buttons()]


async def test_ukrainian_user_is_answered_in_ukrainian(bot: Bot) -> None:
    reply = await bot.last(TARAS, TARAS, "/start")
    assert "мирні переговори" in reply.shown_text
    assert "Припинення вогню" in [b["text"] for b in reply.buttons()]


# ------------------------------------------------------------------ subscribe


async def test_subscribe_topic_id(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, "/subscribe ceasefire")
    assert reply.startswith("Subscribed to the topic Ceasefire.")
    assert "/latest" in reply
    [again] = await bot.send(OLENA, OLENA, "/subscribe ceasefire")
    assert "already" in again


async def test_subscribe_phrase_adds_a_keyword_the_matcher_then_finds(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, '/subscribe "prisoner swap"')
    assert reply.startswith("Added the keyword prisoner swap")
    with Session(bot.engine) as session:
        [keyword] = keywords_of(session, OLENA)
    assert keyword.normalized == "prisoner swap"
    found = bot.match("Kyiv and Moscow agree a prisoner swap")
    assert list(found.keywords) == [str(keyword.id)]


async def test_near_miss_topic_gets_did_you_mean(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, "/subscribe ceasfire")
    assert "Did you mean ceasefire?" in reply
    with Session(bot.engine) as session:
        assert keywords_of(session, OLENA) == [] and topics_of(session, OLENA) == set()


async def test_subscribe_without_argument_shows_the_keyboard(bot: Bot) -> None:
    reply = await bot.last(OLENA, OLENA, "/subscribe")
    assert len(reply.buttons()) == 10


async def test_hostile_keyword_is_echoed_back_escaped(bot: Bot) -> None:
    text = "<b>bold</b> *md* _x_ 🕊 שָׁלוֹם\u202e\x07"
    reply = await bot.last(OLENA, OLENA, f'/subscribe "{text}"')
    assert reply.shown_text.startswith("Cannot use this keyword:")
    assert "<b>bold</b>" in reply.shown_text
    assert "🕊 שָׁלוֹם" in reply.shown_text
    assert "\u202e" not in reply.shown_text and "\x07" not in reply.shown_text


async def test_right_to_left_keyword_is_accepted_without_direction_marks(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, "/subscribe \u200fשלום\u200f")
    assert reply.startswith("Added the keyword שלום:")
    with Session(bot.engine) as session:
        assert [k.text for k in keywords_of(session, OLENA)] == ["שלום"]


@pytest.mark.parametrize(
    ("keyword", "refusal"),
    [("x" * 65, "at most 64 characters"), ('"1234 !!"', "at least one letter")],
)
async def test_bad_keywords_are_refused(bot: Bot, keyword: str, refusal: str) -> None:
    [reply] = await bot.send(OLENA, OLENA, f"/subscribe {keyword}")
    assert refusal in reply
    with Session(bot.engine) as session:
        assert keywords_of(session, OLENA) == []


async def test_the_51st_keyword_is_refused(bot: Bot) -> None:
    with Session(bot.engine) as session:
        session.add(Chat(id=OLENA))
        session.flush()
        for n in range(50):
            session.add(Keyword(chat_id=OLENA, text=f"word{n}x", normalized=f"word{n}x"))
        session.commit()
    [reply] = await bot.send(OLENA, OLENA, "/subscribe truce talks")
    assert "already have 50 keywords" in reply


# ------------------------------------------------------------------ help, unknown, admin


async def test_help_lists_every_command_one_line_each(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, "/help")
    for command in (
        "/start",
        "/topics",
        "/subscribe",
        "/unsubscribe",
        "/list",
        "/digest",
        "/latest",
        "/mute",
        "/unmute",
        "/settings",
        "/stop",
        "/help",
    ):
        assert [line for line in reply.splitlines() if line.startswith(command + " ")]
    assert "/stats" not in reply


async def test_unknown_command_gets_a_hint(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, "/frobnicate now")
    assert reply == "Unknown command. /help lists what I can do."


async def test_set_my_commands_was_called_at_start(bot: Bot) -> None:
    english = [c["command"] for c in bot.fake.commands()]
    assert english[:3] == ["start", "topics", "subscribe"] and "help" in english
    assert [c["command"] for c in bot.fake.commands(language_code="uk")] == english
    assert "Peacewatch" in bot.fake.descriptions[""]
    assert bot.fake.short_descriptions["uk"]


async def test_stats_for_non_admin_is_not_allowed(bot: Bot) -> None:
    [reply] = await bot.send(OLENA, OLENA, "/stats")
    assert reply == "Not allowed."
    await bot.settled()
    assert len(bot.fake.sent_to(OLENA)) == 1


# ------------------------------------------------------------------ groups


async def test_group_member_cannot_change_subscriptions(bot: Bot) -> None:
    [reply] = await bot.send(GROUP_MEMBER, GROUP, "/subscribe ceasefire")
    assert reply == "Only the group's administrators can change its subscriptions."
    with Session(bot.engine) as session:
        assert topics_of(session, GROUP) == set()


async def test_group_member_cannot_toggle_the_keyboard(bot: Bot) -> None:
    keyboard = await bot.last(GROUP_MEMBER, GROUP, "/topics")
    answer = await bot.tap(GROUP_MEMBER, keyboard, "t:ceasefire")
    assert answer["show_alert"] and "administrators" in answer["text"]
    assert bot.fake.message(GROUP, keyboard.message_id).edits == []
    with Session(bot.engine) as session:
        assert topics_of(session, GROUP) == set()


async def test_group_admin_can_change_subscriptions(bot: Bot) -> None:
    [reply] = await bot.send(GROUP_ADMIN, GROUP, "/subscribe ceasefire")
    assert reply.startswith("Subscribed to the topic Ceasefire.")
    assert "/latest" in reply
    keyboard = await bot.last(GROUP_MEMBER, GROUP, "/topics")
    await bot.tap(GROUP_ADMIN, keyboard, "t:sanctions")
    with Session(bot.engine) as session:
        assert topics_of(session, GROUP) == {"ceasefire", "sanctions"}
        assert session.get(Chat, GROUP).kind == "supergroup"  # type: ignore[union-attr]


async def test_commands_addressed_to_the_bot_work_in_a_group(bot: Bot) -> None:
    reply = await bot.last(GROUP_MEMBER, GROUP, "/topics@peacewatch_bot")
    assert len(reply.buttons()) == 10


async def test_other_bots_commands_are_ignored_in_a_group(bot: Bot) -> None:
    bot.fake.user_sends(GROUP_MEMBER, GROUP, "/topics@other_bot")
    bot.fake.user_sends(GROUP_MEMBER, GROUP, "/whatever")
    [hint] = await bot.send(GROUP_MEMBER, GROUP, "/whatever@peacewatch_bot")
    assert hint.startswith("Unknown command")
    await bot.settled()
    assert len(bot.fake.sent_to(GROUP)) == 1


# ------------------------------------------------------------------ digest and latest


async def test_digest_on_an_empty_store_says_nothing_new(bot: Bot) -> None:
    subscribe(bot.engine, OLENA, "ceasefire")
    [reply] = await bot.send(OLENA, OLENA, "/digest")
    assert reply.startswith("Nothing new on your subscriptions since")
    assert "No matching item has been seen yet." in reply


async def test_digest_lists_matching_items_with_links(bot_on_any_store: Bot) -> None:
    bot = bot_on_any_store
    subscribe(bot.engine, OLENA, "ceasefire", "prisoners")
    add_item(
        bot.engine, "Energy ceasefire agreed", ["ceasefire"], link="https://kyivindependent.com/a"
    )
    add_item(bot.engine, "1,000-for-1,000 prisoner exchange", ["prisoners"])
    add_item(bot.engine, "Sanctions package", ["sanctions"])
    add_item(bot.engine, "Old truce story", ["ceasefire"], seen=NOW - timedelta(days=3))
    [reply] = await bot.send(OLENA, OLENA, "/digest")
    message = bot.fake.sent_to(OLENA)[-1]
    assert ("Energy ceasefire agreed", "https://kyivindependent.com/a") in message.links()
    assert "1,000-for-1,000 prisoner exchange" in reply
    assert "Sanctions package" not in reply and "Old truce story" not in reply
    assert reply.index("Ceasefire") < reply.index("Prisoners")
    await bot.settled()
    with Session(bot.engine) as session:
        assert session.get(Chat, OLENA).last_digest_at == NOW  # type: ignore[union-attr]


async def test_second_digest_starts_where_the_first_ended(bot: Bot) -> None:
    subscribe(bot.engine, OLENA, "ceasefire")
    add_item(bot.engine, "Energy ceasefire agreed", ["ceasefire"])
    await bot.send(OLENA, OLENA, "/digest")
    await bot.settled()
    [again] = await bot.send(OLENA, OLENA, "/digest")
    assert again.startswith("Nothing new") and "The last matching item was on" in again


async def test_digest_with_period_and_topic(bot: Bot) -> None:
    subscribe(bot.engine, OLENA, "ceasefire", "prisoners")
    add_item(bot.engine, "Old truce story", ["ceasefire"], seen=NOW - timedelta(days=3))
    add_item(bot.engine, "Prisoner exchange", ["prisoners"], seen=NOW - timedelta(days=2))
    [reply] = await bot.send(OLENA, OLENA, "/digest 7d ceasefire")
    assert "Old truce story" in reply and "Prisoner exchange" not in reply
    [bad] = await bot.send(OLENA, OLENA, "/digest 90d")
    assert "is not a period" in bad


async def test_digest_of_a_topic_not_subscribed(bot: Bot) -> None:
    subscribe(bot.engine, OLENA, "ceasefire")
    [reply] = await bot.send(OLENA, OLENA, "/digest sanctions")
    assert reply == "You are not subscribed to the topic Sanctions: /subscribe sanctions"


async def test_hostile_title_is_delivered_in_digest_and_latest(bot: Bot) -> None:
    subscribe(bot.engine, OLENA, "ceasefire")
    add_item(bot.engine, HOSTILE, ["ceasefire"], link='https://example.org/?a=1&b="2"<x>')
    [digest] = await bot.send(OLENA, OLENA, "/digest")
    [latest] = await bot.send(OLENA, OLENA, "/latest")
    assert HOSTILE in digest and HOSTILE in latest
    assert all(call.status == 200 for call in bot.fake.calls_to("sendMessage"))


async def test_long_digest_is_split_into_valid_messages(bot: Bot) -> None:
    subscribe(bot.engine, OLENA, "ceasefire")
    for n in range(60):
        add_item(
            bot.engine,
            f"Ceasefire story {n} " + "<&> " * 40,
            ["ceasefire"],
            seen=NOW - timedelta(minutes=n + 1),
        )
    bot.fake.user_sends(OLENA, OLENA, "/digest")
    await bot.fake.wait_for_messages_async(OLENA, 2)
    await bot.settled()
    parts = bot.fake.sent_to(OLENA)
    assert len(parts) >= 2
    assert sum(len(m.links()) for m in parts) == 60
    assert all(call.status == 200 for call in bot.fake.calls_to("sendMessage"))


async def test_latest_shows_newest_first_and_respects_n(bot: Bot) -> None:
    subscribe(bot.engine, OLENA, "ceasefire")
    for n in range(4):
        add_item(bot.engine, f"Truce item {n}", ["ceasefire"], seen=NOW - timedelta(hours=n))
    [reply] = await bot.send(OLENA, OLENA, "/latest 2")
    assert "Truce item 0" in reply and "Truce item 1" in reply and "Truce item 2" not in reply
    assert reply.index("Truce item 0") < reply.index("Truce item 1")
    [bad] = await bot.send(OLENA, OLENA, "/latest 50")
    assert "from 1 to 20" in bad


# ------------------------------------------------------------------ list, mute, settings


async def test_list_shows_topics_keywords_and_settings(bot: Bot) -> None:
    await bot.send(OLENA, OLENA, "/subscribe ceasefire")
    await bot.send(OLENA, OLENA, '/subscribe "prisoner swap"')
    [reply] = await bot.send(OLENA, OLENA, "/list")
    assert "Topics: Ceasefire" in reply
    assert "Keywords: “prisoner swap”" in reply
    assert "Alerts: on" in reply and "Timezone: Europe/Kyiv" in reply
    assert "Daily digest: off" in reply


async def test_unsubscribe_topic_and_keyword(bot: Bot) -> None:
    await bot.send(OLENA, OLENA, "/subscribe ceasefire")
    await bot.send(OLENA, OLENA, '/subscribe "prisoner swap"')
    [topic] = await bot.send(OLENA, OLENA, "/unsubscribe ceasefire")
    [keyword] = await bot.send(OLENA, OLENA, "/unsubscribe prisoner swap")
    assert topic == "Unsubscribed from the topic Ceasefire."
    assert keyword == "Removed the keyword prisoner swap."
    assert bot.match("A prisoner swap").keywords == {}


async def test_unsubscribe_keyboard_removes_what_is_tapped(bot: Bot) -> None:
    await bot.send(OLENA, OLENA, "/subscribe ceasefire")
    await bot.send(OLENA, OLENA, '/subscribe "prisoner swap"')
    keyboard = await bot.last(OLENA, OLENA, "/unsubscribe")
    keyword_button = next(b for b in keyboard.buttons() if b["callback_data"].startswith("u:k:"))
    await bot.tap(OLENA, keyboard, keyword_button["callback_data"])
    await bot.tap(OLENA, keyboard, "u:t:ceasefire")
    edited = bot.fake.message(OLENA, keyboard.message_id)
    assert edited.text is not None and edited.text.startswith("You have no topics")
    assert bot.match("A prisoner swap").keywords == {}


async def test_mute_and_unmute(bot: Bot) -> None:
    [muted] = await bot.send(OLENA, OLENA, "/mute 2h")
    assert muted.startswith("Alerts are muted until 12 Mar 13:00")
    with Session(bot.engine) as session:
        assert session.get(Chat, OLENA).muted_until == NOW + timedelta(hours=2)  # type: ignore[union-attr]
    [bad] = await bot.send(OLENA, OLENA, "/mute forever")
    assert "is not a duration" in bad
    [unmuted] = await bot.send(OLENA, OLENA, "/unmute")
    assert unmuted == "Alerts are on again."
    with Session(bot.engine) as session:
        assert session.get(Chat, OLENA).muted_until is None  # type: ignore[union-attr]


async def test_settings_by_text(bot: Bot) -> None:
    [tz] = await bot.send(OLENA, OLENA, "/settings tz america/new_york")
    assert tz == "Timezone set to America/New_York."
    [digest] = await bot.send(OLENA, OLENA, "/settings digest 08:00")
    assert digest.startswith("Daily digest at 08:00")
    with Session(bot.engine) as session:
        chat = session.get(Chat, OLENA)
        assert chat is not None and chat.digest_time == "08:00"
        assert chat.next_digest_at == datetime(2025, 3, 12, 12, 0, tzinfo=UTC)
    [lang] = await bot.send(OLENA, OLENA, "/settings lang uk")
    assert lang == "Мова: українська."
    [bad] = await bot.send(OLENA, OLENA, "/settings tz Mars/Base")
    assert "це не часовий пояс" in bad


async def test_settings_keyboard_toggles_and_edits(bot: Bot) -> None:
    view = await bot.last(OLENA, OLENA, "/settings")
    assert "Timezone: Europe/Kyiv" in view.shown_text
    await bot.tap(OLENA, view, "s:mode:every")
    await bot.tap(OLENA, view, "s:digest:20:00")
    edited = bot.fake.message(OLENA, view.message_id)
    assert "Mode: every item" in edited.shown_text and "Daily digest: 20:00" in edited.shown_text
    assert "✓ Every item" in [b["text"] for b in edited.buttons()]
    with Session(bot.engine) as session:
        chat = session.get(Chat, OLENA)
        assert chat is not None and chat.every_item and chat.next_digest_at is not None


# ------------------------------------------------------------------ stop


async def test_stop_deletes_the_chats_rows(bot: Bot) -> None:
    await bot.send(OLENA, OLENA, "/subscribe ceasefire")
    await bot.send(OLENA, OLENA, '/subscribe "prisoner swap"')
    [reply] = await bot.send(OLENA, OLENA, "/stop")
    assert "your data" in reply and "deleted" in reply
    with Session(bot.engine) as session:
        assert session.get(Chat, OLENA) is None
        assert session.exec(select(Subscription)).all() == []
        assert session.exec(select(Keyword)).all() == []
    bot.match("anything")
    assert bot.matcher.keyword_count == 0


async def test_group_member_cannot_stop_the_group(bot: Bot) -> None:
    await bot.send(GROUP_ADMIN, GROUP, "/subscribe ceasefire")
    await bot.send(GROUP_MEMBER, GROUP, "/stop")
    with Session(bot.engine) as session:
        assert topics_of(session, GROUP) == {"ceasefire"}


# ------------------------------------------------------------------ operators and channels


async def test_stats_for_the_operator(bot: Bot) -> None:
    subscribe(bot.engine, OLENA, "ceasefire")
    add_item(bot.engine, "Truce", ["ceasefire"])
    [reply] = await bot.send(OPERATOR, OPERATOR, "/stats")
    assert "Subscribers: 1" in reply and "Items today: 1" in reply


async def test_feeds_for_the_operator_fits_in_messages(bot: Bot) -> None:
    with Session(bot.engine) as session:
        for n in range(80):
            session.add(
                Feed(
                    name=f"Outlet <{n}> & co",
                    config_url="https://e.org",
                    url="https://e.org",
                    error_count=n % 3,
                )
            )
        session.commit()
    bot.fake.user_sends(OPERATOR, OPERATOR, "/feeds")
    await bot.fake.wait_for_messages_async(OPERATOR, 2)
    await bot.settled()
    parts = bot.fake.sent_to(OPERATOR)
    assert all(call.status == 200 for call in bot.fake.calls_to("sendMessage"))
    assert sum(m.shown_text.count("Outlet <") for m in parts) == 80
    [feeds_denied] = await bot.send(OLENA, OLENA, "/feeds")
    assert feeds_denied == "Not allowed."


async def test_operator_links_a_channel_and_picks_its_topics(bot: Bot) -> None:
    bot.fake.add_chat(CHANNEL, "channel", "Peace News", username="peace_news", bot_is_admin=True)
    linked = await bot.last(OPERATOR, OPERATOR, "/link @peace_news")
    assert "Linked @peace_news" in linked.shown_text
    await bot.tap(OPERATOR, linked, f"c:{CHANNEL}:ceasefire")
    with Session(bot.engine) as session:
        channel = session.get(Chat, CHANNEL)
        assert channel is not None and channel.kind == "channel" and channel.linked_by == OPERATOR
        assert topics_of(session, CHANNEL) == {"ceasefire"}
    keyboard = await bot.last(OPERATOR, OPERATOR, f"/channel {CHANNEL} topics")
    assert "✓ Ceasefire" in [b["text"] for b in keyboard.buttons()]
    [unlinked] = await bot.send(OPERATOR, OPERATOR, "/channel @peace_news unlink")
    assert unlinked.startswith("Unlinked")
    with Session(bot.engine) as session:
        assert session.get(Chat, CHANNEL) is None


async def test_linking_needs_the_bot_to_administer_the_channel(bot: Bot) -> None:
    bot.fake.add_chat(CHANNEL, "channel", "Peace News", username="peace_news")
    [reply] = await bot.send(OPERATOR, OPERATOR, "/link @peace_news")
    assert "not an administrator" in reply
    [other] = await bot.send(OLENA, OLENA, "/link @peace_news")
    assert other == "Not allowed."


# ------------------------------------------------------------------ floods and failures


async def test_a_flood_from_one_user_does_not_starve_another(bot: Bot) -> None:
    for _ in range(30):
        bot.fake.user_sends(OLENA, OLENA, "/help")
    [reply] = await bot.send(TARAS, TARAS, "/help")
    assert reply.startswith("Команди Peacewatch")
    await bot.settled()
    texts = [m.shown_text for m in bot.fake.sent_to(OLENA)]
    assert texts.count("Too many commands at once: please slow down for a few seconds.") == 1
    assert len(texts) <= 12


async def test_a_failing_handler_apologises_and_logs_without_the_token(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.fail_next(1, "500", method="getChatMember")
    with caplog.at_level(logging.ERROR, logger="bot.telegram.handlers"):
        [reply] = await bot.send(GROUP_ADMIN, GROUP, "/subscribe ceasefire")
    assert reply == "Sorry, something went wrong. Please try again in a moment."
    [record] = [r for r in caplog.records if r.getMessage() == "handler_failed"]
    assert record.__dict__["_fields"]["chat_id"] == GROUP
    assert TOKEN not in repr(record.__dict__)


# ------------------------------------------------------------------ membership


async def test_bot_added_to_a_group_registers_it(bot: Bot) -> None:
    bot.fake.add_chat(-100999, "supergroup", "Newsroom")
    bot.fake.bot_added_to(-100999, GROUP_ADMIN)
    await bot.settled()
    with Session(bot.engine) as session:
        chat = session.get(Chat, -100999)
        assert chat is not None and chat.active and chat.title == "Newsroom"


async def test_group_upgraded_to_supergroup_keeps_its_subscriptions(bot: Bot) -> None:
    bot.fake.add_chat(-555, "group", "Small group")
    bot.fake.make_admin(-555, GROUP_ADMIN, creator=True)
    await bot.send(GROUP_ADMIN, -555, "/subscribe ceasefire")
    bot.fake.migrate(-555, -100555555)
    await bot.settled()
    with Session(bot.engine) as session:
        assert session.get(Chat, -555) is None
        assert topics_of(session, -100555555) == {"ceasefire"}


async def test_after_stop_the_chats_words_are_gone_from_the_database_files(bot: Bot) -> None:
    marker = "Zqxvumbrellaword"
    await bot.send(TARAS, TARAS, '/subscribe "Umerov"')  # keeps the rows' pages in use
    await bot.send(OLENA, OLENA, f'/subscribe "{marker}"')
    await bot.send(OLENA, OLENA, "/settings tz Europe/Berlin")

    await bot.send(OLENA, OLENA, "/stop")

    database = Path(str(bot.engine.url.database))
    files = [path for path in database.parent.iterdir() if path.name.startswith(database.name)]
    assert database in files
    for path in files:  # the database, its write-ahead log and shared memory
        assert marker.encode() not in path.read_bytes(), path.name


async def test_a_handler_waiting_for_the_database_holds_up_no_other_handler(bot: Bot) -> None:
    await bot.send(OLENA, OLENA, "/start")
    database = str(bot.engine.url.database)
    other_process = sqlite3.connect(database, isolation_level=None)
    other_process.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        waiting = len(bot.fake.sent_to(OLENA))
        bot.fake.user_sends(OLENA, OLENA, '/subscribe "prisoner swap"')  # must wait to write
        [help_text] = await bot.send(TARAS, TARAS, "/help")  # answered meanwhile
        assert "/subscribe" in help_text
        assert len(bot.fake.sent_to(OLENA)) == waiting  # still waiting for the lock
    finally:
        other_process.execute("ROLLBACK")
        other_process.close()
    [added] = (await bot.fake.wait_for_messages_async(OLENA, waiting + 1))[waiting:]
    assert "prisoner swap" in added.shown_text
