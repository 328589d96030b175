"""One e-mail to one person: its marking, its words, its unsubscribe link, sent once.

NOTHING ABOVE GREEN TRAVELS IN A MAIL. A mail about an AMBER or RED record says its marking, a
generic phrase ("a Red record was distributed to you") and a link, never its title or text:
`about(record)` is the only way a record enters a mail, and it gives the title only for White
and Green records. Every subject starts with the highest marking of what the mail mentions
(`[TLP:GREEN]`, the words of `core.classification`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator

from secpanel.accounts.types import Actor
from secpanel.core.classification import Classification
from secpanel.notifications.models import Delivery

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


def deliver(user: Actor, mail: Mail) -> bool:
    """Send `mail` to `user` unless a mail with its key already went to them. The delivery is
    recorded in the same transaction as the sending, so a failed send is tried again by the
    next run and a repeated run sends nothing twice. True when sent."""
    if not user.email or not user.is_active:
        return False
    try:
        with transaction.atomic():
            if Delivery.objects.filter(user=user, key=mail.key).exists():
                return False
            Delivery.objects.create(
                user=user, key=mail.key, kind=mail.kind, subject=mail.subject[:250]
            )
            render(mail, user).send()
    except IntegrityError:  # another worker sent it first
        return False
    return True


def deliver_all(pairs: Iterable[tuple[Actor, Mail]]) -> int:
    return sum(1 for user, mail in pairs if deliver(user, mail))
