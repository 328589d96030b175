"""Document versions, their approval by a decision, consultations and deadlines."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from secpanel.core.citations import cite, cited_by
from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.core.services import classified_create
from secpanel.documents import calendar, selectors, services
from secpanel.documents.models import ConsultationStatus, DocumentVersion, VersionStatus
from secpanel.meetings.models import Decision, Highlight

pytestmark = pytest.mark.django_db
W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED
TODAY = datetime.date.today()


@pytest.fixture
def sec(world):
    return world.users["owner_secretariat"]


def decision(world, sec, text="Approved the SCF", level=W, date=datetime.date(2019, 4, 9)):
    return classified_create(
        actor=sec,
        instance=Decision(
            owning_body=world.owner, classification=level, date=date, verb="approved", text=text
        ),
    )


@pytest.fixture
def scf(world, sec):
    return services.document_create(
        actor=sec, owning_body=world.owner, title="Security Controls Framework", short_name="SCF"
    )


def test_approval_binds_the_decision_to_that_exact_version_and_a_new_version_starts_unapproved(
    world, sec, scf
):
    v116 = services.version_create(actor=sec, document=scf, version="V1.16")
    d = decision(world, sec)
    services.version_transition(actor=sec, obj=v116, name="approve", decision=d, reason="SSC")
    v116.refresh_from_db()
    assert v116.version == "1.16"
    assert v116.status == VersionStatus.APPROVED
    assert v116.approved_by_decision == d and v116.approved_on == d.date
    assert d in cited_by(world.users["party"], v116)
    assert AuditEvent.objects.filter(kind="documents.version_approve").count() == 1

    v117 = services.version_create(actor=sec, document=scf, version="1.17")
    assert v117.status == VersionStatus.DRAFT
    assert v117.approved_by_decision is None and v117.approved_on is None
    assert cited_by(world.users["owner_member"], v117) == []


def test_approving_without_a_decision_is_refused_and_changes_nothing(world, sec, scf):
    v = services.version_create(actor=sec, document=scf, version="1.16")
    with pytest.raises(ValidationError) as exc:
        services.version_transition(actor=sec, obj=v, name="approve")
    assert "decision" in exc.value.message_dict
    v.refresh_from_db()
    assert v.status == VersionStatus.DRAFT


def test_a_draft_cannot_be_published_and_the_message_says_why(world, sec, scf):
    v = services.version_create(actor=sec, document=scf, version="1.16")
    with pytest.raises(ValidationError) as exc:
        services.version_transition(actor=sec, obj=v, name="publish")
    assert exc.value.message_dict["status"] == ["Cannot “Publish” while the status is Draft."]


def test_publishing_a_version_supersedes_the_previously_published_one(world, sec, scf):
    old = services.version_create(actor=sec, document=scf, version="1.15")
    new = services.version_create(actor=sec, document=scf, version="1.16")
    for v in (old, new):
        services.version_transition(actor=sec, obj=v, name="approve", decision=decision(world, sec))
    services.version_transition(actor=sec, obj=old, name="publish")
    services.version_transition(actor=sec, obj=new, name="publish")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (VersionStatus.SUPERSEDED, VersionStatus.PUBLISHED)
    assert old.approved_by_decision is not None  # superseding keeps its own approval


def test_only_the_owning_bodys_secretariat_moves_a_version(world, sec, scf):
    v = services.version_create(actor=sec, document=scf, version="1.16")
    for role in ("owner_member", "other_body_secretariat"):
        with pytest.raises(PermissionDenied):
            services.version_transition(actor=world.users[role], obj=v, name="issue_for_review")
    v.refresh_from_db()
    assert v.status == VersionStatus.DRAFT


def test_issuing_for_review_stamps_the_issue_date(world, sec, scf):
    v = services.version_create(actor=sec, document=scf, version="1.16")
    services.version_transition(
        actor=sec, obj=v, name="issue_for_review", on=datetime.date(2019, 4, 23)
    )
    v.refresh_from_db()
    assert v.status == VersionStatus.ISSUED_FOR_REVIEW
    assert v.issued_on == datetime.date(2019, 4, 23)


def test_version_numbers_are_validated_and_unique_per_document(world, sec, scf):
    with pytest.raises(ValidationError) as exc:
        services.version_create(actor=sec, document=scf, version="one point six")
    assert "version" in exc.value.message_dict
    services.version_create(actor=sec, document=scf, version="1.7")
    with pytest.raises(ValidationError):
        services.version_create(actor=sec, document=scf, version="1.7")


def test_a_consultation_concludes_only_with_an_outcome(world, sec):
    c = services.consultation_create(
        actor=sec, owning_body=world.owner, title="BAD review", closes_on=TODAY
    )
    services.consultation_transition(actor=sec, obj=c, name="open")
    services.consultation_transition(actor=sec, obj=c, name="close")
    with pytest.raises(ValidationError) as exc:
        services.consultation_transition(actor=sec, obj=c, name="conclude")
    assert "outcome" in exc.value.message_dict
    services.consultation_update(actor=sec, consultation=c, outcome="Comments taken in.")
    services.consultation_transition(actor=sec, obj=c, name="conclude")
    c.refresh_from_db()
    assert c.status == ConsultationStatus.CONCLUDED


def test_responses_are_recorded_only_once_the_consultation_has_opened(world, sec):
    c = services.consultation_create(
        actor=sec, owning_body=world.owner, title="TAD review", closes_on=TODAY
    )
    with pytest.raises(ValidationError):
        services.response_record(
            actor=sec, consultation=c, received_on=TODAY, respondent_name="DCC"
        )
    services.consultation_transition(actor=sec, obj=c, name="open")
    r = services.response_record(
        actor=sec, consultation=c, received_on=TODAY, respondent_name="DCC", classification=R
    )
    assert list(selectors.responses_to(world.users["owner_member"], c)) == [r]
    assert list(selectors.responses_to(world.users["party"], c)) == []


def test_a_closing_deadline_shows_in_upcoming_deadlines_and_the_calendar_only_to_readers(
    world, sec
):
    soon = TODAY + datetime.timedelta(days=10)
    public = services.consultation_create(
        actor=sec, owning_body=world.owner, title="BAD and TAD review", closes_on=soon
    )
    hidden = services.consultation_create(
        actor=sec,
        owning_body=world.owner,
        title="Confidential review",
        closes_on=soon,
        classification=A,
    )
    services.consultation_create(
        actor=sec,
        owning_body=world.owner,
        title="Far away",
        closes_on=TODAY + datetime.timedelta(days=90),
    )
    party = world.users["party"]
    assert list(selectors.upcoming_deadlines(party, TODAY)) == [public]
    assert set(selectors.upcoming_deadlines(world.users["owner_member"], TODAY)) == {
        public,
        hidden,
    }
    events = list(calendar.events(party, TODAY, soon))
    assert [e.title for e in events] == ["Consultation closes: BAD and TAD review"]
    assert events[0].kind == "deadline"
    assert events[0].url == public.get_absolute_url()
    services.consultation_transition(actor=sec, obj=public, name="open")
    services.consultation_transition(actor=sec, obj=public, name="close")
    assert list(selectors.upcoming_deadlines(party, TODAY)) == []


def test_versions_in_period_are_those_issued_approved_or_changed_then(world, sec, scf):
    april = services.version_create(
        actor=sec, document=scf, version="1.16", issued_on=datetime.date(2019, 4, 3)
    )
    services.version_create(
        actor=sec, document=scf, version="1.15", issued_on=datetime.date(2019, 1, 3)
    )
    long_ago = datetime.datetime(2019, 1, 3, tzinfo=datetime.UTC)
    DocumentVersion.objects.unrestricted().update(updated_at=long_ago)
    found = selectors.versions_in_period(
        world.users["party"], datetime.date(2019, 4, 1), datetime.date(2019, 4, 30)
    )
    assert list(found) == [april]


def test_the_version_page_shows_who_discussed_it_as_far_as_the_reader_may_see(world, sec, scf):
    v = services.version_create(actor=sec, document=scf, version="1.16")
    for level, heading in ((W, "Public highlight"), (R, "Secret highlight")):
        h = Highlight.objects.create(
            owning_body=world.owner,
            classification=level,
            heading=heading,
            text="t",
            period=datetime.date(2019, 4, 1),
        )
        cite(actor=sec, source=h, target=v)
    url = reverse("documents:version_detail", args=[v.pk])
    c = Client()
    c.force_login(world.users["party"])
    html = c.get(url).content.decode()
    assert "Public highlight" in html and "Secret highlight" not in html
    assert 'data-classification="WHITE"' in html
    c.force_login(world.users["owner_member"])
    html = c.get(url).content.decode()
    assert "Secret highlight" in html and 'data-classification="RED"' in html


def test_secretariat_approves_through_the_page_with_a_decision(world, sec, scf):
    v = services.version_create(actor=sec, document=scf, version="1.16")
    d = decision(world, sec)
    c = Client()
    c.force_login(sec)
    page = c.get(reverse("documents:version_detail", args=[v.pk])).content.decode()
    assert 'value="approve"' in page and f'value="{d.pk}"' in page
    response = c.post(
        reverse("documents:version_transition", args=[v.pk]),
        {"name": "approve", "decision": d.pk, "reason": "SSC 9 April"},
    )
    assert response.status_code == 302
    v.refresh_from_db()
    assert v.status == VersionStatus.APPROVED and v.approved_by_decision == d
    assert v.history.first().history_change_reason == "SSC 9 April"


def test_a_member_sees_no_buttons_and_cannot_post_a_transition(world, sec, scf):
    v = services.version_create(actor=sec, document=scf, version="1.16")
    c = Client()
    c.force_login(world.users["owner_member"])
    assert 'value="issue_for_review"' not in c.get(v.get_absolute_url()).content.decode()
    c.post(reverse("documents:version_transition", args=[v.pk]), {"name": "issue_for_review"})
    v.refresh_from_db()
    assert v.status == VersionStatus.DRAFT


def test_the_version_form_offers_only_documents_of_bodies_the_user_runs(world, sec, scf):
    services.document_create(
        actor=sec, owning_body=world.owner, title="Red key procedures", classification=R
    )
    c = Client()
    c.force_login(world.users["other_body_secretariat"])
    html = c.get(reverse("documents:version_create")).content.decode()
    # another body's secretariat may read the White SCF but may not file versions under it
    assert "Security Controls Framework" not in html
    assert "Red key procedures" not in html
    c.force_login(sec)
    html = c.get(reverse("documents:version_create")).content.decode()
    assert "Security Controls Framework" in html and "Red key procedures" in html


def test_secretariat_creates_a_version_through_the_form(world, sec, scf):
    c = Client()
    c.force_login(sec)
    response = c.post(
        reverse("documents:version_create"),
        {
            "document": scf.pk,
            "owning_body": world.owner.pk,
            "version": "1.16",
            "classification": W,
            "reason": "New version tabled",
        },
    )
    v = DocumentVersion.objects.unrestricted().get()
    assert response.status_code == 302 and response["Location"] == v.get_absolute_url()
    assert v.status == VersionStatus.DRAFT


def test_a_new_version_form_takes_the_documents_body_and_level_but_never_a_hidden_ones(world, sec):
    amber = services.document_create(
        actor=sec, owning_body=world.owner, title="Amber doc", classification=A
    )
    c = Client()
    c.force_login(sec)
    form = c.get(reverse("documents:version_create"), {"document": amber.pk}).context["form"]
    assert form.initial == {
        "document": amber.pk,
        "owning_body": world.owner.pk,
        "classification": A,
    }
    c.force_login(world.users["other_body_secretariat"])
    form = c.get(reverse("documents:version_create"), {"document": amber.pk}).context["form"]
    assert form.initial == {}


def test_a_response_to_a_planned_consultation_is_refused_on_the_consultation_field(world, sec):
    planned = services.consultation_create(
        actor=sec, owning_body=world.owner, title="Not yet open", closes_on=TODAY
    )
    c = Client()
    c.force_login(sec)
    response = c.post(
        reverse("documents:response_create"),
        {
            "consultation": planned.pk,
            "owning_body": world.owner.pk,
            "respondent_name": "DCC",
            "received_on": TODAY.isoformat(),
            "classification": A,
        },
    )
    assert 'id="id_consultation-error"' in response.content.decode()
    assert planned.responses.unrestricted().count() == 0
