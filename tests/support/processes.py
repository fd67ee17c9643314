"""Running Peacewatch as real processes (`python -m bot run --role …`), for tests of
several processes sharing one database.

Each process logs JSON lines to its own file; a test waits for the events it logs
(`BotProcess.wait_for("service_started")`) rather than for time to pass.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine

from tests.support import ROOT


def database_url(engine: Engine) -> str:
    """The URL another process opens to reach `engine`'s database (and its schema)."""
    return engine.url.render_as_string(hide_password=False)


def write_feeds_file(folder: Path, feeds: Mapping[str, str], interval: str = "1s") -> Path:
    """A feeds.yaml with these feeds (name → URL) and the project's topics."""
    project = yaml.safe_load((ROOT / "feeds.yaml").read_text(encoding="utf-8"))
    config = {
        "feeds": [
            {"name": name, "url": url, "interval": interval, "lang": "en"}
            for name, url in feeds.items()
        ],
        "contexts": project["contexts"],
        "topics": project["topics"],
    }
    path = folder / "feeds.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@dataclass
class BotProcess:
    """One `python -m bot run` process and its log."""

    name: str
    role: str
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def user_agent(self) -> str:
        """What it fetches feeds as: tells the feed server which process asked."""
        return user_agent(self.name)

    def events(self, event: str | None = None) -> list[dict[str, Any]]:
        """The events it logged so far (all, or those named `event`)."""
        found = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and event in (None, record.get("event")):
                found.append(record)
        return found

    def wait_for(self, event: str, timeout: float = 60.0) -> dict[str, Any]:
        """The first `event` it logs; raises when it exits or the time is up first."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.events(event)
            if found:
                return found[0]
            if self.popen.poll() is not None:
                raise AssertionError(
                    f"{self.name} exited ({self.popen.returncode}):\n{self.tail()}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} logged no {event}:\n{self.tail()}")
            time.sleep(0.05)

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, as an orchestrator stops it; its exit code."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        return self.popen.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL: no chance to finish anything."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def user_agent(name: str) -> str:
    return f"Peacewatch-test/{name}"


def start(name: str, role: str, env: Mapping[str, str], folder: Path) -> BotProcess:
    """`python -m bot run --role <role>` with `env` on top of this environment."""
    log = folder / f"{name}.log"
    with log.open("ab") as out:
        popen = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--role", role],
            cwd=folder,
            env={
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "LOG_FORMAT": "json",
                "LOG_LEVEL": "INFO",
                "USER_AGENT": user_agent(name),
                **env,
            },
            stdout=out,
            stderr=out,
        )
    return BotProcess(name, role, popen, log)
