"""An OPML file from any feed reader → its outlines.  Pure: bytes in, records out.

Readers write OPML loosely, so this accepts what they write: outlines nested in folders at
any depth, `type` missing or anything, `title` or only `text`, attributes in any case
(`xmlurl`).  A folder's name ("Wires", "State media") or an outline's `category` can say
its feeds' source kind.  What it refuses: anything that is not XML, a root that is not
`<opml>`, and any entity declaration or external reference (a billion-laughs file, XXE),
which defusedxml stops before expanding anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from bot.domain import SourceKind

MAX_DEPTH = 20
"""Folders nested deeper than this are not walked (no reader nests feeds so deep)."""

#: Folder names and category words that name a source kind (lower case).
KIND_WORDS: dict[str, SourceKind] = {
    "official": SourceKind.OFFICIAL,
    "officials": SourceKind.OFFICIAL,
    "official sources": SourceKind.OFFICIAL,
    "government": SourceKind.OFFICIAL,
    "wire": SourceKind.WIRE,
    "wires": SourceKind.WIRE,
    "wire services": SourceKind.WIRE,
    "news agencies": SourceKind.WIRE,
    "agencies": SourceKind.WIRE,
    "independent": SourceKind.INDEPENDENT,
    "independent media": SourceKind.INDEPENDENT,
    "state-affiliated": SourceKind.STATE_AFFILIATED,
    "state-affiliated media": SourceKind.STATE_AFFILIATED,
    "state media": SourceKind.STATE_AFFILIATED,
}


class OpmlError(ValueError):
    """The file cannot be read as OPML; the message says why, for the operator."""


@dataclass(frozen=True, slots=True)
class Outline:
    """One feed of the file (or a site without a feed address: `xml_url` is None)."""

    title: str
    xml_url: str | None
    html_url: str | None
    lang: str | None
    kind: SourceKind | None
    """Said by its `category` or by the folder it is in."""


def kind_named(text: str | None) -> SourceKind | None:
    """The source kind a folder name or a category names, if any (`Wires` → wire)."""
    for part in (text or "").replace(",", "/").split("/"):  # categories: "a/b, c"
        found = KIND_WORDS.get(" ".join(part.lower().split()))
        if found is not None:
            return found
    return None


def _attributes(element: Element) -> dict[str, str]:
    """Attributes by lower-case name (readers disagree on `xmlUrl` vs `xmlurl`)."""
    return {name.lower(): value.strip() for name, value in element.attrib.items()}


def _outlines(parent: Element, kind: SourceKind | None, depth: int) -> Iterator[Outline]:
    if depth > MAX_DEPTH:
        return
    for element in parent:
        if not isinstance(element.tag, str) or element.tag.lower() != "outline":
            continue
        attrs = _attributes(element)
        title = " ".join((attrs.get("title") or attrs.get("text") or "").split())
        own_kind = kind_named(attrs.get("category")) or kind
        xml_url = attrs.get("xmlurl") or None
        html_url = attrs.get("htmlurl") or None
        if xml_url is not None or (html_url is not None and len(element) == 0):
            lang = (attrs.get("language") or "").lower() or None
            yield Outline(title, xml_url, html_url, lang, own_kind)
        if len(element):  # a folder (or, in some readers, a feed with children)
            folder_kind = kind_named(title) or own_kind
            yield from _outlines(element, folder_kind, depth + 1)


def read_opml(data: bytes) -> list[Outline]:
    """Every outline with a feed or site address, in document order.

    Raises `OpmlError` for a file that is not OPML or that declares entities.
    """
    try:
        root = SafeTree.fromstring(data)
    except DefusedXmlException as exc:
        raise OpmlError(
            f"it declares XML entities or external references ({type(exc).__name__}), "
            "which an OPML file never needs"
        ) from None
    except ParseError as exc:
        raise OpmlError(f"it is not well-formed XML ({exc})") from None
    if not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise OpmlError(f"its root element is <{root.tag}>, not <opml>")
    body = next((child for child in root if str(child.tag).lower() == "body"), None)
    if body is None:
        raise OpmlError("it has no <body>")
    return list(_outlines(body, None, 0))
