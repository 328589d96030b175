from __future__ import annotations

from typing import Any

from django import forms

from secpanel.core.forms import BoundedForm
from secpanel.reports.models import PaperAction


class ReportCreateForm(BoundedForm):
    meeting = forms.ModelChoiceField(queryset=None, label="Panel meeting")
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
        from secpanel.meetings.models import Meeting

        self.fields["meeting"].queryset = Meeting.objects.filter(
            body__kind="panel", number__isnull=False
        ).order_by("-starts_at")
