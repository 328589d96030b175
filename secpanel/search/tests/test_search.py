"""Search is bound by classification: every role finds exactly the records it may read (no
result, no count, no snippet of any other), the index follows every write through the
services, uploaded papers' words are found, bad input is a 400."""

from __future__ import annotations

import datetime
import io
import itertools
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.core.services import classification_change, classified_delete
from secpanel.meetings.services import (
    action_create,
    decision_record,
    highlight_create,
    highlight_update,
    paper_create,
    paper_version_upload,
)
from secpanel.search.backends import parse
from secpanel.search.models import SearchEntry, UnscopedSearch
from secpanel.search.selectors import Filters, search
from secpanel.search.tests.helpers import NOTHING, docx_with, key, listed, normalised, pdf_with
from secpanel.testkit import OWNERS, ROLES, build_world, expected_levels

pytestmark = pytest.mark.django_db

A, R, G, W = Classification.AMBER, Classification.RED, Classification.GREEN, Classification.WHITE
APRIL = datetime.date(2019, 4, 1)


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _client(world: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _plant(world: Any, level: Classification, tag: str) -> dict[str, tuple[Any, str]]:
    """Records of `world.owner` at `level` through the services, each with its own canary
    word (in the text, or only in an uploaded file); RED ones name the red recipient."""
    actor = world.users["owner_secretariat"]
    body = world.owner
    dist = [world.users["red_recipient"]] if level == R else []
    words = {k: f"canary{k}{tag}{level.name.lower()}" for k in ("hl", "dec", "act", "pdf", "docx")}
    planted: dict[str, tuple[Any, str]] = {}
    planted["hl"] = (
        highlight_create(
            actor=actor,
            owning_body=body,
            heading=f"Heading {words['hl']}",
            text=f"Secret text of the {level.name} highlight: {words['hl']}.",
            period=APRIL,
            classification=level,
            distribution=dist,
        ),
        words["hl"],
    )
    planted["dec"] = (
        decision_record(
            actor=actor,
            owning_body=body,
            verb="agreed",
            text=f"Agreed the {words['dec']} approach.",
            date=APRIL,
            classification=level,
            distribution=dist,
        ),
        words["dec"],
    )
    planted["act"] = (
        action_create(
            actor=actor,
            owning_body=body,
            text=f"Follow up {words['act']} with the Party.",
            raised_on=APRIL,
            due_date=APRIL + datetime.timedelta(days=14),
            owner_person=world.users["owner_member"],
            classification=level,
            distribution=dist,
        ),
        words["act"],
    )
    paper = paper_create(
        actor=actor,
        owning_body=body,
        title=f"Paper {tag} {level.name}",
        date=APRIL,
        classification=level,
        distribution=dist,
    )
    paper_version_upload(
        actor=actor,
        paper=paper,
        file=SimpleUploadedFile("p.pdf", pdf_with(f"Appendix {words['pdf']} figures")),
    )
    paper_version_upload(
        actor=actor,
        paper=paper,
        file=SimpleUploadedFile("p.docx", docx_with(f"Annex {words['docx']} names")),
    )
    planted["pdf"] = (paper, words["pdf"])
    planted["docx"] = (paper, words["docx"])
    return planted


@pytest.mark.parametrize("owner", OWNERS)
def test_each_role_finds_a_canary_exactly_when_it_may_read_the_record(owner, media):
    """AMBER and RED canaries of every owning body: a role that may not read the record gets
    the page a word no record has (no result, no count, no facet, no snippet); one that may
    finds the record with the word marked."""
    world = build_world(owner=owner)
    planted = {level: _plant(world, level, owner.replace("-", "")) for level in (A, R)}
    seen_by = {A: set(), R: set()}
    for role in ROLES:
        client = _client(world, role)
        allowed = expected_levels(role, owner)
        empty = client.get("/search/", {"q": NOTHING})
        assert empty.status_code == 200
        for level, records in planted.items():
            for obj, word in records.values():
                response = client.get("/search/", {"q": word})
                assert response.status_code == 200
                results = response.context["results"]
                html = response.content.decode()
                if level in allowed:
                    seen_by[level].add(role)
                    assert listed(response) == {key(obj)}, (role, word)
                    assert results.total == 1
                    assert f"<mark>{word}</mark>" in html
                    assert f'data-classification="{level.name}"' in html
                else:
                    assert listed(response) == set(), (role, word)
                    assert results.total == 0
                    assert all(not f for f in results.facets.values())
                    assert f"{level.name} highlight" not in html
                    assert normalised(html, word) == normalised(empty.content.decode(), NOTHING)
    # the control: each canary is found by someone, and hidden from someone
    assert "red_recipient" in seen_by[R] and "owner_member" in seen_by[R]
    assert "owner_observer" in seen_by[A] and "owner_observer" not in seen_by[R]
    assert "anonymous" not in seen_by[A] | seen_by[R]


def test_the_index_follows_create_update_level_change_distribution_and_delete(world):
    actor = world.users["owner_secretariat"]
    party = _client(world, "party")
    member = _client(world, "owner_member")
    recipient_user = world.users["other_body_member"]
    recipient = _client(world, "other_body_member")

    def finds(client: Client, q: str) -> set[tuple[str, int]]:
        return listed(client.get("/search/", {"q": q}))

    hl = highlight_create(
        actor=actor,
        owning_body=world.owner,
        heading="Firmware",
        text="The wombatfirmware review.",
        period=APRIL,
        classification=A,
    )
    assert finds(member, "wombatfirmware") == {key(hl)}
    assert finds(party, "wombatfirmware") == set()

    # a lower level (chair or secretariat, with a reason): now Green, the party finds it
    classification_change(actor=actor, instance=hl, level=G, reason="Agreed for release")
    assert finds(party, "wombatfirmware") == {key(hl)}

    # new words: the old ones find nothing
    highlight_update(actor=actor, highlight=hl, text="The quokkahub review.", reason="Edit")
    assert finds(party, "wombatfirmware") == set()
    assert finds(party, "quokkahub") == {key(hl)}

    # raised to RED: the party loses it; naming someone on the distribution gives it to them
    highlight_update(actor=actor, highlight=hl, classification=R, reason="Raised")
    assert finds(party, "quokkahub") == set()
    assert finds(recipient, "quokkahub") == set()
    highlight_update(actor=actor, highlight=hl, distribution=[recipient_user], reason="Named")
    assert finds(recipient, "quokkahub") == {key(hl)}
    assert finds(member, "quokkahub") == {key(hl)}

    classified_delete(actor=actor, instance=hl, reason="Entered twice")
    assert finds(member, "quokkahub") == set()
    assert not SearchEntry.objects.for_indexing().filter(object_id=hl.pk).exists()


def test_uploaded_pdf_and_docx_words_find_their_paper(world, media):
    planted = _plant(world, G, "files")
    paper, pdf_word = planted["pdf"]
    _paper, docx_word = planted["docx"]
    client = _client(world, "party")
    for word in (pdf_word, docx_word):
        response = client.get("/search/", {"q": word})
        assert listed(response) == {key(paper)}
        assert f"<mark>{word}</mark>" in response.content.decode()
    assert listed(_client(world, "anonymous").get("/search/", {"q": pdf_word})) == set()


def test_a_damaged_upload_still_saves_its_paper_and_the_paper_is_found_by_its_title(world, media):
    actor = world.users["owner_secretariat"]
    paper = paper_create(
        actor=actor, owning_body=world.owner, title="Numbatreport", date=APRIL, classification=W
    )
    paper_version_upload(
        actor=actor, paper=paper, file=SimpleUploadedFile("broken.pdf", b"%PDF-1.4 not a pdf")
    )
    assert listed(Client().get("/search/", {"q": "numbatreport"})) == {key(paper)}


def test_text_is_escaped_and_only_the_words_are_marked(world):
    actor = world.users["owner_secretariat"]
    highlight_create(
        actor=actor,
        owning_body=world.owner,
        heading="<script>alert(1)</script> tapir",
        text="A <b>bold</b> tapir & friends.",
        period=APRIL,
        classification=W,
    )
    html = Client().get("/search/", {"q": "tapir"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>tapir</mark>" in html
    assert "A &lt;b&gt;bold&lt;/b&gt; <mark>tapir</mark> &amp; friends." in html


def test_words_in_any_form_phrases_or_and_exclusion(world):
    actor = world.users["owner_secretariat"]

    def hl(text: str) -> Any:
        return highlight_create(
            actor=actor,
            owning_body=world.owner,
            heading="H",
            text=text,
            period=APRIL,
            classification=W,
        )

    one = hl("The panel approved the decisions on capybara meters.")
    two = hl("Capybara firmware decision postponed.")
    three = hl("Meters of the okapi kind.")
    client = Client()

    def finds(q: str) -> set[tuple[str, int]]:
        return listed(client.get("/search/", {"q": q}))

    assert finds("capybara decision") == {key(one), key(two)}  # "decisions" is a form of it
    assert finds('"capybara meters"') == {key(one)}
    assert finds("capybara -firmware") == {key(one)}
    assert finds("okapi OR firmware") == {key(two), key(three)}
    assert finds("...") == set()


def test_filters_counts_and_pages(world):
    actor = world.users["owner_secretariat"]
    other = world.users["other_body_secretariat"]
    for n in range(25):
        highlight_create(
            actor=actor,
            owning_body=world.owner,
            heading=f"Dingo {n}",
            text="dingo",
            period=datetime.date(2019, 1 + n % 12, 1),
            classification=G,
        )
    for n in range(3):
        decision_record(
            actor=other,
            owning_body=world.other,
            verb="noted",
            text=f"dingo {n}",
            date=datetime.date(2020, 1, 1),
            classification=W,
        )
    client = _client(world, "party")
    response = client.get("/search/", {"q": "dingo"})
    results = response.context["results"]
    assert results.total == 28
    assert len(results.hits) == 20
    assert {f.value: f.count for f in results.facets["body"]} == {
        world.owner.code: 25,
        world.other.code: 3,
    }
    assert {f.value: f.count for f in results.facets["kind"]} == {
        "meetings.highlight": 25,
        "meetings.decision": 3,
    }
    assert {f.value: f.count for f in results.facets["level"]} == {"green": 25, "white": 3}
    assert len(client.get("/search/", {"q": "dingo", "page": 2}).context["results"].hits) == 8
    by_body = client.get("/search/", {"q": "dingo", "body": world.other.code})
    assert by_body.context["results"].total == 3
    # the other facets still count under the body filter; its own still offers both bodies
    assert {f.value: f.count for f in by_body.context["results"].facets["body"]} == {
        world.owner.code: 25,
        world.other.code: 3,
    }
    assert {f.value: f.count for f in by_body.context["results"].facets["kind"]} == {
        "meetings.decision": 3
    }
    assert {f.value: f.count for f in by_body.context["results"].facets["level"]} == {"white": 3}
    green = client.get("/search/", {"q": "dingo", "level": "green"}).context["results"]
    assert green.total == 25
    assert {f.value: f.count for f in green.facets["body"]} == {world.owner.code: 25}
    assert {f.value: f.count for f in green.facets["level"]} == {"green": 25, "white": 3}
    assert [f.value for f in green.facets["level"] if f.active] == ["green"]
    assert (
        client.get("/search/", {"q": "dingo", "kind": "meetings.decision"}).context["results"].total
        == 3
    )
    assert client.get("/search/", {"q": "dingo", "level": "white"}).context["results"].total == 3
    dated = client.get("/search/", {"q": "dingo", "from": "2019-03-01", "to": "2019-04-30"})
    assert dated.context["results"].total == 4  # n % 12 in (2, 3): n = 2, 3, 14, 15
    # a Party member finds no Amber dingo: counts never include what they may not read
    highlight_create(
        actor=actor,
        owning_body=world.owner,
        heading="Dingo",
        text="dingo",
        period=APRIL,
        classification=A,
    )
    assert client.get("/search/", {"q": "dingo"}).context["results"].total == 28
    assert (
        _client(world, "owner_member").get("/search/", {"q": "dingo"}).context["results"].total
        == 29
    )


@pytest.mark.parametrize(
    "query",
    [
        {"q": "x" * 201},
        {"q": ["a", "b"]},
        {"q": "a", "level": "purple"},
        {"q": "a", "kind": "meetings.meeting"},
        {"q": "a", "body": "nope"},
        {"q": "a", "from": "2019-13-01"},
        {"q": "a", "to": "1999-01-01"},
        {"q": "a", "page": "two"},
    ],
)
def test_a_parameter_the_page_cannot_use_is_a_400(query, world):
    response = Client().get("/search/", query)
    assert response.status_code == 400


def test_without_words_the_page_is_the_form(world):
    response = Client().get("/search/")
    assert response.status_code == 200
    assert response.context["results"].searched is False
    assert 'data-classification="WHITE"' in response.content.decode()


def test_the_banner_is_the_highest_level_shown_and_red_results_are_logged(world):
    actor = world.users["owner_secretariat"]
    red = highlight_create(
        actor=actor,
        owning_body=world.owner,
        heading="Red",
        text="bandicoot",
        period=APRIL,
        classification=R,
        distribution=[world.users["red_recipient"]],
    )
    highlight_create(
        actor=actor,
        owning_body=world.owner,
        heading="Green",
        text="bandicoot",
        period=APRIL,
        classification=G,
    )
    client = _client(world, "red_recipient")
    before = AuditEvent.objects.filter(kind="classification.red_read").count()
    html = client.get("/search/", {"q": "bandicoot"}).content.decode()
    assert 'data-classification="RED"' in html
    events = AuditEvent.objects.filter(kind="classification.red_read").order_by("-id")
    assert events.count() == before + 1
    assert f"meetings.highlight:{red.pk}" in events.first().after["records"]
    party = _client(world, "party").get("/search/", {"q": "bandicoot"}).content.decode()
    assert 'data-classification="GREEN"' in party


def test_index_rows_are_read_only_for_a_reader(world):
    with pytest.raises(UnscopedSearch):
        list(SearchEntry.objects.all())
    with pytest.raises(UnscopedSearch):
        SearchEntry.objects.filter(classification=R).count()
    assert SearchEntry.objects.readable_by(AnonymousUser()).count() == 0


def test_a_row_the_index_got_wrong_is_not_shown(world):
    """The page reads its rows through visible_to as well: an index row saying WHITE for a
    RED record (written behind the services' back) is dropped, never shown."""
    actor = world.users["owner_secretariat"]
    hl = highlight_create(
        actor=actor,
        owning_body=world.owner,
        heading="H",
        text="wallaby koalasecret",
        period=APRIL,
        classification=R,
    )
    SearchEntry.objects.for_indexing().filter(object_id=hl.pk).update(classification=W)
    response = Client().get("/search/", {"q": "wallaby"})
    assert listed(response) == set()
    assert "koalasecret" not in response.content.decode()


def test_rebuild_indexes_every_record_again(world, media):
    _plant(world, A, "rebuild")
    member = _client(world, "owner_member")
    assert listed(member.get("/search/", {"q": "canaryhlrebuildamber"}))
    SearchEntry.objects.for_indexing().delete()
    assert not listed(member.get("/search/", {"q": "canaryhlrebuildamber"}))
    call_command("search_index", "--rebuild", stdout=io.StringIO())
    assert listed(member.get("/search/", {"q": "canaryhlrebuildamber"}))
    assert listed(member.get("/search/", {"q": "canarypdfrebuildamber"}))


def test_the_query_parser_reads_words_phrases_or_and_exclusions():
    q = parse('firmware "hub update" -draft SECMP0024 OR MP102A CANARY-RED-1a2b')
    assert [[p.words for p in g] for g in q.groups] == [
        [["firmware"]],
        [["hub", "update"]],
        [["secmp0024"], ["mp102a"]],
        [["canary", "red", "1a2b"]],
    ]
    assert [p.words for p in q.excluded] == [["draft"]]
    assert parse('- "" ... -- OR').empty


# session, user, the reader's seats, bodies, the counts (one GROUP BY: total and facets), page,
# one visible_to per kind shown (2)
QUERIES = 8


def test_the_page_reads_a_fixed_number_of_queries(world, django_assert_num_queries):
    """Signed in, results of two kinds from two bodies and a facet for each filter: the
    session, the user, the reader's seats, the bodies, the counts (total and every facet from
    one GROUP BY), the page, one read per kind shown (visible_to). More results add none."""
    actor = world.users["owner_secretariat"]
    other = world.users["other_body_secretariat"]

    def plant(n: int) -> None:
        for i in range(n):
            highlight_create(
                actor=actor,
                owning_body=world.owner,
                heading=f"Emu {i}",
                text="emu",
                period=APRIL,
                classification=G,
            )
            decision_record(
                actor=other,
                owning_body=world.other,
                verb="noted",
                text=f"emu {i}",
                date=APRIL,
                classification=W,
            )

    plant(2)
    client = _client(world, "party")
    client.get("/search/", {"q": "emu"})  # the content types' cache, as on a running server
    with django_assert_num_queries(QUERIES):
        assert client.get("/search/", {"q": "emu"}).context["results"].total == 4
    plant(10)
    with django_assert_num_queries(QUERIES):
        assert client.get("/search/", {"q": "emu"}).context["results"].total == 24


def _indexes_on_the_index_table(plan: dict[str, Any]) -> list[str]:
    """The indexes (or "seq") the nodes of an EXPLAIN (FORMAT JSON) plan read the search
    index table by (a bitmap heap scan by the indexes of its bitmap index scans)."""

    def bitmap_indexes(node: dict[str, Any]) -> list[str]:
        names = [node["Index Name"]] if node["Node Type"] == "Bitmap Index Scan" else []
        for child in node.get("Plans", []):
            if child.get("Parent Relationship") != "SubPlan":  # the distribution lists
                names.extend(bitmap_indexes(child))
        return names

    found = []
    if plan.get("Relation Name") == SearchEntry._meta.db_table:
        if plan["Node Type"] == "Bitmap Heap Scan":
            found.extend(bitmap_indexes(plan))
        else:
            found.append(plan.get("Index Name", "seq"))
    for child in plan.get("Plans", []):
        found.extend(_indexes_on_the_index_table(child))
    return found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
@pytest.mark.parametrize("role", ["anonymous", "party", "owner_member", "panel_member"])
def test_on_postgresql_the_match_reaches_the_index_table_only_through_its_gin_index(role, world):
    """decisions/0026: the match is a subquery the planner cannot merge with the reader's
    filter, so every query the page sends reads the index table through the GIN index on
    `search_vector` (sequential scans switched off, as the planner would for a rare word on
    a large table), never through a btree on the reader's filter or the page's (level,
    body, kind) testing the match row by row: the public's, a Party's, a member's and a
    Panel member's filter, each with and without the page's filters."""
    actor = world.users["owner_secretariat"]
    for n, level in enumerate([W, G, A, R, W, G]):
        highlight_create(
            actor=actor,
            owning_body=world.owner,
            heading=f"Wombat {n}",
            text="wombat burrow",
            period=APRIL,
            classification=level,
            distribution=[world.users["red_recipient"]] if level == R else [],
        )
    user = AnonymousUser() if role == "anonymous" else world.users[role]
    filters = [Filters(), Filters(body_id=world.owner.pk, level=W, kind="meetings.highlight")]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test's transaction only
    texts = ["wombat", "wombat -koala", '"wombat burrow" OR numbat']
    for text, f in itertools.product(texts, filters):
        with CaptureQueriesContext(connection) as captured:
            assert search(user, text, f).total >= 2  # the White ones at least
        sqls = [q["sql"] for q in captured if SearchEntry._meta.db_table in q["sql"]]
        assert len(sqls) == 2  # the counts and the page
        for sql in sqls:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]["Plan"]
            used = _indexes_on_the_index_table(plan)
            assert used == ["search_entry_vector_gin"], (used, sql)


def test_the_pages_rows_are_re_read_by_their_keys_without_the_models_order(world):
    """decisions/0026: the `visible_to` re-read of the page's rows asks for no order (a
    decision's default order made SQLite walk the public's whole level index, not the
    page's primary keys); the page still shows them in the index's order."""
    actor = world.users["owner_secretariat"]
    for n in range(3):
        decision_record(
            actor=actor,
            owning_body=world.owner,
            verb="noted",
            text=f"quokka {n}",
            date=datetime.date(2019, 4, 1 + n),
            classification=W,
        )
    with CaptureQueriesContext(connection) as captured:
        results = search(AnonymousUser(), "quokka", Filters())
    assert [h.entry.date.day for h in results.hits] == [3, 2, 1]  # equal rank: newest first
    reread = [q["sql"] for q in captured if 'FROM "meetings_decision"' in q["sql"]]
    assert len(reread) == 1
    assert "ORDER BY" not in reread[0]
