"""A SEC Party responds to a consultation itself (decisions/0018): its person submits and
changes their organisation's response until the deadline, other Parties and the public never
read it before publication, the secretariat publishes a summary (and the responses not marked
confidential); the same through the API with a token."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from secpanel.accounts.models import Organisation, PartyCategory, User
from secpanel.api import services as api_services
from secpanel.api.models import TokenScope
from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.documents import services
from secpanel.documents.models import Consultation, ConsultationResponse
from secpanel.web.conflicts import FIELD as SEEN_VERSION
from secpanel.web.conflicts import token_of

pytestmark = pytest.mark.django_db
W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def sec(world):
    return world.users["owner_secretariat"]


@pytest.fixture
def people(db):
    """Two Parties' people (two at Harbour), and a non-Party's."""
    harbour = Organisation.objects.create(
        name="Harbour Power Ltd", short_name="Harbour", party_category=PartyCategory.SMALL_SUPPLIER
    )
    northwind = Organisation.objects.create(
        name="Northwind Energy Supply Ltd",
        short_name="Northwind",
        party_category=PartyCategory.LARGE_SUPPLIER,
    )
    regulator = Organisation.objects.create(name="Regulator", party_category="non_party")

    def person(username, org):
        return User.objects.create_user(
            username=username, password="pw", organisation=org, first_name=username.title()
        )

    return {
        "priya": person("priya", harbour),
        "harry": person("harry", harbour),
        "nadia": person("nadia", northwind),
        "rex": person("rex", regulator),
    }


def consultation(world, sec, *, level=W, closes_on=None, open_it=True, title="SCF review"):
    c = services.consultation_create(
        actor=sec,
        owning_body=world.owner,
        title=title,
        closes_on=closes_on or TODAY + 7 * DAY,
        opens_on=TODAY - 7 * DAY,
        classification=level,
    )
    if open_it:
        c = services.consultation_transition(actor=sec, obj=c, name="open")
    return c


@pytest.fixture
def open_consultation(world, sec):
    return consultation(world, sec)


def client_for(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def same_page(one, other) -> bool:
    """The same bytes, once each page's masked CSRF tokens (they change every response) are
    blanked."""
    token = re.compile(rb"\b[A-Za-z0-9]{64}\b")
    return token.sub(b"", one.content) == token.sub(b"", other.content)


def respond_url(c):
    return reverse("documents:consultation_respond", args=[c.pk])


def submit(user, c, text="We support the change.", confidential=False):
    return services.consultation_response_submit(
        actor=user, consultation=c, summary=text, confidential=confidential
    )


def after_deadline(c):
    """The consultation as it is once its deadline has passed (it opened a fortnight ago)."""
    Consultation.objects.unrestricted().filter(pk=c.pk).update(closes_on=TODAY - DAY)
    c.refresh_from_db()
    return c


# -- submitting and changing on the page -----------------------------------------------------


def test_a_party_submits_its_response_on_the_page_red_and_named_to_its_people(
    open_consultation, people
):
    priya, harry = people["priya"], people["harry"]
    page = client_for(priya)
    shown = page.get(respond_url(open_consultation))
    assert shown.status_code == 200
    assert "Respond for Harbour" in shown.content.decode()

    answer = page.post(
        respond_url(open_consultation),
        {"summary": "Harbour supports the **new** controls.", "confidential": "on"},
    )
    assert answer.status_code == 302
    r = ConsultationResponse.objects.unrestricted().get(consultation=open_consultation)
    assert answer["Location"] == r.get_absolute_url()
    assert (r.respondent.short_name, r.submitted_by, r.received_on) == ("Harbour", priya, TODAY)
    assert r.confidential and r.level == R and r.owning_body_id == open_consultation.owning_body_id
    assert set(r.red_distribution.values_list("pk", flat=True)) == {priya.pk, harry.pk}
    assert [h.history_user for h in r.history.all()] == [priya]
    kinds = set(
        AuditEvent.objects.filter(subject_id=str(r.pk)).values_list("kind", "actor_id", "reason")
    )
    assert ("documents.consultationresponse_submitted", priya.pk, "") in kinds
    # the respondent and the colleague read it; its page offers the change
    for person in (priya, harry):
        detail = client_for(person).get(r.get_absolute_url())
        assert detail.status_code == 200 and "Change your response" in detail.content.decode()


def test_a_colleague_changes_the_response_before_the_deadline_with_history(
    open_consultation, people
):
    r = submit(people["priya"], open_consultation, "First thoughts.")
    page = client_for(people["harry"])
    shown = page.get(respond_url(open_consultation))
    assert "First thoughts." in shown.content.decode() and "Save changes" in shown.content.decode()
    answer = page.post(
        respond_url(open_consultation),
        {"summary": "Considered view.", SEEN_VERSION: token_of(r), "reason": "Board view"},
    )
    assert answer.status_code == 302
    r.refresh_from_db()
    assert r.summary == "Considered view." and not r.confidential
    assert (
        ConsultationResponse.objects.unrestricted().filter(consultation=open_consultation).count()
        == 1
    )
    event = AuditEvent.objects.get(kind="documents.consultationresponse_edited")
    assert (event.actor, event.reason) == (people["harry"], "Board view")
    assert event.before["summary"] == "First thoughts."
    assert event.after["summary"] == "Considered view."
    assert [h.summary for h in r.history.order_by("history_id")] == [
        "First thoughts.",
        "Considered view.",
    ]


def test_after_the_deadline_the_response_is_read_only_and_a_change_is_refused_clearly(
    open_consultation, people
):
    r = submit(people["priya"], open_consultation, "Before the deadline.")
    c = after_deadline(open_consultation)
    deadline = f"{c.closes_on:%-d %B %Y}"
    with pytest.raises(ValidationError) as exc:
        services.consultation_response_edit(
            actor=people["priya"], response=r, summary="Too late.", confidential=False
        )
    assert exc.value.messages == [
        f"The deadline was {deadline}: responses can no longer be submitted or changed. "
        "Write to the secretariat if you need to."
    ]
    page = client_for(people["priya"])
    shown = page.get(respond_url(c)).content.decode()
    assert f"The deadline was {deadline}" in shown and "Save changes" not in shown
    posted = page.post(respond_url(c), {"summary": "Too late.", SEEN_VERSION: token_of(r)})
    assert posted.status_code == 200 and f"The deadline was {deadline}" in posted.content.decode()
    r.refresh_from_db()
    assert r.summary == "Before the deadline." and r.history.count() == 1
    # and no new response either, from another Party
    with pytest.raises(ValidationError, match="The deadline was"):
        submit(people["nadia"], c)
    # on the deadline day itself it is still open
    Consultation.objects.unrestricted().filter(pk=c.pk).update(closes_on=TODAY)
    c.refresh_from_db()
    assert submit(people["nadia"], c).received_on == TODAY


def test_a_consultation_that_is_not_open_takes_no_response(world, sec, people):
    planned = consultation(world, sec, open_it=False)
    with pytest.raises(ValidationError, match="This consultation is planned: it takes no"):
        submit(people["priya"], planned)
    assert not ConsultationResponse.objects.unrestricted().exists()


def test_one_response_per_organisation_a_colleague_is_told_to_change_it(open_consultation, people):
    submit(people["priya"], open_consultation)
    with pytest.raises(ValidationError, match="Harbour has already responded"):
        submit(people["harry"], open_consultation)
    # the page gives the colleague the existing response to change, not a second one; the API
    # (no consultation in the address) says why on the form
    api = client_for(people["harry"])
    answer = api.post(
        "/api/v1/consultation-responses/",
        json.dumps({"consultation": open_consultation.pk, "summary": "Second"}),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "Harbour has already responded" in answer.json()["errors"]["non_field_errors"][0]
    assert ConsultationResponse.objects.unrestricted().count() == 1


def test_only_a_sec_partys_person_responds(open_consultation, people, world):
    with pytest.raises(PermissionDenied):
        submit(people["rex"], open_consultation)
    assert client_for(people["rex"]).get(respond_url(open_consultation)).status_code == 403
    # the body's secretariat records responses on its own form; it does not "respond"
    assert (
        client_for(world.users["owner_secretariat"])
        .get(reverse("documents:response_create"))
        .status_code
        == 200
    )
    assert client_for().get(respond_url(open_consultation)).status_code == 302  # sign in


def test_a_party_cannot_read_or_change_another_organisations_response(open_consultation, people):
    theirs = submit(people["priya"], open_consultation, "HARBOUR-ONLY-TEXT")
    nadia = client_for(people["nadia"])
    missing_id = theirs.pk + 1000
    for url in ("documents:response_detail", "documents:response_edit"):
        hidden = nadia.get(reverse(url, args=[theirs.pk]))
        missing = nadia.get(reverse(url, args=[missing_id]))
        assert hidden.status_code == missing.status_code == 404
        assert same_page(hidden, missing)
    posted = nadia.post(reverse("documents:response_edit", args=[theirs.pk]), {"summary": "x"})
    assert posted.status_code == 404
    page = nadia.get(open_consultation.get_absolute_url()).content.decode()
    assert "HARBOUR-ONLY-TEXT" not in page and "Respond for Northwind" in page
    # her own respond page is a new response, not Harbour's
    assert "HARBOUR-ONLY-TEXT" not in nadia.get(respond_url(open_consultation)).content.decode()
    api_hidden = nadia.get(f"/api/v1/consultation-responses/{theirs.pk}/")
    assert api_hidden.status_code == 404
    assert nadia.get("/api/v1/consultation-responses/").json()["results"] == []
    with pytest.raises(PermissionDenied):
        services.consultation_response_edit(
            actor=people["nadia"], response=theirs, summary="Hijack", confidential=False
        )
    theirs.refresh_from_db()
    assert theirs.summary == "HARBOUR-ONLY-TEXT"


def test_the_secretariats_record_of_a_partys_letter_is_not_the_partys_to_change(
    world, sec, open_consultation, people
):
    harbour = people["priya"].organisation
    recorded = services.response_record(
        actor=sec,
        consultation=open_consultation,
        respondent=harbour,
        received_on=TODAY,
        summary="By letter",
        classification=G,
    )
    priya = client_for(people["priya"])
    refused = priya.get(respond_url(open_consultation))
    assert refused.status_code == 403
    assert "recorded by the secretariat" in refused.content.decode()
    assert priya.get(reverse("documents:response_edit", args=[recorded.pk])).status_code == 403
    with pytest.raises(ValidationError, match="already responded"):
        submit(people["priya"], open_consultation)


def test_a_hidden_consultations_respond_page_is_the_missing_one(world, sec, people):
    amber = consultation(world, sec, level=A, title="AMBER-CONSULTATION")
    priya = client_for(people["priya"])
    hidden = priya.get(respond_url(amber))
    missing = priya.get(reverse("documents:consultation_respond", args=[amber.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404 and same_page(hidden, missing)
    posted = priya.post(respond_url(amber), {"summary": "x"})
    assert posted.status_code == 404
    with pytest.raises(ValidationError) as exc:
        submit(people["priya"], amber)
    assert "consultation" in exc.value.message_dict
    assert not ConsultationResponse.objects.unrestricted().exists()


def test_bad_input_is_a_field_error_and_nothing_is_saved(open_consultation, people):
    page = client_for(people["priya"])
    empty = page.post(respond_url(open_consultation), {"summary": ""})
    assert empty.status_code == 200
    assert empty.context["form"].errors == {"summary": ["This field is required."]}
    long = page.post(respond_url(open_consultation), {"summary": "x" * 20_001})
    assert "summary" in long.context["form"].errors
    twice = page.post(respond_url(open_consultation), {"summary": ["a", "b"]})
    assert "summary" in twice.context["form"].errors
    assert not ConsultationResponse.objects.unrestricted().exists()


def test_a_failure_inside_the_submission_leaves_nothing(open_consultation, people, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        submit(people["priya"], open_consultation)
    assert not ConsultationResponse.objects.unrestricted().exists()
    assert not ConsultationResponse.history.exists()


# -- publication -------------------------------------------------------------------------------


def test_the_public_reads_only_published_responses_and_the_summary_once_published(
    world, sec, open_consultation, people
):
    open_text = submit(people["priya"], open_consultation, "PUBLISHABLE-HARBOUR")
    secret = submit(people["nadia"], open_consultation, "CONFIDENTIAL-NORTHWIND", True)
    public = client_for()
    page = public.get(open_consultation.get_absolute_url()).content.decode()
    assert "PUBLISHABLE-HARBOUR" not in page and "Summary of responses" not in page
    assert public.get(open_text.get_absolute_url()).status_code == 404
    # the body's secretariat and members read every response as they arrive
    member_page = client_for(world.users["owner_member"]).get(open_consultation.get_absolute_url())
    assert "PUBLISHABLE-HARBOUR" in member_page.content.decode()
    assert "CONFIDENTIAL-NORTHWIND" in member_page.content.decode()

    # before the deadline: refused, on the field
    with pytest.raises(ValidationError) as exc:
        services.consultation_summary_publish(
            actor=sec, consultation=open_consultation, summary="Too early"
        )
    assert "publish the summary after it" in exc.value.message_dict["response_summary"][0]

    c = after_deadline(open_consultation)
    secretariat = client_for(sec)
    url = reverse("documents:consultation_summary", args=[c.pk])
    assert secretariat.get(url).status_code == 200
    answer = secretariat.post(
        url,
        {
            "response_summary": "Two responses; SUMMARY-TEXT.",
            "publish_responses": "on",
            "reason": "SSC 12",
        },
    )
    assert answer.status_code == 302
    c.refresh_from_db()
    assert c.summary_published_on == TODAY and c.response_summary == "Two responses; SUMMARY-TEXT."
    open_text.refresh_from_db()
    secret.refresh_from_db()
    assert (open_text.level, secret.level) == (W, R)
    assert AuditEvent.objects.filter(kind="documents.consultation_summary_published").count() == 1
    lowered = AuditEvent.objects.get(
        kind="classification.declassified", subject_id=str(open_text.pk)
    )
    assert lowered.actor == sec and "SSC 12" in lowered.reason

    page = public.get(c.get_absolute_url()).content.decode()
    assert "SUMMARY-TEXT" in page and "PUBLISHABLE-HARBOUR" in page
    assert "CONFIDENTIAL-NORTHWIND" not in page
    assert public.get(open_text.get_absolute_url()).status_code == 200
    assert public.get(secret.get_absolute_url()).status_code == 404
    # another Party reads the published response now, never the confidential one
    harbour_view = client_for(people["priya"]).get(c.get_absolute_url()).content.decode()
    assert "PUBLISHABLE-HARBOUR" in harbour_view and "CONFIDENTIAL-NORTHWIND" not in harbour_view
    # its respondent still reads the confidential one
    assert client_for(people["nadia"]).get(secret.get_absolute_url()).status_code == 200


def test_a_green_consultations_responses_are_published_green_an_amber_ones_stay_red(
    world, sec, people
):
    green = consultation(world, sec, level=G, title="Green one")
    r = submit(people["priya"], green)
    services.consultation_summary_publish(
        actor=sec, consultation=after_deadline(green), summary="S", reason="r"
    )
    r.refresh_from_db()
    assert r.level == G
    amber = consultation(world, sec, level=A, title="Amber one")
    panel_member = world.users["panel_member"]  # reads Amber of every body: may respond
    mine = submit(panel_member, amber)
    services.consultation_summary_publish(
        actor=sec, consultation=after_deadline(amber), summary="S", reason="r"
    )
    mine.refresh_from_db()
    assert mine.level == R  # an Amber consultation's responses stay with their respondents


def test_only_the_secretariat_publishes_the_summary(world, open_consultation, people):
    c = after_deadline(open_consultation)
    url = reverse("documents:consultation_summary", args=[c.pk])
    assert client_for(people["priya"]).get(url).status_code == 403
    assert (
        client_for(world.users["owner_member"]).post(url, {"response_summary": "x"}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.consultation_summary_publish(
            actor=world.users["owner_chair"], consultation=c, summary="x"
        )
    c.refresh_from_db()
    assert c.summary_published_on is None and c.response_summary == ""


# -- the API -----------------------------------------------------------------------------------


def _api_as(user):
    key = api_services.token_create(
        actor=user, user=user, name="responses", scope=TokenScope.WRITE, days=30
    )[1]
    c = Client()
    c.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return c


def _send(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_a_party_submits_and_changes_its_response_through_the_api(open_consultation, people):
    api = _api_as(people["priya"])
    base = "/api/v1/consultation-responses/"
    created = _send(
        api,
        base,
        {"consultation": open_consultation.pk, "summary": "Via API", "confidential": True},
    )
    assert created.status_code == 201, created.content
    row = created.json()
    assert (row["classification"], row["confidential"], row["summary"]) == ("RED", True, "Via API")
    assert "submitted_by" not in row and "red_distribution" not in row
    url = f"{base}{row['id']}/"
    no_version = _send(api, url, {"summary": "Changed"}, "patch")
    assert no_version.status_code == 400
    changed = _send(api, url, {"summary": "Changed", "seen_version": row["version"]}, "patch")
    assert changed.status_code == 200, changed.content
    assert changed.json()["summary"] == "Changed" and changed.json()["confidential"] is True
    stale = _send(api, url, {"summary": "Stale", "seen_version": row["version"]}, "patch")
    assert stale.status_code == 409
    bad = _send(api, base, {"consultation": open_consultation.pk, "summary": ""})
    assert bad.status_code == 400 and "summary" in bad.json()["errors"]
    r = ConsultationResponse.objects.unrestricted().get(pk=row["id"])
    assert r.submitted_by == people["priya"] and r.summary == "Changed"

    # after the deadline: 400 saying why; another Party: 404, as for a missing record
    after_deadline(open_consultation)
    fresh = api.get(url).json()["version"]
    late = _send(api, url, {"summary": "Late", "seen_version": fresh}, "patch")
    assert late.status_code == 400
    assert late.json()["errors"]["non_field_errors"][0].startswith("The deadline was")
    other = _api_as(people["nadia"])
    assert _send(other, url, {"summary": "x", "seen_version": fresh}, "patch").status_code == 404
    assert _send(other, f"{base}999999/", {"summary": "x"}, "patch").status_code == 404


def test_the_api_offers_a_party_only_open_consultations_it_may_read(world, sec, people):
    amber = consultation(world, sec, level=A, title="Hidden")
    closed = after_deadline(consultation(world, sec, title="Past"))
    api = _api_as(people["priya"])
    for target in (amber.pk, closed.pk, 999999):
        answer = _send(
            api, "/api/v1/consultation-responses/", {"consultation": target, "summary": "x"}
        )
        assert answer.status_code == 400 and "consultation" in answer.json()["errors"]
    not_party = _api_as(people["rex"])
    assert (
        _send(
            not_party, "/api/v1/consultation-responses/", {"consultation": amber.pk, "summary": "x"}
        ).status_code
        == 403
    )
    assert not ConsultationResponse.objects.unrestricted().exists()


# -- query counts ------------------------------------------------------------------------------


def test_the_respond_page_reads_a_fixed_number_of_queries(
    open_consultation, people, django_assert_num_queries
):
    priya = client_for(people["priya"])
    priya.get(respond_url(open_consultation))  # warm the content-type and session caches
    with django_assert_num_queries(NEW_RESPONSE_QUERIES):
        assert priya.get(respond_url(open_consultation)).status_code == 200
    submit(people["priya"], open_consultation)
    submit(people["nadia"], open_consultation)
    with django_assert_num_queries(OWN_RESPONSE_QUERIES):
        assert priya.get(respond_url(open_consultation)).status_code == 200


# session, user, memberships, the consultation, the organisation, its response, the body
NEW_RESPONSE_QUERIES = 7
# the same, the version the form carries (web.conflicts), and the RED read's audit event
OWN_RESPONSE_QUERIES = 9


# -- the new pages in the visibility matrix's terms -------------------------------------------


@pytest.mark.parametrize("owner", ["ssc", "panel"])
def test_every_role_gets_the_respond_and_summary_pages_of_exactly_the_consultations_it_reads(
    owner,
):
    """The matrix's oracle (`testkit.expected_levels`) for the two pages a consultation gained:
    each role, a consultation at each level: hidden is the missing page (404, same body);
    a readable one is the respond page for a SEC Party's person (every signed-in role of the
    world works for one) and the summary page for the owning body's secretariat alone."""
    from secpanel.testkit import ROLES, build_world, expected_levels

    world = build_world(owner=owner)
    sec = world.users["owner_secretariat"]
    made = {}
    for level in Classification:
        c = consultation(world, sec, level=level, title=f"MARK-{level.name}")
        if level == R:
            c.red_distribution.add(world.users["red_recipient"])
        made[level] = c
    problems = []
    for role in ROLES:
        user = world.users.get(role)
        page = client_for(user if role != "anonymous" else None)
        allowed = expected_levels(role, owner)
        signed_in = role not in ("anonymous", "inactive_owner_member")
        for name in ("documents:consultation_respond", "documents:consultation_summary"):
            missing = page.get(reverse(name, args=[999_999]))
            for level, c in made.items():
                answer = page.get(reverse(name, args=[c.pk]))
                if not signed_in:
                    expected = 302  # to the sign-in page, whatever the record
                elif level not in allowed:
                    expected = 404
                elif name.endswith("summary"):
                    expected = 200 if role == "owner_secretariat" else 403
                else:
                    expected = 200
                if answer.status_code != expected:
                    problems.append(f"{role} {name} {level.name}: {answer.status_code}")
                if expected in (302, 404) and not same_page(answer, missing):
                    problems.append(f"{role} {name} {level.name}: not the missing page")
                if expected != 200 and f"MARK-{level.name}" in answer.content.decode():
                    problems.append(f"{role} {name} {level.name}: names the consultation")
    assert problems == []
