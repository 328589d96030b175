"""The forms of notifications (bounded: `core.form_bounds`)."""

from __future__ import annotations

from typing import Any

from django import forms

from secpanel.core.form_bounds import BoundedForm
from secpanel.notifications.models import DigestFrequency, NotificationSettings


def _field(name: str) -> Any:
    return NotificationSettings._meta.get_field(name)


def _label(name: str) -> str:
    return str(_field(name).verbose_name)


def _help(name: str) -> str:
    return str(_field(name).help_text)


class SettingsForm(BoundedForm):
    """Which mails, and how often the digest."""

    digest = forms.ChoiceField(
        label="Digest",
        choices=DigestFrequency.choices,
        help_text="What changed in what you follow.",
    )
    mail_actions = forms.BooleanField(
        label=_label("mail_actions"), help_text=_help("mail_actions"), required=False
    )
    mail_consultations = forms.BooleanField(
        label=_label("mail_consultations"), help_text=_help("mail_consultations"), required=False
    )
    mail_papers = forms.BooleanField(
        label=_label("mail_papers"), help_text=_help("mail_papers"), required=False
    )
    mail_distribution = forms.BooleanField(
        label=_label("mail_distribution"), help_text=_help("mail_distribution"), required=False
    )
    subscribe_papers = forms.BooleanField(
        label=_label("subscribe_papers"), help_text=_help("subscribe_papers"), required=False
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def changes(self) -> dict[str, object]:
        return dict(self.cleaned_data)


class FollowForm(BoundedForm):
    """The follow button: follow or stop following."""

    action = forms.ChoiceField(choices=[("follow", "Follow"), ("unfollow", "Unfollow")])


class UnsubscribeForm(BoundedForm):
    """The unsubscribe page's button (the token in the address says who and what)."""
