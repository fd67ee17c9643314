"""Operator logs: one line per event, structured, and never the bot token."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import JsonFormatter, KeyValueFormatter, RedactSecrets, log_event

TOKEN = "123456:AAE-secret-token"


def _record(message: str, **fields: object) -> logging.LogRecord:
    logger = logging.getLogger("test.logs")
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    handler.addFilter(RedactSecrets([TOKEN]))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        log_event(logger, logging.INFO, message, **fields)
    finally:
        logger.removeHandler(handler)
    [record] = records
    return record


@pytest.mark.parametrize("formatter", [KeyValueFormatter(), JsonFormatter()])
def test_the_bot_token_never_reaches_a_log_line(formatter: logging.Formatter) -> None:
    record = _record(
        f"GET https://api.telegram.org/bot{TOKEN}/getMe failed",
        url=f"https://api.telegram.org/bot{TOKEN}/sendMessage",
        chat=42,
    )
    line = formatter.format(record)
    assert TOKEN not in line
    assert "***" in line
    assert "\n" not in line


def test_an_event_is_one_key_value_line_without_empty_fields() -> None:
    line = KeyValueFormatter().format(
        _record("feed_polled", feed="Kyiv Independent", status="new", new=3, error=None)
    )
    assert 'event=feed_polled feed="Kyiv Independent" status=new new=3' in line
    assert "error" not in line


def test_json_lines_carry_the_fields() -> None:
    payload = json.loads(JsonFormatter().format(_record("digest_sent", chat=7, stories=4)))
    assert payload["event"] == "digest_sent"
    assert payload["chat"] == 7 and payload["stories"] == 4
