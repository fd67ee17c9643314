"""The operator's endpoint (`METRICS_ADDR`) over real HTTP: Prometheus metrics recorded where
the work happens, `/healthz`, and `/readyz` naming the check that fails."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from sqlalchemy import Engine, text

from bot.config import Settings
from bot.service import POLL_TICK, Role, Service, build_service, tick_state
from bot.store.schema import head as schema_head
from tests.support.fanout import telegram_bot
from tests.support.feed_server import FeedItem, FeedServer, rss_feed
from tests.support.processes import database_url, write_feeds_file
from tests.support.telegram_api import FakeTelegram

TOKEN = "4242:HEALTH"
OLENA = 501
TRUCE = FeedItem(
    "Russia and Ukraine agree energy truce",
    "https://news.example/truce",
    guid="truce-1",
    published=datetime.now(UTC),
    summary="Kyiv and Moscow agreed a 30-day ceasefire on energy strikes.",
)


@contextlib.asynccontextmanager
async def running(service: Service) -> AsyncIterator[httpx.AsyncClient]:
    """The service running, and an HTTP client on its endpoint."""
    task = asyncio.create_task(service.run())
    try:
        await asyncio.sleep(0)  # the endpoint listens before anything else starts
        assert service.health is not None
        base = f"http://127.0.0.1:{service.health.port}"
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            yield client
    finally:
        service.stop()
        await asyncio.wait_for(task, timeout=20)


async def until_ready(client: httpx.AsyncClient) -> httpx.Response:
    for _ in range(200):
        answer = await client.get("/readyz")
        if answer.status_code == 200:
            return answer
        await asyncio.sleep(0.05)
    raise AssertionError(f"never ready: {answer.text}")


def samples(exposition: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """(sample name, labels) → value, parsed as Prometheus would."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


async def test_metrics_liveness_and_readiness_of_a_running_service(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.feed("/wire.rss", rss_feed([]))
    with FakeTelegram(token=TOKEN) as fake:
        fake.add_user(OLENA, "Olena")
        settings = Settings(
            data_dir=tmp_path,
            feeds_file=write_feeds_file(tmp_path, {"Kyiv Wire": feed_server.url("/wire.rss")}),
            telegram_bot_token=SecretStr(TOKEN),
            telegram_api_base_url=fake.base_url,
            metrics_addr="127.0.0.1:0",
        )
        async with running(build_service(settings)) as client:
            alive = await client.get("/healthz")
            assert (alive.status_code, alive.json()) == (200, {"status": "alive"})
            ready = await until_ready(client)
            assert ready.json() == {
                "status": "ready",
                "checks": {"database": "ok", "telegram": "ok", "poll_tick": "ok"},
            }

            fake.user_sends(OLENA, OLENA, "/subscribe ceasefire")
            await fake.wait_for_messages_async(OLENA, 1, timeout=10)
            feed_server.update("/wire.rss", rss_feed([TRUCE]))
            await fake.wait_for_messages_async(OLENA, 2, timeout=15)

            scraped = await client.get("/metrics")
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    found = samples(scraped.text)
    assert found[("peacewatch_polls_total", (("outcome", "new"),))] >= 1
    outcomes = {
        dict(labels)["outcome"] for name, labels in found if name == "peacewatch_polls_total"
    }
    assert outcomes <= {"new", "nothing_new", "not_modified", "unchanged", "error", "gone"}
    assert found[("peacewatch_fetch_seconds_count", ())] >= 1
    assert found[("peacewatch_new_items_total", ())] >= 1
    assert found[("peacewatch_matches_total", (("topic", "ceasefire"),))] >= 1
    assert found[("peacewatch_sends_total", (("outcome", "sent"),))] >= 2  # reply + alert
    assert found[("peacewatch_alert_latency_seconds_count", ())] >= 1
    assert found[("peacewatch_outbox_pending", ())] == 0
    assert found[("peacewatch_outbox_oldest_due_seconds", ())] == 0
    assert found[("peacewatch_stories", ())] == 1
    assert found[("peacewatch_receiving_updates", ())] == 1
    assert ("peacewatch_digests_sent_total", ()) in found


async def test_readiness_names_the_check_that_fails(
    empty_postgres_engine: Engine, tmp_path: Path
) -> None:
    """A poll process whose database goes away is not ready, and says why; then it is."""
    settings = Settings(
        data_dir=tmp_path,
        database_url=database_url(empty_postgres_engine),
        feeds_file=write_feeds_file(tmp_path, {"Wire": "http://127.0.0.1:9/rss"}),
        metrics_addr="127.0.0.1:0",
    )
    admin = empty_postgres_engine
    with admin.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    async with running(build_service(settings, role=Role.POLL)) as client:
        await until_ready(client)
        with admin.begin() as connection:  # the schema (and every table) disappears
            connection.execute(text(f'ALTER SCHEMA "{schema}" RENAME TO "{schema}_away"'))
        try:
            answer = await client.get("/readyz")
        finally:
            with admin.begin() as connection:
                connection.execute(text(f'ALTER SCHEMA "{schema}_away" RENAME TO "{schema}"'))
        assert answer.status_code == 503
        body = answer.json()
        assert (body["status"], body["failed"]) == ("unready", ["database"])
        assert body["checks"]["database"] == f"no schema (this build needs {schema_head()})"
        assert body["checks"]["poll_tick"] == "ok"
        await until_ready(client)


def test_a_poll_tick_is_late_after_two_of_its_intervals() -> None:
    now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    assert tick_state(None, now, POLL_TICK) == "no tick has finished yet"
    assert tick_state(now.replace(second=0), now.replace(second=4), POLL_TICK) == "ok"
    late = tick_state(now, now.replace(second=5), POLL_TICK)
    assert late == "the last tick finished 5 s ago (one is due every 2 s)"


def _sends(outcome: str) -> float:
    return REGISTRY.get_sample_value("peacewatch_sends_total", {"outcome": outcome}) or 0.0


async def test_every_message_is_counted_by_its_outcome() -> None:
    with FakeTelegram(token="123456:fanout-token") as fake:
        fake.add_user(1)
        fake.add_user(2)
        fake.block(2)
        before = {outcome: _sends(outcome) for outcome in ("sent", "429", "403", "error")}
        waited = REGISTRY.get_sample_value("peacewatch_flood_wait_seconds_total") or 0.0
        fake.fail_next(1, "429", method="sendMessage", retry_after=1)
        async with telegram_bot(fake.base_url) as bot:
            await bot.send_message(1, "retried after its 429")
            with pytest.raises(Exception, match="blocked"):
                await bot.send_message(2, "refused")
            with pytest.raises(Exception, match="Chat not found"):
                await bot.send_message(3, "nobody")
            await bot.get_me()  # not a message: not counted
    after = {outcome: _sends(outcome) - count for outcome, count in before.items()}
    assert after == {"sent": 1, "429": 1, "403": 1, "error": 1}
    assert (REGISTRY.get_sample_value("peacewatch_flood_wait_seconds_total") or 0) - waited == 1
