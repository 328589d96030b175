"""Demo documents and consultations: what the seed paper says of April 2019.

SCF V1.16 and Agreed Interpretations V1.7 approved by the SSC; the SSC's comments on the SMETS1
Security Architecture V1.4 given to the DCC; the BAD and TAD (SMETS1 Services Release content)
issued for industry review with comments due by 20 May 2019; a formal consultation on the
November 2019 Release Testing Approach Document to come. Earlier version numbers (SCF V1.15,
Agreed Interpretations V1.6) and the BAD/TAD/TAD-testing version numbers are illustrative.

`meeting_for` and `decision_for` are shared by the other register loaders: they take the
meetings loader's records from `ctx.objects` when present and make their own otherwise.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from secpanel.core.citations import cite
from secpanel.core.classification import Classification
from secpanel.core.demo import DemoContext, d
from secpanel.core.services import classified_create, record_event
from secpanel.documents import services
from secpanel.meetings.models import Decision, Highlight, Meeting, MeetingStatus

W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED
APRIL = d(2019, 4, 1)


def meeting_for(ctx: DemoContext, body_key: str, day: datetime.date, held: bool = True) -> Any:
    """The body's meeting of that day from an earlier loader, or one made here."""
    iso = day.isoformat()
    for key in (
        f"meetings:{body_key}:{iso}",
        f"assurance:meeting:{iso}" if body_key == "ssc" else "",
        f"registers:meeting:{body_key}:{iso}",
    ):
        if key and ctx.objects.get(key) is not None:
            return ctx.objects[key]
    existing = Meeting.objects.filter(body=ctx.bodies[body_key], starts_at__date=day).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        meeting = Meeting(
            body=ctx.bodies[body_key],
            starts_at=timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 0)),
            location="Gemserv, 8 Fenchurch Place, London",
            status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
        )
        meeting.full_clean()
        meeting._history_user = ctx.secretariat
        meeting._change_reason = "Demo data"
        meeting.save()
        record_event(kind="meetings.meeting_created", actor=ctx.secretariat, subject=meeting)
    ctx.objects[f"registers:meeting:{body_key}:{iso}"] = meeting
    return meeting


def decision_for(
    ctx: DemoContext,
    name: str,
    body_key: str,
    day: datetime.date,
    verb: str,
    text: str,
    level: Classification = W,
) -> Any:
    """The decision `meetings:decision:<name>` from the meetings loader, or one made here."""
    found = ctx.objects.get(f"meetings:decision:{name}")
    if found is not None:
        return found
    decision = classified_create(
        actor=ctx.secretariat,
        instance=Decision(
            owning_body=ctx.bodies[body_key],
            classification=level,
            meeting=meeting_for(ctx, body_key, day),
            date=day,
            verb=verb,
            text=text,
        ),
        reason="Demo data",
    )
    ctx.objects[f"meetings:decision:{name}"] = decision
    return decision


def cite_from_highlight(
    ctx: DemoContext, body_key: str, heading: str, *targets: Any, period: datetime.date = APRIL
) -> None:
    """Cite `targets` from the body's highlight with that heading, if the meetings loader made
    it."""
    highlight = (
        Highlight.objects.visible_to(ctx.secretariat)
        .filter(owning_body=ctx.bodies[body_key], heading=heading, period=period)
        .first()
    )
    if highlight is None:
        return
    for target in targets:
        cite(actor=ctx.secretariat, source=highlight, target=target)


def _approved(ctx: DemoContext, version: Any, decision: Any, publish: bool = True) -> None:
    services.version_transition(
        actor=ctx.secretariat, obj=version, name="approve", decision=decision, reason="Demo data"
    )
    if publish:
        services.version_transition(
            actor=ctx.secretariat, obj=version, name="publish", reason="Demo data"
        )


def load(ctx: DemoContext) -> None:
    sec = ctx.secretariat
    ssc, tabasc, tag, pma = (ctx.bodies[k] for k in ("ssc", "tabasc", "tag", "pma"))

    # Security Controls Framework and Agreed Interpretations (SSC)
    scf = services.document_create(
        actor=sec,
        owning_body=ssc,
        title="Security Controls Framework",
        short_name="SCF",
        description="Sets the type and frequency of User Security Assessments for each User "
        "role and the security obligations applicable to each User role.",
        reason="Demo data",
    )
    ai = services.document_create(
        actor=sec,
        owning_body=ssc,
        title="Agreed Interpretations",
        short_name="Agreed Interpretations",
        description="The SSC's agreed interpretations of the SEC security obligations, "
        "including what constitutes a SMETS1 ‘Appropriate Standard’.",
        reason="Demo data",
    )
    old_scf = services.version_create(
        actor=sec, document=scf, version="1.15", issued_on=d(2018, 11, 1), reason="Demo data"
    )
    _approved(
        ctx,
        old_scf,
        decision_for(
            ctx,
            "scf-v1.15",
            "ssc",
            d(2018, 10, 24),
            "approved",
            "The SSC approved the Security Controls Framework V1.15.",
        ),
    )
    old_ai = services.version_create(
        actor=sec, document=ai, version="1.6", issued_on=d(2018, 11, 1), reason="Demo data"
    )
    _approved(
        ctx,
        old_ai,
        decision_for(
            ctx,
            "ai-v1.6",
            "ssc",
            d(2018, 10, 24),
            "approved",
            "The SSC approved the Agreed Interpretations V1.6.",
        ),
    )
    scf_116 = services.version_create(
        actor=sec,
        document=scf,
        version="1.16",
        issued_on=d(2019, 4, 10),
        summary="Amendments for the Assessment type and frequency for Supplier Parties and "
        "Other Users; expanded security obligations applicable to each User role guide.",
        reason="Demo data",
    )
    ai_17 = services.version_create(
        actor=sec,
        document=ai,
        version="1.7",
        issued_on=d(2019, 4, 10),
        summary="Guidance on what constitutes a SMETS1 ‘Appropriate Standard’; obtaining SMKI "
        "Device Certificates only via Parties that have had a User Security Assessment.",
        reason="Demo data",
    )
    _approved(
        ctx,
        scf_116,
        decision_for(
            ctx,
            "scf-v1.16",
            "ssc",
            d(2019, 4, 10),
            "approved",
            "The SSC agreed and approved the Security Controls Framework V1.16.",
        ),
    )
    _approved(
        ctx,
        ai_17,
        decision_for(
            ctx,
            "ai-v1.7",
            "ssc",
            d(2019, 4, 10),
            "approved",
            "The SSC agreed and approved the Agreed Interpretations V1.7.",
        ),
    )
    cite_from_highlight(
        ctx, "ssc", "Security Controls Framework and Agreed Interpretations", scf_116, ai_17
    )

    # SMETS1 Security Architecture V1.4: the SSC's comments went to the DCC
    arch = services.document_create(
        actor=sec,
        owning_body=ssc,
        title="SMETS1 Security Architecture",
        short_name="SMETS1 Security Architecture",
        description="The DCC's security architecture for SMETS1 Services, reviewed by the SSC.",
        public_url="https://smartenergycodecompany.co.uk/smets1-security-architecture-document/",
        reason="Demo data",
    )
    arch_14 = services.version_create(
        actor=sec, document=arch, version="1.4", issued_on=d(2019, 3, 20), reason="Demo data"
    )
    services.version_transition(actor=sec, obj=arch_14, name="issue_for_review", reason="Demo")
    arch_review = services.consultation_create(
        actor=sec,
        owning_body=ssc,
        title="SSC review of the SMETS1 Security Architecture V1.4",
        kind="industry_review",
        document_version=arch_14,
        opens_on=d(2019, 3, 20),
        closes_on=d(2019, 4, 10),
        reason="Demo data",
    )
    for name in ("open", "close"):
        services.consultation_transition(actor=sec, obj=arch_review, name=name, reason="Demo")
    services.response_record(
        actor=sec,
        consultation=arch_review,
        respondent_name="Security Sub-Committee",
        received_on=d(2019, 4, 10),
        summary="Comments on key management for SMETS1 Devices and on XML Certificate "
        "Recovery, including how SEC Appendix L SMKI Recovery Procedures apply to SMETS1.",
        classification=A,
        reason="Demo data",
    )
    services.consultation_update(
        actor=sec,
        consultation=arch_review,
        outcome="The SSC's comments on the SMETS1 Security Architecture V1.4 were provided to "
        "the DCC.",
        reason="Demo data",
    )
    services.consultation_transition(actor=sec, obj=arch_review, name="conclude", reason="Demo")
    cite_from_highlight(ctx, "ssc", "SMETS1 Update", arch_14)

    # BAD and TAD with SMETS1 Services Release content, issued for industry review (TABASC)
    reviews = []
    for title, short, respondent in (
        ("Business Architecture Document", "BAD", "northwind"),
        ("Technical Architecture Document", "TAD", "fenland"),
    ):
        doc = services.document_create(
            actor=sec, owning_body=tabasc, title=title, short_name=short, reason="Demo data"
        )
        version = services.version_create(
            actor=sec,
            document=doc,
            version="2.0",
            summary="Updated with SMETS1 Services Release content.",
            reason="Demo data",
        )
        services.version_transition(
            actor=sec, obj=version, name="issue_for_review", on=d(2019, 4, 29), reason="Demo"
        )
        review = services.consultation_create(
            actor=sec,
            owning_body=tabasc,
            title=f"Industry review of the {short} (SMETS1 Services Release)",
            kind="industry_review",
            document_version=version,
            opens_on=d(2019, 4, 29),
            closes_on=d(2019, 5, 20),
            reason="Demo data",
        )
        services.consultation_transition(actor=sec, obj=review, name="open", reason="Demo")
        org = ctx.organisations.get(respondent)
        if org is not None:
            services.response_record(
                actor=sec,
                consultation=review,
                respondent=org,
                received_on=d(2019, 5, 1),
                summary="Early comments on SMETS1 enrolment and adoption flows.",
                classification=G,
                reason="Demo data",
            )
        reviews.append(review)
        ctx.objects[f"documents:{short.lower()}"] = doc
    cite_from_highlight(
        ctx,
        "tabasc",
        "SMETS1 Services Release Business Architecture Document (BAD) & Technical "
        "Architecture Document (TAD)",
        *reviews,
    )

    # November 2019 Release: a formal consultation on the Testing Approach Document (TAG)
    tad = services.document_create(
        actor=sec,
        owning_body=tag,
        title="November 2019 Release Testing Approach Document",
        short_name="Nov 19 Testing Approach",
        reason="Demo data",
    )
    tad_01 = services.version_create(
        actor=sec,
        document=tad,
        version="0.1",
        summary="First draft from the DCC; TAG will contribute to the formal consultation.",
        reason="Demo data",
    )
    tad_consultation = services.consultation_create(
        actor=sec,
        owning_body=tag,
        title="Consultation on the November 2019 Release Testing Approach Document",
        document_version=tad_01,
        closes_on=d(2019, 6, 14),
        reason="Demo data",
    )
    ctx.objects["documents:nov19-testing-approach"] = tad
    cite_from_highlight(ctx, "tag", "November 19 Release", tad_consultation)

    # SMKI PMA: the Recovery Procedure it owns
    services.document_create(
        actor=sec,
        owning_body=pma,
        title="SMKI Recovery Procedure",
        short_name="SMKI Recovery Procedure",
        description="SEC Appendix L: what the DCC, Parties, the SMKI PMA and the Panel do on a "
        "(suspected) Compromise of a Relevant Private Key, including periodic testing.",
        reason="Demo data",
    )
