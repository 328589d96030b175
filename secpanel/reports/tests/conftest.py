"""Fixtures of the reports tests: a month of another code, built from scratch."""

from __future__ import annotations

import datetime

import pytest

from secpanel.bodies.models import Body
from secpanel.core.classification import Classification
from secpanel.meetings.models import AgendaItem, Highlight, Meeting
from secpanel.reports.models import BlockKind, ReportBlock, ReportConfiguration, ReportSection

UTC = datetime.UTC


@pytest.fixture
def march_2020(world):
    """A different code month: the Panel meets (no. 80) on 13 March 2020; TAG first, then the
    SSC; TABASC (world.other) met on 11 February; SSC meets after the paper date."""
    panel, ssc, tabasc = world.panel, world.owner, world.other
    tag = Body.objects.create(
        code="tag",
        name="Testing Advisory Group",
        short_name="TAG",
        kind="sub_committee",
        parent=panel,
        display_order=50,
    )
    config = ReportConfiguration.objects.create(
        name="Other code",
        title="Committees Report",
        purpose="What the committees did.",
        item_number=9,
        is_default=True,
        paper_days_before=3,
        team="Code Secretariat",
        audience="the Board",
    )
    first = ReportSection.objects.create(configuration=config, position=1, heading="Testing")
    ReportBlock.objects.create(
        section=first, position=1, body=tag, kind=BlockKind.HIGHLIGHTS, heading="{short} News"
    )
    second = ReportSection.objects.create(
        configuration=config, position=2, heading="Security and Architecture"
    )
    ReportBlock.objects.create(section=second, position=1, body=ssc, kind=BlockKind.ASSURANCE)
    ReportBlock.objects.create(
        section=second, position=2, body=ssc, kind=BlockKind.MEETINGS, heading="{short} Meetings"
    )
    ReportBlock.objects.create(
        section=second, position=3, body=tabasc, kind=BlockKind.MEETINGS, heading="{short} Meetings"
    )
    meeting = Meeting.objects.create(
        body=panel,
        number=80,
        status="planned",
        starts_at=datetime.datetime(2020, 3, 13, 10, tzinfo=UTC),
    )
    Meeting.objects.create(
        body=tabasc, status="held", starts_at=datetime.datetime(2020, 2, 11, 10, tzinfo=UTC)
    )
    ssc_next = Meeting.objects.create(
        body=ssc, status="planned", starts_at=datetime.datetime(2020, 3, 11, 10, tzinfo=UTC)
    )
    AgendaItem.objects.create(
        meeting=ssc_next,
        number=1,
        title="Review of SCF changes",
        owning_body=ssc,
        classification=Classification.WHITE,
    )
    AgendaItem.objects.create(
        meeting=ssc_next,
        number=2,
        title="Secret item",
        owning_body=ssc,
        classification=Classification.RED,
    )
    feb = datetime.date(2020, 2, 1)
    for body, level, heading in [
        (tag, Classification.WHITE, "Release 3.0 testing"),
        (tag, Classification.AMBER, "Confidential defect list"),
        (tabasc, Classification.WHITE, "Architecture refresh"),
    ]:
        Highlight.objects.create(
            owning_body=body,
            classification=level,
            heading=heading,
            text=f"Text of {heading}.",
            period=feb,
        )
    Highlight.objects.create(
        owning_body=tag,
        classification=Classification.WHITE,
        heading="Last year's item",
        text="Old.",
        period=datetime.date(2019, 4, 1),
    )
    for body in (panel, tag, tabasc):
        from secpanel.bodies.models import Membership

        Membership.objects.create(
            user=world.users["owner_secretariat"], body=body, role="secretariat"
        )
    return meeting
