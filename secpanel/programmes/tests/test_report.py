"""What TAG's testing registers give the Panel paper (`programmes/report.py`): exit decisions on
test phases and Device Model Combination approvals of the month, under TAG's highlights; hidden
records and their hidden parents left out (and noted), other months' decisions not reported."""

from __future__ import annotations

import datetime

import pytest

from secpanel.bodies.models import Body
from secpanel.core.classification import Classification
from secpanel.core.policy import forget_access_profile
from secpanel.meetings.services import decision_record
from secpanel.programmes import services
from secpanel.reports.models import Edition
from secpanel.reports.render.text import render_text
from secpanel.reports.selectors import version_document
from secpanel.reports.services import report_create
from secpanel.testkit.paper import section_text

pytestmark = pytest.mark.django_db
W, G, A = Classification.WHITE, Classification.GREEN, Classification.AMBER
IN_FEB = datetime.date(2020, 2, 12)  # the reporting month of the march_2020 paper
IN_JAN = datetime.date(2020, 1, 15)


def _omitted(report) -> set[tuple[str, int]]:
    return {(o["model"], o["pk"]) for o in report.latest_version().omitted}


@pytest.fixture
def tag(world, march_2020):
    forget_access_profile(world.users["owner_secretariat"])
    return Body.objects.get(code="tag")


@pytest.fixture
def sec(world, tag):
    return world.users["owner_secretariat"]


def _decision(sec, tag, day, text="TAG decision"):
    return decision_record(
        actor=sec, owning_body=tag, date=day, verb="agreed", text=text, classification=W
    )


def _phase(sec, programme, phase, region="", classification=W):
    p = services.phase_create(
        actor=sec, programme=programme, phase=phase, region=region, classification=classification
    )
    services.phase_transition(actor=sec, obj=p, name="start")
    return p


def _criterion(sec, phase, text, move, decision, classification=None):
    c = services.criterion_create(actor=sec, phase=phase, text=text, classification=classification)
    services.criterion_transition(actor=sec, obj=c, name=move, decision=decision)
    return c


def test_exit_decisions_of_the_month_are_reported_under_tag(world, march_2020, tag, sec):
    feb, jan = _decision(sec, tag, IN_FEB), _decision(sec, tag, IN_JAN)
    r2 = services.programme_create(actor=sec, owning_body=tag, name="Release 2.0")
    sit = _phase(sec, r2, "sit", region="north")
    for text in ("All SIT scripts passed", "No open Severity 1 defects"):
        _criterion(sec, sit, text, "meet", feb)
    dit = _phase(sec, r2, "dit")
    _criterion(sec, dit, "Ten sub-GHz Devices tested", "judge_not_met", feb)
    _criterion(sec, dit, "DIT report issued", "meet", feb)
    # the other decisions of the month: a hidden criterion, a hidden programme's phase
    uit = _phase(sec, r2, "uit")
    secret = _criterion(sec, uit, "Confidential defect threshold", "meet", feb, classification=A)
    hidden = services.programme_create(
        actor=sec, owning_body=tag, name="Project Nightjar", classification=A
    )
    nightjar = _phase(sec, hidden, "e2e")
    under_hidden = _criterion(sec, nightjar, "Nightjar end-to-end passed", "meet", feb)
    # and one of January (reported last month)
    pit = _phase(sec, r2, "pit")
    _criterion(sec, pit, "PIT exit report agreed", "meet", jan)

    report = report_create(actor=sec, meeting=march_2020)
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    tag_news = section_text(doc, "TAG News")
    assert "Test phase exit decisions" in tag_news
    assert (
        "The TAG agreed that the SIT exit criteria for Release 2.0 (northern region) were met."
        in tag_news
    )
    assert (
        "The TAG agreed that the following DIT exit criterion for Release 2.0 was not met:\n"
        "Ten sub-GHz Devices tested" in tag_news
    )
    assert (
        "The TAG agreed that the following DIT exit criterion for Release 2.0 was met:\n"
        "DIT report issued" in tag_news
    )
    text = render_text(doc)
    assert "exit criteria" not in section_text(doc, "SSC Meetings")
    for absent in ("Confidential defect", "UIT", "Nightjar", "End-to-End", "PIT"):
        assert absent not in text, absent
    assert {
        ("programmes.exitcriterion", secret.pk),
        ("programmes.exitcriterion", under_hidden.pk),
    } <= _omitted(report)


def test_an_amendment_refused_and_one_sought_are_told_apart(world, march_2020, tag, sec):
    feb = _decision(sec, tag, IN_FEB)
    ioc = services.programme_create(
        actor=sec, owning_body=tag, name="SMETS1 Initial Operating Capability", short_name="IOC"
    )
    migration = _phase(sec, ioc, "migration")
    refused = services.criterion_create(actor=sec, phase=migration, text="All dormant meters")
    services.criterion_transition(actor=sec, obj=refused, name="seek_amendment")
    services.criterion_transition(actor=sec, obj=refused, name="refuse_amendment", decision=feb)
    sought = services.criterion_create(actor=sec, phase=migration, text="Every DMC migrated")
    services.criterion_transition(actor=sec, obj=sought, name="judge_not_met", decision=feb)
    services.criterion_transition(actor=sec, obj=sought, name="seek_amendment")

    report = report_create(actor=sec, meeting=march_2020)
    tag_news = section_text(version_document(report.latest_version(), Edition.PUBLIC), "TAG News")
    assert (
        "The TAG noted that an amendment has been sought to the following Migration Testing exit "
        "criterion for IOC:\nEvery DMC migrated" in tag_news
    )
    assert (
        "The TAG did not agree the amendment sought to the following Migration Testing exit "
        "criterion for IOC:\nAll dormant meters" in tag_news
    )


def test_device_model_combinations_approved_in_the_month_are_listed(world, march_2020, tag, sec):
    feb, jan = _decision(sec, tag, IN_FEB), _decision(sec, tag, IN_JAN)
    ioc = services.programme_create(
        actor=sec, owning_body=tag, name="SMETS1 Initial Operating Capability", short_name="IOC"
    )
    hidden_programme = services.programme_create(
        actor=sec, owning_body=tag, name="Project Nightjar", classification=A
    )

    def dmc(name, decision, programme=ioc, level=W, move="approve"):
        obj = services.dmc_create(
            actor=sec, owning_body=tag, programme=programme, name=name, classification=level
        )
        services.dmc_transition(actor=sec, obj=obj, name=move, decision=decision)
        return obj

    dmc("Meter A with CH north", feb)
    dmc("Meter B with CH south", feb)
    green = dmc("Meter C (confidential pairing)", feb, level=G)
    under_hidden = dmc("Nightjar meter", feb, programme=hidden_programme)
    dmc("Meter D of January", jan)
    dmc("Meter E rejected", feb, move="reject")

    report = report_create(actor=sec, meeting=march_2020)
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    tag_news = section_text(doc, "TAG News")
    assert (
        "Device Model Combinations approved\n"
        "The TAG approved two Device Model Combinations for IOC:\n"
        "Meter A with CH north\nMeter B with CH south" in tag_news
    )
    assert "Device Model" not in section_text(doc, "SSC Meetings")
    text = render_text(doc)
    for absent in ("Meter C", "Nightjar", "Meter D", "Meter E"):
        assert absent not in text, absent
    assert {
        ("programmes.devicemodelcombination", green.pk),
        ("programmes.devicemodelcombination", under_hidden.pk),
    } <= _omitted(report)
