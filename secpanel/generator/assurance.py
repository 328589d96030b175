"""The SSC's assurance work at its meetings: User Security Assessments on a yearly cycle, their
reports, findings, responses and the outcomes the SSC sets, and Director's Letters.

At each SSC meeting, every assessment in progress moves on as far as its days allow (fieldwork
starts on its booked day and lasts five days, the report follows three to five weeks later,
the User responds to findings within a few weeks, the SSC sets the outcome at its first meeting
a fortnight after the report); every User whose last cycle assessment was about a year ago gets
the next one booked (a three-year cycle: a Full assessment, then a Verification, then a
Verification for a large Supplier or a Self-Assessment); a Director's Letter follows a
non-compliance two to three months after the outcome and the SSC reviews it. Everything names
a Party, so everything is RED (the services' default), distributed as its User is.
"""

from __future__ import annotations

import datetime

from secpanel.assurance import services
from secpanel.assurance.models import (
    AssessmentKind,
    AssessmentOutcome,
    AssessmentStatus,
    AssessmentType,
    DirectorsLetter,
    Finding,
    LetterStatus,
    SecUser,
    UserSecurityAssessment,
    add_months,
)
from secpanel.generator import words
from secpanel.generator.context import Run
from secpanel.generator.stored import stored
from secpanel.generator.writers import REASON
from secpanel.meetings.models import Meeting

ST = AssessmentStatus
IN_PROGRESS = (ST.BOOKED, ST.FIELDWORK, ST.REPORTED, ST.RESPONSE_RECEIVED)
DAY = datetime.timedelta(days=1)


def _key(a: UserSecurityAssessment) -> str:
    """An assessment's identity for its random streams (no database ids)."""
    return (
        f"{a.sec_user.organisation.name}:{a.assessment_type}:{a.kind}:{a.cycle_year}:"
        f"{a.booked_on or a.fieldwork_start}"
    )


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += DAY
    return day


def at_meeting(run: Run, meeting: Meeting) -> None:
    progress(run, meeting)
    book(run, meeting)
    letters(run, meeting)


def progress(run: Run, meeting: Meeting) -> None:
    day = meeting.date
    for a in (
        stored(UserSecurityAssessment)
        .filter(owning_body=meeting.body, status__in=IN_PROGRESS)
        .select_related("sec_user__organisation")
        .order_by("fieldwork_start", "booked_on", "id")
    ):
        key = _key(a)
        if a.status == ST.BOOKED:
            if a.fieldwork_start is None or a.fieldwork_start > day:
                continue
            a = services.assessment_transition(
                actor=run.actor, obj=a, name="start_fieldwork", on=a.fieldwork_start, reason=REASON
            )
        if a.status == ST.FIELDWORK:
            start = a.fieldwork_start or day
            end = a.fieldwork_end or _weekday(start + 4 * DAY)
            report = _weekday(end + run.rng("assessment", key, "report").randint(21, 35) * DAY)
            if report > day:
                continue
            if a.fieldwork_end is None:
                a = services.assessment_update(
                    actor=run.actor,
                    assessment=a,
                    fieldwork_end=end,
                    response_due=report + 28 * DAY,
                    reason=REASON,
                )
            a = services.assessment_transition(
                actor=run.actor, obj=a, name="issue_report", on=report, reason=REASON
            )
            _findings(run, a, key, report)
            run.counts["assessment reports"] += 1
        has_findings = stored(Finding).filter(assessment=a).exists()
        report_on = a.report_on or day
        if a.status == ST.REPORTED and has_findings:
            response = report_on + run.rng("assessment", key, "response").randint(10, 25) * DAY
            if response <= day:
                a = services.assessment_transition(
                    actor=run.actor, obj=a, name="receive_response", on=response, reason=REASON
                )
        if a.status in (ST.REPORTED, ST.RESPONSE_RECEIVED) and report_on + 14 * DAY <= day:
            _outcome(run, meeting, a, key, has_findings)


def _findings(run: Run, a: UserSecurityAssessment, key: str, report: datetime.date) -> None:
    rng = run.rng("assessment", key, "findings")
    if rng.random() >= 0.3:
        return
    for obligation in rng.sample(words.OBLIGATIONS, rng.choice((1, 1, 2))):
        services.finding_create(
            actor=run.actor,
            assessment=a,
            obligation=obligation,
            description=rng.choice(words.FINDINGS),
            potential=rng.random() < 0.5,
            remediation_due=report + rng.randint(90, 150) * DAY,
            reason=REASON,
        )
        run.counts["findings"] += 1


def _outcome(
    run: Run, meeting: Meeting, a: UserSecurityAssessment, key: str, has_findings: bool
) -> None:
    rng = run.rng("assessment", key, "outcome")
    if a.sets_assurance_status:
        if has_findings:
            due = add_months(meeting.date, 4)
            services.outcome_set(
                actor=run.actor,
                assessment=a,
                meeting=meeting,
                assurance_status="approved_subject_to",
                conditions=f"the Party completing its Remediation Plan by {due:%-d %B %Y}",
                reason=REASON,
            )
        else:
            services.outcome_set(
                actor=run.actor,
                assessment=a,
                meeting=meeting,
                assurance_status="approved",
                reason=REASON,
            )
    else:
        potential_only = not stored(Finding).filter(assessment=a, potential=False).exists()
        if not has_findings:
            status = "compliant"
        elif potential_only or rng.random() < 0.3:
            status = "potentially-non-compliant"
        else:
            status = "non-compliant"
        services.outcome_set(
            actor=run.actor,
            assessment=a,
            meeting=meeting,
            compliance_status=status,
            reason=REASON,
        )
    run.counts["assessment outcomes"] += 1


def _cycle(user: SecUser, year: int) -> str:
    if year == 1:
        return AssessmentType.FULL
    large = user.domestic_premises > 250_000 or user.non_domestic_premises > 50_000
    if year == 2 or large:
        return AssessmentType.VERIFICATION
    return AssessmentType.SELF_ASSESSMENT


def book(run: Run, meeting: Meeting) -> None:
    """Book each User's next cycle assessment about ten weeks before it is due."""
    day = meeting.date
    for user in (
        stored(SecUser)
        .filter(owning_body=meeting.body)
        .select_related("organisation")
        .order_by("organisation__name", "id")
    ):
        cycle = (
            stored(UserSecurityAssessment)
            .filter(sec_user=user)
            .exclude(kind=AssessmentKind.AD_HOC)
            .exclude(status=ST.CANCELLED)
        )
        if cycle.filter(status__in=IN_PROGRESS).exists():
            continue
        last = cycle.exclude(fieldwork_start=None).order_by("-fieldwork_start", "-id").first()
        if last is None or last.fieldwork_start is None:
            continue
        due = add_months(last.fieldwork_start, 12)
        if due - 70 * DAY > day:
            continue
        year = (last.cycle_year or 1) % 3 + 1
        start = _weekday(max(due, day + 28 * DAY))
        services.assessment_create(
            actor=run.actor,
            sec_user=user,
            assessment_type=_cycle(user, year),
            kind=AssessmentKind.ANNUAL,
            cycle_year=year,
            booked_on=day,
            fieldwork_start=start,
            reason=REASON,
        )
        run.counts["assessments booked"] += 1


def letters(run: Run, meeting: Meeting) -> None:
    """A Director's Letter follows a notified outcome; the SSC reviews letters received."""
    day = meeting.date
    for outcome in (
        stored(AssessmentOutcome)
        .filter(owning_body=meeting.body, notify_panel=True, decided_on__lt=day)
        .select_related("assessment__sec_user__organisation")
        .order_by("decided_on", "id")
    ):
        a = outcome.assessment
        if (
            stored(DirectorsLetter)
            .filter(sec_user=a.sec_user, received_on__gt=outcome.decided_on)
            .exists()
        ):
            continue
        rng = run.rng("letter", _key(a))
        received = _weekday(outcome.decided_on + rng.randint(45, 100) * DAY)
        if received > day - 7 * DAY:
            continue
        services.letter_create(
            actor=run.actor,
            sec_user=a.sec_user,
            received_on=received,
            assessment=a,
            summary="Confirms the actions taken under the Remediation Plan agreed after the "
            "assessment.",
            reason=REASON,
        )
        run.counts["director's letters"] += 1
    for letter in (
        stored(DirectorsLetter)
        .filter(
            owning_body=meeting.body, status=LetterStatus.RECEIVED, received_on__lte=day - 7 * DAY
        )
        .select_related("sec_user__organisation")
        .order_by("received_on", "id")
    ):
        approved = (
            run.rng("letter review", letter.sec_user.organisation.name, letter.received_on).random()
            < 0.85
        )
        services.letter_review(
            actor=run.actor, letter=letter, approved=approved, meeting=meeting, reason=REASON
        )
        run.counts["director's letters reviewed"] += 1
        if not approved:
            continue
        for finding in (
            stored(Finding)
            .filter(assessment__sec_user=letter.sec_user, closed_on=None)
            .order_by("id")
        ):
            services.finding_close(
                actor=run.actor,
                finding=finding,
                closed_on=day,
                reason="Remediation confirmed by the approved Director's Letter",
            )
