"""`secpanel generate` on top of the demo: the last three months up to today, once for the
module (rolled back with the module's demo data after its last test)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.generator import Options, generate
from secpanel.generator.calendar import add_months
from secpanel.meetings.models import Action, Decision, Highlight, Meeting, MeetingStatus
from secpanel.modifications.models import Modification, ModificationEvent
from secpanel.reports.models import IssuedFile, PanelReport, ReportStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
#: The first day of the month two months back: three months of history up to today.
START = add_months(TODAY.replace(day=1), -2)
OPTIONS = Options(start=START, until=TODAY, seed=3)


def _classified_models():
    return [
        m
        for m in apps.get_models()
        if issubclass(m, ClassifiedModel) and not hasattr(m, "instance_type")
    ]


@pytest.fixture(scope="module")
def generated(demo_data, django_db_blocker):
    """The highest id of every classified model before the run, and the run's result."""
    with django_db_blocker.unblock():
        before = {
            m: (m.objects.unrestricted().order_by("-pk").values_list("pk", flat=True).first() or 0)
            for m in _classified_models()
        }
        result = generate(OPTIONS, progress=False)
    return before, result


def _new_rows(before, model):
    return model.objects.unrestricted().filter(pk__gt=before[model]).order_by("pk")


def test_every_generated_classified_record_passes_its_model_rules(generated):
    before, result = generated
    checked = 0
    for model in _classified_models():
        for row in _new_rows(before, model):
            row.full_clean()
            checked += 1
    assert checked == sum(
        n
        for label, n in result.created.items()
        if issubclass(apps.get_model(label), ClassifiedModel)
    )
    assert checked > 500
    # every record through a service: a history row and an audit event each, at least
    assert result.history_rows >= result.total
    assert result.audit_events >= checked


def test_the_history_is_business_as_usual(generated):
    before, result = generated
    held = Meeting.objects.filter(
        status=MeetingStatus.HELD, starts_at__date__gte=START, starts_at__date__lte=TODAY
    )
    planned = Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__date__gt=TODAY)
    assert held.count() == result.counts["meetings held"] > 15
    # every body's meetings, and the next two months planned
    assert {m.body.code for m in held} >= {"panel", "ssc", "ops-group", "tag", "tabasc"}
    assert planned.filter(starts_at__date__lte=TODAY + datetime.timedelta(days=40)).exists()
    assert not Meeting.objects.filter(
        status=MeetingStatus.PLANNED, starts_at__date__lte=TODAY
    ).exists(), "no meeting in the past is still planned"
    # records at every level, mostly White; RED ones with a distribution
    highlights = _new_rows(before, Highlight)
    records = [*highlights, *_new_rows(before, Decision), *_new_rows(before, Action)]
    levels = [r.classification for r in records]
    assert {Classification.WHITE, Classification.GREEN, Classification.AMBER} <= set(levels)
    assert levels.count(Classification.WHITE) > len(levels) / 2
    assert {h.classification for h in highlights} > {Classification.WHITE}
    for red in (r for r in records if r.classification == Classification.RED):
        assert red.red_distribution.exists()
    # actions: most of those raised over a month ago closed, some open and due ahead; the
    # seed's open actions settled
    actions = _new_rows(before, Action)
    older = actions.filter(raised_on__lt=TODAY - datetime.timedelta(days=40))
    assert older.filter(status="closed").count() > older.count() / 2 > 2
    assert actions.filter(status="open", due_date__gte=TODAY).exists()
    assert not Action.objects.unrestricted().filter(status="open", raised_on__year=2019).exists()
    # modifications moved on, with the events that say so
    assert result.counts["modification moves"] > 0
    assert ModificationEvent.objects.filter(date__gte=START, kind="stage").exists()
    assert Modification.objects.unrestricted().filter(reference__startswith="MP1").exists()


def test_the_last_three_months_panel_papers_are_published(generated):
    since = add_months(TODAY, -3)
    panel_meetings = Meeting.objects.filter(
        body__code="panel",
        status=MeetingStatus.HELD,
        starts_at__date__gt=since,
        starts_at__date__gte=START,
        starts_at__date__lte=TODAY,
    )
    reports = PanelReport.objects.unrestricted().filter(meeting__in=panel_meetings)
    assert reports.count() == panel_meetings.count() >= 1
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.PUBLISHED}
    public = IssuedFile.objects.visible_to(None).filter(report__in=reports, edition="public")
    assert public.count() == 3 * reports.count()  # pdf, docx and html of each


def test_the_public_home_page_shows_the_next_meetings_and_a_recent_paper(generated):
    home = Client().get("/").content.decode()
    soon = TODAY + datetime.timedelta(days=60)
    upcoming = Meeting.objects.filter(starts_at__date__gt=TODAY, starts_at__date__lte=soon)
    meetings = home.split('id="meet-h"')[1].split("</section>")[0]
    assert "No meeting planned" not in meetings
    assert any(m.get_absolute_url() in meetings for m in upcoming)

    papers = home.split('id="papers-h"')[1].split("</section>")[0]
    recent = IssuedFile.objects.visible_to(None).filter(
        edition="public",
        format="pdf",
        report__paper_date__gte=TODAY - datetime.timedelta(days=60),
        report__paper_date__lte=TODAY,
    )
    assert recent.exists()
    assert any(f.get_absolute_url() in papers for f in recent), papers

    # and the lists behind them: the meetings page and the published papers
    listed = Client().get("/meetings/").content.decode().split("Past meetings")[0]
    assert any(m.get_absolute_url() in listed for m in upcoming)
    published = Client().get("/reports/published/").content.decode()
    assert all(f.get_absolute_url() in published for f in recent)

    # recent highlights too
    latest = (
        Highlight.objects.visible_to(None)
        .filter(period__gte=add_months(TODAY.replace(day=1), -1))
        .order_by("-period", "-id")
        .first()
    )
    assert latest is not None
    assert latest.get_absolute_url() in home


def test_a_second_run_adds_nothing(generated):
    again = generate(OPTIONS, progress=False)
    assert again.created == {}
    assert again.history_rows == again.audit_events == 0
    assert again.counts["meetings held"] == 0
    assert again.counts["meetings already held"] == generated[1].counts["meetings held"]
    out = io.StringIO()
    call_command(
        "generate",
        "--from",
        START.isoformat(),
        "--until",
        TODAY.isoformat(),
        "--seed",
        "3",
        stdout=out,
    )
    assert out.getvalue().startswith("Nothing to add")


def test_another_seed_is_refused_on_a_generated_history(generated):
    with pytest.raises(ValidationError, match="generated with seed 3"):
        generate(Options(start=START, until=TODAY, seed=4), progress=False)
