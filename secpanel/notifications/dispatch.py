"""What to send, to whom: computed when it is sent, from the audit log and the registers.

- `dispatch_events()`: the audit events that call for a mail at once (an action assigned, a
  consultation opened, a Panel paper issued or published, a RED record distributed to
  someone), read after the dispatcher's place in the log (`DispatchState`).
- `send_reminders(today)`: actions falling due today or overdue (once each), consultations
  closing within a week (once each), for a daily run.
- `send_digests(now)`: each person's daily or weekly digest of what they may read and follow.

Recipients are worked out at send time, and every record a mail mentions is read again
through `visible_to(recipient)` first: a record the person can no longer read is silently
dropped. `mail.about` names a record by its title only when it is White or Green.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from secpanel.accounts.models import PartyCategory
from secpanel.accounts.types import Actor
from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent, ClassifiedModel
from secpanel.core.policy import access_profile
from secpanel.documents.models import Consultation, ConsultationStatus
from secpanel.meetings.models import Action, ActionStatus, Decision
from secpanel.modifications.models import Modification
from secpanel.notifications.mail import (
    Line,
    Mail,
    Run,
    about,
    deliver,
    give_up_stale,
    record_url,
    site_url,
)
from secpanel.notifications.models import (
    SWITCHES,
    Delivery,
    DeliveryStatus,
    DigestFrequency,
    DispatchState,
    Follow,
    FollowKind,
    NotificationSettings,
)
from secpanel.reports.models import Edition, IssuedFile, PanelReport

#: Events re-read behind the dispatcher's place (a transaction that committed late).
OVERLAP = datetime.timedelta(minutes=15)
ACTION_KINDS = {"meetings.action_created", "meetings.action_updated"}
CONSULTATION_OPENED = {"documents.consultation_open", "documents.consultation_reopen"}
PAPER_ISSUED = "reports.report_issue"
PAPER_PUBLISHED = "reports.report_publish"
DISTRIBUTED = "classification.distribution_changed"
IMMEDIATE_KINDS = {*ACTION_KINDS, *CONSULTATION_OPENED, PAPER_ISSUED, PAPER_PUBLISHED, DISTRIBUTED}
CLOSING_WITHIN = datetime.timedelta(days=7)
OVERDUE_WITHIN = datetime.timedelta(days=7)  # an action that became overdue this past week
PERIOD = {
    DigestFrequency.DAILY: datetime.timedelta(days=1),
    DigestFrequency.WEEKLY: datetime.timedelta(days=7),
}
SLACK = datetime.timedelta(hours=2)  # a daily run a little earlier than yesterday's


def calls_for_mail(event: AuditEvent) -> bool:
    """Does this event (just written) call for a mail at once?"""
    if event.kind in IMMEDIATE_KINDS:
        return True
    # a record created RED with people on its distribution
    return event.kind.endswith("_created") and event.classification == Classification.RED


# -- people and their settings ------------------------------------------------------------------


def people() -> QuerySet[Any]:
    """Everyone a mail may go to: active accounts with an address."""
    return get_user_model().objects.filter(is_active=True).exclude(email="")


def settings_of(user: Actor) -> NotificationSettings:
    """The person's settings, or the defaults (an unsaved row) when they never chose."""
    try:
        return user.notification_settings
    except NotificationSettings.DoesNotExist:
        return NotificationSettings(user=user)


def wants(user: Actor, what: str) -> bool:
    return bool(getattr(settings_of(user), SWITCHES[what]))


def is_party(user: Actor) -> bool:
    organisation = user.organisation
    return organisation is not None and organisation.party_category != PartyCategory.NON_PARTY


def _readable(model: type[ClassifiedModel], user: Actor, pk: Any) -> Any:
    """The record as `user` may read it now, or None (hidden, missing or gone alike)."""
    try:
        return model.objects.visible_to(user).filter(pk=pk).first()
    except (ValueError, TypeError):
        return None


def _follower_ids(**target: Any) -> set[int]:
    return set(Follow.objects.filter(**target).values_list("user_id", flat=True))


# -- events that call for a mail at once --------------------------------------------------------


def dispatch_events(now: datetime.datetime | None = None) -> int:
    """Send the mails the new audit events call for; move the dispatcher's place. Returns the
    number of mails sent. Safe to run twice at once (`Delivery` keys).

    A mail that failed temporarily keeps its event (`Delivery.event_id`): the place moves on,
    and the events of mails waiting for a retry are read again by every run until each is sent,
    refused or given up (decisions/0025)."""
    now = now or timezone.now()
    cutoff = now - OVERLAP
    give_up_stale(now)
    state = DispatchState.objects.filter(pk=1).first()
    if state is None:  # a first run: nothing older than the overlap is news
        start = AuditEvent.objects.filter(at__lt=cutoff).aggregate(top=Max("id"))["top"] or 0
        state, _ = DispatchState.objects.get_or_create(pk=1, defaults={"last_event_id": start})
    waiting = Delivery.objects.filter(status=DeliveryStatus.RETRY, event_id__isnull=False)
    events = list(
        AuditEvent.objects.filter(
            Q(id__gt=state.last_event_id) | Q(at__gte=cutoff) | Q(id__in=waiting.values("event_id"))
        )
        .filter(
            Q(kind__in=IMMEDIATE_KINDS)
            | Q(kind__endswith="_created", classification=Classification.RED)
        )
        .select_related("subject_type")
        .order_by("id")
    )
    run = Run(now=now)
    for event in events:
        for user, mail in _mails_for(event):
            deliver(user, mail, run, event_id=event.pk)
    if events:
        top = max(e.pk for e in events)
        DispatchState.objects.filter(pk=1, last_event_id__lt=top).update(last_event_id=top)
    return run.sent


def _mails_for(event: AuditEvent) -> Iterator[tuple[Actor, Mail]]:
    if event.kind in ACTION_KINDS:
        yield from _action_assigned(event)
    elif event.kind in CONSULTATION_OPENED:
        yield from _consultation_opened(event)
    elif event.kind == PAPER_ISSUED:
        yield from _paper_issued(event)
    elif event.kind == PAPER_PUBLISHED:
        yield from _paper_published(event)
    if event.kind == DISTRIBUTED or event.kind.endswith("_created"):
        yield from _distributed(event)


def _action_line(action: Action) -> Line:
    text = about(action, "action")
    if action.level <= Classification.GREEN and action.due_date:
        text += f", due {action.due_date:%-d %B %Y}"
    return Line(text, record_url(action))


def _action_assigned(event: AuditEvent) -> Iterator[tuple[Actor, Mail]]:
    owner = (event.after or {}).get("owner_person_id")
    if not owner or (event.before or {}).get("owner_person_id") == owner:
        return
    user = people().filter(pk=owner).first()
    if user is None or not wants(user, "action"):
        return
    action = _readable(Action, user, event.subject_id)
    if action is None or action.owner_person_id != user.pk:
        return
    yield (
        user,
        Mail(
            kind="action_assigned",
            key=f"event:{event.pk}",
            what="action",
            title="An action was assigned to you",
            intro="An action was assigned to you.",
            lines=[_action_line(action)],
            levels=[action.level],
        ),
    )


def _consultation_opened(event: AuditEvent) -> Iterator[tuple[Actor, Mail]]:
    followers = _follower_ids(kind=FollowKind.CONSULTATION, consultation_id=event.subject_id)
    for user in people().select_related("organisation", "notification_settings"):
        if not (is_party(user) or user.pk in followers) or not wants(user, "consultation"):
            continue
        consultation = _readable(Consultation, user, event.subject_id)
        if consultation is None or consultation.status != ConsultationStatus.OPEN:
            continue
        text = about(consultation, "consultation")
        if consultation.level <= Classification.GREEN:
            text += f", comments due by {consultation.closes_on:%-d %B %Y}"
        yield (
            user,
            Mail(
                kind="consultation_opened",
                key=f"event:{event.pk}",
                what="consultation",
                title="A consultation opened",
                intro="A consultation opened.",
                lines=[Line(text, record_url(consultation))],
                levels=[consultation.level],
            ),
        )


def _report_url(report: PanelReport, edition: str = "") -> str:
    url = reverse("reports:report_detail", args=[report.pk])
    return site_url(url + (f"?edition={edition}" if edition else ""))


def _paper_issued(event: AuditEvent) -> Iterator[tuple[Actor, Mail]]:
    """To the readers of the issued Panel edition (its file as each may read it)."""
    for user in people().select_related("notification_settings"):
        if not wants(user, "paper"):
            continue
        panel_file = (
            IssuedFile.objects.visible_to(user)
            .filter(report_id=int(event.subject_id), edition=Edition.PANEL)
            .order_by("-classification")
            .first()
        )
        report = _readable(PanelReport, user, event.subject_id) if panel_file else None
        if panel_file is None or report is None:
            continue
        yield (
            user,
            Mail(
                kind="paper_issued",
                key=f"event:{event.pk}",
                what="paper",
                title="A Panel paper was issued",
                intro=(
                    f"A Panel paper was issued. Its Panel edition is {panel_file.level.label} "
                    "and you are among its readers: sign in to read it."
                ),
                lines=[Line(about(report, "Panel paper"), _report_url(report, Edition.PANEL))],
                levels=[report.level, panel_file.level],
            ),
        )


def _paper_published(event: AuditEvent) -> Iterator[tuple[Actor, Mail]]:
    """To those who asked for every published paper and the followers of its body."""
    body_followers: dict[int, set[int]] = defaultdict(set)
    for user_id, body_id in Follow.objects.filter(kind=FollowKind.BODY).values_list(
        "user_id", "body_id"
    ):
        body_followers[user_id].add(body_id)
    for user in people().select_related("notification_settings"):
        subscribed = settings_of(user).subscribe_papers
        if not (subscribed or user.pk in body_followers) or not wants(user, "paper"):
            continue
        report = _readable(PanelReport, user, event.subject_id)
        if report is None or not (subscribed or report.owning_body_id in body_followers[user.pk]):
            continue
        yield (
            user,
            Mail(
                kind="paper_published",
                key=f"event:{event.pk}",
                what="paper",
                title="A Panel paper was published",
                intro="A Panel paper was published.",
                lines=[Line(about(report, "Panel paper"), _report_url(report))],
                levels=[report.level],
            ),
        )


def _distributed(event: AuditEvent) -> Iterator[tuple[Actor, Mail]]:
    """To each person the event added to a RED record's distribution: the marking, a generic
    phrase and the link, never what the record is."""
    model = event.subject_type.model_class() if event.subject_type is not None else None
    if not (isinstance(model, type) and issubclass(model, ClassifiedModel)):
        return
    if event.kind == DISTRIBUTED:
        before = set((event.before or {}).get("red_distribution") or [])
        added = set((event.after or {}).get("red_distribution") or []) - before
    else:  # created RED with its distribution
        field: Any = model._meta.get_field("red_distribution")
        through: Any = field.remote_field.through
        added = set(
            through.objects.filter(**{field.m2m_field_name(): event.subject_id}).values_list(
                field.m2m_reverse_field_name(), flat=True
            )
        )
    if not added:
        return
    for user in people().filter(pk__in=sorted(added)).select_related("notification_settings"):
        if not wants(user, "distribution"):
            continue
        record = _readable(model, user, event.subject_id)
        if record is None or not record.red_distribution.filter(pk=user.pk).exists():
            continue
        level = record.level
        url = record_url(record) if hasattr(record, "get_absolute_url") else site_url("/")
        yield (
            user,
            Mail(
                kind="distributed",
                # once per record and person: its creation and a change may both name them
                key=f"distributed:{model._meta.label_lower}:{event.subject_id}",
                what="distribution",
                title=f"A {level.label} record was distributed to you",
                intro=f"A {level.label} record was distributed to you. Sign in to read it.",
                lines=[Line(f"A {level.label} record", url)],
                levels=[level],
            ),
        )


# -- the daily run: due, overdue, closing ---------------------------------------------------------


def send_reminders(today: datetime.date | None = None) -> int:
    """Actions falling due today or overdue this past week, to their owner; consultations
    closing within a week, to Party users and followers. Each once."""
    today = today or timezone.localdate()
    run = Run()
    give_up_stale(run.now)
    for user in people().select_related("organisation", "notification_settings"):
        for mail in _reminders_for(user, today):
            deliver(user, mail, run)
    return run.sent


def _reminders_for(user: Actor, today: datetime.date) -> Iterator[Mail]:
    if wants(user, "action"):
        actions = Action.objects.visible_to(user).filter(
            owner_person=user,
            status=ActionStatus.OPEN,
            due_date__lte=today,
            due_date__gte=today - OVERDUE_WITHIN,
        )
        for action in actions:
            assert action.due_date is not None
            due = action.due_date == today
            yield Mail(
                kind="action_due" if due else "action_overdue",
                key=f"{'due' if due else 'overdue'}:{action.pk}:{action.due_date}",
                what="action",
                title="An action of yours falls due today" if due else "An action is overdue",
                intro="This action of yours falls due today."
                if due
                else "This action of yours is overdue.",
                lines=[_action_line(action)],
                levels=[action.level],
            )
    if wants(user, "consultation"):
        closing = Consultation.objects.visible_to(user).filter(
            status=ConsultationStatus.OPEN,
            closes_on__gte=today,
            closes_on__lte=today + CLOSING_WITHIN,
        )
        if not is_party(user):
            followed = Follow.objects.filter(user=user, kind=FollowKind.CONSULTATION)
            closing = closing.filter(pk__in=followed.values("consultation_id"))
        for consultation in closing:
            text = about(consultation, "consultation")
            if consultation.level <= Classification.GREEN:
                text += f", comments due by {consultation.closes_on:%-d %B %Y}"
            yield Mail(
                kind="consultation_closing",
                key=f"closing:{consultation.pk}:{consultation.closes_on}",
                what="consultation",
                title="A consultation closes within a week",
                intro="A consultation closes within a week.",
                lines=[Line(text, record_url(consultation))],
                levels=[consultation.level],
            )


# -- digests ---------------------------------------------------------------------------------------


def send_digests(now: datetime.datetime | None = None) -> int:
    """Each person whose daily or weekly digest is due gets it (if anything happened)."""
    now = now or timezone.now()
    run = Run(now=now)
    give_up_stale(now)
    for user in people().select_related("notification_settings"):
        frequency = DigestFrequency(settings_of(user).digest)
        if frequency == DigestFrequency.OFF:
            continue
        period = PERIOD[frequency]
        last = (
            Delivery.objects.filter(user=user, kind="digest", status=DeliveryStatus.SENT)
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
        if last is not None and now - last < period - SLACK:
            continue
        since = last if last is not None else now - period
        mail = digest_for(user, since, now, frequency)
        if mail is not None:
            deliver(user, mail, run)
    return run.sent


_DIGEST_MODELS: tuple[type[ClassifiedModel], ...] = (
    Modification,
    Consultation,
    Decision,
    PanelReport,
)
_NOUNS = {
    Modification: "modification",
    Consultation: "consultation",
    Decision: "decision",
    PanelReport: "Panel paper",
}


def _what_happened(event: AuditEvent, record: Any) -> str:
    verb = event.kind.rsplit("_", 1)[-1]
    if isinstance(record, Modification) and verb not in ("created", "updated"):
        return f"now at {record.get_stage_display()}"
    if event.kind == PAPER_PUBLISHED:
        return "published"
    if event.kind in CONSULTATION_OPENED:
        return "opened"
    return {"created": "new", "updated": "changed"}.get(verb, verb.replace("_", " "))


def digest_for(
    user: Actor, since: datetime.datetime, now: datetime.datetime, frequency: DigestFrequency
) -> Mail | None:
    """The digest of `user` for (since, now]: what changed in what they may read and follow
    (their followed modifications, consultations and bodies), new decisions of the bodies
    they sit on, papers published, consultations opened and closing. White and Green records
    by title; Amber and Red ones only counted."""
    follows = list(Follow.objects.filter(user=user))
    followed = {
        kind: {f.target_id for f in follows if f.kind == kind} for kind in FollowKind.values
    }
    bodies = followed[FollowKind.BODY]
    seats = set(access_profile(user).roles_by_body)
    types = ContentType.objects.get_for_models(*_DIGEST_MODELS)
    by_type: dict[int, type[ClassifiedModel]] = {
        ct.pk: cast("type[ClassifiedModel]", model) for model, ct in types.items()
    }
    events = list(
        AuditEvent.objects.filter(at__gt=since, at__lte=now, subject_type__in=list(types.values()))
        .exclude(kind__startswith="classification.red_read")
        .order_by("id")
    )
    wanted: dict[type[ClassifiedModel], set[str]] = defaultdict(set)
    for event in events:
        assert event.subject_type_id is not None
        wanted[by_type[event.subject_type_id]].add(event.subject_id)
    readable: dict[tuple[type, str], Any] = {}
    for model, ids in wanted.items():
        pks = sorted(int(pk) for pk in ids if pk.isdigit())
        for record in model.objects.visible_to(user).filter(pk__in=pks):
            readable[(model, str(record.pk))] = record

    def relevant(event: AuditEvent, record: Any) -> bool:
        body = record.owning_body_id
        if isinstance(record, Modification):
            return record.pk in followed[FollowKind.MODIFICATION] or body in bodies
        if isinstance(record, Consultation):
            return (
                record.pk in followed[FollowKind.CONSULTATION]
                or body in bodies
                or event.kind in CONSULTATION_OPENED
            )
        if isinstance(record, Decision):
            return event.kind.endswith("_created") and (body in seats or body in bodies)
        return event.kind == PAPER_PUBLISHED

    lines: dict[tuple[type, str], Line] = {}  # the latest change of each record
    levels: list[Classification] = [Classification.GREEN]  # a person's own mail: Green at least
    restricted = 0
    for event in events:
        assert event.subject_type_id is not None
        model = by_type[event.subject_type_id]
        found = readable.get((model, event.subject_id))
        if found is None or not relevant(event, found):
            continue
        if found.level > Classification.GREEN:
            restricted += 1
            continue
        text = f"{about(found, _NOUNS[model])} ({_what_happened(event, found)})"
        lines.pop((model, event.subject_id), None)
        lines[(model, event.subject_id)] = Line(text, record_url(found))
        levels.append(found.level)
    closing = Consultation.objects.visible_to(user).filter(
        status=ConsultationStatus.OPEN,
        closes_on__gte=now.date(),
        closes_on__lte=now.date() + CLOSING_WITHIN,
    )
    for consultation in closing:
        if consultation.level > Classification.GREEN:
            restricted += 1
            continue
        text = f"{about(consultation, 'consultation')} (closes {consultation.closes_on:%-d %B %Y})"
        key = (Consultation, f"closing:{consultation.pk}")
        lines.setdefault(key, Line(text, record_url(consultation)))
        levels.append(consultation.level)
    if not lines and not restricted:
        return None
    footer = ""
    if restricted:
        footer = (
            f"{restricted} restricted change{'s' if restricted != 1 else ''} — sign in to see "
            f"{'them' if restricted != 1 else 'it'}: {site_url('/')}"
        )
    label = "daily" if frequency == DigestFrequency.DAILY else "weekly"
    return Mail(
        kind="digest",
        key=f"digest:{timezone.localdate(now)}",
        what="digest",
        title=f"Your {label} secpanel digest",
        intro=(
            f"What changed since {timezone.localtime(since):%-d %B %Y %H:%M} in what you "
            "follow and may read."
        ),
        lines=list(lines.values()),
        levels=levels,
        footer=footer,
    )


def run_all(today: datetime.date | None = None) -> dict[str, int]:
    """The daily run: events not yet dispatched, reminders, digests."""
    return {
        "events": dispatch_events(),
        "reminders": send_reminders(today),
        "digests": send_digests(),
    }
