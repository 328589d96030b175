from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Max, QuerySet
from django.utils import timezone

from secpanel.accounts.types import Actor
from secpanel.core.classification import Classification
from secpanel.core.forms import BoundedForm, ClassifiedForm, choice_field
from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ConsultationStatus,
    ControlledDocument,
    DocumentVersion,
)


class DocumentForm(ClassifiedForm):
    class Meta:
        model = ControlledDocument
        fields = [
            "owning_body",
            "title",
            "short_name",
            "description",
            "public_url",
            "classification",
            "red_distribution",
        ]


class VersionForm(ClassifiedForm):
    class Meta:
        model = DocumentVersion
        fields = [
            "document",
            "owning_body",
            "version",
            "issued_on",
            "summary",
            "classification",
            "red_distribution",
        ]


class ConsultationForm(ClassifiedForm):
    class Meta:
        model = Consultation
        fields = [
            "owning_body",
            "title",
            "kind",
            "document_version",
            "modification_ref",
            "opens_on",
            "closes_on",
            "outcome",
            "public_url",
            "classification",
            "red_distribution",
        ]


class ResponseForm(ClassifiedForm):
    class Meta:
        model = ConsultationResponse
        fields = [
            "consultation",
            "owning_body",
            "respondent",
            "respondent_name",
            "received_on",
            "summary",
            "classification",
            "red_distribution",
        ]


class RespondentForm(BoundedForm):
    """A SEC Party's own response (decisions/0018): one form for the page and the API. The
    consultation is a field only where the address does not name it (the API's POST, a Party
    on `responses/new/`), offering the open consultations the person may read; a change to a
    response never moves it to another consultation."""

    consultation = forms.ModelChoiceField(
        queryset=Consultation.objects.none(),
        help_text="An open consultation you may read, whose deadline has not passed.",
    )
    summary = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown. You may change it until the deadline.",
    )
    confidential = forms.BooleanField(
        required=False,
        label="Confidential: do not publish it",
        help_text="Only your organisation and the body running the consultation read it; it "
        "is never published with the summary of responses.",
    )
    reason = forms.CharField(
        required=False,
        max_length=500,
        label="Note for the history",
        help_text="Optional: what this version changes. Kept in the response's history.",
    )

    def __init__(
        self,
        *args: Any,
        user: Actor,
        consultation: Consultation | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.offered: QuerySet[Consultation] | None = None
        if consultation is not None or editing:
            del self.fields["consultation"]
        else:
            self.offered = (
                Consultation.objects.visible_to(user)
                .filter(status=ConsultationStatus.OPEN, closes_on__gte=timezone.localdate())
                .order_by("closes_on", "id")
            )
            choice_field(self, "consultation").queryset = self.offered

    def choices_level(self) -> Classification | None:
        """The highest level among the consultations offered (for the page's banner)."""
        if self.offered is None:
            return None
        top = self.offered.order_by().aggregate(m=Max("classification"))["m"]
        return Classification(top) if top is not None else None


class SummaryForm(BoundedForm):
    """The secretariat publishes the summary of responses on a consultation."""

    response_summary = forms.CharField(
        label="Summary of responses",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown. Shown on the consultation's page to everyone who may read it.",
    )
    publish_responses = forms.BooleanField(
        required=False,
        initial=True,
        label="Publish the responses Parties submitted without marking them confidential",
        help_text="At the consultation's level, when it is White or Green. Confidential "
        "responses and those the secretariat recorded keep their level.",
    )
    reason = forms.CharField(
        required=False,
        max_length=500,
        help_text="Kept in the consultation's history and the audit log.",
    )
