"""The assessment schedule: which assessment each User owes next and by when.

Pure functions over rows already read through `visible_to(user)`; the rules are data
(`ScheduleRule`, seeded from SCF Part 1 §4.3 by a data migration).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from secpanel.assurance.models import (
    ASSESSMENT_ABBREVIATION,
    AssessmentKind,
    AssessmentStatus,
    AssessmentType,
    ScheduleRule,
    SecUser,
    UserSecurityAssessment,
    add_months,
)
from secpanel.core.classification import Classification

CYCLE_KINDS = (AssessmentKind.INITIAL, AssessmentKind.ANNUAL)


class NoRuleError(LookupError):
    """No active schedule rule matches a User's cycle year, category and size."""


@dataclass(frozen=True)
class ScheduleEntry:
    """The next assessment one User owes."""

    sec_user: SecUser
    cycle_year: int
    assessment_type: str
    due: datetime.date | None
    rule: ScheduleRule | None
    last: UserSecurityAssessment | None
    booked: UserSecurityAssessment | None
    state: str  # "overdue" | "upcoming" | "booked" | "not_scheduled"
    classification: Classification
    late: bool = False  # the due date has passed (booked or not)

    @property
    def abbreviation(self) -> str:
        return ASSESSMENT_ABBREVIATION[AssessmentType(self.assessment_type)]

    @property
    def label(self) -> str:
        return f"{self.abbreviation}, year {self.cycle_year}"


def cycle_length(rules: Sequence[ScheduleRule]) -> int:
    return max((r.cycle_year for r in rules if r.active), default=3)


def rule_for(
    rules: Sequence[ScheduleRule],
    cycle_year: int,
    party_category: str,
    domestic: int,
    non_domestic: int,
) -> ScheduleRule:
    """The first active rule (by position) for that cycle year that matches the User."""
    for rule in sorted(rules, key=lambda r: (r.cycle_year, r.position, r.pk or 0)):
        if (
            rule.active
            and rule.cycle_year == cycle_year
            and rule.matches(party_category, domestic, non_domestic)
        ):
            return rule
    raise NoRuleError(f"No schedule rule for year {cycle_year} and category {party_category}.")


def next_assessment(
    sec_user: SecUser,
    assessments: Iterable[UserSecurityAssessment],
    rules: Sequence[ScheduleRule],
    on: datetime.date,
) -> ScheduleEntry:
    """What `sec_user` owes next, judged on `on`, from its (visible) cycle assessments.

    The last cycle assessment whose fieldwork has ended sets the year: the next year of the
    cycle follows it (after the last year, year 1 again), due within the rule's months of that
    fieldwork end. With none, the User owes its year 1 (initial Full) assessment, with no date.
    An open (not cancelled, fieldwork not ended) assessment of that year means it is booked.
    """
    in_cycle = [
        a
        for a in assessments
        if a.kind in CYCLE_KINDS and a.cycle_year and a.status != AssessmentStatus.CANCELLED
    ]
    done = sorted(
        (a for a in in_cycle if a.fieldwork_end and a.fieldwork_end <= on),
        key=lambda a: (a.fieldwork_end, a.pk or 0),
    )
    last = done[-1] if done else None
    length = cycle_length(rules)
    # `in_cycle` has a cycle year and `done` a fieldwork end
    year = 1 if last is None else cast("int", last.cycle_year) % length + 1
    category = sec_user.organisation.party_category
    rule = rule_for(
        rules, year, category, sec_user.domestic_premises, sec_user.non_domestic_premises
    )
    due = add_months(cast("datetime.date", last.fieldwork_end), rule.due_months) if last else None
    after = last.fieldwork_end if last else None
    booked = next(
        (
            a
            for a in sorted(in_cycle, key=lambda a: (a.fieldwork_start or on, a.pk or 0))
            if a.cycle_year == year
            and a is not last
            and (a.fieldwork_end is None or a.fieldwork_end > on)
            and (after is None or (a.fieldwork_start or a.booked_on or on) >= after)
        ),
        None,
    )
    if booked is not None:
        state = "booked"
    elif due is None:
        state = "not_scheduled"
    elif due < on:
        state = "overdue"
    else:
        state = "upcoming"
    levels = [sec_user.classification] + [a.classification for a in (last, booked) if a]
    return ScheduleEntry(
        sec_user=sec_user,
        cycle_year=year,
        assessment_type=rule.assessment_type,
        due=due,
        rule=rule,
        last=last,
        booked=booked,
        state=state,
        classification=Classification.high_water(levels),
        late=bool(due and due < on),
    )


@dataclass(frozen=True)
class MonthBar:
    """One month of the schedule chart."""

    month: datetime.date
    overdue: int
    upcoming: int
    booked: int

    @property
    def total(self) -> int:
        return self.overdue + self.upcoming + self.booked


def by_month(entries: Iterable[ScheduleEntry], start: datetime.date, months: int) -> list[MonthBar]:
    """Entries counted by the month they are due in, for `months` months from `start`."""
    first = start.replace(day=1)
    keys = [add_months(first, i) for i in range(months)]
    counts = {k: {"overdue": 0, "upcoming": 0, "booked": 0} for k in keys}
    for e in entries:
        if e.due is None:
            continue
        key = e.due.replace(day=1)
        if key in counts and e.state in counts[key]:
            counts[key][e.state] += 1
    return [MonthBar(month=k, **counts[k]) for k in keys]
