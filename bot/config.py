"""Configuration, read once at the edge and validated.

Two sources: the environment (`Settings`, pydantic-settings) and `feeds.yaml`
(`FeedsFile`, a pydantic model).  A mistake in `feeds.yaml` is reported as a
`ConfigError` whose problems each name the file, the line and what to fix.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.domain import SourceKind
from bot.durations import parse_duration
from bot.matching.rules import MatchingConfig, TopicSpec

DEFAULT_TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"


def parse_interval(value: str | int) -> int:
    """`90s`, `5m`, `1h`, `1d` → seconds.  A bare integer means seconds."""
    if isinstance(value, bool):
        raise ValueError("interval must be a duration like 90s, 5m or 1h")
    if isinstance(value, int):
        seconds = value
    else:
        try:
            seconds = int(parse_duration(str(value), units="smhd").total_seconds())
        except ValueError:
            raise ValueError(
                f"interval {value!r} is not a duration: write a number and a unit, "
                "like 90s, 5m, 1h or 1d"
            ) from None
    if seconds < 1:
        raise ValueError("interval must be at least 1s")
    return seconds


KIND_CHOICES = ", ".join(kind.value for kind in SourceKind)


def parse_kind(value: object) -> object:
    """`kind:` as written in feeds.yaml; a wrong value is named with the four to choose from."""
    if value is None or isinstance(value, SourceKind):
        return value
    text = str(value).strip().lower()
    if text not in {kind.value for kind in SourceKind}:
        raise ValueError(f"kind {value!r} is not a source kind: write one of {KIND_CHOICES}")
    return SourceKind(text)


class FeedConfig(BaseModel):
    """One `feeds:` entry of feeds.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    url: str
    interval: Annotated[int, BeforeValidator(parse_interval)] = 300
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
    enabled: bool = True
    kind: Annotated[SourceKind | None, BeforeValidator(parse_kind)] = None
    """Who is speaking.  A feed without one is shown without a label (and `check` says so);
    the shipped feeds.yaml labels every outlet."""

    @field_validator("url")
    @classmethod
    def _url_is_http_or_local(cls, url: str) -> str:
        url = url.strip()
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("http", "https"):
            if not urlsplit(url).netloc:
                raise ValueError(f"url {url!r} has no host: write it like https://example.com/rss")
            return url
        if scheme in ("", "file"):
            return url
        raise ValueError(
            f"url {url!r} must start with http:// or https://, or be a path to a local file"
        )

    @property
    def is_local(self) -> bool:
        return urlsplit(self.url).scheme.lower() not in ("http", "https")


class FeedsFile(MatchingConfig):
    """The whole of feeds.yaml: the feeds, plus the matcher's `contexts:`, `topics:` and
    `model:`."""

    model_config = ConfigDict(extra="forbid")

    feeds: list[FeedConfig] = Field(min_length=1)
    topics: list[TopicSpec] = Field(default_factory=list)
    """Optional here: a feeds file without topics still polls and stores."""

    @model_validator(mode="after")
    def _names_are_unique(self) -> FeedsFile:
        seen: set[str] = set()
        for feed in self.feeds:
            if feed.name in seen:
                raise ValueError(f"feed name {feed.name!r} is used twice: names must be unique")
            seen.add(feed.name)
        return self


@dataclass(frozen=True)
class ConfigProblem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ConfigError(Exception):
    """feeds.yaml is wrong; `problems` says where and how to fix it."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a 1-based line."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            child = next(
                (
                    (k, v)
                    for k, v in node.value
                    if isinstance(k, yaml.ScalarNode) and k.value == part
                ),
                None,
            )
            if child is None:
                break
            key_node, node = child
            line = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _describe(error: Any) -> str:
    loc = ".".join(str(p) for p in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown key {loc.rsplit('.', 1)[-1]!r} ({loc}): remove it or check its spelling"
    if kind == "missing":
        return f"{loc} is required"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{loc}: {message}" if loc else message


def read_feeds_file(path: Path) -> FeedsFile:
    """Load and validate feeds.yaml; raise `ConfigError` with file:line problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([ConfigProblem(str(path), None, f"cannot read the file: {exc}")]) from exc
    return parse_feeds_text(text, str(path))


YAML_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
"""libyaml's safe loader where PyYAML has it (its wheels do): feeds.yaml carries the topic
rules, which the pure-Python loader takes most of a second to read, five times as long."""


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of a YAML text, each node with its line (for file:line reports)."""
    return yaml.compose(text, Loader=YAML_LOADER)


def parse_feeds_text(text: str, name: str) -> FeedsFile:
    """Validate the text of a feeds file named `name`; `ConfigError` with file:line problems."""
    try:
        root = compose_yaml(text)
        data = yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError([ConfigProblem(name, line, f"not valid YAML: {problem}")]) from exc
    if not isinstance(data, dict):
        raise ConfigError([ConfigProblem(name, 1, "expected a mapping with a 'feeds:' list")])
    duplicates = _duplicate_names(data, root, name)
    try:
        parsed = FeedsFile.model_validate(data)
    except ValidationError as exc:
        problems = [
            ConfigProblem(name, _line_of(root, tuple(err["loc"])), _describe(err))
            for err in exc.errors()
            if not (duplicates and not err["loc"])  # the model's own, line-less report
        ]
        raise ConfigError(problems + duplicates) from exc
    if duplicates:
        raise ConfigError(duplicates)
    return parsed


def _duplicate_names(
    data: dict[str, Any], root: yaml.Node | None, file: str
) -> list[ConfigProblem]:
    """A repeated feed name, reported at the line of its second use."""
    feeds = data.get("feeds")
    if not isinstance(feeds, list):
        return []
    first_line: dict[str, int | None] = {}
    problems = []
    for index, entry in enumerate(feeds):
        feed_name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(feed_name, str):
            continue
        line = _line_of(root, ("feeds", index, "name"))
        if feed_name in first_line:
            problems.append(
                ConfigProblem(
                    file,
                    line,
                    f"feed name {feed_name!r} is already used at line {first_line[feed_name]}: "
                    "names must be unique, rename one of them",
                )
            )
        else:
            first_line[feed_name] = line
    return problems


def resolve_local_url(url: str, base_dir: Path) -> str:
    """Make a relative path or file:// URL absolute against feeds.yaml's folder."""
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https"):
        return url
    raw = parts.path if parts.scheme.lower() == "file" else url
    path = Path(raw)
    if not path.is_absolute():
        path = (base_dir / path).resolve()
    return path.as_uri()


def feed_urls(feeds_file: FeedsFile, path: Path) -> dict[str, str]:
    """Feed name → the URL to fetch: local paths made absolute against feeds.yaml's folder."""
    base = path.resolve().parent
    return {feed.name: resolve_local_url(feed.url, base) for feed in feeds_file.feeds}


def parse_address(value: str) -> tuple[str, int]:
    """`host:port` (`[::1]:9464` for IPv6) → (host, port)."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not host or not port.isdecimal() or int(port) > 65535:
        raise ValueError(f"{value!r} is not an address: write host:port, like 127.0.0.1:9464")
    return host.removeprefix("[").removesuffix("]"), int(port)


def _split_ids(value: Any) -> Any:
    if isinstance(value, str):
        return [int(part) for part in re.split(r"[,\s]+", value.strip()) if part]
    return value


class Settings(BaseSettings):
    """Everything the environment can set.  Secrets stay `SecretStr`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = None
    feeds_file: Path = Path("feeds.yaml")
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = DEFAULT_TELEGRAM_API_BASE_URL
    telegram_webhook_url: str | None = None
    """Set: updates arrive by webhook at this public URL (its path is where the bot listens,
    on `WEBHOOK_LISTEN`); unset: long polling."""
    telegram_webhook_secret: SecretStr | None = None
    """What Telegram sends with every update (`X-Telegram-Bot-Api-Secret-Token`); unset:
    derived from the bot token, so every `updates` process agrees without configuration."""
    webhook_listen: str = "127.0.0.1:8443"
    """Where the webhook server listens (host:port), behind the TLS proxy at the URL."""
    admin_chat_ids: Annotated[list[int], NoDecode, BeforeValidator(_split_ids)] = Field(
        default_factory=list
    )
    default_lang: str = "en"
    poll_concurrency: int = Field(default=500, ge=1, le=5000)
    """Feeds fetched at once, across every host (one connection each)."""
    poll_per_host: int = Field(default=6, ge=1, le=100)
    """Feeds fetched at once from one host: one outlet, or a search service with many
    query feeds, never sees more connections from us than a browser opens."""
    http_timeout: float = Field(default=20.0, gt=0)
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    user_agent: str = "Peacewatch/0.1 (+https://github.com/peacewatch/peacewatch; news alert bot)"
    send_rate: float = Field(default=28.0, gt=0, le=1000)
    """Messages per second to Telegram, all processes together: under its ~30/s (more for a
    bot with paid broadcasts, or a self-hosted Bot API server)."""
    metrics_addr: str = "127.0.0.1:9464"
    """Where `run` serves /metrics, /healthz and /readyz (host:port); empty: nowhere."""
    log_level: str | None = None
    """Unset: INFO for `run`, WARNING for the one-shot commands (their output is the report)."""
    log_format: str = Field(default="text", pattern="^(text|json)$")
    # Feed health (bot.health.rules): when operators are told a feed is failing or silent.
    feed_failing_errors: int = Field(default=3, ge=1)
    feed_failing_after: Annotated[int, BeforeValidator(parse_interval)] = 3600
    feed_silent_factor: float = Field(default=10.0, gt=1)

    @field_validator("metrics_addr", "webhook_listen")
    @classmethod
    def _an_address(cls, value: str, info: ValidationInfo) -> str:
        if value.strip() or info.field_name == "webhook_listen":
            parse_address(value)
        return value.strip()

    @field_validator("telegram_webhook_url")
    @classmethod
    def _a_public_url(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{value!r} is not a URL: write it like https://bot.example.com/hook")
        return value.strip()

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _a_telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("1 to 256 characters, each a letter, a digit, _ or -")
        return value

    @property
    def webhook_address(self) -> tuple[str, int]:
        return parse_address(self.webhook_listen)

    @property
    def webhook_secret(self) -> str | None:
        """The secret every webhook request must carry (None without a token)."""
        if self.telegram_webhook_secret is not None:
            return self.telegram_webhook_secret.get_secret_value()
        if self.telegram_bot_token is None:
            return None
        token = self.telegram_bot_token.get_secret_value().encode()
        return hmac.new(token, b"peacewatch webhook", hashlib.sha256).hexdigest()

    @property
    def metrics_address(self) -> tuple[str, int] | None:
        return parse_address(self.metrics_addr) if self.metrics_addr else None

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'peacewatch.db').resolve()}"
