"""The compiler is general: another month, another set of bodies and another section order
compile from configuration and records alone; editing, issuing and publishing behave."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.reports.models import (
    Edition,
    IssuedFile,
)
from secpanel.reports.render.text import render_text
from secpanel.reports.selectors import version_document
from secpanel.reports.services import report_create, report_edit, report_transition

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _secretariat(world):
    from secpanel.core.policy import forget_access_profile

    user = world.users["owner_secretariat"]
    forget_access_profile(user)
    return user


def test_another_month_and_order_compile_from_configuration_and_records(world, march_2020):
    report = report_create(actor=_secretariat(world), meeting=march_2020)
    assert report.reference == "SECP_80_1303_9"
    assert report.paper_date == datetime.date(2020, 3, 10)  # three working days before
    assert (report.period_start, report.period_end) == (
        datetime.date(2020, 2, 1),
        datetime.date(2020, 2, 29),
    )
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    text = render_text(doc)
    heads = [f"{b.number} {b.text}" for b in doc.body if b.kind in ("heading", "heading2")]
    assert heads == [
        "1 Purpose",
        "2 Testing",
        "2.1 TAG News",
        "3 Security and Architecture",
        "3.1 Assurance Status Decisions",
        "3.2 Verification Assessments",
        "3.3 Director Letters",
        "3.4 Security Self-Assessments",
        "3.5 SSC Meetings",
        "3.6 TABASC Meetings",
        "4 Recommendations",
    ]
    assert "Release 3.0 testing" in text and "Architecture refresh" in text
    assert "Confidential defect list" not in text and "Last year's item" not in text
    assert "No Security Self-Assessments were reviewed by the SSC in February 2020." in text
    assert "No Director’s Letters were reviewed by the SSC in February 2020." in text
    assert "The Security Sub-Committee (SSC) will meet on the 11 March 2020." in text
    assert "• Review of SCF changes" in text and "Secret item" not in text
    assert "The TABASC met on the 11 February 2020." in text
    assert "The Board is requested to NOTE the content of this paper." in text
    assert "Code Secretariat" in text
    assert "April 2019" not in text and "Appendix A" not in text
    omitted = report.latest_version().omitted
    assert {o["model"] for o in omitted} == {"meetings.highlight", "meetings.agendaitem"}


def test_editing_wording_makes_a_new_version_and_keeps_provenance(world, march_2020):
    actor = _secretariat(world)
    report = report_create(actor=actor, meeting=march_2020)
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    block = next(b for b in doc.body if "Release 3.0" in b.text)
    v2 = report_edit(
        actor=actor, report=report, edits={block.key: "Reworded by SECAS."}, note="Tone"
    )
    assert v2.number == 2 and v2.note == "Tone"
    edited = next(b for b in version_document(v2, Edition.PUBLIC).body if b.key == block.key)
    assert edited.text == "Reworded by SECAS." and edited.sources == block.sources
    assert version_document(report.versions.get(number=1), Edition.PUBLIC) == doc
    with pytest.raises(ValidationError):
        report_edit(actor=actor, report=report, edits={"nope": "x"}, note="bad key")
    with pytest.raises(ValidationError):
        report_edit(actor=actor, report=report, edits={block.key: "y"}, note=" ")
    assert report.versions.count() == 2


def test_issue_keeps_hashed_files_and_publish_makes_only_the_public_edition_white(
    world, march_2020
):
    import hashlib

    actor = _secretariat(world)
    report = report_create(actor=actor, meeting=march_2020)
    with pytest.raises(ValidationError, match="Cannot publish"):
        report_transition(actor=actor, report=report, name="publish")
    report_transition(actor=actor, report=report, name="issue")
    files = IssuedFile.objects.unrestricted().filter(report=report)
    # February 2020 has no Appendix A: the Panel edition would be the public one, so only
    # the public edition is issued (no _PANEL_RED files)
    assert {(f.edition, f.format) for f in files} == {
        ("public", f) for f in ("html", "pdf", "docx")
    }
    for f in files:
        assert hashlib.sha256(bytes(f.content)).hexdigest() == f.sha256
        assert f.record_versions and all("version" in r for r in f.record_versions)
    with pytest.raises(ValidationError):
        report_edit(actor=actor, report=report, edits={"purpose": "late"}, note="late")
    report_transition(actor=actor, report=report, name="publish")
    public = IssuedFile.objects.unrestricted().filter(report=report, edition="public")
    assert set(public.values_list("classification", flat=True)) == {Classification.WHITE}
    assert IssuedFile.objects.visible_to(None).count() == 3
    assert AuditEvent.objects.filter(kind="reports.report_publish").exists()


def test_only_the_panels_secretariat_may_compile(world, march_2020):
    with pytest.raises(PermissionDenied):
        report_create(actor=world.users["panel_member"], meeting=march_2020)
