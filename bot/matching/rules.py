"""The rule language for topics and personal keywords: models and validation.

A *term* is a word, a phrase ("peace plan"), or a word ending in ``*`` that matches any
word starting with it (``перемир*``).  Topics combine terms in rules::

    contexts:
      ukraine-war: [ukrain*, kyiv, kremlin, україн*, украин*]
    topics:
      - id: ceasefire
        name: Ceasefire
        description: Ceasefire, truce, armistice, pauses in strikes
        context: ukraine-war          # generic words count only in items about this war
        rules:
          - any: [cease-fire, truce, перемир*]
          - all: [[energy, енергетичн*], [pause, moratorium, мораторі*]]
        not: [football]

A topic matches when its context (if any) is present, at least one rule matches and
none of its ``not`` terms occurs.  A rule matches when its ``any`` list has a hit (if
given), every group of its ``all`` list has a hit (if given) and none of its own
``not`` terms occurs.

Validation errors carry a "what to fix" message and a ``loc`` that follows the YAML
structure, so a loader can point at the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

MAX_KEYWORD_LENGTH = 64
MIN_WILDCARD_LETTERS = 3
MAX_NEAR = 50

_ALLOWED_PUNCTUATION = set(" -‐‑'’ʼ`.,&/*\"")
_REGEX_HINTS = re.compile(r"\\[a-zA-Z]|\.\*|\.\+|[\[\]{}()|^$+?\\]")
_CLAUSE_BREAK = re.compile(r",\s")
"""A comma between words: the lemma stream keeps it, so no phrase matches across it
("1,000" is one figure and stays allowed)."""
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_term(text: str) -> str:
    """Validate one term as written; return it stripped.  Raises ValueError saying what to fix."""
    if not isinstance(text, str):
        raise ValueError('a term must be text, e.g. ceasefire, "peace plan" or перемир*')
    term = text.strip()
    if len(term) >= 2 and term[0] == term[-1] == '"':
        term = term[1:-1].strip()
    if not term:
        raise ValueError("empty term: write a word, a phrase or a prefix ending in *")
    if _REGEX_HINTS.search(term):
        raise ValueError(
            f"{term!r} looks like a regular expression; write plain words, a phrase, "
            "or a word ending in * (e.g. перемир*)"
        )
    bad = sorted({c for c in term if not c.isalnum() and c not in _ALLOWED_PUNCTUATION})
    if bad or '"' in term:
        shown = " ".join(bad) if bad else '"'
        raise ValueError(
            f"{term!r} contains {shown}: use only letters, digits, spaces, hyphens and "
            "apostrophes, with an optional * at the end"
        )
    if _CLAUSE_BREAK.search(term):
        raise ValueError(
            f"{term!r}: a phrase never matches across a comma; write each part as its "
            "own term in an all: rule with near:"
        )
    if not any(c.isalpha() for c in term):
        raise ValueError(f"{term!r} has no letters: a term must contain a word")
    if "*" in term[:-1]:
        raise ValueError(f"{term!r}: * may only end the term, as in перемир*")
    if term.endswith("*"):
        last = re.split(r"[\s\-‐‑'’ʼ`.,&/]+", term[:-1])[-1]
        letters = sum(c.isalpha() for c in last)
        if letters < MIN_WILDCARD_LETTERS:
            raise ValueError(
                f"{term!r}: a wildcard needs at least {MIN_WILDCARD_LETTERS} letters before *"
                f" (e.g. перемир*), otherwise it matches far too much"
            )
    return term


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lowercase letters, digits and hyphens, "
            "e.g. security-guarantees"
        )
    return value


def _one_line(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if "\n" in value:
        raise ValueError("must fit on one line")
    return value


def _non_empty(what: str) -> Callable[[list[Any]], list[Any]]:
    def check(value: list[Any]) -> list[Any]:
        if not value:
            raise ValueError(f"empty {what}: list at least one term, or remove the key")
        return value

    return check


def _group_from_string(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Term = Annotated[str, AfterValidator(check_term)]
Slug = Annotated[str, AfterValidator(_check_slug)]
OneLine = Annotated[str, AfterValidator(_one_line)]
TermList = Annotated[list[Term], AfterValidator(_non_empty("group"))]
Group = Annotated[
    list[Term], BeforeValidator(_group_from_string), AfterValidator(_non_empty("group"))
]


def _friendly(errors: list[Any], allowed: list[str]) -> list[InitErrorDetails]:
    """Rewrite pydantic's generic messages for unknown keys into "what to fix" ones.

    Only errors of this model's own keys (a location one step long) are rewritten:
    deeper ones were explained by the nested model, or belong to another model.
    """
    out: list[InitErrorDetails] = []
    for err in errors:
        own = len(err["loc"]) == 1
        if err["type"] == "extra_forbidden" and own:
            key = err["loc"][-1]
            err_type = PydanticCustomError(
                "unknown_key",
                "unknown key '{key}': allowed keys here are {allowed}",
                {"key": key, "allowed": ", ".join(allowed)},
            )
        elif err["type"] == "missing" and own:
            err_type = PydanticCustomError(
                "missing_key", "required key '{key}' is missing", {"key": err["loc"][-1]}
            )
        else:
            msg = err["msg"].removeprefix("Value error, ")
            err_type = PydanticCustomError(err["type"], "{msg}", {"msg": msg})
        out.append({"type": err_type, "loc": err["loc"], "input": err.get("input")})
    return out


class _Strict(BaseModel):
    """Base: unknown keys are errors, and error messages say what to fix."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="wrap")
    @classmethod
    def _explain(cls, data: Any, handler: Callable[[Any], Any]) -> Any:
        try:
            return handler(data)
        except ValidationError as exc:
            allowed = [f.alias or name for name, f in cls.model_fields.items()]
            raise ValidationError.from_exception_data(
                cls.__name__, _friendly(exc.errors(), allowed)
            ) from None


def _check_near(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_NEAR:
        raise ValueError(f"near must be a whole number of words from 1 to {MAX_NEAR}, e.g. near: 8")
    return value


class Rule(_Strict):
    """One way for a topic to match: ``any`` of some terms and/or ``all`` of some groups.

    With ``near: N`` the ``all`` groups must hit within N words of each other (one hit
    of every group inside a window N words wide, in the title or in the summary).
    """

    any_: TermList | None = Field(default=None, alias="any")
    all_: Annotated[list[Group], AfterValidator(_non_empty("all list"))] | None = Field(
        default=None, alias="all"
    )
    near: Annotated[int, BeforeValidator(_check_near)] | None = None
    not_: TermList | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _has_positive_part(self) -> Rule:
        if self.any_ is None and self.all_ is None:
            raise ValueError("a rule needs an 'any' list or an 'all' list of groups")
        if self.near is not None and len(self.all_ or ()) < 2:
            raise ValueError(
                "near needs an 'all' list of at least two groups: it says how close "
                "their hits must be"
            )
        return self


class TopicSpec(_Strict):
    """A topic as written in the YAML ``topics:`` list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: OneLine
    description: OneLine
    context: Slug | None = None
    """Name of an entry of ``contexts:``; its terms must occur for the topic to match."""
    rules: Annotated[list[Rule], AfterValidator(_non_empty("rules list"))]
    not_: TermList | None = Field(default=None, alias="not")
    not_contexts: list[Slug] | None = None
    """Names of entries of ``contexts:`` whose terms silence the topic as its ``not:`` list
    does: the other wars whose truces, talks and exchanges read like this one's, written
    once for every topic they mislead."""


def _check_probability(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
        raise ValueError("must be a probability between 0 and 1, e.g. 0.5")
    return float(value)


Probability = Annotated[float, BeforeValidator(_check_probability)]


class ModelSettings(_Strict):
    """The ``model:`` section: when the topic model (`bot.matching.model`) decides.

    A topic matches when one of its rules fires and the model gives it at least
    ``with_rule`` (or the topic's own value in ``with_rule_for``), or when the model alone
    gives it at least ``alone``.
    """

    alone: Probability = 0.7
    with_rule: Probability = 0.1
    with_rule_for: dict[Slug, Probability] = Field(default_factory=dict)
    """Topics whose fired rules need more of the model than ``with_rule``: a topic whose
    terms also name who speaks or when ("negotiators say…", "after talks in Riyadh")."""

    def needed_with_rule(self, topic_id: str) -> float:
        """What the model must give `topic_id` for a rule's match of it to stand."""
        return self.with_rule_for.get(topic_id, self.with_rule)

    @model_validator(mode="after")
    def _ordered(self) -> ModelSettings:
        thresholds = {"with_rule": self.with_rule}
        thresholds.update((f"with_rule_for {t}", v) for t, v in self.with_rule_for.items())
        for where, value in thresholds.items():
            if value > self.alone:
                raise ValueError(
                    f"{where} must not be above alone: a rule that fired needs less "
                    "confidence from the model than no rule at all"
                )
        return self


class MatchingConfig(_Strict):
    """The ``contexts:``, ``topics:`` and ``model:`` sections of the configuration.

    Without ``model:`` topics match by their rules alone.
    """

    contexts: dict[Slug, TermList] = Field(default_factory=dict)
    topics: list[TopicSpec]
    model: ModelSettings | None = None

    @model_validator(mode="wrap")
    @classmethod
    def _references(cls, data: Any, handler: Callable[[Any], Any]) -> Any:
        cfg = handler(data)
        problems: list[InitErrorDetails] = []
        seen: set[str] = set()
        for i, topic in enumerate(cfg.topics):
            if topic.id in seen:
                problems.append(
                    {
                        "type": PydanticCustomError(
                            "duplicate_id",
                            "topic id '{id}' is used twice: ids must be unique",
                            {"id": topic.id},
                        ),
                        "loc": ("topics", i, "id"),
                        "input": topic.id,
                    }
                )
            seen.add(topic.id)
            if topic.context is not None and topic.context not in cfg.contexts:
                problems.append(
                    _unknown_context(topic.context, cfg.contexts, ("topics", i, "context"))
                )
            for j, name in enumerate(topic.not_contexts or ()):
                if name not in cfg.contexts:
                    problems.append(
                        _unknown_context(name, cfg.contexts, ("topics", i, "not_contexts", j))
                    )
        for name in cfg.model.with_rule_for if cfg.model is not None else ():
            if name not in seen:
                problems.append(
                    {
                        "type": PydanticCustomError(
                            "unknown_topic",
                            "with_rule_for names topic '{name}', which is not under "
                            "topics: (known: {known})",
                            {"name": name, "known": ", ".join(t.id for t in cfg.topics)},
                        ),
                        "loc": ("model", "with_rule_for", name),
                        "input": name,
                    }
                )
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        return cfg


def _unknown_context(
    name: str, contexts: dict[str, list[str]], loc: tuple[str | int, ...]
) -> InitErrorDetails:
    known = ", ".join(contexts) or "none defined"
    return {
        "type": PydanticCustomError(
            "unknown_context",
            "context '{name}' is not defined under contexts: (known: {known})",
            {"name": name, "known": known},
        ),
        "loc": loc,
        "input": name,
    }


def load_matching_config(data: dict[str, Any]) -> MatchingConfig:
    """Validate the ``contexts:``, ``topics:`` and ``model:`` sections; other top-level
    keys are ignored."""
    return MatchingConfig.model_validate(
        {k: v for k, v in data.items() if k in ("contexts", "topics", "model")}
    )


def parse_keyword(text: str) -> str:
    """Validate a subscriber's keyword; return its normalised form.

    The normalised form is lower-case with single spaces and no quotes; hyphens are
    kept, because ``cease-fire`` also matches "ceasefire" and "cease fire".
    Accepts a word, a "quoted phrase" (unquoted words are read as a phrase too) or a word
    ending in ``*``.  Raises ValueError with a message fit to show the subscriber.
    Nothing a subscriber types ever reaches a regular expression engine.
    """
    raw = text.strip()
    if len(raw) > MAX_KEYWORD_LENGTH:
        raise ValueError(f"A keyword can be at most {MAX_KEYWORD_LENGTH} characters long.")
    if not any(c.isalpha() for c in raw):
        raise ValueError("A keyword needs at least one letter.")
    try:
        term = check_term(raw)
    except ValueError as exc:
        raise ValueError(f"Cannot use this keyword: {exc}.") from None
    return " ".join(term.lower().split())
