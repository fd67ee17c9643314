"""Forged and odd input, as a fuzzer or a modified client sends it: refused with no effect,
no crash and no information about anyone else's data."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from bot.store.chats import add_keyword, ensure_chat, keywords_of
from bot.store.models import Chat, ChatKind
from tests.support.bot import OLENA, OPERATOR, SIGNER, TARAS, Bot

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def taras_keyword(bot: Bot) -> int:
    with Session(bot.engine) as session:
        ensure_chat(session, TARAS, ChatKind.PRIVATE)
        keyword = add_keyword(session, TARAS, "Umerov secret", "umerov secret")
        session.commit()
        assert keyword is not None and keyword.id is not None
        return keyword.id


def olenas_keyboard_message(bot: Bot) -> int:
    return bot.fake.sent_to(OLENA)[-1].message_id


@pytest.mark.parametrize("argument", ["²", "٣", "1e3", "-1", "99999999999999999999"])
async def test_latest_with_a_number_that_is_not_one_is_answered_politely(
    bot: Bot, argument: str
) -> None:
    [reply] = await bot.send(OLENA, OLENA, f"/latest {argument}")
    assert "from 1 to 20" in reply


async def test_another_chats_keyword_button_removes_nothing_and_reveals_nothing(bot: Bot) -> None:
    keyword_id = taras_keyword(bot)
    keyboard = await bot.last(OLENA, OLENA, "/start")
    for data in (
        f"u:k:{keyword_id}",  # unsigned, as an old client or a fuzzer sends it
        SIGNER.sign(TARAS, f"u:k:{keyword_id}"),  # Taras's own button, replayed by Olena
        SIGNER.sign(OLENA, f"u:k:{keyword_id}"),  # signed for Olena: still not her keyword
    ):
        answer = await bot.tap_data(OLENA, keyboard, data)
        assert "Umerov" not in str(answer) and "secret" not in str(answer)
    with Session(bot.engine) as session:
        assert [k.text for k in keywords_of(session, TARAS)] == ["Umerov secret"]


@pytest.mark.parametrize(
    "payload",
    [
        "u:k:²",
        "u:k:99999999999999999999999999",
        "c:99999999999999999999999:ceasefire",
        "t:no-such-topic",
        "s:tz:Mars/Olympus",
        "s:lang:klingon",
        "zzz",
        "",
    ],
)
async def test_odd_button_data_is_outdated_never_an_error(bot: Bot, payload: str) -> None:
    keyboard = await bot.last(OPERATOR, OPERATOR, "/start")
    answer = await bot.tap_data(OPERATOR, keyboard, SIGNER.sign(OPERATOR, payload))
    assert answer["text"] == "This button is out of date."
    assert not [m for m in bot.fake.sent_to(OPERATOR) if "went wrong" in m.shown_text]


async def test_a_settings_button_forged_onto_a_photo_changes_nothing(bot: Bot) -> None:
    await bot.send(OLENA, OLENA, "/start")
    photo = await bot.app.bot.send_photo(OLENA, PNG)
    message = bot.fake.message(OLENA, photo.message_id)

    answer = await bot.tap_data(OLENA, message, SIGNER.sign(OLENA, "s:lang:uk"))

    assert answer["text"] == "This button is out of date."
    with Session(bot.engine) as session:
        chat = session.get(Chat, OLENA)
        assert chat is not None and chat.ui_lang == "en"
    assert not [m for m in bot.fake.sent_to(OLENA) if "went wrong" in m.shown_text]
