"""Forms of the assurance register. Choices that name Parties (Users, assessments) list only
the records the person filling the form may read."""

from __future__ import annotations

from typing import Any

from django import forms

from secpanel.accounts.models import Organisation, PartyCategory
from secpanel.accounts.types import Actor
from secpanel.assurance.models import (
    AssuranceStatus,
    ComplianceStatusOption,
    DirectorsLetter,
    Finding,
    SecUser,
    UserRole,
    UserSecurityAssessment,
)
from secpanel.assurance.selectors import assessment_list, sec_user_list
from secpanel.core.forms import BoundedForm, ClassifiedForm, choice_field
from secpanel.meetings.models import Meeting


class _RegisterForm(ClassifiedForm):
    """An assurance register's form (widgets styled by the base, `core.form_style`)."""


def _visible_users(user: Actor) -> Any:
    return sec_user_list(user)


class SecUserForm(_RegisterForm):
    roles = forms.MultipleChoiceField(
        choices=UserRole.choices, widget=forms.CheckboxSelectMultiple, label="User Roles"
    )

    class Meta:
        model = SecUser
        fields = [
            "owning_body",
            "organisation",
            "roles",
            "domestic_premises",
            "non_domestic_premises",
            "uses_shared_resource_provider",
            "shared_resource_provider",
            "live_since",
            "notes",
            "classification",
            "red_distribution",
        ]

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["roles"].widget.attrs["class"] = "form-check-input"
        choice_field(self, "organisation").queryset = Organisation.objects.exclude(
            party_category=PartyCategory.NON_PARTY
        )


class AssessmentForm(_RegisterForm):
    class Meta:
        model = UserSecurityAssessment
        fields = [
            "owning_body",
            "sec_user",
            "assessment_type",
            "kind",
            "cycle_year",
            "phase",
            "user_cio",
            "booked_on",
            "fieldwork_start",
            "fieldwork_end",
            "report_on",
            "response_due",
            "response_received_on",
            "notes",
            "classification",
            "red_distribution",
        ]
        labels = {"sec_user": "User"}

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        choice_field(self, "sec_user").queryset = _visible_users(user)


class OutcomeForm(BoundedForm):
    """The SSC's outcome for a reported assessment, recorded as a decision of a meeting."""

    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(queryset=None, required=False)
    decided_on = forms.DateField(required=False, label="Date of the decision")
    assurance_status = forms.ChoiceField(
        choices=[("", "—"), *AssuranceStatus.choices], required=False
    )
    conditions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Approved, subject to"
    )
    compliance_status = forms.ModelChoiceField(
        queryset=ComplianceStatusOption.objects.filter(active=True), required=False
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, assessment: UserSecurityAssessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "meeting").queryset = Meeting.objects.filter(
            body_id=assessment.owning_body_id
        ).select_related("body")
        if assessment.sets_assurance_status:
            del self.fields["compliance_status"]
        else:
            del self.fields["assurance_status"]
            del self.fields["conditions"]


class FindingForm(_RegisterForm):
    class Meta:
        model = Finding
        fields = [
            "obligation",
            "description",
            "potential",
            "remediation_due",
            "closed_on",
            "classification",
            "red_distribution",
        ]


class LetterForm(_RegisterForm):
    class Meta:
        model = DirectorsLetter
        fields = [
            "owning_body",
            "sec_user",
            "assessment",
            "received_on",
            "summary",
            "classification",
            "red_distribution",
        ]
        labels = {"sec_user": "User"}

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        choice_field(self, "sec_user").queryset = _visible_users(user)
        choice_field(self, "assessment").queryset = assessment_list(user)


class LetterReviewForm(BoundedForm):
    approved = forms.TypedChoiceField(
        choices=[("yes", "Approved"), ("no", "Not approved")],
        coerce=lambda v: v == "yes",
        label="Outcome",
    )
    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(queryset=None, required=False)
    reviewed_on = forms.DateField(required=False, label="Date of the review")
    reason = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, letter: DirectorsLetter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "meeting").queryset = Meeting.objects.filter(
            body_id=letter.owning_body_id
        ).select_related("body")


class TransitionForm(BoundedForm):
    on = forms.DateField(required=False, label="On")
    reason = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
