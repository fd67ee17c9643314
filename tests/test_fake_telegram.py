"""The fake Telegram answers the real python-telegram-bot like Telegram does."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import html
import json
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from tests.support.telegram_api import FakeTelegram, FloodLimits
from tests.support.telegram_html import EntityParseError, parse_html, utf16_len

TOKEN = "123456:TEST-token"
OLENA = 42
GROUP = -1001
ADMIN = 7
MEMBER = 8


class ManualClock:
    """A clock the flood-limit tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram(token=TOKEN) as server:
        server.add_user(OLENA, "Olena", username="olena")
        server.add_chat(GROUP, "supergroup", "Peace talks watchers")
        server.make_admin(GROUP, ADMIN, creator=True)
        server.add_member(GROUP, MEMBER)
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(TOKEN, base_url=fake.base_url) as real_bot:
        yield real_bot


# PTB warns that RetryAfter.retry_after will become a timedelta; the tests accept both.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def seconds(value: int | dtm.timedelta) -> float:
    """RetryAfter.retry_after is an int or a timedelta depending on PTB settings."""
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def retry_after_of(error: RetryAfter) -> float:
    return seconds(error.retry_after)


# ------------------------------------------------------------------ basics


async def test_get_me_describes_the_bot(bot: telegram.Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == "peacewatch_bot"
    assert me.id == 123456


async def test_wrong_token_is_unauthorized(fake: FakeTelegram) -> None:
    with pytest.raises(InvalidToken, match="rejected"):
        async with telegram.Bot("999:other", base_url=fake.base_url):
            pass
    assert [(c.status, c.description) for c in fake.calls] == [(401, "Unauthorized")]


async def test_unknown_method_is_not_found(bot: telegram.Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": OLENA})


async def test_calls_are_recorded_with_their_parameters(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    await bot.send_chat_action(OLENA, "typing")
    [call] = fake.calls_to("sendChatAction")
    assert call.params == {"chat_id": OLENA, "action": "typing"}
    assert call.status == 200


# -------------------------------------------------------------- HTML rules


async def test_alert_title_is_bold_and_links_to_the_article(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    sent = await bot.send_message(
        OLENA,
        '<b><a href="https://news.example/ceasefire?a=1&amp;b=2">Ceasefire talks resume</a></b>'
        "\nReuters · 14:05\n#ceasefire",
        parse_mode=ParseMode.HTML,
    )
    assert sent.text == "Ceasefire talks resume\nReuters · 14:05\n#ceasefire"
    types = {entity.type for entity in sent.entities}
    assert types == {"bold", "text_link", "hashtag"}
    [stored] = fake.sent_to(OLENA)
    assert stored.links() == [("Ceasefire talks resume", "https://news.example/ceasefire?a=1&b=2")]
    assert stored.entity_texts("bold") == ["Ceasefire talks resume"]
    assert stored.entity_texts("hashtag") == ["#ceasefire"]
    assert stored.parse_mode == "HTML"


@pytest.mark.parametrize(
    "text",
    [
        "Talks: Kyiv < Moscow",
        "<script>alert(1)</script>",
        "<b>unclosed bold",
        "<b>crossed</i>",
        "AT&T reports",
        '<a href="https://news.example/?a=1&lt=2">unescaped URL</a>',
        "Prices &lt 5%",
        "line<br>break",
        '<span class="other">x</span>',
        "closing only</b>",
    ],
)
async def test_html_telegram_would_reject_or_misread_is_a_bad_request(
    fake: FakeTelegram, bot: telegram.Bot, text: str
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(OLENA, text, parse_mode=ParseMode.HTML)
    assert fake.sent_to(OLENA) == []


async def test_escaped_hostile_title_arrives_verbatim(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    title = "<script>alert('x')</script> & <b>unclosed <i>tags"
    sent = await bot.send_message(OLENA, f"<b>{html.escape(title)}</b>", parse_mode="HTML")
    assert sent.text == title
    assert fake.sent_to(OLENA)[0].entity_texts("bold") == [title]


async def test_text_over_4096_characters_is_too_long(bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(OLENA, "a" * 4097)


async def test_limit_counts_text_after_parsing_in_utf16_units(bot: telegram.Bot) -> None:
    await bot.send_message(OLENA, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(OLENA, "🕊" * 2048)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(OLENA, "🕊" * 2049)


async def test_blank_text_is_empty(bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(OLENA, "<b> </b>\n", parse_mode="HTML")


async def test_caption_over_1024_characters_is_too_long(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_photo(OLENA, b"\x89PNG chart", caption="c" * 1025)
    sent = await bot.send_photo(
        OLENA, b"\x89PNG chart", caption="<i>Alerts per day</i>", parse_mode="HTML"
    )
    assert sent.caption == "Alerts per day"
    assert fake.sent_to(OLENA)[0].photo is not None


async def test_callback_data_over_64_bytes_is_refused(bot: telegram.Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Topic", callback_data="t" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(OLENA, "Pick a topic", reply_markup=keyboard)


# ------------------------------------------------------------ chat errors


async def test_blocked_user_is_forbidden(fake: FakeTelegram, bot: telegram.Bot) -> None:
    fake.block(OLENA)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(OLENA, "Ceasefire news")
    assert fake.sent_to(OLENA) == []


async def test_unknown_chat_is_not_found(bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(555, "anyone there?")


async def test_migrated_group_points_to_the_supergroup(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    fake.add_chat(-55, "group", "Old group")
    fake.migrate(-55, -1009)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-55, "news")
    assert caught.value.new_chat_id == -1009
    await bot.send_message(caught.value.new_chat_id, "news")
    assert [m.text for m in fake.sent_to(-1009)] == ["news"]


async def test_group_members_and_administrators(bot: telegram.Bot) -> None:
    assert (await bot.get_chat_member(GROUP, ADMIN)).status == "creator"
    assert (await bot.get_chat_member(GROUP, MEMBER)).status == "member"
    admins = await bot.get_chat_administrators(GROUP)
    assert [a.user.id for a in admins] == [ADMIN]


# ------------------------------------------------------------------ edits


async def test_edit_replaces_text_and_keeps_history(fake: FakeTelegram, bot: telegram.Bot) -> None:
    sent = await bot.send_message(OLENA, "Topics: ☐ Ceasefire")
    await bot.edit_message_text("Topics: ✓ Ceasefire", chat_id=OLENA, message_id=sent.message_id)
    stored = fake.message(OLENA, sent.message_id)
    assert stored.text == "Topics: ✓ Ceasefire"
    assert [edit["text"] for edit in stored.edits] == ["Topics: ☐ Ceasefire"]
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "Topics: ✓ Ceasefire", chat_id=OLENA, message_id=sent.message_id
        )
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=OLENA, message_id=999)


# ------------------------------------------------------------ flood limits


async def test_private_chat_flood_answers_retry_after() -> None:
    clock = ManualClock()
    with FakeTelegram(flood_limits=FloodLimits(private_burst=1), clock=clock) as limited:
        limited.add_user(OLENA)
        async with telegram.Bot(TOKEN, base_url=limited.base_url) as fast:
            await fast.send_message(OLENA, "first")
            with pytest.raises(RetryAfter) as caught:
                await fast.send_message(OLENA, "second, too soon")
            assert retry_after_of(caught.value) == 1
            clock.now += 1
            await fast.send_message(OLENA, "second, after waiting")
        assert limited.stats["flood_429"] == 1
        assert [m.text for m in limited.sent_to(OLENA)] == ["first", "second, after waiting"]


async def test_group_flood_waits_for_the_window_to_pass() -> None:
    clock = ManualClock()
    limits = FloodLimits(group_per_window=3, group_window_seconds=60)
    with FakeTelegram(flood_limits=limits, clock=clock) as limited:
        limited.add_chat(GROUP, "supergroup")
        async with telegram.Bot(TOKEN, base_url=limited.base_url) as fast:
            for n in range(3):
                await fast.send_message(GROUP, f"alert {n}")
                clock.now += 10
            with pytest.raises(RetryAfter) as caught:
                await fast.send_message(GROUP, "alert 3")
            assert retry_after_of(caught.value) == 30
            clock.now += 29
            with pytest.raises(RetryAfter):
                await fast.send_message(GROUP, "still penalised")
            clock.now += 1
            await fast.send_message(GROUP, "alert 3")
        assert limited.stats["flood_429"] == 2


async def test_global_limit_spans_chats() -> None:
    clock = ManualClock()
    with FakeTelegram(flood_limits=FloodLimits(global_per_second=2), clock=clock) as limited:
        for user in (1, 2, 3):
            limited.add_user(user)
        async with telegram.Bot(TOKEN, base_url=limited.base_url) as fast:
            await fast.send_message(1, "a")
            await fast.send_message(2, "b")
            with pytest.raises(RetryAfter):
                await fast.send_message(3, "c")
            clock.now += 1
            await fast.send_message(3, "c")


# --------------------------------------------------------- fault injection


async def test_injected_429_carries_retry_after(fake: FakeTelegram, bot: telegram.Bot) -> None:
    fake.fail_next(1, "429", method="sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(OLENA, "alert")
    assert retry_after_of(caught.value) == 7
    await bot.send_message(OLENA, "alert")
    assert fake.stats["injected_429"] == 1
    assert fake.stats["flood_429"] == 0
    assert [m.text for m in fake.sent_to(OLENA)] == ["alert"]


async def test_server_error_and_dropped_connection_are_network_errors(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    fake.fail_next(1, "500")
    fake.fail_next(1, "drop")
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(OLENA, "one")
    with pytest.raises(NetworkError):
        await bot.send_message(OLENA, "two")
    assert fake.sent_to(OLENA) == []
    assert fake.stats["dropped"] == 1


async def test_hang_times_out_but_the_message_arrived(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    fake.fail_next(1, "hang", chat_id=OLENA, hang_seconds=5)
    with pytest.raises(TimedOut):
        await bot.send_message(OLENA, "may have arrived", read_timeout=0.3)
    await bot.send_message(OLENA, "may have arrived")
    texts = [(m.text, m.fault) for m in fake.sent_to(OLENA)]
    assert texts == [("may have arrived", "hang"), ("may have arrived", None)]
    assert fake.stats["delivered_without_answer"] == 1


async def test_connection_lost_after_delivery(fake: FakeTelegram, bot: telegram.Bot) -> None:
    fake.fail_next(1, "drop_after", method="sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(OLENA, "arrived, answer lost")
    [stored] = fake.sent_to(OLENA)
    assert stored.fault == "drop_after"
    assert fake.stats == {**fake.stats, "dropped": 1, "delivered_without_answer": 1}


async def test_fault_ratio_is_reproducible_with_a_seed() -> None:
    outcomes = []
    for _ in range(2):
        with FakeTelegram() as flaky:
            flaky.add_user(OLENA)
            flaky.fail_ratio(0.5, ["500"], seed=3, methods=["sendMessage"])
            async with telegram.Bot(TOKEN, base_url=flaky.base_url) as b:
                run = []
                for n in range(12):
                    try:
                        await b.send_message(OLENA, f"m{n}")
                        run.append(True)
                    except NetworkError:
                        run.append(False)
            outcomes.append(run)
    assert outcomes[0] == outcomes[1]
    assert True in outcomes[0]
    assert False in outcomes[0]


# ----------------------------------------------------------- getUpdates


async def test_offset_confirms_updates(fake: FakeTelegram, bot: telegram.Bot) -> None:
    fake.user_sends(OLENA, OLENA, "/start")
    fake.user_sends(OLENA, OLENA, "hello")
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["/start", "hello"]
    assert first[0].message is not None
    assert first[0].message.entities[0].type == "bot_command"
    again = await bot.get_updates(offset=first[0].update_id + 1, timeout=0)
    assert [u.message.text for u in again if u.message] == ["hello"]
    assert await bot.get_updates(offset=first[-1].update_id + 1, timeout=0) == ()
    assert fake.pending_updates() == []


async def test_allowed_updates_filters_types(fake: FakeTelegram, bot: telegram.Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(OLENA, "Pick", reply_markup=keyboard)
    fake.user_taps(OLENA, OLENA, sent.message_id, "a")
    fake.user_sends(OLENA, OLENA, "text")
    updates = await bot.get_updates(timeout=0, allowed_updates=["message"])
    assert [u.message.text for u in updates if u.message] == ["text"]
    assert all(u.callback_query is None for u in updates)


async def test_a_second_poller_ends_the_first_with_conflict(fake: FakeTelegram) -> None:
    async with (
        telegram.Bot(TOKEN, base_url=fake.base_url) as first,
        telegram.Bot(TOKEN, base_url=fake.base_url) as second,
    ):
        waiting = asyncio.create_task(first.get_updates(timeout=5))
        await fake.wait_for_async(lambda: len(fake.calls_to("getUpdates")) == 1)
        assert await second.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await waiting


async def test_a_webhook_gets_updates_by_post_and_getupdates_conflicts(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append((self.headers["X-Telegram-Bot-Api-Secret-Token"], body))
            self.send_response(500 if len(received) == 1 else 200)  # the first one fails
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    with ThreadingHTTPServer(("127.0.0.1", 0), Hook) as hook:
        threading.Thread(target=hook.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{hook.server_address[1]}/hook"
        assert await bot.set_webhook(url, secret_token="s3cret")
        fake.user_sends(OLENA, OLENA, "/start")
        await fake.wait_for_async(lambda: len(received) == 2)
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        info = await bot.get_webhook_info()
        hook.shutdown()
    assert [secret for secret, _ in received] == ["s3cret", "s3cret"]
    assert received[0][1] == received[1][1]  # retried after the failure
    assert [post.status for post in fake.webhook_posts] == [500, 200]
    assert (info.url, info.pending_update_count) == (url, 0)
    assert await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


async def test_channel_posts_need_administrator_rights(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    fake.add_chat(-100777, "channel", "Peace news", username="peacenews")
    with pytest.raises(BadRequest, match=r"(?i)need administrator rights"):
        await bot.send_message("@peacenews", "alert")
    fake.set_bot_admin(-100777)
    sent = await bot.send_message("@peacenews", "alert")
    assert sent.sender_chat is not None
    assert sent.sender_chat.id == -100777


def test_tapping_a_button_the_message_does_not_have_is_a_test_error(
    fake: FakeTelegram,
) -> None:
    with pytest.raises(ValueError, match="no message"):
        fake.user_taps(OLENA, OLENA, 99, "topic:ceasefire")


# ------------------------------------------------- a real Application


@contextlib.asynccontextmanager
async def polling(fake: FakeTelegram, *handlers: object) -> AsyncIterator[Application]:
    app = ApplicationBuilder().token(TOKEN).base_url(fake.base_url).build()
    for handler in handlers:
        app.add_handler(handler)  # type: ignore[arg-type]
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


async def reply_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None
    await context.bot.send_message(
        update.effective_chat.id, "<b>Peacewatch</b> is watching", parse_mode="HTML"
    )


async def test_command_reaches_the_application_by_long_polling(fake: FakeTelegram) -> None:
    async with polling(fake, CommandHandler("start", reply_start)):
        fake.user_sends(OLENA, OLENA, "/start")
        [reply] = await fake.wait_for_messages_async(OLENA, 1)
    assert reply.text == "Peacewatch is watching"
    assert reply.entity_texts("bold") == ["Peacewatch"]


async def test_command_addressed_to_the_bot_in_a_group(fake: FakeTelegram) -> None:
    async with polling(fake, CommandHandler("start", reply_start)):
        fake.user_sends(MEMBER, GROUP, "/start@someone_else_bot")
        fake.user_sends(MEMBER, GROUP, "/start@peacewatch_bot")
        await fake.wait_for_messages_async(GROUP, 1)
        await fake.wait_for_async(lambda: fake.pending_updates() == [])
    assert [m.text for m in fake.sent_to(GROUP)] == ["Peacewatch is watching"]


async def toggle_topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Subscribed to Ceasefire")
    await query.edit_message_text(
        "Your topics:",
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("✓ Ceasefire", callback_data="topic:ceasefire")]]
        ),
    )


async def test_tap_reaches_the_callback_handler_and_edits_the_keyboard(
    fake: FakeTelegram,
) -> None:
    async with polling(fake, CallbackQueryHandler(toggle_topic)):
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton("Ceasefire", callback_data="topic:ceasefire")]]
        )
        async with telegram.Bot(TOKEN, base_url=fake.base_url) as sender:
            sent = await sender.send_message(OLENA, "Your topics:", reply_markup=keyboard)
        query_id = fake.user_taps(OLENA, OLENA, sent.message_id, "topic:ceasefire")
        await fake.wait_for_async(lambda: fake.message(OLENA, sent.message_id).edits != [])
        await fake.wait_for_async(lambda: query_id in fake.callback_answers)
    stored = fake.message(OLENA, sent.message_id)
    assert [b["text"] for b in stored.buttons()] == ["✓ Ceasefire"]
    assert fake.callback_answers[query_id]["text"] == "Subscribed to Ceasefire"
    assert len(fake.sent_to(OLENA)) == 1


# ----------------------------------------------------- the HTML parser alone


def test_entity_offsets_are_utf16_code_units() -> None:
    parsed = parse_html("🕊 <b>мир</b>")
    assert parsed.entities == [{"type": "bold", "offset": 3, "length": 3}]
    assert parsed.entity_text(parsed.entities[0]) == "мир"
    assert utf16_len("🕊") == 2


def test_pre_with_language_and_numeric_entities() -> None:
    parsed = parse_html('<pre><code class="language-python">x &#60; 1</code></pre>')
    assert parsed.text == "x < 1"
    assert parsed.entities == [{"type": "pre", "offset": 0, "length": 5, "language": "python"}]


def test_error_names_the_offending_tag() -> None:
    with pytest.raises(EntityParseError, match='Unsupported start tag "script" at byte offset 6'):
        parse_html("мир<script>")


def test_invalid_link_is_dropped_not_rejected() -> None:
    parsed = parse_html('<a href="javascript:alert(1)">click</a>')
    assert parsed.text == "click"
    assert parsed.entities == []


def test_telegram_itself_keeps_a_stray_ampersand_and_misreads_a_bare_entity() -> None:
    assert parse_html("AT&T", strict_ampersand=False).text == "AT&T"
    assert parse_html("a=1&lt=2", strict_ampersand=False).text == "a=1<=2"
    with pytest.raises(EntityParseError, match="Can't find end of the entity"):
        parse_html("a=1&lt=2")
