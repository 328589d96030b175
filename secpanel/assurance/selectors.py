"""Reads of the assurance register, always through `visible_to(user)`.

The Panel-paper compiler calls `monthly_figures(user, month)` (sections 3.1–3.4 of the
Sub-Committee Report) and `appendix_rows(user, month)` (its confidential Appendix A).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Prefetch, QuerySet

from secpanel.accounts.types import Reader
from secpanel.assurance.models import (
    AssessmentOutcome,
    AssessmentType,
    DirectorsLetter,
    Finding,
    LetterStatus,
    OutcomeKind,
    ScheduleRule,
    SecUser,
    UserSecurityAssessment,
    add_months,
)
from secpanel.assurance.schedule import NoRuleError, ScheduleEntry, next_assessment
from secpanel.core.parents import attach_visible_parents


def sec_user_list(user: Reader) -> QuerySet[SecUser]:
    return SecUser.objects.visible_to(user).select_related("organisation", "owning_body")


def assessment_list(user: Reader) -> QuerySet[UserSecurityAssessment]:
    return UserSecurityAssessment.objects.visible_to(user).select_related(
        "sec_user__organisation", "owning_body"
    )


def outcome_list(user: Reader) -> QuerySet[AssessmentOutcome]:
    return AssessmentOutcome.objects.visible_to(user).select_related(
        "assessment__sec_user__organisation",
        "compliance_status",
        "decision__meeting__body",
        "owning_body",
    )


def finding_list(user: Reader) -> QuerySet[Finding]:
    return Finding.objects.visible_to(user).select_related(
        "assessment__sec_user__organisation", "owning_body"
    )


def letter_list(user: Reader) -> QuerySet[DirectorsLetter]:
    return DirectorsLetter.objects.visible_to(user).select_related(
        "sec_user__organisation", "assessment", "decision__meeting__body", "owning_body"
    )


def schedule_rules() -> list[ScheduleRule]:
    """The active schedule rules (public: they are the SCF's frequency table)."""
    return list(ScheduleRule.objects.filter(active=True))


def schedule(
    user: Reader, on: datetime.date, *, sec_user: SecUser | None = None
) -> list[ScheduleEntry]:
    """The next assessment each User `user` may see owes (or just `sec_user`), judged on `on`,
    by due date (undated last). Built only from the Users and assessments `user` may read."""
    rules = schedule_rules()
    users = sec_user_list(user)
    if sec_user is not None:
        users = users.filter(pk=sec_user.pk)
    users = users.prefetch_related(
        Prefetch("assessments", queryset=assessment_list(user), to_attr="visible_assessments")
    )
    entries: list[ScheduleEntry] = []
    for sec_user in users:
        try:
            entries.append(next_assessment(sec_user, sec_user.visible_assessments, rules, on))
        except NoRuleError:
            continue
    far = datetime.date.max
    return sorted(entries, key=lambda e: (e.due or far, e.sec_user.party_name))


def latest_month(user: Reader) -> datetime.date | None:
    """The first day of the latest month in which the SSC set an outcome or reviewed a
    Director's Letter that `user` may read (None when there is none)."""
    days = [
        outcome_list(user).order_by("-decided_on").values_list("decided_on", flat=True).first(),
        letter_list(user)
        .filter(reviewed_on__isnull=False)
        .order_by("-reviewed_on")
        .values_list("reviewed_on", flat=True)
        .first(),
    ]
    found = [d for d in days if d]
    return max(found).replace(day=1) if found else None


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First day of `month`'s month and first day of the next one."""
    first = month.replace(day=1)
    return first, add_months(first, 1)


@dataclass(frozen=True)
class MonthlyFigures:
    """What sections 3.1–3.4 of the Panel paper count for one reporting month, with the
    visible records each count came from (for provenance)."""

    month: datetime.date
    assurance_statuses_set: int
    verification_reviewed: int
    directors_letters_reviewed: int
    directors_letters_approved: int
    self_assessments_reviewed: int
    assurance_records: tuple[AssessmentOutcome, ...]
    verification_records: tuple[AssessmentOutcome, ...]
    directors_letter_records: tuple[DirectorsLetter, ...]
    self_assessment_records: tuple[AssessmentOutcome, ...]

    @property
    def any(self) -> bool:
        return bool(
            self.assurance_statuses_set
            or self.verification_reviewed
            or self.directors_letters_reviewed
            or self.self_assessments_reviewed
        )


def _outcomes_in(user: Reader, month: datetime.date) -> list[AssessmentOutcome]:
    first, after = month_bounds(month)
    return list(
        outcome_list(user)
        .filter(decided_on__gte=first, decided_on__lt=after)
        .order_by("decided_on", "id")
    )


def _letters_reviewed_in(user: Reader, month: datetime.date) -> list[DirectorsLetter]:
    first, after = month_bounds(month)
    return list(
        letter_list(user)
        .filter(reviewed_on__gte=first, reviewed_on__lt=after)
        .exclude(status=LetterStatus.RECEIVED)
        .order_by("reviewed_on", "id")
    )


def monthly_figures(user: Reader, month: datetime.date) -> MonthlyFigures:
    """The SSC's assurance figures for the month containing `month`, counting only records
    `user` may read: Assurance Statuses set; Verification assessments reviewed with a
    Compliance Status set; Director's Letters reviewed and approved; Self-Assessments
    reviewed. A record counts in the month of its SSC decision."""
    outcomes = _outcomes_in(user, month)
    assurance = tuple(o for o in outcomes if o.kind == OutcomeKind.ASSURANCE)
    verification = tuple(
        o
        for o in outcomes
        if o.kind == OutcomeKind.COMPLIANCE
        and o.assessment.assessment_type == AssessmentType.VERIFICATION
    )
    self_assessed = tuple(
        o
        for o in outcomes
        if o.kind == OutcomeKind.COMPLIANCE
        and o.assessment.assessment_type == AssessmentType.SELF_ASSESSMENT
    )
    letters = tuple(_letters_reviewed_in(user, month))
    return MonthlyFigures(
        month=month.replace(day=1),
        assurance_statuses_set=len(assurance),
        verification_reviewed=len(verification),
        directors_letters_reviewed=len(letters),
        directors_letters_approved=sum(1 for x in letters if x.status == LetterStatus.APPROVED),
        self_assessments_reviewed=len(self_assessed),
        assurance_records=assurance,
        verification_records=verification,
        directors_letter_records=letters,
        self_assessment_records=self_assessed,
    )


SECTION_ASSURANCE = "Assurance Status"
SECTION_VERIFICATION = "Verification User Security Assessment"
SECTION_LETTER = "Director's Letter"
SECTION_SELF = "Security Self-Assessment"
SECTIONS = (SECTION_ASSURANCE, SECTION_VERIFICATION, SECTION_LETTER, SECTION_SELF)


@dataclass(frozen=True)
class AppendixRow:
    """One line of the Panel paper's confidential Appendix A."""

    section: str
    party_name: str
    user_role: str
    assessment: str
    outcome: str
    findings: tuple[str, ...]
    decision_date: datetime.date
    meeting: str
    source: Any
    notify_panel: bool = False


def _findings_text(user: Reader, assessment_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for f in (
        finding_list(user).filter(assessment_id__in=assessment_ids).order_by("obligation", "id")
    ):
        found.setdefault(f.assessment_id, []).append(f"{f.obligation} – {f.description}")
    return found


def appendix_rows(user: Reader, month: datetime.date) -> list[AppendixRow]:
    """What Appendix A lists for the month: each Assurance Status set, each Verification
    assessment and Self-Assessment reviewed (with its findings) and each Director's Letter
    reviewed, in that section order then by date. Only records `user` may read: a row names
    the User, the assessment and the meeting of the decision only when `user` may read them
    too (a forward foreign key would read them whoever asks)."""
    figures = monthly_figures(user, month)
    outcomes = [
        *figures.assurance_records,
        *figures.verification_records,
        *figures.self_assessment_records,
    ]
    attach_visible_parents(
        user,
        outcomes,
        shown_assessment="assessment",
        shown_user="assessment__sec_user",
        shown_meeting="decision__meeting",
    )
    attach_visible_parents(
        user,
        figures.directors_letter_records,
        shown_assessment="assessment",
        shown_user="sec_user",
        shown_meeting="decision__meeting",
    )
    findings = _findings_text(user, [o.assessment_id for o in outcomes])
    rows: list[AppendixRow] = []
    for section, records in (
        (SECTION_ASSURANCE, figures.assurance_records),
        (SECTION_VERIFICATION, figures.verification_records),
    ):
        rows.extend(_outcome_row(section, o, findings) for o in records)
    for letter in figures.directors_letter_records:
        rows.append(
            AppendixRow(
                section=SECTION_LETTER,
                party_name=_party(letter.shown_user),
                user_role=_roles(letter.shown_user),
                assessment=letter.shown_assessment.label if letter.shown_assessment else "",
                outcome=letter.get_status_display(),
                findings=(),
                decision_date=cast("datetime.date", letter.reviewed_on),  # in the month
                meeting=str(letter.shown_meeting or ""),
                source=letter,
            )
        )
    rows.extend(_outcome_row(SECTION_SELF, o, findings) for o in figures.self_assessment_records)
    return rows


def _party(sec_user: SecUser | None) -> str:
    return sec_user.party_name if sec_user is not None else ""


def _roles(sec_user: SecUser | None) -> str:
    return ", ".join(sec_user.role_labels) if sec_user is not None else ""


def _outcome_row(
    section: str, outcome: AssessmentOutcome, findings: dict[int, list[str]]
) -> AppendixRow:
    a = outcome.shown_assessment
    return AppendixRow(
        section=section,
        party_name=_party(outcome.shown_user),
        user_role=_roles(outcome.shown_user),
        assessment=a.label if a is not None else "",
        outcome=outcome.outcome_text,
        findings=tuple(findings.get(outcome.assessment_id, [])),
        decision_date=outcome.decided_on,
        meeting=str(outcome.shown_meeting or ""),
        source=outcome,
        notify_panel=outcome.notify_panel,
    )


def panel_notifications(user: Reader) -> QuerySet[AssessmentOutcome]:
    """Outcomes the SSC must notify to the Panel (non-compliant or potentially)."""
    return outcome_list(user).filter(notify_panel=True)
