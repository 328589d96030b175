"""Who wants which e-mails, what they follow, and what was already sent.

None of these is a classified record: a follow names a record by its key, and everything a
mail says about a record is read again through `visible_to(recipient)` when it is written
(`notifications.mail`), so a follow of a record the person may no longer read says nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from secpanel.accounts.types import Actor


class DigestFrequency(models.TextChoices):
    OFF = "off", "No digest"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class NotificationSettings(models.Model):
    """One person's choice of e-mails (no row: the defaults below). Changed only through
    `notifications.services.settings_update` (history and audit event)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    digest = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    mail_actions = models.BooleanField(
        "Actions", default=True, help_text="An action assigned to you, falling due, overdue."
    )
    mail_consultations = models.BooleanField(
        "Consultations",
        default=True,
        help_text="A consultation opening, and a week before it closes.",
    )
    mail_papers = models.BooleanField(
        "Panel papers", default=True, help_text="A Panel paper issued or published."
    )
    mail_distribution = models.BooleanField(
        "RED distribution",
        default=True,
        help_text="You were added to the distribution of a RED record.",
    )
    subscribe_papers = models.BooleanField(
        "Every published Panel paper",
        default=False,
        help_text="A mail whenever a Panel paper is published (also to followers of the Panel).",
    )

    history = HistoricalRecords()
    _history_user: Actor | None
    _change_reason: str

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self) -> str:
        return f"Notification settings of {self.user}"


#: The settings' mail switches, by the kind of mail they govern (`notifications.dispatch`).
SWITCHES = {
    "action": "mail_actions",
    "consultation": "mail_consultations",
    "paper": "mail_papers",
    "distribution": "mail_distribution",
}


class FollowKind(models.TextChoices):
    MODIFICATION = "modification", "Modification"
    CONSULTATION = "consultation", "Consultation"
    BODY = "body", "Body"


class Follow(models.Model):
    """A person follows one modification, consultation or body: its changes go into their
    digest. Made and removed only through `notifications.services.follow/unfollow`, which
    read the record through `visible_to` first (404 for hidden and missing alike)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=FollowKind.choices)
    modification = models.ForeignKey(
        "modifications.Modification",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    consultation = models.ForeignKey(
        "documents.Consultation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    body = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    _history_user: Actor | None
    _change_reason: str

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="modification",
                        modification__isnull=False,
                        consultation__isnull=True,
                        body__isnull=True,
                    )
                    | Q(
                        kind="consultation",
                        modification__isnull=True,
                        consultation__isnull=False,
                        body__isnull=True,
                    )
                    | Q(
                        kind="body",
                        modification__isnull=True,
                        consultation__isnull=True,
                        body__isnull=False,
                    )
                ),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "modification"],
                condition=Q(kind="modification"),
                name="follow_modification_once",
            ),
            models.UniqueConstraint(
                fields=["user", "consultation"],
                condition=Q(kind="consultation"),
                name="follow_consultation_once",
            ),
            models.UniqueConstraint(
                fields=["user", "body"], condition=Q(kind="body"), name="follow_body_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Follow {self.pk} ({self.kind})"

    @property
    def target_id(self) -> int | None:
        return {
            FollowKind.MODIFICATION: self.modification_id,
            FollowKind.CONSULTATION: self.consultation_id,
            FollowKind.BODY: self.body_id,
        }.get(FollowKind(self.kind))


class DeliveryStatus(models.TextChoices):
    SENT = "sent", "Sent"
    RETRY = "retry", "Not yet sent (a temporary failure: tried again)"
    REFUSED = "refused", "Refused by the mail server"
    FAILED = "failed", "Given up after temporary failures"


class Delivery(models.Model):
    """One e-mail to one person, by a key naming what it was about (`event:<id>`,
    `due:<action>:<date>`, `digest:<date>`): a key is sent once per person, so a run that is
    repeated (a worker restarted, a daily command run twice) sends nothing twice. Keeps the
    subject only (which carries a marking, never an AMBER or RED title).

    `status` says what became of it (decisions/0025): `sent`; `retry` after a temporary
    failure (an SMTP 4xx, the server unreachable), tried again by later runs; `refused` (a 5xx
    for the recipient or the message: never tried again); `failed` (still failing
    temporarily a day after the first try: given up). `event_id` is the audit event that
    called for it (the dispatcher re-reads the events of mails waiting for a retry)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=250)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.SENT
    )
    attempts = models.PositiveSmallIntegerField(default=1)
    last_error = models.CharField(max_length=300, blank=True)
    event_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="delivery_once")]
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_status")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.user_id} ({self.status})"


class DispatchState(models.Model):
    """The dispatcher's place in the audit log (one row): the last event it has read. Events
    are re-read for a short overlap behind it (a transaction that committed late), and
    `Delivery` keys keep that from sending anything twice."""

    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Dispatched up to event {self.last_event_id}"
