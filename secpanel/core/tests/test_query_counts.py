"""Pinned query counts on every list and detail page (issue 11).

Each page of `PAGES` is built from records made through the apps' services, then requested as
an anonymous visitor and as the secretariat of the owning body (`owner_secretariat`; the audit
log also as the auditor, its only reader), and the SQL queries of each request are counted
exactly. Every page is measured twice: with three rows of mixed levels (a list's records, or
a detail page's linked records: citations, versions, custodians…), then with nine. A page
whose count grows with its rows (an N+1) is named in `KNOWN_N_PLUS_ONE` and pinned at both
sizes, so fixing it fails here and the fix updates the pin.

The content-type cache is filled before measuring, so a count does not depend on which test
ran first. The counts are the same on SQLite and PostgreSQL; a pin that had to differ would
be written {"sqlite": n, "postgresql": m}.
"""

from __future__ import annotations

import datetime
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from secpanel.accounts.models import Organisation, PartyCategory, User
from secpanel.assurance import services as assurance
from secpanel.assurance.defaults import ensure_defaults
from secpanel.assurance.models import ComplianceStatusOption, ScheduleRule
from secpanel.bodies.models import Body
from secpanel.bodies.services import membership_add
from secpanel.core.citations import cite
from secpanel.core.classification import Classification
from secpanel.core.services import classification_change, plain_save
from secpanel.documents import services as documents
from secpanel.meetings import services as meetings
from secpanel.modifications import services as modifications
from secpanel.operations import services as operations
from secpanel.programmes import services as programmes
from secpanel.reports import services as reports
from secpanel.reports.models import ReportBlock, ReportConfiguration, ReportSection
from secpanel.smki import services as smki

pytestmark = pytest.mark.django_db

W, A, R = Classification.WHITE, Classification.AMBER, Classification.RED
LEVELS = (W, A, R)  # row i is at LEVELS[i % 3]: the public reads one row in three
APRIL = datetime.date(2019, 4, 10)
SMALL, LARGE = range(0, 3), range(3, 9)  # the rows added before each measurement
MENTION = "on SECMP0024."  # texts name a modification, as the business's texts do


def level(i: int) -> Classification:
    return LEVELS[i % 3]


def day(i: int) -> datetime.date:
    """Row i's day of April 2019."""
    return datetime.date(2019, 4, 1 + i)


def at(d: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(d, datetime.time(10)))


class Build:
    """What a builder works with: the world, the secretariat who writes (every record is owned
    by `world.owner`), and the records its first call made that its second call adds to."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.body = world.owner
        self.sec = world.users["owner_secretariat"]
        self.made: dict[str, Any] = {}
        self.serial = 0

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]

    def next(self) -> int:
        self.serial += 1
        return self.serial


# --- shared records -----------------------------------------------------------------------


def organisation(b: Build) -> Any:
    name = f"Party {b.next()} Ltd"
    return Organisation.objects.create(name=name, party_category=PartyCategory.LARGE_SUPPLIER)


def person(b: Build) -> Any:
    n = b.next()
    return User.objects.create_user(username=f"person{n}", password="pw", first_name=f"P{n}")


def meeting(b: Build) -> Any:
    """The owning body's meeting of 10 April 2019."""
    return b.once(
        "meeting",
        lambda: meetings.meeting_create(actor=b.sec, body=b.body, number=1, starts_at=at(APRIL)),
    )


def decision(b: Build, i: int, *, cites: tuple[Any, ...] = (), text: str = "") -> Any:
    return meetings.decision_record(
        actor=b.sec,
        owning_body=b.body,
        verb="agreed",
        text=text or f"Decision {i} {MENTION}",
        meeting=meeting(b),
        classification=level(i),
        cites=cites,
    )


def discussed_in(b: Build, record: Any, rows: range) -> None:
    """Decisions citing `record` (a register page's "Discussed in")."""
    for i in rows:
        decision(b, i, cites=(record,))


def highlight(b: Build, i: int, *, text: str = "") -> Any:
    return meetings.highlight_create(
        actor=b.sec,
        owning_body=b.body,
        heading=f"Highlight {i}",
        text=text or f"Text {i} {MENTION}",
        period=APRIL,
        meeting=meeting(b),
        classification=level(i),
    )


def action(b: Build, i: int, *, owner: Any = None) -> Any:
    return meetings.action_create(
        actor=b.sec,
        owning_body=b.body,
        text=f"Action {i}",
        meeting=meeting(b),
        due_date=APRIL + datetime.timedelta(days=i),
        owner_person=owner or person(b),
        owner_organisation=organisation(b),
        classification=level(i),
    )


def paper(b: Build, i: int, *, lv: Classification | None = None) -> Any:
    """A paper on its own agenda item (whose notes name a modification)."""
    lv = level(i) if lv is None else lv
    item = meetings.agenda_item_add(
        actor=b.sec,
        meeting=meeting(b),
        title=f"Item {i}",
        number=10 + i,
        notes=f"Update {MENTION}",
        classification=lv,
    )
    return meetings.paper_create(
        actor=b.sec,
        owning_body=b.body,
        title=f"Paper {i}",
        date=APRIL,
        agenda_item=item,
        author=b.sec,
        classification=lv,
    )


def panel_secretariat(b: Build) -> None:
    """Releases and Panel reports are the Panel's: the reader runs the Panel too."""
    b.once(
        "panel_seat",
        lambda: membership_add(
            actor=None,
            user=b.sec,
            body=b.world.panel,
            role="secretariat",
            reason="Runs the Panel's papers",
            bootstrap=True,
        ),
    )


# --- meetings -----------------------------------------------------------------------------


def meeting_list(b: Build, rows: range) -> str:
    """Past and upcoming meetings."""
    soon = timezone.localdate() + datetime.timedelta(days=30)
    for i in rows:
        when = day(i) if i % 2 else soon + datetime.timedelta(days=i)
        meetings.meeting_create(actor=b.sec, body=b.body, number=10 + i, starts_at=at(when))
    return reverse("meetings:meeting_list")


def calendar(b: Build, rows: range) -> str:
    """On each row's day: a meeting and a dated record of every app with a calendar."""
    for i in rows:
        d, lv = day(i), level(i)
        meetings.meeting_create(actor=b.sec, body=b.body, number=10 + i, starts_at=at(d))
        meetings.action_create(
            actor=b.sec,
            owning_body=b.body,
            text=f"Action {i}",
            raised_on=datetime.date(2019, 3, 1),
            due_date=d,
            owner_person=person(b),
            classification=lv,
        )
        documents.consultation_create(
            actor=b.sec, owning_body=b.body, title=f"C{i}", closes_on=d, classification=lv
        )
        prog = programmes.programme_create(
            actor=b.sec, owning_body=b.body, name=f"P{i}", target_date=d, classification=lv
        )
        programmes.phase_create(
            actor=b.sec, programme=prog, phase="sit", planned_end=d, classification=lv
        )
        smki.exercise_create(
            actor=b.sec, owning_body=b.body, title=f"E{i}", planned_date=d, classification=lv
        )
        operations.forecast_create(
            actor=b.sec,
            owning_body=b.body,
            party=organisation(b),
            period=d,
            due_on=d,
            classification=lv,
        )
        assurance.assessment_create(
            actor=b.sec,
            sec_user=sec_user(b, i),
            assessment_type="verification",
            fieldwork_start=d,
            classification=lv,
        )
    return reverse("meetings:calendar") + "?month=2019-04"


def body_home(b: Build, rows: range) -> str:
    """A body's business: meetings, decisions, open actions, highlights, standing items."""
    for i in rows:
        meetings.meeting_create(actor=b.sec, body=b.body, number=10 + i, starts_at=at(day(i)))
        decision(b, i)
        action(b, i)
        highlight(b, i)
        meetings.standing_item_create(
            actor=b.sec, owning_body=b.body, title=f"Standing {i}", classification=level(i)
        )
    return reverse("meetings:body_home", args=[b.body.code])


def decision_list(b: Build, rows: range) -> str:
    for i in rows:
        decision(b, i)
    return reverse("meetings:decision_list")


def action_list(b: Build, rows: range) -> str:
    for i in rows:
        action(b, i)
    return reverse("meetings:action_list")


def my_actions(b: Build, rows: range) -> str:
    for i in rows:
        action(b, i, owner=b.sec)
    return reverse("meetings:my_actions")


def paper_list(b: Build, rows: range) -> str:
    for i in rows:
        paper(b, i)
    return reverse("meetings:paper_list")


def highlight_list(b: Build, rows: range) -> str:
    for i in rows:
        highlight(b, i)
    return reverse("meetings:highlight_list")


def meeting_detail(b: Build, rows: range) -> str:
    """A meeting's agenda, papers, decisions, actions, highlights, attendance and minutes."""
    mtg = meeting(b)
    b.once("minutes", lambda: meetings.minutes_save(actor=b.sec, meeting=mtg, text="Minutes"))
    for i in rows:
        paper(b, i)
        decision(b, i)
        action(b, i)
        highlight(b, i)
        meetings.attendance_record(
            actor=b.sec, meeting=mtg, person=person(b), classification=level(i)
        )
    return reverse("meetings:meeting_detail", args=[mtg.pk])


def minutes_detail(b: Build, rows: range) -> str:
    """White minutes revised once per row (their history)."""
    for i in rows:
        minutes = meetings.minutes_save(
            actor=b.sec, meeting=meeting(b), text=f"Minutes v{i}", classification=W, reason=f"v{i}"
        )
    return reverse("meetings:minutes_detail", args=[minutes.pk])


def decision_detail(b: Build, rows: range) -> str:
    """A White decision on an agenda item, citing highlights."""

    def make() -> Any:
        item = meetings.agenda_item_add(actor=b.sec, meeting=meeting(b), title="Item")
        return meetings.decision_record(
            actor=b.sec,
            owning_body=b.body,
            verb="agreed",
            text="Agreed.",
            agenda_item=item,
            classification=W,
        )

    obj = b.once("decision", make)
    for i in rows:
        cite(actor=b.sec, source=obj, target=highlight(b, i))
    return reverse("meetings:decision_detail", args=[obj.pk])


def action_detail(b: Build, rows: range) -> str:
    """A White action citing highlights."""
    obj = b.once("action", lambda: action(b, 0))
    for i in rows:
        cite(actor=b.sec, source=obj, target=highlight(b, i))
    return reverse("meetings:action_detail", args=[obj.pk])


def paper_detail(b: Build, rows: range) -> str:
    """A White paper with appendices, recommendations, file versions and included records."""
    obj = b.once("paper", lambda: paper(b, 0, lv=W))
    for i in rows:
        meetings.appendix_add(
            actor=b.sec, paper=obj, title=f"Appendix {i}", classification=level(i)
        )
        meetings.recommendation_add(actor=b.sec, paper=obj, verb="NOTE", text=f"Note {i}")
        meetings.paper_version_upload(
            actor=b.sec, paper=obj, file=ContentFile(b"paper", name=f"paper-{i}.txt")
        )
        meetings.paper_include(actor=b.sec, paper=obj, record=highlight(b, 3 * i))  # White
    return reverse("meetings:paper_detail", args=[obj.pk])


def appendix_detail(b: Build, rows: range) -> str:
    """A White appendix beside other appendices of its paper (which its page does not list)."""
    host = b.once("paper", lambda: paper(b, 0, lv=W))
    obj = b.once(
        "appendix",
        lambda: meetings.appendix_add(actor=b.sec, paper=host, title="A", classification=W),
    )
    for i in rows:
        meetings.appendix_add(actor=b.sec, paper=host, title=f"{i}", classification=level(i))
    return reverse("meetings:appendix_detail", args=[obj.pk])


def highlight_detail(b: Build, rows: range) -> str:
    """A White highlight cited by decisions."""
    obj = b.once("highlight", lambda: highlight(b, 0))
    discussed_in(b, obj, rows)
    return reverse("meetings:highlight_detail", args=[obj.pk])


# --- modifications ------------------------------------------------------------------------


def release(b: Build, i: int) -> Any:
    panel_secretariat(b)
    return modifications.release_create(
        actor=b.sec, name=f"Release {i}", planned_date=datetime.date(2019, 11, 1 + i)
    )


def modification(b: Build, i: int, *, target: Any, lv: Classification | None = None) -> Any:
    return modifications.modification_create(
        actor=b.sec,
        owning_body=b.body,
        reference=f"SECMP{100 + i:04d}",
        title=f"Modification {i}",
        date_raised=day(i),
        target_release=target,
        implementation_date=datetime.date(2019, 11, 7),
        proposer_organisation=organisation(b),
        classification=level(i) if lv is None else lv,
    )


def modification_list(b: Build, rows: range) -> str:
    shared = b.once("release", lambda: release(b, 0))
    for i in rows:
        modification(b, i, target=shared)
    return reverse("modifications:modification_list")


def pipeline(b: Build, rows: range) -> str:
    """Counts per stage (the modifications themselves are not listed)."""
    modification_list(b, rows)
    return reverse("modifications:pipeline")


def export_csv(b: Build, rows: range) -> str:
    modification_list(b, rows)
    return reverse("modifications:export_csv")


def release_list(b: Build, rows: range) -> str:
    """Releases, a modification in each."""
    for i in rows:
        modification(b, i, target=release(b, i))
    return reverse("modifications:release_list")


def release_detail(b: Build, rows: range) -> str:
    obj = b.once("release", lambda: release(b, 0))
    for i in rows:
        modification(b, i, target=obj)
    return reverse("modifications:release_detail", args=[obj.slug])


def modification_detail(b: Build, rows: range) -> str:
    """A White modification whose timeline has milestones on decisions, highlights citing it
    and decisions naming it."""
    obj = b.once("modification", lambda: modification(b, 0, target=release(b, 0), lv=W))
    for i in rows:
        modifications.modification_record_milestone(
            actor=b.sec,
            modification=obj,
            label=f"Milestone {i}",
            date=day(i),
            meeting=meeting(b),
            decision=decision(b, i),
        )
        cite(actor=b.sec, source=highlight(b, i), target=obj)
        decision(b, i, text=f"Agreed that {obj.reference} goes ahead ({i}).")
    return reverse("modifications:modification_detail", args=[obj.reference])


# --- assurance ----------------------------------------------------------------------------


def sec_user(b: Build, i: int, *, lv: Classification | None = None) -> Any:
    ensure_defaults()
    return assurance.sec_user_create(
        actor=b.sec,
        owning_body=b.body,
        organisation=organisation(b),
        roles=["import_supplier"],
        domestic_premises=300_000,
        live_since=datetime.date(2016, 1, 1),
        classification=level(i) if lv is None else lv,
    )


def reported(b: Build, i: int, user: Any = None) -> Any:
    """An assessment at its User's level, reported in March 2019."""
    user = user or sec_user(b, i)
    obj = assurance.assessment_create(
        actor=b.sec,
        sec_user=user,
        assessment_type="verification",
        cycle_year=2,
        fieldwork_end=datetime.date(2019, 2, 8),
        classification=user.classification,
    )
    obj = assurance.assessment_transition(
        actor=b.sec, obj=obj, name="start_fieldwork", on=datetime.date(2019, 2, 4)
    )
    return assurance.assessment_transition(
        actor=b.sec, obj=obj, name="issue_report", on=datetime.date(2019, 3, 8)
    )


def outcome(b: Build, i: int, assessment: Any = None) -> Any:
    """The SSC's outcome in its April meeting; two in three notify the Panel."""
    return assurance.outcome_set(
        actor=b.sec,
        assessment=assessment or reported(b, i),
        meeting=meeting(b),
        compliance_status="compliant" if i % 3 == 1 else "non-compliant",
    )


def letter(b: Build, i: int, *, user: Any = None, assessment: Any = None) -> Any:
    """A Director's Letter approved in the April meeting."""
    user = user or (assessment.sec_user if assessment else sec_user(b, i))
    obj = assurance.letter_create(
        actor=b.sec,
        sec_user=user,
        assessment=assessment,
        received_on=datetime.date(2019, 3, 20),
        summary=f"Letter {i}",
        classification=max(level(i), (assessment or user).classification),
    )
    return assurance.letter_review(actor=b.sec, letter=obj, approved=True, meeting=meeting(b))


def finding(b: Build, i: int, assessment: Any = None) -> Any:
    return assurance.finding_create(
        actor=b.sec,
        assessment=assessment or reported(b, i),
        obligation="G5.14",
        description=f"Finding {i}",
        classification=level(i),
    )


def overview(b: Build, rows: range) -> str:
    """April's outcomes and reviewed letters (figures, Appendix A, notifications)."""
    for i in rows:
        outcome(b, i)
        letter(b, i)
    return reverse("assurance:overview") + "?month=2019-04"


def user_list(b: Build, rows: range) -> str:
    for i in rows:
        sec_user(b, i)
    return reverse("assurance:user_list")


def assessment_list(b: Build, rows: range) -> str:
    for i in rows:
        reported(b, i)
    return reverse("assurance:assessment_list")


def outcome_list(b: Build, rows: range) -> str:
    for i in rows:
        outcome(b, i)
    return reverse("assurance:outcome_list")


def finding_list(b: Build, rows: range) -> str:
    for i in rows:
        finding(b, i)
    return reverse("assurance:finding_list")


def letter_list(b: Build, rows: range) -> str:
    for i in rows:
        letter(b, i)
    return reverse("assurance:letter_list")


def schedule(b: Build, rows: range) -> str:
    """Users with a reported assessment, each owing the next."""
    for i in rows:
        reported(b, i)
    return reverse("assurance:schedule") + "?on=2019-05-01"


def rules(b: Build, rows: range) -> str:
    """Schedule rules and Compliance Statuses (configuration, saved as the administrator)."""
    ensure_defaults()
    admin = b.world.users["administrator"]
    for i in rows:
        rule = ScheduleRule(cycle_year=4, assessment_type="full", position=30 + i, active=i % 2)
        plain_save(actor=admin, instance=rule, reason="Rule")
        status = ComplianceStatusOption(code=f"status-{i}", label=f"Status {i}", position=40 + i)
        plain_save(actor=admin, instance=status, reason="Status")
    return reverse("assurance:rules")


def user_detail(b: Build, rows: range) -> str:
    """A White User with assessments and Director's Letters."""
    obj = b.once("user", lambda: sec_user(b, 0, lv=W))
    for i in rows:
        assessment = reported(b, i, obj)
        classification_change(actor=b.sec, instance=assessment, level=level(i), reason="Raised")
        letter(b, i, user=obj)
    return reverse("assurance:user_detail", args=[obj.pk])


def assessment_detail(b: Build, rows: range) -> str:
    """A White assessment with its outcome, findings and letters."""

    def make() -> Any:
        obj = reported(b, 0, sec_user(b, 0, lv=W))
        outcome(b, 0, obj)
        return obj

    obj = b.once("assessment", make)
    for i in rows:
        finding(b, i, obj)
        letter(b, i, assessment=obj)
    return reverse("assurance:assessment_detail", args=[obj.pk])


def outcome_detail(b: Build, rows: range) -> str:
    """A White outcome (its page lists no other records)."""
    obj = b.once("outcome", lambda: outcome(b, 0))
    return reverse("assurance:outcome_detail", args=[obj.pk])


def finding_detail(b: Build, rows: range) -> str:
    """A White finding (its page lists no other records)."""
    obj = b.once("finding", lambda: finding(b, 0))
    return reverse("assurance:finding_detail", args=[obj.pk])


def letter_detail(b: Build, rows: range) -> str:
    """A White letter on an assessment (its page lists no other records)."""
    obj = b.once("letter", lambda: letter(b, 0, assessment=reported(b, 0)))
    return reverse("assurance:letter_detail", args=[obj.pk])


# --- documents ----------------------------------------------------------------------------


def document(b: Build, i: int, *, lv: Classification | None = None) -> Any:
    return documents.document_create(
        actor=b.sec,
        owning_body=b.body,
        title=f"Document {i}",
        classification=level(i) if lv is None else lv,
    )


def version(b: Build, doc: Any, i: int, *, lv: Classification | None = None) -> Any:
    return documents.version_create(
        actor=b.sec,
        document=doc,
        version=f"1.{i}",
        issued_on=day(i),
        classification=level(i) if lv is None else lv,
    )


def consultation(b: Build, i: int, *, on: Any = None, lv: Classification | None = None) -> Any:
    """An open consultation (on a version, if given)."""
    obj = documents.consultation_create(
        actor=b.sec,
        owning_body=b.body,
        title=f"Consultation {i}",
        closes_on=datetime.date(2019, 5, 1 + i),
        document_version=on,
        classification=level(i) if lv is None else lv,
    )
    return documents.consultation_transition(actor=b.sec, obj=obj, name="open")


def document_list(b: Build, rows: range) -> str:
    for i in rows:
        document(b, i)
    return reverse("documents:document_list")


def consultation_list(b: Build, rows: range) -> str:
    doc = b.once("document", lambda: document(b, 0, lv=W))
    for i in rows:
        consultation(b, i, on=version(b, doc, i))
    return reverse("documents:consultation_list")


def document_detail(b: Build, rows: range) -> str:
    """A White document with versions, each approved by a decision."""
    obj = b.once("document", lambda: document(b, 0, lv=W))
    for i in rows:
        documents.version_transition(
            actor=b.sec, obj=version(b, obj, i), name="approve", decision=decision(b, i)
        )
    return reverse("documents:document_detail", args=[obj.pk])


def version_detail(b: Build, rows: range) -> str:
    """A White version approved by a decision, with consultations and decisions citing it."""

    def make() -> Any:
        obj = version(b, document(b, 0, lv=W), 0, lv=W)
        return documents.version_transition(
            actor=b.sec, obj=obj, name="approve", decision=decision(b, 0)
        )

    obj = b.once("version", make)
    for i in rows:
        consultation(b, i, on=obj)
    discussed_in(b, obj, rows)
    return reverse("documents:version_detail", args=[obj.pk])


def consultation_detail(b: Build, rows: range) -> str:
    """A White consultation on a version, with responses and decisions citing it."""

    def make() -> Any:
        return consultation(b, 0, on=version(b, document(b, 0, lv=W), 0, lv=W), lv=W)

    obj = b.once("consultation", make)
    for i in rows:
        documents.response_record(
            actor=b.sec,
            consultation=obj,
            received_on=day(i),
            respondent=organisation(b),
            summary=f"Response {i}",
            classification=level(i),
        )
    discussed_in(b, obj, rows)
    return reverse("documents:consultation_detail", args=[obj.pk])


def response_detail(b: Build, rows: range) -> str:
    def make() -> Any:
        return documents.response_record(
            actor=b.sec,
            consultation=consultation(b, 0, lv=W),
            received_on=APRIL,
            respondent=organisation(b),
            classification=W,
        )

    obj = b.once("response", make)
    discussed_in(b, obj, rows)
    return reverse("documents:response_detail", args=[obj.pk])


# --- programmes -------------------------------------------------------------------------------


def programme(b: Build, i: int, *, lv: Classification | None = None) -> Any:
    return programmes.programme_create(
        actor=b.sec,
        owning_body=b.body,
        name=f"Programme {i}",
        classification=level(i) if lv is None else lv,
    )


def phase(b: Build, prog: Any, i: int, *, lv: Classification | None = None) -> Any:
    return programmes.phase_create(
        actor=b.sec,
        programme=prog,
        phase="sit",
        region="north",
        planned_start=day(i),
        classification=level(i) if lv is None else lv,
    )


def dmc(b: Build, prog: Any, i: int, *, lv: Classification | None = None) -> Any:
    return programmes.dmc_create(
        actor=b.sec,
        owning_body=b.body,
        programme=prog,
        name=f"DMC {i}",
        classification=level(i) if lv is None else lv,
    )


def criterion(b: Build, ph: Any, i: int, *, lv: Classification | None = None) -> Any:
    return programmes.criterion_create(
        actor=b.sec, phase=ph, text=f"Criterion {i}", classification=level(i) if lv is None else lv
    )


def programme_list(b: Build, rows: range) -> str:
    for i in rows:
        programme(b, i)
    return reverse("programmes:programme_list")


def dmc_list(b: Build, rows: range) -> str:
    prog = b.once("programme", lambda: programme(b, 0, lv=W))
    for i in rows:
        dmc(b, prog, i)
    return reverse("programmes:dmc_list")


def programme_detail(b: Build, rows: range) -> str:
    """A White programme with phases, DMCs and decisions citing it."""
    obj = b.once("programme", lambda: programme(b, 0, lv=W))
    for i in rows:
        phase(b, obj, i)
        dmc(b, obj, i)
    discussed_in(b, obj, rows)
    return reverse("programmes:programme_detail", args=[obj.pk])


def phase_detail(b: Build, rows: range) -> str:
    """A White phase with exit criteria and decisions citing it."""
    obj = b.once("phase", lambda: phase(b, programme(b, 0, lv=W), 0, lv=W))
    for i in rows:
        criterion(b, obj, i)
    discussed_in(b, obj, rows)
    return reverse("programmes:phase_detail", args=[obj.pk])


def criterion_detail(b: Build, rows: range) -> str:
    """A White criterion met on a decision, with decisions citing it."""

    def make() -> Any:
        obj = criterion(b, phase(b, programme(b, 0, lv=W), 0, lv=W), 0, lv=W)
        return programmes.criterion_transition(
            actor=b.sec, obj=obj, name="meet", decision=decision(b, 0)
        )

    obj = b.once("criterion", make)
    discussed_in(b, obj, rows)
    return reverse("programmes:criterion_detail", args=[obj.pk])


def dmc_detail(b: Build, rows: range) -> str:
    """A White DMC of a programme approved on a decision, with decisions citing it."""

    def make() -> Any:
        obj = dmc(b, programme(b, 0, lv=W), 0, lv=W)
        return programmes.dmc_transition(
            actor=b.sec, obj=obj, name="approve", decision=decision(b, 0)
        )

    obj = b.once("dmc", make)
    discussed_in(b, obj, rows)
    return reverse("programmes:dmc_detail", args=[obj.pk])


# --- smki ---------------------------------------------------------------------------------


def exercise(b: Build, i: int, *, lv: Classification | None = None) -> Any:
    return smki.exercise_create(
        actor=b.sec,
        owning_body=b.body,
        title=f"Exercise {i}",
        planned_date=datetime.date(2019, 6, 1 + i),
        classification=level(i) if lv is None else lv,
    )


def custodian(b: Build, ex: Any, i: int, *, lv: Classification | None = None) -> Any:
    return smki.custodian_add(
        actor=b.sec,
        exercise=ex,
        name=f"Custodian {i}",
        classification=level(i) if lv is None else lv,
    )


def exercise_list(b: Build, rows: range) -> str:
    for i in rows:
        exercise(b, i)
    return reverse("smki:exercise_list")


def exercise_detail(b: Build, rows: range) -> str:
    """A White exercise with key custodians and decisions citing it."""
    obj = b.once("exercise", lambda: exercise(b, 0, lv=W))
    for i in rows:
        custodian(b, obj, i)
    discussed_in(b, obj, rows)
    return reverse("smki:exercise_detail", args=[obj.pk])


def custodian_detail(b: Build, rows: range) -> str:
    obj = b.once("custodian", lambda: custodian(b, exercise(b, 0, lv=W), 0, lv=W))
    discussed_in(b, obj, rows)
    return reverse("smki:custodian_detail", args=[obj.pk])


# --- operations ---------------------------------------------------------------------------


def incident(b: Build, i: int, *, lv: Classification | None = None) -> Any:
    return operations.incident_create(
        actor=b.sec,
        owning_body=b.body,
        reference=f"INC{i}",
        title=f"Incident {i}",
        occurred_on=day(i),
        classification=level(i) if lv is None else lv,
    )


def review(b: Build, i: int, *, lv: Classification | None = None) -> Any:
    return operations.performance_review_create(
        actor=b.sec,
        owning_body=b.body,
        period=datetime.date(2019, 1 + i, 1),
        classification=level(i) if lv is None else lv,
    )


def forecast(b: Build, i: int, *, lv: Classification | None = None) -> Any:
    return operations.forecast_create(
        actor=b.sec,
        owning_body=b.body,
        party=organisation(b),
        period=datetime.date(2019, 7, 1),
        due_on=datetime.date(2019, 5, 15),
        classification=level(i) if lv is None else lv,
    )


def incident_list(b: Build, rows: range) -> str:
    for i in rows:
        incident(b, i)
    return reverse("operations:incident_list")


def performance_list(b: Build, rows: range) -> str:
    for i in rows:
        review(b, i)
    return reverse("operations:performance_list")


def forecast_list(b: Build, rows: range) -> str:
    for i in rows:
        forecast(b, i)
    return reverse("operations:forecast_list")


def incident_detail(b: Build, rows: range) -> str:
    obj = b.once("incident", lambda: incident(b, 0, lv=W))
    discussed_in(b, obj, rows)
    return reverse("operations:incident_detail", args=[obj.pk])


def performance_detail(b: Build, rows: range) -> str:
    obj = b.once("review", lambda: review(b, 0, lv=W))
    discussed_in(b, obj, rows)
    return reverse("operations:performance_detail", args=[obj.pk])


def forecast_detail(b: Build, rows: range) -> str:
    obj = b.once("forecast", lambda: forecast(b, 0, lv=W))
    discussed_in(b, obj, rows)
    return reverse("operations:forecast_detail", args=[obj.pk])


# --- reports ------------------------------------------------------------------------------


def configuration(b: Build) -> None:
    """The default report configuration (one block: the owning body's highlights), saved as
    the administrator, and a White highlight for it."""
    admin = b.world.users["administrator"]
    config = ReportConfiguration(name="Default", purpose="Purpose.", is_default=True)
    plain_save(actor=admin, instance=config, reason="Default")
    section = ReportSection(configuration=config, position=1, heading="Security")
    plain_save(actor=admin, instance=section, reason="Section")
    block = ReportBlock(section=section, position=1, body=b.body, kind="highlights")
    plain_save(actor=admin, instance=block, reason="Block")
    highlight(b, 0, text="A public highlight.")


def publish(b: Build, obj: Any) -> None:
    reports.report_transition(actor=b.sec, report=obj, name="issue")
    reports.report_transition(actor=b.sec, report=obj, name="publish", reason="Published")


def report(b: Build, i: int, *, lv: Classification | None = None) -> Any:
    """The report for Panel meeting 60 + i at row i's level: a draft is never below Amber,
    so a White one is issued, published and then lowered."""
    panel_secretariat(b)
    b.once("configuration", lambda: configuration(b))
    mtg = meetings.meeting_create(
        actor=b.sec, body=b.world.panel, number=60 + i, starts_at=at(datetime.date(2019, 5, 10))
    )
    obj = reports.report_create(actor=b.sec, meeting=mtg)
    lv = level(i) if lv is None else lv
    if lv == W:
        publish(b, obj)
    if lv != obj.classification:
        classification_change(actor=b.sec, instance=obj, level=lv, reason="Level")
    return obj


def report_list(b: Build, rows: range) -> str:
    for i in rows:
        report(b, i)
    return reverse("reports:report_list")


def published_list(b: Build, rows: range) -> str:
    """One report issued and published per three rows: six files each (two editions, three
    formats), the public edition's White."""
    for i in rows:
        if i % 3 == 0:
            publish(b, report(b, i, lv=A))
    return reverse("reports:published_list")


def report_detail(b: Build, rows: range) -> str:
    """An Amber draft (hidden from the public) recompiled once per row (its versions)."""
    obj = b.once("report", lambda: report(b, 0, lv=A))
    for i in rows:
        reports.report_recompile(actor=b.sec, report=obj, note=f"v{i}")
    return reverse("reports:report_detail", args=[obj.pk])


def report_compare(b: Build, rows: range) -> str:
    """Two versions of a report side by side, with more versions stored per row."""
    obj = b.once("report", lambda: report(b, 0, lv=A))
    for i in rows:
        reports.report_recompile(actor=b.sec, report=obj, note=f"v{i}")
    return reverse("reports:report_compare", args=[obj.pk]) + "?a=1&b=2"


# --- bodies and core ----------------------------------------------------------------------


def body_list(b: Build, rows: range) -> str:
    """Working groups of the owning body (configuration, saved as the administrator)."""
    for i in rows:
        group = Body(
            code=f"wg{i}",
            name=f"Working Group {i}",
            short_name=f"WG{i}",
            kind="working_group",
            parent=b.body,
            display_order=100 + i,
        )
        plain_save(actor=b.world.users["administrator"], instance=group, reason="New group")
    return reverse("bodies:body_list")


def body_detail(b: Build, rows: range) -> str:
    """The owning body: its members and highlights."""
    for i in rows:
        membership_add(actor=b.sec, user=person(b), body=b.body, role="member", reason="Joined")
        highlight(b, i)
    return reverse("bodies:body_detail", args=[b.body.code])


def home(b: Build, rows: range) -> str:
    for i in rows:
        highlight(b, i)
    return reverse("home")


def audit_log(b: Build, rows: range) -> str:
    """Audit events (each highlight's creation)."""
    for i in rows:
        highlight(b, i)
    return reverse("core:audit_log")


# --- the pins -----------------------------------------------------------------------------

Count = int | tuple[int, int]  # the same with three rows and nine, or (three rows, nine rows)
Pin = Count | dict[str, Count]  # per database (`connection.vendor`) where they differ


@dataclass(frozen=True)
class Page:
    name: str
    build: Callable[[Build, range], str]
    anonymous: Pin
    secretariat: Pin
    auditor: Pin | None = None

    def pins(self) -> dict[str, Pin]:
        found = {"anonymous": self.anonymous, "owner_secretariat": self.secretariat}
        return found if self.auditor is None else {**found, "auditor": self.auditor}


PAGES = [
    # meetings
    Page("meetings:meeting_list", meeting_list, 3, 7),
    Page("meetings:calendar", calendar, 11, 16),  # + the bodies of the body filter
    Page("meetings:body_home", body_home, 7, 12),
    Page("meetings:decision_list", decision_list, 3, 8),  # + the bodies of the filter form
    Page("meetings:action_list", action_list, 3, 8),  # + the bodies of the filter form
    Page("meetings:my_actions", my_actions, 0, 7),
    Page("meetings:paper_list", paper_list, 3, 8),  # + the bodies of the filter form
    Page("meetings:highlight_list", highlight_list, 3, 8),  # + the bodies of the filter form
    Page("meetings:meeting_detail", meeting_detail, 9, 14),
    Page("meetings:minutes_detail", minutes_detail, 2, 7),
    Page("meetings:decision_detail", decision_detail, 5, 10),
    Page("meetings:action_detail", action_detail, 4, 9),
    Page("meetings:paper_detail", paper_detail, 6, 11),
    Page("meetings:appendix_detail", appendix_detail, 2, 6),
    Page("meetings:highlight_detail", highlight_detail, 6, 11),
    # modifications
    Page("modifications:modification_list", modification_list, 5, 10),
    Page("modifications:pipeline", pipeline, 4, 8),
    Page("modifications:export_csv", export_csv, 3, 8),
    Page("modifications:release_list", release_list, 2, 6),
    Page("modifications:release_detail", release_detail, 2, 7),
    Page("modifications:modification_detail", modification_detail, 9, 15),
    # assurance
    Page("assurance:overview", overview, 22, 27),
    Page("assurance:user_list", user_list, 3, 8),  # + the bodies of the filter form
    Page("assurance:assessment_list", assessment_list, 4, 9),  # + the bodies of the filter form
    Page("assurance:outcome_list", outcome_list, 9, 14),  # + the bodies of the filter form
    Page("assurance:finding_list", finding_list, 6, 11),  # + the bodies of the filter form
    Page("assurance:letter_list", letter_list, 6, 11),  # + the bodies of the filter form
    Page("assurance:schedule", schedule, 4, 9),
    Page("assurance:rules", rules, 2, 6),
    Page("assurance:user_detail", user_detail, 9, 14),
    Page("assurance:assessment_detail", assessment_detail, 15, 20),
    Page("assurance:outcome_detail", outcome_detail, 7, 11),
    Page("assurance:finding_detail", finding_detail, 4, 8),
    Page("assurance:letter_detail", letter_detail, 5, 9),
    # documents
    Page("documents:document_list", document_list, 3, 8),  # + the bodies of the filter form
    Page("documents:consultation_list", consultation_list, 3, 8),  # + the bodies of the filter form
    Page("documents:document_detail", document_detail, 4, 9),
    Page("documents:version_detail", version_detail, 7, 12),
    Page("documents:consultation_detail", consultation_detail, 7, 13),
    Page("documents:response_detail", response_detail, 4, 9),
    # programmes
    Page("programmes:programme_list", programme_list, 3, 8),  # + the bodies of the filter form
    Page("programmes:dmc_list", dmc_list, 3, 8),  # + the bodies of the filter form
    Page("programmes:programme_detail", programme_detail, 6, 11),
    Page("programmes:phase_detail", phase_detail, 6, 11),
    Page("programmes:criterion_detail", criterion_detail, 6, 11),
    Page("programmes:dmc_detail", dmc_detail, 6, 11),
    # smki
    Page("smki:exercise_list", exercise_list, 6, 11),  # + the bodies of the filter form
    Page("smki:exercise_detail", exercise_detail, 5, 10),
    Page("smki:custodian_detail", custodian_detail, 5, 10),
    # operations
    Page("operations:incident_list", incident_list, 3, 8),  # + the bodies of the filter form
    Page("operations:performance_list", performance_list, 3, 8),  # + the bodies of the filter form
    Page("operations:forecast_list", forecast_list, 3, 8),  # + the bodies of the filter form
    Page("operations:incident_detail", incident_detail, 4, 9),
    Page("operations:performance_detail", performance_detail, 4, 9),
    Page("operations:forecast_detail", forecast_detail, 3, 8),
    # reports
    Page("reports:report_list", report_list, 3, 9),  # + the bodies of the filter form
    Page("reports:published_list", published_list, 3, 7),  # + the bodies of the filter form
    Page("reports:report_detail", report_detail, 1, 19),  # + the provenance readable
    Page("reports:report_compare", report_compare, 1, 6),
    # bodies, core
    Page("bodies:body_list", body_list, 1, 5),
    Page("bodies:body_detail", body_detail, 4, 10),
    Page("home", home, 5, 20),  # + next paper, papers to read (per role: portal tests)
    Page("core:audit_log", audit_log, 0, 4, auditor=6),
]

# Pages whose count grows with their rows (pinned at both sizes above), and why.
KNOWN_N_PLUS_ONE: dict[str, str] = {}

# Answers other than 200 (still pinned: the cost of saying no).
STATUS = {
    ("meetings:my_actions", "anonymous"): 302,
    ("reports:report_detail", "anonymous"): 404,
    ("reports:report_compare", "anonymous"): 404,
    ("core:audit_log", "anonymous"): 404,
    ("core:audit_log", "owner_secretariat"): 404,
}

# Pages whose rows do not appear on them (elsewhere the nine-row page is longer: the rows
# reached it, so comparing its counts means something).
ROWS_NOT_SHOWN = {
    "meetings:appendix_detail",  # the paper's other appendices
    "modifications:pipeline",  # counts per stage
    "assurance:outcome_detail",  # these three list no other records
    "assurance:finding_detail",
    "assurance:letter_detail",
}

# URL names that are not pages to read: forms, moves and file downloads.
NOT_PAGES = re.compile(
    r":(\w+_(create|edit|transition|review|reschedule|hold|milestone|recompile|download"
    r"|restore|settle|respond|summary|withdraw)"
    r"|classification_edit|sensitive_terms|record)$"  # core:record redirects to a page
)
APPS = "meetings modifications assurance documents programmes smki operations reports portal core"


def _pin(value: Pin) -> tuple[int, int]:
    """(count with three rows, count with nine) on this database."""
    if isinstance(value, dict):
        value = value[connection.vendor]
    return value if isinstance(value, tuple) else (value, value)


def _client(world: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _get(client: Client, url: str) -> tuple[int, int, int]:
    """(status, queries, length of the page)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries), len(response.content)


@pytest.fixture(autouse=True)
def _steady(settings, tmp_path):
    """Uploads go to a temporary directory; every content type is cached, as in a running
    server, so no count depends on which page was asked first."""
    settings.MEDIA_ROOT = tmp_path
    ContentType.objects.get_for_models(*apps.get_models())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_query_count_is_pinned_and_does_not_grow_with_rows(world, page):
    build = Build(world)
    url = page.build(build, SMALL)
    clients = {role: _client(world, role) for role in page.pins()}
    small = {role: _get(client, url) for role, client in clients.items()}
    assert page.build(build, LARGE) == url
    large = {role: _get(client, url) for role, client in clients.items()}

    status = {role: (small[role][0], large[role][0]) for role in clients}
    assert status == {role: (STATUS.get((page.name, role), 200),) * 2 for role in clients}
    reader = "auditor" if page.auditor is not None else "owner_secretariat"
    assert (large[reader][2] > small[reader][2]) == (page.name not in ROWS_NOT_SHOWN)

    counts = {role: (small[role][1], large[role][1]) for role in clients}
    pinned = {role: _pin(pin) for role, pin in page.pins().items()}
    assert counts == pinned, f"{page.name} on {connection.vendor}: {counts}"
    grows = any(nine > three for three, nine in counts.values())
    assert grows == (page.name in KNOWN_N_PLUS_ONE), f"{page.name}: grows is {grows}"


def test_every_list_and_detail_page_of_every_app_is_pinned():
    from django.urls import URLPattern, URLResolver

    def walk(patterns: list[Any], namespace: str) -> list[str]:
        found = []
        for p in patterns:
            if isinstance(p, URLResolver):
                found += walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                found.append(f"{namespace}:{p.name}" if namespace else p.name)
        return found

    names = []
    for app in APPS.split():
        urls = importlib.import_module(f"secpanel.{app}.urls")
        names += walk(urls.urlpatterns, getattr(urls, "app_name", ""))
    pages = {name for name in names if not NOT_PAGES.search(name)}
    assert pages == {p.name for p in PAGES}
    assert set(KNOWN_N_PLUS_ONE) | ROWS_NOT_SHOWN <= pages
