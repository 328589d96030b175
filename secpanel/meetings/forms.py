"""Forms for a body's business. Bodies, meetings and agenda items offered are limited to
those the user serves as secretariat."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model

from secpanel.accounts.types import Actor
from secpanel.bodies.models import Body
from secpanel.core.bounds import DOCUMENT_TEXT_MAX
from secpanel.core.forms import BoundedForm, BoundedModelForm, ClassifiedForm, choice_field
from secpanel.core.policy import managed_body_ids
from secpanel.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    Highlight,
    Meeting,
    Minutes,
    Paper,
    PaperAppendix,
    RecommendationVerb,
)


def _managed_meetings(user: Actor) -> Any:
    return Meeting.objects.filter(body_id__in=managed_body_ids(user)).select_related("body")


class _MeetingScoped(ClassifiedForm):
    """A classified form whose `meeting` choices are the user's bodies' meetings."""

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if "meeting" in self.fields:
            choice_field(self, "meeting").queryset = _managed_meetings(user)
            self.fields["meeting"].required = False
        if "owner_person" in self.fields:
            choice_field(self, "owner_person").queryset = (
                get_user_model().objects.filter(is_active=True).order_by("last_name")
            )


class MeetingForm(BoundedModelForm):
    """A meeting (a public record): body, number, times and place."""

    reason = forms.CharField(required=False, max_length=500, help_text="Kept in history.")

    class Meta:
        model = Meeting
        fields = ["body", "number", "starts_at", "ends_at", "location", "online"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        choice_field(self, "body").queryset = Body.objects.filter(
            pk__in=managed_body_ids(user)
        ).order_by("display_order")
        if self.instance.pk:
            self.fields["body"].disabled = True
        for name in ("starts_at", "ends_at"):
            cast("forms.DateTimeField", self.fields[name]).input_formats = [
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]
            self.fields[name].widget.format = "%Y-%m-%dT%H:%M"

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class AgendaItemForm(ClassifiedForm):
    class Meta:
        model = AgendaItem
        fields = [
            "number",
            "title",
            "action",
            "presenter",
            "standing",
            "notes",
            "classification",
            "red_distribution",
        ]

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["number"].required = False
        self.fields["number"].help_text = "Blank: after the last item."


class AttendanceForm(_MeetingScoped):
    class Meta:
        model = Attendance
        fields = ["person", "name", "role", "status", "classification"]

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        choice_field(self, "person").queryset = (
            get_user_model().objects.filter(is_active=True).order_by("last_name")
        )


class MinutesForm(ClassifiedForm):
    text_limits = {"text": DOCUMENT_TEXT_MAX}

    class Meta:
        model = Minutes
        fields = ["text", "classification", "red_distribution"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14})}


class DecisionForm(_MeetingScoped):
    class Meta:
        model = Decision
        fields = [
            "owning_body",
            "meeting",
            "verb",
            "text",
            "date",
            "for_panel",
            "classification",
            "red_distribution",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["date"].required = False
        self.fields["date"].help_text = "Blank: the day of the meeting."


class ActionForm(_MeetingScoped):
    class Meta:
        model = Action
        fields = [
            "owning_body",
            "meeting",
            "reference",
            "text",
            "owner_person",
            "owner_organisation",
            "due_date",
            "raised_on",
            "update",
            "for_panel",
            "classification",
            "red_distribution",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "update": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["raised_on"].required = False
        self.fields["raised_on"].help_text = "Blank: the day of the meeting (or today)."
        self.fields["owner_person"].help_text = "A person, an organisation (the DCC), or both."


class PaperForm(_MeetingScoped):
    class Meta:
        model = Paper
        fields = [
            "owning_body",
            "meeting",
            "agenda_item",
            "title",
            "action",
            "author",
            "team",
            "date",
            "summary",
            "classification",
            "red_distribution",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        choice_field(self, "agenda_item").queryset = AgendaItem.objects.filter(
            owning_body_id__in=managed_body_ids(user)
        ).select_related("meeting", "meeting__body")
        # Django's idiom, a per-instance label function (the stubs see a plain Field)
        self.fields["agenda_item"].label_from_instance = lambda i: f"{i.meeting} – {i}"  # type: ignore[attr-defined]
        self.fields["agenda_item"].help_text = "Allocates the paper's reference."
        choice_field(self, "author").queryset = (
            get_user_model().objects.filter(is_active=True).order_by("last_name")
        )


class AppendixForm(ClassifiedForm):
    text_limits = {"text": DOCUMENT_TEXT_MAX}

    class Meta:
        model = PaperAppendix
        fields = ["letter", "title", "text", "classification", "red_distribution"]

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["letter"].required = False
        self.fields["letter"].help_text = "Blank: the next letter."


class HighlightForm(_MeetingScoped):
    class Meta:
        model = Highlight
        fields = [
            "owning_body",
            "meeting",
            "heading",
            "text",
            "period",
            "position",
            "classification",
            "red_distribution",
        ]


class RecommendationForm(BoundedForm):
    verb = forms.ChoiceField(choices=RecommendationVerb.choices)
    text = forms.CharField(max_length=500, help_text="e.g. the content of this paper.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class PaperVersionForm(BoundedForm):
    file = forms.FileField()
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class TransitionForm(BoundedForm):
    reason = forms.CharField(max_length=500, required=False)
    update = forms.CharField(required=False)
