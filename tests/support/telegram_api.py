"""A fake Telegram Bot API server on 127.0.0.1 for tests and benchmarks.

The real python-telegram-bot talks to it over HTTP through ``base_url`` (our
``TELEGRAM_API_BASE_URL``); nothing in PTB is mocked. The fake answers like Telegram: the same
envelopes (``{"ok": true, "result": ...}`` / ``{"ok": false, "error_code": N, "description":
..., "parameters": {...}}``), status codes, error descriptions and object shapes.

Running it::

    with FakeTelegram(token="123:abc") as fake:          # or fake.start() / fake.stop()
        bot = telegram.Bot("123:abc", base_url=fake.base_url)   # http://127.0.0.1:PORT/bot

``FakeTelegram(token=None, *, bot_id=None, bot_username="peacewatch_bot",
bot_name="Peacewatch", flood_limits=None, hang_seconds=30.0, strict_ampersand=True,
clock=time.monotonic)``: with a ``token`` any other token gets 401 Unauthorized; without one
any token is accepted. ``flood_limits=FloodLimits()`` turns on Telegram's flood control.

Methods served (names case-insensitive, POST JSON / form / multipart or GET query): getMe,
getUpdates (long polling: ``timeout``, ``offset`` confirms, ``limit``, ``allowed_updates``
persists like Telegram's; a newer getUpdates ends a waiting one with 409 Conflict, and so
does any getUpdates while a webhook is set), setWebhook (``url``, ``secret_token``,
``allowed_updates``, ``drop_pending_updates``; from then on updates are POSTed to the URL,
one per request, as JSON with the ``X-Telegram-Bot-Api-Secret-Token`` header, and removed
once it answers 2xx; a failed delivery is retried, as Telegram does, and shown by
getWebhookInfo), deleteWebhook, getWebhookInfo, setMyCommands, getMyCommands, setMyDescription,
getMyDescription, setMyShortDescription, getMyShortDescription, sendMessage, editMessageText,
editMessageReplyMarkup, answerCallbackQuery, sendPhoto, sendDocument, getFile, sendChatAction,
getChat, getChatMember, getChatAdministrators, deleteMessage. Any other method: 404 "Not
Found". Files are served like Telegram's: ``GET /file/bot<token>/<file_path>`` (the
``file_path`` getFile answers), for the files users send and the documents the bot sent.

Scenario API (thread-safe, callable from sync tests or from inside an event loop):

- ``add_user(user_id, first_name="User", username=None, language_code="en")`` -> user dict;
  also creates the private chat (its id is the user id).
- ``add_chat(chat_id, type, title=None, username=None, *, bot_is_admin=False)``; type is
  "private", "group", "supergroup" or "channel".
- ``add_member(chat_id, user_id)``, ``make_admin(chat_id, user_id, *, creator=False)``,
  ``set_bot_admin(chat_id, is_admin=True)``.
- ``user_sends(user_id, chat_id, text, *, reply_to_message_id=None)`` -> FakeMessage: a
  ``message`` update; commands (``/cmd``, ``/cmd@botname``) get ``bot_command`` entities.
- ``user_sends_document(user_id, chat_id, filename, content, *, mime_type=..., caption=None)``
  -> FakeMessage: a ``message`` update carrying a ``document`` the bot can getFile.
- ``channel_posts(chat_id, text)`` -> FakeMessage: a ``channel_post`` update.
- ``user_taps(user_id, chat_id, message_id, data, *, check_button=True)`` -> callback query
  id: a ``callback_query`` update for a button of one of the bot's messages.
- ``bot_added_to(chat_id, by_user_id, *, status="member")``: a ``my_chat_member`` update.
- ``enqueue_update(update)`` -> update_id: any raw update (``update_id`` is filled in);
  ``pending_updates()``: the updates no getUpdates offset has confirmed yet.
- ``block(chat_id, reason="blocked")``: later calls to the chat answer 403 ("blocked",
  "deactivated", "kicked"); ``unblock(chat_id)``. Unknown chats answer 400 "chat not found".
- ``migrate(chat_id, new_chat_id, *, notify=True)``: the group becomes a supergroup; sends to
  the old id answer 400 with ``parameters.migrate_to_chat_id``.

Faults and flood control:

- ``fail_next(n, kind, *, method=None, chat_id=None, retry_after=1, hang_seconds=None)``:
  the next ``n`` matching calls fail. Kinds: "429" (with ``retry_after``), "500", "502",
  "hang" (the call IS processed - a message is stored - then the answer is held back for
  ``hang_seconds``, so the client times out although the message arrived), "drop" (the
  connection is closed without an answer and the call is NOT processed), "drop_after" (the
  call IS processed, then the connection is closed without an answer). A message stored by
  "hang" or "drop_after" has ``fault`` set to that kind, so tests can count duplicates.
- ``fail_ratio(p, kinds=("429", "500", "hang", "drop"), *, seed=0, methods=None,
  retry_after=1)``: each matching call fails with probability ``p`` (kind drawn at random).
- ``clear_faults()``; ``set_flood_limits(FloodLimits | None)``.
- ``FloodLimits(global_per_second=30, private_per_second=1.0, private_burst=3,
  group_per_window=20, group_window_seconds=60.0)``: exceeding answers 429 "Too Many
  Requests: retry after N", and like Telegram the chat (or the whole bot, for the global
  limit) stays penalised until the ``retry_after`` has passed. sendMessage, sendPhoto and
  message edits count; other calls do not.

Observations:

- ``calls`` (list of Call: method, params, at (the fake's clock), wall_time, status (0 when
  no answer was sent), fault, description), ``calls_to(method)``. Params are decoded the same
  whatever the encoding: ids are ints, flags bools, reply_markup etc. dicts.
- ``messages`` (every FakeMessage, live records: edits are applied in place and the previous
  versions kept in ``.edits``), ``sent_to(chat_id)`` (the bot's messages in a chat),
  ``message(chat_id, message_id)``, ``callback_answers`` (query id -> parameters),
  ``commands(scope=None, language_code="")``, ``descriptions``, ``short_descriptions``
  (language code -> text). FakeMessage: ``text``/``entities`` as Telegram parsed them,
  ``raw_text``, ``parse_mode``, ``caption``/``caption_entities``/``photo``,
  ``reply_markup``, ``link_preview_options``, ``edits``, ``deleted``, ``fault``, and the
  helpers ``entity_texts(type)``, ``links()`` -> [(text, url)], ``buttons()``.
- ``webhook_posts`` (list of WebhookPost: update_id, status (0 when the URL did not answer),
  at): every delivery attempt to the webhook.
- ``stats``: counters ``flood_429``, ``injected_429``, ``injected_5xx``, ``hung``,
  ``dropped`` (both drop kinds), ``delivered_without_answer`` (messages stored by calls
  whose answer the client never got).
- ``wait_for(predicate, timeout=5.0)`` blocks the calling thread; ``await
  wait_for_async(predicate, timeout=5.0)`` for async tests (never block the loop PTB runs in).
  ``wait_for_messages(chat_id, count, timeout)`` / ``await wait_for_messages_async(...)``
  return the chat's bot messages once there are ``count``. All raise TimeoutError.

Approximations of Telegram, stated: HTML rules and auto-detected entities are in
``tests.support.telegram_html`` (a bare ``&`` is rejected there); text limits count UTF-16 code
units; as in Telegram, editMessageText without reply_markup removes the inline keyboard;
``photo`` given as a URL is accepted without fetching; flood control counts sends only (not
edits, answers or chat actions) and uses a strict sliding window for the global and group
limits and a token bucket for private chats; service messages other than the migration ones,
privacy mode in groups and inline mode are not modelled; callback queries never expire (a
second answer is refused). With ``fail_ratio`` including "hang", set ``hang_seconds`` a
little above the client's read timeout so tests stay fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import json
import math
import random
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.telegram_html import (
    MAX_CAPTION_LENGTH,
    MAX_MESSAGE_LENGTH,
    EntityParseError,
    ParsedText,
    UnsupportedParseMode,
    detect_entities,
    render,
    utf16_len,
    utf16_slice,
)

JSON = dict[str, Any]
FAULT_KINDS = frozenset({"429", "500", "502", "hang", "drop", "drop_after"})
SEND_METHODS = frozenset({"sendmessage", "sendphoto", "senddocument"})
_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "link_preview_options",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "allowed_updates",
        "reply_parameters",
    }
)
_INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "user_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "cache_time",
        "message_thread_id",
    }
)
_BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "has_spoiler",
        "show_caption_above_media",
    }
)
_DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "inline_query",
        "chosen_inline_result",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "chat_boost",
        "removed_chat_boost",
    }
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_BLOCK_REASONS = {
    "blocked": "Forbidden: bot was blocked by the user",
    "deactivated": "Forbidden: user is deactivated",
    "kicked": "Forbidden: bot was kicked from the {kind} chat",
}


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's flood control as the fake applies it (seconds and message counts)."""

    global_per_second: int = 30
    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_window: int = 20
    group_window_seconds: float = 60.0


@dataclass
class Call:
    """One request the fake received. ``status`` is the HTTP status answered (0 if none)."""

    method: str
    params: JSON
    at: float
    wall_time: float
    status: int = 0
    fault: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class WebhookPost:
    """One attempt to deliver an update to the bot's webhook."""

    update_id: int
    status: int
    at: float


@dataclass
class FakeMessage:
    """A message in a chat as Telegram stores it (the bot's or a user's)."""

    chat_id: int
    message_id: int
    date: int
    from_bot: bool
    text: str | None = None
    entities: list[JSON] = field(default_factory=list)
    raw_text: str | None = None
    parse_mode: str | None = None
    caption: str | None = None
    caption_entities: list[JSON] = field(default_factory=list)
    photo: JSON | None = None
    document: JSON | None = None
    reply_markup: JSON | None = None
    link_preview_options: JSON | None = None
    sender: JSON | None = None
    reply_to_message_id: int | None = None
    edit_date: int | None = None
    edits: list[JSON] = field(default_factory=list)
    deleted: bool = False
    fault: str | None = None

    @property
    def shown_text(self) -> str:
        """What the reader sees: the text, or the caption of a photo."""
        return self.text if self.text is not None else (self.caption or "")

    def entity_texts(self, entity_type: str) -> list[str]:
        """The pieces of text covered by entities of one type (e.g. "bold")."""
        entities = self.entities if self.text is not None else self.caption_entities
        return [
            utf16_slice(self.shown_text, e["offset"], e["length"])
            for e in entities
            if e["type"] == entity_type
        ]

    def links(self) -> list[tuple[str, str]]:
        """(visible text, url) for every text_link entity."""
        entities = self.entities if self.text is not None else self.caption_entities
        return [
            (utf16_slice(self.shown_text, e["offset"], e["length"]), e["url"])
            for e in entities
            if e["type"] == "text_link"
        ]

    def buttons(self) -> list[JSON]:
        """Every inline keyboard button, row by row."""
        if not self.reply_markup:
            return []
        return [b for row in self.reply_markup.get("inline_keyboard", []) for b in row]


@dataclass
class _Chat:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    members: set[int] = field(default_factory=set)
    admins: set[int] = field(default_factory=set)
    creator: int | None = None
    bot_is_admin: bool = False
    blocked: str | None = None
    migrated_to: int | None = None
    next_message_id: int = 1
    flood_until: float = 0.0
    tokens: float = 0.0
    tokens_at: float | None = None
    recent_sends: deque[float] = field(default_factory=deque)

    def to_api(self) -> JSON:
        result: JSON = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name"):
            value = getattr(self, key)
            if value is not None:
                result[key] = value
        return result


class ApiError(Exception):
    """An error answer: HTTP status = error_code, with Telegram's description."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def envelope(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass
class _Fault:
    kind: str
    remaining: int
    method: str | None
    chat_id: int | None
    retry_after: int
    hang_seconds: float | None

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or self.chat_id == chat_id


@dataclass
class _Ratio:
    p: float
    kinds: tuple[str, ...]
    rng: random.Random
    methods: frozenset[str] | None
    retry_after: int


@dataclass
class _Outcome:
    """What the HTTP layer does with a call: answer now, answer after a hang, or drop."""

    status: int
    body: JSON | None
    hang_seconds: float = 0.0


@dataclass
class _UploadedFile:
    filename: str
    content: bytes


def _as_int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise ApiError(400, f"Bad Request: invalid {name} specified")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    raise ApiError(400, f"Bad Request: invalid {name} specified")


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1"}
    return bool(value)


def _decode_params(raw: dict[str, Any]) -> JSON:
    """Form and multipart fields are strings; decode them as Telegram does.

    JSON-valued fields become objects, numeric ids become ints and flags become bools, so
    recorded calls read the same whether PTB sent JSON, a form or multipart.
    """
    params: JSON = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            params[key] = value
        elif key in _JSON_FIELDS:
            try:
                params[key] = json.loads(value)
            except ValueError as exc:
                raise ApiError(400, f"Bad Request: can't parse {key} JSON object") from exc
        elif key in _INT_FIELDS and re.fullmatch(r"-?\d+", value.strip()):
            params[key] = int(value)
        elif key in _BOOL_FIELDS and value.strip().lower() in {"true", "false", "1", "0"}:
            params[key] = value.strip().lower() in {"true", "1"}
        else:
            params[key] = value
    return params


def _validate_inline_keyboard(markup: JSON | None) -> None:
    if not markup or "inline_keyboard" not in markup:
        return
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(
            400,
            "Bad Request: can't parse inline keyboard button: field "
            '"inline_keyboard" must be an Array of Arrays',
        )
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                raise ApiError(
                    400, "Bad Request: can't parse inline keyboard button: Text must be non-empty"
                )
            if not _BUTTON_ACTIONS & button.keys():
                raise ApiError(
                    400,
                    "Bad Request: can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard",
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not re.match(r"(https?|tg)://\S+$", str(url)):
                raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")


class FakeTelegram:
    """The fake Bot API server; see the module docstring for the whole API."""

    def __init__(
        self,
        token: str | None = None,
        *,
        bot_id: int | None = None,
        bot_username: str = "peacewatch_bot",
        bot_name: str = "Peacewatch",
        flood_limits: FloodLimits | None = None,
        hang_seconds: float = 30.0,
        strict_ampersand: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        if bot_id is None:
            prefix = token.split(":", 1)[0] if token else ""
            bot_id = int(prefix) if prefix.isdigit() else 100000001
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.hang_seconds = hang_seconds
        self.strict_ampersand = strict_ampersand
        self._clock = clock
        self._flood = flood_limits
        self._cond = threading.Condition(threading.RLock())
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()

        self._users: dict[int, JSON] = {}
        self._chats: dict[int, _Chat] = {}
        self._messages: dict[tuple[int, int], FakeMessage] = {}
        self._message_order: list[FakeMessage] = []
        self._bot_messages_by_chat: dict[int, list[FakeMessage]] = {}
        self._updates: list[JSON] = []
        self._next_update_id = 500001
        self._allowed_updates: frozenset[str] = _DEFAULT_UPDATE_TYPES
        self._poll_generation = 0
        self._webhook: JSON | None = None
        self._webhook_error: tuple[int, str] | None = None
        self._webhook_thread: threading.Thread | None = None
        self.webhook_posts: list[WebhookPost] = []
        self._callbacks: dict[str, JSON] = {}
        self._next_callback = 1
        self.callback_answers: dict[str, JSON] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self._calls: list[Call] = []
        self._faults: list[_Fault] = []
        self._ratio: _Ratio | None = None
        self._global_sends: deque[float] = deque()
        self._global_flood_until = 0.0
        self._next_file = 1
        self.files: dict[str, bytes] = {}
        """file_id -> content: what users sent and what the bot uploaded as documents."""
        self._file_paths: dict[str, str] = {}
        self.stats: dict[str, int] = {
            "flood_429": 0,
            "injected_429": 0,
            "injected_5xx": 0,
            "hung": 0,
            "dropped": 0,
            "delivered_without_answer": 0,
        }

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> FakeTelegram:
        """Listen on a free port of 127.0.0.1 and serve in a background thread."""
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server(("127.0.0.1", 0), _Handler, self)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-telegram",
            daemon=True,
        )
        self._thread.start()
        self._webhook_thread = threading.Thread(
            target=self._deliver_to_webhook, name="fake-telegram-webhook", daemon=True
        )
        self._webhook_thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake long polls and hangs, close every open connection."""
        if self._server is None:
            return
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        with self._cond:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        with self._cond:
            self._cond.wait_for(lambda: not self._connections, timeout=2.0)
        self._server.server_close()
        for thread in (self._thread, self._webhook_thread):
            if thread is not None:
                thread.join(timeout=5)
        self._server = None
        self._thread = None
        self._webhook_thread = None

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the fake Telegram is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """PTB's ``base_url`` / our TELEGRAM_API_BASE_URL: PTB appends ``{token}/{method}``."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # ------------------------------------------------------------------ scenario

    def add_user(
        self,
        user_id: int,
        first_name: str = "User",
        username: str | None = None,
        language_code: str | None = "en",
    ) -> JSON:
        """A Telegram user who has started the bot (their private chat exists)."""
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        with self._cond:
            self._users[user_id] = user
            if user_id not in self._chats:
                self._chats[user_id] = _Chat(
                    user_id,
                    "private",
                    username=username,
                    first_name=first_name,
                    members={user_id},
                )
        return dict(user)

    def add_chat(
        self,
        chat_id: int,
        type: str,
        title: str | None = None,
        username: str | None = None,
        *,
        bot_is_admin: bool = False,
    ) -> None:
        """A group, supergroup or channel the bot is in (private chats: use add_user)."""
        if type not in {"private", "group", "supergroup", "channel"}:
            raise ValueError(f"unknown chat type {type!r}")
        with self._cond:
            self._chats[chat_id] = _Chat(
                chat_id,
                type,
                title=title or (None if type == "private" else f"Chat {chat_id}"),
                username=username,
                bot_is_admin=bot_is_admin,
            )

    def add_member(self, chat_id: int, user_id: int) -> None:
        with self._cond:
            self._chat_or_raise(chat_id).members.add(user_id)
            self._users.setdefault(user_id, {"id": user_id, "is_bot": False, "first_name": "User"})

    def make_admin(self, chat_id: int, user_id: int, *, creator: bool = False) -> None:
        """Make a user an administrator (or the creator) of a group or channel."""
        with self._cond:
            chat = self._chat_or_raise(chat_id)
            self.add_member(chat_id, user_id)
            chat.admins.add(user_id)
            if creator:
                chat.creator = user_id

    def set_bot_admin(self, chat_id: int, is_admin: bool = True) -> None:
        with self._cond:
            self._chat_or_raise(chat_id).bot_is_admin = is_admin

    def block(self, chat_id: int, reason: str = "blocked") -> None:
        """From now on calls to this chat answer 403 (blocked, deactivated or kicked)."""
        if reason not in _BLOCK_REASONS:
            raise ValueError(f"unknown reason {reason!r}; one of {sorted(_BLOCK_REASONS)}")
        with self._cond:
            self._chat_or_raise(chat_id).blocked = reason

    def unblock(self, chat_id: int) -> None:
        with self._cond:
            self._chat_or_raise(chat_id).blocked = None

    def migrate(self, chat_id: int, new_chat_id: int, *, notify: bool = True) -> None:
        """Upgrade a group to a supergroup with a new id, as Telegram does."""
        with self._cond:
            old = self._chat_or_raise(chat_id)
            old.migrated_to = new_chat_id
            self._chats[new_chat_id] = _Chat(
                new_chat_id,
                "supergroup",
                title=old.title,
                members=set(old.members),
                admins=set(old.admins),
                creator=old.creator,
                bot_is_admin=old.bot_is_admin,
            )
            if notify:
                now = int(time.time())
                self._enqueue(
                    {
                        "message": {
                            "message_id": self._take_message_id(old),
                            "date": now,
                            "chat": old.to_api(),
                            "migrate_to_chat_id": new_chat_id,
                        }
                    }
                )
                new = self._chats[new_chat_id]
                self._enqueue(
                    {
                        "message": {
                            "message_id": self._take_message_id(new),
                            "date": now,
                            "chat": new.to_api(),
                            "migrate_from_chat_id": chat_id,
                        }
                    }
                )

    def user_sends(
        self,
        user_id: int,
        chat_id: int,
        text: str,
        *,
        reply_to_message_id: int | None = None,
    ) -> FakeMessage:
        """A user writes ``text`` in a chat; the bot gets a ``message`` update."""
        with self._cond:
            if user_id not in self._users:
                self.add_user(user_id)
            if chat_id == user_id and chat_id not in self._chats:
                self.add_user(user_id)
            chat = self._chat_or_raise(chat_id)
            chat.members.add(user_id)
            message = FakeMessage(
                chat_id=chat_id,
                message_id=self._take_message_id(chat),
                date=int(time.time()),
                from_bot=False,
                text=text,
                entities=detect_entities(text),
                raw_text=text,
                sender=dict(self._users[user_id]),
                reply_to_message_id=reply_to_message_id,
            )
            self._store(message)
            self._enqueue({"message": self._message_to_api(message)})
            return message

    def user_sends_document(
        self,
        user_id: int,
        chat_id: int,
        filename: str,
        content: bytes,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> FakeMessage:
        """A user sends a file; the bot gets a ``message`` update with its ``document``."""
        with self._cond:
            if user_id not in self._users:
                self.add_user(user_id)
            chat = self._chat_or_raise(chat_id)
            message = FakeMessage(
                chat_id=chat_id,
                message_id=self._take_message_id(chat),
                date=int(time.time()),
                from_bot=False,
                caption=caption,
                sender=dict(self._users[user_id]),
                document=self._keep_file(filename, content, mime_type),
            )
            self._store(message)
            self._enqueue({"message": self._message_to_api(message)})
            return message

    def _keep_file(self, filename: str, content: bytes, mime_type: str) -> JSON:
        file_id = f"fake-document-{self._next_file}"
        self._next_file += 1
        self.files[file_id] = content
        self._file_paths[file_id] = f"documents/file_{file_id[14:]}_{filename}"
        return {
            "file_id": file_id,
            "file_unique_id": file_id[5:],
            "file_name": filename,
            "mime_type": mime_type,
            "file_size": len(content),
        }

    def file_at(self, file_path: str) -> bytes | None:
        """The content served at ``/file/bot<token>/<file_path>``."""
        with self._cond:
            found = next((fid for fid, path in self._file_paths.items() if path == file_path), None)
            return self.files.get(found) if found is not None else None

    def channel_posts(self, chat_id: int, text: str) -> FakeMessage:
        """An administrator posts in a channel; the bot gets a ``channel_post`` update."""
        with self._cond:
            chat = self._chat_or_raise(chat_id)
            message = FakeMessage(
                chat_id=chat_id,
                message_id=self._take_message_id(chat),
                date=int(time.time()),
                from_bot=False,
                text=text,
                entities=detect_entities(text),
                raw_text=text,
            )
            self._store(message)
            self._enqueue({"channel_post": self._message_to_api(message)})
            return message

    def user_taps(
        self,
        user_id: int,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        check_button: bool = True,
    ) -> str:
        """A user taps an inline button of a bot message; returns the callback query id."""
        with self._cond:
            if user_id not in self._users:
                self.add_user(user_id)
            message = self._messages.get((chat_id, message_id))
            if message is None or message.deleted:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            if check_button and data not in {b.get("callback_data") for b in message.buttons()}:
                raise ValueError(f"message {message_id} has no button with data {data!r}")
            query_id = str(8000000000 + self._next_callback)
            self._next_callback += 1
            query: JSON = {
                "id": query_id,
                "from": dict(self._users[user_id]),
                "message": self._message_to_api(message),
                "chat_instance": str(abs(chat_id) * 7 + 13),
                "data": data,
            }
            self._callbacks[query_id] = query
            self._enqueue({"callback_query": query})
            return query_id

    def bot_added_to(self, chat_id: int, by_user_id: int, *, status: str = "member") -> None:
        """The bot is added to a group or channel (``my_chat_member`` update)."""
        with self._cond:
            chat = self._chat_or_raise(chat_id)
            if by_user_id not in self._users:
                self.add_user(by_user_id)
            chat.bot_is_admin = status == "administrator"
            self._enqueue(
                {
                    "my_chat_member": {
                        "chat": chat.to_api(),
                        "from": dict(self._users[by_user_id]),
                        "date": int(time.time()),
                        "old_chat_member": {"status": "left", "user": self.bot_user},
                        "new_chat_member": self._member_api(chat, self.bot_id),
                    }
                }
            )

    def enqueue_update(self, update: JSON) -> int:
        """Queue any raw update for getUpdates; returns its update_id."""
        with self._cond:
            return self._enqueue(dict(update))

    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._cond:
            return [dict(u) for u in self._updates]

    # -------------------------------------------------------------------- faults

    def fail_next(
        self,
        n: int,
        kind: str,
        *,
        method: str | None = None,
        chat_id: int | None = None,
        retry_after: int = 1,
        hang_seconds: float | None = None,
    ) -> None:
        """The next ``n`` calls (of ``method`` / to ``chat_id`` if given) fail with ``kind``."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; one of {sorted(FAULT_KINDS)}")
        with self._cond:
            self._faults.append(
                _Fault(
                    kind, n, method.lower() if method else None, chat_id, retry_after, hang_seconds
                )
            )

    def fail_ratio(
        self,
        p: float,
        kinds: Iterable[str] = ("429", "500", "hang", "drop"),
        *,
        seed: int = 0,
        methods: Iterable[str] | None = None,
        retry_after: int = 1,
    ) -> None:
        """Each matching call fails with probability ``p``, the kind drawn from ``kinds``."""
        kinds = tuple(kinds)
        if not kinds or not set(kinds) <= FAULT_KINDS:
            raise ValueError(f"kinds must be among {sorted(FAULT_KINDS)}")
        with self._cond:
            self._ratio = _Ratio(
                p,
                kinds,
                random.Random(seed),
                frozenset(m.lower() for m in methods) if methods is not None else None,
                retry_after,
            )

    def clear_faults(self) -> None:
        with self._cond:
            self._faults.clear()
            self._ratio = None

    def set_flood_limits(self, limits: FloodLimits | None) -> None:
        with self._cond:
            self._flood = limits

    # -------------------------------------------------------------- observations

    @property
    def calls(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        wanted = method.lower()
        with self._cond:
            return [c for c in self._calls if c.method.lower() == wanted]

    @property
    def messages(self) -> list[FakeMessage]:
        """Every message (users' and the bot's), in the order they were created."""
        with self._cond:
            return list(self._message_order)

    def sent_to(self, chat_id: int) -> list[FakeMessage]:
        """The bot's messages in a chat, oldest first (deleted ones included, flagged)."""
        with self._cond:
            return list(self._bot_messages_by_chat.get(chat_id, []))

    def message(self, chat_id: int, message_id: int) -> FakeMessage:
        with self._cond:
            return self._messages[(chat_id, message_id)]

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The command list set for a scope (default scope if None) and language."""
        with self._cond:
            return list(self._commands.get((_scope_key(scope), language_code), []))

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Block this thread until ``predicate()`` is true (re-checked on every change)."""
        with self._cond:
            if not self._cond.wait_for(predicate, timeout):
                raise TimeoutError(f"condition not met within {timeout} s")

    async def wait_for_async(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - same signature as wait_for
    ) -> None:
        """Await until ``predicate()`` is true, letting the event loop run meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                if predicate():
                    return
            if time.monotonic() >= deadline:
                raise TimeoutError(f"condition not met within {timeout} s")
            await asyncio.sleep(0.01)

    def wait_for_messages(
        self, chat_id: int, count: int = 1, timeout: float = 5.0
    ) -> list[FakeMessage]:
        self.wait_for(lambda: len(self.sent_to(chat_id)) >= count, timeout)
        return self.sent_to(chat_id)

    async def wait_for_messages_async(
        self,
        chat_id: int,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - same signature as wait_for_messages
    ) -> list[FakeMessage]:
        await self.wait_for_async(lambda: len(self.sent_to(chat_id)) >= count, timeout)
        return self.sent_to(chat_id)

    # ------------------------------------------------------------------ internals

    def _chat_or_raise(self, chat_id: int) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ValueError(f"no chat {chat_id}; add it with add_user/add_chat first")
        return chat

    def _take_message_id(self, chat: _Chat) -> int:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        return message_id

    def _store(self, message: FakeMessage) -> None:
        self._messages[(message.chat_id, message.message_id)] = message
        self._message_order.append(message)
        if message.from_bot:
            self._bot_messages_by_chat.setdefault(message.chat_id, []).append(message)
        self._cond.notify_all()

    def _enqueue(self, update: JSON) -> int:
        update_id = self._next_update_id
        self._next_update_id += 1
        update["update_id"] = update_id
        self._updates.append(update)
        self._cond.notify_all()
        return update_id

    def _message_to_api(self, message: FakeMessage) -> JSON:
        chat = self._chats[message.chat_id]
        result: JSON = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat.to_api(),
        }
        if message.from_bot:
            if chat.type == "channel":
                result["sender_chat"] = chat.to_api()
            else:
                result["from"] = self.bot_user
        elif message.sender is not None:
            result["from"] = message.sender
        elif chat.type == "channel":
            result["sender_chat"] = chat.to_api()
        if message.text is not None:
            result["text"] = message.text
            if message.entities:
                result["entities"] = message.entities
        if message.document is not None:
            result["document"] = message.document
        if message.photo is not None or message.document is not None:
            if message.photo is not None:
                result["photo"] = [message.photo]
            if message.caption:
                result["caption"] = message.caption
            if message.caption_entities:
                result["caption_entities"] = message.caption_entities
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            result["reply_markup"] = message.reply_markup
        if message.link_preview_options is not None:
            result["link_preview_options"] = message.link_preview_options
        if message.edit_date is not None:
            result["edit_date"] = message.edit_date
        if message.reply_to_message_id is not None:
            replied = self._messages.get((message.chat_id, message.reply_to_message_id))
            if replied is not None and replied is not message:
                result["reply_to_message"] = self._message_to_api(replied)
        return result

    def _member_api(self, chat: _Chat, user_id: int) -> JSON:
        user = self.bot_user if user_id == self.bot_id else self._users.get(user_id)
        if user is None:
            raise ApiError(400, "Bad Request: user not found")
        is_admin = chat.bot_is_admin if user_id == self.bot_id else user_id in chat.admins
        if chat.creator == user_id:
            return {"status": "creator", "user": user, "is_anonymous": False}
        if is_admin:
            return {
                "status": "administrator",
                "user": user,
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
                "can_post_messages": True,
                "can_edit_messages": True,
                "can_pin_messages": True,
            }
        if user_id == self.bot_id or user_id in chat.members:
            return {"status": "member", "user": user}
        return {"status": "left", "user": user}

    # ----------------------------------------------------------- request handling

    def handle(
        self,
        token: str,
        method: str,
        raw_params: dict[str, Any],
        files: dict[str, _UploadedFile],
    ) -> _Outcome:
        """Answer one Bot API call (called by the HTTP layer, in its thread)."""
        name = method.lower()
        handler = _METHODS.get(name)
        params: JSON = {}
        error: ApiError | None = None
        try:
            params = _decode_params(raw_params)
        except ApiError as exc:
            params, error = dict(raw_params), exc
        for key, upload in files.items():
            params.setdefault(key, f"<file {upload.filename} {len(upload.content)} bytes>")
        call = Call(method=method, params=params, at=self._clock(), wall_time=time.time())
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()
            if self.token is not None and token != self.token:
                return self._finish(call, ApiError(401, "Unauthorized"))
            if handler is None:
                return self._finish(call, ApiError(404, "Not Found"))
            if error is not None:
                return self._finish(call, error)
            fault = self._take_fault(name, params)
        if fault is not None and fault.kind not in {"hang", "drop_after"}:
            call.fault = fault.kind
            return self._fault_outcome(call, fault)
        result: Any
        try:
            result = handler(self, params, files, call)
        except ApiError as exc:
            result = exc
        outcome = self._finish(call, result)
        if fault is not None:
            self._mark_lost_answer(call, result, fault.kind)
            if fault.kind == "drop_after":
                return _Outcome(0, None)
            outcome.hang_seconds = (
                fault.hang_seconds if fault.hang_seconds is not None else self.hang_seconds
            )
        return outcome

    def _mark_lost_answer(self, call: Call, result: Any, kind: str) -> None:
        """The call was processed but its answer is held back or lost: a message did arrive."""
        with self._cond:
            call.fault = kind
            self.stats["hung" if kind == "hang" else "dropped"] += 1
            if isinstance(result, dict) and "message_id" in result and "chat" in result:
                message = self._messages.get((result["chat"]["id"], result["message_id"]))
                if message is not None and message.from_bot:
                    message.fault = kind
                    self.stats["delivered_without_answer"] += 1

    def _finish(self, call: Call, result: Any) -> _Outcome:
        with self._cond:
            if isinstance(result, ApiError):
                call.status = result.code
                call.description = result.description
                self._cond.notify_all()
                return _Outcome(result.code, result.envelope())
            call.status = 200
            self._cond.notify_all()
            return _Outcome(200, {"ok": True, "result": result})

    def _take_fault(self, method: str, params: JSON) -> _Fault | None:
        chat_id: int | None = None
        with contextlib.suppress(ApiError, KeyError):
            chat_id = _as_int(params["chat_id"], "chat_id")
        for fault in self._faults:
            if fault.remaining > 0 and fault.matches(method, chat_id):
                fault.remaining -= 1
                return fault
        ratio = self._ratio
        if (
            ratio is not None
            and (ratio.methods is None or method in ratio.methods)
            and ratio.rng.random() < ratio.p
        ):
            kind = ratio.rng.choice(ratio.kinds)
            return _Fault(kind, 1, None, None, ratio.retry_after, None)
        return None

    def _fault_outcome(self, call: Call, fault: _Fault) -> _Outcome:
        with self._cond:
            if fault.kind == "drop":
                self.stats["dropped"] += 1
                call.status = 0
                self._cond.notify_all()
                return _Outcome(0, None)
            if fault.kind == "429":
                self.stats["injected_429"] += 1
                error = ApiError(
                    429,
                    f"Too Many Requests: retry after {fault.retry_after}",
                    {"retry_after": fault.retry_after},
                )
            elif fault.kind == "502":
                self.stats["injected_5xx"] += 1
                error = ApiError(502, "Bad Gateway")
            else:
                self.stats["injected_5xx"] += 1
                error = ApiError(500, "Internal Server Error")
        return self._finish(call, error)

    # -- helpers used by the method implementations (all called with the lock held)

    def _resolve_chat(self, params: JSON, *, for_sending: bool = True) -> _Chat:
        if "chat_id" not in params or params["chat_id"] in ("", None):
            raise ApiError(400, "Bad Request: chat_id is empty")
        raw = params["chat_id"]
        chat: _Chat | None
        if isinstance(raw, str) and raw.startswith("@"):
            chat = next((c for c in self._chats.values() if c.username == raw[1:]), None)
        else:
            chat = self._chats.get(_as_int(raw, "chat_id"))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if for_sending and chat.blocked is not None:
            kind = "supergroup" if chat.type == "supergroup" else "group"
            if chat.type == "channel":
                raise ApiError(403, "Forbidden: bot is not a member of the channel chat")
            raise ApiError(403, _BLOCK_REASONS[chat.blocked].format(kind=kind))
        if for_sending and chat.type == "channel" and not chat.bot_is_admin:
            raise ApiError(400, "Bad Request: need administrator rights in the channel chat")
        return chat

    def _render(self, text: str, parse_mode: str | None) -> ParsedText:
        try:
            return render(text, parse_mode, strict_ampersand=self.strict_ampersand)
        except EntityParseError as exc:
            raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc
        except UnsupportedParseMode as exc:
            raise ApiError(
                400, f"Bad Request: unsupported parse_mode (the fake models HTML only, got {exc})"
            ) from exc

    def _check_flood(self, chat: _Chat) -> None:
        """Raise 429 when this send would exceed the limits; otherwise count it."""
        limits = self._flood
        if limits is None:
            return
        now = self._clock()
        wait = 0.0
        if now < self._global_flood_until:
            wait = self._global_flood_until - now
        elif now < chat.flood_until:
            wait = chat.flood_until - now
        else:
            while self._global_sends and self._global_sends[0] <= now - 1.0:
                self._global_sends.popleft()
            if len(self._global_sends) >= limits.global_per_second:
                wait = self._global_sends[0] + 1.0 - now
                self._global_flood_until = now + math.ceil(wait)
            elif chat.type == "private":
                elapsed = math.inf if chat.tokens_at is None else now - chat.tokens_at
                chat.tokens = min(
                    limits.private_burst, chat.tokens + elapsed * limits.private_per_second
                )
                chat.tokens_at = now
                if chat.tokens < 1.0:
                    wait = (1.0 - chat.tokens) / limits.private_per_second
                    chat.flood_until = now + math.ceil(wait)
            else:
                window = limits.group_window_seconds
                while chat.recent_sends and chat.recent_sends[0] <= now - window:
                    chat.recent_sends.popleft()
                if len(chat.recent_sends) >= limits.group_per_window:
                    wait = chat.recent_sends[0] + window - now
                    chat.flood_until = now + math.ceil(wait)
        if wait > 0:
            self.stats["flood_429"] += 1
            retry_after = max(1, math.ceil(wait))
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
            )
        self._global_sends.append(now)
        if chat.type == "private":
            chat.tokens -= 1.0
        else:
            chat.recent_sends.append(now)

    def _markup(self, params: JSON) -> JSON | None:
        markup = params.get("reply_markup")
        if markup is not None and not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: object expected as reply markup")
        _validate_inline_keyboard(markup)
        return markup

    def _message_for_edit(self, params: JSON, what: str) -> FakeMessage:
        if "inline_message_id" in params:
            raise ApiError(400, "Bad Request: the fake Telegram does not model inline messages")
        chat = self._resolve_chat(params)
        message_id = _as_int(params.get("message_id"), "message_id")
        message = self._messages.get((chat.id, message_id))
        if message is None or message.deleted:
            raise ApiError(400, f"Bad Request: message to {what} not found")
        if not message.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    def _snapshot(self, message: FakeMessage) -> JSON:
        return {
            "text": message.text,
            "entities": message.entities,
            "caption": message.caption,
            "reply_markup": message.reply_markup,
            "edit_date": message.edit_date,
        }

    def _long_poll(self, params: JSON) -> list[JSON]:
        offset = params.get("offset")
        limit = _as_int(params.get("limit", 100), "limit")
        limit = min(max(limit, 1), 100)
        timeout = max(0.0, float(params.get("timeout", 0) or 0))
        allowed = params.get("allowed_updates")
        with self._cond:
            if allowed is not None:
                self._allowed_updates = frozenset(allowed) or _DEFAULT_UPDATE_TYPES
            if offset is not None:
                offset = _as_int(offset, "offset")
                if offset < 0:
                    self._updates = self._updates[offset:]
                else:
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._poll_generation += 1
            generation = self._poll_generation
            deadline = time.monotonic() + timeout
            while True:
                ready = [u for u in self._updates if self._update_allowed(u)][:limit]
                if ready:
                    return [dict(u) for u in ready]
                if self._poll_generation != generation:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stopping.is_set():
                    return []
                self._cond.wait(min(remaining, 0.5))

    def _update_allowed(self, update: JSON) -> bool:
        return any(key in self._allowed_updates for key in update if key != "update_id")

    def _deliver_to_webhook(self) -> None:
        """While a webhook is set, POST each pending update to it, oldest first."""
        while not self._stopping.is_set():
            with self._cond:
                webhook = self._webhook
                ready = [u for u in self._updates if self._update_allowed(u)]
                if webhook is None or not ready:
                    self._cond.wait(0.5)
                    continue
                update = dict(ready[0])
            status = _post_update(webhook, update)
            with self._cond:
                self.webhook_posts.append(WebhookPost(update["update_id"], status, self._clock()))
                if 200 <= status < 300:
                    self._updates = [
                        u for u in self._updates if u["update_id"] != update["update_id"]
                    ]
                    self._webhook_error = None
                else:
                    self._webhook_error = (
                        int(time.time()),
                        f"Wrong response from the webhook: {status}",
                    )
                    self._cond.wait(0.2)  # Telegram retries later
                self._cond.notify_all()


def _post_update(webhook: JSON, update: JSON) -> int:
    """POST one update as Telegram does; the HTTP status (0 when nothing answered)."""
    headers = {"Content-Type": "application/json"}
    if webhook.get("secret_token"):
        headers["X-Telegram-Bot-Api-Secret-Token"] = webhook["secret_token"]
    request = urllib.request.Request(
        webhook["url"], data=json.dumps(update).encode("utf-8"), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0


def _scope_key(scope: JSON | None) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True)


# ------------------------------------------------------------ Bot API methods

_Method = Callable[[FakeTelegram, JSON, dict[str, _UploadedFile], Call], Any]
_METHODS: dict[str, _Method] = {}


def _method(name: str) -> Callable[[_Method], _Method]:
    def register(func: _Method) -> _Method:
        _METHODS[name.lower()] = func
        return func

    return register


@_method("getMe")
def _get_me(fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call) -> Any:
    return fake.bot_user


@_method("getUpdates")
def _get_updates(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        if fake._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
    return fake._long_poll(params)


@_method("setWebhook")
def _set_webhook(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    url = str(params.get("url", "")).strip()
    secret = params.get("secret_token")
    if url and not re.match(r"https?://[^/\s]+", url):
        raise ApiError(400, "Bad Request: bad webhook: invalid URL")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
        raise ApiError(400, "Bad Request: secret token contains unallowed characters")
    with fake._cond:
        if _as_bool(params.get("drop_pending_updates", False)):
            fake._updates.clear()
        allowed = params.get("allowed_updates")
        if allowed is not None:
            fake._allowed_updates = frozenset(allowed) or _DEFAULT_UPDATE_TYPES
        fake._webhook = {"url": url, "secret_token": secret} if url else None
        fake._webhook_error = None
        fake._poll_generation += 1  # a waiting getUpdates is ended
        fake._cond.notify_all()
    return True


@_method("deleteWebhook")
def _delete_webhook(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        if _as_bool(params.get("drop_pending_updates", False)):
            fake._updates.clear()
        fake._webhook = None
        fake._webhook_error = None
    return True


@_method("getWebhookInfo")
def _get_webhook_info(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        info: JSON = {
            "url": fake._webhook["url"] if fake._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(fake._updates),
        }
        if fake._webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = fake._webhook_error
    return info


@_method("setMyCommands")
def _set_my_commands(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    commands = params.get("commands")
    if not isinstance(commands, list):
        raise ApiError(400, 'Bad Request: parameter "commands" is required')
    if len(commands) > 100:
        raise ApiError(400, "Bad Request: too many commands specified")
    cleaned = []
    for command in commands:
        name = str(command.get("command", "")) if isinstance(command, dict) else ""
        description = str(command.get("description", "")) if isinstance(command, dict) else ""
        if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(description.strip()) <= 256:
            raise ApiError(400, "Bad Request: command description must be non-empty")
        cleaned.append({"command": name, "description": description})
    with fake._cond:
        key = (_scope_key(params.get("scope")), str(params.get("language_code", "")))
        fake._commands[key] = cleaned
    return True


@_method("getMyCommands")
def _get_my_commands(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    return fake.commands(params.get("scope"), str(params.get("language_code", "")))


def _set_text_setting(
    store: dict[str, str], params: JSON, key: str, limit: int, fake: FakeTelegram
) -> bool:
    value = str(params.get(key, ""))
    if len(value) > limit:
        raise ApiError(400, f"Bad Request: {key} is too long")
    with fake._cond:
        language = str(params.get("language_code", ""))
        if value:
            store[language] = value
        else:
            store.pop(language, None)
    return True


@_method("setMyDescription")
def _set_my_description(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    return _set_text_setting(fake.descriptions, params, "description", 512, fake)


@_method("setMyShortDescription")
def _set_my_short_description(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    return _set_text_setting(fake.short_descriptions, params, "short_description", 120, fake)


@_method("getMyDescription")
def _get_my_description(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        return {"description": fake.descriptions.get(str(params.get("language_code", "")), "")}


@_method("getMyShortDescription")
def _get_my_short_description(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    language = str(params.get("language_code", ""))
    with fake._cond:
        return {"short_description": fake.short_descriptions.get(language, "")}


@_method("sendMessage")
def _send_message(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        chat = fake._resolve_chat(params)
        raw = params.get("text")
        text = "" if raw is None else str(raw)
        parse_mode = params.get("parse_mode") or None
        parsed = fake._render(text, parse_mode)
        if not parsed.text:
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(parsed.text) > MAX_MESSAGE_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")
        markup = fake._markup(params)
        reply_to = _reply_to(params)
        fake._check_flood(chat)
        message = FakeMessage(
            chat_id=chat.id,
            message_id=fake._take_message_id(chat),
            date=int(time.time()),
            from_bot=True,
            text=parsed.text,
            entities=parsed.entities,
            raw_text=text,
            parse_mode=parse_mode,
            reply_markup=markup,
            link_preview_options=params.get("link_preview_options"),
            reply_to_message_id=reply_to,
        )
        fake._store(message)
        return fake._message_to_api(message)


def _reply_to(params: JSON) -> int | None:
    reply = params.get("reply_parameters")
    if isinstance(reply, dict) and "message_id" in reply:
        return _as_int(reply["message_id"], "message_id")
    if "reply_to_message_id" in params:
        return _as_int(params["reply_to_message_id"], "reply_to_message_id")
    return None


@_method("sendPhoto")
def _send_photo(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        chat = fake._resolve_chat(params)
        photo = params.get("photo")
        upload = files.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            upload = files.get(photo[len("attach://") :])
        if upload is None and not (isinstance(photo, str) and photo.strip()):
            raise ApiError(400, "Bad Request: there is no photo in the request")
        if upload is not None:
            size = len(upload.content)
            if size == 0:
                raise ApiError(400, "Bad Request: file must be non-empty")
        elif re.match(r"https?://", str(photo)):
            size = 0
        elif not str(photo).startswith("fake-photo-"):
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        else:
            size = 0
        caption_raw = str(params.get("caption", "") or "")
        parse_mode = params.get("parse_mode") or None
        parsed = fake._render(caption_raw, parse_mode)
        if utf16_len(parsed.text) > MAX_CAPTION_LENGTH:
            raise ApiError(400, "Bad Request: message caption is too long")
        markup = fake._markup(params)
        fake._check_flood(chat)
        file_id = f"fake-photo-{fake._next_file}"
        fake._next_file += 1
        message = FakeMessage(
            chat_id=chat.id,
            message_id=fake._take_message_id(chat),
            date=int(time.time()),
            from_bot=True,
            caption=parsed.text or None,
            caption_entities=parsed.entities,
            raw_text=caption_raw or None,
            parse_mode=parse_mode,
            photo={
                "file_id": file_id,
                "file_unique_id": file_id[5:],
                "width": 800,
                "height": 600,
                "file_size": size,
            },
            reply_markup=markup,
            reply_to_message_id=_reply_to(params),
        )
        fake._store(message)
        return fake._message_to_api(message)


@_method("sendDocument")
def _send_document(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        chat = fake._resolve_chat(params)
        document = params.get("document")
        upload = files.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            upload = files.get(document[len("attach://") :])
        if upload is None:
            raise ApiError(400, "Bad Request: there is no document in the request")
        if not upload.content:
            raise ApiError(400, "Bad Request: file must be non-empty")
        caption_raw = str(params.get("caption", "") or "")
        parse_mode = params.get("parse_mode") or None
        parsed = fake._render(caption_raw, parse_mode)
        if utf16_len(parsed.text) > MAX_CAPTION_LENGTH:
            raise ApiError(400, "Bad Request: message caption is too long")
        fake._check_flood(chat)
        message = FakeMessage(
            chat_id=chat.id,
            message_id=fake._take_message_id(chat),
            date=int(time.time()),
            from_bot=True,
            caption=parsed.text or None,
            caption_entities=parsed.entities,
            raw_text=caption_raw or None,
            parse_mode=parse_mode,
            document=fake._keep_file(upload.filename, upload.content, "text/x-opml"),
            reply_to_message_id=_reply_to(params),
        )
        fake._store(message)
        return fake._message_to_api(message)


@_method("getFile")
def _get_file(fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call) -> Any:
    file_id = str(params.get("file_id", ""))
    with fake._cond:
        if file_id not in fake.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": file_id[5:],
            "file_size": len(fake.files[file_id]),
            "file_path": fake._file_paths[file_id],
        }


@_method("editMessageText")
def _edit_message_text(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        message = fake._message_for_edit(params, "edit")
        if message.text is None:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        fake._check_flood(fake._resolve_chat(params))
        text = str(params.get("text", "") or "")
        parse_mode = params.get("parse_mode") or None
        parsed = fake._render(text, parse_mode)
        if not parsed.text:
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(parsed.text) > MAX_MESSAGE_LENGTH:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        markup = fake._markup(params)
        if (
            parsed.text == message.text
            and parsed.entities == message.entities
            and markup == message.reply_markup
        ):
            raise ApiError(400, _NOT_MODIFIED)
        message.edits.append(fake._snapshot(message))
        message.text = parsed.text
        message.entities = parsed.entities
        message.raw_text = text
        message.parse_mode = parse_mode
        message.reply_markup = markup
        if "link_preview_options" in params:
            message.link_preview_options = params["link_preview_options"]
        message.edit_date = int(time.time())
        fake._cond.notify_all()
        return fake._message_to_api(message)


@_method("editMessageReplyMarkup")
def _edit_message_reply_markup(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        message = fake._message_for_edit(params, "edit")
        fake._check_flood(fake._resolve_chat(params))
        markup = fake._markup(params)
        if markup == message.reply_markup:
            raise ApiError(400, _NOT_MODIFIED)
        message.edits.append(fake._snapshot(message))
        message.reply_markup = markup
        message.edit_date = int(time.time())
        fake._cond.notify_all()
        return fake._message_to_api(message)


@_method("deleteMessage")
def _delete_message(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        chat = fake._resolve_chat(params)
        message_id = _as_int(params.get("message_id"), "message_id")
        message = fake._messages.get((chat.id, message_id))
        if message is None or message.deleted:
            raise ApiError(400, "Bad Request: message to delete not found")
        if not message.from_bot and chat.type != "private" and not chat.bot_is_admin:
            raise ApiError(400, "Bad Request: message can't be deleted")
        message.deleted = True
        fake._cond.notify_all()
        return True


@_method("answerCallbackQuery")
def _answer_callback_query(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    query_id = str(params.get("callback_query_id", ""))
    with fake._cond:
        if query_id not in fake._callbacks or query_id in fake.callback_answers:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        if len(str(params.get("text", "") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        fake.callback_answers[query_id] = dict(params)
        fake._cond.notify_all()
    return True


@_method("sendChatAction")
def _send_chat_action(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        fake._resolve_chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
    return True


@_method("getChat")
def _get_chat(fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call) -> Any:
    with fake._cond:
        chat = fake._resolve_chat(params, for_sending=False)
        return {
            **chat.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }


@_method("getChatMember")
def _get_chat_member(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        chat = fake._resolve_chat(params, for_sending=False)
        user_id = _as_int(params.get("user_id"), "user_id")
        if chat.type == "private" and user_id not in {chat.id, fake.bot_id}:
            raise ApiError(400, "Bad Request: user not found")
        if chat.type == "private" and user_id == chat.id:
            return {"status": "member", "user": fake._users[chat.id]}
        return fake._member_api(chat, user_id)


@_method("getChatAdministrators")
def _get_chat_administrators(
    fake: FakeTelegram, params: JSON, files: dict[str, _UploadedFile], call: Call
) -> Any:
    with fake._cond:
        chat = fake._resolve_chat(params, for_sending=False)
        if chat.type == "private":
            raise ApiError(400, "Bad Request: there are no administrators in the private chat")
        admins = sorted(chat.admins | ({chat.creator} if chat.creator is not None else set()))
        result = [fake._member_api(chat, user_id) for user_id in admins]
        if chat.bot_is_admin:
            result.append(fake._member_api(chat, fake.bot_id))
        return result


# ----------------------------------------------------------------- HTTP layer


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], fake: FakeTelegram
    ) -> None:
        self.fake = fake
        super().__init__(address, handler)

    def shutdown_request(self, request: Any) -> None:
        super().shutdown_request(request)
        with self.fake._cond:
            self.fake._connections.discard(request)
            self.fake._cond.notify_all()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that dies (SIGKILL in a test) resets its connections: that is normal."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


_PATH = re.compile(r"^/bot(?P<token>[^/]*)/(?P<method>[A-Za-z0-9_]+)/?$")
_FILE_PATH = re.compile(r"^/file/bot(?P<token>[^/]*)/(?P<path>.+)$")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.fake._cond:
            self.server.fake._connections.add(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log lines."""

    def do_GET(self) -> None:
        found = _FILE_PATH.match(urllib.parse.unquote(urllib.parse.urlsplit(self.path).path))
        if found is not None:
            self._serve_file(found["token"], found["path"])
            return
        self._serve()

    def _serve_file(self, token: str, path: str) -> None:
        fake = self.server.fake
        content = fake.file_at(path) if fake.token in (None, token) else None
        if content is None:
            self._respond(404, ApiError(404, "Not Found").envelope())
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        body = self._read_body()
        match = _PATH.match(url.path)
        if match is None:
            self._respond(404, ApiError(404, "Not Found").envelope())
            return
        try:
            params, files = self._parse(url.query, body)
        except ApiError as exc:
            self._respond(exc.code, exc.envelope())
            return
        fake = self.server.fake
        outcome = fake.handle(match["token"], match["method"], params, files)
        if outcome.body is None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if outcome.hang_seconds > 0:
            fake._stopping.wait(outcome.hang_seconds)
            self.close_connection = True
        self._respond(outcome.status, outcome.body)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _parse(self, query: str, body: bytes) -> tuple[dict[str, Any], dict[str, _UploadedFile]]:
        params: dict[str, Any] = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
        files: dict[str, _UploadedFile] = {}
        content_type = self.headers.get("Content-Type", "")
        if not body:
            return params, files
        if content_type.startswith("application/json"):
            try:
                decoded = json.loads(body)
            except ValueError as exc:
                raise ApiError(400, "Bad Request: can't parse JSON") from exc
            if not isinstance(decoded, dict):
                raise ApiError(400, "Bad Request: JSON object expected")
            params.update(decoded)
        elif content_type.startswith("multipart/form-data"):
            head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if not isinstance(name, str):
                    continue
                payload = part.get_payload(decode=True)
                content = payload if isinstance(payload, bytes) else b""
                filename = part.get_filename()
                if filename is not None:
                    files[name] = _UploadedFile(filename, content)
                else:
                    params[name] = content.decode(part.get_content_charset() or "utf-8")
        else:
            text = body.decode("utf-8")
            params.update(urllib.parse.parse_qsl(text, keep_blank_values=True))
        return params, files

    def _respond(self, status: int, body: JSON) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            self.close_connection = True
