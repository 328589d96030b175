"""Compiling a month's Panel paper reads the database in a fixed number of queries, however many
records the month holds (issue 16): the provenance versions are read in bulk (one query per
model), the public linkers read what they link once per compile, and the providers read each
kind of record once per block, not once per record, meeting or highlight."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secpanel.assurance.tests.matrix import make_finding, make_letter, make_outcome
from secpanel.core.citations import cite
from secpanel.core.classification import Classification
from secpanel.core.policy import forget_access_profile
from secpanel.core.redreads import red_read_log
from secpanel.documents.models import Consultation, ControlledDocument, DocumentVersion
from secpanel.meetings.models import AgendaItem, Meeting
from secpanel.meetings.tests.matrix import (
    make_action,
    make_agenda_item,
    make_decision,
    make_highlight,
    meeting_of,
)
from secpanel.modifications.tests.matrix import make_advice
from secpanel.operations.models import MajorIncident
from secpanel.programmes.models import (
    DeviceModelCombination,
    ExitCriterion,
    Programme,
    TestPhase,
)
from secpanel.reports.compiler import compile_report, source_of
from secpanel.reports.document import Source
from secpanel.reports.models import (
    BlockKind,
    PanelReport,
    ReportBlock,
    ReportConfiguration,
    ReportSection,
)
from secpanel.smki.models import RecoveryExercise

pytestmark = pytest.mark.django_db
W, A, R = Classification.WHITE, Classification.AMBER, Classification.RED
APRIL = datetime.date(2019, 4, 1)
UTC = datetime.UTC


def _report(world: Any) -> PanelReport:
    """The world's May 2019 paper (April's business): the owning body's meetings (with its
    highlights and facts) and its assurance figures, the other body's highlights."""
    config = ReportConfiguration.objects.create(
        name="Queries", title="Sub-Committee Report", purpose="P", is_default=True
    )
    first = ReportSection.objects.create(configuration=config, position=1, heading="Owner")
    ReportBlock.objects.create(
        section=first, position=1, body=world.owner, kind=BlockKind.ASSURANCE
    )
    ReportBlock.objects.create(
        section=first, position=2, body=world.owner, kind=BlockKind.MEETINGS, heading="{short}"
    )
    second = ReportSection.objects.create(configuration=config, position=2, heading="Other")
    ReportBlock.objects.create(
        section=second, position=1, body=world.other, kind=BlockKind.HIGHLIGHTS, heading="{short}"
    )
    panel_meeting = Meeting.objects.create(
        body=world.panel, number=68, starts_at=datetime.datetime(2019, 5, 10, 10, tzinfo=UTC)
    )
    Meeting.objects.create(
        body=world.owner, status="planned", starts_at=datetime.datetime(2019, 5, 8, 10, tzinfo=UTC)
    )
    meeting_of(world)  # held on 10 April
    return PanelReport.objects.create(
        configuration=config,
        meeting=panel_meeting,
        item_number=1,
        reference="SECP_68_TEST",
        title="Sub-Committee Report",
        paper_date=datetime.date(2019, 5, 2),
        period_start=APRIL,
        period_end=datetime.date(2019, 4, 30),
        author=world.users["owner_secretariat"],
        owning_body=world.owner,
        classification=W,
    )


def _add_records(world: Any, batch: int) -> None:
    """One more batch of April's records of every kind the paper reports, White ones and
    hidden ones, each with its own parents (documents, phases, programmes, meetings)."""
    owner, other = world.owner, world.other
    secretariat = world.users["owner_secretariat"]
    day = datetime.date(2019, 4, 10)
    # the document (with a public page: the linker links its name) and the programme are named
    # in the texts below
    document = ControlledDocument.objects.create(
        owning_body=owner,
        classification=W,
        title=f"Controls Framework {batch}",
        short_name=f"CF{batch:03}",
        public_url=f"https://example.org/cf{batch}/",
    )
    programme = Programme.objects.create(owning_body=owner, classification=W, name=f"R{batch}")
    held = Meeting.objects.create(
        body=owner, status="held", starts_at=datetime.datetime(2019, 4, 10 + batch, 10, tzinfo=UTC)
    )
    for i, level in enumerate((W, W, A, R)):
        marker = f"b{batch}-{i}-{int(level)}"
        decision = make_decision(world, level, f"{marker} about CF{batch:03} and SECMP8000")
        decision.for_panel = True
        decision.save()
        action = make_action(world, level, f"Write to the Board about CF{batch:03} {marker}")
        action.for_panel = True
        action.save()
        make_agenda_item(world, level, f"Review of CF{batch:03} {marker}")
        AgendaItem.objects.create(
            owning_body=owner, classification=level, meeting=held, number=i + 1, title=marker
        )
        highlight = make_highlight(world, level, f"Highlight {marker}")
        cite(actor=secretariat, source=highlight, target=decision)
        theirs = make_highlight(world, level, f"Their highlight {marker}")
        theirs.owning_body = other
        theirs.save()
        make_advice(world, level, marker)
        version = DocumentVersion.objects.create(
            owning_body=owner,
            classification=level,
            document=document,
            version=f"{int(level)}.{DocumentVersion.objects.unrestricted().count()}",
            approved_on=day,
            approved_by_decision=decision,
        )
        Consultation.objects.create(
            owning_body=owner,
            classification=level,
            title=f"Review {marker}",
            kind="industry_review",
            document_version=version,
            opens_on=day,
            closes_on=datetime.date(2019, 5, 20),
        )
        MajorIncident.objects.create(
            owning_body=owner,
            classification=level,
            reference=f"INC-{marker}",
            title=f"Incident {marker}",
            occurred_on=datetime.date(2019, 4, 2),
            review_status="reviewed",
            reviewed_on=day,
        )
        RecoveryExercise.objects.create(
            owning_body=owner,
            classification=level,
            title=f"The exercise {marker}",
            planned_date=day,
            status="held",
            outcome=f"It went well {marker}.",
        )
        phase = TestPhase.objects.create(
            owning_body=owner, classification=level, programme=programme, phase="sit"
        )
        for status in ("met", "not_met"):
            ExitCriterion.objects.create(
                owning_body=owner,
                classification=level,
                phase=phase,
                text=f"Criterion {status} {marker}",
                status=status,
                decision=decision,
                decided_on=day,
            )
        # a phase whose every criterion is met ("the exit criteria were met"), and one with an
        # open criterion besides the one met in the month
        for still_open in (False, True):
            done = TestPhase.objects.create(
                owning_body=owner, classification=W, programme=programme, phase="sit"
            )
            ExitCriterion.objects.create(
                owning_body=owner,
                classification=W,
                phase=done,
                text=f"Criterion met {marker} {still_open}",
                status="met",
                decision=decision,
                decided_on=day,
            )
            if still_open:
                ExitCriterion.objects.create(
                    owning_body=owner, classification=level, phase=done, text=f"Open {marker}"
                )
        DeviceModelCombination.objects.create(
            owning_body=owner,
            classification=level,
            programme=programme,
            name=f"Meter {marker}",
            status="approved",
            decision=decision,
            decided_on=day,
        )
        make_outcome(world, level, f"Outcome {marker}")
        make_letter(world, level, f"Letter {marker}")
        make_finding(world, level, f"Finding {marker}")


def _compile(report: PanelReport, actor: Any) -> tuple[int, Any, Any, list[Source]]:
    report = PanelReport.objects.unrestricted().get(pk=report.pk)
    forget_access_profile(actor)
    with CaptureQueriesContext(connection) as queries, red_read_log("test"):
        public, panel, omitted = compile_report(report, actor=actor)
    return len(queries.captured_queries), public, panel, omitted


def test_compiling_a_month_takes_as_many_queries_for_three_times_the_records(world):
    report = _report(world)
    actor = world.users["owner_secretariat"]
    _add_records(world, 1)
    _compile(report, actor)  # content types and the like, cached for the process
    n, _public, panel, omitted = _compile(report, actor)
    for batch in (2, 3):
        _add_records(world, batch)
    n3, public3, panel3, omitted3 = _compile(report, actor)

    # the month really is three times as big in the paper (each kind of record, each parent,
    # each meeting held but the one to come)...
    def cited(doc: Any) -> Counter[str]:
        return Counter(s.model for s in {s for b in [*doc.body, *doc.appendix] for s in b.sources})

    once, thrice = cited(panel), cited(panel3)
    assert len(once) == 16 and sum(once.values()) > 40
    assert thrice == {m: 3 * k for m, k in once.items()} | {"meetings.meeting": 5}
    assert Counter(s.model for s in omitted3) == {
        m: 3 * k for m, k in Counter(s.model for s in omitted).items()
    }
    text = "\n".join(b.text for b in public3.body)
    assert "[CF003](https://example.org/cf3/)" in text
    assert text.count("exit criteria for R3 were met") == 4  # one a level of the batch
    # ...and reads in the same number of queries
    assert n3 == n, f"{n} queries for one batch of records, {n3} for three"
    # every source is what `source_of` reads record by record: its latest version, its label
    # only where the block may name it
    by_level = [(b.sources, W) for b in panel3.body] + [(b.sources, R) for b in panel3.appendix]
    by_level += [([s], None) for s in omitted3]
    assert sum(len(sources) for sources, _ in by_level) > 150
    for sources, level in by_level:
        for source in sources:
            model = apps.get_model(source.model)
            manager: Any = model._default_manager
            rows = manager.unrestricted() if hasattr(manager, "unrestricted") else manager.all()
            record = rows.get(pk=source.pk)
            at = int(record.classification) if level is None else level
            assert source.version is not None
            assert source == source_of(record, at)
