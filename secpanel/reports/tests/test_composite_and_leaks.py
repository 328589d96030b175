"""Issue 10, holes 3 and 11: an issued Panel paper file is a composite record, and what is
typed into the wording is checked for Amber and Red facts before it is issued or published.

Hole 3: a Panel chair declassified the Panel edition file through the classification page,
publishing the SSC's Red Appendix A. Files are Panel-owned whoever's records fill them: lowering
one needs a chair or the secretariat of every body whose records are in it, and a Panel
edition is never below its highest block (Red with Appendix A), whoever asks.

Hole 11: "Harbour Power Ltd remains Non-compliant with G4.9" typed into §3.1 went out in the
public edition: the edition check compares block levels, not content.
"""

from __future__ import annotations

import datetime
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from secpanel.accounts.models import Organisation, PartyCategory, User
from secpanel.bodies.models import Membership
from secpanel.core.classification import Classification
from secpanel.core.policy import forget_access_profile
from secpanel.core.services import classification_change, classified_update
from secpanel.reports.models import Edition, IssuedFile, ReportStatus
from secpanel.reports.selectors import version_document
from secpanel.reports.services import report_create, report_edit, report_transition

pytestmark = pytest.mark.django_db

W, A, R = Classification.WHITE, Classification.AMBER, Classification.RED
RED_FACT = "Harbour Power Ltd remains Non-compliant with G4.9"
FEB_12 = datetime.date(2020, 2, 12)


@pytest.fixture
def harbour(world, march_2020):
    """February 2020 at the SSC: Harbour Power Ltd's VUSA, a G4.9 finding and the
    Non-compliant outcome the SSC set on 12 February. All Red, owned by the SSC."""
    from secpanel.assurance.models import (
        AssessmentOutcome,
        ComplianceStatusOption,
        Finding,
        SecUser,
        UserSecurityAssessment,
    )
    from secpanel.meetings.models import Decision

    ssc = world.owner
    org = Organisation.objects.create(
        name="Harbour Power Ltd", short_name="Harbour", party_category=PartyCategory.SMALL_SUPPLIER
    )
    sec_user = SecUser.objects.create(
        organisation=org, roles=["import_supplier"], owning_body=ssc, classification=R
    )
    vusa = UserSecurityAssessment.objects.create(
        sec_user=sec_user,
        assessment_type="verification",
        kind="annual",
        cycle_year=2,
        status="reviewed",
        owning_body=ssc,
        classification=R,
    )
    Finding.objects.create(
        assessment=vusa,
        obligation="G4.9",
        description="No record that security patches were applied in time.",
        owning_body=ssc,
        classification=R,
    )
    decision = Decision.objects.create(
        date=FEB_12, verb="set", text="Compliance Status set", owning_body=ssc, classification=R
    )
    status, _ = ComplianceStatusOption.objects.get_or_create(
        code="non-compliant", defaults={"label": "Non-compliant", "notifies_panel": True}
    )
    return AssessmentOutcome.objects.create(
        assessment=vusa,
        decision=decision,
        decided_on=FEB_12,
        kind="compliance",
        compliance_status=status,
        notify_panel=True,
        owning_body=ssc,
        classification=R,
    )


def _set_level(outcome, level):
    """The outcome and its finding (the records the typed sentence names) at `level`."""
    from secpanel.assurance.models import AssessmentOutcome, Finding

    AssessmentOutcome.objects.unrestricted().filter(pk=outcome.pk).update(classification=level)
    Finding.objects.unrestricted().filter(assessment_id=outcome.assessment_id).update(
        classification=level
    )


def _secretariat(world):
    user = world.users["owner_secretariat"]  # secretariat of the SSC, Panel, TAG and TABASC
    forget_access_profile(user)
    return user


def _person(username, *seats, totp=False):
    user = User.objects.create_user(username=username, password="pw")
    for body, role in seats:
        Membership.objects.create(user=user, body=body, role=role)
    if totp:  # secretariat must sign in with two factors
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return user


def _issued(world, march_2020):
    actor = _secretariat(world)
    report = report_create(actor=actor, meeting=march_2020)
    report_transition(actor=actor, report=report, name="issue")
    return report


def _file(report, edition, fmt="pdf"):
    return IssuedFile.objects.unrestricted().get(report=report, edition=edition, format=fmt)


def _post_level(user, obj, level, reason="Published by the Panel"):
    client = Client()
    client.force_login(user)
    url = reverse("core:classification_edit", args=["reports", "issuedfile", obj.pk])
    return client.post(url, {"level": int(level), "reason": reason})


def _asr_key(report):
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    return next(
        b.key for b in doc.body if b.text.startswith("The Security Sub-Committee (SSC) set")
    )


# -- hole 3: declassifying an issued file --------------------------------------------------
def test_the_panel_edition_carries_the_sscs_red_appendix(world, march_2020, harbour):
    report = _issued(world, march_2020)
    panel = _file(report, Edition.PANEL)
    assert panel.classification == R and panel.owning_body == world.panel
    assert panel.classification_floor() == R
    assert panel.content_body_ids() >= {world.panel.pk, world.owner.pk}


def test_a_panel_chair_cannot_declassify_the_panel_edition_file_through_the_page(
    world, march_2020, harbour
):
    report = _issued(world, march_2020)
    chair = _person("panel.chair", (world.panel, "chair"))
    for fmt in ("pdf", "docx", "html"):
        for level in (W, A):
            panel = _file(report, Edition.PANEL, fmt)
            response = _post_level(chair, panel, level)
            assert response.status_code == 200, "refused on the form, not saved"
            assert "A Panel edition can never be below Red" in response.content.decode()
            panel.refresh_from_db()
            assert panel.classification == R
    assert not IssuedFile.objects.visible_to(None).filter(edition=Edition.PANEL).exists()


def test_nobody_can_make_a_panel_edition_white_not_even_the_secretariat_of_every_body(
    world, march_2020, harbour
):
    report = _issued(world, march_2020)
    everyone = _secretariat(world)  # chair-equivalent of the Panel, the SSC, TAG and TABASC
    panel = _file(report, Edition.PANEL)
    response = _post_level(everyone, panel, W)
    assert response.status_code == 200
    assert "A Panel edition can never be below Red" in response.content.decode()
    with pytest.raises(ValidationError) as err:
        classification_change(actor=everyone, instance=panel, level=W, reason="Published")
    assert "A Panel edition can never be below Red" in str(err.value.message_dict["classification"])
    with pytest.raises(ValidationError):
        classified_update(
            actor=everyone, instance=panel, changes={"classification": A}, reason="Lower it"
        )
    panel.refresh_from_db()
    assert panel.classification == R


def test_a_month_without_appendix_issues_no_panel_edition(world, march_2020):
    """Without Appendix A the Panel edition would repeat the public one: no _PANEL_RED file
    is issued, so there is nothing Amber-or-Red to declassify by mistake."""
    report = _issued(world, march_2020)  # no assurance records: no Appendix A
    files = IssuedFile.objects.unrestricted().filter(report=report)
    assert set(files.values_list("edition", flat=True)) == {Edition.PUBLIC}
    assert not any("_PANEL_RED" in name for name in files.values_list("filename", flat=True))


def test_the_sscs_secretariat_alone_cannot_declassify_a_file_holding_other_bodies_records(
    world, march_2020, harbour
):
    """The public edition (Amber until published) carries TAG's and TABASC's highlights and the
    SSC's figures: the SSC's secretariat, even as the Panel's too, may not lower it alone."""
    report = _issued(world, march_2020)
    ssc_secretariat = _person(
        "ssc.secretariat", (world.owner, "secretariat"), (world.panel, "secretariat"), totp=True
    )
    public = _file(report, Edition.PUBLIC)
    assert public.classification == A
    response = _post_level(ssc_secretariat, public, W, reason="Early release")
    assert response.status_code == 200
    page = response.content.decode()
    assert "every body whose records are in it" in page
    assert "TABASC" in page and "Testing Advisory Group" in page
    public.refresh_from_db()
    assert public.classification == A
    # the Panel's chair who also chairs the SSC: still not TAG and TABASC
    chair = _person("two.chairs", (world.panel, "chair"), (world.owner, "chair"))
    assert _post_level(chair, public, W).status_code == 200
    public.refresh_from_db()
    assert public.classification == A


def test_publishing_still_declassifies_the_public_edition_for_the_secretariat_of_every_body(
    world, march_2020, harbour
):
    report = _issued(world, march_2020)
    report_transition(actor=_secretariat(world), report=report, name="publish")
    public = IssuedFile.objects.unrestricted().filter(report=report, edition=Edition.PUBLIC)
    assert set(public.values_list("classification", flat=True)) == {W}
    panel = IssuedFile.objects.unrestricted().filter(report=report, edition=Edition.PANEL)
    assert set(panel.values_list("classification", flat=True)) == {R}


# -- hole 11: a Red fact typed into the wording -------------------------------------------
def _edit_in_red_fact(world, report):
    key = _asr_key(report)
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    text = next(b.text for b in doc.body if b.key == key)
    return report_edit(
        actor=_secretariat(world),
        report=report,
        edits={key: f"{text} {RED_FACT}."},
        note="Say who it is",
    )


def test_a_red_fact_typed_into_the_wording_is_refused_when_saved(world, march_2020, harbour):
    actor = _secretariat(world)
    report = report_create(actor=actor, meeting=march_2020)
    with pytest.raises(ValidationError) as err:
        _edit_in_red_fact(world, report)
    message = " ".join(m for msgs in err.value.message_dict.values() for m in msgs)
    assert (
        f'This sentence matches Red record assurance.assessmentoutcome {harbour.pk}: "{RED_FACT}"'
        in message
    )
    assert "security patches" not in message  # the record's own text is not shown
    assert report.versions.count() == 1


def test_a_red_fact_in_the_wording_blocks_issue_and_nothing_is_issued(world, march_2020, harbour):
    """The wording was saved while the outcome and finding were still Green (not guarded),
    then the SSC made them Red: issuing reads the final text again."""
    actor = _secretariat(world)
    _set_level(harbour, Classification.GREEN)
    report = report_create(actor=actor, meeting=march_2020)
    _edit_in_red_fact(world, report)
    _set_level(harbour, R)
    with pytest.raises(ValidationError) as err:
        report_transition(actor=actor, report=report, name="issue")
    message = " ".join(err.value.messages)
    assert (
        f'This sentence matches Red record assurance.assessmentoutcome {harbour.pk}: "{RED_FACT}"'
        in message
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert not IssuedFile.objects.unrestricted().filter(report=report).exists()


def test_a_red_fact_in_the_wording_blocks_publish_and_nothing_is_published(
    world, march_2020, harbour
):
    actor = _secretariat(world)
    _set_level(harbour, Classification.GREEN)
    report = report_create(actor=actor, meeting=march_2020)
    _edit_in_red_fact(world, report)
    report_transition(actor=actor, report=report, name="issue")
    _set_level(harbour, R)  # raised after the report was issued
    with pytest.raises(ValidationError, match="This sentence matches Red record"):
        report_transition(actor=actor, report=report, name="publish")
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED
    public = IssuedFile.objects.unrestricted().filter(report=report, edition=Edition.PUBLIC)
    assert set(public.values_list("classification", flat=True)) == {A}
    assert not IssuedFile.objects.visible_to(None).exists()


def test_the_issue_and_publish_pages_show_the_refusal_as_an_error(world, march_2020, harbour):
    actor = _secretariat(world)
    _set_level(harbour, Classification.GREEN)
    report = report_create(actor=actor, meeting=march_2020)
    _edit_in_red_fact(world, report)
    _set_level(harbour, R)
    client = Client()
    client.force_login(actor)
    url = reverse("reports:report_transition", args=[report.pk, "issue"])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This sentence matches Red record assurance.assessmentoutcome" in page
    assert "alert-danger" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_the_wording_page_shows_the_refusal_and_keeps_the_text(world, march_2020, harbour):
    actor = _secretariat(world)
    report = report_create(actor=actor, meeting=march_2020)
    key = _asr_key(report)
    client = Client()
    client.force_login(actor)
    response = client.post(
        reverse("reports:report_edit", args=[report.pk]),
        {"note": "Say who", f"block-{key}": f"{RED_FACT}."},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page and "assurance.assessmentoutcome" in page
    assert report.versions.count() == 1


def test_a_clean_edit_still_issues_and_publishes(world, march_2020, harbour):
    actor = _secretariat(world)
    report = report_create(actor=actor, meeting=march_2020)
    key = _asr_key(report)
    report_edit(
        actor=actor,
        report=report,
        edits={key: "The SSC set one Compliance Status in February 2020."},
        note="Shorter",
    )
    report_transition(actor=actor, report=report, name="issue")
    report_transition(actor=actor, report=report, name="publish")
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED


def test_the_demo_may_2019_paper_as_in_the_issue(demo_data, tmp_path):
    """The demo's own people and records: secas issues SECP_68_1005_16, panel.chair tries to
    declassify its Panel edition, and the Red fact is typed into §3.1."""
    from django.core.management import call_command

    from secpanel.reports.models import PanelReport

    report = PanelReport.objects.unrestricted().get(reference="SECP_68_1005_16")
    secas = User.objects.get(username="secas")
    with pytest.raises(ValidationError) as err:
        report_edit(actor=secas, report=report, edits={"asr": RED_FACT}, note="Who it is")
    (message,) = err.value.message_dict["asr"]
    assert message.startswith("This sentence matches Red record assurance.")
    assert f'"{RED_FACT}"' in message
    report_transition(actor=secas, report=report, name="issue")
    panel = _file(report, Edition.PANEL)
    response = _post_level(User.objects.get(username="panel.chair"), panel, W)
    assert response.status_code == 200
    panel.refresh_from_db()
    assert panel.classification == R
    report_transition(actor=secas, report=report, name="publish")
    assert not IssuedFile.objects.visible_to(None).filter(edition=Edition.PANEL).exists()
    assert IssuedFile.objects.visible_to(None).filter(edition=Edition.PUBLIC).count() == 3
    # `secpanel report` runs the same checks and still writes the clean demo editions
    call_command(
        "report",
        "--panel-meeting",
        "68",
        "--edition",
        "public,panel",
        "--format",
        "html",
        "--out",
        str(tmp_path),
        stdout=io.StringIO(),
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "SECP_68_1005_16.html",
        "SECP_68_1005_16_PANEL_RED.html",
    ]


def test_the_appendix_title_follows_what_it_holds(world, march_2020, harbour):
    """A Non-compliant outcome: "Identified Non-Compliances"; the same row compliant: the
    plain title, in the appendix and in the attachments line."""
    from secpanel.reports.services import report_recompile

    report = report_create(actor=_secretariat(world), meeting=march_2020)
    panel = version_document(report.latest_version(), Edition.PANEL)
    assert panel.appendix_title == (
        "Appendix A: User Security Assessments – Identified Non-Compliances"
    )
    type(harbour).objects.unrestricted().filter(pk=harbour.pk).update(notify_panel=False)
    again = version_document(
        report_recompile(actor=_secretariat(world), report=report), Edition.PANEL
    )
    assert again.appendix_title == "Appendix A: User Security Assessments"
    attachments = next(b for b in again.body if b.kind == "attachments")
    assert attachments.items == ["Appendix A: User Security Assessments (RED)"]


def test_provenance_names_an_unnamed_record_by_its_kind_not_its_id(world, march_2020, harbour):
    report = report_create(actor=_secretariat(world), meeting=march_2020)
    client = Client()
    client.force_login(_secretariat(world))
    page = client.get(report.get_absolute_url()).content.decode()
    assert ">an assessment outcome</a>" in page  # a link: the secretariat reads it
    import re

    shown = re.sub(r'data-sources?="[^"]*"', "", page)  # keys for scripts, not for reading
    assert "assurance.assessmentoutcome:" not in shown
