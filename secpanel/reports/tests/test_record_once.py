"""Record once: a month recorded with no highlights at all still reaches the Panel paper. Every
register's facts (a meeting held, a decision marked for the Panel, advice on modifications, a
document version approved, an industry review opened) are written by the app that owns them
(`core.paper`, each app's `report.py`), in their body's section, with every SECMP link; the
wording is the configuration's."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from secpanel.core.classification import Classification
from secpanel.documents import services as documents
from secpanel.meetings.models import Highlight, Meeting
from secpanel.meetings.services import decision_record
from secpanel.modifications.models import AdviceKind
from secpanel.modifications.services import advice_record, modification_create
from secpanel.reports.models import Edition, ReportPhrase
from secpanel.reports.render.text import links, render_text
from secpanel.reports.selectors import version_document
from secpanel.reports.services import report_create, report_recompile
from secpanel.testkit.paper import section_text

pytestmark = pytest.mark.django_db
W, A = Classification.WHITE, Classification.AMBER
FEB = datetime.date(2020, 2, 1)


@pytest.fixture
def february(world, march_2020):
    """February 2020 as structured records only: no highlight at all."""
    Highlight.objects.unrestricted().delete()
    from secpanel.core.policy import forget_access_profile

    sec = world.users["owner_secretariat"]
    forget_access_profile(sec)
    ssc, tabasc, panel = world.owner, world.other, world.panel
    tabasc_meeting = Meeting.objects.get(body=tabasc, starts_at__date=datetime.date(2020, 2, 11))
    mods = {
        ref: modification_create(
            actor=sec, owning_body=panel, reference=ref, title=title, date=FEB, reason="Test"
        )
        for ref, title in (
            ("SECMP0024", "Enduring approach to Communications Hub firmware management"),
            ("SECMP0067", "Service Request Traffic Management"),
        )
    }
    hidden = modification_create(
        actor=sec,
        owning_body=panel,
        reference="SECMP0099",
        title="Confidential change",
        classification=A,
        date=FEB,
        reason="Test",
    )
    decision_record(
        actor=sec,
        owning_body=tabasc,
        meeting=tabasc_meeting,
        verb="agreed",
        text="The TABASC agreed to write to the Board about the SECMP0024 design.",
        classification=W,
        for_panel=True,
        reason="Test",
    )
    decision_record(
        actor=sec,
        owning_body=tabasc,
        meeting=tabasc_meeting,
        verb="noted",
        text="The TABASC noted the minutes of January.",
        classification=W,
        reason="Test",
    )
    for modification, kind, extra in (
        (mods["SECMP0024"], AdviceKind.DATE_CHANGE, {"new_date": datetime.date(2020, 11, 5)}),
        (mods["SECMP0067"], AdviceKind.SUITABLE_FOR_PA, {}),
        (hidden, AdviceKind.SUPPORT, {}),
    ):
        advice_record(
            actor=sec,
            owning_body=tabasc,
            modification=modification,
            kind=kind,
            meeting=tabasc_meeting,
            reason="Test",
            **extra,
        )
    scf = documents.document_create(
        actor=sec, owning_body=ssc, title="Security Controls Framework", short_name="SCF"
    )
    version = documents.version_create(actor=sec, document=scf, version="2.1")
    approval = decision_record(
        actor=sec,
        owning_body=ssc,
        date=datetime.date(2020, 2, 20),
        verb="approved",
        text="The SSC approved the SCF V2.1.",
        classification=W,
        reason="Test",
    )
    documents.version_transition(actor=sec, obj=version, name="approve", decision=approval)
    bad = documents.document_create(
        actor=sec,
        owning_body=ssc,
        title="Business Architecture Document",
        short_name="BAD",
    )
    bad_version = documents.version_create(actor=sec, document=bad, version="3.0")
    documents.consultation_create(
        actor=sec,
        owning_body=ssc,
        title="Industry review of the BAD",
        kind="industry_review",
        document_version=bad_version,
        opens_on=datetime.date(2020, 2, 24),
        closes_on=datetime.date(2020, 3, 20),
        reason="Test",
    )
    return report_create(actor=sec, meeting=march_2020)


def test_a_month_with_no_highlights_reports_every_fact_in_itssection_text(february):
    version = february.latest_version()
    doc = version_document(version, Edition.PUBLIC)
    tabasc = section_text(doc, "TABASC Meetings")
    assert "The TABASC met on the 11 February 2020." in tabasc
    assert "The TABASC agreed to write to the Board about the SECMP0024 design." in tabasc
    assert "noted the minutes" not in render_text(doc)  # not marked for the Panel
    assert (
        "The TABASC provided the following support and advice on two different Modification "
        "Proposals:" in tabasc
    )
    assert (
        "The TABASC agreed that the implementation date of SECMP0024 ‘Enduring approach to "
        "Communications Hub firmware management’ should be moved to 5 November 2020." in tabasc
    )
    assert (
        "The TABASC agreed that the SECMP0067 ‘Service Request Traffic Management’ Business "
        "Requirements are suitable for Preliminary Assessment." in tabasc
    )
    ssc = section_text(doc, "SSC Meetings")
    assert "The SSC agreed and approved the SCF V2.1." in ssc
    assert "The BAD has been issued for industry review. Comments are due by 20 March 2020." in ssc
    # every modification named links to its public page; the hidden one is not there at all
    urls = set(links(doc))
    assert any("enduring-approach" in u for u in urls)
    assert any("service-request-traffic-management" in u for u in urls)
    assert "SECMP0099" not in render_text(doc) and "Confidential change" not in render_text(doc)
    assert any(o["model"] == "modifications.modificationadvice" for o in version.omitted)


def test_the_wording_is_the_configurations(february, world):
    config = february.configuration
    phrase = ReportPhrase(
        configuration=config,
        key="advice.intro",
        text="{short} advised on {n} modifications:",
        one="{short} advised on one modification:",
    )
    phrase.full_clean()
    phrase.save()
    again = report_recompile(actor=world.users["owner_secretariat"], report=february)
    text = render_text(version_document(again, Edition.PUBLIC))
    assert "TABASC advised on 2 modifications:" in text
    assert "provided the following support and advice" not in text


def test_a_phrase_may_use_only_the_placeholders_of_its_sentence(february):
    phrase = ReportPhrase(
        configuration=february.configuration, key="advice.intro", text="{short} and {secret}"
    )
    with pytest.raises(ValidationError) as caught:
        phrase.full_clean()
    assert "{secret}" in str(caught.value.message_dict["text"])
    bad_key = ReportPhrase(configuration=february.configuration, key="no.such", text="x")
    with pytest.raises(ValidationError) as caught:
        bad_key.full_clean()
    assert "key" in caught.value.message_dict


def test_the_meeting_page_and_the_published_list_name_one_paper(world, march_2020):
    from django.test import Client

    from secpanel.reports.services import report_transition

    sec = world.users["owner_secretariat"]
    report = report_create(actor=sec, meeting=march_2020)
    report_transition(actor=sec, report=report, name="issue")
    anonymous = Client()
    assert (
        "Sub-Committee Report" not in anonymous.get(march_2020.get_absolute_url()).content.decode()
    )
    report_transition(actor=sec, report=report, name="publish")
    page = anonymous.get(march_2020.get_absolute_url()).content.decode()
    assert "SECP_80_1303_9 – Committees Report, dated 10 March 2020 (published edition)" in page
    listing = anonymous.get("/reports/published/").content.decode()
    assert "SECP_80_1303_9 – Committees Report" in listing and str(march_2020) in listing


def test_an_action_addressed_to_the_panel_is_reported(world, february):
    from secpanel.meetings.services import action_create

    sec = world.users["owner_secretariat"]
    action_create(
        actor=sec,
        owning_body=world.other,
        text="Confirm the approach to SECMP0067 testing.",
        raised_on=datetime.date(2020, 2, 11),
        due_date=datetime.date(2020, 3, 13),
        reference="TABASC 11/02/01",
        owner_person=sec,
        classification=W,
        for_panel=True,
        reason="Test",
    )
    action_create(
        actor=sec,
        owning_body=world.other,
        text="Circulate the slides.",
        raised_on=datetime.date(2020, 2, 11),
        owner_person=sec,
        classification=W,
        reason="Test",
    )
    again = report_recompile(actor=sec, report=february)
    tabasc = section_text(version_document(again, Edition.PUBLIC), "TABASC Meetings")
    assert (
        "The TABASC asks the Panel to confirm the approach to SECMP0067 testing (action "
        "TABASC 11/02/01, by 13 March 2020)." in tabasc
    )
    assert "Circulate the slides" not in tabasc


def test_issue_and_publish_ask_first_and_say_what_will_happen(world, march_2020):
    from django.test import Client
    from django.urls import reverse

    from secpanel.reports.models import ReportStatus

    sec = world.users["owner_secretariat"]
    report = report_create(actor=sec, meeting=march_2020)
    client = Client()
    client.force_login(sec)
    confirm = client.get(reverse("reports:report_transition", args=[report.pk, "issue"]))
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Issue SECP_80_1303_9?" in page and "can no longer be edited" in page
    assert "no Panel edition (_PANEL_RED) is issued" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT  # asking changes nothing
    early = client.get(reverse("reports:report_transition", args=[report.pk, "publish"]))
    assert early.status_code == 302
    assert (
        client.get(reverse("reports:report_transition", args=[report.pk, "nope"])).status_code
        == 404
    )
    member = Client()
    member.force_login(world.users["panel_member"])
    url = reverse("reports:report_transition", args=[report.pk, "issue"])
    assert member.get(url).status_code == 403
    assert Client().get(url).status_code in (302, 404)  # anonymous: sign in, never the page
