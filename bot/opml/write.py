"""feeds.yaml's feeds → an OPML 2.0 document.  Pure: records in, text out.

Feeds are grouped in one folder per source kind ("State-affiliated media"), which other
readers import as folders; each feed also carries its kind as `category`, so importing
the file back here keeps every kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from bot.config import FeedConfig
from bot.domain import SourceKind

FOLDERS = {
    SourceKind.OFFICIAL: "Official sources",
    SourceKind.WIRE: "News agencies",
    SourceKind.INDEPENDENT: "Independent media",
    SourceKind.STATE_AFFILIATED: "State-affiliated media",
}
UNLABELLED = "Other"


def _feed(folder: Element, feed: FeedConfig) -> None:
    attributes = {"type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
    if feed.lang:
        attributes["language"] = feed.lang
    if feed.kind is not None:
        attributes["category"] = feed.kind.value
    SubElement(folder, "outline", attributes)


def write_opml(feeds: Sequence[FeedConfig], created: datetime, title: str = "Peacewatch") -> str:
    """The feeds as OPML 2.0, one folder per kind in `SourceKind`'s order, then the rest."""
    root = Element("opml", {"version": "2.0"})
    head = SubElement(root, "head")
    SubElement(head, "title").text = f"{title} feeds"
    SubElement(head, "dateCreated").text = format_datetime(created)
    body = SubElement(root, "body")
    groups: list[tuple[str, list[FeedConfig]]] = [
        (name, [feed for feed in feeds if feed.kind is kind]) for kind, name in FOLDERS.items()
    ]
    groups.append((UNLABELLED, [feed for feed in feeds if feed.kind is None]))
    for name, members in groups:
        if members:
            folder = SubElement(body, "outline", {"text": name, "title": name})
            for feed in members:
                _feed(folder, feed)
    indent(root, space="  ")
    xml = tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n'
