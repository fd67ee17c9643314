"""The deployment files say what the code does: docker-compose.yml runs the roles on
PostgreSQL with settings `Settings` knows, and the image's HEALTHCHECK really asks
/healthz (run here against the real endpoint).  Docker itself cannot run in the test
environment; `docker compose config` validates the file where it can."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from sqlalchemy import Engine

from bot.__main__ import build_parser
from bot.config import Settings
from bot.endpoint import HealthServer
from tests.support import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
ROLES = ("updates", "poll", "deliver")


def instructions(name: str) -> list[str]:
    """Every `name` instruction of the Dockerfile, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line[len(name) :].strip() for line in joined.splitlines() if line.startswith(name)]


def healthcheck_command() -> list[str]:
    [healthcheck] = instructions("HEALTHCHECK")
    command: list[str] = json.loads(healthcheck.partition("CMD")[2])
    return command


@pytest.mark.parametrize("role", ROLES)
def test_each_role_runs_as_the_cli_says_on_postgresql(role: str) -> None:
    service = COMPOSE["services"][role]
    command = service["command"]
    assert command[:3] == ["python", "-m", "bot"]
    parsed = build_parser().parse_args(command[3:])
    assert (parsed.command, parsed.role) == ("run", role)
    assert service["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    url = urlsplit(service["environment"]["DATABASE_URL"])
    assert (url.scheme, url.hostname, url.path) == ("postgresql", "postgres", "/peacewatch")


def test_migrations_run_once_when_postgresql_is_ready() -> None:
    services = COMPOSE["services"]
    migrate = services["migrate"]
    assert build_parser().parse_args(migrate["command"][3:]).action == "upgrade"
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert migrate["restart"] == "no"
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["postgres"]["environment"]["POSTGRES_DB"] == "peacewatch"


def test_a_standby_waits_beside_the_process_receiving_updates() -> None:
    assert COMPOSE["services"]["updates"]["deploy"]["replicas"] >= 2


def test_every_variable_the_compose_file_sets_is_a_setting() -> None:
    known = {name.upper() for name in Settings.model_fields}
    for name in (*ROLES, "migrate"):
        assert set(COMPOSE["services"][name]["environment"]) <= known, name


def test_the_image_uses_jemalloc_and_serves_the_endpoint_on_every_interface() -> None:
    env = " ".join(instructions("ENV"))
    assert "libjemalloc2" in " ".join(instructions("RUN"))
    assert re.search(r"LD_PRELOAD=\S*libjemalloc\.so\.2", env)
    assert "METRICS_ADDR=0.0.0.0:9464" in env
    assert healthcheck_command()[0] == "python"


async def _healthcheck(metrics_addr: str) -> int:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *healthcheck_command()[1:],
        env={"METRICS_ADDR": metrics_addr},
        stderr=asyncio.subprocess.DEVNULL,
    )
    return await process.wait()


async def test_the_image_healthcheck_asks_healthz(sqlite_engine: Engine) -> None:
    async def ready() -> dict[str, Any]:
        return {}

    server = HealthServer(("127.0.0.1", 0), sqlite_engine, ready)
    server.start()
    try:
        assert await _healthcheck(f"0.0.0.0:{server.port}") == 0
    finally:
        await server.stop()
    assert await _healthcheck(f"0.0.0.0:{server.port}") != 0  # nobody answers: unhealthy
