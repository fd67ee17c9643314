"""OPML: feeds.yaml's feeds exported for other readers, and other readers' files imported
into feeds.yaml, its comments and order kept.  Files as other readers write them: nested
folders, no `type`, a site with only `htmlUrl`, the same feed twice, and hostile ones."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import read_feeds_file
from bot.domain import SourceKind
from bot.opml.merge import Skip, import_opml
from bot.opml.read import OpmlError, read_opml
from bot.opml.write import write_opml
from tests.support import ROOT

# What Feedly, Inoreader and NetNewsWire write, give or take: folders (one nested), feeds
# with and without `type`, `title` or only `text`, a site with no feed, a feed twice.
READERS_OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Subscriptions</title></head>
  <body>
    <outline text="Wires" title="Wires">
      <outline type="rss" text="Reuters World" title="Reuters World"
               xmlUrl="https://reuters.example/world.rss" htmlUrl="https://reuters.example/"/>
      <outline text="AP Top News" xmlUrl="https://ap.example/top.rss"/>
    </outline>
    <outline text="Ukraine">
      <outline text="Analysis">
        <outline text="War on the Rocks" xmlurl="https://warontherocks.example/feed/"
                 language="en"/>
      </outline>
      <outline text="Kyiv Independent copy" type="rss"
               xmlUrl="https://kyivindependent.com/news-archive/rss/"/>
    </outline>
    <outline text="A site without a feed" htmlUrl="https://nofeed.example/"/>
    <outline text="Reuters World again" xmlUrl="https://reuters.example/world.rss"/>
    <outline text="Gopher" xmlUrl="gopher://old.example/feed"/>
  </body>
</opml>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<opml version="2.0"><body><outline text="&lol3;" xmlUrl="https://x.example/rss"/></body></opml>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://x.example/rss"/></body></opml>
"""


@pytest.fixture
def feeds_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.yaml"
    shutil.copy(ROOT / "feeds.yaml", path)
    return path


# ------------------------------------------------------------------ reading


def test_every_feed_of_a_readers_file_is_found_folders_and_all() -> None:
    outlines = read_opml(READERS_OPML)
    assert [(o.title, o.xml_url, o.kind) for o in outlines] == [
        ("Reuters World", "https://reuters.example/world.rss", SourceKind.WIRE),
        ("AP Top News", "https://ap.example/top.rss", SourceKind.WIRE),
        ("War on the Rocks", "https://warontherocks.example/feed/", None),
        ("Kyiv Independent copy", "https://kyivindependent.com/news-archive/rss/", None),
        ("A site without a feed", None, None),
        ("Reuters World again", "https://reuters.example/world.rss", None),
        ("Gopher", "gopher://old.example/feed", None),
    ]


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_a_file_with_entity_declarations_is_refused_before_anything_is_expanded(
    hostile: bytes,
) -> None:
    with pytest.raises(OpmlError, match="declares XML entities"):
        read_opml(hostile)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not xml at all", "not well-formed XML"),
        (b"<rss version='2.0'><channel/></rss>", "not <opml>"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
    ],
)
def test_what_is_not_opml_is_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(OpmlError, match=reason):
        read_opml(data)


# ------------------------------------------------------------------ importing into feeds.yaml


def test_an_import_adds_new_feeds_after_the_last_one_and_leaves_the_rest_of_the_file_alone(
    feeds_yaml: Path,
) -> None:
    before = feeds_yaml.read_text(encoding="utf-8")

    report = import_opml(
        feeds_yaml, READERS_OPML, SourceKind.INDEPENDENT, source="subs.opml", today=date(2026, 5, 4)
    )

    assert [(f.name, f.kind) for f in report.added] == [
        ("Reuters World", SourceKind.WIRE),
        ("AP Top News", SourceKind.WIRE),
        ("War on the Rocks", SourceKind.INDEPENDENT),
    ]
    assert report.skipped == [
        ("Kyiv Independent copy", Skip.EXISTS),
        ("A site without a feed", Skip.NO_URL),
        ("Reuters World again", Skip.DUPLICATE),
        ("Gopher", Skip.BAD_URL),
    ]
    after = feeds_yaml.read_text(encoding="utf-8")
    added = (
        "  # Imported from subs.opml on 2026-05-04\n"
        "  - name: Reuters World\n"
        "    url: https://reuters.example/world.rss\n"
        "    kind: wire\n"
        "  - name: AP Top News\n"
        "    url: https://ap.example/top.rss\n"
        "    kind: wire\n"
        "  - name: War on the Rocks\n"
        "    url: https://warontherocks.example/feed/\n"
        "    kind: independent\n"
        "    lang: en\n"
    )
    last_entry = before.rindex("\n  - name: ", 0, before.index("\ncontexts:"))
    end_of_feeds = before.index("\n\n", last_entry) + 1
    assert after == before[:end_of_feeds] + added + before[end_of_feeds:]  # every comment kept
    names = [feed.name for feed in read_feeds_file(feeds_yaml).feeds]
    assert names[-3:] == ["Reuters World", "AP Top News", "War on the Rocks"]


def test_feeds_without_a_kind_are_not_added_unless_one_is_given(feeds_yaml: Path) -> None:
    before = feeds_yaml.read_text(encoding="utf-8")
    lone = b'<opml version="2.0"><body><outline text="Blog" xmlUrl="https://b.example/rss"/></body></opml>'

    report = import_opml(feeds_yaml, lone, None)

    assert (report.added, report.skipped) == ([], [("Blog", Skip.NO_KIND)])
    assert feeds_yaml.read_text(encoding="utf-8") == before


def test_importing_the_same_file_twice_adds_nothing_the_second_time(feeds_yaml: Path) -> None:
    import_opml(feeds_yaml, READERS_OPML, SourceKind.INDEPENDENT)
    again = import_opml(feeds_yaml, READERS_OPML, SourceKind.INDEPENDENT)
    assert again.added == []


def test_a_name_already_taken_by_another_feed_gets_the_feeds_host(feeds_yaml: Path) -> None:
    other_tass = (
        b'<opml version="2.0"><body><outline text="TASS" xmlUrl="https://tass.ru/rss/v2.xml"'
        b' category="state-affiliated"/></body></opml>'
    )
    [added] = import_opml(feeds_yaml, other_tass, None).added
    assert (added.name, added.kind) == ("TASS (tass.ru)", SourceKind.STATE_AFFILIATED)


def test_a_hostile_file_leaves_feeds_yaml_untouched(feeds_yaml: Path) -> None:
    before = feeds_yaml.read_text(encoding="utf-8")
    with pytest.raises(OpmlError):
        import_opml(feeds_yaml, BILLION_LAUGHS, SourceKind.WIRE)
    assert feeds_yaml.read_text(encoding="utf-8") == before


# ------------------------------------------------------------------ exporting, round trip


def test_the_export_groups_feeds_by_kind_and_imports_back_with_every_kind(tmp_path: Path) -> None:
    shipped = read_feeds_file(ROOT / "feeds.yaml").feeds
    document = write_opml(shipped, datetime(2026, 5, 4, tzinfo=UTC))
    assert '<outline text="State-affiliated media" title="State-affiliated media">' in document

    outlines = read_opml(document.encode())
    assert {(o.title, o.xml_url, o.kind) for o in outlines} == {
        (f.name, f.url, f.kind) for f in shipped
    }
    empty = tmp_path / "feeds.yaml"
    empty.write_text(
        "feeds:\n  - name: Placeholder\n    url: https://p.example/rss\n    kind: wire\n",
        encoding="utf-8",
    )
    report = import_opml(empty, document.encode(), None)
    assert len(report.added) == len(shipped) and report.skipped == []
    assert {f.name: f.kind for f in read_feeds_file(empty).feeds[1:]} == {
        f.name: f.kind for f in shipped
    }


# ------------------------------------------------------------------ the commands


def test_feeds_export_prints_opml_and_feeds_import_reports_what_it_did(
    feeds_yaml: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["feeds", "export", "--feeds", str(feeds_yaml)]) == 0
    exported = capsys.readouterr().out
    assert exported.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert exported.count("xmlUrl=") == len(read_feeds_file(feeds_yaml).feeds)

    subs = tmp_path / "subs.opml"
    subs.write_bytes(READERS_OPML)
    assert (
        main(["feeds", "import", str(subs), "--kind", "independent", "--feeds", str(feeds_yaml)])
        == 0
    )
    report = capsys.readouterr().out
    assert report.splitlines()[:4] == [
        "Added to feeds.yaml: 3 (polled from now on):",
        "• Reuters World · news agency",
        "• AP Top News · news agency",
        "• War on the Rocks · independent media",
    ]
    assert "• Gopher: not an http(s) address" in report

    hostile = tmp_path / "laughs.opml"
    hostile.write_bytes(BILLION_LAUGHS)
    assert main(["feeds", "import", str(hostile), "--feeds", str(feeds_yaml)]) == 1
    assert "declares XML entities" in capsys.readouterr().err
