"""Demo assurance register: fictional Users, their assessment history, and April 2019 giving
exactly the seed paper's figures (one Assurance Status set, four Verification assessments
reviewed with a Compliance Status set, two Director's Letters reviewed and approved, no
Self-Assessments reviewed). Everything names a Party, so everything is RED, owned by the SSC and
distributed to the Panel's member and chair (the Panel receives Appendix A)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from secpanel.accounts.models import Organisation, PartyCategory
from secpanel.assurance import services
from secpanel.assurance.defaults import ensure_defaults
from secpanel.assurance.models import SecUser, UserSecurityAssessment
from secpanel.core.classification import Classification
from secpanel.core.demo import DemoContext, d
from secpanel.meetings.models import Meeting, MeetingStatus

R = Classification.RED

EXTRA_ORGANISATIONS = [
    ("brightwater", "Brightwater Energy Ltd", "Brightwater", PartyCategory.LARGE_SUPPLIER),
    ("kestrel", "Kestrel Gas & Power Ltd", "Kestrel", PartyCategory.SMALL_SUPPLIER),
    ("solent", "Solent Smart Services Ltd", "Solent", PartyCategory.OTHER),
]

# key, roles, domestic, non-domestic, SRP, live since
USERS = [
    ("northwind", ["import_supplier", "gas_supplier"], 1_850_000, 42_000, "", d(2017, 5, 25)),
    ("brightwater", ["import_supplier", "export_supplier"], 610_000, 12_500, "", d(2017, 5, 25)),
    (
        "harbour",
        ["import_supplier", "gas_supplier"],
        180_000,
        9_000,
        "Ampere Shared DCC Services",
        d(2017, 11, 25),
    ),
    (
        "kestrel",
        ["import_supplier", "gas_supplier"],
        95_000,
        2_000,
        "Ampere Shared DCC Services",
        d(2018, 2, 1),
    ),
    ("fenland", ["electricity_distributor"], 0, 0, "", d(2017, 3, 1)),
    ("ridgeway", ["gas_transporter"], 0, 0, "", d(2017, 3, 1)),
    ("meterworks", ["other_user", "registered_supplier_agent"], 40_000, 0, "", d(2017, 11, 25)),
    ("solent", ["other_user"], 0, 0, "", None),
]


def _meeting(ctx: DemoContext, day: datetime.date) -> Any:
    """The SSC meeting of that day from the meetings demo, or one made here if it has none."""
    key = f"meetings:ssc:{day.isoformat()}"
    meeting = ctx.objects.get(key) or ctx.objects.get(f"assurance:meeting:{day.isoformat()}")
    if meeting is not None:
        return meeting
    meeting = Meeting.objects.create(
        body=ctx.bodies["ssc"],
        starts_at=timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 0)),
        location="Gemserv, 8 Fenchurch Place, London",
        status=MeetingStatus.HELD,
    )
    ctx.objects[f"assurance:meeting:{day.isoformat()}"] = meeting
    return meeting


def _done(
    ctx: DemoContext,
    user: SecUser,
    kind: str,
    assessment_type: str,
    cycle_year: int | None,
    start: datetime.date,
    report: datetime.date,
    **extra: Any,
) -> UserSecurityAssessment:
    """An assessment taken through fieldwork to an issued report."""
    actor = ctx.secretariat
    end = start + datetime.timedelta(days=4)
    a = services.assessment_create(
        actor=actor,
        sec_user=user,
        assessment_type=assessment_type,
        kind=kind,
        cycle_year=cycle_year,
        booked_on=start - datetime.timedelta(days=60),
        fieldwork_end=end,
        response_due=report + datetime.timedelta(days=28),
        reason="Demo data",
        **extra,
    )
    a = services.assessment_transition(actor=actor, obj=a, name="start_fieldwork", on=start)
    return services.assessment_transition(actor=actor, obj=a, name="issue_report", on=report)


def load(ctx: DemoContext) -> None:
    ensure_defaults()
    actor = ctx.secretariat
    ssc = ctx.bodies["ssc"]
    panel = [ctx.users["panel_member"], ctx.users["panel_chair"]]
    for key, name, short, category in EXTRA_ORGANISATIONS:
        if key not in ctx.organisations:
            ctx.organisations[key] = Organisation.objects.create(
                name=name, short_name=short, party_category=category
            )
    users: dict[str, SecUser] = {}
    for key, roles, domestic, non_domestic, srp, live in USERS:
        users[key] = services.sec_user_create(
            actor=actor,
            owning_body=ssc,
            organisation=ctx.organisations[key],
            roles=roles,
            domestic_premises=domestic,
            non_domestic_premises=non_domestic,
            uses_shared_resource_provider=bool(srp),
            shared_resource_provider=srp,
            live_since=live,
            classification=R,
            distribution=panel,
            reason="Demo data",
        )
        ctx.objects[f"assurance:user:{key}"] = users[key]

    ssc_10, ssc_24 = _meeting(ctx, d(2019, 4, 10)), _meeting(ctx, d(2019, 4, 24))

    # History: year 1 Full assessments (2017) and earlier annual assessments.
    initial = {}
    for key, start in (
        ("northwind", d(2017, 3, 6)),
        ("brightwater", d(2017, 3, 20)),
        ("harbour", d(2017, 9, 11)),
        ("kestrel", d(2017, 12, 4)),
        ("fenland", d(2017, 1, 16)),
        ("ridgeway", d(2017, 1, 30)),
        ("meterworks", d(2017, 9, 25)),
    ):
        a = _done(ctx, users[key], "initial", "full", 1, start, start + datetime.timedelta(days=30))
        services.outcome_set(
            actor=actor,
            assessment=a,
            decided_on=start + datetime.timedelta(days=50),
            assurance_status="approved",
            reason="Demo data",
        )
        initial[key] = a
    # Year 2 already done in 2018 by three of them (Brightwater is now in year 3).
    y2 = {}
    for key, start in (
        ("brightwater", d(2018, 3, 12)),
        ("ridgeway", d(2018, 1, 22)),
        ("meterworks", d(2018, 9, 17)),
    ):
        y2[key] = _done(
            ctx, users[key], "annual", "verification", 2, start, start + datetime.timedelta(days=35)
        )
        services.outcome_set(
            actor=actor,
            assessment=y2[key],
            decided_on=start + datetime.timedelta(days=56),
            compliance_status="non-compliant" if key == "ridgeway" else "compliant",
            reason="Demo data",
        )
    ridgeway_finding = services.finding_create(
        actor=actor,
        assessment=y2["ridgeway"],
        obligation="G3.9",
        description="A second User System was in use without notifying the SSC.",
        remediation_due=d(2018, 12, 31),
        reason="Demo data",
    )

    # March 2019: Meterworks' year 3 Self-Assessment is reviewed (so March has one SSA).
    ssa = _done(
        ctx, users["meterworks"], "annual", "self_assessment", 3, d(2019, 1, 14), d(2019, 2, 11)
    )
    services.outcome_set(
        actor=actor,
        assessment=ssa,
        decided_on=d(2019, 3, 13),
        compliance_status="compliant",
        reason="Demo data",
    )

    # April 2019, meeting of 10 April: two VUSAs.
    nw = _done(ctx, users["northwind"], "annual", "verification", 2, d(2019, 1, 21), d(2019, 2, 25))
    services.outcome_set(
        actor=actor,
        assessment=nw,
        meeting=ssc_10,
        compliance_status="compliant",
        reason="Demo data",
    )
    fen = _done(ctx, users["fenland"], "annual", "verification", 2, d(2019, 1, 28), d(2019, 3, 4))
    services.assessment_transition(actor=actor, obj=fen, name="receive_response", on=d(2019, 3, 29))
    services.finding_create(
        actor=actor,
        assessment=fen,
        obligation="G5.14",
        description="Privileged access to the User System is not reviewed at the required "
        "frequency.",
        potential=True,
        remediation_due=d(2019, 7, 31),
        reason="Demo data",
    )
    services.outcome_set(
        actor=actor,
        assessment=fen,
        meeting=ssc_10,
        compliance_status="potentially-non-compliant",
        reason="Demo data",
    )

    # Meeting of 24 April: two VUSAs, one Assurance Status, two Director's Letters.
    hb = _done(ctx, users["harbour"], "annual", "verification", 2, d(2019, 2, 11), d(2019, 3, 18))
    services.assessment_transition(actor=actor, obj=hb, name="receive_response", on=d(2019, 4, 12))
    for obligation, text, due in (
        (
            "G5.14",
            "Privileged accounts on the Shared Resource Provider's system are not "
            "separated from business-as-usual accounts.",
            d(2019, 8, 31),
        ),
        (
            "G4.9",
            "No record that security patches were applied within the required period.",
            d(2019, 6, 30),
        ),
    ):
        services.finding_create(
            actor=actor,
            assessment=hb,
            obligation=obligation,
            description=text,
            remediation_due=due,
            reason="Demo data",
        )
    services.outcome_set(
        actor=actor,
        assessment=hb,
        meeting=ssc_24,
        compliance_status="non-compliant",
        notes="The SSC will notify the Panel and asked Harbour Power for a Remediation Plan.",
        reason="Demo data",
    )
    bw = _done(
        ctx, users["brightwater"], "annual", "verification", 3, d(2019, 2, 18), d(2019, 3, 22)
    )
    services.outcome_set(
        actor=actor,
        assessment=bw,
        meeting=ssc_24,
        compliance_status="compliant",
        reason="Demo data",
    )
    sol = _done(ctx, users["solent"], "initial", "full", 1, d(2019, 2, 25), d(2019, 3, 29))
    services.assessment_transition(actor=actor, obj=sol, name="receive_response", on=d(2019, 4, 15))
    services.finding_create(
        actor=actor,
        assessment=sol,
        obligation="G5.18",
        description="The User's security incident management procedure has not yet been tested.",
        remediation_due=d(2019, 7, 31),
        reason="Demo data",
    )
    services.outcome_set(
        actor=actor,
        assessment=sol,
        meeting=ssc_24,
        assurance_status="approved_subject_to",
        conditions="the Party testing its incident management procedure by 31 July 2019",
        reason="Demo data",
    )
    # The Director's Letters: Ridgeway (remediated its 2018 finding) and Kestrel.
    for key, received, assessment, summary in (
        (
            "ridgeway",
            d(2019, 3, 28),
            y2["ridgeway"],
            "Confirms the second User System was notified and brought into scope (G3.9).",
        ),
        (
            "kestrel",
            d(2019, 4, 5),
            initial["kestrel"],
            "Confirms completion of the Remediation Plan agreed after the Full assessment.",
        ),
    ):
        letter = services.letter_create(
            actor=actor,
            sec_user=users[key],
            received_on=received,
            assessment=assessment,
            summary=summary,
            reason="Demo data",
        )
        services.letter_review(
            actor=actor, letter=letter, approved=True, meeting=ssc_24, reason="Demo data"
        )
    services.finding_close(
        actor=actor,
        finding=ridgeway_finding,
        closed_on=ssc_24.date,
        reason="Remediation confirmed by the approved Director's Letter",
    )

    # Awaiting the SSC in May: an ad hoc VUSA of Northwind's second User System (G3.9).
    adhoc = _done(
        ctx, users["northwind"], "ad_hoc", "verification", None, d(2019, 4, 8), d(2019, 4, 30)
    )
    services.assessment_update(
        actor=actor,
        assessment=adhoc,
        notes="Ad hoc review of the second User System notified under G3.9.",
        reason="Demo data",
    )
    # What is booked or received next:
    services.assessment_create(
        actor=actor,
        sec_user=users["kestrel"],
        assessment_type="verification",
        kind="annual",
        cycle_year=2,
        booked_on=d(2019, 4, 2),
        fieldwork_start=d(2019, 6, 10),
        reason="Demo data",
    )
    services.letter_create(
        actor=actor,
        sec_user=users["harbour"],
        received_on=d(2019, 5, 3),
        summary="Remediation Plan and director's confirmation of the first actions taken.",
        reason="Demo data",
    )
