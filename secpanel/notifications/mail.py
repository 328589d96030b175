"""One e-mail to one person: its marking, its words, its unsubscribe link, sent once.

NOTHING ABOVE GREEN TRAVELS IN A MAIL. A mail about an AMBER or RED record says its marking, a
generic phrase ("a Red record was distributed to you") and a link, never its title or text:
`about(record)` is the only way a record enters a mail, and it gives the title only for White
and Green records. Every subject starts with the highest marking of what the mail mentions
(`[TLP:GREEN]`, the words of `core.classification`).
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import smtplib
import socket
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from secpanel.accounts.types import Actor
from secpanel.core.classification import Classification
from secpanel.notifications.models import Delivery, DeliveryStatus

UNSUBSCRIBE_SALT = "secpanel.notifications.unsubscribe"
#: What an unsubscribe link turns off: one kind of mail, or the digest.
UNSUBSCRIBE_WHAT = ("action", "consultation", "paper", "distribution", "digest")
TITLE_CHARS = 120


def site_url(path: str) -> str:
    """The address of `path` on the site (`SECPANEL_SITE_URL`)."""
    return settings.SECPANEL_SITE_URL.rstrip("/") + path


def title_of(record: Any) -> str:
    """The words a page would name a White or Green record by, without following a parent."""
    for attribute in ("heading", "title"):
        value = getattr(record, attribute, "")
        if isinstance(value, str) and value:
            prefix = getattr(record, "reference", "")
            text = f"{prefix} {value}" if isinstance(prefix, str) and prefix else value
            return Truncator(text).chars(TITLE_CHARS)
    text = getattr(record, "text", "")
    if isinstance(text, str) and text:
        return Truncator(" ".join(text.split())).chars(TITLE_CHARS)
    return record.name_without_parents()


def level_of(record: Any) -> Classification:
    return Classification(record.classification)


def about(record: Any, noun: str) -> str:
    """How a mail names `record`: its title when White or Green, otherwise only its marking
    ("an Amber action"). `noun` is what it is ("action", "consultation")."""
    level = level_of(record)
    if level <= Classification.GREEN:
        return f"{noun.capitalize()}: {title_of(record)}"
    article = "an" if level.label[0] in "AEIOU" else "a"
    return f"{article.capitalize()} {level.label} {noun} (sign in to read it)"


def record_url(record: Any) -> str:
    return site_url(record.get_absolute_url())


def unsubscribe_token(user: Actor, what: str) -> str:
    return signing.dumps({"u": user.pk, "w": what}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, what) of a genuine token, None for anything else."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, what = data.get("u"), data.get("w")
    if not isinstance(user_id, int) or what not in UNSUBSCRIBE_WHAT:
        return None
    return user_id, what


@dataclass
class Line:
    """One thing a mail mentions: its words (built by `about`) and its link."""

    text: str
    url: str = ""


@dataclass
class Mail:
    """A mail before it is sent. `levels` are the levels of everything it mentions (the
    subject's marking is the highest); `what` is the switch it answers to (for unsubscribing);
    `key` makes it once per person (`Delivery`)."""

    kind: str
    key: str
    what: str
    title: str  # the subject after the marking: never an AMBER or RED record's title
    intro: str
    lines: list[Line] = field(default_factory=list)
    levels: list[Classification] = field(default_factory=list)
    footer: str = ""

    @property
    def level(self) -> Classification:
        return Classification.high_water(self.levels)

    @property
    def subject(self) -> str:
        return f"[{self.level.tlp}] {self.title}"


def render(mail: Mail, user: Actor) -> EmailMessage:
    unsubscribe = site_url(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(user, mail.what)])
    )
    body = render_to_string(
        "notifications/mail/message.txt",
        {
            "mail": mail,
            "user": user,
            "level": mail.level,
            "unsubscribe": unsubscribe,
            "settings_url": site_url(reverse("notifications:settings")),
        },
    )
    return EmailMessage(
        subject=mail.subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Secpanel-Classification": mail.level.tlp,
        },
    )


class Outcome(enum.Enum):
    """What `deliver` did with one mail."""

    SENT = "sent"
    ALREADY = "already"  # sent, refused or given up before: nothing to do
    SKIPPED = "skipped"  # no address or an inactive account
    RETRY = "retry"  # a temporary failure (or not tried: the server was unreachable)
    REFUSED = "refused"
    FAILED = "failed"  # given up: still failing temporarily after RETRY_FOR


#: How long a mail that fails temporarily is tried again, from its first try (decisions/0025).
RETRY_FOR = datetime.timedelta(hours=24)
_UNREACHABLE = (ConnectionError, TimeoutError, smtplib.SMTPConnectError, socket.gaierror)


@dataclass
class Run:
    """One pass of the dispatcher, the reminders or the digests. Once the mail server is found
    unreachable, the rest of the pass is not tried (each would wait for the same timeout
    holding the transaction): those mails are recorded to be tried again."""

    now: datetime.datetime = field(default_factory=timezone.now)
    unreachable: str = ""
    outcomes: Counter[Outcome] = field(default_factory=Counter)

    @property
    def sent(self) -> int:
        return self.outcomes[Outcome.SENT]


def message_id(user: Actor, key: str) -> str:
    """The same Message-ID whenever this mail is sent to this person: a copy sent twice (the
    window of decisions/0025) is the same message to their mail client."""
    digest = hashlib.sha256(f"{user.pk}:{key}".encode()).hexdigest()[:32]
    domain = urlsplit(settings.SECPANEL_SITE_URL).hostname or "secpanel.invalid"
    return f"<{digest}.{user.pk}@{domain}>"


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for code, msg in exc.recipients.values()
        ]
        text = "; ".join(parts)
    elif isinstance(exc, smtplib.SMTPResponseException):
        msg = exc.smtp_error
        text = f"{exc.smtp_code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text[:300]


def is_permanent(exc: BaseException) -> bool:
    """A 5xx refusal of this recipient (RCPT) or this message (DATA). Anything else, a 4xx,
    the sender refused (our configuration), the connection lost, is temporary."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPDataError):
        return 500 <= exc.smtp_code < 600
    return False


def _is_unreachable(exc: BaseException) -> bool:
    return isinstance(exc, (*_UNREACHABLE, smtplib.SMTPServerDisconnected))


def deliver(
    user: Actor, mail: Mail, run: Run | None = None, *, event_id: int | None = None
) -> Outcome:
    """Send `mail` to `user` unless its key was already sent, refused or given up for them.

    The `Delivery` row is written (or locked) before the sending and updated after it, in one
    transaction: two workers at once send it once. A temporary failure (SMTP 4xx, the server
    unreachable or gone mid-way) leaves the row in `retry`, and a later run tries again until
    `RETRY_FOR` has passed since the first try (then `failed`); a 5xx for the recipient or the
    message is `refused` and never tried again. Neither stops the rest of the run. The one
    window left (the server accepted, the process died before the commit) sends the mail again
    on the next run, with the same Message-ID (decisions/0025)."""
    run = run if run is not None else Run()
    if not user.email or not user.is_active:
        return Outcome.SKIPPED
    try:
        with transaction.atomic():
            row = Delivery.objects.select_for_update().filter(user=user, key=mail.key).first()
            if row is not None and row.status != DeliveryStatus.RETRY:
                outcome = Outcome.ALREADY
            else:
                if row is None:  # written first: a second worker waits on it, then skips
                    row = Delivery.objects.create(
                        user=user,
                        key=mail.key,
                        kind=mail.kind,
                        subject=mail.subject[:250],
                        status=DeliveryStatus.RETRY,
                        attempts=0,
                        event_id=event_id,
                        created_at=run.now,
                    )
                outcome = _try(row, user, mail, run)
                row.save()
    except IntegrityError:  # another worker wrote it first
        outcome = Outcome.ALREADY
    run.outcomes[outcome] += 1
    return outcome


def _try(row: Delivery, user: Actor, mail: Mail, run: Run) -> Outcome:
    """Send once (unless given up or the server is known to be down); set the row's status."""
    if row.attempts and run.now - row.created_at >= RETRY_FOR:
        row.status = DeliveryStatus.FAILED
        return Outcome.FAILED
    if run.unreachable:
        row.last_error = f"Not tried: {run.unreachable}"[:300]
        return Outcome.RETRY
    row.attempts += 1
    message = render(mail, user)
    message.extra_headers["Message-ID"] = message_id(user, mail.key)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        row.last_error = _error_text(exc)
        if is_permanent(exc):
            row.status = DeliveryStatus.REFUSED
            return Outcome.REFUSED
        if _is_unreachable(exc):
            run.unreachable = row.last_error
        return Outcome.RETRY
    row.status, row.sent_at, row.last_error = DeliveryStatus.SENT, timezone.now(), ""
    return Outcome.SENT


def give_up_stale(now: datetime.datetime | None = None) -> int:
    """Record as failed the mails still waiting for a retry `RETRY_FOR` after their first try
    (a reminder of yesterday no run makes again, a person who may no longer read the record).
    """
    now = now or timezone.now()
    return Delivery.objects.filter(
        status=DeliveryStatus.RETRY, created_at__lte=now - RETRY_FOR
    ).update(status=DeliveryStatus.FAILED)


def deliver_all(pairs: Iterable[tuple[Actor, Mail]]) -> int:
    run = Run()
    for user, mail in pairs:
        deliver(user, mail, run)
    return run.sent
