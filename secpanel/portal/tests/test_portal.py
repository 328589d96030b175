"""The portal: the home page, the navigation and the pages about bodies (addresses and names
as they always were; classified business filtered for the reader)."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest
from django.urls import resolve, reverse

from secpanel.core.classification import Classification
from secpanel.meetings.models import Highlight
from secpanel.portal import views
from secpanel.portal.context_processors import nav_entries

SECPANEL = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {
    "bodies",
    "meetings",
    "modifications",
    "assurance",
    "documents",
    "programmes",
    "smki",
    "operations",
    "reports",
    "portal",
}


def _highlight(world, level: Classification, heading: str) -> Highlight:
    return Highlight.objects.create(
        owning_body=world.owner,
        classification=level,
        heading=heading,
        text="Text.",
        period=datetime.date(2019, 4, 1),
    )


def test_the_pages_keep_their_addresses_and_names():
    assert reverse("home") == "/"
    assert reverse("bodies:body_list") == "/bodies/"
    assert reverse("bodies:body_detail", args=["ssc"]) == "/bodies/ssc/"
    assert resolve("/").func is views.home
    assert resolve("/bodies/").func is views.body_list
    assert resolve("/bodies/ssc/").func is views.body_detail


def test_the_navbar_keeps_its_entries_in_their_order():
    entries = nav_entries()
    assert [e.label for e in entries] == [
        "Bodies",
        "Business",
        "Registers",
        "Panel papers",
        "Published",
    ]
    assert entries[0].href == "/bodies/"
    business = [label for label, _href in entries[1].children]
    assert business == ["Meetings", "Papers", "Actions", "Highlights"]
    registers = [label for label, _href in entries[2].children]
    assert registers == ["Modifications", "Assurance", "Documents", "Testing", "SMKI", "Operations"]


@pytest.mark.django_db
def test_the_home_page_shows_the_highlights_the_reader_may_read(client, world):
    _highlight(world, Classification.WHITE, "Open news")
    _highlight(world, Classification.RED, "Closed news")
    public = client.get("/").content.decode()
    assert "Open news" in public and "Closed news" not in public
    assert "You are browsing as the public" in public
    assert 'href="/bodies/"' in public  # the navbar

    client.force_login(world.users["owner_member"])
    member = client.get("/").content.decode()
    assert "Open news" in member and "Closed news" in member
    assert 'data-classification="RED"' in member
    assert 'href="/bodies/ssc/"' in member  # the member's own body


@pytest.mark.django_db
def test_the_body_pages_list_bodies_and_a_bodys_readable_highlights(client, world):
    _highlight(world, Classification.AMBER, "Amber news")
    listing = client.get("/bodies/")
    assert listing.status_code == 200
    assert "Security Sub-Committee" in listing.content.decode()

    page = client.get("/bodies/ssc/")
    assert page.status_code == 200
    assert "Amber news" not in page.content.decode()
    client.force_login(world.users["owner_observer"])
    page = client.get("/bodies/ssc/").content.decode()
    assert "Amber news" in page and 'data-classification="AMBER"' in page
    assert client.get("/bodies/no-such-body/").status_code == 404


def _secpanel_imports(path: Path) -> set[str]:
    """The secpanel apps a module imports (at module level or inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {n.split(".")[1] for n in names if n.startswith("secpanel.") and "." in n}
    return found


@pytest.mark.parametrize("module", ["views.py", "urls.py", "context_processors.py"])
def test_cores_web_shell_imports_no_domain_app(module):
    """The home page and the navigation are the portal's: core's pages and shell read no
    domain app (no body, no meeting, no portal)."""
    assert _secpanel_imports(SECPANEL / "core" / module) & DOMAIN_APPS == set()
