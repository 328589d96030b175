"""The meetings of April–May 2019 behind the seed paper, with their agendas, attendance,
minutes, decisions, actions and the Panel paper SECP_68_1005_16 (see `meetings.demo`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.core.demo import DemoContext, d
from secpanel.meetings.models import Meeting, PaperAction
from secpanel.meetings.services import (
    action_create,
    action_transition,
    agenda_item_add,
    appendix_add,
    attendance_record,
    decision_record,
    meeting_create,
    meeting_transition,
    minutes_save,
    minutes_transition,
    paper_create,
    paper_series_set,
    paper_transition,
    recommendation_add,
    standing_item_create,
)

W, G, A, R = (Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED)
INFO = PaperAction.FOR_INFORMATION
DECIDE = PaperAction.FOR_DECISION
DISCUSS = PaperAction.FOR_DISCUSSION

OPS_MAY_ITEMS = [
    "Major Incident reviews",
    "SEC Forecasting obligations",
    "DCC update and proposed approach to Mass Over The Air Communication Hub Firmware Updates",
    "SECAS Data Quality sub group update on progress",
    "SMETS1 enrolment Live Service Criteria (LSC) update from the DCC on the evidence they will "
    "be providing to the Ops Group",
    "Self Service Interface (SSI) update from the DCC",
    "Modifications update and utilisation of the Sub-Committee",
]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


class _Loader:
    """Creates one body's meetings through the services, keyed into `ctx.objects`."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.actor = ctx.secretariat
        self.highlight_meetings: dict[tuple[str, str], Meeting] = {}

    def meeting(
        self,
        body_key: str,
        day: datetime.date,
        *,
        number: int | None = None,
        held: bool = True,
        location: str = "SECAS offices, London",
        online: bool = True,
        hour: int = 10,
    ) -> Meeting:
        meeting = meeting_create(
            actor=self.actor,
            body=self.ctx.bodies[body_key],
            number=number,
            starts_at=_at(day, hour),
            ends_at=_at(day, hour + 3),
            location=location,
            online=online,
            reason="Demo data",
        )
        if held:
            meeting = meeting_transition(actor=self.actor, obj=meeting, name="hold")
        self.ctx.objects[f"meetings:{body_key}:{day:%Y-%m-%d}"] = meeting
        return meeting

    def items(self, meeting: Meeting, items: list[tuple[str, Classification, str]]) -> list[Any]:
        return [
            agenda_item_add(
                actor=self.actor,
                meeting=meeting,
                title=title,
                action=action,
                classification=level,
                reason="Demo data",
            )
            for title, level, action in items
        ]

    def decide(
        self,
        key: str,
        meeting: Meeting,
        verb: str,
        text: str,
        level: Classification = W,
        item: Any = None,
        distribution: list[Any] | None = None,
    ) -> Any:
        decision = decision_record(
            actor=self.actor,
            owning_body=meeting.body,
            meeting=meeting,
            agenda_item=item,
            verb=verb,
            text=text,
            classification=level,
            distribution=distribution or [],
            reason="Demo data",
        )
        self.ctx.objects[f"meetings:decision:{key}"] = decision
        return decision

    def act(
        self,
        key: str,
        meeting: Meeting,
        reference: str,
        text: str,
        due: datetime.date,
        *,
        level: Classification = W,
        person: Any = None,
        organisation: Any = None,
        closed_on: datetime.date | None = None,
        update: str = "",
    ) -> Any:
        action = action_create(
            actor=self.actor,
            owning_body=meeting.body,
            meeting=meeting,
            reference=reference,
            text=text,
            due_date=due,
            owner_person=person,
            owner_organisation=organisation,
            classification=level,
            reason="Demo data",
        )
        if closed_on is not None:
            action = action_transition(
                actor=self.actor, obj=action, name="close", update=update, on=closed_on
            )
        self.ctx.objects[f"meetings:action:{key}"] = action
        return action

    def attend(self, meeting: Meeting, people: list[tuple[str, str, str]]) -> None:
        for user_key, role, status in people:
            attendance_record(
                actor=self.actor,
                meeting=meeting,
                person=self.ctx.users[user_key],
                role=role,
                status=status,
                reason="Demo data",
            )

    def minutes(self, meeting: Meeting, text: str, approved_on: datetime.date | None) -> None:
        minutes = minutes_save(
            actor=self.actor, meeting=meeting, text=text, classification=A, reason="Draft"
        )
        if approved_on is not None:
            minutes_transition(
                actor=self.actor, obj=minutes, name="approve", reason="Approved", on=approved_on
            )

    def link(self, meeting: Meeting, body_key: str, headings: list[str]) -> None:
        for heading in headings:
            self.highlight_meetings[(body_key, heading)] = meeting


def _standing(ld: _Loader) -> None:
    ctx = ld.ctx
    standing_item_create(
        actor=ld.actor,
        owning_body=ctx.bodies["ops"],
        title="DCC reporting reviews",
        position=10,
        reason="Demo data",
    )
    standing_item_create(
        actor=ld.actor,
        owning_body=ctx.bodies["ssc"],
        title="Minutes and actions from the previous meeting",
        position=10,
        reason="Demo data",
    )
    paper_series_set(
        actor=ld.actor, body=ctx.bodies["panel"], pattern="{prefix}_{number}_{ddmm}_{item}"
    )
    for key in ("ops", "ssc", "pma", "tabasc", "tag"):
        paper_series_set(
            actor=ld.actor, body=ctx.bodies[key], pattern="{prefix}_{yy}{mm}{dd}_{item}"
        )


def _ops(ld: _Loader) -> None:
    orgs = ld.ctx.organisations
    april = ld.meeting("ops", d(2019, 4, 2))
    items = ld.items(april, [("Major Incident reviews", A, DISCUSS)])
    ld.decide(
        "ops-cpm-remediation",
        april,
        "requested",
        "The Ops Group noted two Code Performance Measures below target in March 2019 and "
        "requested a remediation plan from the DCC.",
        level=A,
        item=items[0],
    )
    ld.act(
        "ops-cpm-plan",
        april,
        "OPS 04/01",
        "Provide a remediation plan for the Code Performance Measures below target in March 2019.",
        d(2019, 5, 7),
        level=A,
        organisation=orgs["dcc"],
    )
    ld.attend(april, [("ops_member", "member", "present"), ("secas_ops", "secretariat", "present")])
    ld.minutes(
        april, "The Ops Group reviewed the DCC's March 2019 performance report.", d(2019, 5, 7)
    )
    ld.link(april, "ops", ["DCC performance against Code Performance Measures"])
    may = ld.meeting("ops", d(2019, 5, 7), held=False)
    ld.items(may, [(title, W, "") for title in OPS_MAY_ITEMS])


def _ssc(ld: _Loader) -> None:
    ctx = ld.ctx
    people = [
        ("ssc_chair", "chair", "present"),
        ("ssc_member", "member", "present"),
        ("secas", "secretariat", "present"),
    ]
    first = ld.meeting("ssc", d(2019, 4, 10))
    items = ld.items(
        first,
        [
            ("Security Controls Framework and Agreed Interpretations", W, DECIDE),
            ("SECMP0013 Meter Triage", W, INFO),
            ("SMETS1 Update: Security Architecture V1.4 and XML Certificate Recovery", W, INFO),
            ("User Security Assessments: Assurance Status and Verification outcomes", R, DECIDE),
        ],
    )
    scf = ld.decide(
        "scf-v1.16",
        first,
        "approved",
        "The SSC agreed and approved the SCF V1.16 and Agreed Interpretations V1.7.",
        item=items[1],
    )
    ld.ctx.objects["meetings:decision:agreed-interpretations-v1.7"] = scf
    ld.act(
        "ssc-scf-publish",
        first,
        "SSC 10/04/01",
        "Publish SCF V1.16 and Agreed Interpretations V1.7 and notify SEC Parties.",
        d(2019, 4, 24),
        organisation=ctx.organisations["secas"],
        closed_on=d(2019, 4, 23),
        update="Published on the SECAS website on 23 April 2019.",
    )
    ld.act(
        "ssc-vusa-letters",
        first,
        "SSC 10/04/02",
        "Write to the Users whose Verification assessments found weaknesses in privileged access "
        "management (G5.14), setting out the remediation the SSC expects.",
        d(2019, 5, 8),
        level=R,
        organisation=ctx.organisations["secas"],
    )
    ld.attend(first, people)
    ld.minutes(
        first,
        "The SSC approved the SCF V1.16 and Agreed Interpretations V1.7, and reviewed User "
        "Security Assessment outcomes (recorded in the RED annex).",
        d(2019, 4, 24),
    )
    ld.link(
        first,
        "ssc",
        [
            "Security Controls Framework and Agreed Interpretations",
            "SECMP0013 Meter Triage",
            "SMETS1 Update",
            "SCF frequency table shared with Parties",
        ],
    )

    second = ld.meeting("ssc", d(2019, 4, 24))
    items = ld.items(
        second,
        [
            ("SMETS1 Appropriate Standards", W, DISCUSS),
            (
                "Change Items: SECMP0024 Enduring Approach to Communication Hub Firmware "
                "Management",
                W,
                INFO,
            ),
            ("Shared Resource Provider assessment approach", A, DISCUSS),
            ("Director's Letters", R, DECIDE),
        ],
    )
    ld.decide(
        "secmp0024-risk-assessment",
        second,
        "requested",
        "The SSC requested the DCC to undertake a risk assessment of the proposed solution for "
        "SECMP0024 ‘Enduring Approach to Communication Hub Firmware Management’.",
        item=items[2],
    )
    ld.act(
        "dcc-secmp0024-risk",
        second,
        "SSC 24/04/01",
        "Undertake a risk assessment of the SECMP0024 solution design and present it to the SSC.",
        d(2019, 5, 22),
        organisation=ctx.organisations["dcc"],
    )
    ld.act(
        "user-cio-srp",
        second,
        "SSC 24/04/02",
        "Bring a worked proposal for reusing evidence in assessments of Users relying on a Shared "
        "Resource Provider.",
        d(2019, 5, 22),
        level=A,
        person=ctx.users["ssc_member"],
    )
    ld.attend(second, people)
    ld.minutes(second, "Draft minutes of the SSC meeting of 24 April 2019.", None)
    ld.link(
        second,
        "ssc",
        [
            "SMETS1 Appropriate Standards",
            "Change Items",
            "Shared Resource Provider assessment approach",
            "Non-compliance trends in Verification assessments",
        ],
    )


def _pma(ld: _Loader) -> None:
    ctx = ld.ctx
    meeting = ld.meeting("pma", d(2019, 4, 16))
    items = ld.items(
        meeting,
        [
            ("SMKI Recovery in the Live Environment", W, INFO),
            ("SMETS1 Update: Device replacement after Enrolment and Adoption", W, INFO),
            (
                "SEC Modifications: SMKI Repository, Device Certificates, Recovery Scenarios",
                W,
                DISCUSS,
            ),
            ("Key custodian arrangements for the recovery exercise", R, DECIDE),
        ],
    )
    ld.decide(
        "pma-recovery-exercise",
        meeting,
        "noted",
        "The SMKI PMA noted the DCC's plans to undertake the SMKI recovery exercise in the live "
        "environment, currently expected in June 2019.",
        item=items[0],
    )
    ld.decide(
        "pma-key-custodians",
        meeting,
        "agreed",
        "The SMKI PMA agreed the named key custodians and deputies for the June 2019 recovery "
        "exercise.",
        level=R,
        item=items[3],
    )
    ld.act(
        "dcc-custodian-notice",
        meeting,
        "PMA 16/04/01",
        "Give early notification of the June 2019 recovery exercise to the key custodians who "
        "will need to attend.",
        d(2019, 5, 14),
        level=A,
        organisation=ctx.organisations["dcc"],
    )
    ld.act(
        "pma-problem-statements",
        meeting,
        "PMA 16/04/02",
        "Clarify the wording of the problem statements of the three proposed SMKI Modifications.",
        d(2019, 5, 21),
        person=ctx.users["pma_member"],
    )
    ld.attend(meeting, [("pma_member", "member", "present"), ("secas", "secretariat", "present")])
    ld.minutes(meeting, "Draft minutes of the SMKI PMA meeting of 16 April 2019.", None)
    ld.link(
        meeting,
        "pma",
        [
            "SMKI Recovery in the Live Environment",
            "SMETS1 Update",
            "SEC Modifications",
            "Key custodian contact list",
        ],
    )


def _tabasc(ld: _Loader) -> None:
    ctx = ld.ctx
    meeting = ld.meeting("tabasc", d(2019, 4, 4))
    items = ld.items(
        meeting,
        [
            ("SMETS1 Services Release BAD and TAD", W, DECIDE),
            ("SECMP0024 business requirements and solution design", W, DISCUSS),
            (
                "SECMP0055 Incorporation of multiple Issue Resolution Proposals into the SEC",
                W,
                DECIDE,
            ),
            ("SECMP0067 Service Request Traffic Management", W, DECIDE),
            ("Alt HAN update", W, DISCUSS),
            ("Elexon Half Hourly Settlement update", W, DISCUSS),
        ],
    )
    ld.decide(
        "bad-tad-industry-review",
        meeting,
        "agreed",
        "The TABASC agreed to issue the Business Architecture Document and the Technical "
        "Architecture Document, updated with SMETS1 Services Release content, for industry "
        "review, with comments due by 20 May 2019.",
        item=items[0],
    )
    ld.decide(
        "secmp0055-implementation-date",
        meeting,
        "agreed",
        "The TABASC agreed the minor changes to the IRP list in SECMP0055 ‘Incorporation of "
        "multiple Issue Resolution Proposals into the SEC’ and agreed that the implementation "
        "date should be moved to 7 November 2019.",
        item=items[2],
    )
    ld.decide(
        "secmp0067-preliminary-assessment",
        meeting,
        "agreed",
        "The TABASC agreed that the SECMP0067 ‘Service Request Traffic Management’ Business "
        "Requirements are suitable for Preliminary Assessment.",
        item=items[3],
    )
    ld.decide(
        "alt-han-confirmation",
        meeting,
        "requested",
        "The TABASC agreed to request specific confirmation when Alt HAN returns in June 2019 "
        "for a further update.",
        item=items[4],
    )
    ld.decide(
        "hhs-write-to-panel",
        meeting,
        "agreed",
        "The TABASC agreed to write to the Panel regarding concerns relating to the consequences "
        "of Half-Hourly Settlement on the smart metering infrastructure and its Users to support "
        "the changes.",
        item=items[5],
    )
    ld.act(
        "tabasc-hhs-letter",
        meeting,
        "TABASC 04/04/01",
        "Draft the TABASC's letter to the Panel on Half-Hourly Settlement.",
        d(2019, 5, 2),
        organisation=ctx.organisations["secas"],
        closed_on=d(2019, 4, 30),
        update="Letter sent to the Panel Chair on 30 April 2019.",
    )
    ld.act(
        "tabasc-secmp0024-requirements",
        meeting,
        "TABASC 04/04/02",
        "Send the TABASC's queries on the SECMP0024 business requirements to the Working Group, "
        "including the handling of non-happy day scenarios.",
        d(2019, 4, 18),
        person=ctx.users["tabasc_member"],
    )
    ld.act(
        "tabasc-alt-han-data",
        meeting,
        "TABASC 04/04/03",
        "Review the Alt HAN field performance data before the June update.",
        d(2019, 6, 6),
        level=A,
        person=ctx.users["tabasc_member"],
    )
    ld.attend(
        meeting, [("tabasc_member", "member", "present"), ("secas", "secretariat", "present")]
    )
    ld.minutes(meeting, "The TABASC's minutes of 4 April 2019.", d(2019, 5, 2))
    ld.link(
        meeting,
        "tabasc",
        [
            "SMETS1 Services Release Business Architecture Document (BAD) & Technical "
            "Architecture Document (TAD)",
            "Modifications Proposals support",
            "Alt HAN Considerations",
            "Elexon Half Hourly Settlement Update",
            "Alt HAN device performance data",
        ],
    )


def _tag(ld: _Loader) -> None:
    ctx = ld.ctx
    meeting = ld.meeting("tag", d(2019, 4, 17))
    items = ld.items(
        meeting,
        [
            (
                "Release 2.0: SIT completion (northern region) and Device Integration Testing",
                W,
                DECIDE,
            ),
            ("SMETS1 IOC: migration testing and system capacity testing", W, DISCUSS),
            ("IOC go-live decision-making and Device Model Combination approvals", W, DISCUSS),
            ("November 2019 Release: Testing Approach Document", W, DECIDE),
        ],
    )
    ld.decide(
        "r2-dit-exit-criteria",
        meeting,
        "advised",
        "TAG considers that Release 2.0 Device Integration Testing has been beneficial in "
        "identifying issues and that the existing DIT exit criteria are appropriate.",
        item=items[0],
    )
    ld.decide(
        "nov19-testing-approach",
        meeting,
        "agreed",
        "TAG agreed that a formal consultation on the November 2019 Release Testing Approach "
        "Document is necessary and that TAG will contribute to it.",
        item=items[3],
    )
    ld.act(
        "dcc-sit-north",
        meeting,
        "TAG 17/04/01",
        "Present the evidence that the Release 2.0 SIT exit criteria are met for the northern "
        "region.",
        d(2019, 5, 15),
        organisation=ctx.organisations["dcc"],
    )
    ld.act(
        "dcc-capacity-evidence",
        meeting,
        "TAG 17/04/02",
        "Share how SMETS1 system capacity testing demonstrates that live system capability "
        "will be sufficient.",
        d(2019, 5, 15),
        level=G,
        organisation=ctx.organisations["dcc"],
    )
    ld.act(
        "tag-dmc-process",
        meeting,
        "TAG 17/04/03",
        "Review the proposed process for TAG's approval of additional Device Model Combinations.",
        d(2019, 4, 30),
        person=ctx.users["tag_member"],
    )
    ld.attend(meeting, [("tag_member", "member", "present"), ("secas", "secretariat", "present")])
    ld.minutes(meeting, "Draft minutes of the TAG meeting of 17 April 2019.", None)
    ld.link(
        meeting,
        "tag",
        [
            "Release 2.0",
            "SMETS1",
            "November 19 Release",
            "Test environment availability for Parties",
        ],
    )


def _panel(ld: _Loader) -> None:
    ctx = ld.ctx
    meeting = ld.meeting("panel", d(2019, 5, 10), number=68, held=False)
    ld.items(meeting, [("Minutes and actions", W, DECIDE)])
    item = agenda_item_add(
        actor=ld.actor,
        meeting=meeting,
        number=16,
        title="SEC Panel Sub-Committee Report",
        action=INFO,
        classification=W,
        reason="Demo data",
    )
    paper = paper_create(
        actor=ld.actor,
        owning_body=ctx.bodies["panel"],
        agenda_item=item,
        title="SEC Panel Sub-Committee Report",
        action=INFO,
        author=ctx.secretariat,
        team="SECAS Team",
        date=d(2019, 5, 2),
        summary="This paper provides the Panel with an update on recent activities from the "
        "Panel Sub-Committees. It highlights the key issues discussed and details specific "
        "points the Sub-Committees would like to bring to the Panel’s attention. The Panel are "
        "requested to note the updates.",
        classification=W,
        reason="Demo data",
    )
    recommendation_add(actor=ld.actor, paper=paper, verb="NOTE", text="the content of this paper.")
    appendix_add(
        actor=ld.actor,
        paper=paper,
        title="User Security Assessments – Identified Non-Compliances",
        text="The Assurance Status set, the Compliance Status of the four Verification User "
        "Security Assessments reviewed and the two Director's Letters approved by the SSC in "
        "April 2019.",
        classification=R,
        reason="Demo data",
    )
    paper_transition(actor=ld.actor, obj=paper, name="issue", reason="Issued for the Panel")
    ctx.objects["meetings:paper:SECP_68_1005_16"] = paper


def load_business(ctx: DemoContext) -> dict[tuple[str, str], Meeting]:
    """Create the April–May 2019 business; return the meeting each highlight comes from."""
    ld = _Loader(ctx)
    _standing(ld)
    _ops(ld)
    _ssc(ld)
    _pma(ld)
    _tabasc(ld)
    _tag(ld)
    _panel(ld)
    return ld.highlight_meetings
