"""Telegram's rules for message text: HTML parse mode, entity detection, lengths.

This is the oracle the fake Bot API server uses to decide whether Telegram would accept a
text, and what the user would see. It follows the HTML parser of TDLib (the library behind
the Bot API server) closely:

- supported tags: ``b strong i em u ins s strike del span tg-spoiler a tg-emoji code pre
  blockquote``; ``<span>`` needs ``class="tg-spoiler"``; ``<a href>`` makes a ``text_link``
  (``tg://user?id=N`` a ``text_mention``); ``<code class="language-x">`` inside ``<pre>``
  gives the ``pre`` entity a ``language``; ``<blockquote expandable>`` gives an
  ``expandable_blockquote``; unknown attributes are ignored;
- entities: ``&lt; &gt; &amp; &quot;`` and numeric ``&#N;`` / ``&#xH;``;
- errors are reported with TDLib's wording, e.g. ``Unsupported start tag "script" at byte
  offset 0`` or ``Can't find end tag corresponding to start tag "b"``.

One deliberate difference: TDLib keeps an ``&`` that does not start a known entity as a
literal character, and accepts an entity without its ``;``. With ``strict_ampersand=True``
(the default) both are rejected instead, in text and in attribute values such as ``href``:
in our code they always mean a value was interpolated without escaping, which the real
Telegram would display wrongly (``AT&lt=T`` shows as ``AT<=T``).

Offsets and lengths of entities are in UTF-16 code units, as in the Bot API. Leading and
trailing whitespace of the parsed text is trimmed, as Telegram does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024

_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACE = " \t\r\n\0\v\f"
_TRIMMED = " \t\r\n\v\f"


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message is TDLib's description."""


class UnsupportedParseMode(ValueError):
    """A parse mode this fake does not model (only HTML is)."""


@dataclass
class ParsedText:
    """What Telegram makes of a text: the plain text shown and its entities (Bot API dicts)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)

    def entity_text(self, entity: dict[str, Any]) -> str:
        """The part of the text an entity covers (offsets are UTF-16 code units)."""
        return utf16_slice(self.text, entity["offset"], entity["length"])


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram's limits and offsets."""
    return len(text.encode("utf-16-le")) // 2


def utf16_slice(text: str, offset: int, length: int) -> str:
    """The substring at UTF-16 ``offset`` with UTF-16 ``length``."""
    data = text.encode("utf-16-le")
    return data[offset * 2 : (offset + length) * 2].decode("utf-16-le")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, pos: int, strict: bool = False) -> tuple[str, int] | None:
    """Decode the HTML entity starting with ``&`` at ``pos``: (character, next position).

    TDLib accepts an entity without its ``;``; ``strict`` does not (``&lt=2`` in an unescaped
    URL would otherwise silently become ``<=2``).
    """
    end = pos + 1
    if text.startswith("#", end):
        end += 1
        value = 0
        if text.startswith("x", end):
            end += 1
            digits = re.match(r"[0-9a-fA-F]*", text[end:])
            base = 16
        else:
            digits = re.match(r"[0-9]*", text[end:])
            base = 10
        raw = digits.group(0) if digits else ""
        if not raw or len(raw) > 7:
            return None
        value = int(raw, base)
        end += len(raw)
        if value == 0 or value >= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return None
        char = chr(value)
    else:
        name_match = re.match(r"[A-Za-z]*", text[end:])
        name = name_match.group(0) if name_match else ""
        if name not in _NAMED_ENTITIES:
            return None
        end += len(name)
        char = _NAMED_ENTITIES[name]
    if text.startswith(";", end):
        end += 1
    elif strict:
        return None
    return char, end


def _link_entity(url: str) -> dict[str, Any] | None:
    """The entity an ``<a href>`` makes, or None when Telegram would drop an invalid URL."""
    url = url.strip()
    mention = re.fullmatch(r"tg://user\?id=(\d+)", url)
    if mention:
        return {
            "type": "text_mention",
            "user": {"id": int(mention.group(1)), "is_bot": False, "first_name": ""},
        }
    if not url or any(c in url for c in ' \t\r\n<>"'):
        return None
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", url)
    if scheme:
        if scheme.group(1).lower() not in {"http", "https", "tg", "ton", "ftp", "tonsite"}:
            return None
        return {"type": "text_link", "url": url}
    if re.match(r"[\w-]+(\.[\w-]+)+(/|$|\?|#)", url):
        return {"type": "text_link", "url": "http://" + url}
    return None


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    text_start: int  # index in the output text (for <a> without href)


def parse_html(text: str, *, strict_ampersand: bool = True) -> ParsedText:
    """Parse ``text`` as Telegram's HTML parse mode; raise EntityParseError like Telegram."""
    out: list[str] = []
    out_len = 0  # characters appended to out, as a str length
    utf16_offset = 0
    entities: list[dict[str, Any]] = []
    open_tags: list[_OpenTag] = []
    i = 0
    n = len(text)

    def emit(chunk: str) -> None:
        nonlocal out_len, utf16_offset
        out.append(chunk)
        out_len += len(chunk)
        utf16_offset += utf16_len(chunk)

    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_entity(text, i, strict_ampersand)
            if decoded is not None:
                emit(decoded[0])
                i = decoded[1]
                continue
            if strict_ampersand:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}"
                )
        if c != "<":
            emit(c)
            i += 1
            continue
        begin = i
        i += 1
        if i >= n:
            raise EntityParseError(
                f"Unexpected end of name token at byte offset {_byte_offset(text, begin)}"
            )
        if text[i] != "/":
            while i < n and text[i] not in _SPACE and text[i] != ">":
                i += 1
            if i >= n:
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                )
            tag = text[begin + 1 : i].lower()
            if tag not in _SUPPORTED_TAGS:
                raise EntityParseError(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                )
            argument = ""
            while text[i] != ">":
                while i < n and text[i] in _SPACE:
                    i += 1
                if i >= n:
                    raise EntityParseError(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                    )
                if text[i] == ">":
                    break
                name_start = i
                while i < n and text[i] not in _SPACE and text[i] not in "=>":
                    i += 1
                attribute = text[name_start:i].lower()
                if not attribute:
                    raise EntityParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset '
                        f"{_byte_offset(text, begin)}"
                    )
                while i < n and text[i] in _SPACE:
                    i += 1
                if i >= n:
                    raise EntityParseError(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                    )
                if text[i] != "=":
                    if tag == "blockquote" and attribute == "expandable":
                        argument = "expandable"
                        continue
                    raise EntityParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {_byte_offset(text, begin)}'
                    )
                i += 1
                while i < n and text[i] in _SPACE:
                    i += 1
                if i >= n:
                    raise EntityParseError(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                    )
                if text[i] in "'\"":
                    quote = text[i]
                    end = text.find(quote, i + 1)
                    if end < 0:
                        raise EntityParseError(
                            f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                        )
                    value = _decode_attribute(
                        text[i + 1 : end], strict_ampersand, _byte_offset(text, i + 1)
                    )
                    i = end + 1
                else:
                    token = re.match(r"[A-Za-z0-9.\-]*", text[i:])
                    raw = token.group(0) if token else ""
                    value = raw.lower()
                    i += len(raw)
                    if i >= n or (text[i] not in _SPACE and text[i] != ">"):
                        raise EntityParseError(
                            f"Unexpected end of name token at byte offset {_byte_offset(text, i)}"
                        )
                if tag == "a" and attribute == "href":
                    argument = value
                elif tag == "code" and attribute == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and attribute == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif tag == "tg-emoji" and attribute == "emoji-id":
                    argument = value
            if tag == "span" and argument != "spoiler":
                raise EntityParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(text, begin)}"
                )
            i += 1  # the '>'
            open_tags.append(_OpenTag(tag, argument, utf16_offset, out_len))
            continue

        # an end tag
        if not open_tags:
            raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
        i += 1
        while i < n and text[i] not in _SPACE and text[i] != ">":
            i += 1
        end_name = text[begin + 2 : i].lower()
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n or text[i] != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
        i += 1
        opened = open_tags.pop()
        if end_name and end_name != opened.name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                f'expected "</{opened.name}>", found "</{end_name}>"'
            )
        length = utf16_offset - opened.utf16_offset
        if length > 0:
            _close_entity(opened, length, "".join(out)[opened.text_start :], entities)

    if open_tags:
        raise EntityParseError(
            f'Can\'t find end tag corresponding to start tag "{open_tags[-1].name}"'
        )
    return _trim(ParsedText("".join(out), sorted(entities, key=_entity_order)))


def _decode_attribute(raw: str, strict_ampersand: bool, byte_offset: int) -> str:
    result: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i] == "&":
            decoded = _decode_entity(raw, i, strict_ampersand)
            if decoded is not None:
                result.append(decoded[0])
                i = decoded[1]
                continue
            if strict_ampersand:
                raise EntityParseError(
                    "Can't find end of the entity starting at byte offset "
                    f"{byte_offset + _byte_offset(raw, i)}"
                )
        result.append(raw[i])
        i += 1
    return "".join(result)


def _close_entity(
    opened: _OpenTag, length: int, covered: str, entities: list[dict[str, Any]]
) -> None:
    offset = opened.utf16_offset
    tag = opened.name
    if tag in _SIMPLE_TAG_TYPES:
        entities.append({"type": _SIMPLE_TAG_TYPES[tag], "offset": offset, "length": length})
    elif tag == "tg-emoji":
        if not opened.argument.isdigit():
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(
            {
                "type": "custom_emoji",
                "offset": offset,
                "length": length,
                "custom_emoji_id": opened.argument,
            }
        )
    elif tag == "a":
        link = _link_entity(opened.argument or covered)
        if link is not None:
            entities.append({**link, "offset": offset, "length": length})
    elif tag == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
            and last.get("language")
        ):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag == "code":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "pre"
            and last["offset"] == offset
            and last["length"] == length
            and opened.argument
        ):
            last["language"] = opened.argument
        else:
            entity: dict[str, Any] = {"type": "code", "offset": offset, "length": length}
            if opened.argument:
                entity["language"] = opened.argument
            entities.append(entity)
    elif tag == "blockquote":
        kind = "expandable_blockquote" if opened.argument == "expandable" else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})


def _finalise_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Code entities carry a language only inside pre (TDLib drops it elsewhere)."""
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    return entities


def _entity_order(entity: dict[str, Any]) -> tuple[int, int]:
    return entity["offset"], -entity["length"]


def _trim(parsed: ParsedText) -> ParsedText:
    """Strip leading/trailing whitespace and clip the entities to what remains."""
    text = parsed.text
    stripped_left = text.lstrip(_TRIMMED)
    left = utf16_len(text) - utf16_len(stripped_left)
    stripped = stripped_left.rstrip(_TRIMMED)
    total = utf16_len(stripped)
    entities = []
    for entity in _finalise_entities(parsed.entities):
        start = max(entity["offset"] - left, 0)
        end = min(entity["offset"] + entity["length"] - left, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, entities)


def plain_text(text: str) -> ParsedText:
    """A text sent without parse_mode: trimmed, no entities of its own."""
    return _trim(ParsedText(text, []))


# Entities Telegram detects by itself in any text (approximated: URLs need a scheme or "www.").
_DETECTORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "bot_command",
        re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])"),
    ),
    ("url", re.compile(r"(?<![\w@/])(?:(?:https?|ftp)://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]'»]")),
    ("hashtag", re.compile(r"(?<![\w#])#(?!\d+\b)\w{1,256}")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{2,31}(?![\w@])")),
)
_NO_DETECTION_INSIDE = frozenset({"pre", "code", "text_link", "text_mention", "url"})


def detect_entities(
    text: str, existing: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Add the entities Telegram finds by itself (commands, URLs, hashtags, mentions).

    Detected entities that overlap code, pre or links from ``existing`` are left out, as
    Telegram does. Returns ``existing`` plus the detections, in Telegram's order.
    """
    result = list(existing or [])
    blocked = [
        (e["offset"], e["offset"] + e["length"])
        for e in result
        if e["type"] in _NO_DETECTION_INSIDE
    ]
    for kind, pattern in _DETECTORS:
        for match in pattern.finditer(text):
            start = utf16_len(text[: match.start()])
            end = start + utf16_len(match.group(0))
            if any(start < b_end and b_start < end for b_start, b_end in blocked):
                continue
            result.append({"type": kind, "offset": start, "length": end - start})
            blocked.append((start, end))
    return sorted(result, key=_entity_order)


def render(text: str, parse_mode: str | None, *, strict_ampersand: bool = True) -> ParsedText:
    """The text and entities Telegram would show for ``text`` sent with ``parse_mode``.

    Only HTML is modelled; any other parse mode is refused so a test notices.
    """
    if parse_mode is None or parse_mode == "":
        parsed = plain_text(text)
    elif parse_mode.lower() == "html":
        parsed = parse_html(text, strict_ampersand=strict_ampersand)
    else:
        raise UnsupportedParseMode(parse_mode)
    return ParsedText(parsed.text, detect_entities(parsed.text, parsed.entities))
