"""What security assurance gives the Panel paper (`core.paper`): the "assurance" block, the
Security Sub-Committee's monthly figures (Assurance statuses set, Verification assessments,
Director's Letters, Self-Assessments) in the public body, and the RED Appendix A that names
the Users, for the Panel edition only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from secpanel.assurance.selectors import appendix_rows, monthly_figures
from secpanel.core import paper
from secpanel.core.paper import PaperContext, Phrase

paper.register_phrases(
    {
        "assurance.statuses.heading": Phrase("Assurance Status Decisions"),
        "assurance.statuses": Phrase(
            "The {body} ({short}) set {n_words} Assurance statuses in {month}. Details can be "
            "found in confidential Appendix A.",
            one="The {body} ({short}) set one Assurance status in {month}. Details can be found "
            "in confidential Appendix A.",
            zero="The {body} ({short}) set no Assurance statuses in {month}.",
        ),
        "assurance.verification.heading": Phrase("Verification Assessments"),
        "assurance.verification.intro": Phrase(
            "As part of their wider obligations, the {short} review the outcomes of Verification "
            "User Security Assessments. If the {short} believe that a User is non-compliant, or "
            "potentially non-compliant, with obligations contained in SEC Sections G3-G6, then "
            "they will notify the Panel."
        ),
        "assurance.verification": Phrase(
            "During {month}, the {short} reviewed {n_words} Verification User Security "
            "Assessments (VUSAs) in which Compliance Status’ were set. Details of the VUSAs can "
            "be found in confidential Appendix A.",
            one="During {month}, the {short} reviewed one Verification User Security Assessment "
            "(VUSAs) in which Compliance Status’ were set. Details of the VUSAs can be found in "
            "confidential Appendix A.",
            zero="No Verification User Security Assessments were reviewed by the {short} in "
            "{month}.",
        ),
        "assurance.letters.heading": Phrase("Director Letters"),
        "assurance.letters": Phrase(
            "The {short} reviewed {n_words} Director’s Letters in {month} {outcome} and can be "
            "found in confidential Appendix A.",
            one="The {short} reviewed one Director’s Letter in {month} {outcome} and can be "
            "found in confidential Appendix A.",
            zero="No Director’s Letters were reviewed by the {short} in {month}.",
        ),
        "assurance.letters.all_approved": Phrase("which were approved", one="which was approved"),
        "assurance.letters.some_approved": Phrase(
            "of which {n_words} were approved",
            one="of which one was approved",
            zero="of which none were approved",
        ),
        "assurance.appendix.compliant_title": Phrase(
            "User Security Assessments",
            help="Appendix A's title in a month when no row is a (potential) non-compliance; "
            "otherwise the configuration's appendix title is used.",
        ),
        "assurance.self_assessments.heading": Phrase("Security Self-Assessments"),
        "assurance.self_assessments": Phrase(
            "The {short} reviewed {n_words} Security Self-Assessments in {month}. Details can be "
            "found in confidential Appendix A.",
            one="The {short} reviewed one Security Self-Assessment in {month}. Details can be "
            "found in confidential Appendix A.",
            zero="No Security Self-Assessments were reviewed by the {short} in {month}.",
        ),
    }
)

APPENDIX_HEADER = ["Party", "User Role", "Assessment", "Outcome", "Findings", "Decided"]


@paper.register_block(
    "assurance", "Security assurance figures (assurance, VUSA, letters, SSA) and Appendix A"
)
def assurance_block(ctx: PaperContext, rb: Any) -> None:
    body = rb.body
    f = monthly_figures(ctx.actor, ctx.period_start)
    names = {"body": body.name, "short": body.short_name}

    def srcs(records: Iterable[models.Model]) -> list[Any]:
        return [ctx.source(r) for r in records]

    ctx.add("heading2", ctx.say("assurance.statuses.heading"), key="asr-h")
    ctx.add(
        "paragraph",
        ctx.say("assurance.statuses", f.assurance_statuses_set, **names),
        sources=srcs(f.assurance_records),
        key="asr",
    )

    ctx.add("heading2", ctx.say("assurance.verification.heading"), key="vusa-h")
    ctx.add("paragraph", ctx.say("assurance.verification.intro", **names), key="vusa-intro")
    ctx.add(
        "paragraph",
        ctx.say("assurance.verification", f.verification_reviewed, **names),
        sources=srcs(f.verification_records),
        key="vusa",
    )

    ctx.add("heading2", ctx.say("assurance.letters.heading"), key="dl-h")
    n, approved = f.directors_letters_reviewed, f.directors_letters_approved
    outcome = (
        ctx.say("assurance.letters.all_approved", n)
        if approved == n
        else ctx.say("assurance.letters.some_approved", approved)
    )
    ctx.add(
        "paragraph",
        ctx.say("assurance.letters", n, outcome=outcome, **names),
        sources=srcs(f.directors_letter_records),
        key="dl",
    )

    ctx.add("heading2", ctx.say("assurance.self_assessments.heading"), key="ssa-h")
    ctx.add(
        "paragraph",
        ctx.say("assurance.self_assessments", f.self_assessments_reviewed, **names),
        sources=srcs(f.self_assessment_records),
        key="ssa",
    )

    by_section: dict[str, list[tuple[list[str], models.Model]]] = {}
    appendix = appendix_rows(ctx.actor, ctx.period_start)
    if appendix and not any(r.notify_panel for r in appendix):
        # the title follows what the appendix holds: no "Identified Non-Compliances" over
        # compliant rows
        ctx.appendix_title = ctx.say("assurance.appendix.compliant_title")
    for r in appendix:
        cells = [
            r.party_name,
            r.user_role,
            r.assessment,
            r.outcome,
            "; ".join(finding.rstrip(".") for finding in r.findings) or "None",
            r.meeting or ctx.long_date(r.decision_date),
        ]
        by_section.setdefault(r.section, []).append((cells, r.source))
    for section, rows in by_section.items():
        ctx.add_appendix_table(section, APPENDIX_HEADER, rows)
