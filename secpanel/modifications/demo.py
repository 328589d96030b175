"""Demo modifications register as of April 2019: the four the seed paper cites (SECMP0013,
SECMP0024, SECMP0055, SECMP0067) with their real titles and public pages, and others from
domain.md §2.6, with their releases, stage history and the highlights that touched them.

Where the public sources give no date, the record is "registered" in April 2019 at the stage
it had then (dates raised are left empty rather than invented). DP075 is a demo-only AMBER draft
of the SMKI PMA (the seed's third SMKI modification), to show a hidden record.
"""

from __future__ import annotations

from typing import Any

from secpanel.core.citations import cite
from secpanel.core.classification import Classification
from secpanel.core.demo import DemoContext, d
from secpanel.meetings.models import Decision, Highlight, Meeting
from secpanel.modifications.models import AdviceKind, Modification
from secpanel.modifications.models import ImpactedParty as I
from secpanel.modifications.models import ModificationPath as P
from secpanel.modifications.models import ModificationStage as S
from secpanel.modifications.services import (
    advice_record,
    modification_create,
    modification_record_milestone,
    modification_reschedule,
    modification_set_on_hold,
    modification_transition,
    modification_update,
    release_create,
)
from secpanel.modifications.text import references_in

SITE = "https://smartenergycodecompany.co.uk/modifications/"
APRIL = d(2019, 4, 1)

RELEASES = [
    # name, planned, actual, SEC version
    ("November 2018 SEC Release", d(2018, 11, 1), d(2018, 11, 1), ""),
    ("February 2019 SEC Release", d(2019, 2, 28), d(2019, 2, 28), ""),
    ("June 2019 SEC Release", d(2019, 6, 27), None, ""),
    ("November 2019 SEC Release", d(2019, 11, 7), None, "6.21"),
]

# reference, title, stage (April 2019), path, extra fields
MODIFICATIONS: list[tuple[str, str, S, P, dict[str, Any]]] = [
    ("SECMP0007", "Firmware updates to IHDs and PPMIDs", S.REFINEMENT, P.PATH_2, {}),
    (
        "SECMP0013",
        "Smart meter device diagnostics and triage",
        S.REFINEMENT,
        P.PATH_2,
        {
            "public_url": SITE + "smart-meter-device-diagnostics-and-triage",
            "latest_update": "A use case has been developed and sent to the NCSC for review; it will then go to TSIRS to confirm technical viability before coming back to the SSC.",
            "impacted": [I.SUPPLIERS, I.DCC],
        },
    ),
    (
        "SECMP0016",
        "Consideration of “Maximum Credit Value” in credit cover calculation",
        S.IMPLEMENTED,
        P.PATH_2,
        {
            "implementation_date": d(2017, 4, 1),
            "latest_update": "Approved by the Authority on 26 January 2017; in SEC 5.6 from 1 April 2017.",
        },
    ),
    (
        "SECMP0018",
        "Standard Electricity Distributor Configuration Settings",
        S.PENDING_IMPLEMENTATION,
        P.PATH_3,
        {"release": "November 2019 SEC Release"},
    ),
    (
        "SECMP0023",
        "Correct Units of Measure for Uncontrolled Gas Flow Rate",
        S.PENDING_IMPLEMENTATION,
        P.PATH_3,
        {"release": "November 2019 SEC Release", "impacted": [I.GAS_NETWORKS, I.DCC]},
    ),
    (
        "SECMP0024",
        "Enduring Approach to Communication Hub Firmware Management",
        S.REFINEMENT,
        P.PATH_2,
        {
            "public_url": SITE + "enduring-approach-to-communication-hub-firmware-management/",
            "latest_update": "Business requirements established; solution design specifications are being prepared for a DCC Preliminary Assessment. The SSC asked the DCC for a risk assessment.",
            "impacted": [I.SUPPLIERS, I.DCC],
            "sec_sections": [
                "Section F 'Smart Metering System Requirements'",
                "Section H 'DCC Services'",
            ],
        },
    ),
    (
        "SECMP0025",
        "Electricity Network Party Access to Load Switching Information",
        S.REPORT_PHASE,
        P.PATH_3,
        {"release": "November 2019 SEC Release", "impacted": [I.ELECTRICITY_NETWORKS]},
    ),
    (
        "SECMP0032",
        "Prioritising Prepayment Customers in No WAN Situations",
        S.REFINEMENT,
        P.PATH_2,
        {
            "date_raised": d(2017, 2, 20),
            "public_url": SITE + "prioritising-prepayment-customers-in-no-wan-situations/",
            "on_hold": "Put on hold after the DCC Preliminary Assessment, pending the Proposer's decision.",
        },
    ),
    (
        "SECMP0036",
        "Single User ID for Users acting in one or more User Roles",
        S.REPORT_PHASE,
        P.PATH_3,
        {"consultations": "Modification Report Consultation issued 28 June 2017."},
    ),
    (
        "SECMP0039",
        "Communication Hub returns notification mechanism for Other SEC Parties",
        S.PENDING_IMPLEMENTATION,
        P.PATH_3,
        {"release": "November 2019 SEC Release", "impacted": [I.OTHER, I.DCC]},
    ),
    (
        "SECMP0043",
        "Modification to Services Force Majeure Provisions",
        S.CHANGE_BOARD,
        P.PATH_2,
        {"authority_approved": d(2019, 4, 5)},
    ),
    (
        "SECMP0049",
        "Section D Review: Amendments to the Modification Process",
        S.IMPLEMENTED,
        P.PATH_2,
        {
            "release": "November 2018 SEC Release",
            "implementation_date": d(2018, 11, 1),
            "impacted": [I.ALL],
        },
    ),
    (
        "SECMP0055",
        "Incorporation of multiple Issue Resolution Proposals into the SEC",
        S.REFINEMENT,
        P.PATH_3,
        {
            "public_url": SITE
            + "incorporation-of-multiple-issue-resolution-proposals-into-the-sec/",
            "release": "June 2019 SEC Release",
            "implementation_date": d(2019, 6, 27),
            "impacted": [I.SUPPLIERS, I.NETWORKS, I.DCC],
            "sec_sections": ["Schedule 8 'GB Companion Specification'", "Schedule 9 'SMETS2'"],
        },
    ),
    (
        "SECMP0059",
        "Amendments to SEC Security Assessments for Non-Domestic Suppliers and Other Users",
        S.IMPLEMENTED,
        P.PATH_3,
        {
            "date_raised": d(2018, 8, 31),
            "release": "February 2019 SEC Release",
            "implementation_date": d(2019, 2, 28),
            "public_url": SITE
            + "amendments-to-sec-security-assessments-for-non-domestic-suppliers-and-other-users/",
            "impacted": [I.SUPPLIERS, I.OTHER],
            "sec_sections": ["Section G 'Security'"],
        },
    ),
    (
        "SECMP0060",
        "Amend Requirements to remove ‘Pending’ devices from SMI",
        S.PENDING_IMPLEMENTATION,
        P.PATH_3,
        {"release": "November 2019 SEC Release"},
    ),
    (
        "SECMP0062",
        "Northbound Application Traffic Management – Alert Storm Protection",
        S.REFINEMENT,
        P.PATH_2,
        {"impacted": [I.SUPPLIERS, I.DCC]},
    ),
    (
        "SECMP0063",
        "Ensuring correct Network Operator Certificates are placed on Electricity Smart Meters",
        S.REFINEMENT,
        P.PATH_3,
        {
            "date_raised": d(2018, 10, 2),
            "public_url": SITE
            + "ensuring-correct-network-operator-certificates-are-placed-on-electricity-smart-meters/",
            "impacted": [I.ELECTRICITY_NETWORKS, I.SUPPLIERS],
        },
    ),
    (
        "SECMP0067",
        "Service Request Traffic Management",
        S.REFINEMENT,
        P.PATH_2,
        {
            "public_url": SITE + "service-request-traffic-management/",
            "impacted": [I.SUPPLIERS, I.DCC],
        },
    ),
    (
        "MP073",
        "Alteration of SMKI Repository information and documentation",
        S.DRAFT_PROPOSAL,
        P.PATH_3,
        {
            "body": "pma",
            "date_raised": d(2019, 4, 16),
            "sec_sections": ["Section L 'Smart Metering Key Infrastructure'"],
        },
    ),
    (
        "MP074",
        "Clarity on Obtaining SMKI Device Certificates",
        S.DRAFT_PROPOSAL,
        P.PATH_3,
        {
            "body": "pma",
            "date_raised": d(2019, 4, 16),
            "sec_sections": ["Section L 'Smart Metering Key Infrastructure'"],
        },
    ),
    ("MP076", "Pursuing Non-Payment in Events of Default", S.DRAFT_PROPOSAL, P.PATH_3, {}),
    (
        "DP075",
        "Changes arising from the SMKI Recovery Scenarios Exercise",
        S.DRAFT_PROPOSAL,
        P.PATH_3,
        {
            "body": "pma",
            "level": Classification.AMBER,
            "date_raised": d(2019, 4, 16),
            "latest_update": "Problem statement wording under discussion at the SMKI PMA (demo-only record).",
        },
    ),
]


def _find_meeting(ctx: DemoContext, body_key: str, year: int, month: int) -> Meeting | None:
    """The body's meeting in that month: from the meetings loader's keys, else the database."""
    prefix = f"meetings:{body_key}:{year}-{month:02d}"
    for key, value in ctx.objects.items():
        if key.startswith(prefix) and isinstance(value, Meeting):
            return value
    body = ctx.bodies.get(body_key)
    if body is None:
        return None
    return (
        Meeting.objects.filter(body=body, starts_at__year=year, starts_at__month=month)
        .order_by("starts_at")
        .first()
    )


def _find_decision(ctx: DemoContext, needle: str) -> Decision | None:
    for key, value in ctx.objects.items():
        if (
            key.startswith("meetings:decision:")
            and isinstance(value, Decision)
            and needle in value.text
        ):
            return value
    return Decision.objects.unrestricted().filter(text__contains=needle).order_by("date").first()


def load(ctx: DemoContext) -> None:
    actor = ctx.secretariat
    releases = {}
    for name, planned, actual, version in RELEASES:
        releases[name] = release_create(
            actor=actor,
            name=name,
            planned_date=planned,
            actual_date=actual,
            sec_version=version,
            reason="Demo data",
        )
        ctx.objects[f"modifications:release:{releases[name].slug}"] = releases[name]

    mods: dict[str, Modification] = {}
    for reference, title, stage, path, extra in MODIFICATIONS:
        extra = dict(extra)
        release = extra.pop("release", None)
        hold_reason = extra.pop("on_hold", None)
        approved = extra.pop("authority_approved", None)
        body = ctx.bodies[extra.pop("body", "panel")]
        level = extra.pop("level", Classification.WHITE)
        mod = modification_create(
            actor=actor,
            owning_body=body,
            reference=reference,
            title=title,
            classification=level,
            stage=stage,
            path=path,
            target_release=releases[release] if release else None,
            lead_analyst="SEC Change",
            date=extra.get("date_raised") or APRIL,
            reason="Registered from the public register (demo data)",
            **extra,
        )
        if hold_reason:
            modification_set_on_hold(
                actor=actor, modification=mod, on_hold=True, reason=hold_reason, date=APRIL
            )
        if approved:
            modification_transition(
                actor=actor,
                obj=mod,
                name="refer_to_authority",
                reason="Change Board recommendation sent to the Authority",
                date=d(2019, 3, 1),
            )
            modification_transition(
                actor=actor,
                obj=mod,
                name="authority_approve",
                reason="The Authority approved the modification",
                date=approved,
            )
        mods[reference] = mod
        ctx.objects[f"modifications:{reference}"] = mod

    working_group = ctx.bodies.get("wg24")
    if working_group is not None:
        modification_update(
            actor=actor,
            modification=mods["SECMP0024"],
            working_group=working_group,
            reason="Working Group set up (demo data)",
        )

    ssc_april = _find_meeting(ctx, "ssc", 2019, 4)
    tabasc_april = _find_meeting(ctx, "tabasc", 2019, 4)
    tabasc_date = tabasc_april.date if tabasc_april else APRIL

    # SECMP0055: the seed's date move, with the TABASC meeting and decision behind it.
    modification_reschedule(
        actor=actor,
        modification=mods["SECMP0055"],
        target_release=releases["November 2019 SEC Release"],
        implementation_date=d(2019, 11, 7),
        reason="Agreed by TABASC in April 2019: the implementation date should be moved to 7 November 2019, with minor changes to the IRP list.",
        date=tabasc_date,
        meeting=tabasc_april,
        decision=_find_decision(ctx, "SECMP0055"),
    )
    modification_record_milestone(
        actor=actor,
        modification=mods["SECMP0067"],
        label="Business Requirements agreed suitable for DCC Preliminary Assessment",
        reason="TABASC agreed the Business Requirements are suitable for Preliminary Assessment.",
        date=tabasc_date,
        meeting=tabasc_april,
        decision=_find_decision(ctx, "SECMP0067"),
    )
    modification_record_milestone(
        actor=actor,
        modification=mods["SECMP0024"],
        label="Business requirements established; solution design being prepared for DCC Preliminary Assessment",
        reason="Update to the SSC; the SSC requested the DCC to undertake a risk assessment.",
        date=ssc_april.date if ssc_april else APRIL,
        meeting=ssc_april,
    )
    modification_record_milestone(
        actor=actor,
        modification=mods["SECMP0013"],
        label="Use case sent to the NCSC for review",
        reason="Confirmed by the TABASC Chair at the SSC; next to TSIRS for technical viability.",
        date=ssc_april.date if ssc_april else APRIL,
        meeting=ssc_april,
    )

    # The TABASC's advice on three modifications, reported in the Panel paper from these
    # records (the "Modifications Proposals support" highlight only gathers them).
    if tabasc_april is not None:
        tabasc = ctx.bodies["tabasc"]
        advice = [
            advice_record(
                actor=actor,
                owning_body=tabasc,
                modification=mods["SECMP0024"],
                kind=AdviceKind.CONCERNS,
                meeting=tabasc_april,
                text="The TABASC discussed SECMP0024 ‘Enduring approach to Communications Hub firmware management’ business requirements and solution design specification, noting a number of queries and an overall observation that the business requirements need to be more detailed and handle non-happy day scenarios.",
                reason="Demo data",
            ),
            advice_record(
                actor=actor,
                owning_body=tabasc,
                modification=mods["SECMP0055"],
                kind=AdviceKind.DATE_CHANGE,
                meeting=tabasc_april,
                decision=_find_decision(ctx, "SECMP0055"),
                new_date=d(2019, 11, 7),
                text="The TABASC agreed the minor changes to the IRP list in SECMP0055 ‘Incorporation of multiple Issue Resolution Proposals into the SEC’ and agreed that the implementation date should be moved to 7 November 2019.",
                reason="Demo data",
            ),
            advice_record(
                actor=actor,
                owning_body=tabasc,
                modification=mods["SECMP0067"],
                kind=AdviceKind.SUITABLE_FOR_PA,
                meeting=tabasc_april,
                decision=_find_decision(ctx, "SECMP0067"),
                reason="Demo data",
            ),
        ]
        support = (
            Highlight.objects.unrestricted()
            .filter(owning_body=tabasc, heading="Modifications Proposals support")
            .first()
        )
        if support is not None:
            for record in advice:
                cite(actor=actor, source=support, target=record)

    # Every highlight that mentions a registered modification cites it (SECMP0024 is cited by
    # the SSC's and the TABASC's April highlights, so its timeline shows both bodies).
    for highlight in Highlight.objects.unrestricted().order_by("pk"):
        for ref in references_in(f"{highlight.heading}\n{highlight.text}"):
            if ref in mods:
                cite(actor=actor, source=highlight, target=mods[ref])
