"""The SEC's report configuration (the seed's section order) and the May 2019 report draft."""

from __future__ import annotations

import datetime

from secpanel.core.demo import DemoContext, d
from secpanel.meetings.models import Meeting
from secpanel.meetings.services import meeting_create, meeting_transition
from secpanel.reports.models import (
    BlockKind,
    NonWorkingDay,
    ReportBlock,
    ReportConfiguration,
    ReportSection,
)
from secpanel.reports.services import report_create

BANK_HOLIDAYS_2019 = [
    (d(2019, 1, 1), "New Year's Day"),
    (d(2019, 4, 19), "Good Friday"),
    (d(2019, 4, 22), "Easter Monday"),
    (d(2019, 5, 6), "Early May bank holiday"),
    (d(2019, 5, 27), "Spring bank holiday"),
    (d(2019, 8, 26), "Summer bank holiday"),
    (d(2019, 12, 25), "Christmas Day"),
    (d(2019, 12, 26), "Boxing Day"),
]

PURPOSE = (
    "This paper provides the Panel with an update on recent activities from the Panel "
    "Sub-Committees. It highlights the key issues discussed and details specific points the "
    "Sub-Committees would like to bring to the Panel’s attention. The Panel are requested to "
    "note the updates."
)

# section heading -> [(body key, block kind, heading)]
SECTIONS = [
    ("Operations Group", [("ops", BlockKind.MEETINGS, "{body} Meeting Highlights")]),
    (
        "Security Sub-Committee and SMKI PMA",
        [
            ("ssc", BlockKind.ASSURANCE, ""),
            ("ssc", BlockKind.HIGHLIGHTS, "{short} Highlights"),
            ("pma", BlockKind.HIGHLIGHTS, "{short} Highlights"),
        ],
    ),
    (
        "Technical Architecture and Business Architecture Sub-Committee (TABASC) and Testing "
        "Advisory Group (TAG)",
        [
            ("tabasc", BlockKind.HIGHLIGHTS, "{short} Highlights"),
            ("tag", BlockKind.HIGHLIGHTS, "{short} Highlights"),
        ],
    ),
]


def load(ctx: DemoContext) -> None:
    for day, name in BANK_HOLIDAYS_2019:
        NonWorkingDay.objects.create(date=day, name=name)
    config = ReportConfiguration.objects.create(
        name="SEC Panel Sub-Committee Report", purpose=PURPOSE, is_default=True
    )
    for position, (heading, blocks) in enumerate(SECTIONS, start=1):
        section = ReportSection.objects.create(
            configuration=config, position=position, heading=heading
        )
        for order, (body, kind, block_heading) in enumerate(blocks, start=1):
            ReportBlock.objects.create(
                section=section,
                position=order,
                body=ctx.bodies[body],
                kind=kind,
                heading=block_heading,
            )
    panel = ctx.bodies["panel"]
    if not Meeting.objects.filter(body=panel, number=67).exists():
        # The April Panel meeting: its paper (5 April) already reported the Ops Group's
        # meeting of 2 April, so the May paper does not repeat it.
        april = meeting_create(
            actor=ctx.secretariat,
            body=panel,
            number=67,
            starts_at=datetime.datetime(2019, 4, 12, 10, tzinfo=datetime.UTC),
            location="Gemserv, 8 Fenchurch Place, London",
            reason="Demo data",
        )
        meeting_transition(actor=ctx.secretariat, obj=april, name="hold", reason="Demo data")
    meeting = Meeting.objects.get(body=panel, number=68)
    ctx.objects["reports:may-2019"] = report_create(actor=ctx.secretariat, meeting=meeting)
