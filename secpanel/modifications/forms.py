"""Forms of the modifications register. Stage, hold, release and implementation date have
their own small forms, each asking for the reason and the meeting or decision behind it."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from secpanel.accounts.types import Actor
from secpanel.bodies.models import Body
from secpanel.core.forms import (
    ActorFormMixin,
    BoundedForm,
    BoundedModelForm,
    ClassifiedForm,
    choice_field,
)
from secpanel.meetings.models import Decision, Meeting
from secpanel.modifications.models import (
    ImpactedParty,
    Modification,
    ModificationAdvice,
    ModificationPath,
    ModificationStage,
    Release,
)
from secpanel.modifications.selectors import SORTS, decision_choices, meeting_choices


class HttpsURLField(forms.URLField):
    """A URL field that assumes https for scheme-less input."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class ModificationForm(ClassifiedForm):
    """The descriptive fields of a modification (create and edit)."""

    impacted = forms.MultipleChoiceField(
        label="Who is impacted?",
        choices=ImpactedParty.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sec_sections = forms.CharField(
        label="SEC sections affected",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, e.g. Section G 'Security'.",
    )

    class Meta:
        model = Modification
        fields = [
            "owning_body",
            "reference",
            "title",
            "slug",
            "public_url",
            "proposer",
            "proposer_organisation",
            "lead_analyst",
            "date_raised",
            "path",
            "urgent",
            "working_group",
            "issue",
            "solution",
            "latest_update",
            "impacted",
            "sec_sections",
            "consultations",
            "pa_requested",
            "pa_received",
            "pa_cost",
            "ia_requested",
            "ia_received",
            "ia_cost",
            "classification",
            "red_distribution",
        ]
        field_classes = {"public_url": HttpsURLField}
        widgets = {
            "issue": forms.Textarea(attrs={"rows": 4}),
            "solution": forms.Textarea(attrs={"rows": 4}),
            "latest_update": forms.Textarea(attrs={"rows": 3}),
            "consultations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["impacted"].widget.attrs["class"] = "form-check-input"
        self.fields["slug"].help_text = "As on the public site; made from the title if empty."
        self.fields["public_url"].help_text = "Made from the public site and the slug if empty."
        if self.instance.pk:
            self.initial["sec_sections"] = "\n".join(self.instance.sec_sections or [])
        else:
            self.initial.setdefault("classification", 1)

    def clean_sec_sections(self) -> list[str]:
        raw = self.cleaned_data.get("sec_sections") or ""
        return [line.strip() for line in raw.splitlines() if line.strip()]

    def clean_reference(self) -> str:
        return (self.cleaned_data.get("reference") or "").strip().upper()


class _ChangeForm(ActorFormMixin, BoundedForm):
    """Reason, date, meeting and decision: what every tracked change records."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why: kept on the timeline and in history.",
    )
    date = forms.DateField(required=False, help_text="When it was agreed (today if empty).")
    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(queryset=None, required=False)
    decision: forms.ModelChoiceField[Decision] = forms.ModelChoiceField(
        queryset=None, required=False
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        choice_field(self, "meeting").queryset = meeting_choices()
        choice_field(self, "decision").queryset = decision_choices(user)
        self.fields["decision"].help_text = "The decision behind it, if recorded."


class TransitionForm(_ChangeForm):
    """Confirm one stage change."""


class RescheduleForm(_ChangeForm):
    """New target release and/or implementation date."""

    target_release = forms.ModelChoiceField(queryset=Release.objects.all(), required=False)
    implementation_date = forms.DateField(required=False)
    field_order = ["target_release", "implementation_date", "reason", "date", "meeting"]


class HoldForm(_ChangeForm):
    """Put on hold or take off hold."""


class MilestoneForm(_ChangeForm):
    """A dated milestone on the timeline."""

    label = forms.CharField(max_length=200, help_text="e.g. DCC Preliminary Assessment requested")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    field_order = ["label", "date", "reason", "meeting", "decision"]


class WithdrawEntryForm(BoundedForm):
    """Why a timeline entry is withdrawn (required: it is shown on the timeline)."""

    reason = forms.CharField(
        label="Why is this entry withdrawn?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the timeline beside the struck-through entry, to everyone who may "
        "read the modification.",
        error_messages={"required": "Say why the entry is withdrawn: the reason is shown with it."},
    )

    def __init__(self, *args: Any, user: Actor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ReleaseForm(BoundedModelForm):
    """A release's name and dates."""

    reason = forms.CharField(
        required=False, max_length=500, help_text="Why? Needed when a date moves."
    )

    class Meta:
        model = Release
        fields = ["name", "slug", "planned_date", "actual_date", "sec_version", "ad_hoc", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False


class RegisterFilterForm(BoundedForm):
    """The register's filters (GET)."""

    q = forms.CharField(required=False, label="Search")
    stage = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any stage"),
            ("open", "Open"),
            ("closed", "Closed"),
            *ModificationStage.choices,
        ],
    )
    path = forms.ChoiceField(required=False, choices=[("", "Any path"), *ModificationPath.choices])
    release = forms.ChoiceField(required=False)
    body = forms.ChoiceField(required=False)
    sort = forms.ChoiceField(
        required=False, choices=[(k, label) for k, (label, _o) in SORTS.items()]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["release"]).choices = [
            ("", "Any release"),
            ("none", "No release yet"),
            *[(r.slug, r.name) for r in Release.objects.all()],
        ]
        cast("forms.ChoiceField", self.fields["body"]).choices = [
            ("", "Any body"),
            *[(b.code, b.short_name) for b in Body.objects.order_by("display_order", "name")],
        ]
        for field in self.fields.values():
            css = "form-select form-select-sm"
            if isinstance(field.widget, forms.TextInput):
                css = "form-control form-control-sm"
            field.widget.attrs["class"] = css

    def filters(self) -> dict[str, Any]:
        """The cleaned filters for `selectors.modification_list` (invalid values ignored)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class AdviceForm(ClassifiedForm):
    """What a body advised on a modification (recorded by that body's secretariat)."""

    class Meta:
        model = ModificationAdvice
        fields = [
            "owning_body",
            "kind",
            "date",
            "meeting",
            "decision",
            "new_date",
            "text",
            "classification",
            "red_distribution",
        ]
        labels = {"owning_body": "Advising body", "date": "Date given"}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
