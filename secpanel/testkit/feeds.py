"""Reading the feeds in tests: the pages an ICS calendar's events or an Atom feed's entries
point at (paths, without scheme and host), parsed with `icalendar` and `xml.etree`."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import icalendar

ATOM = "{http://www.w3.org/2005/Atom}"


def ics_events(content: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return list(calendar.events)


def atom_entries(content: bytes) -> list[ET.Element]:
    root = ET.fromstring(content)
    assert root.tag == f"{ATOM}feed", root.tag
    return root.findall(f"{ATOM}entry")


def entry_link(entry: ET.Element) -> str:
    link = entry.find(f"{ATOM}link")
    assert link is not None
    return urlsplit(link.get("href", "")).path


def feed_paths(content: bytes, content_type: str) -> list[str]:
    """The paths of the pages the feed's items link to, in the feed's order."""
    if content_type.startswith("text/calendar"):
        return [urlsplit(str(e["URL"])).path for e in ics_events(content)]
    return [entry_link(e) for e in atom_entries(content)]
