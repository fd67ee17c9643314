"""Updates by webhook (`TELEGRAM_WEBHOOK_URL`): the fake Telegram registers the bot's URL
and POSTs each update to it with the secret token; a request without the secret, or with
another one, is refused and changes nothing."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

import httpx
from pydantic import SecretStr
from sqlmodel import Session

from bot.config import Settings
from bot.service import build_service
from bot.store.models import Chat
from tests.support.processes import write_feeds_file
from tests.support.telegram_api import FakeTelegram

TOKEN = "4242:WEBHOOK"
OLENA = 501


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def forged_stop() -> dict[str, object]:
    """A /stop from Olena, as an attacker who knows the URL (not the secret) would send."""
    sender = {"id": OLENA, "is_bot": False, "first_name": "Olena"}
    return {
        "update_id": 900001,
        "message": {
            "message_id": 900,
            "date": int(time.time()),
            "chat": {"id": OLENA, "type": "private", "first_name": "Olena"},
            "from": sender,
            "text": "/stop",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }


async def test_updates_arrive_by_webhook_and_only_with_the_secret(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/updates"
    with FakeTelegram(token=TOKEN) as fake:
        fake.add_user(OLENA, "Olena")
        settings = Settings(
            data_dir=tmp_path,
            feeds_file=write_feeds_file(tmp_path, {"Wire": "http://127.0.0.1:9/rss"}),
            telegram_bot_token=SecretStr(TOKEN),
            telegram_api_base_url=fake.base_url,
            telegram_webhook_url=url,
            webhook_listen=f"127.0.0.1:{port}",
        )
        service = build_service(settings)
        task = asyncio.create_task(service.run())
        try:
            await fake.wait_for_async(lambda: bool(fake.calls_to("setWebhook")), timeout=10)
            [registered] = fake.calls_to("setWebhook")
            assert registered.params["url"] == url
            assert registered.params["secret_token"] == settings.webhook_secret

            fake.user_sends(OLENA, OLENA, "/start")
            await fake.wait_for_messages_async(OLENA, 1, timeout=10)
            # PTB registers the webhook just before its server listens, so a first post
            # may find nothing answering (0); Telegram, like the fake, posts it again
            *refused, delivered = [post.status for post in fake.webhook_posts]
            assert delivered == 200 and set(refused) <= {0}, fake.webhook_posts

            async with httpx.AsyncClient(timeout=5) as client:
                without = await client.post(url, json=forged_stop())
                wrong = await client.post(
                    url,
                    json=forged_stop(),
                    headers={"X-Telegram-Bot-Api-Secret-Token": "not-the-secret"},
                )
            assert (without.status_code, wrong.status_code) == (403, 403)

            fake.user_sends(OLENA, OLENA, "/help")  # handled after anything sent before
            await fake.wait_for_messages_async(OLENA, 2, timeout=10)
        finally:
            service.stop()
            await asyncio.wait_for(task, timeout=20)
    assert len(fake.sent_to(OLENA)) == 2  # /start and /help answered; the forged /stop not
    with Session(service.engine) as session:
        assert session.get(Chat, OLENA) is not None
    assert fake.calls_to("getUpdates") == []
