from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from secpanel.core.forms import BoundedForm, choice_field
from secpanel.meetings.models import Meeting
from secpanel.reports.document import Block
from secpanel.reports.models import PaperAction


class ReportCreateForm(BoundedForm):
    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(
        queryset=None, label="Panel meeting"
    )
    item_number = forms.IntegerField(
        min_value=1,
        max_value=999,
        required=False,
        help_text="Agenda item; blank for the configured default.",
    )
    paper_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Blank: the configured number of working days before the meeting.",
    )
    action = forms.ChoiceField(choices=PaperAction.choices, initial=PaperAction.FOR_INFORMATION)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "meeting").queryset = Meeting.objects.filter(
            body__kind="panel", number__isnull=False
        ).order_by("-starts_at")


class ReportEditForm(BoundedForm):
    """The wording of a report's paragraphs and subheadings, one field `block-<key>` each, and
    what the edit is for (kept with the new version). A block not sent is left as it is."""

    note = forms.CharField(required=False, strip=False, max_length=300)

    def __init__(self, *args: Any, blocks: list[Block], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.blocks = blocks
        for block in blocks:
            self.fields[f"block-{block.key}"] = forms.CharField(
                required=False, strip=False, initial=block.text, widget=forms.Textarea
            )

    def rows(self) -> list[tuple[Block, forms.BoundField]]:
        return [(block, self[f"block-{block.key}"]) for block in self.blocks]

    def edits(self) -> dict[str, str]:
        """{block key: new text} for the blocks sent with a text other than their own."""
        edits = {}
        for block in self.blocks:
            name = f"block-{block.key}"
            if name in self.data and self.cleaned_data[name] != block.text:
                edits[block.key] = self.cleaned_data[name]
        return edits

    def add_service_error(self, error: ValidationError) -> None:
        """The service names blocks by key: put its errors on their fields."""
        if hasattr(error, "error_dict"):
            error = ValidationError(
                {
                    f"block-{name}" if f"block-{name}" in self.fields else name: errors
                    for name, errors in error.error_dict.items()
                }
            )
        super().add_service_error(error)
