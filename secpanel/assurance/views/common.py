"""Helpers shared by the assurance views."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from secpanel.accounts.types import Reader
from secpanel.assurance.models import (
    AssessmentOutcome,
    DirectorsLetter,
    Finding,
    UserSecurityAssessment,
)
from secpanel.core.classification import Classification
from secpanel.core.parents import attach_visible_parents
from secpanel.core.policy import can_manage_body
from secpanel.web.views import ServiceFormView


def _high_water(ctx: dict[str, Any], *groups: Any) -> None:
    levels = [ctx.get("page_classification")]
    for group in groups:
        levels.extend(getattr(o, "classification", None) for o in group)
    ctx["page_classification"] = Classification.high_water(levels)


# What a record's page shows of the records it points at, as `visible_<name>` on the record:
# only those the reader may read (a hidden User, assessment or decision looks like none).
# Templates never follow `record.sec_user` / `.assessment` / `.decision` themselves.
PARENTS: dict[type, dict[str, str]] = {
    UserSecurityAssessment: {"visible_sec_user": "sec_user"},
    AssessmentOutcome: {
        "visible_assessment": "assessment",
        "visible_sec_user": "assessment__sec_user",
        "visible_decision": "decision",
        "visible_meeting": "decision__meeting",
    },
    Finding: {"visible_assessment": "assessment", "visible_sec_user": "assessment__sec_user"},
    DirectorsLetter: {
        "visible_sec_user": "sec_user",
        "visible_assessment": "assessment",
        "visible_meeting": "decision__meeting",
    },
}


def _with_parents(ctx: dict[str, Any], user: Reader, rows: Any) -> None:
    """Set the visible parents on `rows` (records of one model) and raise the page's level to
    the highest of them."""
    rows = [r for r in rows if r is not None]
    if rows:
        _high_water(ctx, attach_visible_parents(user, rows, **PARENTS[type(rows[0])]))


class _PlainFormView(ServiceFormView):
    """A service-backed form that is not a model form (outcome, review) on a record of a body
    the user runs (any other: 404), on the record form page; back to the record."""

    def get_object(self) -> Any:
        obj = super().get_object()
        if not can_manage_body(self.request.user, obj.owning_body_id):
            raise Http404("No such record.")
        return obj

    def get_title(self, obj: Any) -> str:
        return f"{self.title}: {obj}"

    def success_url(self, saved: Any, obj: Any) -> str:
        return obj.get_absolute_url()
