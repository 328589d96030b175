"""The Atom feeds: they parse (xml.etree), hold the right entries for each reader, link to the
pages, and the public ones hold White records only."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.meetings import services as m
from secpanel.meetings.models import RecommendationVerb
from secpanel.modifications import services as mods
from secpanel.testkit.feeds import ATOM, atom_entries, entry_link

pytestmark = pytest.mark.django_db

W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED


@pytest.fixture
def records(world):
    """A decision, a published paper and a modification of the SSC at every level."""
    sec = world.users["owner_secretariat"]
    made: dict[str, dict[Classification, object]] = {"decisions": {}, "papers": {}, "mods": {}}
    for level in Classification:
        made["decisions"][level] = m.decision_record(
            actor=sec,
            owning_body=world.owner,
            verb="agreed",
            text=f"Agreed the {level.name} thing.",
            date=datetime.date(2026, 1, 10 + int(level)),
            classification=level,
        )
        paper = m.paper_create(
            actor=sec,
            owning_body=world.owner,
            title=f"{level.name} paper",
            date=datetime.date(2026, 1, 10 + int(level)),
            classification=level,
        )
        m.recommendation_add(actor=sec, paper=paper, verb=RecommendationVerb.NOTE, text="Note")
        m.paper_transition(actor=sec, obj=paper, name="issue")
        made["papers"][level] = m.paper_transition(actor=sec, obj=paper, name="publish")
        made["mods"][level] = mods.modification_create(
            actor=sec,
            owning_body=world.owner,
            reference=f"SECMP{700 + int(level):04d}",
            title=f"{level.name} modification",
            classification=level,
            reason="Raised",
        )
    # a draft paper is not published: in no feed
    made["draft"] = {
        W: m.paper_create(
            actor=sec,
            owning_body=world.owner,
            title="Draft paper",
            date=datetime.date(2026, 1, 20),
            classification=W,
        )
    }
    return made


def _links(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return [entry_link(e) for e in atom_entries(response.content)]


@pytest.mark.parametrize(
    ("feed", "kind"), [("papers", "papers"), ("decisions", "decisions"), ("modifications", "mods")]
)
def test_public_atom_feeds_hold_white_records_only(world, records, feed, kind):
    for who in ("anonymous", "owner_secretariat"):  # a signed-in reader gets the public feed too
        client = Client()
        if who != "anonymous":
            client.force_login(world.users[who])
        links = _links(client.get(reverse(f"feeds:{feed}_atom")))
        assert links == [records[kind][W].get_absolute_url()], who


@pytest.mark.parametrize(
    ("feed", "kind"), [("papers", "papers"), ("decisions", "decisions"), ("modifications", "mods")]
)
def test_private_atom_feeds_hold_what_the_person_may_read(world, records, feed_keys, feed, kind):
    for role, levels in (
        ("owner_member", [R, A, G, W]),
        ("panel_member", [A, G, W]),
        ("party", [G, W]),
        ("red_recipient", [G, W]),  # not on these records' distribution
    ):
        links = _links(Client().get(reverse(f"feeds:private_{feed}_atom", args=[feed_keys[role]])))
        if kind == "mods":  # newest first: same date, the later event first
            assert sorted(links) == sorted(records[kind][lv].get_absolute_url() for lv in levels)
        else:
            assert links == [records[kind][lv].get_absolute_url() for lv in levels], role


def test_entries_link_to_the_pages_and_name_their_level(world, records, feed_keys):
    response = Client().get(
        reverse("feeds:private_decisions_atom", args=[feed_keys["owner_member"]])
    )
    entries = atom_entries(response.content)
    red = entries[0]
    link = red.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == "http://testserver" + records["decisions"][R].get_absolute_url()
    assert red.findtext(f"{ATOM}title", "").startswith("[RED] SSC: Agreed the RED thing.")
    terms = {c.get("term") for c in red.findall(f"{ATOM}category")}
    assert "TLP:RED" in terms
    assert response["Cache-Control"] == "private, no-store"
    public = Client().get(reverse("feeds:decisions_atom"))
    assert public["Cache-Control"] == "public, max-age=900"


def test_a_modification_change_is_an_entry(world, records, feed_keys):
    sec = world.users["owner_secretariat"]
    white = records["mods"][W]
    mods.modification_record_milestone(
        actor=sec, modification=white, label="DCC Preliminary Assessment requested", reason="Asked"
    )
    entries = atom_entries(Client().get(reverse("feeds:modifications_atom")).content)
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert f"{white.reference}: DCC Preliminary Assessment requested" in titles
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries) == 2


# public: the entries (modifications: the events, then their modifications); private: the
# key with its person, the person's seats, the entries, and the RED read's audit event
@pytest.mark.parametrize(
    ("feed", "public", "private"), [("papers", 1, 4), ("decisions", 1, 4), ("modifications", 2, 5)]
)
def test_atom_queries_are_pinned(
    world, records, feed_keys, django_assert_num_queries, feed, public, private
):
    client = Client()
    url = reverse(f"feeds:{feed}_atom")
    client.get(url)
    with django_assert_num_queries(public):
        client.get(url)
    url = reverse(f"feeds:private_{feed}_atom", args=[feed_keys["owner_member"]])
    client.get(url)
    with django_assert_num_queries(private):
        client.get(url)
