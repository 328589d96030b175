"""The register's pages: the secretariat records through them; members read; no leaks."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secpanel.assurance import services
from secpanel.assurance.models import (
    AssessmentOutcome,
    ComplianceStatusOption,
    DirectorsLetter,
    SecUser,
)
from secpanel.core.classification import Classification
from secpanel.meetings.models import Meeting

from .factories import reported, sec_user

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_secretariat_registers_a_user_in_two_roles(world):
    from secpanel.accounts.models import Organisation

    org = Organisation.objects.create(name="Puffin Power Ltd", party_category="small_supplier")
    c = _client(world.users["owner_secretariat"])
    response = c.post(
        reverse("assurance:user_create"),
        {
            "owning_body": world.owner.pk,
            "organisation": org.pk,
            "roles": ["import_supplier", "gas_supplier"],
            "domestic_premises": 120000,
            "non_domestic_premises": 300,
            "classification": Classification.RED,
            "reason": "User Entry",
        },
    )
    user = SecUser.objects.unrestricted().get()
    assert response.status_code == 302 and response["Location"] == user.get_absolute_url()
    assert user.roles == ["import_supplier", "gas_supplier"]
    page = c.get(user.get_absolute_url()).content.decode()
    assert "Import Supplier, Gas Supplier" in page and "120,000" in page
    assert "FUSA, year 1" in page  # the schedule: an initial Full assessment is owed


def test_the_assessment_form_offers_only_users_the_person_may_read(world):
    hidden = sec_user(world, name="Hidden Party Ltd")
    hidden.owning_body = world.other
    hidden.save()
    shown = sec_user(world, name="Shown Party Ltd")
    page = _client(world.users["owner_secretariat"]).get(reverse("assurance:assessment_create"))
    html = page.content.decode()
    assert shown.party_name in html and "Hidden Party Ltd" not in html


def test_secretariat_moves_an_assessment_with_the_buttons_and_sets_the_outcome(world):
    meeting = Meeting.objects.create(
        body=world.owner,
        starts_at=timezone.make_aware(datetime.datetime(2019, 4, 10, 10)),
        status="held",
    )
    actor = world.users["owner_secretariat"]
    a = services.assessment_create(
        actor=actor,
        sec_user=sec_user(world),
        assessment_type="verification",
        cycle_year=2,
        fieldwork_end=datetime.date(2019, 2, 8),
    )
    c = _client(actor)
    html = c.get(a.get_absolute_url()).content.decode()
    assert "Start fieldwork" in html and "Record the SSC" not in html
    c.post(
        reverse("assurance:assessment_transition", args=[a.pk, "start_fieldwork"]),
        {"on": "2019-02-04"},
    )
    c.post(
        reverse("assurance:assessment_transition", args=[a.pk, "issue_report"]),
        {"on": "2019-03-01"},
    )
    a.refresh_from_db()
    assert a.status == "reported" and a.fieldwork_start == datetime.date(2019, 2, 4)
    response = c.post(
        reverse("assurance:outcome_create", args=[a.pk]),
        {
            "meeting": meeting.pk,
            "compliance_status": ComplianceStatusOption.objects.get(code="non-compliant").pk,
            "reason": "Minutes item 4",
        },
    )
    assert response.status_code == 302
    outcome = AssessmentOutcome.objects.unrestricted().get()
    assert outcome.decision.meeting == meeting and outcome.decided_on == meeting.date
    assert outcome.compliance_status.code == "non-compliant" and outcome.notify_panel
    html = c.get(a.get_absolute_url()).content.decode()
    assert "Non-compliant" in html and "The SSC must notify the Panel" in html


def test_a_refused_move_is_shown_as_a_message_and_changes_nothing(world):
    a = reported(world, sec_user(world))
    c = _client(world.users["owner_secretariat"])
    response = c.post(
        reverse("assurance:assessment_transition", args=[a.pk, "start_fieldwork"]), follow=True
    )
    assert "not possible while the record is report issued" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "reported"


def test_members_read_but_cannot_move_or_set_outcomes(world):
    a = reported(world, sec_user(world))
    c = _client(world.users["owner_member"])
    html = c.get(a.get_absolute_url()).content.decode()
    assert "Record the SSC" not in html and 'name="on"' not in html
    assert c.get(reverse("assurance:outcome_create", args=[a.pk])).status_code == 404
    c.post(reverse("assurance:assessment_transition", args=[a.pk, "cancel"]))
    a.refresh_from_db()
    assert a.status == "reported"


def test_pages_for_hidden_records_are_404_for_forms_too(world):
    a = reported(world, sec_user(world))
    c = _client(world.users["other_body_secretariat"])
    for url in (
        reverse("assurance:assessment_edit", args=[a.pk]),
        reverse("assurance:outcome_create", args=[a.pk]),
        reverse("assurance:finding_create", args=[a.pk]),
    ):
        assert c.get(url).status_code == 404, url
    response = c.post(reverse("assurance:assessment_transition", args=[a.pk, "cancel"]))
    assert response.status_code == 404


def test_secretariat_adds_a_finding_and_a_wrong_reference_lands_on_its_field(world):
    a = reported(world, sec_user(world))
    c = _client(world.users["owner_secretariat"])
    url = reverse("assurance:finding_create", args=[a.pk])
    bad = c.post(
        url,
        {"obligation": "H1.1", "description": "x", "classification": Classification.RED},
        HTTP_HX_REQUEST="true",
    )
    assert 'id="id_obligation-error"' in bad.content.decode()
    good = c.post(
        url, {"obligation": "G4.9", "description": "Patching", "classification": Classification.RED}
    )
    assert good.status_code == 302
    assert a.findings.unrestricted().get().obligation == "G4.9"


def test_secretariat_reviews_a_directors_letter_through_the_page(world):
    actor = world.users["owner_secretariat"]
    letter = services.letter_create(
        actor=actor, sec_user=sec_user(world), received_on=datetime.date(2019, 4, 1)
    )
    c = _client(actor)
    response = c.post(
        reverse("assurance:letter_review", args=[letter.pk]),
        {"approved": "yes", "reviewed_on": "2019-04-24"},
    )
    assert response.status_code == 302
    letter = DirectorsLetter.objects.unrestricted().get()
    assert letter.status == "approved" and letter.reviewed_on == datetime.date(2019, 4, 24)


def test_the_overview_shows_the_months_figures_and_appendix(world):
    actor = world.users["owner_secretariat"]
    user = sec_user(world, name="Gannet Gas Ltd")
    a = reported(world, user)
    services.outcome_set(
        actor=actor,
        assessment=a,
        decided_on=datetime.date(2019, 4, 10),
        compliance_status="compliant",
    )
    html = (
        _client(world.users["owner_member"])
        .get(reverse("assurance:overview") + "?month=2019-04")
        .content.decode()
    )
    assert 'data-testid="verification">1<' in html and "Gannet Gas Ltd" in html
    assert 'data-classification="RED"' in html
    public = Client().get(reverse("assurance:overview") + "?month=2019-04").content.decode()
    assert "Gannet Gas Ltd" not in public and 'data-testid="verification">0<' in public


def test_the_schedule_page_lists_overdue_users_and_draws_the_chart(world):
    user = sec_user(world, name="Overdue Energy Ltd", domestic=400_000)
    a = reported(
        world,
        user,
        assessment_type="full",
        kind="initial",
        cycle_year=1,
        start=datetime.date(2018, 1, 8),
    )
    services.outcome_set(
        actor=world.users["owner_secretariat"],
        assessment=a,
        decided_on=datetime.date(2018, 3, 1),
        assurance_status="approved",
    )
    html = (
        _client(world.users["owner_member"])
        .get(reverse("assurance:schedule") + "?on=2019-05-01")
        .content.decode()
    )
    overdue = html.split('data-testid="overdue"')[1].split("</section>")[0]
    assert "Overdue Energy Ltd" in overdue and "VUSA, year 2" in overdue
    assert "12 Jan 2019" in overdue
    assert "<svg" in html and "January 2019: 1 overdue" in html
    assert "Overdue Energy Ltd" not in Client().get(reverse("assurance:schedule")).content.decode()


def test_the_rules_page_is_public_and_lists_the_thresholds(world):
    html = Client().get(reverse("assurance:rules")).content.decode()
    assert "250,000" in html and "50,000" in html and "Potentially non-compliant" in html


def test_the_edit_form_keeps_the_user_and_shows_dates_the_date_input_can_read(world):
    a = reported(world, sec_user(world, name="Tern Energy Ltd"))
    html = (
        _client(world.users["owner_secretariat"])
        .get(reverse("assurance:assessment_edit", args=[a.pk]))
        .content.decode()
    )
    assert f'<option value="{a.sec_user.pk}" selected>Tern Energy Ltd</option>' in html
    assert 'type="date" name="fieldwork_end" value="2019-02-08"' in html


def test_the_overview_opens_on_the_latest_month_the_viewer_can_see_a_decision_in(world):
    actor = world.users["owner_secretariat"]
    a = reported(world, sec_user(world, name="Skua Supply Ltd"))
    services.outcome_set(
        actor=actor,
        assessment=a,
        decided_on=datetime.date(2019, 4, 10),
        compliance_status="compliant",
    )
    member = _client(world.users["owner_member"]).get(reverse("assurance:overview"))
    assert member.context["month"] == datetime.date(2019, 4, 1)
    public = Client().get(reverse("assurance:overview"))
    assert public.context["month"] != datetime.date(2019, 4, 1)  # nothing it may see there
