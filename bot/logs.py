"""Operator logs: one line per event, `key=value` (or JSON), never the bot token."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from typing import Any

_FIELDS = "_fields"


def log_event(logger: logging.Logger, level: int, event: str, **fields: Any) -> None:
    """Log `event` with structured fields; None-valued fields are left out."""
    clean = {k: v for k, v in fields.items() if v is not None}
    logger.log(level, event, extra={_FIELDS: clean})


def _quote(value: Any) -> str:
    text = str(value)
    if not text or any(c in text for c in ' ="\n'):
        return json.dumps(text, ensure_ascii=False)
    return text


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, _FIELDS, {})
        parts = [
            self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            record.levelname.lower(),
            record.name,
            f"event={_quote(record.getMessage())}",
            *(f"{k}={_quote(v)}" for k, v in fields.items()),
        ]
        if record.exc_info:
            parts.append(f"exc={_quote(self.formatException(record.exc_info))}")
        return " ".join(parts)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            **getattr(record, _FIELDS, {}),
        }
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


class RedactSecrets(logging.Filter):
    """Replaces secrets (the bot token) wherever they appear in a record."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        for secret in self._secrets:
            message = message.replace(secret, "***")
        record.msg, record.args = message, None
        fields = getattr(record, _FIELDS, None)
        if fields:
            for key, value in fields.items():
                if isinstance(value, str):
                    for secret in self._secrets:
                        value = value.replace(secret, "***")
                    fields[key] = value
        return True


def configure_logging(level: str, fmt: str, secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else KeyValueFormatter())
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL at INFO, and Bot API URLs contain the token; Alembic
    # narrates every start (`schema_migrated` says what changed).
    for noisy in (
        "httpx",
        "httpcore",
        "apscheduler",
        "telegram.ext.Application",
        "alembic",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
