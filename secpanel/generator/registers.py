"""The other registers at their bodies' meetings: the Ops Group's Major Incidents, DCC
performance reviews and forecasting returns; the SMKI PMA's recovery exercises and their key
custodians; documents, their versions and industry reviews (SSC, TABASC, TAG); TAG's release
programmes, test phases, exit criteria and Device Model Combinations.

Each function moves what is already stored on as far as the meeting's day allows, then adds
what the month brings; what it adds is found again by a natural key (an incident's reference,
a review's month, a programme's name), so a second run adds nothing.
"""

from __future__ import annotations

import datetime

from secpanel.core.classification import Classification
from secpanel.core.services import classified_update
from secpanel.documents import services as documents
from secpanel.documents.models import (
    Consultation,
    ConsultationStatus,
    ControlledDocument,
    DocumentVersion,
    VersionStatus,
)
from secpanel.generator import calendar, words
from secpanel.generator.context import Run
from secpanel.generator.meetings import add_item
from secpanel.generator.stored import stored
from secpanel.generator.writers import REASON
from secpanel.meetings.models import Decision, Meeting
from secpanel.meetings.services import decision_record
from secpanel.operations import services as operations
from secpanel.operations.models import (
    ForecastingReturn,
    MajorIncident,
    PerformanceReview,
    PerformanceStatus,
    ReturnStatus,
    ReviewStatus,
)
from secpanel.programmes import services as programmes
from secpanel.programmes.models import (
    CriterionStatus,
    DeviceModelCombination,
    DmcStatus,
    ExitCriterion,
    PhaseStatus,
    Programme,
    TestPhase,
)
from secpanel.smki import services as smki
from secpanel.smki.models import ExerciseStatus, KeyCustodian, NotificationStatus, RecoveryExercise

W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED
DAY = datetime.timedelta(days=1)


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += DAY
    return day


def _decide(run: Run, meeting: Meeting, title: str, text: str, verb: str = "agreed") -> Decision:
    item = add_item(run, meeting, title)
    return decision_record(
        actor=run.actor,
        owning_body=meeting.body,
        meeting=meeting,
        agenda_item=item,
        verb=verb,
        text=text,
        classification=W,
        reason=REASON,
    )


# --- Operations Group ------------------------------------------------------------------------


def ops_meeting(run: Run, meeting: Meeting) -> None:
    day, body = meeting.date, meeting.body
    for incident in (
        stored(MajorIncident)
        .filter(owning_body=body, occurred_on__lt=day)
        .exclude(review_status=ReviewStatus.CLOSED)
        .order_by("occurred_on", "id")
    ):
        status = incident.review_status
        if status == ReviewStatus.REVIEWED:  # at an earlier meeting
            operations.incident_transition(
                actor=run.actor, obj=incident, name="close", reason=REASON
            )
            continue
        if status == ReviewStatus.PIR_REQUESTED:
            incident = operations.incident_transition(
                actor=run.actor, obj=incident, name="receive_pir", reason=REASON
            )
        if incident.review_status in (ReviewStatus.OPEN, ReviewStatus.PIR_RECEIVED):
            if not incident.review_notes:
                incident = classified_update(
                    actor=run.actor,
                    instance=incident,
                    changes={
                        "review_notes": "The Ops Group reviewed the Post Incident Report and "
                        "agreed the DCC's actions to prevent a recurrence."
                    },
                    reason=REASON,
                )
            operations.incident_transition(
                actor=run.actor, obj=incident, name="review", on=day, reason=REASON
            )
            run.counts["incident reviews"] += 1
    _new_incidents(run, meeting)
    _performance(run, meeting)
    _forecasts(run, meeting)


def _new_incidents(run: Run, meeting: Meeting) -> None:
    day = meeting.date
    rng = run.rng("incidents", day)
    since = calendar.add_months(day, -1)
    for n in range(rng.choice((0, 1, 1, 2))):
        reference = f"DCC-MI-{day:%Y}-{day.month * 10 + n + 1:03d}"
        if stored(MajorIncident).filter(reference=reference).exists():
            continue
        occurred = since + rng.randint(1, max(1, (day - since).days - 3)) * DAY
        title = rng.choice(words.INCIDENT_TITLES)
        if "connectivity" in title:
            title = f"{title}, {rng.choice(words.REGIONS)}"
        level = rng.choices((A, G, W), weights=(60, 25, 15))[0]
        incident = operations.incident_create(
            actor=run.actor,
            owning_body=meeting.body,
            reference=reference,
            title=title,
            occurred_on=occurred,
            resolved_on=occurred + rng.randint(0, 2) * DAY,
            summary="The DCC restored the service and is investigating the cause.",
            classification=level,
            distribution=[],
            reason=REASON,
        )
        operations.incident_transition(
            actor=run.actor, obj=incident, name="request_pir", reason=REASON
        )
        run.counts["major incidents"] += 1


def _performance(run: Run, meeting: Meeting) -> None:
    """The DCC's report for the month before last arrived mid last month: reviewed now."""
    day, body = meeting.date, meeting.body
    period = calendar.add_months(day.replace(day=1), -2)
    if not stored(PerformanceReview).filter(owning_body=body, period=period).exists():
        rng = run.rng("performance", period)
        below = rng.choice((0, 0, 1, 1, 2, 3))
        operations.performance_review_create(
            actor=run.actor,
            owning_body=body,
            period=period,
            report_ref=f"DCC Performance Report, {period:%B %Y}",
            received_on=calendar.add_months(period, 1).replace(day=15),
            measures_below_target=below,
            summary=f"{below} Code Performance Measures were below target."
            if below
            else "Every Code Performance Measure met its target.",
            classification=G,
            reason=REASON,
        )
        run.counts["performance reviews"] += 1
    for review in (
        stored(PerformanceReview)
        .filter(
            owning_body=body,
            period__lte=period,
            status__in=(PerformanceStatus.RECEIVED, PerformanceStatus.UNDER_REVIEW),
        )
        .order_by("period", "id")
    ):
        operations.performance_review_transition(
            actor=run.actor, obj=review, name="complete_review", reason=REASON
        )


def _forecasts(run: Run, meeting: Meeting) -> None:
    """Quarterly Service Request forecasts: due mid-quarter, received (or late) by the next."""
    day, body = meeting.date, meeting.body
    for ret in (
        stored(ForecastingReturn)
        .filter(owning_body=body, status__in=(ReturnStatus.DUE, ReturnStatus.LATE), due_on__lt=day)
        .order_by("due_on", "id")
    ):
        rng = run.rng("forecast", ret.party.name, ret.period)
        if ret.status == ReturnStatus.DUE and rng.random() < 0.2:
            operations.forecast_transition(
                actor=run.actor, obj=ret, name="mark_late", reason=REASON
            )
        else:
            on = ret.due_on - rng.randint(0, 5) * DAY if ret.status == ReturnStatus.DUE else day
            operations.forecast_transition(
                actor=run.actor, obj=ret, name="receive", on=on, reason=REASON
            )
    if day.month not in (1, 4, 7, 10):
        return
    period = calendar.add_months(day.replace(day=1), 3)
    parties = sorted(
        (o for o in run.organisations.values() if o.party_category in PARTIES),
        key=lambda o: o.name,
    )
    rng = run.rng("forecasts", period)
    for party in rng.sample(parties, min(2, len(parties))):
        if stored(ForecastingReturn).filter(owning_body=body, party=party, period=period).exists():
            continue
        operations.forecast_create(
            actor=run.actor,
            owning_body=body,
            party=party,
            period=period,
            due_on=_weekday(day.replace(day=15)),
            notes=f"Service Request volume forecast from {period:%B %Y}.",
            classification=A,
            reason=REASON,
        )
        run.counts["forecasting returns"] += 1


PARTIES = ("large_supplier", "small_supplier", "electricity_network", "gas_network")


# --- SMKI PMA --------------------------------------------------------------------------------


def pma_meeting(run: Run, meeting: Meeting) -> None:
    day, body = meeting.date, meeting.body
    for exercise in (
        stored(RecoveryExercise)
        .filter(owning_body=body, status__in=(ExerciseStatus.PROPOSED, ExerciseStatus.SCHEDULED))
        .order_by("planned_date", "id")
    ):
        if exercise.status == ExerciseStatus.PROPOSED:
            if exercise.planned_date is None or exercise.planned_date <= day:
                exercise = classified_update(
                    actor=run.actor,
                    instance=exercise,
                    changes={"planned_date": _weekday(day + 45 * DAY)},
                    reason="Moved: the exercise could not be held on its planned date.",
                )
            assert exercise.planned_date is not None
            if exercise.planned_date - 75 * DAY <= day:
                exercise = smki.exercise_transition(
                    actor=run.actor, obj=exercise, name="schedule", reason=REASON
                )
        if exercise.status != ExerciseStatus.SCHEDULED:
            continue
        for custodian in stored(KeyCustodian).filter(exercise=exercise).order_by("name", "id"):
            if custodian.notification == NotificationStatus.PENDING:
                smki.custodian_transition(
                    actor=run.actor, obj=custodian, name="notify", on=day, reason=REASON
                )
            elif (
                custodian.notification == NotificationStatus.NOTIFIED
                and (custodian.notified_on or day) < day
            ):
                smki.custodian_transition(
                    actor=run.actor, obj=custodian, name="confirm", reason=REASON
                )
        if exercise.planned_date is not None and exercise.planned_date < day:
            exercise = classified_update(
                actor=run.actor,
                instance=exercise,
                changes={
                    "outcome": "The Recovery Procedure was exercised as planned; the DCC will "
                    "report the lessons learned to the SMKI PMA."
                },
                reason=REASON,
            )
            smki.exercise_transition(
                actor=run.actor, obj=exercise, name="record_held", reason=REASON
            )
            run.counts["recovery exercises held"] += 1
    _new_exercise(run, meeting)


def _new_exercise(run: Run, meeting: Meeting) -> None:
    """Each year's exercise, proposed at the PMA's first meetings of the year."""
    day = meeting.date
    if day.year < 2020 or day.month > 3:
        return
    title = f"SMKI recovery exercise {day.year}"
    if stored(RecoveryExercise).filter(owning_body=meeting.body, title=title).exists():
        return
    live = day.year % 2 == 0
    exercise = smki.exercise_create(
        actor=run.actor,
        owning_body=meeting.body,
        title=title,
        planned_date=_weekday(datetime.date(day.year, 9, 15)),
        date_is_estimate=True,
        environment="live" if live else "test",
        scope="The DCC's exercise of the SMKI Recovery Procedure (SEC Appendix L) in the "
        f"{'live' if live else 'test'} environment.",
        classification=W,
        reason=REASON,
    )
    first = (day.year * 2) % len(words.CUSTODIANS)
    for k in range(2):
        name, organisation, role = words.CUSTODIANS[(first + k) % len(words.CUSTODIANS)]
        smki.custodian_add(
            actor=run.actor,
            exercise=exercise,
            name=name,
            organisation=organisation,
            role=role,
            distribution=run.red_distribution(),
            reason=REASON,
        )
    run.counts["recovery exercises"] += 1


# --- documents and consultations -------------------------------------------------------------


def consultations(run: Run, meeting: Meeting) -> None:
    """The body's reviews and consultations move on: opened, closed with the responses, the
    outcome recorded and the version approved (a decision of this meeting) and published."""
    day, body = meeting.date, meeting.body
    for c in (
        stored(Consultation)
        .filter(
            owning_body=body,
            status__in=(
                ConsultationStatus.PLANNED,
                ConsultationStatus.OPEN,
                ConsultationStatus.CLOSED,
            ),
        )
        .select_related("document_version__document")
        .order_by("closes_on", "id")
    ):
        if c.status == ConsultationStatus.PLANNED:
            if c.opens_on is not None and c.opens_on > day:
                continue
            if c.opens_on is None:
                c = documents.consultation_update(
                    actor=run.actor, consultation=c, opens_on=min(day, c.closes_on), reason=REASON
                )
            c = documents.consultation_transition(
                actor=run.actor, obj=c, name="open", reason=REASON
            )
        if c.status == ConsultationStatus.OPEN:
            if c.closes_on >= day:
                continue
            _responses(run, c)
            c = documents.consultation_transition(
                actor=run.actor, obj=c, name="close", reason=REASON
            )
        c = documents.consultation_update(
            actor=run.actor,
            consultation=c,
            outcome=c.outcome
            or f"The {body.short_name} considered the responses and agreed the changes.",
            reason=REASON,
        )
        documents.consultation_transition(actor=run.actor, obj=c, name="conclude", reason=REASON)
        run.counts["consultations concluded"] += 1
        version = c.document_version
        if version is not None and version.status in (
            VersionStatus.DRAFT,
            VersionStatus.ISSUED_FOR_REVIEW,
            VersionStatus.IN_CONSULTATION,
        ):
            _approve(run, meeting, version)


def _responses(run: Run, c: Consultation) -> None:
    rng = run.rng("responses", c.title)
    parties = sorted(run.organisations.values(), key=lambda o: o.name)
    start = c.opens_on or c.closes_on
    for party in rng.sample(parties, min(len(parties), rng.randint(1, 3))):
        documents.response_record(
            actor=run.actor,
            consultation=c,
            respondent=party,
            received_on=start + rng.randint(0, max(0, (c.closes_on - start).days)) * DAY,
            summary="Comments on the proposed changes and their timing.",
            classification=rng.choice((G, A)),
            reason=REASON,
        )
        run.counts["consultation responses"] += 1


def _approve(run: Run, meeting: Meeting, version: DocumentVersion) -> None:
    document = version.document
    decision = _decide(
        run,
        meeting,
        f"{document.label} V{version.version} for approval",
        f"The {meeting.body.short_name} approved the {document.title} V{version.version}.",
        verb="approved",
    )
    version = documents.version_transition(
        actor=run.actor, obj=version, name="approve", decision=decision, reason=REASON
    )
    documents.version_transition(actor=run.actor, obj=version, name="publish", reason=REASON)
    run.counts["document versions approved"] += 1


def _bump(version: str, major: bool) -> str:
    parts = [int(p) for p in version.split(".")] + [0]
    if major:
        return f"{parts[0] + 1}.0"
    return f"{parts[0]}.{parts[1] + 1}"


def _latest(document: ControlledDocument) -> DocumentVersion | None:
    return stored(DocumentVersion).filter(document=document).order_by("-id").first()


#: (body, month, document title, major version?, with an industry review?)
YEARLY = [
    ("ssc", 4, "Agreed Interpretations", False, False),
    ("ssc", 10, "Security Controls Framework", False, False),
    ("tabasc", 3, "Business Architecture Document", True, True),
    ("tabasc", 3, "Technical Architecture Document", True, True),
]


def yearly_versions(run: Run, meeting: Meeting, code: str) -> None:
    """The documents a body revises every year, at its first meeting of that month."""
    day = meeting.date
    first = [s for s in calendar.slots_in(day.replace(day=1), run.holidays) if s.body == code]
    if not first or first[0].day != day:
        return
    for body, month, title, major, review in YEARLY:
        if body != code or month != day.month:
            continue
        document = stored(ControlledDocument).filter(owning_body=meeting.body, title=title).first()
        if document is None:
            continue
        latest = _latest(document)
        if latest is not None and latest.issued_on and latest.issued_on >= day.replace(day=1):
            continue  # this year's is there
        number = _bump(latest.version if latest else "1.0", major)
        version = documents.version_create(
            actor=run.actor,
            document=document,
            version=number,
            issued_on=day,
            summary=f"The {day.year} revision.",
            reason=REASON,
        )
        run.counts["document versions"] += 1
        if not review:
            _approve(run, meeting, version)
            continue
        documents.version_transition(
            actor=run.actor, obj=version, name="issue_for_review", on=day, reason=REASON
        )
        review_of = documents.consultation_create(
            actor=run.actor,
            owning_body=meeting.body,
            title=f"Industry review of the {document.label} V{number}",
            kind="industry_review",
            document_version=version,
            opens_on=day,
            closes_on=_weekday(day + 21 * DAY),
            reason=REASON,
        )
        documents.consultation_transition(
            actor=run.actor, obj=review_of, name="open", reason=REASON
        )
        run.counts["consultations opened"] += 1


# --- TAG: release programmes, test phases, Device Model Combinations -------------------------

#: (phase, months before the release it starts, months before it ends)
PHASES = [("sit", 6, 3), ("uit", 3, 1)]


def tag_meeting(run: Run, meeting: Meeting) -> None:
    _phases(run, meeting)
    _dmcs(run, meeting)
    _programmes(run, meeting)


def _phases(run: Run, meeting: Meeting) -> None:
    day = meeting.date
    for phase in (
        stored(TestPhase)
        .filter(owning_body=meeting.body)
        .exclude(status=PhaseStatus.COMPLETE)
        .select_related("programme")
        .order_by("planned_start", "id")
    ):
        start, end = phase.planned_start, phase.planned_end
        if phase.status == PhaseStatus.EXIT_CRITERIA_MET:
            programmes.phase_transition(actor=run.actor, obj=phase, name="complete", reason=REASON)
            continue
        if phase.status == PhaseStatus.PLANNED:
            if start is None or start > day:
                continue
            phase = programmes.phase_transition(
                actor=run.actor, obj=phase, name="start", reason=REASON
            )
        if end is None:
            continue
        if end <= day:
            _exit(run, meeting, phase)
            continue
        middle = (start or day) + (end - (start or day)) / 2
        risky = run.rng("phase", phase.programme.name, phase.phase, phase.region).random() < 0.25
        if phase.status == PhaseStatus.IN_PROGRESS and risky and middle <= day < middle + 31 * DAY:
            programmes.phase_transition(
                actor=run.actor, obj=phase, name="flag_at_risk", reason="Behind plan"
            )
        elif phase.status == PhaseStatus.AT_RISK and day >= middle + 31 * DAY:
            programmes.phase_transition(
                actor=run.actor, obj=phase, name="back_on_track", reason="Recovered"
            )


def _exit(run: Run, meeting: Meeting, phase: TestPhase) -> None:
    programme = phase.programme
    name = f"{phase.get_phase_display()} exit for {programme}"
    decision = _decide(
        run,
        meeting,
        name,
        f"TAG agreed that the {phase.get_phase_display()} exit criteria for {programme} were met.",
    )
    for criterion in (
        stored(ExitCriterion).filter(phase=phase).exclude(status=CriterionStatus.MET).order_by("id")
    ):
        programmes.criterion_transition(
            actor=run.actor, obj=criterion, name="meet", decision=decision, reason=REASON
        )
    programmes.phase_transition(
        actor=run.actor, obj=phase, name="exit", decision=decision, reason=REASON
    )
    run.counts["test phase exits"] += 1


def _dmcs(run: Run, meeting: Meeting) -> None:
    day = meeting.date
    # awaiting now means proposed at an earlier meeting: new ones are added below
    for dmc in (
        stored(DeviceModelCombination)
        .filter(owning_body=meeting.body, status=DmcStatus.AWAITING)
        .order_by("name", "id")
    ):
        decision = _decide(
            run,
            meeting,
            f"Device Model Combination {dmc.name}",
            f"TAG approved the Device Model Combination {dmc.name}.",
            verb="approved",
        )
        programmes.dmc_transition(
            actor=run.actor, obj=dmc, name="approve", decision=decision, reason=REASON
        )
        run.counts["device model combinations approved"] += 1
    rng = run.rng("dmc", day)
    if rng.random() >= 0.3:
        return
    programme = (
        stored(Programme)
        .filter(owning_body=meeting.body, target_date__gt=day)
        .order_by("target_date", "id")
        .first()
    )
    if programme is None:
        return
    name = (
        f"{programme} combination {day:%y%m}-{rng.choice('ABCD')} "
        f"(ESME + CH, {rng.choice(words.REGIONS)})"
    )
    if stored(DeviceModelCombination).filter(name=name).exists():
        return
    programmes.dmc_create(
        actor=run.actor,
        owning_body=meeting.body,
        programme=programme,
        name=name,
        csp=rng.choice(("CSP North", "CSP Central", "CSP South")),
        installation_type=rng.choice(("active", "mixed", "dormant")),
        notes="Awaiting TAG's approval.",
        reason=REASON,
    )
    run.counts["device model combinations"] += 1


def _programmes(run: Run, meeting: Meeting) -> None:
    """Each SEC release has its programme about eight months ahead, with its test phases and
    its Testing Approach Document put to consultation."""
    day = meeting.date
    horizon = calendar.add_months(day, 8)
    for release in calendar.releases_from(day + 90 * DAY):
        if release > horizon:
            break
        name = calendar.release_name(release)
        if stored(Programme).filter(owning_body=meeting.body, name=name).exists():
            continue
        programme = programmes.programme_create(
            actor=run.actor,
            owning_body=meeting.body,
            name=name,
            kind="release",
            target_date=release,
            description=f"The DCC's testing of the {name}.",
            reason=REASON,
        )
        for phase, begins, ends in PHASES:
            start = max(day + 14 * DAY, _weekday(calendar.add_months(release, -begins)))
            finish = max(start + 28 * DAY, _weekday(calendar.add_months(release, -ends)))
            created = programmes.phase_create(
                actor=run.actor,
                programme=programme,
                phase=phase,
                planned_start=start,
                planned_end=finish,
                reason=REASON,
            )
            programmes.criterion_create(
                actor=run.actor,
                phase=created,
                text="All test scripts executed and passed, with no outstanding Severity 1 or "
                "2 defects.",
                reason=REASON,
            )
        document = documents.document_create(
            actor=run.actor,
            owning_body=meeting.body,
            title=f"{name} Testing Approach Document",
            short_name=f"{release:%b %y} Testing Approach",
            reason=REASON,
        )
        version = documents.version_create(
            actor=run.actor,
            document=document,
            version="1.0",
            summary="For consultation.",
            reason=REASON,
        )
        documents.version_transition(
            actor=run.actor, obj=version, name="open_consultation", reason=REASON
        )
        consultation = documents.consultation_create(
            actor=run.actor,
            owning_body=meeting.body,
            title=f"Consultation on the {name} Testing Approach Document",
            document_version=version,
            opens_on=day,
            closes_on=_weekday(day + 28 * DAY),
            reason=REASON,
        )
        documents.consultation_transition(
            actor=run.actor, obj=consultation, name="open", reason=REASON
        )
        run.counts["release programmes"] += 1
