from __future__ import annotations

from secpanel.core.forms import ClassifiedForm
from secpanel.meetings.models import Highlight


class HighlightForm(ClassifiedForm):
    class Meta:
        model = Highlight
        fields = [
            "owning_body",
            "heading",
            "text",
            "period",
            "position",
            "classification",
            "red_distribution",
        ]
